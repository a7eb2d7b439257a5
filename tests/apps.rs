//! Component tests of the Apps area and the shared dialog, in headless
//! Chromium.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{button, mount, query, settle, texts};
use leptos::prelude::*;
use switchboard::api::Api;
use switchboard::config::{EngineConfig, PartialConfig};
use switchboard::ui::{Dialog, Theme};
use switchboard::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

fn active_text() -> String {
    document()
        .active_element()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// Sends a keydown to `target`, as a key press would (bubbling, cancelable).
fn key(target: &HtmlElement, key: &str, shift: bool) {
    let make = js_sys::Function::new_with_args(
        "target, key, shift",
        "target.dispatchEvent(new KeyboardEvent('keydown', {key, shiftKey: shift, bubbles: true, cancelable: true}))",
    );
    make.call3(
        &wasm_bindgen::JsValue::NULL,
        target,
        &key.into(),
        &shift.into(),
    )
    .expect("dispatch");
}

/// Waits for the dialog's focus move, which happens on the next frame.
async fn frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().request_animation_frame(&resolve);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    settle().await;
}

fn dialog_view(open: RwSignal<bool>) -> impl IntoView {
    view! {
        <button type="button" on:click=move |_| open.set(true)>"Open"</button>
        <Dialog open title="Archive HubSpot?">
            <p>"5 connections use this app."</p>
            <button type="button">"Archive"</button>
            <button type="button" on:click=move |_| open.set(false)>"Cancel"</button>
        </Dialog>
    }
}

#[wasm_bindgen_test]
async fn dialog_is_labelled_takes_focus_and_gives_it_back_on_escape() {
    let open = RwSignal::new(false);
    let (root, _handle) = mount(move || dialog_view(open));
    settle().await;
    let dialog = query(&root, "dialog").expect("dialog element");
    assert!(!dialog.has_attribute("open"), "closed at first");
    let opener = button(&root, "Open").expect("opener");
    opener.focus().expect("focus");
    opener.click();
    settle().await;
    frame().await;
    assert!(dialog.has_attribute("open"));
    assert_eq!(dialog.get_attribute("role").as_deref(), Some("dialog"));
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    let title_id = dialog.get_attribute("aria-labelledby").expect("labelled");
    let title = document()
        .get_element_by_id(&title_id)
        .expect("title element");
    assert_eq!(title.text_content().as_deref(), Some("Archive HubSpot?"));
    assert_eq!(
        active_text(),
        "Archive",
        "focus skips Close and lands on the first action"
    );

    key(&dialog, "Escape", false);
    settle().await;
    assert!(!open.get_untracked());
    assert!(!dialog.has_attribute("open"));
    assert_eq!(active_text(), "Open", "focus returns to the opener");
}

/// The app page rebuilds after a change; a version picker opened just
/// before that is created again already open, and must show.
#[wasm_bindgen_test]
async fn dialog_created_open_shows_itself() {
    let open = RwSignal::new(true);
    let (root, _handle) = mount(move || dialog_view(open));
    settle().await;
    frame().await;
    let dialog = query(&root, "dialog").expect("dialog element");
    assert!(dialog.has_attribute("open"), "shown from the start");
    assert_eq!(active_text(), "Archive", "focus moved in");
    open.set(false);
    settle().await;
    assert!(!dialog.has_attribute("open"));
}

#[wasm_bindgen_test]
async fn tab_stays_inside_the_dialog() {
    let open = RwSignal::new(false);
    let (root, _handle) = mount(move || dialog_view(open));
    settle().await;
    button(&root, "Open").expect("opener").click();
    settle().await;
    frame().await;
    let dialog = query(&root, "dialog").expect("dialog");
    let cancel = button(&root, "Cancel").expect("cancel");
    cancel.focus().expect("focus");
    key(&dialog, "Tab", false);
    assert_eq!(
        document()
            .active_element()
            .and_then(|e| e.get_attribute("aria-label")),
        Some("Close".to_owned()),
        "Tab from the last control wraps to the first"
    );
    let close: HtmlElement = document()
        .active_element()
        .expect("focused")
        .unchecked_into();
    key(&close, "Tab", true);
    assert_eq!(
        active_text(),
        "Cancel",
        "Shift+Tab from the first wraps to the last"
    );
    button(&root, "Cancel").expect("cancel").click();
    settle().await;
    assert!(!dialog.has_attribute("open"));
}

#[wasm_bindgen_test]
async fn apps_without_an_engine_say_what_to_do() {
    let _ = window().history().expect("history").push_state_with_url(
        &wasm_bindgen::JsValue::NULL,
        "",
        Some("/apps/hubspot"),
    );
    let none = PartialConfig::default();
    let api = Api::new(EngineConfig::resolve(&none, &none, &none), None);
    let (root, _handle) = mount(move || {
        view! { <App api base="" theme=Theme::Light set_document_title=false/> }
    });
    settle().await;
    assert_eq!(texts(&root, ".error-title"), ["No engine configured"]);
    assert!(texts(&root, ".error-message")[0].contains("Settings › Engine"));
    let back = query(&root, ".breadcrumb a").expect("link back to the apps");
    assert_eq!(back.get_attribute("href").as_deref(), Some("/apps"));
}
