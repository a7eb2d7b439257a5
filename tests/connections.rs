//! Component tests of the connection screens, in headless Chromium, without
//! an engine: status badges, and what the screens say when the engine is not
//! configured.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{button, mount, query, settle, texts, unconfigured_api};
use leptos::prelude::*;
use switchboard::api::{Connection, ConnectionStatus};
use switchboard::pages::connections::{CustomerConnectionRows, CustomerConnections, StatusBadge};
use switchboard::ui::Theme;
use switchboard::App;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn status_is_said_in_words_with_the_engines_message() {
    let broken: Connection = serde_json::from_str(
        r#"{"id":"c1","error":{"type":"connection","message":"The API key was rejected"}}"#,
    )
    .expect("valid connection");
    let (root, _handle) = mount(move || {
        view! {
            <StatusBadge status=ConnectionStatus::Connected/>
            <StatusBadge status=broken.status() with_detail=true/>
            <StatusBadge status=ConnectionStatus::ActionRequired("Approve the scope".into()) with_detail=true/>
        }
    });
    settle().await;
    assert_eq!(
        texts(&root, ".conn-status-label"),
        ["Connected", "Error", "Action required"]
    );
    assert_eq!(
        texts(&root, ".conn-status-detail"),
        ["The API key was rejected", "Approve the scope"]
    );
    // The icon is decoration; the words carry the meaning.
    assert_eq!(texts(&root, "[aria-hidden=true]").len(), 3);
}

#[wasm_bindgen_test]
async fn connection_list_without_an_engine_says_what_to_do() {
    let (root, _handle) = mount(|| {
        view! { <App api=unconfigured_api() base="" theme=Theme::Light set_document_title=true/> }
    });
    settle().await;
    let link = query(&root, "nav a[href='/connections']").expect("nav link");
    link.click();
    settle().await;
    assert_eq!(texts(&root, "h1"), ["Connections"]);
    assert!(texts(&root, ".error-title").contains(&"No engine configured".to_owned()));
    assert_eq!(document().title(), "Connections · Switchboard");
    assert!(query(&root, "form[role=search] #conn-search").is_some());
}

#[wasm_bindgen_test]
async fn customer_connections_open_the_connect_dialog_and_close_it() {
    let (root, _handle) = mount(|| {
        provide_context(unconfigured_api());
        let rows = CustomerConnectionRows::start(Memo::new(|_| "u1".to_owned()));
        view! { <CustomerConnections rows customer_id="u1".to_owned() customer_name="Acme".to_owned()/> }
    });
    settle().await;
    assert_eq!(texts(&root, "h2"), ["Connections"]);
    button(&root, "Connect an app")
        .expect("connect button")
        .click();
    settle().await;
    let dialog = query(&root, "[role=dialog]").expect("dialog");
    let title_id = dialog.get_attribute("aria-labelledby").expect("labelled");
    let title = query(&root, &format!("#{title_id}")).expect("title");
    assert_eq!(
        title.text_content().as_deref(),
        Some("Connect Acme to an app")
    );
    assert!(
        query(&root, "#conn-app-search").is_some(),
        "search the apps"
    );
    query(&root, "button[aria-label=Close]")
        .expect("close")
        .click();
    settle().await;
    assert!(query(&root, "#conn-app-search").is_none());
}
