//! The simulated OAuth provider: its consent page, the decision, and the callback that
//! completes the connection.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde_json::{json, Value};

use super::result::{finish, save};
use super::{error_page, redirect, ConnectRequest, Failure};
use crate::db::{iso, now_ms, random_hex};
use crate::errors::ApiError;
use crate::external_apps::logo_uri;
use crate::html::{escape, page};
use crate::input::{FormBody, QueryMap};
use crate::AppState;

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

fn expired_page() -> Response {
    error_page(
        StatusCode::BAD_REQUEST,
        "Sign-in expired",
        "This sign-in link has expired or was already used. Close this window and connect again.",
    )
}

pub(super) async fn authorize_page(State(state): State<AppState>, q: QueryMap) -> Response {
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
                conn.query_row("SELECT name FROM workspace LIMIT 1", [], |r| r.get("name"))?;
            let customer: String =
                conn.query_row("SELECT name FROM customers WHERE id = ?", [user_id], |r| {
                    r.get("name")
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

pub(super) async fn authorize_decision(
    State(state): State<AppState>,
    FormBody(form): FormBody,
) -> Response {
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

pub(super) async fn oauth_callback(State(state): State<AppState>, q: QueryMap) -> Response {
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
