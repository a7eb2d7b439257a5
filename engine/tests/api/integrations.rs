use axum::http::Method;
use serde_json::json;

use crate::common::{Engine, BASE};

#[tokio::test]
async fn lists_the_demo_integrations() {
    let engine = Engine::new();
    let live = engine.all("/integrations").await;
    let keys: Vec<&str> = live.iter().map(|i| i["key"].as_str().unwrap()).collect();
    assert_eq!(live.len(), 8, "{keys:?}");
    for key in [
        "hubspot",
        "salesforce",
        "slack",
        "jira",
        "github",
        "zendesk",
        "pipedrive",
        "stripe",
    ] {
        assert!(keys.contains(&key), "{key}");
    }
    let all = engine.all("/integrations?includeArchived=true").await;
    let intercom = all.iter().find(|i| i["key"] == "intercom").unwrap();
    assert!(intercom["archivedAt"].is_string());
    for integration in &live {
        for field in [
            "id",
            "key",
            "name",
            "logoUri",
            "connectorId",
            "connectorVersion",
            "parameters",
            "hasMissingParameters",
            "isDeactivated",
            "externalAppId",
            "authType",
            "createdAt",
            "updatedAt",
            "connectionsCount",
        ] {
            assert!(
                integration.get(field).is_some(),
                "{field} missing in {integration}"
            );
        }
        assert!(integration["logoUri"].as_str().unwrap().starts_with(BASE));
    }
    let by = |key: &str| live.iter().find(|i| i["key"] == key).unwrap().clone();
    assert_eq!(by("zendesk")["hasMissingParameters"], true);
    assert_eq!(by("zendesk")["state"], "CONFIGURATION_ERROR");
    assert!(by("zendesk")["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("brandId"));
    assert_eq!(by("hubspot")["hasMissingParameters"], false);
    assert_eq!(by("pipedrive")["isDeactivated"], true);
    assert_eq!(by("stripe")["authType"], "client-credentials");
    assert_eq!(by("hubspot")["authType"], "oauth2");
    assert!(by("hubspot")["connectionsCount"].as_i64().unwrap() >= 1);
    assert_eq!(
        engine.get("/integrations?search=SLA").await["items"][0]["key"],
        "slack"
    );
    let page = engine.get("/integrations?limit=3").await;
    assert_eq!(page["items"].as_array().unwrap().len(), 3);
    assert!(page["cursor"].is_string());
}

#[tokio::test]
async fn gets_by_id_or_key_and_serves_the_connector_spec() {
    let engine = Engine::new();
    let by_key = engine.get("/integrations/salesforce").await;
    let by_id = engine
        .get(&format!("/integrations/{}", by_key["id"].as_str().unwrap()))
        .await;
    assert_eq!(by_key, by_id);
    engine
        .fails(Method::GET, "/integrations/nope", None, 404)
        .await;
    let spec = engine.get("/integrations/salesforce/connector-spec").await;
    assert_eq!(spec["version"], "1.1.1");
    assert!(spec["parametersSchema"]["properties"]["apiVersion"].is_object());
    let option = &spec["auth"]["options"][0];
    assert_eq!(option["type"], "oauth2");
    assert_eq!(option["inputSchema"]["required"], json!(["subdomain"]));
    let github = engine.get("/integrations/github/connector-spec").await;
    assert_eq!(github["isPublic"], false);
    assert_eq!(github["connectorKey"], "github-enterprise");
}

#[tokio::test]
async fn creates_from_an_app_or_a_connector() {
    let engine = Engine::new();
    let notion = engine
        .ok(
            Method::POST,
            "/integrations",
            Some(json!({ "externalAppId": "notion" })),
        )
        .await;
    assert_eq!(notion["key"], "notion");
    assert_eq!(notion["name"], "Notion");
    assert_eq!(
        notion["connectorVersion"], "1.1.0",
        "newest version of the default connector"
    );
    assert_eq!(
        notion["hasMissingParameters"], false,
        "defaults fill apiVersion"
    );
    assert_eq!(notion["parameters"]["apiVersion"], "2021-06");
    assert_eq!(notion["parameters"]["syncIntervalMinutes"], 15);
    let dup = engine
        .fails(
            Method::POST,
            "/integrations",
            Some(json!({ "externalAppId": "notion" })),
            409,
        )
        .await;
    assert_eq!(dup["key"], "already_exists");
    assert_eq!(dup["data"]["field"], "key");
    let apps = engine.get("/external-apps?search=asana").await;
    let asana_id = apps["items"][0]["id"].as_str().unwrap();
    let asana = engine
        .ok(
            Method::POST,
            "/integrations",
            Some(json!({
                "externalAppId": asana_id, "connectorVersion": "2.0.0", "key": "asana-eu", "name": "Asana EU",
                "parameters": { "workspaceGid": "123" },
            })),
        )
        .await;
    assert_eq!(
        (asana["key"].as_str(), asana["connectorVersion"].as_str()),
        (Some("asana-eu"), Some("2.0.0"))
    );
    assert_eq!(asana["hasMissingParameters"], false);
    let fresh = engine
        .ok(
            Method::POST,
            "/integrations",
            Some(json!({ "externalAppId": "airtable" })),
        )
        .await;
    assert_eq!(fresh["hasMissingParameters"], false);
    let mailchimp = engine
        .ok(
            Method::POST,
            "/integrations",
            Some(json!({ "externalAppId": "mailchimp" })),
        )
        .await;
    assert_eq!(mailchimp["connectorVersion"], "2.0.0");
    assert_eq!(
        mailchimp["hasMissingParameters"], true,
        "audienceId has no default"
    );
    let custom = engine
        .ok(
            Method::POST,
            "/integrations",
            Some(json!({ "connectorId": "github-enterprise", "key": "gh-two" })),
        )
        .await;
    assert_eq!(custom["connectorVersion"], "0.2.0");

    let cases = [
        (
            json!({ "externalAppId": "notion", "key": "n2", "connectorVersion": "9.9.9" }),
            "connectorVersion:",
        ),
        (json!({ "key": "n3" }), "externalAppId:"),
        (json!({ "externalAppId": "unknown-app" }), "externalAppId:"),
        (json!({ "connectorId": "unknown" }), "connectorId:"),
        (
            json!({ "externalAppId": "notion", "key": "Bad Key!" }),
            "key:",
        ),
        (
            json!({ "externalAppId": "notion", "key": "n4", "parameters": [] }),
            "parameters:",
        ),
        (
            json!({ "externalAppId": "notion", "key": "n5", "parameters": { "apiVersion": "1999" } }),
            "parameters/apiVersion:",
        ),
        (
            json!({ "externalAppId": "notion", "key": "n6", "parameters": { "pageSize": "many" } }),
            "parameters/pageSize:",
        ),
    ];
    for (body, field) in cases {
        let error = engine
            .fails(Method::POST, "/integrations", Some(body.clone()), 400)
            .await;
        assert!(
            error["message"].as_str().unwrap().starts_with(field),
            "{body}: {error}"
        );
    }
}

#[tokio::test]
async fn patch_changes_versions_parameters_and_connectors() {
    let engine = Engine::new();
    let upgraded = engine
        .ok(
            Method::PATCH,
            "/integrations/salesforce",
            Some(json!({ "connectorVersion": "2.1.0" })),
        )
        .await;
    assert_eq!(upgraded["connectorVersion"], "2.1.0");
    assert_eq!(
        upgraded["hasMissingParameters"], true,
        "2.x requires recordOwnerId"
    );
    let fixed = engine
        .ok(
            Method::PATCH,
            "/integrations/salesforce",
            Some(json!({ "parameters": { "recordOwnerId": "005xx" } })),
        )
        .await;
    assert_eq!(fixed["hasMissingParameters"], false);
    assert_eq!(fixed["parameters"], json!({ "recordOwnerId": "005xx" }));
    let error = engine
        .fails(
            Method::PATCH,
            "/integrations/salesforce",
            Some(json!({ "parameters": { "pageSize": 9999 } })),
            400,
        )
        .await;
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .starts_with("parameters/pageSize:"),
        "{error}"
    );
    let error = engine
        .fails(
            Method::PATCH,
            "/integrations/salesforce",
            Some(json!({ "connectorVersion": "3.0.0" })),
            400,
        )
        .await;
    assert!(error["message"]
        .as_str()
        .unwrap()
        .starts_with("connectorVersion:"));
    let error = engine
        .fails(
            Method::PATCH,
            "/integrations/salesforce",
            Some(json!({ "connectorId": "hubspot" })),
            400,
        )
        .await;
    assert!(error["message"]
        .as_str()
        .unwrap()
        .starts_with("connectorId:"));

    let public = engine
        .ok(
            Method::PATCH,
            "/integrations/github",
            Some(json!({ "connectorId": "github" })),
        )
        .await;
    assert_eq!(
        public["connectorVersion"], "2.0.0",
        "switching picks the newest version"
    );
    let github_connector = engine.get("/connectors/github").await;
    assert_eq!(public["connectorId"], github_connector["id"]);

    let off = engine
        .ok(
            Method::PATCH,
            "/integrations/hubspot",
            Some(json!({ "isDeactivated": true, "name": "HS" })),
        )
        .await;
    assert_eq!(
        (off["isDeactivated"].as_bool(), off["name"].as_str()),
        (Some(true), Some("HS"))
    );
    let error = engine
        .fails(
            Method::PATCH,
            "/integrations/hubspot",
            Some(json!({ "isDeactivated": "no" })),
            400,
        )
        .await;
    assert!(error["message"]
        .as_str()
        .unwrap()
        .starts_with("isDeactivated:"));
}

#[tokio::test]
async fn archive_and_restore() {
    let engine = Engine::new();
    let archived = engine.ok(Method::DELETE, "/integrations/slack", None).await;
    assert!(archived["archivedAt"].is_string());
    assert!(!engine
        .all("/integrations")
        .await
        .iter()
        .any(|i| i["key"] == "slack"));
    let error = engine
        .fails(
            Method::PATCH,
            "/integrations/slack",
            Some(json!({ "name": "x" })),
            400,
        )
        .await;
    assert!(error["message"].as_str().unwrap().contains("archived"));
    let restored = engine
        .ok(Method::POST, "/integrations/slack/restore", None)
        .await;
    assert!(restored.get("archivedAt").is_none());
}
