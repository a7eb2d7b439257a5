//! The connection UI flow, one file a step: the auth options (`options`), the form post that
//! starts a connection (`form`), the simulated OAuth provider and its callback (`oauth`), the
//! connection saved and the result page that messages the opener (`result`), and the
//! server-sent events stream carrying the same message (`events`). `state` holds what is in
//! flight between the steps.

use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::{Map, Value};

use crate::errors::ApiError;
use crate::html::{escape, page};
use crate::AppState;

mod events;
mod form;
mod oauth;
mod options;
mod result;
mod state;

pub use state::ConnectState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/connection-options", post(options::connection_options))
        .route("/connect", post(form::connect))
        .route(
            "/oauth/authorize",
            get(oauth::authorize_page).post(oauth::authorize_decision),
        )
        .route("/oauth-callback", get(oauth::oauth_callback))
        .route("/sse/connection-events/{request_id}", get(events::events))
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

fn error_page(status: StatusCode, title: &str, message: &str) -> Response {
    let body = format!(
        "<h1>{}</h1><p class=\"error\">{}</p>",
        escape(title),
        escape(message)
    );
    (status, Html(page(title, &body))).into_response()
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
