//! `POST /connect`: the browser's form post that starts a connection, validated into a
//! `ConnectRequest`; API-key options are saved at once, OAuth ones go to the provider.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use rusqlite::{Connection, OptionalExtension};
use serde_json::{json, Map, Value};

use super::result::{finish, save};
use super::{error_page, redirect, ConnectRequest, Failure, Reply};
use crate::auth::{authenticate, Principal};
use crate::connections::Connections;
use crate::cors::{origin_allowed, origin_of};
use crate::db::random_hex;
use crate::errors::{ApiError, ApiResult};
use crate::input::FormBody;
use crate::integrations;
use crate::resource::Archivable;
use crate::AppState;

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

pub(super) async fn connect(
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
                |row| row.get("id"),
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
            "SELECT i.id, i.is_deactivated, i.archived_at, a.name AS app_name, a.key AS app_key FROM integrations i
             JOIN external_apps a ON a.id = i.external_app_id WHERE i.id = ?1 OR i.key = ?1",
            [&payload.integration_ref],
            |row| {
                Ok((
                    row.get("id")?,
                    row.get("is_deactivated")?,
                    row.get("archived_at")?,
                    row.get("app_name")?,
                    row.get("app_key")?,
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
                |row| Ok((row.get("integration_id")?, row.get("auth_option_key")?)),
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
