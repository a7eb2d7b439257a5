//! A hook for the form benchmark (tests/e2e/bench/forms.mjs). It exists so the
//! benchmark can mount forms for generated schemas in a real browser without
//! a page, a route or an engine around them; the console never calls it.

use super::{FormMode, FormState, SchemaForm};
use leptos::prelude::*;
use serde_json::Value;
use wasm_bindgen::prelude::*;

/// Mounts a form for `schema_json` into `element`, with an unsaved-changes
/// flag as a page would show, and returns the milliseconds it took. The form
/// stays mounted until the element is discarded.
#[wasm_bindgen]
pub fn bench_mount_form(element: web_sys::HtmlElement, schema_json: String) -> f64 {
    let now = || window().performance().map_or(0.0, |p| p.now());
    let schema: Value = serde_json::from_str(&schema_json).unwrap_or(Value::Null);
    let start = now();
    let handle = leptos::mount::mount_to(element, move || {
        let state = FormState::new(&schema, Value::Null, FormMode::Create);
        view! {
            <SchemaForm state id_prefix="bench"/>
            <p class="bench-dirty">{move || if state.is_dirty().get() { "Unsaved changes" } else { "Saved" }}</p>
        }
    });
    let elapsed = now() - start;
    handle.forget();
    elapsed
}
