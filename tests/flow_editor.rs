//! Component tests of the flow editor's states against a pretend engine (a
//! stubbed `fetch`), in headless Chromium: read-only until customized,
//! problems on their step with nothing sent, the engine's 400 on the step it
//! names, odd nodes, and formulas shown in words.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{button, control, mount_app_at, query, texts, type_into, until};
use leptos::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A pretend engine with customer `c1` and flow `f1` shaped by `flow`
/// (JavaScript object fields); PATCH bodies are kept in `window.__saved`.
fn engine(flow: &str, patch: &str) {
    js_sys::Reflect::set(&window(), &"__saved".into(), &js_sys::Array::new()).expect("reset");
    common::stub_fetch(&format!(
        r#"
        const flow = {{ id: 'f1', name: 'Welcome', state: 'READY', enabled: true, tenantId: 'c1', {flow} }};
        if (url.pathname === '/flow-instance' && method === 'PATCH') {{
            (window.__saved = window.__saved || []).push(JSON.parse(body));
            {patch}
            return {{ body: {{ ...flow, ...JSON.parse(body) }} }};
        }}
        if (url.pathname === '/flow-instance') return {{ body: flow }};
        if (url.pathname === '/customers/c1') return {{ body: {{ id: 'c1', name: 'Acme' }} }};
        if (url.pathname === '/workspace') return {{ body: {{ id: 'w1', name: 'Workspace' }} }};
        if (url.pathname.endsWith('-instances') || url.pathname.endsWith('-subscriptions') || url.pathname === '/connections' || url.pathname === '/flow-runs')
            return {{ body: {{ items: [] }} }};
        return {{ status: 404, body: {{ type: 'bad_request', message: 'no ' + url.pathname }} }};
        "#
    ));
}

const CUSTOMER_LEVEL: &str = r#"
    nodes: {
        start: { type: 'api-trigger', name: 'Contact received', links: [{ key: 'shape' }] },
        shape: { type: 'transform-data', name: 'Shape it', config: { output: { $var: '$.input.start' } } }
    }
"#;

fn saved_bodies() -> usize {
    js_sys::Reflect::get(&window(), &"__saved".into())
        .ok()
        .filter(|v| !v.is_undefined())
        .map(|v| js_sys::Array::from(&v).length() as usize)
        .unwrap_or(0)
}

/// The `n`th button (from 0) whose text is `label`.
fn nth_button(root: &web_sys::HtmlElement, label: &str, n: usize) -> web_sys::HtmlElement {
    use wasm_bindgen::JsCast;
    let all = root.query_selector_all("button").expect("selector");
    (0..all.length())
        .filter_map(|i| all.item(i))
        .map(|b| b.unchecked_into::<web_sys::HtmlElement>())
        .filter(|b| b.text_content().unwrap_or_default().trim() == label)
        .nth(n)
        .unwrap_or_else(|| panic!("no button {label:?} number {n}"))
}

/// Opens the trigger's settings, types a new name (so there is something
/// to save) and presses Save flow.
async fn rename_the_trigger_and_save(root: &web_sys::HtmlElement) {
    until(|| texts(root, ".flow-steps .step-name").len() == 2).await;
    button(root, "Settings").expect("settings").click();
    until(|| query(root, "#step-start-name").is_some()).await;
    type_into(&control(root, "Name"), "Contact arrives").await;
    button(root, "Save flow").expect("save").click();
}

/// The text of the step whose title is `title`.
fn step_text(root: &web_sys::HtmlElement, title: &str) -> String {
    use wasm_bindgen::JsCast;
    let steps = root.query_selector_all(".flow-step").expect("selector");
    (0..steps.length())
        .filter_map(|i| steps.item(i))
        .map(|s| s.unchecked_into::<web_sys::HtmlElement>())
        .find(|s| {
            s.query_selector(".step-name")
                .ok()
                .flatten()
                .and_then(|n| n.text_content())
                .is_some_and(|t| t == title)
        })
        .and_then(|s| s.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_deployed_flow_is_read_only_until_customized() {
    engine(&format!("flowId: 'fl1', {CUSTOMER_LEVEL}"), "");
    let (root, _guard) = mount_app_at("/customers/c1/flows/f1");
    until(|| texts(&root, ".flow-steps .step-name").len() == 2).await;
    assert!(
        button(&root, "Settings").is_none(),
        "no editing before customizing"
    );
    button(&root, "Customize for this customer")
        .expect("customize")
        .click();
    until(|| button(&root, "Save flow").is_some()).await;
    assert!(button(&root, "Settings").is_some());
    button(&root, "Stop customizing").expect("stop").click();
    until(|| button(&root, "Save flow").is_none()).await;
}

#[wasm_bindgen_test]
async fn a_formula_is_shown_as_what_it_refers_to() {
    engine(CUSTOMER_LEVEL, "");
    let (root, _guard) = mount_app_at("/customers/c1/flows/f1");
    until(|| texts(&root, ".flow-steps .step-name").len() == 2).await;
    nth_button(&root, "Settings", 1).click();
    until(|| step_text(&root, "Shape it").contains("= Output of Contact received")).await;
    assert!(
        !step_text(&root, "Shape it").contains("$var"),
        "not raw JSON: {}",
        step_text(&root, "Shape it")
    );
}

#[wasm_bindgen_test]
async fn problems_show_on_their_step_and_nothing_is_sent() {
    engine(
        r#"nodes: {
            start: { type: 'api-trigger', name: 'Contact received', links: [{ key: 'store' }] },
            store: { type: 'create-data-record', name: 'Store it' }
        }"#,
        "",
    );
    let (root, _guard) = mount_app_at("/customers/c1/flows/f1");
    rename_the_trigger_and_save(&root).await;
    until(|| !texts(&root, ".form-summary").is_empty()).await;
    assert!(texts(&root, ".form-summary")[0].contains("1 step has a problem"));
    assert!(step_text(&root, "Store it").contains("Collection"));
    assert_eq!(
        saved_bodies(),
        0,
        "nothing is sent while the flow has problems"
    );
}

#[wasm_bindgen_test]
async fn the_engines_refusal_lands_on_the_step_it_names() {
    engine(
        CUSTOMER_LEVEL,
        "return { status: 400, body: { type: 'bad_request', message: 'nodes.shape.links: links back to start, which makes a loop' } };",
    );
    let (root, _guard) = mount_app_at("/customers/c1/flows/f1");
    rename_the_trigger_and_save(&root).await;
    until(|| step_text(&root, "Shape it").contains("links back to start")).await;
    assert_eq!(saved_bodies(), 1);
    let name = query(&root, "#step-start-name").expect("the name input");
    assert_eq!(
        common::prop_string(&name, "value"),
        "Contact arrives",
        "a refused save keeps what was typed"
    );
    assert!(texts(&root, ".badge.unsaved").len() == 1);
}

#[wasm_bindgen_test]
async fn odd_nodes_cost_only_themselves() {
    engine(
        r#"nodes: {
            start: { type: 'api-trigger', links: [{ key: 'weird' }, { nokey: true }] },
            weird: { type: 'teleport', name: 'Beam it', config: { to: 'mars' } },
            broken: 42
        }"#,
        "",
    );
    let (root, _guard) = mount_app_at("/customers/c1/flows/f1");
    until(|| texts(&root, ".flow-steps .step-name").len() == 3).await;
    assert!(step_text(&root, "Beam it").contains("Unknown type “teleport”"));
    assert!(step_text(&root, "broken").contains("never runs"));
}

#[wasm_bindgen_test]
async fn formulas_inside_a_json_value_are_named_below_it() {
    engine(
        r#"nodes: {
            start: { type: 'api-trigger', name: 'Contact received', links: [{ key: 'shape' }] },
            shape: { type: 'transform-data', name: 'Shape it',
                config: { output: { email: { $var: '$.input.start.email' }, tags: ['new', { $var: '$.input.start' }] } } }
        }"#,
        "",
    );
    let (root, _guard) = mount_app_at("/customers/c1/flows/f1");
    until(|| texts(&root, ".flow-steps .step-name").len() == 2).await;
    nth_button(&root, "Settings", 1).click();
    until(|| !texts(&root, ".formula-refs li").is_empty()).await;
    assert_eq!(
        texts(&root, ".formula-refs li"),
        [
            "email = email of Contact received",
            "tags.1 = Output of Contact received"
        ]
    );
}
