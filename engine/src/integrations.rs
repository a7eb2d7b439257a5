//! Integrations ("apps" in the console): an external app's connector, pinned to a version, with
//! the workspace's parameters.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::auth::Principal;
use crate::connectors::{self, Connector, VersionView};
use crate::db::{iso, new_id, now_ms};
use crate::errors::{ApiError, ApiResult};
use crate::external_apps::logo_uri;
use crate::input::{json_column, JsonBody, ListQuery, Listed, QueryMap};
use crate::resource::{self, ensure_live, Archivable};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/integrations", get(list).post(create))
        .route(
            "/integrations/{id}",
            get(resource::fetch::<Integrations>)
                .patch(patch)
                .delete(resource::archive::<Integrations>),
        )
        .route(
            "/integrations/{id}/restore",
            post(resource::restore::<Integrations>),
        )
        .route("/integrations/{id}/connector-spec", get(connector_spec))
}

pub struct Integrations;

impl Archivable for Integrations {
    const TABLE: &'static str = "integrations";
    const NOUN: &'static str = "Integration";

    fn resolve(conn: &Connection, _principal: &Principal, id_or_key: &str) -> ApiResult<String> {
        conn.query_row(
            "SELECT id FROM integrations WHERE id = ?1 OR key = ?1",
            [id_or_key],
            |row| row.get("id"),
        )
        .optional()?
        .ok_or_else(|| ApiError::not_found(format!("Integration {id_or_key} not found")))
    }

    fn may_archive(principal: &Principal) -> ApiResult<()> {
        principal.require_admin("Archiving or restoring an integration")
    }

    type Item = Integration;

    fn render(conn: &Connection, state: &AppState, id: &str) -> ApiResult<Integration> {
        let select = format!("SELECT {COLUMNS} FROM {FROM} WHERE i.id");
        resource::render_by_id::<Self>(conn, &select, id, |row| from_row(state, row))
    }
}

const FROM: &str = "integrations i JOIN external_apps a ON a.id = i.external_app_id
    LEFT JOIN connector_versions v ON v.connector_id = i.connector_id AND v.version = i.connector_version";
const COLUMNS: &str = "i.id, i.key, i.name, i.connector_id, i.connector_version, i.parameters, i.is_deactivated,
    i.external_app_id, i.created_at, i.updated_at, i.archived_at, a.key AS app_key, v.parameters_schema,
    v.auth_options, (SELECT COUNT(*) FROM connections x WHERE x.integration_id = i.id AND x.archived_at IS NULL)
    AS connections_count";

/// The required parameters that `parameters` lacks, per the connector version's schema.
fn missing_parameters(schema: &Value, parameters: &Value) -> Vec<String> {
    if schema.is_null() {
        return Vec::new();
    }
    switchboard_schema::parse(schema).missing_required(parameters)
}

/// Refuses parameter values the connector version's schema rejects. Missing required
/// parameters are allowed: the integration then reports `hasMissingParameters`.
fn check_parameters(schema: &Value, parameters: &Map<String, Value>) -> ApiResult<()> {
    let value = Value::Object(parameters.clone());
    let parsed = switchboard_schema::parse(schema);
    let missing: Vec<String> = parsed
        .missing_required(&value)
        .iter()
        .map(|key| format!("/{key}"))
        .collect();
    let problems: Vec<String> = parsed
        .validate(&value)
        .into_iter()
        .filter(|e| !missing.contains(&e.pointer))
        .map(|e| format!("parameters{}: {}", e.pointer, e.message))
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ApiError::bad_request(problems.join("; ")))
    }
}

/// Given parameters over the schema's defaults, so a new integration starts configured.
fn with_defaults(schema: &Value, parameters: Map<String, Value>) -> Map<String, Value> {
    let mut merged = match switchboard_schema::parse(schema).defaults() {
        Some(Value::Object(defaults)) => defaults,
        _ => Map::new(),
    };
    merged.extend(parameters);
    merged
}

/// An integration as the API shows it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Integration {
    id: String,
    key: String,
    name: String,
    logo_uri: String,
    connector_id: String,
    connector_version: String,
    parameters: Value,
    has_missing_parameters: bool,
    is_deactivated: bool,
    external_app_id: String,
    /// The type of the connector version's first auth option; null when it has none.
    auth_type: Value,
    connections_count: i64,
    created_at: String,
    updated_at: String,
    state: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<[IntegrationError; 1]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    archived_at: Option<String>,
}

#[derive(Serialize)]
struct IntegrationError {
    #[serde(rename = "type")]
    kind: &'static str,
    message: String,
    data: MissingParameters,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MissingParameters {
    missing_parameters: Vec<String>,
}

fn from_row(state: &AppState, row: &rusqlite::Row) -> ApiResult<Integration> {
    let parameters = json_column(row, "parameters")?;
    let schema = json_column(row, "parameters_schema")?;
    let auth_options = json_column(row, "auth_options")?;
    let missing = missing_parameters(&schema, &parameters);
    let errors = (!missing.is_empty()).then(|| {
        [IntegrationError {
            kind: "configuration",
            message: format!("Missing required parameters: {}", missing.join(", ")),
            data: MissingParameters {
                missing_parameters: missing,
            },
        }]
    });
    Ok(Integration {
        id: row.get("id")?,
        key: row.get("key")?,
        name: row.get("name")?,
        logo_uri: logo_uri(state, &row.get::<_, String>("app_key")?),
        connector_id: row.get("connector_id")?,
        connector_version: row.get("connector_version")?,
        parameters,
        has_missing_parameters: errors.is_some(),
        is_deactivated: row.get("is_deactivated")?,
        external_app_id: row.get("external_app_id")?,
        auth_type: auth_options
            .get(0)
            .and_then(|o| o.get("type"))
            .cloned()
            .unwrap_or(Value::Null),
        connections_count: row.get("connections_count")?,
        created_at: iso(row.get("created_at")?),
        updated_at: iso(row.get("updated_at")?),
        state: if errors.is_none() {
            "READY"
        } else {
            "CONFIGURATION_ERROR"
        },
        errors,
        archived_at: row.get::<_, Option<i64>>("archived_at")?.map(iso),
    })
}

async fn list(
    State(state): State<AppState>,
    _principal: Principal,
    q: QueryMap,
) -> ApiResult<Json<Listed<Integration>>> {
    let page = q.page()?;
    let search = q.str("search").map(str::to_string);
    let include_archived = q.flag("includeArchived")?;
    state
        .db
        .call(|conn| {
            let mut query = ListQuery::new(FROM, COLUMNS, "i.created_at", "i.id");
            if !include_archived {
                query.filter("i.archived_at IS NULL", []);
            }
            if let Some(term) = search {
                query.search(&["i.name", "i.key"], &term);
            }
            query.run(conn, &page, |row| from_row(&state, row))
        })
        .await
        .map(Json)
}

fn valid_key(key: &str) -> bool {
    let mut chars = key.chars();
    key.len() <= 100
        && chars
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'))
}

async fn create(
    State(state): State<AppState>,
    principal: Principal,
    body: JsonBody,
) -> ApiResult<(StatusCode, Json<Integration>)> {
    principal.require_admin("Adding an integration")?;
    let external_app = body.opt_string("externalAppId", 255)?;
    let connector_ref = body.opt_string("connectorId", 255)?;
    let version = body.opt_string("connectorVersion", 50)?;
    let key = body.opt_string("key", 100)?;
    if key.as_deref().is_some_and(|k| !valid_key(k)) {
        return Err(ApiError::invalid(
            "key",
            "must be 1-100 lowercase letters, digits, '-', '_' or '.', starting with a letter or digit",
        ));
    }
    let name = body.opt_string("name", 255)?;
    let parameters = body.opt_object("parameters")?.unwrap_or_default();
    let integration = state
        .db
        .call(|conn| {
            let connector = match (&external_app, &connector_ref) {
                (_, Some(connector_ref)) => connectors::find(conn, connector_ref)
                    .map_err(|_| ApiError::invalid("connectorId", &format!("connector {connector_ref} does not exist")))?,
                (Some(app), None) => {
                    let default: Option<String> = conn
                        .query_row(
                            "SELECT default_connector_id FROM external_apps WHERE id = ?1 OR key = ?1",
                            [app],
                            |row| row.get("default_connector_id"),
                        )
                        .optional()?;
                    let default = default
                        .ok_or_else(|| ApiError::invalid("externalAppId", &format!("external app {app} does not exist")))?;
                    connectors::find(conn, &default)?
                }
                (None, None) => return Err(ApiError::invalid("externalAppId", "externalAppId or connectorId is required")),
            };
            let version = connectors::version(conn, &connector, version.as_deref().unwrap_or("latest"), "connectorVersion")?;
            check_parameters(&version.parameters_schema, &parameters)?;
            let parameters = with_defaults(&version.parameters_schema, parameters);
            let key = key.unwrap_or_else(|| connector.app_key.clone());
            let taken: Option<String> =
                conn.query_row("SELECT id FROM integrations WHERE key = ?", [&key], |row| row.get("id")).optional()?;
            if taken.is_some() {
                return Err(ApiError::already_exists(
                    "key",
                    format!("key: an integration with key \"{key}\" already exists; choose another key"),
                ));
            }
            let app_name: String =
                conn.query_row("SELECT name FROM external_apps WHERE id = ?", [&connector.external_app_id], |row| row.get("name"))?;
            let id = new_id();
            let now = now_ms();
            conn.execute(
                "INSERT INTO integrations
                 (id, key, name, connector_id, connector_version, parameters, is_deactivated, external_app_id, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7, ?8, ?8)",
                params![
                    id,
                    key,
                    name.unwrap_or(app_name),
                    connector.id,
                    version.version,
                    Value::Object(parameters).to_string(),
                    connector.external_app_id,
                    now
                ],
            )?;
            Integrations::render(conn, &state, &id)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(integration)))
}

async fn patch(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
    body: JsonBody,
) -> ApiResult<Json<Integration>> {
    principal.require_admin("Changing an integration")?;
    let name = body.opt_string("name", 255)?;
    let parameters: Option<Map<String, Value>> = body.opt_object("parameters")?;
    let version = body.opt_string("connectorVersion", 50)?;
    let connector_ref = body.opt_string("connectorId", 255)?;
    let deactivated = body.opt_bool("isDeactivated")?;
    state
        .db
        .call(|conn| {
            let id = Integrations::resolve(conn, &principal, &id)?;
            ensure_live::<Integrations>(conn, &id)?;
            let (current_connector, app_id): (String, String) = conn.query_row(
                "SELECT connector_id, external_app_id FROM integrations WHERE id = ?",
                [&id],
                |row| Ok((row.get("connector_id")?, row.get("external_app_id")?)),
            )?;
            let switched: Option<Connector> = match &connector_ref {
                None => None,
                Some(reference) => {
                    let connector = connectors::find(conn, reference)
                        .map_err(|_| ApiError::invalid("connectorId", &format!("connector {reference} does not exist")))?;
                    if connector.external_app_id != app_id {
                        return Err(ApiError::invalid(
                            "connectorId",
                            &format!("connector {} is for a different app than this integration", connector.key),
                        ));
                    }
                    Some(connector)
                }
            };
            let current = connectors::find(conn, &current_connector)?;
            let target = switched.as_ref().unwrap_or(&current);
            // Switching connectors without naming a version picks the new connector's newest.
            let new_version = match (&version, &switched) {
                (Some(v), _) => Some(connectors::version(conn, target, v, "connectorVersion")?.version),
                (None, Some(connector)) if connector.id != current_connector => {
                    Some(connectors::version(conn, target, "latest", "connectorId")?.version)
                }
                _ => None,
            };
            if let Some(parameters) = &parameters {
                let current: String =
                    conn.query_row("SELECT connector_version FROM integrations WHERE id = ?", [&id], |row| row.get("connector_version"))?;
                let effective = new_version.as_deref().unwrap_or(&current);
                check_parameters(&connectors::version(conn, target, effective, "connectorVersion")?.parameters_schema, parameters)?;
            }
            conn.execute(
                "UPDATE integrations SET name = COALESCE(?1, name), parameters = COALESCE(?2, parameters),
                 connector_id = ?3, connector_version = COALESCE(?4, connector_version),
                 is_deactivated = COALESCE(?5, is_deactivated), updated_at = ?6 WHERE id = ?7",
                params![
                    name,
                    parameters.map(|p| Value::Object(p).to_string()),
                    target.id,
                    new_version,
                    deactivated,
                    now_ms(),
                    id
                ],
            )?;
            Integrations::render(conn, &state, &id)
        })
        .await
        .map(Json)
}

/// The connector version an integration uses, with the connector's identity.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ConnectorSpec {
    #[serde(flatten)]
    version: VersionView,
    connector_key: String,
    name: String,
    is_public: bool,
}

/// The integration's connector at the version it uses.
pub fn spec(
    conn: &Connection,
    integration_id: &str,
) -> ApiResult<(Connector, connectors::Version)> {
    let (connector_id, version): (String, String) = conn.query_row(
        "SELECT connector_id, connector_version FROM integrations WHERE id = ?",
        [integration_id],
        |row| Ok((row.get("connector_id")?, row.get("connector_version")?)),
    )?;
    let connector = connectors::find(conn, &connector_id)?;
    let version = connectors::version(conn, &connector, &version, "connectorVersion")?;
    Ok((connector, version))
}

async fn connector_spec(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> ApiResult<Json<ConnectorSpec>> {
    state
        .db
        .call(move |conn| {
            let id = Integrations::resolve(conn, &principal, &id)?;
            let (connector, version) = spec(conn, &id)?;
            Ok(ConnectorSpec {
                version: version.view(),
                connector_key: connector.key,
                name: connector.name,
                is_public: connector.is_public,
            })
        })
        .await
        .map(Json)
}
