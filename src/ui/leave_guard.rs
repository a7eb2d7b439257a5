//! Asks before leaving a page with unsaved changes: on reload or close (the
//! browser's own prompt) and on any link in the app.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// While `dirty` is true, leaving the page asks for confirmation.
pub fn use_leave_guard(dirty: Signal<bool>) {
    let unload = window_event_listener(leptos::ev::beforeunload, move |ev| {
        if dirty.get_untracked() {
            ev.prevent_default();
            ev.set_return_value("unsaved");
        }
    });
    // Capture phase on the window runs before the router's click handler, so
    // a declined link click never navigates.
    let on_click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
        if !dirty.get_untracked() || ev.default_prevented() {
            return;
        }
        let is_link = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten())
            .is_some();
        let leave = || {
            window()
                .confirm_with_message("You have unsaved changes. Leave without saving them?")
                .unwrap_or(true)
        };
        if is_link && !leave() {
            ev.prevent_default();
            ev.stop_immediate_propagation();
        }
    });
    let _ = window().add_event_listener_with_callback_and_bool(
        "click",
        on_click.as_ref().unchecked_ref(),
        true,
    );
    let on_click = SendWrapper::new(on_click);
    on_cleanup(move || {
        unload.remove();
        let _ = window().remove_event_listener_with_callback_and_bool(
            "click",
            on_click.as_ref().unchecked_ref(),
            true,
        );
    });
}
