//! Copying an id or a token to the clipboard.

use super::use_toasts;
use leptos::prelude::*;

/// A button that copies `value`; `label` names what is copied for screen
/// readers ("Copy engine id"). A small icon, or a button with the icon and
/// `text` when copying is the point of the place it is in.
#[component]
pub fn CopyButton(
    #[prop(into)] value: String,
    #[prop(into)] label: String,
    #[prop(optional)] text: Option<&'static str>,
) -> impl IntoView {
    let toasts = use_toasts();
    let copy = move |_| {
        let clipboard = window().navigator().clipboard();
        let promise = clipboard.write_text(&value);
        leptos::task::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(promise).await {
                Ok(_) => toasts.show("Copied to the clipboard"),
                Err(_) => toasts.show("Could not copy: the browser refused clipboard access"),
            }
        });
    };
    let class = if text.is_some() {
        "button secondary copy"
    } else {
        "icon-button copy"
    };
    view! {
        <button type="button" class=class aria-label=label.clone() title=label on:click=copy>
            <svg aria-hidden="true" width="14" height="14" viewBox="0 0 16 16" fill="none" stroke="currentColor" stroke-width="1.5">
                <rect x="5" y="5" width="9" height="9" rx="1.5"/>
                <path d="M11 5V3.5A1.5 1.5 0 0 0 9.5 2h-6A1.5 1.5 0 0 0 2 3.5v6A1.5 1.5 0 0 0 3.5 11H5"/>
            </svg>
            {text}
        </button>
    }
}
