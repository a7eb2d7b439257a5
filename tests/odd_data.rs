//! Component tests of odd engine data, against a pretend engine (a stubbed
//! `fetch`), in headless Chromium: an item that cannot be read costs its own
//! row and no more, and elements in the vendor's minimal shape (an app
//! without a key) work like any other; a part of a page that cannot be read
//! (the field schema, the connections card) costs that part, with its own
//! Retry, and the rest of the page works.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{mount_app_at, query, stub_fetch, texts, until};
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// The rows of the table that say an item could not be read.
fn unreadable_rows(root: &HtmlElement) -> Vec<String> {
    texts(root, "tbody tr")
        .into_iter()
        .filter(|r| r.contains("could not be read"))
        .collect()
}

#[wasm_bindgen_test]
async fn a_customer_that_cannot_be_read_costs_one_row() {
    stub_fetch(
        r#"
        if (url.pathname !== '/customers') return { status: 404, body: { type: 'bad_request', message: 'no' } };
        return { body: { items: [
            { id: 'c1', name: 'Acme', internalId: 'acme' },
            { name: 'Nameless', internalId: 'no-id' },
            { id: 'c3', name: 'Cargo', internalId: 'cargo', fields: null, isTest: 'yes', createdAt: 5, lastActiveAt: {} },
            'not a customer'
        ] } };
        "#,
    );
    let (root, _guard) = mount_app_at("/customers");
    until(|| texts(&root, "tbody tr").len() == 4).await;
    let rows = texts(&root, "tbody tr");
    assert!(rows[0].contains("Acme"), "{rows:?}");
    assert!(
        rows[1].contains("This customer could not be read")
            && rows[1].contains("missing field `id`"),
        "{rows:?}"
    );
    assert!(
        rows[2].contains("Cargo") && !rows[2].contains("Test"),
        "wrong-typed fields read as absent: {rows:?}"
    );
    assert!(
        rows[3].contains("This customer could not be read"),
        "{rows:?}"
    );
    assert_eq!(unreadable_rows(&root).len(), 2);
    // Plain text: there is nothing to open.
    assert!(query(
        &root,
        "tbody tr.unreadable-row a, tbody tr.unreadable-row button"
    )
    .is_none());
    assert!(texts(&root, ".error-title").is_empty());
}

#[wasm_bindgen_test]
async fn an_unreadable_customer_shows_its_id_and_odd_fields_are_absent() {
    stub_fetch(
        r#"
        return { body: { items: [
            { id: 'c1', name: 'Acme' },
            { id: 42, name: 'Numeric id' },
            { id: 'c9', internalId: { nested: true }, name: 'Odd', archivedAt: 12 }
        ] } };
        "#,
    );
    let (root, _guard) = mount_app_at("/customers");
    until(|| texts(&root, "tbody tr").len() == 3).await;
    let unreadable = unreadable_rows(&root);
    assert_eq!(unreadable.len(), 1, "{unreadable:?}");
    assert!(
        unreadable[0].contains("id 42") && unreadable[0].contains("invalid type"),
        "{unreadable:?}"
    );
    let rows = texts(&root, "tbody tr");
    assert!(
        rows[2].contains("Odd") && rows[2].contains("c9") && !rows[2].contains("Archived"),
        "{rows:?}"
    );
}

/// A pretend engine with two apps (one without a key) and one app that
/// cannot be read.
const APPS_ENGINE: &str = r#"
    const pipedrive = { id: 'i2', name: 'Pipedrive', logoUri: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=' };
    if (url.pathname === '/integrations') return { body: { items: [
        { id: 'i1', key: 'hubspot', name: 'HubSpot', connectorVersion: '2.1.0' },
        pipedrive,
        { key: 'broken', name: 'Broken' }
    ] } };
    if (url.pathname === '/integrations/i2') return { body: pipedrive };
    if (url.pathname === '/integrations/i2/connector-spec') return { body: {} };
    if (url.pathname === '/connectors') return { body: { items: [ { id: 'x1' }, { name: 'no id' } ] } };
    return { status: 404, body: { type: 'bad_request', message: 'Not found: ' + url.pathname } };
"#;

#[wasm_bindgen_test]
async fn apps_without_a_key_are_listed_and_unreadable_ones_cost_one_row() {
    stub_fetch(APPS_ENGINE);
    let (root, _guard) = mount_app_at("/apps");
    until(|| texts(&root, "tbody tr").len() == 3).await;
    let rows = texts(&root, "tbody tr");
    assert!(rows[0].contains("HubSpot"), "{rows:?}");
    assert!(rows[1].contains("Pipedrive"), "{rows:?}");
    assert!(
        rows[2].contains("This app could not be read") && rows[2].contains("missing field `id`"),
        "{rows:?}"
    );
    let link = query(&root, "tbody tr:nth-child(2) a").expect("the app without a key links");
    assert_eq!(link.get_attribute("href").as_deref(), Some("/apps/i2"));
    let link = query(&root, "tbody tr:nth-child(1) a").expect("the app with a key links");
    assert_eq!(link.get_attribute("href").as_deref(), Some("/apps/hubspot"));
    assert!(texts(&root, ".error-title").is_empty());
}

#[wasm_bindgen_test]
async fn an_app_without_a_key_opens_by_id() {
    stub_fetch(APPS_ENGINE);
    let (root, _guard) = mount_app_at("/apps/i2");
    until(|| texts(&root, "h1") == ["Pipedrive"] || !texts(&root, ".error-title").is_empty()).await;
    assert!(
        texts(&root, ".error-title").is_empty(),
        "{:?}",
        texts(&root, ".error-message")
    );
    assert_eq!(texts(&root, "h1"), ["Pipedrive"]);
}

#[wasm_bindgen_test]
async fn a_connection_that_cannot_be_read_costs_one_row() {
    stub_fetch(
        r#"
        if (url.pathname === '/integrations') return { body: { items: [] } };
        if (url.pathname !== '/connections') return { status: 404, body: { type: 'bad_request', message: 'no' } };
        return { body: { items: [
            { id: 'k1', name: 'Main HubSpot', userId: 'u1', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' },
            { id: 42, name: 'Numeric id', userId: 'u2' },
            { id: 'k3', name: 'Odd fields', userId: 'u3', user: null, errors: 'boom', connected: 'yes', createdAt: 7 }
        ] } };
        "#,
    );
    let (root, _guard) = mount_app_at("/connections");
    until(|| texts(&root, "tbody tr").len() == 3).await;
    let rows = texts(&root, "tbody tr");
    assert!(rows[0].contains("Main HubSpot"), "{rows:?}");
    assert!(
        rows[1].contains("This connection could not be read") && rows[1].contains("42"),
        "{rows:?}"
    );
    assert!(
        rows[2].contains("Odd fields") && rows[2].contains("Connected"),
        "{rows:?}"
    );
    assert!(texts(&root, ".error-title").is_empty());
}

/// A pretend engine for the customer page: the customer, then `workspace`
/// and `connections` as JavaScript expressions for those answers.
fn stub_customer_page(workspace: &str, connections: &str) {
    stub_fetch(&format!(
        r#"
        if (url.pathname === '/customers/c1') return {{ body: {{ id: 'c1', name: 'Acme', internalId: 'acme', fields: {{ plan: 'pro' }} }} }};
        if (url.pathname === '/workspace') return {workspace};
        if (url.pathname === '/connections') return {connections};
        return {{ status: 404, body: {{ type: 'not_found', message: 'Not found' }} }};
        "#
    ));
}

/// A field schema nested deeper than the JSON decoder's recursion limit.
const DEEP_SCHEMA: &str = r#"(() => {
    let schema = { type: 'string' };
    for (let i = 0; i < 200; i++) schema = { type: 'object', properties: { a: schema } };
    return { body: { id: 'w1', name: 'Acme workspace', userFieldsSchema: schema } };
})()"#;

const NO_CONNECTIONS: &str = "({ body: { items: [] } })";

#[wasm_bindgen_test]
async fn a_schema_too_deep_to_read_costs_only_the_fields_card() {
    stub_customer_page(DEEP_SCHEMA, NO_CONNECTIONS);
    let (root, _guard) = mount_app_at("/customers/c1");
    until(|| !texts(&root, ".raw-fields").is_empty()).await;
    assert_eq!(texts(&root, "h1"), ["Acme"]);
    let notice = texts(&root, ".notice.warning").join(" ");
    assert!(
        notice.contains("The customer field schema could not be read")
            && notice.contains("recursion limit"),
        "{notice}"
    );
    assert!(query(&root, "a[href='/settings/general']").is_some());
    assert!(texts(&root, ".raw-fields")[0].contains("\"plan\": \"pro\""));
    until(|| texts(&root, ".card").join(" ").contains("Connect an app")).await;
    assert!(texts(&root, ".error-title").is_empty());
}

#[wasm_bindgen_test]
async fn a_failing_field_schema_has_its_own_retry() {
    stub_customer_page(
        r#"(() => {
            window.__workspaceCalls = (window.__workspaceCalls || 0) + 1;
            if (window.__workspaceCalls === 1) return { status: 503, body: { type: 'internal', message: 'Database unavailable' } };
            return { body: { id: 'w1', userFieldsSchema: { type: 'object', properties: { plan: { type: 'string', title: 'Plan' } } } } };
        })()"#,
        NO_CONNECTIONS,
    );
    let (root, _guard) = mount_app_at("/customers/c1");
    until(|| !texts(&root, ".error-title").is_empty()).await;
    assert_eq!(texts(&root, "h1"), ["Acme"]);
    assert!(texts(&root, ".raw-fields")[0].contains("pro"));
    let retry = common::button(&root, "Retry").expect("the Fields card's retry");
    retry.click();
    until(|| query(&root, "form[aria-labelledby=customer-fields-title] input").is_some()).await;
    assert!(texts(&root, ".error-title").is_empty());
    assert!(query(&root, ".raw-fields").is_none());
}

#[wasm_bindgen_test]
async fn a_failing_connections_card_leaves_the_customer_page_working() {
    stub_customer_page(
        "({ body: { id: 'w1', userFieldsSchema: { type: 'object', properties: { plan: { type: 'string', title: 'Plan' } } } } })",
        "({ status: 503, body: { type: 'internal', message: 'Database unavailable' } })",
    );
    let (root, _guard) = mount_app_at("/customers/c1");
    until(|| !texts(&root, ".conn-customer .error-title").is_empty()).await;
    assert_eq!(texts(&root, "h1"), ["Acme"]);
    assert!(query(&root, "form[aria-labelledby=customer-fields-title] input").is_some());
    assert!(common::button(&root, "Retry").is_some());
    assert!(!texts(&root, "h2").is_empty());
}

#[wasm_bindgen_test]
async fn the_schema_editor_says_a_schema_it_cannot_read_could_not_be_read() {
    stub_fetch(&format!(
        "if (url.pathname === '/workspace') return {DEEP_SCHEMA};
         return {{ status: 404, body: {{ type: 'not_found', message: 'Not found' }} }};"
    ));
    let (root, _guard) = mount_app_at("/settings/customer-fields");
    until(|| {
        texts(&root, "[role=alert]")
            .join(" ")
            .contains("could not be read")
    })
    .await;
    assert!(texts(&root, "[role=alert]")
        .join(" ")
        .contains("recursion limit"));
    assert!(texts(&root, ".error-title").is_empty());
}
