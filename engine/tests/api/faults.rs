use std::time::{Duration, Instant};

use axum::http::Method;
use serde_json::json;

use crate::common::Engine;

#[tokio::test]
async fn fault_routes_exist_only_with_faults_enabled() {
    let engine = Engine::new();
    let reply = engine
        .call(
            Method::POST,
            "/_faults",
            None,
            Some(json!({ "path": "/customers", "status": 500 })),
        )
        .await;
    assert_eq!(reply.status, 404);
    assert_eq!(reply.json()["key"], "not_found");
}

#[tokio::test]
async fn injects_statuses_for_the_next_matching_requests() {
    let engine = Engine::with_faults();
    let id = engine.customer_id("cust-00001").await;
    let path = format!("/customers/{id}");
    let reply = engine
        .call(
            Method::POST,
            "/_faults",
            None,
            Some(json!({ "path": "/customers", "method": "patch", "count": 2, "status": 500 })),
        )
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    engine.get(&path).await; // GET does not match
    for _ in 0..2 {
        let error = engine
            .fails(Method::PATCH, &path, Some(json!({ "name": "x" })), 500)
            .await;
        assert_eq!(error["type"], "internal");
    }
    engine
        .ok(Method::PATCH, &path, Some(json!({ "name": "x" })))
        .await;

    engine
        .call(
            Method::POST,
            "/_faults",
            None,
            Some(json!({ "path": "/integrations", "status": 429 })),
        )
        .await;
    let reply = engine
        .call(Method::GET, "/integrations", Some(&engine.admin), None)
        .await;
    assert_eq!(reply.status, 429);
    assert_eq!(reply.json()["key"], "rate_limit_exceeded");
    assert_eq!(reply.header("retry-after"), "1");

    engine
        .call(
            Method::POST,
            "/_faults",
            None,
            Some(json!({ "path": "/workspace", "status": 401 })),
        )
        .await;
    let reply = engine
        .call(Method::GET, "/workspace", Some(&engine.admin), None)
        .await;
    assert_eq!(
        (reply.status.as_u16(), reply.json()["key"].as_str()),
        (401, Some("not_authenticated"))
    );
}

#[tokio::test]
async fn injects_malformed_bodies_delays_and_clears() {
    let engine = Engine::with_faults();
    engine
        .call(
            Method::POST,
            "/_faults",
            None,
            Some(json!({ "path": "/connectors", "malformed": true })),
        )
        .await;
    let reply = engine
        .call(Method::GET, "/connectors", Some(&engine.admin), None)
        .await;
    assert_eq!(reply.status, 200);
    assert!(serde_json::from_str::<serde_json::Value>(&reply.text).is_err());

    engine
        .call(
            Method::POST,
            "/_faults",
            None,
            Some(json!({ "path": "/external-apps", "delayMs": 150 })),
        )
        .await;
    let started = Instant::now();
    let reply = engine
        .call(Method::GET, "/external-apps", Some(&engine.admin), None)
        .await;
    assert_eq!(reply.status, 200, "a delay alone still answers normally");
    assert!(started.elapsed() >= Duration::from_millis(150));

    engine
        .call(
            Method::POST,
            "/_faults",
            None,
            Some(json!({ "path": "/", "status": 503, "count": 100 })),
        )
        .await;
    let listed = engine
        .call(Method::GET, "/_faults", None, None)
        .await
        .json();
    assert_eq!(listed["items"][0]["count"], 100);
    let cleared = engine.call(Method::DELETE, "/_faults", None, None).await;
    assert_eq!(cleared.status, 200);
    engine.get("/customers?limit=1").await;

    for (body, field) in [
        (json!({ "status": 500 }), "path:"),
        (json!({ "path": "customers", "status": 500 }), "path:"),
        (json!({ "path": "/x", "status": 200 }), "status:"),
        (json!({ "path": "/x", "status": 500, "count": 0 }), "count:"),
        (json!({ "path": "/x", "delayMs": -5 }), "delayMs:"),
        (json!({ "path": "/x", "drop": "yes" }), "drop:"),
    ] {
        let reply = engine
            .call(Method::POST, "/_faults", None, Some(body.clone()))
            .await;
        assert_eq!(reply.status, 400, "{body}");
        assert!(
            reply.json()["message"].as_str().unwrap().starts_with(field),
            "{body}: {}",
            reply.text
        );
    }
}
