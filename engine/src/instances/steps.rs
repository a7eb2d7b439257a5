//! What each node of a flow does when a run reaches it. Nothing leaves the engine: every
//! node's output is a function of its config, the run's input, the outputs of the nodes
//! before it and the app of the flow's connection, so a run can be simulated in full when
//! it starts and its outputs stored with it.

use serde_json::{json, Map, Value};

use super::flows::{is_known_type, is_trigger, unknown_type_error};
use crate::seed::stable_id;

/// What a run knows besides the flow.
pub struct RunContext<'a> {
    /// The run's input: what an api trigger outputs.
    pub input: Option<&'a Value>,
    /// The key of the external app behind the flow's connection (`hubspot`, `slack`, ...),
    /// which shapes the canned answers of requests to it.
    pub app: Option<&'a str>,
    /// The run's input asks for a failure: the last node it reaches fails.
    pub fail: bool,
}

/// One node's part in a run, as planned when the run starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub key: String,
    /// What the node produced; `None` for the node that fails (and for runs stored before
    /// outputs were recorded).
    pub output: Option<Value>,
    /// The filter that closed the way to this node: it does not run, it is `skipped`.
    pub skipped_after: Option<String>,
}

impl Step {
    /// The stored form, one entry of the run's `plan` column.
    pub fn to_json(&self) -> Value {
        let mut entry = Map::new();
        entry.insert("key".into(), Value::String(self.key.clone()));
        if let Some(output) = &self.output {
            entry.insert("output".into(), output.clone());
        }
        if let Some(filter) = &self.skipped_after {
            entry.insert("skippedAfter".into(), Value::String(filter.clone()));
        }
        Value::Object(entry)
    }

    /// Reads a stored entry; databases written before outputs were recorded hold bare keys.
    /// Read by hand rather than through serde so that an output of `null` stays an output.
    pub fn from_json(entry: &Value) -> Option<Step> {
        match entry {
            Value::String(key) => Some(Step {
                key: key.clone(),
                output: None,
                skipped_after: None,
            }),
            Value::Object(entry) => Some(Step {
                key: entry.get("key")?.as_str()?.to_string(),
                output: entry.get("output").cloned(),
                skipped_after: entry
                    .get("skippedAfter")
                    .and_then(Value::as_str)
                    .map(str::to_string),
            }),
            _ => None,
        }
    }
}

/// A run worked out from its start: the nodes in the order they run (skipped ones right
/// after the filter that closed them), and the node that fails with its errors, if any.
pub struct Plan {
    pub steps: Vec<Step>,
    pub failing: Option<(String, Value)>,
}

/// Runs the flow from the trigger `start`: breadth-first along the links in the order they
/// were written, each node once, never into a trigger. A filter that does not pass closes
/// its links; the run stops at the first node that fails.
pub fn plan(flow: &Map<String, Value>, start: &str, context: &RunContext) -> Plan {
    let mut order: Vec<String> = vec![start.to_string()];
    let mut outputs = Map::new();
    let mut closed: Vec<String> = Vec::new();
    let mut failing: Option<(String, Value)> = None;
    let mut next = 0;
    while next < order.len() {
        let key = order[next].clone();
        next += 1;
        let node = flow.get(&key).unwrap_or(&Value::Null);
        let node_type = node["type"].as_str().unwrap_or("");
        if node["config"]["fail"] == true {
            failing = Some((key.clone(), node_error(flow, &key)));
            break;
        }
        if !is_known_type(node_type) {
            let mut error = unknown_type_error(node_type);
            error["data"] = json!({ "nodeKey": key });
            failing = Some((key.clone(), json!([error])));
            break;
        }
        let output = node_output(node, &key, context, &outputs);
        let passed = node_type != "filter" || output["passed"] != false;
        outputs.insert(key.clone(), output);
        if !passed {
            closed.push(key);
            continue;
        }
        for target in links(flow, &key) {
            if !order.iter().any(|k| k == target) {
                order.push(target.to_string());
            }
        }
    }
    let ran = &order[..next];
    // Nodes the failure kept from running are left out, not skipped: no filter stopped them.
    let mut unreached: Vec<String> = order[next..].to_vec();
    if let Some((key, _)) = &failing {
        unreached.extend(links(flow, key).map(str::to_string));
    }
    let unreached = reachable(flow, unreached);
    let mut skipped: Vec<(String, String)> = Vec::new();
    for filter in &closed {
        for key in reachable(flow, links(flow, filter).map(str::to_string).collect()) {
            let taken = ran.contains(&key)
                || unreached.contains(&key)
                || skipped.iter().any(|(k, _)| *k == key);
            if !taken {
                skipped.push((key, filter.clone()));
            }
        }
    }
    let mut steps = Vec::new();
    for key in ran {
        steps.push(Step {
            key: key.clone(),
            output: outputs.get(key).cloned(),
            skipped_after: None,
        });
        for (skipped_key, _) in skipped.iter().filter(|(_, filter)| filter == key) {
            steps.push(Step {
                key: skipped_key.clone(),
                output: None,
                skipped_after: Some(key.clone()),
            });
        }
    }
    if failing.is_none() && context.fail {
        // The demo's `{"fail": true}` input: the last node to run fails, and what it would
        // have closed (were it a filter) is left out like everything after a failure.
        if let Some(last) = steps.iter().rposition(|s| s.skipped_after.is_none()) {
            let key = steps[last].key.clone();
            steps[last].output = None;
            steps.retain(|s| s.skipped_after.as_deref() != Some(key.as_str()));
            failing = Some((key.clone(), node_error(flow, &key)));
        }
    }
    Plan { steps, failing }
}

/// The nodes a node links to, in order: those of the flow that are not triggers.
fn links<'a>(flow: &'a Map<String, Value>, key: &str) -> impl Iterator<Item = &'a str> {
    flow.get(key)
        .and_then(|node| node["links"].as_array())
        .into_iter()
        .flatten()
        .filter_map(|link| link["key"].as_str())
        .filter(|target| flow.get(*target).is_some_and(|n| !is_trigger(n)))
}

/// `roots` and every node reachable from them, breadth-first.
fn reachable(flow: &Map<String, Value>, roots: Vec<String>) -> Vec<String> {
    let mut found = Vec::new();
    for root in roots {
        if !found.contains(&root) {
            found.push(root);
        }
    }
    let mut next = 0;
    while next < found.len() {
        let key = found[next].clone();
        next += 1;
        for target in links(flow, &key) {
            if !found.iter().any(|k| k == target) {
                found.push(target.to_string());
            }
        }
    }
    found
}

/// The error of a node that fails (`config.fail`, or a run asked to fail).
pub fn node_error(flow: &Map<String, Value>, key: &str) -> Value {
    let name = flow
        .get(key)
        .and_then(|node| node["name"].as_str())
        .unwrap_or(key);
    json!([{
        "type": "bad_request",
        "key": "node_failed",
        "message": format!("{name} failed: the external app answered 422 Unprocessable Entity (the record was rejected)"),
        "data": { "nodeKey": key },
    }])
}

/// A node's output, given the outputs of the nodes that ran before it.
fn node_output(
    node: &Value,
    key: &str,
    context: &RunContext,
    outputs: &Map<String, Value>,
) -> Value {
    let config = resolve(&node["config"], outputs);
    let node_type = node["type"].as_str().unwrap_or("");
    let collection = config["dataSource"]["collectionKey"]
        .as_str()
        .unwrap_or("records");
    let id = match &config["id"] {
        Value::String(id) => id.clone(),
        Value::Number(id) => id.to_string(),
        _ => format!("{collection}-1001"),
    };
    let fields = |field: &str| match &config[field] {
        Value::Object(fields) => fields.clone(),
        _ => Map::new(),
    };
    match node_type {
        "api-trigger" => context.input.cloned().unwrap_or_else(|| json!({})),
        _ if is_trigger(node) => trigger_event(node_type, &config),
        "transform-data" => config["output"].clone(),
        "filter" => json!({ "passed": passes(&config["condition"], outputs) }),
        "list-data-records" => json!({ "records": (1001..=1003)
            .map(|n| record(&format!("{collection}-{n}"), Map::new()))
            .collect::<Vec<_>>() }),
        "search-data-records" => json!({ "records": (1001..=1002)
            .map(|n| record(&format!("{collection}-{n}"), Map::new()))
            .collect::<Vec<_>>() }),
        "find-data-record-by-id" => json!({ "record": record(&id, Map::new()) }),
        "find-or-create-data-record" => {
            json!({ "record": record(&format!("{collection}-1001"), fields("fields")) })
        }
        "create-data-record" => {
            let mut values = match &config["fieldMapping"]["defaultValue"] {
                Value::Object(values) => values.clone(),
                _ => Map::new(),
            };
            values.extend(fields("fields"));
            let created = stable_id(&format!("{collection}:{}", Value::Object(values.clone())));
            json!({ "record": record(&format!("{collection}-{created}"), values) })
        }
        "update-data-record" => json!({ "record": record(&id, fields("fields")) }),
        "delete-data-record" => json!({ "record": { "id": id }, "deleted": true }),
        "for-each-v2" => json!({ "items": item_count(&config, &node["config"], outputs) }),
        "run-javascript" => json!({ "result": null }),
        "run-action" => json!({ "output": {} }),
        "api-request-to-your-app" | "api-request-to-external-app" | "custom-http-request" => {
            request_answer(node_type, &config["request"], context.app, key)
        }
        _ => Value::Null,
    }
}

/// A demo record: the values given over an id and a name.
fn record(id: &str, values: Map<String, Value>) -> Value {
    let mut record = Map::new();
    record.insert("id".into(), Value::String(id.to_string()));
    record.insert("name".into(), Value::String(format!("Demo record {id}")));
    record.extend(values);
    Value::Object(record)
}

/// The event a trigger other than the api trigger hands the run: `{record: {id, ...}}`.
fn trigger_event(node_type: &str, config: &Value) -> Value {
    let text = |field: &str, fallback: &str| config[field].as_str().unwrap_or(fallback).to_string();
    let event = match node_type {
        "schedule-trigger" => json!({
            "id": "schedule-1001",
            "intervalMinutes": config["intervalMinutes"],
        }),
        "app-event-trigger" => {
            let event = text("appEventKey", "app-event");
            json!({
                "id": format!("{event}-1001"),
                "type": event,
                "total": 1250,
                "summary": format!("Demo {event} event 1001"),
            })
        }
        "connector-event-trigger" => {
            let event = text("eventKey", "connector-event");
            json!({ "id": format!("{event}-1001"), "type": event })
        }
        _ => {
            let collection = config["dataSource"]["collectionKey"]
                .as_str()
                .unwrap_or("records");
            record(&format!("{collection}-1001"), Map::new())
        }
    };
    json!({ "record": event })
}

/// How many items a for-each goes through: its `items` when that is a list (or holds
/// `records`), else the records of the latest node that listed some.
fn item_count(config: &Value, raw: &Value, outputs: &Map<String, Value>) -> usize {
    let count = |value: &Value| {
        value
            .as_array()
            .or_else(|| value["records"].as_array())
            .map(Vec::len)
    };
    if !raw["items"].is_null() {
        return count(&config["items"]).unwrap_or(0);
    }
    outputs.values().rev().find_map(count).unwrap_or(0)
}

/// A request's answer, `{status: 200, body}`, the body echoing the resolved request body as
/// `received`. Requests to the external app answer as that app would (a HubSpot object, a
/// Slack message, ...).
fn request_answer(node_type: &str, request: &Value, app: Option<&str>, key: &str) -> Value {
    let method = request["method"].as_str().unwrap_or("GET");
    let received = request["body"].clone();
    let mut body = match node_type {
        "api-request-to-your-app" => json!({ "ok": true, "method": method, "uri": request["uri"] }),
        "custom-http-request" => json!({ "ok": true, "method": method, "url": request["url"] }),
        _ => {
            let app = app.unwrap_or("app");
            let id = stable_id(&format!(
                "{app}:{key}:{method}:{}:{received}",
                request["path"]
            ));
            match app {
                "hubspot" => json!({ "id": id, "archived": false }),
                "salesforce" => json!({ "id": id, "success": true, "errors": [] }),
                "slack" => {
                    json!({ "ok": true, "channel": "C0DEMO0001", "ts": "1767225600.000100" })
                }
                "stripe" => {
                    json!({ "id": format!("evt_{id}"), "object": "event", "livemode": false })
                }
                "jira" => json!({ "id": "10001", "key": "DEMO-1001" }),
                "zendesk" => json!({ "id": 1001, "status": "open" }),
                _ => json!({ "ok": true, "id": id }),
            }
        }
    };
    body["received"] = received;
    json!({ "status": 200, "body": body })
}

/// `value` with every formula `{"$var": "$.input.<nodeKey>[.<path>]"}` replaced by what it
/// points at in the outputs so far (null when it points at nothing).
pub fn resolve(value: &Value, outputs: &Map<String, Value>) -> Value {
    match value {
        Value::Object(map) => match formula(map) {
            Some(path) => lookup(path, outputs),
            None => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), resolve(v, outputs)))
                    .collect(),
            ),
        },
        Value::Array(items) => Value::Array(items.iter().map(|v| resolve(v, outputs)).collect()),
        other => other.clone(),
    }
}

fn formula(map: &Map<String, Value>) -> Option<&str> {
    match map.get("$var") {
        Some(Value::String(path)) if map.len() == 1 => Some(path),
        _ => None,
    }
}

/// Follows `$.input.<nodeKey>.<path>`; a path step is a key or a list index (`.0` or
/// `[0]`).
fn lookup(path: &str, outputs: &Map<String, Value>) -> Value {
    let Some(rest) = path.strip_prefix("$.input") else {
        return Value::Null;
    };
    let rest = rest.replace('[', ".").replace(']', "");
    let mut parts = rest.split('.').filter(|p| !p.is_empty());
    let Some(mut at) = parts.next().and_then(|key| outputs.get(key)) else {
        return Value::Null;
    };
    for part in parts {
        let found = match at {
            Value::Object(map) => map.get(part),
            Value::Array(items) => part.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        match found {
            Some(value) => at = value,
            None => return Value::Null,
        }
    }
    at.clone()
}

/// Whether a filter passes. Its condition (already resolved) is `{"$gt"|"$lt"|"$eq"|"$ne":
/// [left, right]}` or `{field, operator, value?}`, where `field` is a value or a
/// `$.input...` path. No condition passes; one the engine cannot read does not.
fn passes(condition: &Value, outputs: &Map<String, Value>) -> bool {
    let Value::Object(map) = condition else {
        return condition.is_null();
    };
    if let Some(operator) = map.get("operator").and_then(Value::as_str) {
        let field = match map.get("field") {
            Some(Value::String(path)) if path.starts_with("$.") => lookup(path, outputs),
            Some(value) => value.clone(),
            None => Value::Null,
        };
        let value = map.get("value").unwrap_or(&Value::Null);
        return compare(operator, &field, value);
    }
    match map.iter().next() {
        Some((operator, Value::Array(pair))) if map.len() == 1 && pair.len() == 2 => {
            compare(operator, &pair[0], &pair[1])
        }
        _ => false,
    }
}

fn compare(operator: &str, left: &Value, right: &Value) -> bool {
    use std::cmp::Ordering;
    let order = || match (left, right) {
        (Value::Number(a), Value::Number(b)) => a.as_f64()?.partial_cmp(&b.as_f64()?),
        (Value::String(a), Value::String(b)) => Some(a.cmp(b)),
        _ => None,
    };
    let equal = || match (left, right) {
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        _ => left == right,
    };
    match operator {
        "$eq" | "equals" => equal(),
        "$ne" | "not-equals" => !equal(),
        "$gt" | "greater-than" => order() == Some(Ordering::Greater),
        "$lt" | "less-than" => order() == Some(Ordering::Less),
        "is-true" => *left == Value::Bool(true),
        "is-not-empty" => match left {
            Value::Null => false,
            Value::String(s) => !s.is_empty(),
            Value::Array(items) => !items.is_empty(),
            Value::Object(map) => !map.is_empty(),
            _ => true,
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }

    fn context(input: &Value) -> RunContext<'_> {
        RunContext {
            input: Some(input),
            app: Some("hubspot"),
            fail: false,
        }
    }

    #[test]
    fn formulas_point_at_earlier_outputs() {
        let outputs = object(json!({
            "start": { "email": "a@b.example", "tags": ["x", "y"] },
        }));
        let value = json!({
            "email": { "$var": "$.input.start.email" },
            "second": { "$var": "$.input.start.tags[1]" },
            "first": { "$var": "$.input.start.tags.0" },
            "all": { "$var": "$.input.start" },
            "missing": { "$var": "$.input.later.email" },
            "deep": [{ "$var": "$.input.start.email.nope" }],
            "literal": { "$var": "$.input.start", "other": 1 },
        });
        assert_eq!(
            resolve(&value, &outputs),
            json!({
                "email": "a@b.example", "second": "y", "first": "x",
                "all": { "email": "a@b.example", "tags": ["x", "y"] },
                "missing": null, "deep": [null],
                "literal": { "$var": "$.input.start", "other": 1 },
            })
        );
    }

    #[test]
    fn filters_read_both_condition_forms() {
        let outputs = object(json!({ "start": { "total": 1250, "name": "" } }));
        let check = |condition: Value| passes(&resolve(&condition, &outputs), &outputs);
        assert!(check(
            json!({ "$gt": [{ "$var": "$.input.start.total" }, 1000] })
        ));
        assert!(!check(
            json!({ "$lt": [{ "$var": "$.input.start.total" }, 1000] })
        ));
        assert!(check(
            json!({ "$eq": [1250.0, { "$var": "$.input.start.total" }] })
        ));
        assert!(check(json!({ "$ne": ["a", "b"] })));
        assert!(!check(json!({ "$gt": [null, 1000] })));
        assert!(check(
            json!({ "field": "$.input.start.total", "operator": "greater-than", "value": 10 })
        ));
        assert!(!check(
            json!({ "field": "$.input.start.name", "operator": "is-not-empty" })
        ));
        assert!(check(
            json!({ "field": { "$var": "$.input.start.total" }, "operator": "equals", "value": 1250 })
        ));
        assert!(!check(
            json!({ "field": true, "operator": "not-equals", "value": true })
        ));
        assert!(check(json!({ "field": true, "operator": "is-true" })));
        assert!(check(Value::Null), "no condition passes");
        assert!(!check(json!({ "$between": [1, 2] })));
        assert!(!check(json!({ "field": 1, "operator": "is-odd" })));
    }

    #[test]
    fn a_closed_filter_skips_only_what_nothing_else_reaches() {
        let flow = object(json!({
            "start": { "type": "api-trigger", "links": [{ "key": "gate" }, { "key": "side" }] },
            "gate": { "type": "filter", "links": [{ "key": "after" }],
                "config": { "condition": { "$gt": [{ "$var": "$.input.start.n" }, 5] } } },
            "after": { "type": "run-javascript", "links": [{ "key": "shared" }, { "key": "tail" }] },
            "side": { "type": "run-action", "links": [{ "key": "shared" }] },
            "shared": { "type": "transform-data", "config": { "output": { "$var": "$.input.start.n" } } },
            "tail": { "type": "run-javascript" },
        }));
        let keys = |plan: &Plan| {
            plan.steps
                .iter()
                .map(|s| (s.key.clone(), s.skipped_after.is_some()))
                .collect::<Vec<_>>()
        };
        let open = plan(&flow, "start", &context(&json!({ "n": 9 })));
        assert!(open.failing.is_none());
        let step = |key: &str, skipped: bool| (key.to_string(), skipped);
        assert_eq!(
            keys(&open),
            [
                step("start", false),
                step("gate", false),
                step("side", false),
                step("after", false),
                step("shared", false),
                step("tail", false)
            ]
        );
        let closed = plan(&flow, "start", &context(&json!({ "n": 1 })));
        assert_eq!(
            keys(&closed),
            [
                step("start", false),
                step("gate", false),
                step("after", true),
                step("tail", true),
                step("side", false),
                step("shared", false)
            ]
        );
        assert_eq!(closed.steps[1].output, Some(json!({ "passed": false })));
        assert_eq!(closed.steps[2].skipped_after.as_deref(), Some("gate"));
        assert_eq!(closed.steps[5].output, Some(json!(1)));
    }

    #[test]
    fn a_plan_follows_links_once_and_stops_at_a_failing_node() {
        let flow = object(json!({
            "a": { "type": "api-trigger", "links": [{ "key": "b" }, { "key": "c" }, { "key": "t" }] },
            "t": { "type": "schedule-trigger", "links": [{ "key": "b" }] },
            "b": { "type": "filter", "links": [{ "key": "a" }, { "key": "c" }, { "key": "nope" }] },
            "c": { "type": "transform-data", "config": { "fail": true }, "links": [{ "key": "d" }] },
            "d": { "type": "filter" },
        }));
        let plan = plan(&flow, "a", &context(&json!({})));
        let keys: Vec<&str> = plan.steps.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(keys, ["a", "b", "c"]);
        assert_eq!(plan.steps[2].output, None);
        let (failing, errors) = plan.failing.expect("c fails");
        assert_eq!(failing, "c");
        assert_eq!(errors[0]["data"]["nodeKey"], "c");
    }

    #[test]
    fn an_unknown_type_fails_the_run_there() {
        let flow = object(json!({
            "a": { "type": "api-trigger", "links": [{ "key": "x" }] },
            "x": { "type": "teleport", "links": [{ "key": "y" }] },
            "y": { "type": "run-javascript" },
        }));
        let plan = plan(&flow, "a", &context(&json!({})));
        assert_eq!(plan.steps.len(), 2);
        let (failing, errors) = plan.failing.expect("x fails");
        assert_eq!(failing, "x");
        assert_eq!(errors[0]["key"], "unknown_node_type");
    }

    #[test]
    fn a_stored_step_keeps_a_null_output_and_old_bare_keys_still_read() {
        let step = Step {
            key: "t".into(),
            output: Some(Value::Null),
            skipped_after: None,
        };
        assert_eq!(Step::from_json(&step.to_json()), Some(step));
        assert_eq!(
            Step::from_json(&json!("old")),
            Some(Step {
                key: "old".into(),
                output: None,
                skipped_after: None
            })
        );
        assert_eq!(Step::from_json(&json!(3)), None);
    }
}
