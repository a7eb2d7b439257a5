use axum::http::Method;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::{json, Value};

use crate::common::{Engine, KEY};

async fn token_path(engine: &Engine) -> String {
    let workspace = engine.get("/workspace").await;
    let id = workspace["id"].as_str().expect("workspace id");
    format!("/org-workspaces/{id}/access-token")
}

/// The token's claims, read without verifying: the test checks what the engine put there.
fn claims(token: &str) -> Value {
    let payload = token.split('.').nth(1).expect("three parts");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).expect("base64url")).expect("JSON")
}

#[tokio::test]
async fn mints_a_customer_token_that_sees_only_that_customer() {
    let engine = Engine::new();
    let path = token_path(&engine).await;
    let test_customer = engine.customer_id("cust-00008").await;
    let minted = engine
        .ok(
            Method::POST,
            &path,
            Some(json!({ "tenantId": test_customer })),
        )
        .await;
    let token = minted["token"].as_str().expect("token").to_string();
    let claims = claims(&token);
    assert_eq!(claims["iss"], KEY);
    assert_eq!(claims["id"], "cust-00008");
    assert_eq!(claims["name"], "Pied Piper (test)");
    assert!(claims.get("isAdmin").is_none());
    let lifetime = claims["exp"].as_i64().unwrap() - engine::db::now_ms() / 1000;
    assert!(
        (3590..=3600).contains(&lifetime),
        "expires in about an hour, not {lifetime}s"
    );

    let reply = engine
        .call(Method::GET, "/connections?limit=1000", Some(&token), None)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let connections = reply.json()["items"].as_array().unwrap().clone();
    assert!(
        !connections.is_empty(),
        "the test customer has a connection"
    );
    assert!(connections
        .iter()
        .all(|c| c["userId"] == test_customer.as_str()));
    let everyone = engine.get("/connections?limit=1000").await;
    assert!(everyone["items"].as_array().unwrap().len() > connections.len());
    let customers = engine
        .call(Method::GET, "/customers", Some(&token), None)
        .await
        .json();
    assert_eq!(customers["items"].as_array().unwrap().len(), 1);
    assert_eq!(customers["items"][0]["id"], test_customer.as_str());
}

#[tokio::test]
async fn name_and_fields_go_into_the_token_and_is_admin_mints_an_admin_token() {
    let engine = Engine::new();
    let path = token_path(&engine).await;
    let acme = engine.customer_id("cust-00001").await;
    let minted = engine
        .ok(
            Method::POST,
            &path,
            Some(json!({ "tenantId": acme, "name": "Acme QA", "fields": { "plan": "pro" } })),
        )
        .await;
    let customer_claims = claims(minted["token"].as_str().unwrap());
    assert_eq!(customer_claims["name"], "Acme QA");
    assert_eq!(customer_claims["fields"], json!({ "plan": "pro" }));

    let minted = engine
        .ok(Method::POST, &path, Some(json!({ "isAdmin": true })))
        .await;
    let admin = minted["token"].as_str().unwrap();
    assert_eq!(claims(admin)["isAdmin"], true);
    let reply = engine
        .call(
            Method::PATCH,
            "/workspace",
            Some(admin),
            Some(json!({ "name": "Renamed" })),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
}

#[tokio::test]
async fn only_an_admin_may_mint() {
    let engine = Engine::new();
    let path = token_path(&engine).await;
    let acme = engine.customer_id("cust-00001").await;
    let own = engine.customer_token("cust-00001");
    for body in [json!({ "tenantId": acme }), json!({ "isAdmin": true })] {
        let reply = engine
            .call(Method::POST, &path, Some(&own), Some(body))
            .await;
        assert_eq!(reply.status, 403, "{}", reply.text);
        assert_eq!(reply.json()["key"], "access_denied");
    }
    let reply = engine
        .call(Method::POST, &path, None, Some(json!({ "tenantId": acme })))
        .await;
    assert_eq!(reply.status, 401);
}

#[tokio::test]
async fn refuses_unknown_customers_and_workspaces_and_unclear_requests() {
    let engine = Engine::new();
    let path = token_path(&engine).await;
    let unknown = engine
        .fails(
            Method::POST,
            &path,
            Some(json!({ "tenantId": "no-such-customer" })),
            404,
        )
        .await;
    assert_eq!(unknown["key"], "not_found");
    assert!(unknown["message"]
        .as_str()
        .unwrap()
        .contains("no-such-customer"));
    // The internal id is not the engine id.
    engine
        .fails(
            Method::POST,
            &path,
            Some(json!({ "tenantId": "cust-00001" })),
            404,
        )
        .await;
    let acme = engine.customer_id("cust-00001").await;
    let wrong_workspace = engine
        .fails(
            Method::POST,
            "/org-workspaces/not-this-one/access-token",
            Some(json!({ "tenantId": acme })),
            404,
        )
        .await;
    assert!(wrong_workspace["message"]
        .as_str()
        .unwrap()
        .contains("GET /workspace"));
    let archived = engine.customer_id("cust-00010").await;
    let error = engine
        .fails(
            Method::POST,
            &path,
            Some(json!({ "tenantId": archived })),
            400,
        )
        .await;
    assert!(error["message"].as_str().unwrap().contains("archived"));
    for (body, expected) in [
        (json!({}), "tenantId: is required"),
        (json!({ "isAdmin": false }), "tenantId: is required"),
        (json!({ "tenantId": acme, "isAdmin": true }), "not both"),
        (json!({ "tenantId": 7 }), "tenantId:"),
        (json!({ "isAdmin": "yes" }), "isAdmin:"),
        (json!({ "tenantId": acme, "fields": [] }), "fields:"),
        (json!({ "tenantId": acme, "name": "" }), "name:"),
    ] {
        let error = engine
            .fails(Method::POST, &path, Some(body.clone()), 400)
            .await;
        let message = error["message"].as_str().unwrap();
        assert!(message.contains(expected), "{body}: {message}");
    }
}
