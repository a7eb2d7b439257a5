use axum::http::Method;
use serde_json::json;

use crate::common::{Engine, KEY};

#[tokio::test]
async fn returns_the_demo_workspace_with_a_clean_schema() {
    let engine = Engine::new();
    let workspace = engine.get("/workspace").await;
    assert_eq!(workspace["key"], KEY);
    assert_eq!(workspace["name"], "Switchboard Demo");
    assert!(workspace["id"].is_string());
    let schema = &workspace["userFieldsSchema"];
    let parsed = switchboard_schema::parse(schema);
    assert!(parsed.is_clean(), "{:?}", parsed.notices());
    let properties = schema["properties"].as_object().unwrap();
    for (field, keyword) in [
        ("displayName", "minLength"),
        ("contactEmail", "format"),
        ("website", "format"),
        ("contractStart", "format"),
        ("lastSyncAt", "format"),
        ("plan", "enum"),
        ("seats", "maximum"),
        ("billingAddress", "properties"),
        ("tags", "maxItems"),
        ("region", "referenceRecords"),
        ("crmApiSecret", "isSensitive"),
        ("notes", "isRichText"),
    ] {
        assert!(
            properties[field].get(keyword).is_some(),
            "{field}.{keyword}"
        );
    }
    assert!(
        schema["properties"]["billingAddress"]["properties"]["postcode"]["pattern"].is_string()
    );
    assert_eq!(schema["properties"]["region"]["allowCustom"], true);
    assert_eq!(properties["betaFeatures"]["type"], "boolean");
}

#[tokio::test]
async fn patch_validates_the_schema() {
    let engine = Engine::new();
    let schema = json!({ "type": "object", "properties": { "tier": { "type": "string", "enum": ["a", "b"] } } });
    let updated = engine
        .ok(
            Method::PATCH,
            "/workspace",
            Some(json!({ "userFieldsSchema": schema })),
        )
        .await;
    assert_eq!(updated["userFieldsSchema"], schema);
    assert_eq!(engine.get("/workspace").await["userFieldsSchema"], schema);

    let bad = json!({ "type": "object", "properties": { "tier": { "type": "strnig" }, "n": { "type": "integer", "minimum": 5, "maximum": 1 } } });
    let error = engine
        .fails(
            Method::PATCH,
            "/workspace",
            Some(json!({ "userFieldsSchema": bad })),
            400,
        )
        .await;
    let message = error["message"].as_str().unwrap();
    assert!(message.starts_with("userFieldsSchema:"), "{message}");
    assert!(message.contains("/properties/tier"), "{message}");
    assert!(message.contains("/properties/n"), "{message}");
    assert_eq!(error["data"]["notices"].as_array().unwrap().len(), 2);
    let error = engine
        .fails(
            Method::PATCH,
            "/workspace",
            Some(json!({ "userFieldsSchema": "text" })),
            400,
        )
        .await;
    assert!(error["message"]
        .as_str()
        .unwrap()
        .starts_with("userFieldsSchema:"));
    assert_eq!(
        engine.get("/workspace").await["userFieldsSchema"],
        schema,
        "unchanged by refused patches"
    );

    let cleared = engine
        .ok(
            Method::PATCH,
            "/workspace",
            Some(json!({ "userFieldsSchema": null })),
        )
        .await;
    assert!(cleared.get("userFieldsSchema").is_none());
}
