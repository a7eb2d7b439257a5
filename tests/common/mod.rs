// Each test binary uses only some of these helpers.
#![allow(dead_code)]

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

/// Replaces `window.fetch` with canned answers: `handler` is the body of a
/// JavaScript function of `(url, method, body)` returning `{status, body}`
/// (body a JSON value). Components then run against a pretend engine.
pub fn stub_fetch(handler: &str) {
    let source = format!(
        "return async (input, init) => {{
            const request = new Request(input, init);
            const body = request.method === 'GET' ? null : await request.text();
            const answer = ((url, method, body) => {{ {handler} }})(new URL(request.url), request.method, body);
            return new Response(JSON.stringify(answer.body), {{ status: answer.status ?? 200, headers: {{ 'content-type': 'application/json' }} }});
        }};"
    );
    let make = js_sys::Function::new_no_args(&source);
    let stub = make
        .call0(&wasm_bindgen::JsValue::NULL)
        .expect("stub function");
    js_sys::Reflect::set(&window(), &"fetch".into(), &stub).expect("replace fetch");
}

/// An API handle pointed at the pretend engine of [`stub_fetch`].
pub fn stub_api() -> switchboard::api::Api {
    use switchboard::config::{EngineConfig, PartialConfig};
    let mount = PartialConfig {
        api_url: Some("http://engine.test".to_owned()),
        token: Some("test-token".to_owned()),
        timeout_seconds: None,
    };
    let none = PartialConfig::default();
    switchboard::api::Api::new(EngineConfig::resolve(&mount, &none, &none), None)
}

/// Waits until `check` holds, for async work such as a stubbed request.
pub async fn until(mut check: impl FnMut() -> bool) {
    for _ in 0..200 {
        if check() {
            return;
        }
        sleep(10).await;
    }
    panic!("condition not met within 2 s");
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Puts the browser at `path` before mounting the app there.
pub fn go_to(path: &str) {
    window()
        .history()
        .expect("history")
        .push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path))
        .expect("push state");
}

/// An API handle with no engine configured, as on a first start.
pub fn unconfigured_api() -> switchboard::api::Api {
    use switchboard::config::{EngineConfig, PartialConfig};
    let none = PartialConfig::default();
    switchboard::api::Api::new(EngineConfig::resolve(&none, &none, &none), None)
}

/// Mounts the whole console at `path` against the pretend engine of
/// [`stub_fetch`]; dropping the guard unmounts it, so the next test starts
/// alone.
pub fn mount_app_at(path: &str) -> (HtmlElement, impl Drop) {
    use switchboard::ui::Theme;
    use switchboard::App;
    go_to(path);
    let (root, handle) = mount(|| {
        view! { <App api=stub_api() base="" theme=Theme::Light set_document_title=false/> }
    });
    (root, Unmount(Some(handle)))
}

struct Unmount<T>(Option<T>);
impl<T> Drop for Unmount<T> {
    fn drop(&mut self) {
        self.0.take();
    }
}

/// The control labelled `label` (the label's text, without " (required)").
pub fn control(root: &HtmlElement, label: &str) -> HtmlElement {
    let labels = root.query_selector_all("label").expect("selector");
    let found = (0..labels.length())
        .filter_map(|i| labels.item(i))
        .map(|n| n.unchecked_into::<HtmlElement>())
        .find(|l| {
            let text = l.text_content().unwrap_or_default();
            let text = text.trim();
            text == label || text.strip_suffix(" (required)") == Some(label)
        })
        .unwrap_or_else(|| panic!("no label {label:?}; labels: {:?}", texts(root, "label")));
    let id = found.get_attribute("for").expect("label for");
    document()
        .get_element_by_id(&id)
        .expect("labelled control")
        .unchecked_into()
}

pub fn fire(element: &HtmlElement, kind: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict(kind, &init).expect("event");
    element.dispatch_event(&event).expect("dispatch");
}

pub fn set_prop(element: &HtmlElement, name: &str, value: impl Into<wasm_bindgen::JsValue>) {
    js_sys::Reflect::set(element, &name.into(), &value.into()).expect("set property");
}

pub fn prop_string(element: &HtmlElement, name: &str) -> String {
    js_sys::Reflect::get(element, &name.into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// Types `text` as a person would: the input's value changes, then `input` fires.
pub async fn type_into(element: &HtmlElement, text: &str) {
    set_prop(element, "value", text);
    fire(element, "input");
    settle().await;
}

pub async fn leave(element: &HtmlElement) {
    fire(element, "focusout");
    settle().await;
}

pub async fn choose(select: &HtmlElement, value: &str) {
    set_prop(select, "value", value);
    fire(select, "change");
    settle().await;
}
