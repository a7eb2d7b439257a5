use std::time::Duration;

use axum::http::Method;
use serde_json::{json, Value};

use crate::common::{ids, Engine};

const ACME: &str = "cust-00001";
const GLOBEX: &str = "cust-00002";

/// The seeded flow instance of a customer on an integration with a flow key.
async fn flow(engine: &Engine, internal_id: &str, integration: &str, key: &str) -> Value {
    let user = engine.customer_id(internal_id).await;
    engine
        .all(&format!(
            "/flow-instances?tenantId={user}&includeArchived=true"
        ))
        .await
        .into_iter()
        .find(|f| f["integration"]["key"] == integration && f["key"] == key)
        .unwrap_or_else(|| panic!("no {key} flow of {internal_id} on {integration}"))
}

fn id(item: &Value) -> &str {
    item["id"].as_str().unwrap()
}

fn message(error: &Value) -> &str {
    error["message"].as_str().unwrap()
}

#[tokio::test]
async fn lists_flow_instances_with_every_filter() {
    let engine = Engine::new();
    let all = engine.all("/flow-instances?includeArchived=true").await;
    let live = engine.all("/flow-instances").await;
    assert_eq!(all.len(), 13);
    assert_eq!(live.len(), 12);
    for f in &all {
        for field in [
            "id",
            "name",
            "key",
            "state",
            "userId",
            "tenantId",
            "connectionId",
            "integrationId",
            "createdAt",
            "updatedAt",
            "enabled",
            "flowId",
            "nodes",
        ] {
            assert!(f.get(field).is_some(), "{field} missing in {f}");
        }
        assert_eq!(f["user"]["id"], f["userId"]);
        assert_eq!(f["tenantId"], f["userId"]);
        assert_eq!(f["connection"]["id"], f["connectionId"]);
        assert_eq!(f["integration"]["id"], f["integrationId"]);
        assert!(f["integration"]["logoUri"]
            .as_str()
            .unwrap()
            .ends_with(".svg"));
        let nodes = f["nodes"].as_object().unwrap();
        let first = nodes.values().next().unwrap();
        assert!(first["type"].as_str().unwrap().ends_with("-trigger"), "{f}");
    }
    assert!(all.iter().any(|f| f["enabled"] == false));
    assert!(all
        .iter()
        .any(|f| f["parametersSchema"].is_object() && f["parameters"].is_object()));

    let acme = engine.customer_id(ACME).await;
    let by_tenant = engine
        .all(&format!("/flow-instances?tenantId={acme}"))
        .await;
    let by_user = engine.all(&format!("/flow-instances?userId={acme}")).await;
    assert_eq!(by_tenant.len(), 5);
    assert_eq!(ids(&by_tenant), ids(&by_user));
    engine
        .fails(
            Method::GET,
            &format!("/flow-instances?tenantId={acme}&userId=other"),
            None,
            400,
        )
        .await;

    let hubspot = &by_tenant
        .iter()
        .find(|f| f["integration"]["key"] == "hubspot")
        .unwrap();
    let by_connection = engine
        .all(&format!(
            "/flow-instances?connectionId={}",
            hubspot["connectionId"].as_str().unwrap()
        ))
        .await;
    assert_eq!(by_connection.len(), 2);
    let by_integration = engine
        .all(&format!(
            "/flow-instances?integrationId={}",
            hubspot["integrationId"].as_str().unwrap()
        ))
        .await;
    assert!(by_integration
        .iter()
        .all(|f| f["integration"]["key"] == "hubspot"));
    assert_eq!(by_integration.len(), 2, "the archived one is left out");
    let keyed = engine.all("/flow-instances?instanceKey=primary").await;
    assert_eq!(keyed.len(), 1);
    let search = engine.all("/flow-instances?search=NOTIFY").await;
    assert_eq!(search.len(), 4);
    assert!(search.iter().all(|f| f["key"] == "notify-channel"));

    let first = engine.get("/flow-instances?limit=5&cursor=0").await;
    assert_eq!(first["items"].as_array().unwrap().len(), 5);
    let second = engine
        .get(&format!(
            "/flow-instances?limit=5&cursor={}",
            first["cursor"].as_str().unwrap()
        ))
        .await;
    assert_eq!(second["items"].as_array().unwrap().len(), 5);
    assert_ne!(first["items"][0]["id"], second["items"][0]["id"]);
    engine
        .fails(Method::GET, "/flow-instances?limit=0", None, 400)
        .await;
    engine
        .fails(Method::GET, "/flow-instances?cursor=nope", None, 400)
        .await;
}

#[tokio::test]
async fn reads_one_instance_in_both_forms() {
    let engine = Engine::new();
    let deals = flow(&engine, ACME, "hubspot", "sync-deals").await;
    let by_path = engine.get(&format!("/flow-instances/{}", id(&deals))).await;
    let by_selector = engine
        .get(&format!("/flow-instance?id={}", id(&deals)))
        .await;
    assert_eq!(by_path, by_selector);
    assert_eq!(by_path["name"], "Sync deals in HubSpot");
    let triggers = by_path["nodes"]
        .as_object()
        .unwrap()
        .values()
        .filter(|n| n["type"].as_str().unwrap().ends_with("-trigger"))
        .count();
    assert_eq!(triggers, 2);
    engine
        .fails(Method::GET, "/flow-instances/nope", None, 404)
        .await;
    engine
        .fails(Method::GET, "/flow-instance?id=nope", None, 404)
        .await;
    let error = engine.fails(Method::GET, "/flow-instance", None, 400).await;
    assert!(message(&error).starts_with("id:"), "{error}");
}

#[tokio::test]
async fn patching_nodes_customizes_and_reset_restores() {
    let engine = Engine::new();
    let custom = flow(&engine, ACME, "hubspot", "create-contacts").await;
    assert_eq!(custom["isCustomized"], true);
    assert_eq!(
        custom["customized"],
        json!({ "name": true, "nodes": { "transform": true } })
    );
    assert_eq!(custom["nodes"]["transform"]["isCustomized"], true);
    let path = format!("/flow-instances/{}", id(&custom));
    let reset = engine
        .ok(Method::POST, &format!("{path}/reset"), None)
        .await;
    assert_eq!(reset["isCustomized"], false);
    assert!(reset.get("customized").is_none());
    assert_eq!(reset["name"], "Create contacts in HubSpot");
    assert!(reset["nodes"]["transform"].get("isCustomized").is_none());

    let deals = flow(&engine, ACME, "hubspot", "sync-deals").await;
    assert_eq!(deals["isCustomized"], false);
    let path = format!("/flow-instance?id={}", id(&deals));
    let mut nodes = deals["nodes"].clone();
    nodes["send"]["config"]["request"]["uri"] = json!("https://other.example/hook");
    let patched = engine
        .ok(
            Method::PATCH,
            &path,
            Some(json!({ "nodes": nodes, "enabled": false, "name": "Deals" })),
        )
        .await;
    assert_eq!(patched["isCustomized"], true);
    assert_eq!(patched["enabled"], false);
    assert_eq!(
        patched["customized"],
        json!({ "name": true, "nodes": { "send": true } })
    );
    assert_eq!(patched["nodes"]["send"]["isCustomized"], true);
    // Sending back what was read (with isCustomized) changes nothing more.
    let again = engine
        .ok(
            Method::PATCH,
            &path,
            Some(json!({ "nodes": patched["nodes"] })),
        )
        .await;
    assert_eq!(again["customized"], patched["customized"]);

    let reset = format!("/flow-instance/reset?id={}", id(&deals));
    let partial = engine
        .ok(
            Method::POST,
            &reset,
            Some(json!({ "nodes": { "send": true } })),
        )
        .await;
    assert_eq!(partial["customized"], json!({ "name": true }));
    assert_eq!(partial["nodes"], deals["nodes"]);
    let named = engine
        .ok(Method::POST, &reset, Some(json!({ "name": true })))
        .await;
    assert_eq!(named["isCustomized"], false);
    assert_eq!(named["name"], deals["name"]);
    assert_eq!(named["enabled"], false, "reset keeps enabled");
    let error = engine
        .fails(
            Method::POST,
            &reset,
            Some(json!({ "nodes": { "ghost": true } })),
            400,
        )
        .await;
    assert!(message(&error).starts_with("nodes.ghost:"), "{error}");

    // A node added by customization is removed by its reset.
    let mut nodes = deals["nodes"].clone();
    nodes["send"]["links"] = json!([{ "key": "log" }]);
    nodes["log"] = json!({ "type": "run-javascript", "name": "Log" });
    engine
        .ok(Method::PATCH, &path, Some(json!({ "nodes": nodes })))
        .await;
    let all = engine
        .ok(Method::POST, &reset, Some(json!({ "allNodes": true })))
        .await;
    assert!(all["nodes"].get("log").is_none());
    assert_eq!(all["isCustomized"], false);
}

#[tokio::test]
async fn refuses_bad_bodies_naming_the_field() {
    let engine = Engine::new();
    let custom = flow(&engine, ACME, "hubspot", "create-contacts").await;
    let path = format!("/flow-instances/{}", id(&custom));
    let nodes = custom["nodes"].clone();
    let mut untyped = nodes.clone();
    untyped["create"]["type"] = json!(5);
    let mut dangling = nodes.clone();
    dangling["start"]["links"] = json!([{ "key": "nowhere" }]);
    let cases = [
        (json!({ "enabled": "yes" }), "enabled:"),
        (json!({ "name": "" }), "name:"),
        (json!({ "parameters": [1] }), "parameters:"),
        (
            json!({ "parameters": { "defaultOwner": "not an email" } }),
            "parameters.defaultOwner:",
        ),
        (json!({ "nodes": [] }), "nodes:"),
        (json!({ "nodes": {} }), "nodes:"),
        (
            json!({ "nodes": { "a": { "type": "filter" } } }),
            "nodes: must contain a trigger",
        ),
        (json!({ "nodes": untyped }), "nodes.create.type:"),
        (json!({ "nodes": dangling }), "nodes.start.links:"),
        (json!({ "nodes": { "start": 5 } }), "nodes.start:"),
    ];
    for (body, field) in cases {
        let error = engine
            .fails(Method::PATCH, &path, Some(body.clone()), 400)
            .await;
        assert!(message(&error).starts_with(field), "{body}: {error}");
    }
    let error = engine
        .fails(
            Method::POST,
            &format!("{path}/reset"),
            Some(json!({ "allNodes": 1 })),
            400,
        )
        .await;
    assert!(message(&error).starts_with("allNodes:"), "{error}");
    for (body, field) in [
        (json!({}), "flowInstanceId:"),
        (json!({ "flowInstanceId": "nope" }), "flowInstanceId:"),
        (
            json!({ "flowInstanceId": id(&custom), "nodeKey": "transform" }),
            "nodeKey:",
        ),
        (
            json!({ "flowInstanceId": id(&custom), "nodeKey": 3 }),
            "nodeKey:",
        ),
    ] {
        let error = engine
            .fails(Method::POST, "/flow-runs", Some(body.clone()), 400)
            .await;
        assert!(message(&error).starts_with(field), "{body}: {error}");
    }
}

#[tokio::test]
async fn setup_clears_a_failure_unless_the_connection_is_broken() {
    let engine = Engine::new();
    let jira = flow(&engine, GLOBEX, "jira", "create-contacts").await;
    assert_eq!(jira["state"], "SETUP_FAILED");
    assert!(message(&jira["errors"][0]).contains("403"));
    let ready = engine
        .ok(
            Method::POST,
            &format!("/flow-instances/{}/setup", id(&jira)),
            None,
        )
        .await;
    assert_eq!(ready["state"], "READY");
    assert!(ready.get("errors").is_none());

    let salesforce = flow(&engine, ACME, "salesforce", "sync-deals").await;
    assert_eq!(salesforce["state"], "SETUP_FAILED");
    let still = engine
        .ok(
            Method::POST,
            &format!("/flow-instance/setup?id={}", id(&salesforce)),
            Some(json!({})),
        )
        .await;
    assert_eq!(still["state"], "SETUP_FAILED");
    assert!(message(&still["errors"][0]).contains("revoked"), "{still}");
}

#[tokio::test]
async fn archive_and_restore() {
    let engine = Engine::new();
    let deals = flow(&engine, ACME, "hubspot", "sync-deals").await;
    let path = format!("/flow-instances/{}", id(&deals));
    let archived = engine.ok(Method::DELETE, &path, None).await;
    assert!(archived["archivedAt"].is_string());
    assert!(!ids(&engine.all("/flow-instances").await).contains(&id(&deals).to_string()));
    let error = engine
        .fails(Method::PATCH, &path, Some(json!({ "enabled": true })), 400)
        .await;
    assert!(message(&error).contains("archived"));
    let restored = engine
        .ok(
            Method::POST,
            &format!("/flow-instance/restore?id={}", id(&deals)),
            None,
        )
        .await;
    assert!(restored.get("archivedAt").is_none());
    engine
        .ok(
            Method::DELETE,
            &format!("/flow-instance?id={}", id(&deals)),
            None,
        )
        .await;
    let restored = engine
        .ok(Method::POST, &format!("{path}/restore"), None)
        .await;
    assert!(restored.get("archivedAt").is_none());
}

#[tokio::test]
async fn a_customer_sees_only_its_own_instances_and_runs() {
    let engine = Engine::new();
    let acme = engine.customer_id(ACME).await;
    let token = engine.customer_token(ACME);
    let reply = engine
        .call(Method::GET, "/flow-instances", Some(&token), None)
        .await;
    let items = reply.json()["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 5);
    assert!(items.iter().all(|f| f["userId"] == acme.as_str()));
    // Asking for another customer's does not widen the view.
    let globex = engine.customer_id(GLOBEX).await;
    let reply = engine
        .call(
            Method::GET,
            &format!("/flow-instances?tenantId={globex}"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(reply.json()["items"], json!([]));

    let theirs = flow(&engine, GLOBEX, "jira", "create-contacts").await;
    for (method, path, body) in [
        (
            Method::GET,
            format!("/flow-instances/{}", id(&theirs)),
            None,
        ),
        (
            Method::GET,
            format!("/flow-instance?id={}", id(&theirs)),
            None,
        ),
        (
            Method::PATCH,
            format!("/flow-instances/{}", id(&theirs)),
            Some(json!({ "enabled": false })),
        ),
        (
            Method::DELETE,
            format!("/flow-instances/{}", id(&theirs)),
            None,
        ),
        (
            Method::POST,
            format!("/flow-instances/{}/setup", id(&theirs)),
            None,
        ),
    ] {
        let reply = engine.call(method, &path, Some(&token), body).await;
        assert_eq!(reply.status.as_u16(), 404, "{path}: {}", reply.text);
    }
    let reply = engine
        .call(
            Method::POST,
            "/flow-runs",
            Some(&token),
            Some(json!({ "flowInstanceId": id(&theirs) })),
        )
        .await;
    assert_eq!(reply.status.as_u16(), 400, "{}", reply.text);
    let their_runs = engine
        .all(&format!("/flow-runs?connectionFlowId={}", id(&theirs)))
        .await;
    let reply = engine
        .call(
            Method::GET,
            &format!("/flow-runs/{}", id(&their_runs[0])),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(reply.status.as_u16(), 404);
    let reply = engine
        .call(Method::GET, "/flow-runs?limit=1000", Some(&token), None)
        .await;
    let runs = reply.json()["items"].as_array().unwrap().clone();
    assert!(!runs.is_empty() && runs.iter().all(|r| r["userId"] == acme.as_str()));

    let own = flow(&engine, ACME, "hubspot", "sync-deals").await;
    let reply = engine
        .call(
            Method::PATCH,
            &format!("/flow-instance?id={}", id(&own)),
            Some(&token),
            Some(json!({ "enabled": false })),
        )
        .await;
    assert_eq!(reply.status.as_u16(), 200, "{}", reply.text);
}

async fn run_of(engine: &Engine, body: Value) -> Value {
    let reply = engine
        .call(Method::POST, "/flow-runs", Some(&engine.admin), Some(body))
        .await;
    assert_eq!(reply.status.as_u16(), 201, "{}", reply.text);
    reply.json()
}

#[tokio::test]
async fn a_run_goes_from_queued_through_running_to_completed() {
    let engine = Engine::new();
    let contacts = flow(&engine, ACME, "hubspot", "create-contacts").await;
    let run = run_of(
        &engine,
        json!({ "flowInstanceId": id(&contacts), "input": { "email": "a@b.example" } }),
    )
    .await;
    assert_eq!(run["state"], "queued");
    assert_eq!(run["connectionFlowId"], contacts["id"]);
    assert_eq!(run["startNodeKey"], "start");
    assert_eq!(run["launchedBy"], json!({ "type": "api-trigger" }));
    assert_eq!(run["userId"], contacts["userId"]);
    assert!(run["startTime"].is_string() && run.get("endTime").is_none());
    let path = format!("/flow-runs/{}", id(&run));
    tokio::time::sleep(Duration::from_millis(400)).await;
    let running = engine.get(&path).await;
    assert_eq!(running["state"], "running");
    assert!(running.get("endTime").is_none());
    tokio::time::sleep(Duration::from_millis(1300)).await;
    let done = engine.get(&path).await;
    assert_eq!(done["state"], "completed");
    assert!(done["endTime"].as_str().unwrap() > done["startTime"].as_str().unwrap());
    for key in ["start", "transform", "create"] {
        let node = &done["nodes"][key];
        assert_eq!(node["state"], "completed", "{key}");
        assert_eq!(
            (&node["runs"], &node["erroredRuns"]),
            (&json!(1), &json!(0))
        );
        assert!(node.get("errors").is_none());
    }
    assert_eq!(
        done["nodes"]["start"]["output"],
        json!({ "email": "a@b.example" })
    );
    assert_eq!(
        done["nodes"]["transform"]["output"],
        json!({ "email": "a@b.example", "fullName": null, "source": "website-form" })
    );
    assert_eq!(
        done["nodes"]["create"]["output"]["record"]["email"],
        "a@b.example"
    );
    assert!(done.get("errors").is_none());
    let error = engine
        .fails(Method::POST, &format!("{path}/stop"), None, 400)
        .await;
    assert!(message(&error).contains("already completed"), "{error}");
}

#[tokio::test]
async fn failing_runs_carry_errors_and_runs_can_be_stopped() {
    let engine = Engine::new();
    let deals = flow(&engine, ACME, "hubspot", "sync-deals").await;
    let failing = run_of(
        &engine,
        json!({ "flowInstanceId": id(&deals), "nodeKey": "updated", "input": { "fail": true } }),
    )
    .await;
    assert_eq!(failing["startNodeKey"], "updated");
    let invoices = flow(&engine, ACME, "stripe", "export-invoices").await;
    let broken = run_of(&engine, json!({ "flowInstanceId": id(&invoices) })).await;
    let stopped = run_of(&engine, json!({ "flowInstanceId": id(&deals) })).await;
    let stop = engine
        .ok(
            Method::POST,
            &format!("/flow-runs/{}/stop", id(&stopped)),
            None,
        )
        .await;
    assert_eq!(stop["state"], "stopped");
    assert!(stop["endTime"].is_string());
    let error = engine
        .fails(
            Method::POST,
            &format!("/flow-runs/{}/stop", id(&stopped)),
            None,
            400,
        )
        .await;
    assert!(message(&error).contains("already stopped"));
    let slow = run_of(
        &engine,
        json!({ "flowInstanceId": id(&deals), "input": { "slow": true } }),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(1600)).await;
    let still = engine.get(&format!("/flow-runs/{}", id(&slow))).await;
    assert_eq!(
        still["state"], "running",
        "a slow run outlasts a normal one"
    );
    assert!(still.get("endTime").is_none());

    let failed = engine.get(&format!("/flow-runs/{}", id(&failing))).await;
    assert_eq!(failed["state"], "failed");
    assert_eq!(failed["errors"][0]["data"]["nodeKey"], "send");
    assert_eq!(failed["nodes"]["send"]["state"], "failed");
    assert_eq!(failed["nodes"]["send"]["erroredRuns"], 1);
    assert_eq!(failed["nodes"]["send"]["errors"], failed["errors"]);
    assert_eq!(failed["nodes"]["find"]["state"], "completed");
    assert!(
        failed["nodes"].get("created").is_none(),
        "the other trigger did not run"
    );

    let broken = engine.get(&format!("/flow-runs/{}", id(&broken))).await;
    assert_eq!(broken["state"], "failed");
    assert_eq!(broken["errors"][0]["data"]["nodeKey"], "upload");
    assert!(message(&broken["errors"][0]).contains("Upload invoice"));
    let still = engine.get(&format!("/flow-runs/{}", id(&stopped))).await;
    assert_eq!(still["state"], "stopped");
    assert_eq!(still["endTime"], stop["endTime"]);
}

#[tokio::test]
async fn lists_flow_runs_with_filters() {
    let engine = Engine::new();
    let all = engine.all("/flow-runs").await;
    assert_eq!(all.len(), 13 * 8);
    let times: Vec<&str> = all
        .iter()
        .map(|r| r["startTime"].as_str().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");
    for state in ["completed", "failed", "stopped"] {
        let some = engine.all(&format!("/flow-runs?state={state}")).await;
        assert!(
            !some.is_empty() && some.iter().all(|r| r["state"] == state),
            "{state}"
        );
    }
    let failed = engine.all("/flow-runs?state=failed").await;
    assert!(failed.iter().all(|r| r["errors"][0]["message"].is_string()));
    let stopped = engine.all("/flow-runs?state=stopped").await;
    assert!(stopped
        .iter()
        .all(|r| r["endTime"].is_string() && r.get("errors").is_none()));
    assert!(engine.all("/flow-runs?state=running").await.is_empty());
    engine
        .fails(Method::GET, "/flow-runs?state=done", None, 400)
        .await;

    let deals = flow(&engine, ACME, "hubspot", "sync-deals").await;
    let of_flow = engine
        .all(&format!("/flow-runs?connectionFlowId={}", id(&deals)))
        .await;
    assert_eq!(of_flow.len(), 8);
    let older = engine
        .all(&format!("/flow-runs?flowInstanceId={}", id(&deals)))
        .await;
    assert_eq!(ids(&of_flow), ids(&older));
    let starts: Vec<&str> = of_flow
        .iter()
        .map(|r| r["startNodeKey"].as_str().unwrap())
        .collect();
    assert!(starts.contains(&"created") && starts.contains(&"updated"));
    assert!(of_flow
        .iter()
        .all(|r| r["launchedBy"]["type"] == "data-source-trigger"));

    let acme = engine.customer_id(ACME).await;
    let of_acme = engine.all(&format!("/flow-runs?tenantId={acme}")).await;
    assert_eq!(of_acme.len(), 5 * 8);
    assert_eq!(
        ids(&engine.all(&format!("/flow-runs?userId={acme}")).await),
        ids(&of_acme)
    );
    let connection = deals["connectionId"].as_str().unwrap();
    let by_connection = engine
        .all(&format!("/flow-runs?connectionId={connection}"))
        .await;
    assert_eq!(by_connection.len(), 16);
    let integration = deals["integrationId"].as_str().unwrap();
    let by_integration = engine
        .all(&format!("/flow-runs?integrationId={integration}"))
        .await;
    assert!(by_integration.len() >= by_connection.len());

    let middle = times[times.len() / 2];
    let newer = engine.all(&format!("/flow-runs?from={middle}")).await;
    let older = engine.all(&format!("/flow-runs?to={middle}")).await;
    assert!(newer
        .iter()
        .all(|r| r["startTime"].as_str().unwrap() >= middle));
    assert!(older
        .iter()
        .all(|r| r["startTime"].as_str().unwrap() <= middle));
    assert!(newer.len() + older.len() > all.len());
    let window = engine
        .all(&format!("/flow-runs?from={middle}&to={middle}"))
        .await;
    assert!(!window.is_empty());
    let error = engine
        .fails(Method::GET, "/flow-runs?from=yesterday", None, 400)
        .await;
    assert!(message(&error).starts_with("from:"));

    let page = engine.get("/flow-runs?limit=7").await;
    assert_eq!(page["items"].as_array().unwrap().len(), 7);
    let next = engine
        .get(&format!(
            "/flow-runs?limit=7&cursor={}",
            page["cursor"].as_str().unwrap()
        ))
        .await;
    assert_eq!(next["items"][0]["id"], all[7]["id"]);
}

#[tokio::test]
async fn customer_level_flows_are_created_and_run() {
    let engine = Engine::new();
    let deals = flow(&engine, ACME, "hubspot", "sync-deals").await;
    let nodes = json!({
        "start": { "type": "api-trigger", "name": "API trigger", "links": [{ "key": "send" }] },
        "send": { "type": "api-request-to-your-app", "name": "Send to my app",
            "config": { "request": { "method": "POST", "uri": "https://example.com/hook" } } },
    });
    let created = engine
        .ok(
            Method::POST,
            "/flow-instances",
            Some(
                json!({ "name": "My flow", "connectionId": deals["connectionId"], "nodes": nodes }),
            ),
        )
        .await;
    assert_eq!(created["userId"], deals["userId"]);
    assert_eq!(created["enabled"], true);
    assert_eq!(created["isCustomized"], false);
    assert!(created.get("flowId").is_none());
    let run = run_of(&engine, json!({ "flowInstanceId": created["id"] })).await;
    assert_eq!(run["state"], "queued");
    let error = engine
        .fails(
            Method::POST,
            "/flow-instances",
            Some(json!({ "name": "x", "connectionId": "nope", "nodes": nodes })),
            400,
        )
        .await;
    assert!(message(&error).starts_with("connectionId:"));
}
