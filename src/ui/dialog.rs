//! A modal dialog that behaves as people expect: it is labelled by its
//! title, keeps Tab inside, closes on Escape, and gives focus back to the
//! control that opened it.

use leptos::html;
use leptos::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};

static NEXT_ID: AtomicUsize = AtomicUsize::new(0);

const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]), \
    select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1'])";

/// A modal dialog shown while `open` is true. The content is created each
/// time it opens, so it starts fresh. Set `open` to false to close it; Escape
/// does the same. Focus goes to the first control marked `autofocus`, else
/// the first focusable one, and back to the opener on close.
#[component]
pub fn Dialog(
    open: RwSignal<bool>,
    #[prop(into)] title: Signal<String>,
    /// Extra class for sizing ("wide").
    #[prop(optional, into)]
    class: String,
    children: ChildrenFn,
) -> impl IntoView {
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let title_id = format!("dialog-title-{id}");
    let dialog = NodeRef::<html::Dialog>::new();
    let opener = StoredValue::new_local(None::<HtmlElement>);

    Effect::new(move |was_open: Option<bool>| {
        let is_open = open.get();
        let Some(el) = dialog.get() else {
            return is_open;
        };
        if is_open && was_open != Some(true) {
            opener.set_value(
                document()
                    .active_element()
                    .and_then(|e| e.dyn_into::<HtmlElement>().ok()),
            );
            if !el.open() {
                let _ = el.show_modal();
            }
            // The content renders on the same change; focus once it is there.
            request_animation_frame(move || focus_first(&el));
        } else if !is_open && was_open == Some(true) {
            el.close();
            if let Some(opener) = opener.get_value() {
                let _ = opener.focus();
            }
        }
        is_open
    });

    // Escape is handled here, not left to `cancel`, because a search field
    // would take the first Escape to clear itself.
    let on_keydown = move |ev: KeyboardEvent| match ev.key().as_str() {
        "Tab" => {
            if let Some(el) = dialog.get_untracked() {
                trap_tab(&el, &ev);
            }
        }
        "Escape" => {
            ev.prevent_default();
            open.set(false);
        }
        _ => {}
    };
    // The browser may still send `cancel` (a close request); one path closes.
    let on_cancel = move |ev: web_sys::Event| {
        ev.prevent_default();
        open.set(false);
    };

    let labelled_by = title_id.clone();
    view! {
        <dialog node_ref=dialog class=format!("dialog {class}") role="dialog" aria-modal="true"
            aria-labelledby=labelled_by on:keydown=on_keydown on:cancel=on_cancel>
            <Show when=move || open.get()>
                <div class="dialog-head">
                    <h2 id=title_id.clone()>{move || title.get()}</h2>
                    <button type="button" class="icon-button" aria-label="Close"
                        on:click=move |_| open.set(false)>
                        <span aria-hidden="true">"×"</span>
                    </button>
                </div>
                <div class="dialog-body">{children()}</div>
            </Show>
        </dialog>
    }
}

fn focusables(root: &web_sys::HtmlDialogElement) -> Vec<HtmlElement> {
    let Ok(list) = root.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        // Hidden controls have no offset parent and cannot take focus.
        .filter(|e| e.offset_parent().is_some())
        .collect()
}

fn focus_first(root: &web_sys::HtmlDialogElement) {
    let chosen = root
        .query_selector("[autofocus]")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
        .or_else(|| {
            let all = focusables(root);
            // Skip the Close button when there is something to do.
            all.get(1).or(all.first()).cloned()
        });
    if let Some(target) = chosen {
        let _ = target.focus();
    }
}

fn trap_tab(root: &web_sys::HtmlDialogElement, ev: &KeyboardEvent) {
    let all = focusables(root);
    let (Some(first), Some(last)) = (all.first(), all.last()) else {
        ev.prevent_default();
        return;
    };
    let active = document().active_element();
    let at = |e: &HtmlElement| {
        active
            .as_ref()
            .is_some_and(|a| a == e.unchecked_ref::<web_sys::Element>())
    };
    let inside = active.as_ref().is_some_and(|a| root.contains(Some(a)));
    if ev.shift_key() && (at(first) || !inside) {
        ev.prevent_default();
        let _ = last.focus();
    } else if !ev.shift_key() && (at(last) || !inside) {
        ev.prevent_default();
        let _ = first.focus();
    }
}
