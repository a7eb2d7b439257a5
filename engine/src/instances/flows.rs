//! Flow instances: their nodes, what PATCH accepts, customization and per-node reset, and
//! customer-level flows (`POST /flow-instances`).

use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use rusqlite::OptionalExtension;
use serde_json::{json, Map, Value};

use super::kinds::FLOW;
use super::store::{self, InstanceView, NewInstance};
use super::{Changes, Stored};
use crate::auth::Principal;
use crate::db::{new_id, now_ms};
use crate::errors::{ApiError, ApiResult};
use crate::input::{string_value, JsonBody};
use crate::AppState;

pub const TRIGGER_TYPES: &[&str] = &[
    "api-trigger",
    "schedule-trigger",
    "app-event-trigger",
    "data-record-created-trigger",
    "data-record-updated-trigger",
    "data-record-deleted-trigger",
    "connector-event-trigger",
];

const STEP_TYPES: &[&str] = &[
    "list-data-records",
    "search-data-records",
    "find-data-record-by-id",
    "find-or-create-data-record",
    "create-data-record",
    "update-data-record",
    "delete-data-record",
    "transform-data",
    "filter",
    "for-each-v2",
    "run-javascript",
    "run-action",
    "api-request-to-your-app",
    "api-request-to-external-app",
    "custom-http-request",
];

const MAX_NODES: usize = 200;

pub fn routes() -> Router<AppState> {
    Router::new().route("/flow-instances", post(create))
}

pub fn is_trigger(node: &Value) -> bool {
    node["type"]
        .as_str()
        .is_some_and(|t| TRIGGER_TYPES.contains(&t))
}

/// The flow's nodes (empty when it has none).
pub fn nodes(own: &Map<String, Value>) -> Map<String, Value> {
    match own.get("nodes") {
        Some(Value::Object(nodes)) => nodes.clone(),
        _ => Map::new(),
    }
}

/// How many triggers a flow may start from.
#[derive(Clone, Copy, PartialEq)]
pub enum Triggers {
    /// A flow deployed from an integration may have several (the demo's "Sync deals" does).
    AtLeastOne,
    /// A customer-level flow is built around the one trigger it starts from.
    ExactlyOne,
}

pub fn is_known_type(node_type: &str) -> bool {
    TRIGGER_TYPES.contains(&node_type) || STEP_TYPES.contains(&node_type)
}

/// The error an unknown node type gets: on the node when the flow is read, and on the run
/// that reaches it.
pub fn unknown_type_error(node_type: &str) -> Value {
    json!({
        "type": "configuration",
        "key": "unknown_node_type",
        "message": format!("Unknown step type \"{node_type}\": the engine cannot run it"),
    })
}

/// Flags every node of an unknown type in its `errors`. Done at read time rather than
/// stored, so that the flag follows the type if the node is edited or reset.
pub fn flag_unknown_types(own: &mut Map<String, Value>) {
    let Some(Value::Object(nodes)) = own.get_mut("nodes") else {
        return;
    };
    for node in nodes.values_mut() {
        let Value::Object(node) = node else {
            continue;
        };
        let node_type = node.get("type").and_then(Value::as_str).unwrap_or("");
        if !is_known_type(node_type) {
            let errors = json!([unknown_type_error(node_type)]);
            node.insert("errors".into(), errors);
        }
    }
}

/// Validates a `nodes` map: every node an object with a type, links to existing nodes that
/// are not triggers, the triggers `triggers` asks for, and no loops. Unknown types are kept
/// (a newer console may know types this engine does not); they are flagged when read.
fn check_nodes(value: &Value, triggers: Triggers) -> ApiResult<Map<String, Value>> {
    let Value::Object(nodes) = value else {
        return Err(ApiError::invalid(
            "nodes",
            "must be an object of nodes by key",
        ));
    };
    if nodes.is_empty() || nodes.len() > MAX_NODES {
        return Err(ApiError::invalid(
            "nodes",
            &format!("must hold 1 to {MAX_NODES} nodes"),
        ));
    }
    let mut clean = Map::new();
    for (key, node) in nodes {
        let field = format!("nodes.{key}");
        let Value::Object(node) = node else {
            return Err(ApiError::invalid(&field, "must be an object"));
        };
        let node_type = node.get("type").and_then(Value::as_str).unwrap_or("");
        if node_type.trim().is_empty() || node_type.chars().count() > 255 {
            return Err(ApiError::invalid(
                &format!("{field}.type"),
                "must name the node's type (e.g. api-trigger, transform-data, create-data-record)",
            ));
        }
        if let Some(name) = node.get("name").filter(|n| !n.is_null()) {
            string_value(&format!("{field}.name"), name, 255)?;
        }
        if node
            .get("config")
            .is_some_and(|c| !c.is_object() && !c.is_null())
        {
            return Err(ApiError::invalid(
                &format!("{field}.config"),
                "must be an object",
            ));
        }
        if let Some(on_error) = node.get("onError").filter(|v| !v.is_null()) {
            if on_error != "stop" && on_error != "continue" {
                return Err(ApiError::invalid(
                    &format!("{field}.onError"),
                    "must be \"stop\" or \"continue\"",
                ));
            }
        }
        check_links(nodes, &field, node.get("links"))?;
        let mut node = node.clone();
        // Computed at read time; a client that sends back what it read must not store it.
        for computed in ["isCustomized", "state", "errors"] {
            node.remove(computed);
        }
        clean.insert(key.clone(), Value::Object(node));
    }
    let mut trigger_keys = clean
        .iter()
        .filter(|(_, node)| is_trigger(node))
        .map(|(key, _)| key);
    let Some(first) = trigger_keys.next() else {
        return Err(ApiError::invalid(
            "nodes",
            "must contain a trigger node (e.g. api-trigger), where the flow starts",
        ));
    };
    if let (Triggers::ExactlyOne, Some(second)) = (triggers, trigger_keys.next()) {
        return Err(ApiError::invalid(
            &format!("nodes.{second}"),
            &format!(
                "is a second trigger: a customer-level flow starts at exactly one, and {first} is already its trigger"
            ),
        ));
    }
    check_loops(&clean)?;
    Ok(clean)
}

/// A node's `links`: a list of `{key}` naming other nodes of the flow, none of them a trigger.
fn check_links(nodes: &Map<String, Value>, field: &str, links: Option<&Value>) -> ApiResult<()> {
    let field = format!("{field}.links");
    let links = match links {
        None | Some(Value::Null) => return Ok(()),
        Some(Value::Array(links)) => links,
        Some(_) => return Err(ApiError::invalid(&field, "must be a list")),
    };
    for link in links {
        let Some(target) = link.get("key").and_then(Value::as_str) else {
            return Err(ApiError::invalid(
                &field,
                "each link needs the key of a node of this flow",
            ));
        };
        match nodes.get(target) {
            None => {
                return Err(ApiError::invalid(
                    &field,
                    &format!("links to {target}, which is not a node of this flow"),
                ))
            }
            Some(node) if is_trigger(node) => {
                return Err(ApiError::invalid(
                    &field,
                    &format!("links to {target}, a trigger: a flow starts at its trigger, so no link may lead into one"),
                ))
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// Refuses a loop, naming the node whose link closes it: a run around it would never end.
/// Depth-first in the order the nodes and links were sent, so the same flow always names the
/// same node.
fn check_loops(nodes: &Map<String, Value>) -> ApiResult<()> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Unseen,
        OnPath,
        Done,
    }
    struct Walk<'a> {
        nodes: &'a Map<String, Value>,
        index: HashMap<&'a str, usize>,
        marks: Vec<Mark>,
    }
    impl Walk<'_> {
        fn visit(&mut self, at: usize, key: &str) -> ApiResult<()> {
            self.marks[at] = Mark::OnPath;
            let links = self
                .nodes
                .get(key)
                .and_then(|node| node["links"].as_array());
            for target in links
                .into_iter()
                .flatten()
                .filter_map(|l| l["key"].as_str())
            {
                let Some(&next) = self.index.get(target) else {
                    continue;
                };
                match self.marks[next] {
                    Mark::OnPath => {
                        return Err(ApiError::invalid(
                            &format!("nodes.{key}.links"),
                            &format!("links back to {target}, which makes a loop"),
                        ))
                    }
                    Mark::Unseen => self.visit(next, target)?,
                    Mark::Done => {}
                }
            }
            self.marks[at] = Mark::Done;
            Ok(())
        }
    }
    let mut walk = Walk {
        nodes,
        index: nodes
            .keys()
            .enumerate()
            .map(|(i, k)| (k.as_str(), i))
            .collect(),
        marks: vec![Mark::Unseen; nodes.len()],
    };
    for (at, key) in nodes.keys().enumerate() {
        if walk.marks[at] == Mark::Unseen {
            walk.visit(at, key)?;
        }
    }
    Ok(())
}

/// `parameters` against the flow's `parametersSchema`, naming the first bad field.
fn check_parameters(schema: Option<&Value>, parameters: &Map<String, Value>) -> ApiResult<()> {
    let Some(schema) = schema.filter(|s| s.is_object()) else {
        return Ok(());
    };
    let value = Value::Object(parameters.clone());
    let problems = switchboard_schema::parse(schema).validate(&value);
    match problems.first() {
        None => Ok(()),
        Some(problem) => {
            let field = format!("parameters{}", problem.pointer.replace('/', "."));
            Err(ApiError::invalid(&field, &problem.message))
        }
    }
}

pub fn patch(body: &JsonBody, stored: &Stored) -> ApiResult<Changes> {
    let mut changes = Changes {
        name: body.opt_string("name", 255)?,
        ..Changes::default()
    };
    if let Some(enabled) = body.opt_bool("enabled")? {
        changes.own.insert("enabled".into(), Value::Bool(enabled));
    }
    if let Some(parameters) = body.opt_object("parameters")? {
        check_parameters(stored.own.get("parametersSchema"), &parameters)?;
        changes
            .own
            .insert("parameters".into(), Value::Object(parameters));
    }
    if let Some(nodes) = body.get("nodes").filter(|n| !n.is_null()) {
        changes.own.insert(
            "nodes".into(),
            Value::Object(check_nodes(nodes, Triggers::AtLeastOne)?),
        );
    }
    Ok(changes)
}

/// Records what differs from the deployed flow: `customized: {name?, nodes?}` and
/// `isCustomized` on each changed node.
pub fn mark_customized(
    renamed: bool,
    own: &mut Map<String, Value>,
    original: &Map<String, Value>,
) -> bool {
    let before = nodes(original);
    let mut now = nodes(own);
    let mut changed = Map::new();
    for (key, node) in now.iter_mut() {
        if before.get(key) != Some(node) {
            changed.insert(key.clone(), Value::Bool(true));
            node["isCustomized"] = Value::Bool(true);
        }
    }
    for key in before.keys() {
        if !now.contains_key(key) {
            changed.insert(key.clone(), Value::Bool(true));
        }
    }
    let mut customized = Map::new();
    if renamed {
        customized.insert("name".into(), Value::Bool(true));
    }
    if !changed.is_empty() {
        customized.insert("nodes".into(), Value::Object(changed));
    }
    if customized.is_empty() {
        return false;
    }
    own.insert("nodes".into(), Value::Object(now));
    own.insert("customized".into(), Value::Object(customized));
    true
}

/// Restores the deployed version of every node (`all`) or of the named ones; a node added by
/// customization is removed.
pub fn reset_nodes(stored: &mut Stored, all: bool, keys: &[String]) -> ApiResult<()> {
    let before = nodes(&stored.original);
    if all {
        stored.own.insert("nodes".into(), Value::Object(before));
        return Ok(());
    }
    let mut now = nodes(&stored.own);
    for key in keys {
        match before.get(key) {
            Some(node) => {
                now.insert(key.clone(), node.clone());
            }
            None if now.contains_key(key) => {
                now.remove(key);
            }
            None => {
                return Err(ApiError::invalid(
                    &format!("nodes.{key}"),
                    "is not a node of this flow",
                ))
            }
        }
    }
    stored.own.insert("nodes".into(), Value::Object(now));
    Ok(())
}

/// A customer-level flow: built for one customer on one connection, with no integration flow
/// behind it.
async fn create(
    State(state): State<AppState>,
    principal: Principal,
    body: JsonBody,
) -> ApiResult<(StatusCode, Json<InstanceView>)> {
    let name = body.string("name", 255)?;
    let connection_id = body.string("connectionId", 64)?;
    let integration_id = body.opt_string("integrationId", 64)?;
    let instance_key = body.opt_string("instanceKey", 255)?;
    let enabled = body.opt_bool("enabled")?.unwrap_or(true);
    let nodes = check_nodes(
        body.get("nodes").unwrap_or(&Value::Null),
        Triggers::ExactlyOne,
    )?;
    let view = state
        .db
        .call(|conn| {
            let found: Option<(String, String)> = conn
                .query_row(
                    "SELECT user_id, integration_id FROM connections WHERE id = ? AND archived_at IS NULL",
                    [&connection_id],
                    |row| Ok((row.get("user_id")?, row.get("integration_id")?)),
                )
                .optional()?;
            let (user_id, connection_integration) = match found {
                Some((user, integration)) if principal.may_see(&user) => {
                    (user, integration)
                }
                _ => {
                    return Err(ApiError::invalid(
                        "connectionId",
                        &format!("no connection {connection_id}"),
                    ))
                }
            };
            if integration_id
                .as_ref()
                .is_some_and(|i| *i != connection_integration)
            {
                return Err(ApiError::invalid(
                    "integrationId",
                    "is not the integration of the connection",
                ));
            }
            let now = now_ms();
            let instance = NewInstance {
                id: new_id(),
                kind: FLOW.tag,
                name,
                key: None,
                user_id,
                connection_id: Some(connection_id),
                integration_id: Some(connection_integration),
                instance_key,
                state: Some("READY".into()),
                errors: None,
                own: json!({ "enabled": enabled, "nodes": nodes }),
                created_at: now,
                updated_at: now,
                archived_at: None,
            };
            instance.insert(conn)?;
            store::render(conn, &FLOW, &state, &instance.id)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(view)))
}
