//! Helpers for the component tests: mount into a fresh element, wait for
//! Leptos to update the DOM, and query it as a person would see it.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// Mounts `view` into a new element appended to the body; the element is
/// returned for queries, the handle keeps the view alive.
pub fn mount<V: IntoView + 'static>(
    view: impl FnOnce() -> V + 'static,
) -> (HtmlElement, leptos::mount::UnmountHandle<V::State>) {
    let document = document();
    let host: HtmlElement = document
        .create_element("div")
        .expect("create element")
        .unchecked_into();
    document
        .body()
        .expect("body")
        .append_child(&host)
        .expect("append");
    let handle = leptos::mount::mount_to(host.clone(), view);
    (host, handle)
}

/// Lets effects, resources and async work settle.
pub async fn settle() {
    for _ in 0..5 {
        leptos::task::tick().await;
    }
}

pub fn query(root: &HtmlElement, selector: &str) -> Option<HtmlElement> {
    root.query_selector(selector)
        .ok()
        .flatten()
        .map(|e| e.unchecked_into())
}

pub fn texts(root: &HtmlElement, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).expect("valid selector");
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.text_content().unwrap_or_default().trim().to_owned())
        .collect()
}

/// The button whose text is `label`.
pub fn button(root: &HtmlElement, label: &str) -> Option<HtmlElement> {
    let list = root.query_selector_all("button").expect("valid selector");
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.unchecked_into::<HtmlElement>())
        .find(|b| b.text_content().unwrap_or_default().trim() == label)
}
