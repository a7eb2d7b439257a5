//! The end of every attempt: the connection saved, the outcome published for SSE readers, and
//! the browser answered with a redirect or the result page that messages its opener.

use axum::response::{Html, IntoResponse, Response};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use serde_json::Value;

use super::{redirect, ConnectRequest, Failure, Reply};
use crate::connections::{ConnectionView, Connections};
use crate::db::{new_id, now_ms};
use crate::errors::{ApiError, ErrorBody};
use crate::html::{escape, page, script_json};
use crate::resource::Archivable;
use crate::AppState;

/// Creates or updates the connection and returns it.
pub(super) async fn save(
    state: &AppState,
    user_id: String,
    request: ConnectRequest,
    credentials: fn(&ConnectRequest) -> Value,
) -> Result<ConnectionView, Failure> {
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
                        |row| row.get("id"),
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
            Connections::render(conn, state, &id)
        })
        .await
        .map_err(|error| Failure { error, user_id: Some(user_id) })
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

/// The message the opener receives (by `postMessage` and over SSE), in the vendor's shape.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ConnectMessage<'a> {
    source: &'static str,
    request_id: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    connection: Option<&'a ConnectionView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a ErrorBody>,
}

/// Publishes the outcome on the SSE channel and answers the browser: a redirect in redirect
/// mode, else the result page that messages its opener or parent.
pub(super) fn finish(
    state: &AppState,
    reply: &Reply,
    result: Result<ConnectionView, Failure>,
) -> Response {
    let (message, user_id, redirect_to) = match &result {
        Ok(connection) => (
            ConnectMessage {
                source: "integration.app",
                request_id: &reply.request_id,
                kind: "newConnectionCreated",
                connection: Some(connection),
                error: None,
            },
            Some(connection.user_id().to_string()),
            ("connectionId", connection.id().to_string()),
        ),
        Err(failure) => (
            ConnectMessage {
                source: "integration.app",
                request_id: &reply.request_id,
                kind: "newConnectionFailure",
                connection: None,
                error: Some(failure.error.body()),
            },
            failure.user_id.clone(),
            ("error", failure.error.message.clone()),
        ),
    };
    let message = match serde_json::to_string(&message) {
        Ok(message) => message,
        Err(err) => return ApiError::internal(format!("connect result: {err}")).into_response(),
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
                connection.integration_name()
            ),
        ),
        Err(failure) => (
            "Connection failed".to_string(),
            failure.error.message.clone(),
        ),
    };
    let origin = Value::from(reply.origin.clone()).to_string();
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
