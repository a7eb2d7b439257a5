//! Component tests of the customer list and the customer page, against a
//! pretend engine (a stubbed `fetch`), in headless Chromium.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{button, mount_app_at, query, settle, stub_fetch, texts, until};
use leptos::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn rows_show_badges_and_more_pages_append() {
    stub_fetch(
        r#"
        if (url.pathname !== '/customers') return { status: 404, body: { type: 'bad_request', key: 'not_found', message: 'no' } };
        if (!url.searchParams.get('cursor')) return { body: { items: [
            { id: 'c1', name: 'Acme', internalId: 'acme', isTest: true, createdAt: '2026-01-01T00:00:00Z', unknownField: 1 },
            { id: 'c2', name: 'Bolt', internalId: 'bolt', archivedAt: '2026-02-01T00:00:00Z' } ], cursor: 'page-2' } };
        return { body: { items: [ { id: 'c3', name: 'Cargo' } ] } };
        "#,
    );
    let (root, _guard) = mount_app_at("/customers");
    until(|| texts(&root, "tbody tr").len() == 2).await;
    let rows = texts(&root, "tbody tr");
    assert!(
        rows[0].contains("Acme") && rows[0].contains("Test"),
        "{rows:?}"
    );
    assert!(
        rows[1].contains("Bolt") && rows[1].contains("Archived"),
        "{rows:?}"
    );
    assert_eq!(texts(&root, ".result-count"), ["Showing 2 customers"]);
    button(&root, "Load more").expect("load more").click();
    until(|| texts(&root, "tbody tr").len() == 3).await;
    assert_eq!(texts(&root, ".result-count"), ["All 3 customers shown"]);
    assert_eq!(texts(&root, ".list-end"), ["End of the list"]);
    assert!(button(&root, "Load more").is_none());
}

#[wasm_bindgen_test]
async fn an_empty_workspace_says_no_customers_yet() {
    stub_fetch("return { body: { items: [] } };");
    let (root, _guard) = mount_app_at("/customers");
    until(|| !texts(&root, ".empty-title").is_empty()).await;
    assert_eq!(texts(&root, ".empty-title"), ["No customers yet"]);
    assert!(button(&root, "Clear search and filters").is_none());
}

#[wasm_bindgen_test]
async fn a_search_without_results_offers_to_clear_it() {
    stub_fetch(
        "return { body: { items: url.searchParams.get('search') ? [] : [ { id: 'c1', name: 'Acme' } ] } };",
    );
    let (root, _guard) = mount_app_at("/customers?q=zzz");
    until(|| !texts(&root, ".empty-title").is_empty()).await;
    assert_eq!(texts(&root, ".empty-title"), ["No customers match “zzz”."]);
    button(&root, "Clear search and filters")
        .expect("clear")
        .click();
    until(|| texts(&root, "tbody tr").len() == 1).await;
    assert_eq!(window().location().search().ok().as_deref(), Some(""));
}

#[wasm_bindgen_test]
async fn an_engine_failure_shows_its_message_and_retry_recovers() {
    stub_fetch(
        r#"
        window.__customerCalls = (window.__customerCalls || 0) + 1;
        if (window.__customerCalls === 1) return { status: 503, body: { type: 'internal', message: 'Database unavailable' } };
        return { body: { items: [ { id: 'c1', name: 'Acme' } ] } };
        "#,
    );
    let (root, _guard) = mount_app_at("/customers");
    until(|| !texts(&root, ".error-title").is_empty()).await;
    assert_eq!(texts(&root, ".error-title"), ["Engine error"]);
    assert!(texts(&root, ".error-message")[0].starts_with("Database unavailable."));
    button(&root, "Retry").expect("retry").click();
    until(|| texts(&root, "tbody tr").len() == 1).await;
    assert!(texts(&root, ".error-title").is_empty());
}

#[wasm_bindgen_test]
async fn a_malformed_answer_is_an_error_not_a_crash() {
    stub_fetch("return { body: { items: 'not a list' } };");
    let (root, _guard) = mount_app_at("/customers");
    until(|| !texts(&root, ".error-title").is_empty()).await;
    assert_eq!(
        texts(&root, ".error-title"),
        ["Unexpected answer from the engine"]
    );
}

#[wasm_bindgen_test]
async fn saving_a_field_keeps_the_connections_card_as_it_is() {
    stub_fetch(
        r#"
        if (url.pathname === '/customers/c1' && method === 'PATCH') {
            return { body: { id: 'c1', name: 'Acme', internalId: 'acme', fields: JSON.parse(body).fields } };
        }
        if (url.pathname === '/customers/c1') return { body: { id: 'c1', name: 'Acme', internalId: 'acme', fields: { plan: 'pro' } } };
        if (url.pathname === '/workspace') return { body: { id: 'w1', userFieldsSchema: { type: 'object', properties: { plan: { type: 'string', title: 'Plan' } } } } };
        if (url.pathname === '/connections') {
            window.__connectionLists = (window.__connectionLists || 0) + 1;
            return { body: { items: [] } };
        }
        return { status: 404, body: { type: 'not_found', message: 'Not found' } };
        "#,
    );
    let lists = || {
        js_sys::Reflect::get(&window(), &"__connectionLists".into())
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0)
    };
    let (root, _guard) = mount_app_at("/customers/c1");
    let plan = "form[aria-labelledby=customer-fields-title] input";
    until(|| query(&root, plan).is_some() && lists() == 1.0).await;
    let card = query(&root, ".conn-customer").expect("connections card");
    let input = query(&root, plan).expect("plan input");
    js_sys::Reflect::set(&input, &"value".into(), &"enterprise".into()).expect("set value");
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("input", &init).expect("event");
    input.dispatch_event(&event).expect("dispatch");
    settle().await;
    button(&root, "Save").expect("save").click();
    until(|| texts(&root, ".toast").join(" ").contains("Fields saved")).await;
    settle().await;
    assert!(
        card.is_connected(),
        "the connections card was rebuilt by the save"
    );
    assert_eq!(lists(), 1.0, "the save reloaded the connections");
}
