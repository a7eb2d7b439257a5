//! The connection UI flow: `POST /connect`, the simulated OAuth provider, the result page that
//! messages the opener, and the server-sent events stream carrying the same message.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use futures_util::StreamExt;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{json, Map, Value};
use tokio::sync::watch;

use crate::auth::{authenticate, Principal};
use crate::connections::Connections;
use crate::cors::{origin_allowed, origin_of};
use crate::db::{iso, new_id, now_ms, random_hex};
use crate::errors::{ApiError, ApiResult};
use crate::external_apps::logo_uri;
use crate::html::{escape, page, script_json};
use crate::input::{FormBody, JsonBody, QueryMap};
use crate::integrations::{self, Integrations};
use crate::resource::Archivable;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/connection-options", post(connection_options))
        .route("/connect", post(connect))
        .route(
            "/oauth/authorize",
            get(authorize_page).post(authorize_decision),
        )
        .route("/oauth-callback", get(oauth_callback))
        .route("/sse/connection-events/{request_id}", get(events))
}

/// OAuth round trips abandoned for longer than this are forgotten.
const PENDING_TTL: Duration = Duration::from_secs(15 * 60);
/// Results stay readable over SSE for this long.
const EVENT_TTL: Duration = Duration::from_secs(60 * 60);
/// An SSE stream waiting for a result gives up after this long.
const SSE_MAX_WAIT: Duration = Duration::from_secs(10 * 60);

/// In-flight connect requests and their results.
#[derive(Default)]
pub struct ConnectState {
    pending: Mutex<HashMap<String, Pending>>,
    events: Mutex<HashMap<String, Slot>>,
}

struct Pending {
    request: ConnectRequest,
    code: Option<String>,
    created: Instant,
}

/// A result, and the customer allowed to read it (`None`: anyone authenticated, used for
/// failures that happened before the customer was known).
type Outcome = Option<(Value, Option<String>)>;

struct Slot {
    sender: watch::Sender<Outcome>,
    created: Instant,
}

impl ConnectState {
    fn slot(&self, request_id: &str) -> watch::Sender<Outcome> {
        let mut events = self.events.lock().unwrap_or_else(|p| p.into_inner());
        events.retain(|_, slot| slot.created.elapsed() < EVENT_TTL);
        events
            .entry(request_id.to_string())
            .or_insert_with(|| Slot {
                sender: watch::channel(None).0,
                created: Instant::now(),
            })
            .sender
            .clone()
    }

    fn publish(&self, request_id: &str, message: Value, user_id: Option<String>) {
        self.slot(request_id).send_replace(Some((message, user_id)));
    }

    fn park(&self, state: String, request: ConnectRequest) {
        let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
        pending.retain(|_, p| p.created.elapsed() < PENDING_TTL);
        pending.insert(
            state,
            Pending {
                request,
                code: None,
                created: Instant::now(),
            },
        );
    }

    /// Runs `f` on a live pending request.
    fn with_pending<T>(&self, state: &str, f: impl FnOnce(&mut Pending) -> T) -> Option<T> {
        let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
        pending
            .get_mut(state)
            .filter(|p| p.created.elapsed() < PENDING_TTL)
            .map(f)
    }

    fn take_pending(&self, state: &str) -> Option<Pending> {
        let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
        pending
            .remove(state)
            .filter(|p| p.created.elapsed() < PENDING_TTL)
    }
}

/// Where to report a request's outcome.
#[derive(Clone)]
struct Reply {
    request_id: String,
    /// The page that opened the popup or frame; the result is posted to exactly this origin.
    origin: Option<String>,
    redirect_uri: Option<String>,
}

/// A validated connect request.
struct ConnectRequest {
    reply: Reply,
    user_id: String,
    integration_id: String,
    app_name: String,
    app_key: String,
    option_key: String,
    option_type: String,
    input: Map<String, Value>,
    name: Option<String>,
    connection_id: Option<String>,
    allow_multiple: bool,
}

/// A failure with the customer it concerns, if known yet.
struct Failure {
    error: ApiError,
    user_id: Option<String>,
}

impl From<ApiError> for Failure {
    fn from(error: ApiError) -> Self {
        Failure {
            error,
            user_id: None,
        }
    }
}

/// The auth options offered when connecting to an integration (or reconnecting a connection).
async fn connection_options(
    State(state): State<AppState>,
    principal: Principal,
    body: JsonBody,
) -> ApiResult<axum::Json<Value>> {
    let integration = match body.opt_string("integrationId", 255)? {
        Some(id) => Some(id),
        None => body.opt_string("integrationKey", 255)?,
    };
    let connection = body.opt_string("connectionId", 255)?;
    state
        .db
        .call(move |conn| {
            let integration_id = match (connection, integration) {
                (Some(id), _) => {
                    let id = Connections::resolve(conn, &principal, &id)?;
                    conn.query_row(
                        "SELECT integration_id FROM connections WHERE id = ?",
                        [id],
                        |row| row.get(0),
                    )?
                }
                (None, Some(reference)) => Integrations::resolve(conn, &principal, &reference)?,
                (None, None) => {
                    return Err(ApiError::invalid(
                        "integrationId",
                        "integrationId, integrationKey or connectionId is required",
                    ))
                }
            };
            let (_, version) = integrations::spec(conn, &integration_id)?;
            Ok(axum::Json(version.auth_options))
        })
        .await
}

fn error_page(status: StatusCode, title: &str, message: &str) -> Response {
    let body = format!(
        "<h1>{}</h1><p class=\"error\">{}</p>",
        escape(title),
        escape(message)
    );
    (status, Html(page(title, &body))).into_response()
}

fn request_origin(headers: &HeaderMap) -> Option<String> {
    let header_text = |name| {
        headers
            .get(name)
            .and_then(|v: &header::HeaderValue| v.to_str().ok())
    };
    match header_text(header::ORIGIN) {
        Some(origin) if origin != "null" => origin_of(origin),
        _ => header_text(header::REFERER).and_then(origin_of),
    }
}

fn payload_string(payload: &Map<String, Value>, field: &str) -> Result<Option<String>, ApiError> {
    match payload.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        Some(Value::String(s)) if s.len() <= 2048 => Ok(Some(s.clone())),
        Some(_) => Err(ApiError::invalid(field, "must be a string")),
    }
}

async fn connect(
    State(state): State<AppState>,
    headers: HeaderMap,
    FormBody(form): FormBody,
) -> Response {
    let payload = match form
        .get("payload")
        .map(|p| serde_json::from_str::<Value>(p))
    {
        Some(Ok(Value::Object(payload))) => payload,
        Some(_) => {
            return error_page(
                StatusCode::BAD_REQUEST,
                "Cannot connect",
                "payload: must be a JSON object",
            )
        }
        None => {
            return error_page(
                StatusCode::BAD_REQUEST,
                "Cannot connect",
                "payload: the form field is missing",
            )
        }
    };
    let request_id = match payload_string(&payload, "requestId") {
        Ok(Some(id)) if id.len() <= 200 => id,
        _ => {
            return error_page(
                StatusCode::BAD_REQUEST,
                "Cannot connect",
                "requestId: must be a non-empty string",
            )
        }
    };
    let redirect_uri = match payload_string(&payload, "redirectUri") {
        Ok(None) => None,
        Ok(Some(uri)) => match origin_of(&uri) {
            Some(origin) if origin_allowed(&state.config.allowed_origins, &origin) => Some(uri),
            _ => {
                return error_page(
                    StatusCode::BAD_REQUEST,
                    "Cannot connect",
                    "redirectUri: must be an http(s) address on an origin this engine allows",
                )
            }
        },
        Err(err) => return error_page(StatusCode::BAD_REQUEST, "Cannot connect", &err.message),
    };
    let reply = Reply {
        request_id,
        origin: request_origin(&headers),
        redirect_uri,
    };
    match start(&state, &reply, &payload).await {
        Ok(request) if request.option_type == "oauth2" => {
            let oauth_state = random_hex(16);
            state.connect.park(oauth_state.clone(), request);
            redirect(&format!("/oauth/authorize?state={oauth_state}"))
        }
        Ok(request) => {
            let result = match check_api_key(&request) {
                Ok(()) => {
                    save(
                        &state,
                        request.user_id.clone(),
                        request,
                        credentials_from_input,
                    )
                    .await
                }
                Err(error) => Err(Failure {
                    error,
                    user_id: Some(request.user_id.clone()),
                }),
            };
            finish(&state, &reply, result)
        }
        Err(failure) => finish(&state, &reply, Err(failure)),
    }
}

/// What a connect payload asks for, checked for shape.
struct Payload {
    integration_ref: String,
    connection_id: Option<String>,
    option_key: Option<String>,
    input: Map<String, Value>,
    name: Option<String>,
    allow_multiple: bool,
}

impl Payload {
    fn parse(payload: &Map<String, Value>) -> ApiResult<Payload> {
        let integration_ref = match (
            payload_string(payload, "integrationId")?,
            payload_string(payload, "integrationKey")?,
        ) {
            (Some(id), _) | (None, Some(id)) => id,
            (None, None) => {
                return Err(ApiError::invalid(
                    "integrationId",
                    "integrationId or integrationKey is required",
                ))
            }
        };
        let input = match payload.get("input") {
            None | Some(Value::Null) => Map::new(),
            Some(Value::Object(input)) => input.clone(),
            Some(_) => return Err(ApiError::invalid("input", "must be an object")),
        };
        Ok(Payload {
            integration_ref,
            connection_id: payload_string(payload, "connectionId")?,
            option_key: payload_string(payload, "authOptionKey")?,
            input,
            name: payload_string(payload, "name")?,
            allow_multiple: payload
                .get("allowMultipleConnections")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        })
    }
}

/// Validates the payload into a request.
async fn start(
    state: &AppState,
    reply: &Reply,
    payload: &Map<String, Value>,
) -> Result<ConnectRequest, Failure> {
    let token = payload_string(payload, "token")?
        .ok_or_else(|| ApiError::unauthenticated("token: the payload has no token"))?;
    let principal = authenticate(state, &token).await?;
    let acting_for = payload_string(payload, "userId")?;
    let payload = Payload::parse(payload)?;
    state
        .db
        .call(|conn| {
            let user_id = acting_customer(conn, &principal, acting_for.as_deref())?;
            Ok(
                resolve(conn, &user_id, payload, reply.clone()).map_err(|error| Failure {
                    error,
                    user_id: Some(user_id),
                }),
            )
        })
        .await?
}

fn acting_customer(
    conn: &Connection,
    principal: &Principal,
    acting_for: Option<&str>,
) -> ApiResult<String> {
    match (principal.customer_id(), acting_for) {
        (Some(own), _) => Ok(own.to_string()),
        (None, Some(user)) => conn
            .query_row(
                "SELECT id FROM customers WHERE (id = ?1 OR internal_id = ?1) AND archived_at IS NULL",
                [user],
                |row| row.get(0),
            )
            .optional()?
            .ok_or_else(|| ApiError::not_found(format!("userId: customer {user} not found"))),
        (None, None) => Err(ApiError::invalid(
            "userId",
            "an admin token must name the customer to connect (userId)",
        )),
    }
}

/// Checks the payload against the integration, the connection being reconnected and the
/// chosen auth option's input schema.
fn resolve(
    conn: &Connection,
    user_id: &str,
    payload: Payload,
    reply: Reply,
) -> ApiResult<ConnectRequest> {
    let found: Option<(String, bool, Option<i64>, String, String)> = conn
        .query_row(
            "SELECT i.id, i.is_deactivated, i.archived_at, a.name, a.key FROM integrations i
             JOIN external_apps a ON a.id = i.external_app_id WHERE i.id = ?1 OR i.key = ?1",
            [&payload.integration_ref],
            |row| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                ))
            },
        )
        .optional()?;
    let (integration_id, deactivated, archived, app_name, app_key) = found.ok_or_else(|| {
        ApiError::not_found(format!("Integration {} not found", payload.integration_ref))
    })?;
    if archived.is_some() || deactivated {
        let why = if deactivated {
            "deactivated"
        } else {
            "archived"
        };
        return Err(ApiError::bad_request(format!(
            "The {app_name} integration is {why}: it accepts no new connections"
        )));
    }
    let reconnecting: Option<String> = match &payload.connection_id {
        None => None,
        Some(id) => {
            let owner = Principal::Customer(crate::auth::CustomerRef {
                id: user_id.to_string(),
            });
            Connections::resolve(conn, &owner, id)?;
            let (of_integration, key): (String, String) = conn.query_row(
                "SELECT integration_id, auth_option_key FROM connections WHERE id = ?",
                [id],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )?;
            if of_integration != integration_id {
                return Err(ApiError::invalid(
                    "connectionId",
                    "belongs to a different integration",
                ));
            }
            Some(key)
        }
    };
    let (_, version) = integrations::spec(conn, &integration_id)?;
    let options = version.auth_options.as_array().cloned().unwrap_or_default();
    let option = match payload.option_key.or(reconnecting) {
        Some(key) => options
            .iter()
            .find(|o| o["key"] == json!(key))
            .ok_or_else(|| {
                let keys: Vec<&str> = options.iter().filter_map(|o| o["key"].as_str()).collect();
                ApiError::invalid(
                    "authOptionKey",
                    &format!(
                        "{app_name} has no option \"{key}\" (options: {})",
                        keys.join(", ")
                    ),
                )
            })?,
        None => options
            .first()
            .ok_or_else(|| ApiError::internal(format!("{app_name} has no auth options")))?,
    };
    if let Some(schema) = option.get("inputSchema") {
        check_input(schema, &payload.input)?;
    }
    Ok(ConnectRequest {
        reply,
        user_id: user_id.to_string(),
        integration_id,
        app_name,
        app_key,
        option_key: option["key"].as_str().unwrap_or_default().to_string(),
        option_type: option["type"].as_str().unwrap_or_default().to_string(),
        input: payload.input,
        name: payload.name,
        connection_id: payload.connection_id,
        allow_multiple: payload.allow_multiple,
    })
}

/// The connection form's values against the auth option's input schema.
fn check_input(schema: &Value, input: &Map<String, Value>) -> ApiResult<()> {
    let schema = switchboard_schema::parse(schema);
    let input = Value::Object(input.clone());
    let missing = schema.missing_required(&input);
    if !missing.is_empty() {
        return Err(ApiError::invalid(
            "input",
            &format!("missing required field(s): {}", missing.join(", ")),
        ));
    }
    let problems: Vec<String> = schema
        .validate(&input)
        .iter()
        .map(|e| format!("{} {}", e.pointer, e.message))
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ApiError::invalid("input", &problems.join("; ")))
    }
}

/// The simulated app rejects any API key containing "invalid".
fn check_api_key(request: &ConnectRequest) -> ApiResult<()> {
    let key = request
        .input
        .get("apiKey")
        .and_then(Value::as_str)
        .unwrap_or("");
    if key.contains("invalid") {
        return Err(ApiError::connection(format!(
            "The API key was rejected by {}: 401 Unauthorized",
            request.app_name
        ))
        .with_data(json!({ "status": 401 })));
    }
    Ok(())
}

fn credentials_from_input(request: &ConnectRequest) -> Value {
    Value::Object(request.input.clone())
}

fn oauth_credentials(request: &ConnectRequest) -> Value {
    let mut credentials = request.input.clone();
    credentials.insert(
        "accessToken".into(),
        json!(format!("at_{}", random_hex(12))),
    );
    credentials.insert(
        "refreshToken".into(),
        json!(format!("rt_{}", random_hex(12))),
    );
    credentials.insert("tokenType".into(), json!("Bearer"));
    credentials.insert("expiresAt".into(), json!(iso(now_ms() + 3_600_000)));
    Value::Object(credentials)
}

/// Creates or updates the connection and returns its JSON.
async fn save(
    state: &AppState,
    user_id: String,
    request: ConnectRequest,
    credentials: fn(&ConnectRequest) -> Value,
) -> Result<Value, Failure> {
    let user = user_id.clone();
    state
        .db
        .call(move |conn| {
            let now = now_ms();
            // Without allowMultipleConnections a customer has one connection per integration,
            // so connecting again refreshes it.
            let existing = match (&request.connection_id, request.allow_multiple) {
                (Some(id), _) => Some(id.clone()),
                (None, false) => conn
                    .query_row(
                        "SELECT id FROM connections WHERE user_id = ?1 AND integration_id = ?2 AND archived_at IS NULL
                         ORDER BY created_at DESC LIMIT 1",
                        params![user, request.integration_id],
                        |row| row.get(0),
                    )
                    .optional()?,
                (None, true) => None,
            };
            let credentials = credentials(&request).to_string();
            let id = match existing {
                Some(id) => {
                    conn.execute(
                        "UPDATE connections SET name = COALESCE(?1, name), auth_option_key = ?2, state = 'READY',
                         error = NULL, credentials = ?3, last_active_at = ?4, updated_at = ?4, archived_at = NULL
                         WHERE id = ?5",
                        params![request.name, request.option_key, credentials, now, id],
                    )?;
                    id
                }
                None => {
                    let id = new_id();
                    conn.execute(
                        "INSERT INTO connections (id, name, user_id, integration_id, auth_option_key, state, credentials,
                         last_active_at, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, 'READY', ?6, ?7, ?7, ?7)",
                        params![
                            id,
                            request.name.clone().unwrap_or_else(|| request.app_name.clone()),
                            user,
                            request.integration_id,
                            request.option_key,
                            credentials,
                            now
                        ],
                    )?;
                    id
                }
            };
            Ok(serde_json::to_value(Connections::render(conn, state, &id)?)?)
        })
        .await
        .map_err(|error| Failure { error, user_id: Some(user_id) })
}

fn redirect(location: &str) -> Response {
    match header::HeaderValue::from_str(location) {
        Ok(value) => (StatusCode::SEE_OTHER, [(header::LOCATION, value)]).into_response(),
        Err(_) => error_page(
            StatusCode::BAD_REQUEST,
            "Cannot connect",
            "the redirect address is not valid",
        ),
    }
}

fn with_query(uri: &str, key: &str, value: &str) -> String {
    let (base, fragment) = match uri.split_once('#') {
        Some((base, fragment)) => (base, Some(fragment)),
        None => (uri, None),
    };
    let separator = if base.contains('?') { '&' } else { '?' };
    let encoded: String = form_urlencoded::byte_serialize(value.as_bytes()).collect();
    let mut out = format!("{base}{separator}{key}={encoded}");
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

/// Publishes the outcome on the SSE channel and answers the browser: a redirect in redirect
/// mode, else the result page that messages its opener or parent.
fn finish(state: &AppState, reply: &Reply, result: Result<Value, Failure>) -> Response {
    let (message, user_id, redirect_to) = match &result {
        Ok(connection) => (
            json!({ "source": "integration.app", "requestId": reply.request_id, "type": "newConnectionCreated", "connection": connection }),
            connection["userId"].as_str().map(str::to_string),
            (
                "connectionId",
                connection["id"].as_str().unwrap_or_default().to_string(),
            ),
        ),
        Err(failure) => {
            let mut error = json!({ "type": failure.error.kind, "message": failure.error.message });
            if let Some(key) = failure.error.key {
                error["key"] = json!(key);
            }
            if let Some(data) = &failure.error.data {
                error["data"] = data.clone();
            }
            (
                json!({ "source": "integration.app", "requestId": reply.request_id, "type": "newConnectionFailure", "error": error }),
                failure.user_id.clone(),
                ("error", failure.error.message.clone()),
            )
        }
    };
    state
        .connect
        .publish(&reply.request_id, message.clone(), user_id);
    if let Some(uri) = &reply.redirect_uri {
        return redirect(&with_query(uri, redirect_to.0, &redirect_to.1));
    }
    let (title, text) = match &result {
        Ok(connection) => (
            "Connected".to_string(),
            format!(
                "{} is connected. You can close this window.",
                connection["integration"]["name"]
                    .as_str()
                    .unwrap_or("The app")
            ),
        ),
        Err(failure) => (
            "Connection failed".to_string(),
            failure.error.message.clone(),
        ),
    };
    let origin = reply.origin.as_ref().map_or(Value::Null, |o| json!(o));
    let body = format!(
        "<h1>{title}</h1><p{class}>{text}</p>\
         <script id=\"connect-result\" type=\"application/json\">{message}</script>\
         <script>(function () {{\
           var message = JSON.parse(document.getElementById('connect-result').textContent);\
           var origin = {origin};\
           var target = window.opener || (window.parent !== window ? window.parent : null);\
           if (target && origin) {{ target.postMessage(message, origin); }}\
           if (window.opener) {{ setTimeout(function () {{ window.close(); }}, 800); }}\
         }})();</script>",
        title = escape(&title),
        class = if result.is_err() {
            " class=\"error\""
        } else {
            ""
        },
        text = escape(&text),
        message = script_json(&message),
        origin = script_json(&origin),
    );
    Html(page(&title, &body)).into_response()
}

fn expired_page() -> Response {
    error_page(
        StatusCode::BAD_REQUEST,
        "Sign-in expired",
        "This sign-in link has expired or was already used. Close this window and connect again.",
    )
}

async fn authorize_page(State(state): State<AppState>, q: QueryMap) -> Response {
    let Some(oauth_state) = q.str("state").map(str::to_string) else {
        return expired_page();
    };
    let Some((app_name, app_key, user_id, subdomain)) =
        state.connect.with_pending(&oauth_state, |p| {
            let r = &p.request;
            (
                r.app_name.clone(),
                r.app_key.clone(),
                r.user_id.clone(),
                r.input
                    .get("subdomain")
                    .and_then(Value::as_str)
                    .map(str::to_string),
            )
        })
    else {
        return expired_page();
    };
    let names = state
        .db
        .call(move |conn| {
            let workspace: String =
                conn.query_row("SELECT name FROM workspace LIMIT 1", [], |r| r.get(0))?;
            let customer: String =
                conn.query_row("SELECT name FROM customers WHERE id = ?", [user_id], |r| {
                    r.get(0)
                })?;
            Ok((workspace, customer))
        })
        .await;
    let Ok((workspace, customer)) = names else {
        return expired_page();
    };
    let account = match subdomain {
        Some(sub) => format!("the {} account <b>{}</b>", escape(&app_name), escape(&sub)),
        None => format!("your {} account", escape(&app_name)),
    };
    let title = format!("{app_name} wants access");
    let body = format!(
        "<h1><img src=\"{logo}\" width=\"32\" height=\"32\" alt=\"\">{title}</h1>\
         <p><b>{workspace}</b> asks to read and write data in {account} on behalf of <b>{customer}</b>.</p>\
         <p>This is the local engine's simulated {app} sign-in page.</p>\
         <form method=\"post\" action=\"/oauth/authorize\">\
         <input type=\"hidden\" name=\"state\" value=\"{state}\">\
         <div class=\"actions\">\
         <button type=\"submit\" name=\"decision\" value=\"approve\" class=\"primary\">Approve</button>\
         <button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>\
         </div></form>",
        logo = escape(&logo_uri(&state, &app_key)),
        title = escape(&title),
        workspace = escape(&workspace),
        customer = escape(&customer),
        app = escape(&app_name),
        state = escape(&oauth_state),
    );
    Html(page(&title, &body)).into_response()
}

async fn authorize_decision(State(state): State<AppState>, FormBody(form): FormBody) -> Response {
    let Some(oauth_state) = form.get("state") else {
        return expired_page();
    };
    let encoded_state: String = form_urlencoded::byte_serialize(oauth_state.as_bytes()).collect();
    match form.get("decision").map(String::as_str) {
        Some("approve") => {
            let code = random_hex(16);
            let stored = state
                .connect
                .with_pending(oauth_state, |p| p.code = Some(code.clone()));
            if stored.is_none() {
                return expired_page();
            }
            redirect(&format!(
                "/oauth-callback?code={code}&state={encoded_state}"
            ))
        }
        Some("deny") => redirect(&format!(
            "/oauth-callback?error=access_denied&state={encoded_state}"
        )),
        _ => error_page(
            StatusCode::BAD_REQUEST,
            "Cannot sign in",
            "decision: must be approve or deny",
        ),
    }
}

async fn oauth_callback(State(state): State<AppState>, q: QueryMap) -> Response {
    let Some(pending) = q.str("state").and_then(|s| state.connect.take_pending(s)) else {
        return expired_page();
    };
    let request = pending.request;
    let reply = request.reply.clone();
    let user_id = request.user_id.clone();
    let result = match (q.str("error"), q.str("code")) {
        (Some(error), _) => Err(Failure {
            error: ApiError::connection(format!(
                "Access to {} was denied ({error})",
                request.app_name
            ))
            .with_data(json!({ "error": error })),
            user_id: Some(user_id),
        }),
        (None, Some(code)) if pending.code.as_deref() == Some(code) => {
            save(&state, user_id, request, oauth_credentials).await
        }
        (None, _) => Err(Failure {
            error: ApiError::connection(format!(
                "{} returned an invalid authorization code",
                request.app_name
            )),
            user_id: Some(user_id),
        }),
    };
    finish(&state, &reply, result)
}

async fn events(
    State(state): State<AppState>,
    Path(request_id): Path<String>,
    q: QueryMap,
) -> ApiResult<Response> {
    let token = q
        .str("token")
        .ok_or_else(|| ApiError::unauthenticated("token: the query has no token"))?;
    let principal = authenticate(&state, token).await?;
    let mut receiver = state.connect.slot(&request_id).subscribe();
    let stream = futures_util::stream::once(async move {
        let outcome = tokio::time::timeout(SSE_MAX_WAIT, receiver.wait_for(Option::is_some)).await;
        match outcome {
            Ok(Ok(outcome)) => outcome.clone().and_then(|(message, owner)| {
                let visible = match (principal.customer_id(), owner.as_deref()) {
                    (Some(own), Some(owner)) => own == owner,
                    _ => true,
                };
                visible.then_some(message)
            }),
            _ => None,
        }
    })
    .filter_map(|message| async move {
        message.map(|m| Ok::<_, Infallible>(Event::default().data(m.to_string())))
    });
    Ok(Sse::new(stream)
        .keep_alive(
            KeepAlive::new()
                .interval(Duration::from_secs(15))
                .text("keep-alive"),
        )
        .into_response())
}
