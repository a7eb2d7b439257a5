//! Connectors (public and the workspace's custom ones) and their versions.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension};
use serde_json::{json, Value};

use crate::auth::Principal;
use crate::db::iso;
use crate::errors::{ApiError, ApiResult};
use crate::external_apps::logo_uri;
use crate::input::{json_column, like_pattern, ListQuery, Listed, QueryMap};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/connectors", get(list))
        .route("/connectors/{id}", get(fetch))
        .route("/connectors/{id}/versions", get(versions))
}

pub struct Connector {
    pub id: String,
    pub key: String,
    pub name: String,
    pub external_app_id: String,
    pub app_key: String,
    pub is_public: bool,
}

pub struct Version {
    pub id: String,
    pub connector_id: String,
    pub version: String,
    pub changelog: String,
    pub parameters_schema: Value,
    pub auth_options: Value,
    pub created_at: i64,
}

impl Version {
    /// The form a connection asks for: the first auth option's inputSchema, if any.
    fn input_schema(&self) -> Option<&Value> {
        self.auth_options
            .as_array()?
            .iter()
            .find_map(|o| o.get("inputSchema"))
    }

    pub fn to_json(&self) -> Value {
        let mut item = json!({
            "id": self.id,
            "connectorId": self.connector_id,
            "version": self.version,
            "changelog": self.changelog,
            "parametersSchema": self.parameters_schema,
            "auth": { "options": self.auth_options },
            "createdAt": iso(self.created_at),
        });
        if let Some(input) = self.input_schema() {
            item["inputSchema"] = input.clone();
        }
        item
    }
}

const CONNECTOR_COLUMNS: &str = "c.id, c.key, c.name, c.external_app_id, a.key, c.is_public";
const VERSION_COLUMNS: &str =
    "v.id, v.connector_id, v.version, v.changelog, v.parameters_schema, v.auth_options, v.created_at";
/// Newest first by semantic version, not by release date.
const VERSION_ORDER: &str = "v.major DESC, v.minor DESC, v.patch DESC";

fn connector_from_row(row: &rusqlite::Row) -> rusqlite::Result<Connector> {
    Ok(Connector {
        id: row.get(0)?,
        key: row.get(1)?,
        name: row.get(2)?,
        external_app_id: row.get(3)?,
        app_key: row.get(4)?,
        is_public: row.get(5)?,
    })
}

fn version_from_row(row: &rusqlite::Row) -> ApiResult<Version> {
    Ok(Version {
        id: row.get(0)?,
        connector_id: row.get(1)?,
        version: row.get(2)?,
        changelog: row.get(3)?,
        parameters_schema: json_column(row, 4)?,
        auth_options: json_column(row, 5)?,
        created_at: row.get(6)?,
    })
}

/// A connector by id or key.
pub fn find(conn: &Connection, id_or_key: &str) -> ApiResult<Connector> {
    let sql = format!(
        "SELECT {CONNECTOR_COLUMNS} FROM connectors c JOIN external_apps a ON a.id = c.external_app_id
         WHERE c.id = ?1 OR c.key = ?1"
    );
    conn.query_row(&sql, [id_or_key], connector_from_row)
        .optional()?
        .ok_or_else(|| ApiError::not_found(format!("Connector {id_or_key} not found")))
}

/// All versions of a connector, newest first.
pub fn versions_of(conn: &Connection, connector_id: &str) -> ApiResult<Vec<Version>> {
    let sql = format!("SELECT {VERSION_COLUMNS} FROM connector_versions v WHERE v.connector_id = ? ORDER BY {VERSION_ORDER}");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([connector_id])?;
    let mut versions = Vec::new();
    while let Some(row) = rows.next()? {
        versions.push(version_from_row(row)?);
    }
    Ok(versions)
}

/// One version of a connector; `latest` means the newest. `field` names the request field in
/// the 400 when the version does not exist.
pub fn version(
    conn: &Connection,
    connector: &Connector,
    version: &str,
    field: &str,
) -> ApiResult<Version> {
    let mut all = versions_of(conn, &connector.id)?;
    let position = if version == "latest" {
        (!all.is_empty()).then_some(0)
    } else {
        all.iter().position(|v| v.version == version)
    };
    match position {
        Some(i) => Ok(all.swap_remove(i)),
        None => {
            let available: Vec<&str> = all.iter().map(|v| v.version.as_str()).collect();
            Err(ApiError::invalid(
                field,
                &format!(
                    "version \"{version}\" does not exist for connector {} (available: {})",
                    connector.key,
                    available.join(", ")
                ),
            ))
        }
    }
}

fn summary(state: &AppState, connector: &Connector, newest: Option<&Version>) -> Value {
    json!({
        "id": connector.id,
        "key": connector.key,
        "name": connector.name,
        "logoUri": logo_uri(state, &connector.app_key),
        "isPublic": connector.is_public,
        "externalAppId": connector.external_app_id,
        "version": newest.map(|v| v.version.clone()),
    })
}

async fn list(
    State(state): State<AppState>,
    _principal: Principal,
    q: QueryMap,
) -> ApiResult<Json<Listed<Value>>> {
    let page = q.page()?;
    let search = q.str("search").map(like_pattern);
    state
        .db
        .call(|conn| {
            let mut query = ListQuery::new(
                "connectors c JOIN external_apps a ON a.id = c.external_app_id",
                CONNECTOR_COLUMNS,
                "c.created_at",
                "c.id",
            );
            if let Some(pattern) = search {
                query.filter(
                    "(c.name LIKE ? ESCAPE '\\' OR c.key LIKE ? ESCAPE '\\')",
                    [SqlValue::Text(pattern.clone()), SqlValue::Text(pattern)],
                );
            }
            query.run(conn, &page, |row| {
                let connector = connector_from_row(row)?;
                let newest = versions_of(conn, &connector.id)?;
                Ok(summary(&state, &connector, newest.first()))
            })
        })
        .await
        .map(Json)
}

async fn fetch(
    State(state): State<AppState>,
    _principal: Principal,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    state
        .db
        .call(|conn| {
            let connector = find(conn, &id)?;
            let versions = versions_of(conn, &connector.id)?;
            let mut body = summary(&state, &connector, versions.first());
            if let Some(newest) = versions.first() {
                body["parametersSchema"] = newest.parameters_schema.clone();
                body["auth"] = json!({ "options": newest.auth_options });
            }
            Ok(body)
        })
        .await
        .map(Json)
}

async fn versions(
    State(state): State<AppState>,
    _principal: Principal,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    state
        .db
        .call(move |conn| {
            let connector = find(conn, &id)?;
            let items: Vec<Value> = versions_of(conn, &connector.id)?
                .iter()
                .map(Version::to_json)
                .collect();
            Ok(json!({ "items": items }))
        })
        .await
        .map(Json)
}
