//! Connectors (public and the workspace's custom ones) and their versions.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use serde_json::Value;

use crate::auth::Principal;
use crate::db::iso;
use crate::errors::{ApiError, ApiResult};
use crate::external_apps::logo_uri;
use crate::input::{json_column, ListQuery, Listed, QueryMap};
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

    pub fn view(&self) -> VersionView {
        VersionView {
            id: self.id.clone(),
            connector_id: self.connector_id.clone(),
            version: self.version.clone(),
            changelog: self.changelog.clone(),
            parameters_schema: self.parameters_schema.clone(),
            auth: AuthOptions {
                options: self.auth_options.clone(),
            },
            created_at: iso(self.created_at),
            input_schema: self.input_schema().cloned(),
        }
    }
}

/// A connector version as the API shows it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VersionView {
    id: String,
    connector_id: String,
    version: String,
    changelog: String,
    parameters_schema: Value,
    auth: AuthOptions,
    created_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    input_schema: Option<Value>,
}

#[derive(Serialize)]
pub struct AuthOptions {
    options: Value,
}

/// A connector as the API shows it; one fetched alone adds its newest version's parameters
/// schema and auth options.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ConnectorView {
    id: String,
    key: String,
    name: String,
    logo_uri: String,
    is_public: bool,
    external_app_id: String,
    /// The newest version; null for a connector without versions.
    version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    parameters_schema: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    auth: Option<AuthOptions>,
}

const CONNECTOR_COLUMNS: &str =
    "c.id, c.key, c.name, c.external_app_id, a.key AS app_key, c.is_public";
const VERSION_COLUMNS: &str =
    "v.id, v.connector_id, v.version, v.changelog, v.parameters_schema, v.auth_options, v.created_at";
/// Newest first by semantic version, not by release date.
const VERSION_ORDER: &str = "v.major DESC, v.minor DESC, v.patch DESC";

fn connector_from_row(row: &rusqlite::Row) -> rusqlite::Result<Connector> {
    Ok(Connector {
        id: row.get("id")?,
        key: row.get("key")?,
        name: row.get("name")?,
        external_app_id: row.get("external_app_id")?,
        app_key: row.get("app_key")?,
        is_public: row.get("is_public")?,
    })
}

fn version_from_row(row: &rusqlite::Row) -> ApiResult<Version> {
    Ok(Version {
        id: row.get("id")?,
        connector_id: row.get("connector_id")?,
        version: row.get("version")?,
        changelog: row.get("changelog")?,
        parameters_schema: json_column(row, "parameters_schema")?,
        auth_options: json_column(row, "auth_options")?,
        created_at: row.get("created_at")?,
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

fn summary(state: &AppState, connector: &Connector, newest: Option<&Version>) -> ConnectorView {
    ConnectorView {
        id: connector.id.clone(),
        key: connector.key.clone(),
        name: connector.name.clone(),
        logo_uri: logo_uri(state, &connector.app_key),
        is_public: connector.is_public,
        external_app_id: connector.external_app_id.clone(),
        version: newest.map(|v| v.version.clone()),
        parameters_schema: None,
        auth: None,
    }
}

async fn list(
    State(state): State<AppState>,
    _principal: Principal,
    q: QueryMap,
) -> ApiResult<Json<Listed<ConnectorView>>> {
    let page = q.page()?;
    let search = q.str("search").map(str::to_string);
    state
        .db
        .call(|conn| {
            let mut query = ListQuery::new(
                "connectors c JOIN external_apps a ON a.id = c.external_app_id",
                CONNECTOR_COLUMNS,
                "c.created_at",
                "c.id",
            );
            if let Some(term) = search {
                query.search(&["c.name", "c.key"], &term);
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
) -> ApiResult<Json<ConnectorView>> {
    state
        .db
        .call(|conn| {
            let connector = find(conn, &id)?;
            let versions = versions_of(conn, &connector.id)?;
            let mut body = summary(&state, &connector, versions.first());
            if let Some(newest) = versions.first() {
                body.parameters_schema = Some(newest.parameters_schema.clone());
                body.auth = Some(AuthOptions {
                    options: newest.auth_options.clone(),
                });
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
) -> ApiResult<Json<Listed<VersionView>>> {
    state
        .db
        .call(move |conn| {
            let connector = find(conn, &id)?;
            let items = versions_of(conn, &connector.id)?
                .iter()
                .map(Version::view)
                .collect();
            // Every version on one page.
            Ok(Listed {
                items,
                cursor: None,
            })
        })
        .await
        .map(Json)
}
