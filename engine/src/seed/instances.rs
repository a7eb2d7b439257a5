//! Demo customer instances, on the named demo customers' seeded connections, and a history
//! of flow runs. Generated customers have none.

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{json, Map, Value};

use super::{internal_id, stable_id, Rng, DAY};
use crate::instances::{NewInstance, NewRun, FLOW};

const HOUR: i64 = 3_600_000;

/// A flow as the integration defines it: (key, name, nodes, parametersSchema).
type FlowTemplate = (
    &'static str,
    &'static str,
    fn() -> Value,
    Option<fn() -> Value>,
);

const FLOWS: &[FlowTemplate] = &[
    (
        "create-contacts",
        "Create contacts",
        create_contacts,
        Some(contact_parameters),
    ),
    ("sync-deals", "Sync deals", sync_deals, None),
    ("notify-channel", "Notify a channel", notify_channel, None),
    ("export-invoices", "Export invoices", export_invoices, None),
];

fn create_contacts() -> Value {
    json!({
        "start": { "type": "api-trigger", "name": "Contact received", "links": [{ "key": "transform" }],
            "inputSchema": { "type": "object", "required": ["email"], "properties": {
                "email": { "type": "string", "format": "email" }, "name": { "type": "string" } } } },
        "transform": { "type": "transform-data", "name": "Map contact fields", "links": [{ "key": "create" }],
            "config": { "output": { "email": { "$var": "$.input.start.email" }, "fullName": { "$var": "$.input.start.name" } } } },
        "create": { "type": "create-data-record", "name": "Create contact", "onError": "stop",
            "config": { "dataSource": { "collectionKey": "contacts" }, "fieldMapping": { "defaultValue": { "$var": "$.input.transform" } } } },
    })
}

fn contact_parameters() -> Value {
    json!({
        "type": "object", "required": ["defaultOwner"],
        "properties": {
            "defaultOwner": { "type": "string", "format": "email", "title": "Default owner" },
            "skipDuplicates": { "type": "boolean", "title": "Skip duplicates", "default": true },
        }
    })
}

fn sync_deals() -> Value {
    json!({
        "created": { "type": "data-record-created-trigger", "name": "Deal created", "links": [{ "key": "find" }],
            "config": { "dataSource": { "collectionKey": "deals" } } },
        "updated": { "type": "data-record-updated-trigger", "name": "Deal updated", "links": [{ "key": "find" }],
            "config": { "dataSource": { "collectionKey": "deals" } } },
        "find": { "type": "find-data-record-by-id", "name": "Read the deal", "links": [{ "key": "send" }],
            "config": { "id": { "$var": "$.input.created.record.id" } } },
        "send": { "type": "api-request-to-your-app", "name": "Send to my app",
            "config": { "request": { "method": "POST", "uri": "https://app.example/hooks/deals", "body": { "$var": "$.input.find" } } } },
    })
}

fn notify_channel() -> Value {
    json!({
        "event": { "type": "app-event-trigger", "name": "Order placed", "links": [{ "key": "filter" }],
            "config": { "appEventKey": "order-placed" } },
        "filter": { "type": "filter", "name": "Large orders only", "links": [{ "key": "post", "name": "over 1000" }],
            "config": { "condition": { "$gt": [{ "$var": "$.input.event.record.total" }, 1000] } } },
        "post": { "type": "api-request-to-external-app", "name": "Post a message", "onError": "continue",
            "config": { "request": { "method": "POST", "path": "/messages", "body": { "text": { "$var": "$.input.event.record.summary" } } } } },
    })
}

/// Its upload step is configured to fail, so every run of it ends `failed`.
fn export_invoices() -> Value {
    json!({
        "schedule": { "type": "schedule-trigger", "name": "Every night", "links": [{ "key": "list" }],
            "config": { "intervalMinutes": 1440 } },
        "list": { "type": "list-data-records", "name": "List invoices", "links": [{ "key": "each" }],
            "config": { "dataSource": { "collectionKey": "invoices" } } },
        "each": { "type": "for-each-v2", "name": "For each invoice", "links": [{ "key": "upload" }] },
        "upload": { "type": "api-request-to-your-app", "name": "Upload invoice",
            "config": { "fail": true, "request": { "method": "PUT", "uri": "https://app.example/invoices" } } },
    })
}

/// How a seeded flow instance stands.
#[derive(Clone, Copy, PartialEq)]
enum Flow {
    Enabled,
    Disabled,
    /// The transform node was edited and the flow renamed.
    Customized,
    SetupFailed,
    Archived,
}

/// (customer number, integration key, flow key, standing)
const FLOW_INSTANCES: &[(usize, &str, &str, Flow)] = &[
    (1, "hubspot", "create-contacts", Flow::Customized),
    (1, "hubspot", "sync-deals", Flow::Enabled),
    // Its connection's refresh token was revoked, so setup keeps failing.
    (1, "salesforce", "sync-deals", Flow::SetupFailed),
    (1, "slack", "notify-channel", Flow::Disabled),
    (1, "stripe", "export-invoices", Flow::Enabled),
    // Its connection works: setup clears the failure.
    (2, "jira", "create-contacts", Flow::SetupFailed),
    (2, "zendesk", "notify-channel", Flow::Enabled),
    (3, "github", "notify-channel", Flow::Enabled),
    (3, "pipedrive", "sync-deals", Flow::Disabled),
    (4, "hubspot", "create-contacts", Flow::Archived),
    (7, "slack", "notify-channel", Flow::Enabled),
    (7, "salesforce", "sync-deals", Flow::Enabled),
    (8, "stripe", "create-contacts", Flow::Enabled),
];

/// A named customer's seeded connection: (customer id, connection id, integration id,
/// app name, connection created_at).
type Target = (String, String, String, String, i64);

fn target(tx: &Connection, n: usize, integration: &str) -> rusqlite::Result<Option<Target>> {
    tx.query_row(
        "SELECT x.user_id, x.id, x.integration_id, x.name, x.created_at
         FROM connections x JOIN customers u ON u.id = x.user_id JOIN integrations i ON i.id = x.integration_id
         WHERE u.internal_id = ?1 AND i.key = ?2",
        params![internal_id(n), integration],
        |r| Ok((r.get("user_id")?, r.get("id")?, r.get("integration_id")?, r.get("name")?, r.get("created_at")?)),
    )
    .optional()
}

pub fn seed(tx: &Connection, anchor: i64) -> rusqlite::Result<()> {
    let mut rng = Rng::new(0x5EED_C0FF_EE00_0003);
    for (n, integration, flow_key, standing) in FLOW_INSTANCES {
        let Some((user_id, connection_id, integration_id, app_name, born)) =
            target(tx, *n, integration)?
        else {
            continue;
        };
        let Some((_, flow_name, nodes, schema)) = FLOWS.iter().find(|f| f.0 == *flow_key) else {
            continue;
        };
        let id = stable_id(&format!("flow-instance:{n}:{integration}:{flow_key}"));
        let created = born + HOUR;
        let mut own = json!({
            "enabled": *standing != Flow::Disabled,
            "flowId": stable_id(&format!("flow:{integration}:{flow_key}")),
            "nodes": nodes(),
        });
        if let Some(schema) = schema {
            own["parametersSchema"] = schema();
            own["parameters"] = json!({ "defaultOwner": format!("sales@{integration}.example"), "skipDuplicates": true });
        }
        let (state, errors) = match standing {
            Flow::SetupFailed => (
                "SETUP_FAILED",
                Some(json!([{
                    "type": "connection", "key": "setup_failed",
                    "message": format!("Setup of {flow_name} in {app_name} failed: the {app_name} API refused to create the webhook (403 Forbidden)"),
                }])),
            ),
            _ => ("READY", None),
        };
        let instance = NewInstance {
            id: id.clone(),
            kind: FLOW.tag,
            name: format!("{flow_name} in {app_name}"),
            key: Some(flow_key.to_string()),
            user_id: user_id.clone(),
            connection_id: Some(connection_id.clone()),
            integration_id: Some(integration_id.clone()),
            instance_key: (*n == 1 && *flow_key == "create-contacts").then(|| "primary".into()),
            state: Some(state.into()),
            errors,
            own: own.clone(),
            created_at: created,
            updated_at: created,
            archived_at: (*standing == Flow::Archived).then_some(created + DAY),
        };
        instance.insert(tx)?;
        if *standing == Flow::Customized {
            // Never after the anchor, or the demo would show an edit made in the future.
            customize(tx, &id, &mut own, (created + 2 * DAY).min(anchor - HOUR))?;
        }
        let flow = match own["nodes"].take() {
            Value::Object(nodes) => nodes,
            _ => Map::new(),
        };
        let history = RunHistory {
            instance_id: &id,
            connection_id: &connection_id,
            integration_id: &integration_id,
            user_id: &user_id,
            name: &instance.name,
            flow: &flow,
            since: created,
        };
        history.seed(tx, &mut rng, anchor)?;
    }
    Ok(())
}

/// Edits the transform node and renames the flow, as a customer would.
fn customize(tx: &Connection, id: &str, own: &mut Value, at: i64) -> rusqlite::Result<()> {
    own["nodes"]["transform"]["config"]["output"]["source"] = json!("website-form");
    own["nodes"]["transform"]["name"] = json!("Map contact fields (with source)");
    tx.execute(
        "UPDATE instances SET own = ?1, name = name || ' (custom)', updated_at = ?2 WHERE id = ?3",
        params![own.to_string(), at, id],
    )?;
    Ok(())
}

/// The past runs of one flow instance.
struct RunHistory<'a> {
    instance_id: &'a str,
    connection_id: &'a str,
    integration_id: &'a str,
    user_id: &'a str,
    name: &'a str,
    flow: &'a Map<String, Value>,
    since: i64,
}

const RUNS_PER_FLOW: i64 = 8;

impl RunHistory<'_> {
    /// Runs spread between the instance's creation and the anchor: most complete, one in
    /// eight fails (with errors), one in eight was stopped. Flows with two triggers start
    /// from each in turn.
    fn seed(&self, tx: &Connection, rng: &mut Rng, anchor: i64) -> rusqlite::Result<()> {
        let triggers: Vec<&String> = self
            .flow
            .iter()
            .filter(|(_, node)| crate::instances::is_trigger(node))
            .map(|(key, _)| key)
            .collect();
        let span = (anchor - HOUR - self.since).max(RUNS_PER_FLOW);
        for i in 0..RUNS_PER_FLOW {
            let Some(start_key) = triggers.get(i as usize % triggers.len().max(1)) else {
                return Ok(());
            };
            let start = self.since + span * (i + 1) / (RUNS_PER_FLOW + 1);
            let duration = 2_000 + rng.below(38_000) as i64;
            let start_type = self.flow.get(start_key.as_str()).map(|n| &n["type"]);
            let launched_by = match start_type.and_then(Value::as_str) {
                Some("schedule-trigger") => "schedule-trigger",
                Some("app-event-trigger") => "app-event-trigger",
                Some("api-trigger") => "api-trigger",
                _ => "data-source-trigger",
            };
            let run = NewRun {
                id: stable_id(&format!("flow-run:{}:{i}", self.instance_id)),
                instance_id: self.instance_id,
                connection_id: Some(self.connection_id),
                name: self.name,
                flow: self.flow,
                user_id: self.user_id,
                integration_id: Some(self.integration_id.to_string()),
                start_node_key: start_key.to_string(),
                input: Some(json!({ "email": format!("lead{i}@customer.example") })),
                launched_by,
                start_time: start,
                settle_time: start + duration,
                stopped_at: (i % 8 == 5).then_some(start + duration / 2),
                fail: i % 8 == 3,
            };
            run.insert(tx)?;
        }
        Ok(())
    }
}
