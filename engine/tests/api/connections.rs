use axum::http::Method;
use serde_json::{json, Value};

use crate::common::{ids, Engine};

/// The seeded connection of a customer to an integration.
async fn connection(engine: &Engine, internal_id: &str, integration: &str) -> Value {
    let user = engine.customer_id(internal_id).await;
    let page = engine
        .get(&format!(
            "/connections?userId={user}&integrationKey={integration}&includeArchived=true"
        ))
        .await;
    page["items"][0].clone()
}

#[tokio::test]
async fn seeded_connections_cover_every_state() {
    let engine = Engine::new();
    let all = engine.all("/connections?includeArchived=true").await;
    assert!(all.len() >= 30, "{}", all.len());
    for c in &all {
        for field in [
            "id",
            "name",
            "userId",
            "integrationId",
            "connectorId",
            "connectorVersion",
            "state",
            "connected",
            "createdAt",
        ] {
            assert!(c.get(field).is_some(), "{field} missing in {c}");
        }
        assert_eq!(c["user"]["id"], c["userId"]);
        assert!(c["user"]["name"].is_string() && c["user"]["internalId"].is_string());
        assert_eq!(c["integration"]["id"], c["integrationId"]);
        assert!(c["integration"]["logoUri"]
            .as_str()
            .unwrap()
            .ends_with(".svg"));
    }
    let ready = connection(&engine, "cust-00001", "hubspot").await;
    assert_eq!(
        (ready["state"].as_str(), ready["connected"].as_bool()),
        (Some("READY"), Some(true))
    );
    let revoked = connection(&engine, "cust-00001", "salesforce").await;
    assert_eq!(revoked["connected"], false);
    assert_eq!(revoked["disconnected"], true);
    assert_eq!(revoked["error"]["type"], "connection");
    assert!(revoked["error"]["message"]
        .as_str()
        .unwrap()
        .contains("revoked"));
    let action = connection(&engine, "cust-00002", "zendesk").await;
    assert_eq!(action["state"], "CLIENT_ACTION_REQUIRED");
    assert!(action["error"]["message"]
        .as_str()
        .unwrap()
        .contains("Reconnect"));
    let archived = connection(&engine, "cust-00004", "hubspot").await;
    assert!(archived["archivedAt"].is_string());
    let rejected = connection(&engine, "cust-00004", "stripe").await;
    assert!(rejected["error"]["message"]
        .as_str()
        .unwrap()
        .contains("401"));
}

#[tokio::test]
async fn filters_connections() {
    let engine = Engine::new();
    let acme = engine.customer_id("cust-00001").await;
    let live = engine.all("/connections").await;
    let with_archived = engine.all("/connections?includeArchived=true").await;
    assert_eq!(with_archived.len(), live.len() + 1);

    let of_acme = engine.all(&format!("/connections?userId={acme}")).await;
    assert_eq!(of_acme.len(), 4);
    let hubspot = engine.get("/integrations/hubspot").await;
    let by_key = engine.all("/connections?integrationKey=hubspot").await;
    let by_id = engine
        .all(&format!(
            "/connections?integrationId={}",
            hubspot["id"].as_str().unwrap()
        ))
        .await;
    let by_connector = engine
        .all(&format!(
            "/connections?connectorId={}",
            hubspot["connectorId"].as_str().unwrap()
        ))
        .await;
    assert_eq!(ids(&by_key), ids(&by_id));
    assert_eq!(ids(&by_key), ids(&by_connector));
    assert!(by_key.iter().all(|c| c["integration"]["key"] == "hubspot"));

    let connected = engine.all("/connections?connected=true").await;
    let disconnected = engine.all("/connections?connected=false").await;
    assert!(connected.iter().all(|c| c["connected"] == true));
    assert!(disconnected.iter().all(|c| c["connected"] == false));
    assert_eq!(connected.len() + disconnected.len(), live.len());
    assert_eq!(
        ids(&engine.all("/connections?disconnected=true").await),
        ids(&disconnected)
    );
    engine
        .fails(
            Method::GET,
            "/connections?connected=true&disconnected=true",
            None,
            400,
        )
        .await;

    let test = engine.all("/connections?isTest=true").await;
    assert!(!test.is_empty() && test.iter().all(|c| c["isTest"] == true));
    let search = engine.all("/connections?search=globex").await;
    assert_eq!(search.len(), 2);
    let search = engine.all("/connections?search=ZENDESK").await;
    assert!(search.iter().all(|c| c["integration"]["key"] == "zendesk"));
    let page = engine.get("/connections?limit=5").await;
    assert_eq!(page["items"].as_array().unwrap().len(), 5);
    engine
        .fails(Method::GET, "/connections?limit=0", None, 400)
        .await;
}

#[tokio::test]
async fn secrets_rename_archive_and_restore() {
    let engine = Engine::new();
    let stripe = connection(&engine, "cust-00001", "stripe").await;
    let path = format!("/connections/{}", stripe["id"].as_str().unwrap());
    assert!(engine.get(&path).await.get("credentials").is_none());
    let secret = engine.get(&format!("{path}?includeSecrets=true")).await;
    assert!(secret["credentials"]["apiKey"]
        .as_str()
        .unwrap()
        .starts_with("sk_demo_"));
    let renamed = engine
        .ok(Method::PATCH, &path, Some(json!({ "name": "Stripe (EU)" })))
        .await;
    assert_eq!(renamed["name"], "Stripe (EU)");
    let error = engine
        .fails(Method::PATCH, &path, Some(json!({ "name": "" })), 400)
        .await;
    assert!(error["message"].as_str().unwrap().starts_with("name:"));
    engine.ok(Method::DELETE, &path, None).await;
    let error = engine
        .fails(Method::PATCH, &path, Some(json!({ "name": "x" })), 400)
        .await;
    assert!(error["message"].as_str().unwrap().contains("archived"));
    let restored = engine
        .ok(Method::POST, &format!("{path}/restore"), None)
        .await;
    assert!(restored.get("archivedAt").is_none());
    engine
        .fails(Method::GET, "/connections/nope", None, 404)
        .await;
}

#[tokio::test]
async fn refresh_credentials_and_test() {
    let engine = Engine::new();
    let hubspot = connection(&engine, "cust-00001", "hubspot").await;
    let path = format!("/connections/{}", hubspot["id"].as_str().unwrap());
    let refreshed = engine
        .ok(Method::POST, &format!("{path}/refresh-credentials"), None)
        .await;
    assert_eq!(refreshed["connected"], true);
    assert!(
        refreshed["lastActiveAt"].as_str().unwrap() > hubspot["lastActiveAt"].as_str().unwrap()
    );
    let tested = engine.ok(Method::POST, &format!("{path}/test"), None).await;
    assert_eq!(tested["success"], true);

    let revoked = connection(&engine, "cust-00001", "salesforce").await;
    let path = format!("/connections/{}", revoked["id"].as_str().unwrap());
    let error = engine
        .fails(
            Method::POST,
            &format!("{path}/refresh-credentials"),
            None,
            400,
        )
        .await;
    assert_eq!(error["type"], "connection");
    assert!(error["message"].as_str().unwrap().contains("invalid_grant"));
    assert_eq!(engine.get(&path).await["connected"], false);
    let tested = engine.ok(Method::POST, &format!("{path}/test"), None).await;
    assert_eq!(tested["success"], false);
    assert!(tested["message"].as_str().unwrap().contains("revoked"));

    let rejected = connection(&engine, "cust-00004", "stripe").await;
    let path = format!("/connections/{}", rejected["id"].as_str().unwrap());
    let tested = engine.ok(Method::POST, &format!("{path}/test"), None).await;
    assert_eq!(tested["success"], false);
    assert!(tested["message"]
        .as_str()
        .unwrap()
        .contains("rejected by Stripe"));
    let error = engine
        .fails(
            Method::POST,
            &format!("{path}/refresh-credentials"),
            None,
            400,
        )
        .await;
    assert!(error["message"].as_str().unwrap().contains("API key"));

    let action = connection(&engine, "cust-00002", "zendesk").await;
    let tested = engine
        .ok(
            Method::POST,
            &format!("/connections/{}/test", action["id"].as_str().unwrap()),
            None,
        )
        .await;
    assert_eq!(tested["success"], false);
}
