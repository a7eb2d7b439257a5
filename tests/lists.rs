//! Component tests of the list-page kit as the lists use it: search and
//! filters in the URL, against a pretend engine, in headless Chromium.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{choose, control, mount_app_at, prop_string, stub_fetch, texts, type_into, until};
use leptos::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Records the search of every list request the console sends.
const RECORD_SEARCHES: &str = r#"
    window.__searches = window.__searches || [];
    if (url.searchParams.has('search')) window.__searches.push(url.pathname + '?' + url.searchParams.get('search'));
    return { body: { items: [] } };
"#;

fn searches() -> Vec<String> {
    let value = js_sys::Reflect::get(&window(), &"__searches".into()).unwrap_or_default();
    js_sys::Array::from(&value)
        .iter()
        .filter_map(|v| v.as_string())
        .collect()
}

#[wasm_bindgen_test]
async fn the_apps_search_waits_for_a_pause_in_typing() {
    stub_fetch(RECORD_SEARCHES);
    let (root, _guard) = mount_app_at("/apps");
    until(|| !texts(&root, ".empty-title").is_empty()).await;
    let search = control(&root, "Search apps");
    for typed in ["h", "hu", "hub"] {
        type_into(&search, typed).await;
    }
    until(|| window().location().search().ok().as_deref() == Some("?q=hub")).await;
    until(|| searches().contains(&"/integrations?hub".to_owned())).await;
    assert_eq!(
        searches(),
        ["/integrations?hub"],
        "one request, for what was typed"
    );
}

#[wasm_bindgen_test]
async fn a_filter_change_starts_again_at_the_first_page() {
    stub_fetch(RECORD_SEARCHES);
    let (root, _guard) = mount_app_at("/connections?q=globex&cursor=page-3");
    until(|| searches().contains(&"/connections?globex".to_owned())).await;
    assert_eq!(prop_string(&control(&root, "Search"), "value"), "globex");
    choose(&control(&root, "State"), "connected").await;
    until(|| window().location().search().ok().as_deref() == Some("?q=globex&state=connected"))
        .await;
}
