//! Connections: a customer's authenticated link to an integration.
//!
//! A connection is connected when its state is READY and it has no error; a connection whose
//! credentials stopped working keeps state READY (its setup is done) but carries `error` and
//! reads as disconnected, as the real engine reports it.

use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::{json, Value};

use crate::auth::Principal;
use crate::db::{iso, now_ms, random_hex};
use crate::errors::{ApiError, ApiResult};
use crate::external_apps::logo_uri;
use crate::input::{json_column, JsonBody, ListQuery, Listed, QueryMap};
use crate::resource::{self, ensure_live, Archivable};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/connections", get(list))
        .route(
            "/connections/{id}",
            get(fetch)
                .patch(patch)
                .delete(resource::archive::<Connections>),
        )
        .route(
            "/connections/{id}/restore",
            post(resource::restore::<Connections>),
        )
        .route(
            "/connections/{id}/refresh-credentials",
            post(refresh_credentials),
        )
        .route("/connections/{id}/test", post(test))
}

pub struct Connections;

impl Archivable for Connections {
    const TABLE: &'static str = "connections";
    const NOUN: &'static str = "Connection";

    fn resolve(conn: &Connection, principal: &Principal, id: &str) -> ApiResult<String> {
        let owner: Option<String> = conn
            .query_row(
                "SELECT user_id FROM connections WHERE id = ?",
                [id],
                |row| row.get("user_id"),
            )
            .optional()?;
        match (owner, principal.customer_id()) {
            (Some(_), None) => Ok(id.to_string()),
            (Some(owner), Some(own)) if owner == own => Ok(id.to_string()),
            _ => Err(ApiError::not_found(format!("Connection {id} not found"))),
        }
    }

    /// Disconnecting is something a customer does for themselves in the connection UI.
    fn may_archive(_principal: &Principal) -> ApiResult<()> {
        Ok(())
    }

    type Item = ConnectionView;

    fn render(conn: &Connection, state: &AppState, id: &str) -> ApiResult<ConnectionView> {
        let select = format!("SELECT {COLUMNS} FROM {FROM} WHERE x.id");
        resource::render_by_id::<Self>(conn, &select, id, |row| from_row(state, row))
    }
}

const FROM: &str = "connections x JOIN integrations i ON i.id = x.integration_id
    JOIN external_apps a ON a.id = i.external_app_id JOIN customers u ON u.id = x.user_id";
const COLUMNS: &str = "x.id, x.name, x.user_id, x.integration_id, x.auth_option_key, x.state, x.error,
    x.last_active_at, x.created_at, x.updated_at, x.archived_at, i.connector_id, i.connector_version,
    i.key AS integration_key, i.name AS integration_name, a.key AS app_key, u.name AS user_name,
    u.internal_id AS user_internal_id, u.is_test, a.can_test";
/// SQL for "connected", matching `is_connected`.
const CONNECTED: &str = "(x.state = 'READY' AND x.error IS NULL)";

fn is_connected(state: &str, error: &Value) -> bool {
    state == "READY" && error.is_null()
}

/// OAuth connections hold a refresh token; API keys have nothing to refresh.
fn can_refresh(auth_option_key: &str) -> bool {
    auth_option_key == "oauth"
}

/// A connection as the API shows it (`Connection` is SQLite's).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionView {
    id: String,
    name: String,
    user_id: String,
    integration_id: String,
    connector_id: String,
    connector_version: String,
    can_test: bool,
    can_refresh_credentials: bool,
    auth_option_key: String,
    state: String,
    connected: bool,
    disconnected: bool,
    is_test: bool,
    created_at: String,
    updated_at: String,
    user: ConnectionUser,
    integration: ConnectionIntegration,
    /// The older `errors` list holds the one `error`; both are absent while there is none.
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<[Value; 1]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_active_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    archived_at: Option<String>,
    /// Only with `includeSecrets=true`, for the admin.
    #[serde(skip_serializing_if = "Option::is_none")]
    credentials: Option<Value>,
}

impl ConnectionView {
    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn user_id(&self) -> &str {
        &self.user_id
    }

    pub fn integration_name(&self) -> &str {
        &self.integration.name
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ConnectionUser {
    id: String,
    name: String,
    internal_id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ConnectionIntegration {
    id: String,
    key: String,
    name: String,
    logo_uri: String,
}

fn from_row(state: &AppState, row: &rusqlite::Row) -> ApiResult<ConnectionView> {
    let connection_state: String = row.get("state")?;
    let error = json_column(row, "error")?;
    let connected = is_connected(&connection_state, &error);
    let auth_option_key: String = row.get("auth_option_key")?;
    let user_id: String = row.get("user_id")?;
    let integration_id: String = row.get("integration_id")?;
    let error = (!error.is_null()).then_some(error);
    Ok(ConnectionView {
        id: row.get("id")?,
        name: row.get("name")?,
        user_id: user_id.clone(),
        integration_id: integration_id.clone(),
        connector_id: row.get("connector_id")?,
        connector_version: row.get("connector_version")?,
        can_test: row.get("can_test")?,
        can_refresh_credentials: can_refresh(&auth_option_key),
        auth_option_key,
        state: connection_state,
        connected,
        disconnected: !connected,
        is_test: row.get("is_test")?,
        created_at: iso(row.get("created_at")?),
        updated_at: iso(row.get("updated_at")?),
        user: ConnectionUser {
            id: user_id,
            name: row.get("user_name")?,
            internal_id: row.get("user_internal_id")?,
        },
        integration: ConnectionIntegration {
            id: integration_id,
            key: row.get("integration_key")?,
            name: row.get("integration_name")?,
            logo_uri: logo_uri(state, &row.get::<_, String>("app_key")?),
        },
        errors: error.clone().map(|error| [error]),
        error,
        last_active_at: row.get::<_, Option<i64>>("last_active_at")?.map(iso),
        archived_at: row.get::<_, Option<i64>>("archived_at")?.map(iso),
        credentials: None,
    })
}

async fn list(
    State(state): State<AppState>,
    principal: Principal,
    q: QueryMap,
) -> ApiResult<Json<Listed<ConnectionView>>> {
    let page = q.page()?;
    // `disconnected` is the older spelling of `connected=false`.
    let connected = match (q.bool("connected")?, q.bool("disconnected")?) {
        (Some(c), Some(d)) if c == d => {
            return Err(ApiError::invalid("disconnected", "contradicts connected"));
        }
        (Some(c), _) => Some(c),
        (None, d) => d.map(|d| !d),
    };
    let is_test = q.bool("isTest")?;
    let search = q.str("search").map(str::to_string);
    let include_archived = q.flag("includeArchived")?;
    state
        .db
        .call(|conn| {
            let mut query = ListQuery::new(FROM, COLUMNS, "x.created_at", "x.id");
            if !include_archived {
                query.filter("x.archived_at IS NULL", []);
            }
            query.matching(
                &q,
                &[
                    ("userId", "x.user_id"),
                    ("integrationId", "x.integration_id"),
                    ("integrationKey", "i.key"),
                    ("connectorId", "i.connector_id"),
                ],
            );
            if let Some(own) = principal.customer_id() {
                query.equals("x.user_id", own);
            }
            match connected {
                Some(true) => query.filter(CONNECTED, []),
                Some(false) => query.filter(format!("NOT {CONNECTED}"), []),
                None => &mut query,
            };
            if let Some(is_test) = is_test {
                query.filter("u.is_test = ?", [SqlValue::Integer(is_test.into())]);
            }
            if let Some(term) = search {
                query.search(
                    &["x.name", "u.name", "u.internal_id", "i.name", "i.key"],
                    &term,
                );
            }
            query.run(conn, &page, |row| from_row(&state, row))
        })
        .await
        .map(Json)
}

async fn fetch(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
    q: QueryMap,
) -> ApiResult<Json<ConnectionView>> {
    let include_secrets = q.flag("includeSecrets")?;
    if include_secrets {
        principal.require_admin("includeSecrets")?;
    }
    state
        .db
        .call(|conn| {
            let id = Connections::resolve(conn, &principal, &id)?;
            let mut connection = Connections::render(conn, &state, &id)?;
            if include_secrets {
                let credentials: String = conn.query_row(
                    "SELECT credentials FROM connections WHERE id = ?",
                    [&id],
                    |row| row.get("credentials"),
                )?;
                connection.credentials = Some(serde_json::from_str(&credentials)?);
            }
            Ok(connection)
        })
        .await
        .map(Json)
}

async fn patch(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
    body: JsonBody,
) -> ApiResult<Json<ConnectionView>> {
    let name = body.opt_string("name", 255)?;
    state
        .db
        .call(|conn| {
            let id = Connections::resolve(conn, &principal, &id)?;
            ensure_live::<Connections>(conn, &id)?;
            conn.execute(
                "UPDATE connections SET name = COALESCE(?1, name), updated_at = ?2 WHERE id = ?3",
                params![name, now_ms(), id],
            )?;
            Connections::render(conn, &state, &id)
        })
        .await
        .map(Json)
}

/// What the simulated external app says about a connection's stored credentials.
struct Probe {
    app_name: String,
    auth_option_key: String,
    credentials: Value,
    state: String,
    error: Value,
    can_test: bool,
    deactivated: bool,
}

fn probe(conn: &Connection, id: &str) -> ApiResult<Probe> {
    Ok(conn.query_row(
        "SELECT a.name AS app_name, x.auth_option_key, x.credentials, x.state, x.error, a.can_test, i.is_deactivated
         FROM connections x JOIN integrations i ON i.id = x.integration_id JOIN external_apps a ON a.id = i.external_app_id
         WHERE x.id = ?",
        [id],
        |row| {
            let parse = |text: Option<String>| text.and_then(|t| serde_json::from_str(&t).ok()).unwrap_or(Value::Null);
            Ok(Probe {
                app_name: row.get("app_name")?,
                auth_option_key: row.get("auth_option_key")?,
                credentials: parse(row.get("credentials")?),
                state: row.get("state")?,
                error: parse(row.get("error")?),
                can_test: row.get("can_test")?,
                deactivated: row.get("is_deactivated")?,
            })
        },
    )?)
}

impl Probe {
    fn credential(&self, key: &str) -> &str {
        self.credentials
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    /// Deterministic failures: revoked refresh tokens and API keys containing "invalid".
    fn rejection(&self) -> Option<Value> {
        if self.credential("refreshToken").starts_with("revoked") {
            Some(json!({
                "type": "connection", "key": "refresh_failed",
                "message": format!("{} refused the refresh token: invalid_grant (the token was revoked). Reconnect to grant access again.", self.app_name),
                "data": { "status": 400, "error": "invalid_grant" },
            }))
        } else if self.credential("apiKey").contains("invalid") {
            Some(json!({
                "type": "connection", "key": "invalid_credentials",
                "message": format!("The API key was rejected by {}: 401 Unauthorized", self.app_name),
                "data": { "status": 401 },
            }))
        } else {
            None
        }
    }
}

fn set_error(conn: &Connection, id: &str, error: &Value) -> ApiResult<()> {
    conn.execute(
        "UPDATE connections SET error = ?1, updated_at = ?2 WHERE id = ?3",
        params![error.to_string(), now_ms(), id],
    )?;
    Ok(())
}

async fn refresh_credentials(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> ApiResult<Json<ConnectionView>> {
    state
        .db
        .call(|conn| {
            let id = Connections::resolve(conn, &principal, &id)?;
            ensure_live::<Connections>(conn, &id)?;
            let probe = probe(conn, &id)?;
            if !can_refresh(&probe.auth_option_key) {
                return Err(ApiError::bad_request(format!(
                    "This {} connection uses an API key: there are no credentials to refresh",
                    probe.app_name
                )));
            }
            if let Some(error) = probe.rejection() {
                set_error(conn, &id, &error)?;
                let message = error["message"].as_str().unwrap_or("refresh failed").to_string();
                return Err(ApiError::connection(message).with_data(error["data"].clone()));
            }
            let mut credentials = probe.credentials;
            credentials["accessToken"] = json!(format!("at_{}", random_hex(12)));
            credentials["expiresAt"] = json!(iso(now_ms() + 3_600_000));
            let now = now_ms();
            conn.execute(
                "UPDATE connections SET credentials = ?1, state = 'READY', error = NULL, last_active_at = ?2,
                 updated_at = ?2 WHERE id = ?3",
                params![credentials.to_string(), now, id],
            )?;
            Connections::render(conn, &state, &id)
        })
        .await
        .map(Json)
}

/// The answer of `POST /connections/{id}/test`.
#[derive(Serialize)]
struct TestResult {
    success: bool,
    message: String,
}

async fn test(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> ApiResult<Json<TestResult>> {
    state
        .db
        .call(move |conn| {
            let id = Connections::resolve(conn, &principal, &id)?;
            ensure_live::<Connections>(conn, &id)?;
            let probe = probe(conn, &id)?;
            if !probe.can_test {
                return Err(ApiError::bad_request(format!(
                    "{} connections cannot be tested (canTest is false)",
                    probe.app_name
                )));
            }
            conn.execute(
                "UPDATE connections SET last_active_at = ?1 WHERE id = ?2",
                params![now_ms(), id],
            )?;
            let failure = if probe.deactivated {
                Some(format!("The {} integration is deactivated", probe.app_name))
            } else if let Some(error) = probe.rejection() {
                set_error(conn, &id, &error)?;
                error["message"].as_str().map(str::to_string)
            } else if !is_connected(&probe.state, &probe.error) {
                Some(
                    probe.error["message"]
                        .as_str()
                        .unwrap_or("The connection is not ready")
                        .to_string(),
                )
            } else {
                None
            };
            Ok(match failure {
                Some(message) => TestResult {
                    success: false,
                    message,
                },
                None => TestResult {
                    success: true,
                    message: format!("Connected to {} successfully", probe.app_name),
                },
            })
        })
        .await
        .map(Json)
}
