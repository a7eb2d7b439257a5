//! Instance kinds other than flows: actions, data sources, field mappings, data link tables
//! and event subscriptions.

use axum::http::Method;
use serde_json::{json, Value};

use crate::common::{ids, Engine};

const ACME: &str = "cust-00001";

/// The seeded instance of `plural` with `key` on `integration` (or none) of a customer.
async fn instance(
    engine: &Engine,
    plural: &str,
    internal_id: &str,
    integration: Option<&str>,
    key: &str,
) -> Value {
    let user = engine.customer_id(internal_id).await;
    engine
        .all(&format!("/{plural}?userId={user}"))
        .await
        .into_iter()
        .find(|i| i["key"] == key && i["integration"]["key"].as_str() == integration)
        .unwrap_or_else(|| panic!("no {plural} {key} of {internal_id}"))
}

fn id(item: &Value) -> &str {
    item["id"].as_str().unwrap()
}

fn message(error: &Value) -> &str {
    error["message"].as_str().unwrap()
}

#[tokio::test]
async fn every_kind_lists_reads_and_scopes_alike() {
    let engine = Engine::new();
    let acme = engine.customer_id(ACME).await;
    let token = engine.customer_token(ACME);
    for (plural, singular, count) in [
        ("action-instances", Some("action-instance"), 5),
        ("data-source-instances", Some("data-source-instance"), 3),
        ("field-mapping-instances", Some("field-mapping-instance"), 3),
        (
            "data-link-table-instances",
            Some("data-link-table-instance"),
            2,
        ),
        ("app-event-subscriptions", Some("app-event-subscription"), 3),
        ("external-event-subscriptions", None, 3),
    ] {
        let all = engine.all(&format!("/{plural}")).await;
        assert_eq!(all.len(), count, "{plural}");
        for item in &all {
            for field in [
                "id",
                "name",
                "userId",
                "tenantId",
                "createdAt",
                "user",
                "isCustomized",
            ] {
                assert!(
                    item.get(field).is_some(),
                    "{plural}: {field} missing in {item}"
                );
            }
        }
        let one = &all[0];
        let by_path = engine.get(&format!("/{plural}/{}", id(one))).await;
        assert_eq!(&by_path, one);
        if let Some(singular) = singular {
            assert_eq!(
                &engine.get(&format!("/{singular}?id={}", id(one))).await,
                one
            );
        }
        // An id of another kind is not found.
        let flow = &engine.get("/flow-instances?limit=1").await["items"][0];
        engine
            .fails(Method::GET, &format!("/{plural}/{}", id(flow)), None, 404)
            .await;

        let reply = engine
            .call(Method::GET, &format!("/{plural}"), Some(&token), None)
            .await;
        let own = reply.json()["items"].as_array().unwrap().clone();
        assert!(
            !own.is_empty() && own.iter().all(|i| i["userId"] == acme.as_str()),
            "{plural}"
        );
        let theirs = all.iter().find(|i| i["userId"] != acme.as_str()).unwrap();
        let reply = engine
            .call(
                Method::GET,
                &format!("/{plural}/{}", id(theirs)),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(reply.status.as_u16(), 404, "{plural}");

        let archived = engine
            .ok(Method::DELETE, &format!("/{plural}/{}", id(one)), None)
            .await;
        assert!(archived["archivedAt"].is_string());
        assert_eq!(engine.all(&format!("/{plural}")).await.len(), count - 1);
        engine
            .ok(
                Method::POST,
                &format!("/{plural}/{}/restore", id(one)),
                None,
            )
            .await;
    }
    let events = engine.all("/app-event-subscriptions").await;
    assert!(events
        .iter()
        .all(|e| e.get("connectionId").is_none() && e["webhookUri"].is_string()));
    let external = engine.all("/external-event-subscriptions").await;
    assert!(external
        .iter()
        .all(|e| e.get("state").is_none() && e.get("updatedAt").is_none()));
}

#[tokio::test]
async fn actions_run_with_their_input_checked() {
    let engine = Engine::new();
    let create = instance(
        &engine,
        "action-instances",
        ACME,
        Some("hubspot"),
        "create-contact",
    )
    .await;
    assert_eq!(create["type"], "create-data-record");
    assert!(create["inputSchema"]["properties"]["email"].is_object());
    let types: Vec<String> = engine
        .all("/action-instances")
        .await
        .iter()
        .map(|a| a["type"].as_str().unwrap().to_string())
        .collect();
    for t in [
        "create-data-record",
        "api-request-to-external-app",
        "http-request",
    ] {
        assert!(types.iter().any(|x| x == t), "{t}");
    }
    let run = format!("/action-instance/run?id={}", id(&create));
    let input = json!({ "email": "ada@example.com", "firstName": "Ada" });
    let first = engine.ok(Method::POST, &run, Some(input.clone())).await;
    let again = engine
        .ok(
            Method::POST,
            &format!("/action-instances/{}/run", id(&create)),
            Some(input.clone()),
        )
        .await;
    assert_eq!(first["output"], again["output"]);
    assert_eq!(first["output"]["fields"], input);
    assert!(first["actionRunId"].is_string());
    assert_ne!(first["actionRunId"], again["actionRunId"]);
    for (body, field) in [
        (json!({}), "email:"),
        (json!({ "email": "not-an-email" }), "email:"),
        (json!({ "email": "a@b.example", "age": "old" }), "age:"),
        (
            json!({ "email": "a@b.example", "firstName": "x".repeat(101) }),
            "firstName:",
        ),
    ] {
        let error = engine
            .fails(Method::POST, &run, Some(body.clone()), 400)
            .await;
        assert!(message(&error).starts_with(field), "{body}: {error}");
    }
    let error = engine.fails(Method::POST, &run, None, 400).await;
    assert!(
        message(&error).starts_with("email:"),
        "an empty body is an empty input"
    );

    let invoice = instance(
        &engine,
        "action-instances",
        ACME,
        Some("stripe"),
        "get-invoice",
    )
    .await;
    let run = format!("/action-instances/{}/run", id(&invoice));
    let error = engine
        .fails(
            Method::POST,
            &run,
            Some(json!({ "invoiceId": "nope" })),
            400,
        )
        .await;
    assert!(message(&error).starts_with("invoiceId:"));
    let answer = engine
        .ok(Method::POST, &run, Some(json!({ "invoiceId": "in_42" })))
        .await;
    assert_eq!(answer["output"]["status"], 200);
    assert_eq!(answer["output"]["data"]["method"], "GET");
    let ping = instance(
        &engine,
        "action-instances",
        ACME,
        Some("slack"),
        "ping-webhook",
    )
    .await;
    let answer = engine
        .ok(
            Method::POST,
            &format!("/action-instances/{}/run", id(&ping)),
            None,
        )
        .await;
    assert_eq!(
        answer["output"]["body"]["url"],
        "https://hooks.example/ping"
    );

    let jira = instance(
        &engine,
        "action-instances",
        "cust-00002",
        Some("jira"),
        "create-contact",
    )
    .await;
    assert_eq!(jira["state"], "SETUP_FAILED");
    let run = format!("/action-instances/{}/run", id(&jira));
    let input = json!({ "email": "a@b.example" });
    let error = engine
        .fails(Method::POST, &run, Some(input.clone()), 400)
        .await;
    assert!(message(&error).contains("setup"));
    let ready = engine
        .ok(
            Method::POST,
            &format!("/action-instance/setup?id={}", id(&jira)),
            None,
        )
        .await;
    assert_eq!(ready["state"], "READY");
    engine.ok(Method::POST, &run, Some(input)).await;

    let path = format!("/action-instances/{}", id(&create));
    let patched = engine
        .ok(
            Method::PATCH,
            &path,
            Some(json!({ "config": { "dataSource": { "collectionKey": "leads" } } })),
        )
        .await;
    assert_eq!(patched["isCustomized"], true);
    let reset = engine
        .ok(Method::POST, &format!("{path}/reset"), None)
        .await;
    assert_eq!(reset["isCustomized"], false);
    assert_eq!(reset["config"], create["config"]);
}

#[tokio::test]
async fn data_sources_patch_setup_and_reset() {
    let engine = Engine::new();
    let contacts = instance(
        &engine,
        "data-source-instances",
        ACME,
        Some("hubspot"),
        "contacts",
    )
    .await;
    assert_eq!(contacts["isCustomized"], false);
    let path = format!("/data-source-instance?id={}", id(&contacts));
    let patched = engine
        .ok(
            Method::PATCH,
            &path,
            Some(
                json!({ "path": "/contacts/eu", "collectionParameters": { "region": "eu" },
                "pullUpdatesIntervalSeconds": 60, "fullSyncIntervalSeconds": 3600 }),
            ),
        )
        .await;
    assert_eq!(patched["path"], "/contacts/eu");
    assert_eq!(patched["defaultPath"], "/contacts");
    assert_eq!(patched["pullUpdatesIntervalSeconds"], 60);
    assert_eq!(patched["isCustomized"], true);
    for (body, field) in [
        (
            json!({ "pullUpdatesIntervalSeconds": 0 }),
            "pullUpdatesIntervalSeconds:",
        ),
        (
            json!({ "fullSyncIntervalSeconds": "daily" }),
            "fullSyncIntervalSeconds:",
        ),
        (json!({ "collectionKey": "" }), "collectionKey:"),
        (
            json!({ "collectionParameters": "x" }),
            "collectionParameters:",
        ),
    ] {
        let error = engine
            .fails(Method::PATCH, &path, Some(body.clone()), 400)
            .await;
        assert!(message(&error).starts_with(field), "{body}: {error}");
    }
    let reset = engine
        .ok(
            Method::POST,
            &format!("/data-source-instance/reset?id={}", id(&contacts)),
            None,
        )
        .await;
    assert_eq!(reset["path"], "/contacts");
    assert_eq!(reset["isCustomized"], false);

    let broken = instance(
        &engine,
        "data-source-instances",
        ACME,
        Some("salesforce"),
        "contacts",
    )
    .await;
    assert_eq!(broken["state"], "SETUP_FAILED");
    let still = engine
        .ok(
            Method::POST,
            &format!("/data-source-instances/{}/setup", id(&broken)),
            None,
        )
        .await;
    assert_eq!(still["state"], "SETUP_FAILED");
}

#[tokio::test]
async fn field_mappings_patch_by_direction() {
    let engine = Engine::new();
    let both = instance(
        &engine,
        "field-mapping-instances",
        ACME,
        Some("hubspot"),
        "contact-fields",
    )
    .await;
    assert_eq!(both["direction"], "both");
    assert!(both["appSchema"].is_object());
    let path = format!("/field-mapping-instances/{}", id(&both));
    let patched = engine
        .ok(
            Method::PATCH,
            &path,
            Some(json!({ "exportValue": { "email": { "$var": "$.mail" } } })),
        )
        .await;
    assert_eq!(patched["exportValue"]["email"]["$var"], "$.mail");
    assert_eq!(patched["importValue"], both["importValue"]);
    assert_eq!(patched["isCustomized"], true);
    let reset = engine
        .ok(Method::POST, &format!("{path}/reset"), Some(json!({})))
        .await;
    assert_eq!(reset["exportValue"], both["exportValue"]);
    assert_eq!(reset["isCustomized"], false);
    let setup = engine
        .ok(Method::POST, &format!("{path}/setup"), None)
        .await;
    assert_eq!(setup["state"], "READY");

    let import = instance(
        &engine,
        "field-mapping-instances",
        ACME,
        Some("stripe"),
        "invoice-fields",
    )
    .await;
    let path = format!("/field-mapping-instance?id={}", id(&import));
    let error = engine
        .fails(
            Method::PATCH,
            &path,
            Some(json!({ "exportValue": { "a": 1 } })),
            400,
        )
        .await;
    assert!(message(&error).starts_with("exportValue:"), "{error}");
    engine
        .ok(
            Method::PATCH,
            &path,
            Some(json!({ "importValue": { "total": 1 } })),
        )
        .await;
    let ids = ids(&engine.all("/field-mapping-instances?search=CONTACT").await);
    assert_eq!(ids.len(), 2);
}

#[tokio::test]
async fn data_link_tables_list_add_and_remove_links() {
    let engine = Engine::new();
    let table = instance(
        &engine,
        "data-link-table-instances",
        ACME,
        Some("hubspot"),
        "contact-links",
    )
    .await;
    let links = format!("/data-link-table-instance/links?id={}", id(&table));
    let first = engine.get(&links).await;
    assert_eq!(first["items"].as_array().unwrap().len(), 100);
    assert!(first["cursor"].is_string());
    let all = engine.all(&links).await;
    assert_eq!(all.len(), 300);
    let exports = engine.all(&format!("{links}&direction=export")).await;
    assert_eq!(exports.len(), 100);
    assert!(exports
        .iter()
        .all(|l| l["direction"] == "export" && l["appRecordId"].is_string()));
    let error = engine
        .fails(Method::GET, &format!("{links}&direction=up"), None, 400)
        .await;
    assert!(message(&error).starts_with("direction:"));

    let path = format!("/data-link-table-instances/{}/links", id(&table));
    let link =
        json!({ "direction": "export", "appRecordId": "app-new", "externalRecordId": "ext-new" });
    engine.ok(Method::POST, &path, Some(link.clone())).await;
    assert_eq!(
        engine.get(&format!("{path}?limit=1")).await["items"][0],
        link
    );
    engine
        .fails(Method::POST, &path, Some(link.clone()), 409)
        .await;
    for (body, field) in [
        (json!({ "externalRecordId": "x" }), "appRecordId:"),
        (json!({ "appRecordId": "x" }), "externalRecordId:"),
        (
            json!({ "appRecordId": "x", "externalRecordId": "y", "direction": 3 }),
            "direction:",
        ),
    ] {
        let error = engine
            .fails(Method::POST, &path, Some(body.clone()), 400)
            .await;
        assert!(message(&error).starts_with(field), "{body}: {error}");
    }
    engine.ok(Method::DELETE, &links, Some(link.clone())).await;
    engine.fails(Method::DELETE, &links, Some(link), 404).await;
    assert_eq!(engine.all(&links).await.len(), 300);
    let imported = json!({ "appRecordId": "a", "externalRecordId": "b" });
    let added = engine.ok(Method::POST, &path, Some(imported)).await;
    assert_eq!(added["direction"], "import");

    engine
        .fails(
            Method::PATCH,
            &format!("/data-link-table-instances/{}", id(&table)),
            Some(json!({})),
            405,
        )
        .await;
    let token = engine.customer_token("cust-00002");
    let reply = engine.call(Method::GET, &links, Some(&token), None).await;
    assert_eq!(reply.status.as_u16(), 404);
}

#[tokio::test]
async fn event_subscriptions_subscribe_and_keep_a_status() {
    let engine = Engine::new();
    let created = instance(
        &engine,
        "app-event-subscriptions",
        ACME,
        None,
        "user-created",
    )
    .await;
    assert_eq!(created["isSubscribed"], false);
    let subscribed = engine
        .ok(
            Method::POST,
            &format!("/app-event-subscription/subscribe?id={}", id(&created)),
            None,
        )
        .await;
    assert_eq!(subscribed["isSubscribed"], true);

    let contacts = instance(
        &engine,
        "external-event-subscriptions",
        ACME,
        Some("hubspot"),
        "contact-created",
    )
    .await;
    assert_eq!(contacts["status"], "subscribed");
    assert_eq!(contacts["config"]["type"], "data-record-created");
    let path = format!("/external-event-subscriptions/{}", id(&contacts));
    let off = engine
        .ok(Method::POST, &format!("{path}/unsubscribe"), None)
        .await;
    assert_eq!(off["status"], "unsubscribed");
    let error = engine
        .fails(Method::POST, &format!("{path}/pull-events"), None, 400)
        .await;
    assert!(message(&error).contains("subscribe"));
    let on = engine
        .ok(Method::POST, &format!("{path}/resubscribe"), None)
        .await;
    assert_eq!(on["status"], "subscribed");
    assert!(on.get("nextPullEventsTimestamp").is_none(), "real-time");
    engine
        .fails(
            Method::GET,
            &format!("/external-event-subscription?id={}", id(&contacts)),
            None,
            404,
        )
        .await;

    let broken = instance(
        &engine,
        "external-event-subscriptions",
        ACME,
        Some("salesforce"),
        "contact-updated",
    )
    .await;
    assert_eq!(broken["status"], "error");
    assert!(broken["error"]["message"].is_string());
    let path = format!("/external-event-subscriptions/{}", id(&broken));
    for op in ["setup", "subscribe"] {
        let still = engine.ok(Method::POST, &format!("{path}/{op}"), None).await;
        assert_eq!(still["status"], "error", "{op}");
        assert!(message(&still["error"]).contains("revoked"), "{still}");
    }

    let issues = instance(
        &engine,
        "external-event-subscriptions",
        "cust-00002",
        Some("jira"),
        "issue-created",
    )
    .await;
    assert_eq!(issues["status"], "unsubscribed");
    let path = format!("/external-event-subscriptions/{}", id(&issues));
    let on = engine
        .ok(Method::POST, &format!("{path}/subscribe"), None)
        .await;
    assert_eq!(on["status"], "subscribed");
    assert!(on["nextPullEventsTimestamp"].is_string());
    let pulled = engine
        .ok(Method::POST, &format!("{path}/pull-events"), None)
        .await;
    assert_eq!(pulled["status"], "subscribed");
    let setup = engine
        .ok(Method::POST, &format!("{path}/setup"), None)
        .await;
    assert_eq!(setup["status"], "subscribed");
}

#[tokio::test]
async fn odd_input_never_breaks_an_instance_route() {
    let engine = Engine::new();
    let flow = &engine.get("/flow-instances?limit=1").await["items"][0];
    let flow = id(flow).to_string();
    let paths = [
        "/flow-instances/%00%ff".to_string(),
        "/flow-instance?id=%ff%fe".to_string(),
        "/flow-instance?id=".to_string(),
        "/flow-instances?limit=-1&cursor=%ff".to_string(),
        "/flow-instances?includeArchived=maybe".to_string(),
        "/flow-runs?from=2026-01-01T00:00:00%2B&to=9999-99-99".to_string(),
        "/flow-runs?from=2026-01-01T1%C3%A9:00Z".to_string(),
        "/flow-runs/%00".to_string(),
        format!("/flow-instances/{flow}/reset"),
        format!("/flow-instances/{flow}/setup"),
        format!("/flow-instance?id={flow}"),
        "/flow-runs".to_string(),
        "/flow-instances".to_string(),
        "/action-instance/run?id=nope".to_string(),
        "/data-link-table-instance/links?id=nope&direction=".to_string(),
        "/external-event-subscriptions/nope/pull-events".to_string(),
    ];
    let bodies = [
        None,
        Some(json!({})),
        Some(json!({ "nodes": { "a": { "type": "api-trigger", "links": "x" } } })),
        Some(json!({ "nodes": { "a": { "type": "api-trigger", "links": [5, { "key": 5 }] } } })),
        Some(json!({ "name": 5, "enabled": null, "parameters": null, "allNodes": "x" })),
        Some(json!({ "flowInstanceId": flow, "nodeKey": null, "input": [1, { "fail": "yes" }] })),
        Some(json!({ "nodes": { "é": true, "": false } })),
    ];
    for path in &paths {
        for method in [Method::GET, Method::POST, Method::PATCH, Method::DELETE] {
            for body in &bodies {
                let reply = engine
                    .call(method.clone(), path, Some(&engine.admin), body.clone())
                    .await;
                assert!(
                    reply.status.as_u16() < 500,
                    "{method} {path} {body:?}: {}",
                    reply.text
                );
                if !reply.status.is_success() {
                    let error = reply.json();
                    assert!(
                        error["type"].is_string() && error["message"].is_string(),
                        "{error}"
                    );
                }
            }
        }
    }
}
