//! Demo instances other than flows: actions, data sources, field mappings, a data link table
//! with a few hundred links, and event subscriptions, on the named demo customers.

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{json, Value};

use super::{internal_id, stable_id, Rng, DAY};
use crate::instances::NewInstance;

/// (customer number, integration key (none: the customer's own, e.g. app events), kind,
/// key, name, own fields, setup failed)
type Deployment = (
    usize,
    Option<&'static str>,
    &'static str,
    &'static str,
    &'static str,
    fn() -> Value,
    bool,
);

const DEPLOYMENTS: &[Deployment] = &[
    (
        1,
        Some("hubspot"),
        "action",
        "create-contact",
        "Create contact",
        create_contact,
        false,
    ),
    (
        1,
        Some("stripe"),
        "action",
        "get-invoice",
        "Get invoice",
        get_invoice,
        false,
    ),
    (
        1,
        Some("slack"),
        "action",
        "ping-webhook",
        "Ping webhook",
        ping_webhook,
        false,
    ),
    (
        2,
        Some("jira"),
        "action",
        "create-contact",
        "Create contact",
        create_contact,
        true,
    ),
    (
        8,
        Some("stripe"),
        "action",
        "get-invoice",
        "Get invoice",
        get_invoice,
        false,
    ),
    (
        1,
        Some("hubspot"),
        "data-source",
        "contacts",
        "Contacts",
        contacts_source,
        false,
    ),
    (
        1,
        Some("salesforce"),
        "data-source",
        "contacts",
        "Contacts",
        contacts_source,
        true,
    ),
    (
        2,
        Some("jira"),
        "data-source",
        "issues",
        "Issues",
        issues_source,
        false,
    ),
    (
        1,
        Some("hubspot"),
        "field-mapping",
        "contact-fields",
        "Contact fields",
        both_ways,
        false,
    ),
    (
        1,
        Some("stripe"),
        "field-mapping",
        "invoice-fields",
        "Invoice fields",
        import_only,
        false,
    ),
    (
        7,
        Some("salesforce"),
        "field-mapping",
        "contact-fields",
        "Contact fields",
        both_ways,
        false,
    ),
    (
        1,
        Some("hubspot"),
        "data-link-table",
        "contact-links",
        "Contact links",
        link_table,
        false,
    ),
    (
        2,
        Some("jira"),
        "data-link-table",
        "issue-links",
        "Issue links",
        link_table,
        false,
    ),
    (
        1,
        None,
        "app-event-subscription",
        "order-placed",
        "Order placed",
        subscribed,
        false,
    ),
    (
        1,
        None,
        "app-event-subscription",
        "user-created",
        "User created",
        unsubscribed,
        false,
    ),
    (
        2,
        None,
        "app-event-subscription",
        "order-placed",
        "Order placed",
        unsubscribed,
        false,
    ),
    (
        1,
        Some("hubspot"),
        "external-event-subscription",
        "contact-created",
        "Contact created",
        realtime_events,
        false,
    ),
    (
        1,
        Some("salesforce"),
        "external-event-subscription",
        "contact-updated",
        "Contact updated",
        failing_events,
        false,
    ),
    (
        2,
        Some("jira"),
        "external-event-subscription",
        "issue-created",
        "Issue created",
        pulled_events,
        false,
    ),
];

fn create_contact() -> Value {
    json!({
        "type": "create-data-record",
        "config": { "dataSource": { "collectionKey": "contacts" } },
        "inputSchema": {
            "type": "object", "required": ["email"],
            "properties": {
                "email": { "type": "string", "format": "email", "title": "Email" },
                "firstName": { "type": "string", "maxLength": 100 },
                "lastName": { "type": "string", "maxLength": 100 },
                "age": { "type": "integer", "minimum": 0, "maximum": 150 },
            }
        },
        "outputSchema": { "type": "object", "properties": { "id": { "type": "string" }, "fields": { "type": "object" } } },
    })
}

fn get_invoice() -> Value {
    json!({
        "type": "api-request-to-external-app",
        "config": { "request": { "method": "GET", "path": "/v1/invoices/{invoiceId}" } },
        "inputSchema": {
            "type": "object", "required": ["invoiceId"],
            "properties": {
                "invoiceId": { "type": "string", "pattern": "^in_[a-zA-Z0-9]+$", "title": "Invoice id" },
                "expand": { "type": "array", "items": { "type": "string" } },
            }
        },
        "outputSchema": { "type": "object", "properties": { "status": { "type": "integer" }, "data": { "type": "object" } } },
    })
}

fn ping_webhook() -> Value {
    json!({
        "type": "http-request",
        "config": { "request": { "method": "POST", "url": "https://hooks.example/ping" } },
        "inputSchema": {
            "type": "object",
            "properties": {
                "message": { "type": "string", "maxLength": 200 },
                "urgent": { "type": "boolean", "default": false },
            }
        },
    })
}

fn contacts_source() -> Value {
    json!({
        "dataSourceId": stable_id("data-source:contacts"),
        "collectionKey": "contacts", "collectionParameters": { "includeArchived": false },
        "path": "/contacts", "defaultPath": "/contacts",
        "pullUpdatesIntervalSeconds": 300, "fullSyncIntervalSeconds": 86_400,
    })
}

fn issues_source() -> Value {
    json!({
        "dataSourceId": stable_id("data-source:issues"),
        "collectionKey": "issues", "collectionParameters": { "projectKey": "OPS" },
        "path": "/projects/OPS/issues", "defaultPath": "/issues",
        "pullUpdatesIntervalSeconds": 600, "fullSyncIntervalSeconds": 604_800,
    })
}

fn app_schema() -> Value {
    json!({
        "type": "object",
        "properties": {
            "email": { "type": "string", "format": "email" },
            "firstname": { "type": "string" }, "lastname": { "type": "string" },
            "amount": { "type": "number" },
        }
    })
}

fn both_ways() -> Value {
    json!({
        "fieldMappingId": stable_id("field-mapping:contact-fields"), "direction": "both",
        "importValue": { "email": { "$var": "$.email" }, "fullName": { "$concat": [{ "$var": "$.firstname" }, " ", { "$var": "$.lastname" }] } },
        "exportValue": { "email": { "$var": "$.email" }, "firstname": { "$var": "$.firstName" } },
        "appSchema": app_schema(),
    })
}

fn import_only() -> Value {
    json!({
        "fieldMappingId": stable_id("field-mapping:invoice-fields"), "direction": "import",
        "importValue": { "total": { "$var": "$.amount" } },
        "appSchema": app_schema(),
    })
}

fn link_table() -> Value {
    json!({ "dataLinkTableId": stable_id("data-link-table:records") })
}

fn subscribed() -> Value {
    json!({ "appEventTypeId": stable_id("app-event-type:order-placed"), "isSubscribed": true,
        "webhookUri": "https://engine.example/webhooks/app-events/acme" })
}

fn unsubscribed() -> Value {
    json!({ "appEventTypeId": stable_id("app-event-type:user-created"), "isSubscribed": false,
        "webhookUri": "https://engine.example/webhooks/app-events/other" })
}

fn realtime_events() -> Value {
    json!({ "status": "subscribed", "isRealTime": true,
        "config": { "type": "data-record-created", "dataSource": { "collectionKey": "contacts" } } })
}

fn failing_events() -> Value {
    json!({ "status": "error", "isRealTime": true,
        "error": { "type": "connection", "message": "Salesforce refused the webhook: the refresh token was revoked" },
        "config": { "type": "data-record-updated", "dataSource": { "collectionKey": "contacts" } } })
}

fn pulled_events() -> Value {
    json!({ "status": "unsubscribed", "isRealTime": false,
        "config": { "type": "connector-event", "eventKey": "issue-created" } })
}

/// Links in a demo data link table.
const LINKS_PER_TABLE: usize = 300;

/// Where a deployment goes: (customer id, connection id, integration id, created_at of the
/// connection, else of the customer).
type Owner = (String, Option<String>, Option<String>, i64);

fn owner(r: &rusqlite::Row) -> rusqlite::Result<Owner> {
    Ok((
        r.get("user_id")?,
        r.get("connection_id")?,
        r.get("integration_id")?,
        r.get("created_at")?,
    ))
}

pub fn seed(tx: &Connection, anchor: i64) -> rusqlite::Result<()> {
    let mut rng = Rng::new(0x5EED_C0FF_EE00_0004);
    for (n, integration, kind, key, name, own, setup_failed) in DEPLOYMENTS {
        // App events belong to the customer alone: no connection, no integration.
        let found = match integration {
            Some(integration) => tx
                .query_row(
                    "SELECT x.user_id, x.id AS connection_id, x.integration_id, x.created_at
                     FROM connections x JOIN customers u ON u.id = x.user_id JOIN integrations i ON i.id = x.integration_id
                     WHERE u.internal_id = ?1 AND i.key = ?2",
                    params![internal_id(*n), integration],
                    owner,
                )
                .optional()?,
            None => tx
                .query_row(
                    "SELECT id AS user_id, NULL AS connection_id, NULL AS integration_id, created_at
                     FROM customers WHERE internal_id = ?",
                    [internal_id(*n)],
                    owner,
                )
                .optional()?,
        };
        let Some((user_id, connection_id, integration_id, born)) = found else {
            continue;
        };
        let created = born + 2 * 3_600_000 + rng.below(DAY as u64 / 2) as i64;
        let created = created.min(anchor - 3_600_000);
        let id = stable_id(&format!("{kind}:{n}:{}:{key}", integration.unwrap_or("-")));
        let events = *kind == "external-event-subscription";
        NewInstance {
            id: id.clone(),
            kind,
            name: name.to_string(),
            key: Some(key.to_string()),
            user_id,
            connection_id,
            integration_id,
            instance_key: None,
            state: (!events).then(|| if *setup_failed { "SETUP_FAILED" } else { "READY" }.to_string()),
            errors: setup_failed.then(|| {
                json!([{ "type": "configuration", "key": "setup_failed",
                    "message": format!("Setup of {name} failed: the app has no collection for it in this account") }])
            }),
            own: own(),
            created_at: created,
            updated_at: created,
            archived_at: None,
        }
        .insert(tx)?;
        if *kind == "data-link-table" {
            seed_links(tx, &id, &mut rng)?;
        }
    }
    Ok(())
}

fn seed_links(tx: &Connection, id: &str, rng: &mut Rng) -> rusqlite::Result<()> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO data_links (instance_id, direction, app_record_id, external_record_id) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for i in 0..LINKS_PER_TABLE {
        let direction = if i % 3 == 0 { "export" } else { "import" };
        insert.execute(params![
            id,
            direction,
            format!("app-{i:04}"),
            format!("ext-{}", rng.hex(6))
        ])?;
    }
    Ok(())
}
