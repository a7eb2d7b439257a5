//! Paging as the vendor's own clients do it: the SDK's `findAll` asks for `cursor=0` first,
//! then follows each answer's cursor until there is none.

use std::collections::HashSet;

use crate::common::{ids, Engine, CUSTOMERS};

/// Every item of `path`, walked the way the vendor SDK's `findAll` walks it.
async fn find_all(engine: &Engine, path: &str) -> Vec<serde_json::Value> {
    let separator = if path.contains('?') { '&' } else { '?' };
    let mut cursor = "0".to_string();
    let mut items = Vec::new();
    loop {
        let page = engine
            .get(&format!("{path}{separator}cursor={cursor}&limit=1000"))
            .await;
        items.extend(page["items"].as_array().cloned().unwrap_or_default());
        match page["cursor"].as_str() {
            Some(next) => cursor = next.to_string(),
            None => return items,
        }
    }
}

#[tokio::test]
async fn every_list_walks_from_cursor_zero_like_the_vendor_sdk() {
    let engine = Engine::new();
    for path in [
        "/customers?includeArchived=true",
        "/users",
        "/connections",
        "/integrations",
        "/connectors",
        "/external-apps",
        "/flow-instances?includeArchived=true",
        "/flow-runs",
        "/action-instances",
        "/data-source-instances",
        "/field-mapping-instances",
        "/data-link-table-instances",
        "/app-event-subscriptions",
        "/external-event-subscriptions",
    ] {
        let walked = find_all(&engine, path).await;
        let plain = engine.all(path).await;
        assert!(!walked.is_empty(), "{path}: nothing listed");
        assert_eq!(
            ids(&walked),
            ids(&plain),
            "{path}: cursor=0 is not the first page"
        );
        let unique: HashSet<String> = ids(&walked).into_iter().collect();
        assert_eq!(unique.len(), walked.len(), "{path}: an item listed twice");
    }
    let customers = find_all(&engine, "/customers?includeArchived=true").await;
    assert_eq!(customers.len(), CUSTOMERS);
}

#[tokio::test]
async fn an_empty_cursor_is_the_first_page_and_a_made_up_one_is_refused() {
    let engine = Engine::new();
    let first = engine.get("/customers?limit=5").await;
    let empty = engine.get("/customers?limit=5&cursor=").await;
    assert_eq!(first["items"], empty["items"]);
    let reply = engine
        .fails(
            axum::http::Method::GET,
            "/customers?cursor=not-a-cursor",
            None,
            400,
        )
        .await;
    assert!(reply.to_string().contains("cursor"), "{reply}");
}
