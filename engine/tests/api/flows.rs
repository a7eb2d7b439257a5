//! Customer-level flows: creating, editing and validating their nodes, customizing and
//! resetting a deployed flow, and runs through their nodes with each node's output.

use std::time::{Duration, Instant};

use axum::http::Method;
use serde_json::{json, Value};

use crate::common::{ids, Engine};

const ACME: &str = "cust-00001";
const GLOBEX: &str = "cust-00002";

fn id(item: &Value) -> &str {
    item["id"].as_str().unwrap()
}

fn message(error: &Value) -> &str {
    error["message"].as_str().unwrap()
}

/// A seeded flow instance of a customer, by integration and flow key.
async fn deployed(engine: &Engine, internal_id: &str, integration: &str, key: &str) -> Value {
    let user = engine.customer_id(internal_id).await;
    engine
        .all(&format!("/flow-instances?tenantId={user}"))
        .await
        .into_iter()
        .find(|f| f["integration"]["key"] == integration && f["key"] == key)
        .unwrap_or_else(|| panic!("no {key} flow of {internal_id} on {integration}"))
}

/// Acme's HubSpot connection, which works.
async fn acme_hubspot(engine: &Engine) -> String {
    let deals = deployed(engine, ACME, "hubspot", "sync-deals").await;
    deals["connectionId"].as_str().unwrap().to_string()
}

fn two_nodes() -> Value {
    json!({
        "start": { "type": "api-trigger", "name": "API trigger", "links": [{ "key": "send" }] },
        "send": { "type": "api-request-to-your-app", "name": "Send to my app",
            "config": { "request": { "method": "POST", "uri": "https://example.com/hook",
                "body": { "$var": "$.input.start" } } } },
    })
}

/// `POST /flow-instances` as `token`, expecting `status`.
async fn create_as(engine: &Engine, token: &str, body: Value, status: u16) -> Value {
    let reply = engine
        .call(Method::POST, "/flow-instances", Some(token), Some(body))
        .await;
    assert_eq!(reply.status.as_u16(), status, "{}", reply.text);
    reply.json()
}

async fn create(engine: &Engine, name: &str, nodes: Value) -> Value {
    let connection = acme_hubspot(engine).await;
    let body = json!({ "name": name, "connectionId": connection, "nodes": nodes });
    create_as(engine, &engine.admin, body, 201).await
}

async fn start_run(engine: &Engine, body: Value) -> Value {
    let reply = engine
        .call(Method::POST, "/flow-runs", Some(&engine.admin), Some(body))
        .await;
    assert_eq!(reply.status.as_u16(), 201, "{}", reply.text);
    reply.json()
}

/// Polls the run until it has finished (a normal run takes 1.5 s), checking on every read
/// that a node has an output exactly when it has completed.
async fn settled(engine: &Engine, run: &Value) -> Value {
    let path = format!("/flow-runs/{}", id(run));
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let now = engine.get(&path).await;
        for (key, node) in now["nodes"].as_object().unwrap() {
            assert_eq!(
                node.get("output").is_some(),
                node["state"] == "completed",
                "{key} while the run is {}: {node}",
                now["state"]
            );
        }
        let state = now["state"].as_str().unwrap();
        if !matches!(state, "queued" | "running") {
            return now;
        }
        assert!(Instant::now() < deadline, "the run is still {state}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn creates_a_customer_level_flow_for_the_connection_s_customer() {
    let engine = Engine::new();
    let acme = engine.customer_id(ACME).await;
    let connection = acme_hubspot(&engine).await;
    let hubspot = deployed(&engine, ACME, "hubspot", "sync-deals").await;
    let created = create_as(
        &engine,
        &engine.admin,
        json!({ "name": "Forward contacts", "connectionId": connection, "instanceKey": "mine",
            "integrationId": hubspot["integrationId"], "enabled": false, "nodes": two_nodes() }),
        201,
    )
    .await;
    assert_eq!(created["name"], "Forward contacts");
    assert_eq!(created["userId"], acme.as_str());
    assert_eq!(created["tenantId"], acme.as_str());
    assert_eq!(created["user"]["id"], acme.as_str());
    assert_eq!(created["connectionId"], connection.as_str());
    assert_eq!(created["integrationId"], hubspot["integrationId"]);
    assert_eq!(created["integration"]["key"], "hubspot");
    assert_eq!(created["instanceKey"], "mine");
    assert_eq!(created["state"], "READY");
    assert_eq!(created["enabled"], false);
    assert_eq!(created["isCustomized"], false);
    assert_eq!(created["nodes"], two_nodes(), "kept as sent");
    assert!(created.get("flowId").is_none() && created.get("customized").is_none());
    assert!(created["createdAt"].is_string() && created["updatedAt"].is_string());

    let listed = engine
        .all(&format!("/flow-instances?tenantId={acme}"))
        .await;
    assert!(ids(&listed).contains(&id(&created).to_string()));
    let keyed = engine.all("/flow-instances?instanceKey=mine").await;
    assert_eq!(ids(&keyed), [id(&created)]);
    let read = engine
        .get(&format!("/flow-instance?id={}", id(&created)))
        .await;
    assert_eq!(read, created);

    // A customer creates on its own connections only; another's is as missing as none.
    let acme_token = engine.customer_token(ACME);
    let globex_token = engine.customer_token(GLOBEX);
    let own = create_as(
        &engine,
        &acme_token,
        json!({ "name": "Mine", "connectionId": connection, "nodes": two_nodes() }),
        201,
    )
    .await;
    assert_eq!(own["userId"], acme.as_str());
    assert_eq!(own["enabled"], true);
    let error = create_as(
        &engine,
        &globex_token,
        json!({ "name": "Theirs", "connectionId": connection, "nodes": two_nodes() }),
        400,
    )
    .await;
    assert!(message(&error).starts_with("connectionId:"), "{error}");
    for path in [
        format!("/flow-instances/{}", id(&created)),
        format!("/flow-instance?id={}", id(&own)),
    ] {
        let reply = engine
            .call(Method::GET, &path, Some(&globex_token), None)
            .await;
        assert_eq!(reply.status.as_u16(), 404, "{path}: {}", reply.text);
        let reply = engine
            .call(Method::GET, &path, Some(&acme_token), None)
            .await;
        assert_eq!(reply.status.as_u16(), 200, "{path}: {}", reply.text);
    }

    let stripe = deployed(&engine, ACME, "stripe", "export-invoices").await;
    let error = engine
        .fails(
            Method::POST,
            "/flow-instances",
            Some(json!({ "name": "x", "connectionId": connection,
                "integrationId": stripe["integrationId"], "nodes": two_nodes() })),
            400,
        )
        .await;
    assert!(message(&error).starts_with("integrationId:"), "{error}");
}

#[tokio::test]
async fn patching_saves_the_nodes_as_sent_and_renames() {
    let engine = Engine::new();
    let created = create(&engine, "Forward contacts", two_nodes()).await;
    let path = format!("/flow-instance?id={}", id(&created));
    let mut nodes = two_nodes();
    nodes["start"]["links"] = json!([{ "key": "shape" }]);
    nodes["shape"] = json!({ "type": "transform-data", "name": "Shape", "links": [{ "key": "send" }],
        "config": { "output": { "email": { "$var": "$.input.start.email" } } } });
    nodes["send"]["config"]["request"]["body"] = json!({ "$var": "$.input.shape" });
    let patched = engine
        .ok(
            Method::PATCH,
            &path,
            Some(json!({ "name": "Shaped contacts", "nodes": nodes })),
        )
        .await;
    assert_eq!(patched["name"], "Shaped contacts");
    let read = engine
        .get(&format!("/flow-instances/{}", id(&created)))
        .await;
    assert_eq!(read, patched);
    assert_eq!(read["nodes"], nodes, "saved as sent");
    let keys: Vec<&String> = patched["nodes"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["start", "send", "shape"], "in the order sent");
    // Built for this customer alone: there is no deployed flow it could differ from.
    assert_eq!(patched["isCustomized"], false);
    assert!(patched.get("customized").is_none_or(Value::is_null));

    // Two triggers are refused when creating, not when editing.
    nodes["again"] = json!({ "type": "schedule-trigger", "links": [{ "key": "send" }],
        "config": { "intervalMinutes": 60 } });
    let two = engine
        .ok(Method::PATCH, &path, Some(json!({ "nodes": nodes })))
        .await;
    assert_eq!(two["nodes"]["again"]["type"], "schedule-trigger");
}

#[tokio::test]
async fn refuses_bad_nodes_naming_the_node() {
    let engine = Engine::new();
    let connection = acme_hubspot(&engine).await;
    let before = engine.all("/flow-instances").await.len();
    let trigger = json!({ "type": "api-trigger", "links": [{ "key": "a" }] });
    let step = |links: Value| json!({ "type": "transform-data", "links": links });
    let cases = [
        (
            json!({ "start": trigger, "a": step(json!([{ "key": "b" }])),
                "b": step(json!([{ "key": "c" }])), "c": step(json!([{ "key": "a" }])) }),
            "nodes.c.links: links back to a, which makes a loop",
        ),
        (
            json!({ "start": trigger, "a": step(json!([{ "key": "a" }])) }),
            "nodes.a.links: links back to a, which makes a loop",
        ),
        (
            json!({ "start": trigger, "a": step(json!([{ "key": "nowhere" }])) }),
            "nodes.a.links: links to nowhere, which is not a node of this flow",
        ),
        (
            json!({ "start": trigger, "a": step(json!([{ "key": "start" }])) }),
            "nodes.a.links: links to start, a trigger",
        ),
        (
            json!({ "a": step(json!([])), "b": step(json!([{ "key": "a" }])) }),
            "nodes: must contain a trigger node",
        ),
        (
            json!({ "start": trigger, "a": step(json!([])),
                "again": { "type": "schedule-trigger", "links": [{ "key": "a" }] } }),
            "nodes.again: is a second trigger",
        ),
        (json!([trigger]), "nodes: must be an object"),
        (json!({}), "nodes: must hold 1 to 200 nodes"),
        (Value::Null, "nodes: must be an object"),
        (json!({ "start": 5 }), "nodes.start: must be an object"),
        (
            json!({ "start": { "type": "api-trigger", "links": { "key": "a" } }, "a": step(json!([])) }),
            "nodes.start.links: must be a list",
        ),
        (
            json!({ "start": { "type": "api-trigger", "links": ["a"] }, "a": step(json!([])) }),
            "nodes.start.links: each link needs the key of a node",
        ),
        (
            json!({ "start": trigger, "a": { "name": "No type" } }),
            "nodes.a.type:",
        ),
        (
            json!({ "start": trigger, "a": { "type": "filter", "config": [] } }),
            "nodes.a.config:",
        ),
        (
            json!({ "start": trigger, "a": { "type": "filter", "onError": "retry" } }),
            "nodes.a.onError:",
        ),
    ];
    for (nodes, expected) in &cases {
        let body = json!({ "name": "Bad", "connectionId": connection, "nodes": nodes });
        let error = engine
            .fails(Method::POST, "/flow-instances", Some(body), 400)
            .await;
        assert!(message(&error).starts_with(expected), "{nodes}: {error}");
    }
    assert_eq!(engine.all("/flow-instances").await.len(), before);

    // PATCH checks the same and leaves the flow as it was.
    let created = create(&engine, "Good", two_nodes()).await;
    let path = format!("/flow-instances/{}", id(&created));
    // A null `nodes` is no change in a PATCH, and a second trigger is allowed there.
    let patchable = cases
        .iter()
        .filter(|(nodes, e)| !nodes.is_null() && !e.contains("second trigger"));
    for (nodes, expected) in patchable {
        let error = engine
            .fails(Method::PATCH, &path, Some(json!({ "nodes": nodes })), 400)
            .await;
        assert!(message(&error).starts_with(expected), "{nodes}: {error}");
    }
    assert_eq!(engine.get(&path).await["nodes"], two_nodes());
}

#[tokio::test]
async fn keeps_an_unknown_node_type_and_flags_it() {
    let engine = Engine::new();
    let mut nodes = two_nodes();
    nodes["start"]["links"] = json!([{ "key": "beam" }]);
    nodes["beam"] = json!({ "type": "teleport", "name": "Beam it", "config": { "to": "mars" },
        "links": [{ "key": "send" }] });
    let created = create(&engine, "Future flow", nodes.clone()).await;
    let flagged = json!([{
        "type": "configuration",
        "key": "unknown_node_type",
        "message": "Unknown step type \"teleport\": the engine cannot run it",
    }]);
    assert_eq!(created["nodes"]["beam"]["errors"], flagged);
    assert_eq!(created["nodes"]["beam"]["type"], "teleport");
    assert_eq!(created["nodes"]["beam"]["config"], json!({ "to": "mars" }));
    assert!(created["nodes"]["send"].get("errors").is_none());

    // Sending back what was read stores the node, not the flag, which follows the type.
    let path = format!("/flow-instances/{}", id(&created));
    let mut read = engine.get(&path).await;
    assert_eq!(read["nodes"]["beam"]["errors"], flagged);
    read["nodes"]["beam"]["name"] = json!("Beam it up");
    let patched = engine
        .ok(
            Method::PATCH,
            &path,
            Some(json!({ "nodes": read["nodes"] })),
        )
        .await;
    assert_eq!(patched["nodes"]["beam"]["errors"], flagged);
    assert_eq!(patched["nodes"]["beam"]["name"], "Beam it up");
    let mut known = patched["nodes"].clone();
    known["beam"]["type"] = json!("run-javascript");
    let fixed = engine
        .ok(Method::PATCH, &path, Some(json!({ "nodes": known })))
        .await;
    assert!(fixed["nodes"]["beam"].get("errors").is_none(), "{fixed}");
    let unknown = engine
        .ok(Method::PATCH, &path, Some(json!({ "nodes": nodes })))
        .await;
    assert_eq!(unknown["nodes"]["beam"]["errors"], flagged);

    // A run cannot go through it.
    let run = start_run(&engine, json!({ "flowInstanceId": id(&created) })).await;
    let done = settled(&engine, &run).await;
    assert_eq!(done["state"], "failed");
    assert_eq!(done["nodes"]["start"]["state"], "completed");
    let beam = &done["nodes"]["beam"];
    assert_eq!(beam["state"], "failed");
    assert_eq!(beam["errors"][0]["key"], "unknown_node_type");
    assert_eq!(beam["errors"][0]["data"]["nodeKey"], "beam");
    assert_eq!(beam["errors"], done["errors"]);
    assert!(done["nodes"].get("send").is_none(), "nothing runs after it");
}

#[tokio::test]
async fn customizing_a_deployed_flow_and_resetting_one_node_or_all() {
    let engine = Engine::new();
    let deals = deployed(&engine, ACME, "hubspot", "sync-deals").await;
    assert_eq!(deals["isCustomized"], false);
    let path = format!("/flow-instances/{}", id(&deals));
    let mut nodes = deals["nodes"].clone();
    nodes["send"]["config"]["request"]["uri"] = json!("https://other.example/deals");
    nodes["find"]["name"] = json!("Read the whole deal");
    let custom = engine
        .ok(
            Method::PATCH,
            &path,
            Some(json!({ "nodes": nodes, "name": "My deals" })),
        )
        .await;
    assert_eq!(custom["isCustomized"], true);
    assert_eq!(
        custom["customized"],
        json!({ "name": true, "nodes": { "find": true, "send": true } })
    );
    assert_eq!(custom["nodes"]["send"]["isCustomized"], true);
    assert_eq!(custom["nodes"]["find"]["isCustomized"], true);
    assert!(custom["nodes"]["created"].get("isCustomized").is_none());

    let one = engine
        .ok(
            Method::POST,
            &format!("{path}/reset"),
            Some(json!({ "nodes": { "send": true, "find": false } })),
        )
        .await;
    assert_eq!(
        one["customized"],
        json!({ "name": true, "nodes": { "find": true } })
    );
    assert_eq!(one["nodes"]["send"], deals["nodes"]["send"]);
    assert_eq!(one["nodes"]["find"]["name"], "Read the whole deal");

    let all = engine
        .ok(
            Method::POST,
            &format!("/flow-instance/reset?id={}", id(&deals)),
            Some(json!({ "allNodes": true })),
        )
        .await;
    assert_eq!(all["nodes"], deals["nodes"]);
    assert_eq!(all["customized"], json!({ "name": true }));
    assert_eq!(all["name"], "My deals", "allNodes leaves the name");
    let everything = engine
        .ok(Method::POST, &format!("{path}/reset"), None)
        .await;
    assert_eq!(everything["isCustomized"], false);
    assert_eq!(everything["name"], deals["name"]);
}

/// api trigger → transform (formulas) → filter → a request to your app and one to the
/// external app (HubSpot).
fn contact_flow() -> Value {
    json!({
        "start": { "type": "api-trigger", "name": "Contact received", "links": [{ "key": "shape" }] },
        "shape": { "type": "transform-data", "name": "Shape the contact", "links": [{ "key": "gate" }],
            "config": { "output": {
                "email": { "$var": "$.input.start.email" },
                "firstTag": { "$var": "$.input.start.tags[0]" },
                "missing": { "$var": "$.input.start.phone" },
                "source": "api",
            } } },
        "gate": { "type": "filter", "name": "Only with an email",
            "links": [{ "key": "send" }, { "key": "crm" }],
            "config": { "condition": { "field": "$.input.shape.email", "operator": "is-not-empty" } } },
        "send": { "type": "api-request-to-your-app", "name": "Send to my app",
            "config": { "request": { "method": "POST", "uri": "https://app.example/contacts",
                "body": { "$var": "$.input.shape" } } } },
        "crm": { "type": "api-request-to-external-app", "name": "Create in HubSpot",
            "config": { "request": { "method": "POST", "path": "/crm/v3/objects/contacts",
                "body": { "properties": { "email": { "$var": "$.input.shape.email" } } } } } },
    })
}

#[tokio::test]
async fn a_run_goes_through_each_node_recording_its_output() {
    let engine = Engine::new();
    let created = create(&engine, "Contacts", contact_flow()).await;
    let input = json!({ "email": "ada@example.com", "tags": ["vip", "new"] });
    let run = start_run(
        &engine,
        json!({ "flowInstanceId": id(&created), "input": input }),
    )
    .await;
    assert_eq!(run["state"], "queued");
    assert_eq!(run["nodes"], json!({}), "nothing has run yet");
    let done = settled(&engine, &run).await;
    assert_eq!(done["state"], "completed", "{done}");
    assert!(done.get("errors").is_none());
    let keys: Vec<&String> = done["nodes"].as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["start", "shape", "gate", "send", "crm"],
        "link order"
    );
    for (key, node) in done["nodes"].as_object().unwrap() {
        assert_eq!(node["state"], "completed", "{key}");
        assert_eq!(node["runs"], 1, "{key}");
        assert_eq!(node["erroredRuns"], 0, "{key}");
        assert!(node.get("errors").is_none(), "{key}");
    }
    let output = |key: &str| done["nodes"][key]["output"].clone();
    assert_eq!(output("start"), input);
    let shaped =
        json!({ "email": "ada@example.com", "firstTag": "vip", "missing": null, "source": "api" });
    assert_eq!(output("shape"), shaped);
    assert_eq!(output("gate"), json!({ "passed": true }));
    assert_eq!(
        output("send"),
        json!({ "status": 200, "body": { "ok": true, "method": "POST",
            "uri": "https://app.example/contacts", "received": shaped } })
    );
    let crm = output("crm");
    assert_eq!(crm["status"], 200);
    assert_eq!(crm["body"]["archived"], false, "HubSpot's answer: {crm}");
    assert!(crm["body"]["id"].is_string());
    assert_eq!(
        crm["body"]["received"],
        json!({ "properties": { "email": "ada@example.com" } })
    );

    // Outputs are stored: every read of the run shows the same ones.
    let again = engine.get(&format!("/flow-runs/{}", id(&run))).await;
    assert_eq!(again["nodes"], done["nodes"]);
    // A list of runs leaves them out.
    let listed = engine
        .all(&format!("/flow-runs?connectionFlowId={}", id(&created)))
        .await;
    assert_eq!(listed[0]["nodes"]["start"]["state"], "completed");
    assert!(listed[0]["nodes"]["start"].get("output").is_none());

    // A filter that does not pass: what follows it is skipped and the run still completes.
    let run = start_run(
        &engine,
        json!({ "flowInstanceId": id(&created), "input": { "email": "" } }),
    )
    .await;
    let closed = settled(&engine, &run).await;
    assert_eq!(closed["state"], "completed", "{closed}");
    assert_eq!(
        closed["nodes"]["gate"]["output"],
        json!({ "passed": false })
    );
    for key in ["send", "crm"] {
        assert_eq!(
            closed["nodes"][key],
            json!({ "state": "skipped", "runs": 0, "erroredRuns": 0 }),
            "{key}"
        );
    }
}

#[tokio::test]
async fn a_demo_flow_reads_its_trigger_s_canned_event() {
    let engine = Engine::new();
    let notify = deployed(&engine, GLOBEX, "zendesk", "notify-channel").await;
    let run = start_run(&engine, json!({ "flowInstanceId": id(&notify) })).await;
    let done = settled(&engine, &run).await;
    assert_eq!(done["state"], "completed", "{done}");
    let event = &done["nodes"]["event"]["output"];
    assert_eq!(event["record"]["total"], 1250, "{event}");
    assert!(event["record"]["id"].is_string());
    assert_eq!(done["nodes"]["filter"]["output"], json!({ "passed": true }));
    let post = &done["nodes"]["post"]["output"];
    assert_eq!(post["status"], 200);
    assert_eq!(post["body"]["received"]["text"], event["record"]["summary"]);
}

#[tokio::test]
async fn a_run_fails_at_the_node_configured_to_fail() {
    let engine = Engine::new();
    let created = create(
        &engine,
        "Breaks",
        json!({
            "start": { "type": "api-trigger", "links": [{ "key": "shape" }] },
            "shape": { "type": "transform-data", "links": [{ "key": "save" }],
                "config": { "output": { "n": { "$var": "$.input.start.n" } } } },
            "save": { "type": "create-data-record", "name": "Save the record", "links": [{ "key": "after" }],
                "config": { "fail": true, "dataSource": { "collectionKey": "contacts" } } },
            "after": { "type": "run-javascript", "config": { "code": "return 1" } },
        }),
    )
    .await;
    let run = start_run(
        &engine,
        json!({ "flowInstanceId": id(&created), "input": { "n": 3 } }),
    )
    .await;
    let done = settled(&engine, &run).await;
    assert_eq!(done["state"], "failed");
    assert_eq!(done["nodes"]["start"]["output"], json!({ "n": 3 }));
    assert_eq!(done["nodes"]["shape"]["output"], json!({ "n": 3 }));
    let save = &done["nodes"]["save"];
    assert_eq!(save["state"], "failed");
    assert_eq!(
        (&save["runs"], &save["erroredRuns"]),
        (&json!(1), &json!(1))
    );
    assert!(save.get("output").is_none());
    assert_eq!(save["errors"], done["errors"]);
    assert_eq!(save["errors"][0]["data"]["nodeKey"], "save");
    assert!(
        message(&save["errors"][0]).starts_with("Save the record failed"),
        "{save}"
    );
    assert!(
        done["nodes"].get("after").is_none(),
        "nothing runs after it"
    );
}
