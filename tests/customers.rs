//! Component tests of the customer list and the customer page, against a
//! pretend engine (a stubbed `fetch`), in headless Chromium.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{
    button, choose, control, mount_app_at, prop_string, query, settle, stub_fetch, texts,
    type_into, until,
};
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
    type_into(&input, "enterprise").await;
    button(&root, "Save").expect("save").click();
    until(|| texts(&root, ".toast").join(" ").contains("Fields saved")).await;
    settle().await;
    assert!(
        card.is_connected(),
        "the connections card was rebuilt by the save"
    );
    assert_eq!(lists(), 1.0, "the save reloaded the connections");
}

fn last_body(name: &str) -> serde_json::Value {
    let text = js_sys::Reflect::get(&window(), &name.into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    serde_json::from_str(&text).unwrap_or(serde_json::Value::Null)
}

#[wasm_bindgen_test]
async fn editing_details_puts_a_taken_internal_id_on_its_field_and_keeps_the_name() {
    stub_fetch(
        r#"
        if (url.pathname === '/customers/c1' && method === 'PATCH') {
            window.__detailsPatch = body;
            const changes = JSON.parse(body);
            if (changes.internalId === 'taken') return { status: 409, body: { type: 'bad_request', key: 'already_exists',
                message: 'internalId: a customer with internal id "taken" already exists (c9)', data: { field: 'internalId' } } };
            return { body: { id: 'c1', name: changes.name ?? 'Acme', internalId: changes.internalId ?? 'acme' } };
        }
        if (url.pathname === '/customers/c1') return { body: { id: 'c1', name: 'Acme', internalId: 'acme' } };
        if (url.pathname === '/workspace') return { body: { id: 'w1' } };
        return { body: { items: [] } };
        "#,
    );
    let (root, _guard) = mount_app_at("/customers/c1");
    until(|| button(&root, "Edit details…").is_some()).await;
    button(&root, "Edit details…").expect("edit").click();
    until(|| query(&root, "dialog[open] form").is_some()).await;
    let dialog = query(&root, "dialog[open]").expect("dialog");
    let name = control(&dialog, "Name");
    let internal_id = control(&dialog, "Internal id");
    assert_eq!(prop_string(&internal_id, "value"), "acme");
    type_into(&name, "Acme Two").await;
    type_into(&internal_id, "taken").await;
    button(&dialog, "Save").expect("save").click();
    until(|| internal_id.get_attribute("aria-invalid").as_deref() == Some("true")).await;
    assert!(
        texts(&dialog, ".field-error")
            .join(" ")
            .contains("Another customer already has this internal id"),
        "{:?}",
        texts(&dialog, ".field-error")
    );
    assert_eq!(prop_string(&name, "value"), "Acme Two", "the name is kept");
    assert!(
        texts(&dialog, ".error-panel").is_empty(),
        "no panel for a placed error"
    );

    type_into(&internal_id, "acme-2").await;
    button(&dialog, "Save").expect("save").click();
    until(|| texts(&root, ".toast").join(" ").contains("Acme Two saved")).await;
    assert_eq!(
        last_body("__detailsPatch"),
        serde_json::json!({ "name": "Acme Two", "internalId": "acme-2" })
    );
    until(|| texts(&root, "h1").join(" ").contains("Acme Two")).await;
    assert!(query(&root, "dialog[open]").is_none(), "the dialog closed");
}

/// A token whose `exp` is an hour from now, as the engine mints them.
const MINT: &str = r#"
    if (url.pathname === '/org-workspaces/w1/access-token' && method === 'POST') {
        window.__mintBody = body;
        const claims = btoa(JSON.stringify({ id: 'x', exp: Math.floor(Date.now() / 1000) + 3600 })).replace(/=+$/, '');
        return { body: { token: 'eyJhbGciOiJIUzI1NiJ9.' + claims + '.c2ln' } };
    }
    if (url.pathname === '/workspace') return { body: { id: 'w1', name: 'Demo' } };
"#;

#[wasm_bindgen_test]
async fn testing_picks_one_of_several_test_customers_and_shows_its_token_only_on_request() {
    if let Ok(Some(storage)) = window().local_storage() {
        let _ = storage.clear();
    }
    stub_fetch(&format!(
        r#"{MINT}
        if (url.pathname === '/customers' && url.searchParams.get('isTest') === 'true') return {{ body: {{ items: [
            {{ id: 'c1', name: 'Test A', internalId: 'test-a', isTest: true }},
            {{ id: 'c2', name: 'Test B', internalId: 'test-b', isTest: true }} ] }} }};
        return {{ body: {{ items: [] }} }};
        "#
    ));
    let (root, _guard) = mount_app_at("/settings/testing");
    until(|| query(&root, "#test-customer-choice").is_some()).await;
    assert!(texts(&root, ".notice")
        .join(" ")
        .contains("2 customers are marked as test."));
    let card = || texts(&root, "[aria-labelledby=test-customer-title] dd").join(" ");
    until(|| card().contains("Test A")).await;
    let select = query(&root, "#test-customer-choice").expect("choice");
    choose(&select, "c2").await;
    until(|| card().contains("Test B")).await;
    let remembered = window().local_storage().ok().flatten().and_then(|s| {
        (0..s.length().unwrap_or(0)).find_map(|i| {
            s.key(i)
                .ok()
                .flatten()
                .and_then(|k| s.get_item(&k).ok().flatten())
        })
    });
    assert_eq!(
        remembered.as_deref(),
        Some("c2"),
        "the choice is remembered"
    );

    assert!(query(&root, "#access-token-value").is_none());
    button(&root, "Show token").expect("show").click();
    until(|| query(&root, "#access-token-value").is_some()).await;
    assert_eq!(
        last_body("__mintBody"),
        serde_json::json!({ "tenantId": "c2" })
    );
    let token = query(&root, "#access-token-value").expect("token");
    assert!(prop_string(&token, "value").starts_with("eyJhbGciOiJIUzI1NiJ9."));
    let expiry = texts(&root, "#access-token-expiry").join(" ");
    assert!(
        expiry.starts_with("Expires at ")
            && (expiry.contains("in 60 minutes") || expiry.contains("in 59 minutes")),
        "{expiry}"
    );
    button(&root, "Hide token").expect("hide").click();
    until(|| query(&root, "#access-token-value").is_none()).await;
    assert!(button(&root, "Show token").is_some());
}

#[wasm_bindgen_test]
async fn testing_without_a_test_customer_creates_one_marked_as_test() {
    stub_fetch(&format!(
        r#"{MINT}
        if (url.pathname === '/customers' && method === 'POST') {{
            window.__createBody = body;
            window.__created = {{ id: 'c7', ...JSON.parse(body) }};
            return {{ status: 201, body: window.__created }};
        }}
        if (url.pathname === '/customers') return {{ body: {{ items: window.__created ? [window.__created] : [] }} }};
        return {{ body: {{ items: [] }} }};
        "#
    ));
    js_sys::Reflect::delete_property(&window(), &"__created".into()).expect("reset");
    let (root, _guard) = mount_app_at("/settings/testing");
    until(|| button(&root, "Create test customer").is_some()).await;
    button(&root, "Create test customer")
        .expect("create")
        .click();
    until(|| {
        texts(&root, ".field-error")
            .join(" ")
            .contains("This field is required")
    })
    .await;
    type_into(&control(&root, "Name"), "QA Tenant").await;
    type_into(&control(&root, "Internal id"), "qa-tenant").await;
    button(&root, "Create test customer")
        .expect("create")
        .click();
    until(|| {
        texts(&root, "[aria-labelledby=test-customer-title] dd")
            .join(" ")
            .contains("qa-tenant")
    })
    .await;
    assert_eq!(
        last_body("__createBody"),
        serde_json::json!({ "name": "QA Tenant", "internalId": "qa-tenant", "isTest": true })
    );
}

#[wasm_bindgen_test]
async fn the_customer_page_asks_for_its_connections_with_the_customer() {
    stub_fetch(
        r#"
        if (url.pathname === '/connections') {
            const heading = document.querySelector('.page h1');
            window.__customerShownFirst = !!heading && heading.textContent.includes('Acme');
            return { body: { items: [] } };
        }
        if (url.pathname === '/customers/c1') return { body: { id: 'c1', name: 'Acme' } };
        if (url.pathname === '/workspace') return { body: { id: 'w1', name: 'Workspace' } };
        return { status: 404, body: { type: 'bad_request', message: 'no' } };
        "#,
    );
    let (root, _guard) = mount_app_at("/customers/c1");
    until(|| {
        texts(&root, ".empty-title")
            .iter()
            .any(|t| t.contains("Acme has no connections yet"))
    })
    .await;
    let shown_first = js_sys::Reflect::get(&window(), &"__customerShownFirst".into())
        .ok()
        .and_then(|v| v.as_bool());
    assert_eq!(
        shown_first,
        Some(false),
        "the connections were asked for only after the customer had rendered"
    );
}
