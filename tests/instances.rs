//! Component tests of a customer's instance sections and instance pages,
//! against a pretend engine (a stubbed `fetch`), in headless Chromium.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{button, control, mount_app_at, query, stub_fetch, texts, type_into, until};
use leptos::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A pretend engine with one customer, Acme (`c1`); `extra` answers first.
fn engine(extra: &str) {
    stub_fetch(&format!(
        r#"
        {extra}
        if (url.pathname === '/customers/c1') return {{ body: {{ id: 'c1', name: 'Acme' }} }};
        if (url.pathname === '/workspace') return {{ body: {{ id: 'w1', name: 'Workspace' }} }};
        if (url.pathname.endsWith('-instances') || url.pathname.endsWith('-subscriptions') || url.pathname === '/connections' || url.pathname === '/flow-runs')
            return {{ body: {{ items: [] }} }};
        return {{ status: 404, body: {{ type: 'bad_request', message: 'no ' + url.pathname }} }};
        "#
    ));
}

const FLOWS: &str = r#"
    if (url.pathname === '/flow-instances') {
        if (url.searchParams.get('tenantId') !== 'c1') return { status: 400, body: { message: 'tenantId: is required' } };
        return { body: { items: [
            { id: 'f1', name: 'Create contacts', state: 'READY', enabled: true, isCustomized: true,
              connectionId: 'k1', connection: { id: 'k1', name: 'HubSpot' }, tenantId: 'c1',
              integration: { id: 'i1', key: 'hubspot', name: 'HubSpot' }, updatedAt: '2026-12-01T00:00:00Z' },
            { id: 'f2', name: 'Sync deals', state: 'SETUP_FAILED', tenantId: 'c1',
              errors: [{ message: 'its Salesforce connection is not connected' }] },
            { id: 'f3', name: 'Odd', state: 'MIGRATING', tenantId: 'c1', brandNew: { x: 1 } },
            { name: 'no id' }
        ] } };
    }
"#;

#[wasm_bindgen_test]
async fn a_section_lists_its_instances_with_their_state() {
    engine(FLOWS);
    let (root, _guard) = mount_app_at("/customers/c1/flows");
    until(|| texts(&root, ".instance-table tbody tr").len() == 4).await;
    let rows = texts(&root, ".instance-table tbody tr");
    assert!(
        rows[0].contains("Create contacts") && rows[0].contains("Customized"),
        "{rows:?}"
    );
    assert!(
        rows[0].contains("HubSpot") && rows[0].contains("Ready"),
        "{rows:?}"
    );
    assert!(
        rows[1].contains("Setup failed")
            && rows[1].contains("its Salesforce connection is not connected"),
        "{rows:?}"
    );
    assert!(
        rows[2].contains("MIGRATING"),
        "an unknown state is shown as it is: {rows:?}"
    );
    assert!(rows[3].contains("could not be read"), "{rows:?}");
    until(|| query(&root, ".section-tabs a[aria-current=page]").is_some()).await;
    let current = query(&root, ".section-tabs a[aria-current=page]").expect("current section");
    assert!(current
        .text_content()
        .unwrap_or_default()
        .starts_with("Flows"));
    until(|| {
        texts(&root, ".section-tabs a")
            .iter()
            .any(|t| t == "Flows 4")
    })
    .await;
    let link = query(&root, ".instance-table a[href='/customers/c1/flows/f1']");
    assert!(link.is_some(), "each instance opens its own page");
}

#[wasm_bindgen_test]
async fn an_empty_section_says_what_the_kind_is() {
    engine("");
    let (root, _guard) = mount_app_at("/customers/c1/data-link-tables");
    until(|| !texts(&root, ".empty-title").is_empty()).await;
    assert_eq!(
        texts(&root, ".empty-title"),
        ["This customer has no data link tables yet."]
    );
    assert!(texts(&root, ".empty-state p")
        .iter()
        .any(|t| t.contains("remembers which record in your app matches")));
    assert!(
        query(&root, "#instance-search").is_none(),
        "the engine offers no search of data link tables"
    );
}

#[wasm_bindgen_test]
async fn a_failing_section_keeps_the_customer_page() {
    engine(
        "if (url.pathname === '/action-instances') return { status: 500, body: { type: 'internal', message: 'Database unavailable' } };",
    );
    let (root, _guard) = mount_app_at("/customers/c1/actions");
    until(|| !texts(&root, ".error-message").is_empty()).await;
    assert!(texts(&root, ".error-message")[0].contains("Database unavailable"));
    assert!(button(&root, "Retry").is_some());
    until(|| texts(&root, "h1") == ["Acme"]).await;
}

const FLOW: &str = r#"
    if (url.pathname === '/flow-instance' && url.searchParams.get('id') === 'f1') return { body: {
        id: 'f1', name: 'Create contacts', state: 'READY', enabled: true, tenantId: 'c1', isCustomized: true, flowId: 'fl1',
        nodes: {
            create: { type: 'create-data-record', name: 'Create contact' },
            transform: { type: 'transform-data', name: 'Map fields', links: [{ key: 'create' }], isCustomized: true },
            start: { type: 'api-trigger', name: 'Contact received', links: [{ key: 'transform' }],
                inputSchema: { type: 'object', properties: { email: { type: 'string', title: 'Email' } } } }
        } } };
    if (url.pathname === '/flow-runs' && method === 'POST') {
        window.__runBody = JSON.parse(body);
        return { status: 201, body: { id: 'r1', state: 'queued', startTime: '2026-12-01T10:00:00.000Z', nodes: {} } };
    }
    if (url.pathname === '/flow-runs/r1') return { body: { id: 'r1', state: 'completed',
        startTime: '2026-12-01T10:00:00.000Z', endTime: '2026-12-01T10:00:01.500Z',
        nodes: { start: { state: 'completed' }, transform: { state: 'completed' }, create: { state: 'completed' } } } };
    if (url.pathname === '/flow-instances/f1/reset' && method === 'POST') return { body: {
        id: 'f1', name: 'Create contacts', state: 'READY', enabled: true, tenantId: 'c1', flowId: 'fl1', nodes: {} } };
"#;

#[wasm_bindgen_test]
async fn a_flow_shows_its_steps_in_order_and_a_run_is_watched() {
    engine(FLOW);
    let (root, _guard) = mount_app_at("/customers/c1/flows/f1");
    until(|| texts(&root, ".flow-steps .step-name").len() == 3).await;
    assert_eq!(
        texts(&root, ".flow-steps .step-name"),
        ["Contact received", "Map fields", "Create contact"],
        "trigger first, then along the links"
    );
    type_into(&control(&root, "Email"), "ada@example.com").await;
    button(&root, "Run").expect("run").click();
    until(|| {
        texts(&root, ".run-progress .conn-status-label")
            .first()
            .map(String::as_str)
            == Some("Completed")
    })
    .await;
    let sent = js_sys::JSON::stringify(
        &js_sys::Reflect::get(&window(), &"__runBody".into()).expect("run body"),
    )
    .ok()
    .and_then(|s| s.as_string())
    .unwrap_or_default();
    assert_eq!(
        sent,
        r#"{"flowInstanceId":"f1","nodeKey":"start","input":{"email":"ada@example.com"}}"#
    );
    until(|| texts(&root, ".step-run").len() == 3).await;
    assert_eq!(texts(&root, ".step-run")[0], "This run: Completed");
    assert!(texts(&root, ".run-progress")
        .iter()
        .any(|t| t.contains("1.5 s")));
}

#[wasm_bindgen_test]
async fn reset_says_what_will_be_lost_before_it_is_done() {
    engine(FLOW);
    let (root, _guard) = mount_app_at("/customers/c1/flows/f1");
    until(|| button(&root, "Reset…").is_some()).await;
    button(&root, "Reset…").expect("reset").click();
    until(|| !texts(&root, "dialog li").is_empty()).await;
    assert_eq!(
        texts(&root, "dialog li"),
        ["the changes to the step “Map fields”"]
    );
    button(&root, "Reset").expect("confirm").click();
    until(|| texts(&root, ".flow-steps .step-name").is_empty()).await;
    assert!(texts(&root, ".toast").iter().any(|t| t.contains("reset")));
}

#[wasm_bindgen_test]
async fn an_action_run_refused_keeps_the_input_and_names_the_field() {
    engine(
        r#"
        if (url.pathname === '/action-instance') return { body: { id: 'a1', name: 'Create contact', tenantId: 'c1',
            type: 'create-data-record', config: { collection: 'contacts' },
            inputSchema: { type: 'object', properties: { email: { type: 'string', title: 'Email' }, name: { type: 'string', title: 'Name' } } } } };
        if (url.pathname === '/action-instance/run') {
            const input = JSON.parse(body);
            if (!input.email) return { status: 400, body: { type: 'bad_request', message: 'email: is required' } };
            return { body: { output: { id: 'rec-1', fields: input }, actionRunId: 'run-9' } };
        }
        "#,
    );
    let (root, _guard) = mount_app_at("/customers/c1/actions/a1");
    until(|| button(&root, "Run").is_some()).await;
    type_into(&control(&root, "Name"), "Ada").await;
    button(&root, "Run").expect("run").click();
    until(|| texts(&root, ".field-error") == ["⚠ is required"]).await;
    assert_eq!(common::prop_string(&control(&root, "Name"), "value"), "Ada");
    type_into(&control(&root, "Email"), "ada@example.com").await;
    button(&root, "Run").expect("run").click();
    until(|| !texts(&root, ".action-output pre").is_empty()).await;
    let output = texts(&root, ".action-output pre").join("");
    assert!(
        output.contains("\"rec-1\"") && output.contains("ada@example.com"),
        "{output}"
    );
}
