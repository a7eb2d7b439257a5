//! The `instances` table: finding an instance the principal may see, loading it for a
//! write, saving it, and rendering it as the API shows it.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::{Map, Value};

use super::Kind;
use crate::auth::Principal;
use crate::db::{iso, now_ms};
use crate::errors::{ApiError, ApiResult};
use crate::external_apps::logo_uri;
use crate::input::json_column;
use crate::AppState;

pub const FROM: &str = "instances x JOIN customers u ON u.id = x.user_id
    LEFT JOIN connections c ON c.id = x.connection_id
    LEFT JOIN integrations i ON i.id = x.integration_id
    LEFT JOIN external_apps a ON a.id = i.external_app_id";
pub const COLUMNS: &str = "x.id, x.name, x.key, x.user_id, x.connection_id, x.integration_id,
    x.instance_key, x.state, x.errors, x.own, x.original, x.created_at, x.updated_at, x.archived_at,
    u.name AS user_name, u.internal_id AS user_internal_id, c.name AS connection_name,
    c.state AS connection_state, c.error AS connection_error, i.key AS integration_key,
    i.name AS integration_name, a.key AS app_key";

fn not_found(kind: &Kind, id: &str) -> ApiError {
    ApiError::not_found(format!("{} {id} not found", kind.noun))
}

/// The id of the `kind` instance `id`, if the principal may see it: a customer sees only
/// its own instances, and another's is as missing as one that never was.
pub fn resolve(
    conn: &Connection,
    kind: &Kind,
    principal: &Principal,
    id: &str,
) -> ApiResult<String> {
    let owner: Option<String> = conn
        .query_row(
            "SELECT user_id FROM instances WHERE id = ?1 AND kind = ?2",
            params![id, kind.tag],
            |row| row.get("user_id"),
        )
        .optional()?;
    match owner {
        Some(owner) if principal.may_see(&owner) => Ok(id.to_string()),
        _ => Err(not_found(kind, id)),
    }
}

/// An instance loaded for a write.
pub struct Stored {
    pub id: String,
    pub name: String,
    pub connection_id: Option<String>,
    pub state: Option<String>,
    pub errors: Value,
    pub own: Map<String, Value>,
    pub original: Map<String, Value>,
    pub archived: bool,
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

impl Stored {
    pub fn load(conn: &Connection, kind: &Kind, id: &str) -> ApiResult<Stored> {
        let mut stmt = conn.prepare_cached(
            "SELECT id, name, connection_id, state, errors, own, original, archived_at
             FROM instances WHERE id = ?1 AND kind = ?2",
        )?;
        let mut rows = stmt.query(params![id, kind.tag])?;
        let row = rows.next()?.ok_or_else(|| not_found(kind, id))?;
        Ok(Stored {
            id: row.get("id")?,
            name: row.get("name")?,
            connection_id: row.get("connection_id")?,
            state: row.get("state")?,
            errors: json_column(row, "errors")?,
            own: object(json_column(row, "own")?),
            original: object(json_column(row, "original")?),
            archived: row.get::<_, Option<i64>>("archived_at")?.is_some(),
        })
    }

    /// Loads a live instance the principal may change.
    pub fn for_write(
        conn: &Connection,
        kind: &Kind,
        principal: &Principal,
        id: &str,
    ) -> ApiResult<Stored> {
        let id = resolve(conn, kind, principal, id)?;
        let stored = Stored::load(conn, kind, &id)?;
        if stored.archived {
            return Err(ApiError::bad_request(format!(
                "{} {id} is archived: restore it before changing it",
                kind.noun
            )));
        }
        Ok(stored)
    }

    pub fn save(&self, conn: &Connection) -> ApiResult<()> {
        let errors = (!self.errors.is_null()).then(|| self.errors.to_string());
        conn.execute(
            "UPDATE instances SET name = ?1, state = ?2, errors = ?3, own = ?4, updated_at = ?5
             WHERE id = ?6",
            params![
                self.name,
                self.state,
                errors,
                Value::Object(self.own.clone()).to_string(),
                now_ms(),
                self.id
            ],
        )?;
        Ok(())
    }

    /// The name as deployed, before any customization.
    pub fn original_name(&self) -> &str {
        self.original
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or(&self.name)
    }
}

/// An instance row to insert (the seed and `POST /flow-instances`).
pub struct NewInstance {
    pub id: String,
    pub kind: &'static str,
    pub name: String,
    pub key: Option<String>,
    pub user_id: String,
    pub connection_id: Option<String>,
    pub integration_id: Option<String>,
    pub instance_key: Option<String>,
    pub state: Option<String>,
    pub errors: Option<Value>,
    pub own: Value,
    pub created_at: i64,
    pub updated_at: i64,
    pub archived_at: Option<i64>,
}

impl NewInstance {
    /// Inserts the instance; as deployed, it is also what a reset restores.
    pub fn insert(&self, conn: &Connection) -> rusqlite::Result<()> {
        let mut original = self.own.clone();
        if let Value::Object(map) = &mut original {
            map.insert("name".into(), Value::String(self.name.clone()));
        }
        conn.prepare_cached(
            "INSERT INTO instances (id, kind, name, key, user_id, connection_id, integration_id,
              instance_key, state, errors, own, original, created_at, updated_at, archived_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        )?
        .execute(params![
            self.id,
            self.kind,
            self.name,
            self.key,
            self.user_id,
            self.connection_id,
            self.integration_id,
            self.instance_key,
            self.state,
            self.errors.as_ref().map(Value::to_string),
            self.own.to_string(),
            original.to_string(),
            self.created_at,
            self.updated_at,
            self.archived_at,
        ])?;
        Ok(())
    }
}

/// An instance as the API shows it: the fields every kind has, the embedded customer,
/// connection and integration, and the kind's own fields.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InstanceView {
    id: String,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<Value>,
    is_customized: bool,
    user_id: String,
    tenant_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    connection_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    integration_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    instance_key: Option<String>,
    created_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    updated_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    archived_at: Option<String>,
    user: EmbeddedUser,
    #[serde(skip_serializing_if = "Option::is_none")]
    connection: Option<EmbeddedConnection>,
    #[serde(skip_serializing_if = "Option::is_none")]
    integration: Option<EmbeddedIntegration>,
    #[serde(flatten)]
    own: Map<String, Value>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EmbeddedUser {
    id: String,
    name: String,
    internal_id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EmbeddedConnection {
    id: String,
    name: String,
    state: String,
    connected: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EmbeddedIntegration {
    id: String,
    key: String,
    name: String,
    logo_uri: String,
}

pub fn from_row(kind: &Kind, state: &AppState, row: &rusqlite::Row) -> ApiResult<InstanceView> {
    let user_id: String = row.get("user_id")?;
    let connection_id: Option<String> = row.get("connection_id")?;
    let integration_id: Option<String> = row.get("integration_id")?;
    let name: String = row.get("name")?;
    let mut own = object(json_column(row, "own")?);
    let original = object(json_column(row, "original")?);
    let is_customized = super::kinds::mark_customized(kind, &name, &mut own, &original);
    if std::ptr::eq(kind, &super::kinds::FLOW) {
        super::flows::flag_unknown_types(&mut own);
    }
    let connection = match (
        &connection_id,
        row.get::<_, Option<String>>("connection_name")?,
    ) {
        (Some(id), Some(connection_name)) => {
            let connection_state: String = row.get("connection_state")?;
            let error: Option<String> = row.get("connection_error")?;
            Some(EmbeddedConnection {
                id: id.clone(),
                name: connection_name,
                connected: connection_state == "READY" && error.is_none(),
                state: connection_state,
            })
        }
        _ => None,
    };
    let integration = match (
        &integration_id,
        row.get::<_, Option<String>>("integration_key")?,
    ) {
        (Some(id), Some(key)) => Some(EmbeddedIntegration {
            id: id.clone(),
            key,
            name: row.get("integration_name")?,
            logo_uri: logo_uri(state, &row.get::<_, String>("app_key")?),
        }),
        _ => None,
    };
    let errors = json_column(row, "errors")?;
    Ok(InstanceView {
        id: row.get("id")?,
        name,
        key: row.get("key")?,
        state: row.get("state")?,
        errors: (!errors.is_null()).then_some(errors),
        is_customized,
        tenant_id: user_id.clone(),
        user: EmbeddedUser {
            id: user_id.clone(),
            name: row.get("user_name")?,
            internal_id: row.get("user_internal_id")?,
        },
        user_id,
        connection_id,
        integration_id,
        instance_key: row.get("instance_key")?,
        created_at: iso(row.get("created_at")?),
        updated_at: kind
            .has_state
            .then(|| row.get::<_, i64>("updated_at").map(iso))
            .transpose()?,
        archived_at: row.get::<_, Option<i64>>("archived_at")?.map(iso),
        connection,
        integration,
        own,
    })
}

/// The instance with id `id` (already resolved).
pub fn render(
    conn: &Connection,
    kind: &'static Kind,
    state: &AppState,
    id: &str,
) -> ApiResult<InstanceView> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM {FROM} WHERE x.id = ?"))?;
    let mut rows = stmt.query([id])?;
    match rows.next()? {
        Some(row) => from_row(kind, state, row),
        None => Err(not_found(kind, id)),
    }
}

/// Whether the instance's connection is usable: setup fails while it is not.
pub fn connection_problem(
    conn: &Connection,
    connection_id: Option<&str>,
) -> ApiResult<Option<String>> {
    let Some(id) = connection_id else {
        return Ok(None);
    };
    let found: Option<(String, String, Option<String>, Option<i64>)> = conn
        .query_row(
            "SELECT name, state, error, archived_at FROM connections WHERE id = ?",
            [id],
            |row| {
                Ok((
                    row.get("name")?,
                    row.get("state")?,
                    row.get("error")?,
                    row.get("archived_at")?,
                ))
            },
        )
        .optional()?;
    Ok(match found {
        None => Some(format!("its connection {id} no longer exists")),
        Some((name, _, _, Some(_))) => Some(format!("its {name} connection was removed")),
        Some((name, state, error, None)) => {
            let reason = error
                .and_then(|e| serde_json::from_str::<Value>(&e).ok())
                .and_then(|e| e["message"].as_str().map(str::to_string));
            match (state.as_str(), reason) {
                ("READY", None) => None,
                (_, Some(reason)) => {
                    Some(format!("its {name} connection is not connected: {reason}"))
                }
                (state, None) => Some(format!("its {name} connection is {state}")),
            }
        }
    })
}
