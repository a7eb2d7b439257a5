//! Component tests of the shell and the shared feedback components, in
//! headless Chromium.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{
    button, mount, mount_app_at, query, settle, stub_fetch, texts, unconfigured_api, until,
};
use leptos::prelude::*;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use switchboard::api::ApiError;
use switchboard::ui::{ErrorPanel, RelativeTime, Theme};
use switchboard::App;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn error_panel_offers_retry_only_when_it_can_help() {
    let clicks = Arc::new(AtomicU32::new(0));
    let counter = clicks.clone();
    let (root, _handle) = mount(move || {
        view! {
            <ErrorPanel error=ApiError::Timeout { seconds: 30 }
                retry=Callback::new(move |_| { counter.fetch_add(1, Ordering::SeqCst); })/>
            <ErrorPanel error=ApiError::from_response(404, r#"{"type":"bad_request","key":"not_found","message":"Customer not found"}"#)
                retry=Callback::new(|_| {})/>
        }
    });
    settle().await;
    assert_eq!(
        texts(&root, ".error-title"),
        ["The engine took too long", "Not found"]
    );
    assert_eq!(texts(&root, "[role=alert]").len(), 2);
    assert!(texts(&root, ".error-message")[1].starts_with("Customer not found."));
    assert_eq!(texts(&root, "button"), ["Retry"], "a 404 gets no Retry");
    button(&root, "Retry").expect("retry button").click();
    assert_eq!(clicks.load(Ordering::SeqCst), 1);
}

#[wasm_bindgen_test]
async fn shell_has_navigation_and_opens_customers() {
    let (root, _handle) = mount(|| {
        view! { <App api=unconfigured_api() base="" theme=Theme::Light set_document_title=true/> }
    });
    settle().await;
    assert_eq!(
        texts(&root, "nav[aria-label=Main] a"),
        ["Customers", "Connections", "Apps", "Settings"]
    );
    assert_eq!(
        window().location().pathname().ok().as_deref(),
        Some("/customers")
    );
    assert_eq!(texts(&root, "h1"), ["Customers"]);
    assert_eq!(document().title(), "Customers · Switchboard");
    let current = query(&root, "nav a[aria-current=page]").expect("current link");
    assert_eq!(current.text_content().as_deref(), Some("Customers"));
}

#[wasm_bindgen_test]
async fn theme_toggle_switches_and_is_remembered() {
    let (root, _handle) = mount(|| {
        view! { <App api=unconfigured_api() base="" theme=Theme::Light set_document_title=false/> }
    });
    settle().await;
    let shell = query(&root, ".switchboard").expect("shell");
    assert_eq!(shell.get_attribute("data-theme").as_deref(), Some("light"));
    let toggle = query(&root, "button.theme-toggle").expect("toggle");
    assert_eq!(
        toggle.get_attribute("aria-label").as_deref(),
        Some("Switch to dark theme")
    );
    toggle.click();
    settle().await;
    assert_eq!(shell.get_attribute("data-theme").as_deref(), Some("dark"));
    assert_eq!(Theme::remembered(), Some(Theme::Dark));
    toggle.click();
    settle().await;
    assert_eq!(shell.get_attribute("data-theme").as_deref(), Some("light"));
    assert_eq!(Theme::remembered(), Some(Theme::Light));
}

#[wasm_bindgen_test]
async fn a_timestamp_shows_its_exact_local_time_on_hover() {
    let (root, _handle) = mount(|| {
        view! {
            <RelativeTime value=Some("2026-11-30T00:53:20Z".to_owned())/>
            <RelativeTime value=Some("2026-07-01T12:00:00.250+02:00".to_owned())/>
            <RelativeTime value=Some("last Tuesday".to_owned())/>
        }
    });
    settle().await;
    // As the browser writes the local time, in winter and in summer.
    let local = |iso: &str| {
        js_sys::Date::new(&iso.into())
            .to_locale_string("en-GB", &wasm_bindgen::JsValue::UNDEFINED)
            .as_string()
    };
    let times = root.query_selector_all("time[title]").expect("selector");
    let titles: Vec<_> = (0..times.length())
        .filter_map(|i| times.item(i))
        .filter_map(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
        .map(|t| t.get_attribute("title"))
        .collect();
    assert_eq!(
        titles,
        [
            local("2026-11-30T00:53:20Z"),
            local("2026-07-01T12:00:00.250+02:00")
        ]
    );
    let time = query(&root, "time").expect("a <time> for a timestamp");
    assert_eq!(
        time.get_attribute("datetime").as_deref(),
        Some("2026-11-30T00:53:20Z")
    );
    assert_eq!(
        texts(&root, "span"),
        ["last Tuesday"],
        "an odd value as it is"
    );
}

#[wasm_bindgen_test]
async fn an_entry_screen_asks_the_engine_once_for_each_read() {
    // Each answer serves as a list and as a record; the log is every
    // request the console made, in order.
    stub_fetch(
        r#"
        (window.engineLog ??= []).push(method + ' ' + url.pathname + url.search);
        return { body: { id: 'c1', name: 'Acme', key: 'hubspot', items: [ { id: 'c1', name: 'Acme' } ] } };
        "#,
    );
    for (path, shown) in [
        ("/customers", "tbody tr"),
        ("/customers/c1", ".section-tabs a"),
        ("/customers/c1/flows", ".instance-table tbody tr"),
        (
            "/customers/c1/flows/c1",
            "section[aria-labelledby='flow-runs-title'] tbody tr",
        ),
        ("/customers/c1/data-link-tables/c1", ".links-table tbody tr"),
        (
            "/customers/c1/flows/c1/runs/c1",
            "section[aria-labelledby='run-progress-title']",
        ),
        ("/connections", "tbody tr"),
        ("/settings/general", "h1"),
    ] {
        js_sys::eval("window.engineLog = []").expect("reset the log");
        let (root, guard) = mount_app_at(path);
        until(|| !texts(&root, shown).is_empty()).await;
        settle().await;
        let log: Vec<String> = js_sys::eval("window.engineLog")
            .ok()
            .and_then(|log| strings(&log))
            .unwrap_or_default();
        let mut unique = log.clone();
        unique.sort();
        unique.dedup();
        assert!(!log.is_empty(), "{path}: no request");
        assert_eq!(log.len(), unique.len(), "{path} asked twice: {log:?}");
        drop(guard);
    }
}

/// A JavaScript array of strings as a Vec.
fn strings(value: &wasm_bindgen::JsValue) -> Option<Vec<String>> {
    let array: &js_sys::Array = wasm_bindgen::JsCast::dyn_ref(value)?;
    array.iter().map(|v| v.as_string()).collect()
}
