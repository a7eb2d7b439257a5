use axum::body::Body;
use axum::http::{Method, Request};
use serde_json::Value;

use crate::common::{Engine, BASE};

fn semver(v: &Value) -> (u64, u64, u64) {
    let parts: Vec<u64> = v
        .as_str()
        .unwrap()
        .split('.')
        .map(|p| p.parse().unwrap())
        .collect();
    (parts[0], parts[1], parts[2])
}

#[tokio::test]
async fn lists_external_apps_with_search_category_and_paging() {
    let engine = Engine::new();
    let apps = engine.all("/external-apps?limit=4").await;
    assert_eq!(apps.len(), 15);
    for app in &apps {
        for field in [
            "id",
            "key",
            "name",
            "logoUri",
            "categories",
            "defaultConnectorId",
            "isPublic",
            "popularity",
        ] {
            assert!(app.get(field).is_some(), "{field} missing in {app}");
        }
        assert_eq!(
            app["logoUri"],
            format!("{BASE}/logos/{}.svg", app["key"].as_str().unwrap())
        );
    }
    let popularity: Vec<i64> = apps
        .iter()
        .map(|a| a["popularity"].as_i64().unwrap())
        .collect();
    assert!(
        popularity.windows(2).all(|w| w[0] >= w[1]),
        "most popular first"
    );
    let crm = engine.all("/external-apps?category=crm").await;
    let mut keys: Vec<&str> = crm.iter().map(|a| a["key"].as_str().unwrap()).collect();
    keys.sort();
    assert_eq!(keys, ["hubspot", "pipedrive", "salesforce"]);
    assert_eq!(
        engine.get("/external-apps?search=sheet").await["items"][0]["key"],
        "google-sheets"
    );
}

#[tokio::test]
async fn serves_logos_without_auth() {
    let engine = Engine::new();
    let request = Request::get("/logos/hubspot.svg")
        .body(Body::empty())
        .unwrap();
    let reply = engine.send(request).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type"), "image/svg+xml");
    assert!(reply.text.starts_with("<svg") && reply.text.contains(">HS</text>"));
    let missing = engine
        .send(Request::get("/logos/nope.svg").body(Body::empty()).unwrap())
        .await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.json()["key"], "not_found");
}

#[tokio::test]
async fn connectors_have_semver_histories_with_every_update_class() {
    let engine = Engine::new();
    let connectors = engine.all("/connectors").await;
    assert_eq!(connectors.len(), 16);
    let custom: Vec<&Value> = connectors
        .iter()
        .filter(|c| c["isPublic"] == false)
        .collect();
    assert_eq!(custom.len(), 1);
    assert_eq!(custom[0]["key"], "github-enterprise");
    let github_app = engine.get("/external-apps?search=github").await;
    assert_eq!(custom[0]["externalAppId"], github_app["items"][0]["id"]);

    for connector in connectors.iter().filter(|c| c["isPublic"] == true) {
        let key = connector["key"].as_str().unwrap();
        let versions = engine.get(&format!("/connectors/{key}/versions")).await;
        let items = versions["items"].as_array().unwrap();
        assert!(
            (3..=6).contains(&items.len()),
            "{key} has {} versions",
            items.len()
        );
        let numbers: Vec<_> = items.iter().map(|v| semver(&v["version"])).collect();
        assert!(
            numbers.windows(2).all(|w| w[0] > w[1]),
            "{key}: newest first"
        );
        assert_eq!(connector["version"], items[0]["version"]);
        for version in items {
            assert!(version["changelog"].as_str().unwrap().starts_with("## "));
            let parsed = switchboard_schema::parse(&version["parametersSchema"]);
            assert!(
                parsed.is_clean(),
                "{key} {}: {:?}",
                version["version"],
                parsed.notices()
            );
            for option in version["auth"]["options"].as_array().unwrap() {
                if let Some(input) = option.get("inputSchema") {
                    assert!(switchboard_schema::parse(input).is_clean());
                }
            }
        }
    }

    // Integrations pinned behind the newest version: one patch, one minor, one major update.
    for (integration, class) in [("hubspot", 2), ("slack", 1), ("salesforce", 0)] {
        let used = engine.get(&format!("/integrations/{integration}")).await;
        let newest = engine
            .get(&format!(
                "/connectors/{}",
                used["connectorId"].as_str().unwrap()
            ))
            .await;
        let (a, b) = (
            semver(&used["connectorVersion"]),
            semver(&newest["version"]),
        );
        let differs = [
            a.0 != b.0,
            a.0 == b.0 && a.1 != b.1,
            a.0 == b.0 && a.1 == b.1 && a.2 < b.2,
        ];
        assert!(differs[class], "{integration}: {a:?} -> {b:?}");
    }
}

#[tokio::test]
async fn a_major_version_adds_a_required_parameter_and_removes_another() {
    let engine = Engine::new();
    let versions = engine.get("/connectors/salesforce/versions").await;
    let find = |v: &str| {
        versions["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["version"] == v)
            .unwrap()
            .clone()
    };
    let (old, new) = (find("1.1.1"), find("2.0.0"));
    assert!(old["parametersSchema"]["properties"]["apiVersion"].is_object());
    assert!(new["parametersSchema"]["properties"]
        .get("apiVersion")
        .is_none());
    assert!(new["parametersSchema"]["required"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r == "recordOwnerId"));
    let changelog = new["changelog"].as_str().unwrap();
    assert!(
        changelog.contains("Major release")
            && changelog.contains("recordOwnerId")
            && changelog.contains("apiVersion")
    );

    let stripe = engine.get("/connectors/stripe/versions").await;
    let inputs = |v: &str| {
        stripe["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["version"] == v)
            .unwrap()["inputSchema"]["properties"]
            .clone()
    };
    assert!(inputs("1.0.1").get("accountId").is_none());
    assert!(
        inputs("2.0.0").get("accountId").is_some(),
        "the auth form changes in 2.0.0"
    );
    assert_eq!(inputs("2.0.0")["apiKey"]["isSensitive"], true);

    let connector = engine.get("/connectors/stripe").await;
    for field in [
        "id",
        "key",
        "name",
        "logoUri",
        "isPublic",
        "externalAppId",
        "version",
        "parametersSchema",
    ] {
        assert!(connector.get(field).is_some(), "{field}");
    }
    let by_id = engine
        .get(&format!(
            "/connectors/{}",
            connector["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(by_id, connector);
    engine
        .fails(Method::GET, "/connectors/nope", None, 404)
        .await;
    engine
        .fails(Method::GET, "/connectors/nope/versions", None, 404)
        .await;
}
