//! The engine's error shape: `{type, key?, message, data?}` with the contract's statuses.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{json, Value};

/// Boxed so that `Result<T, ApiError>` stays small on the happy path.
#[derive(Debug, Clone)]
pub struct ApiError(Box<ErrorBody>);

/// The error as the API shows it; the status travels beside the body, not in it.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorBody {
    #[serde(skip)]
    pub status: StatusCode,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<&'static str>,
    /// Free-form details, e.g. the offending field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
}

impl std::ops::Deref for ApiError {
    type Target = ErrorBody;
    fn deref(&self) -> &ErrorBody {
        &self.0
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    fn new(
        status: StatusCode,
        kind: &'static str,
        key: Option<&'static str>,
        message: String,
    ) -> Self {
        ApiError(Box::new(ErrorBody {
            status,
            kind,
            message,
            key,
            data: None,
        }))
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", None, message.into())
    }

    /// A validation failure; the message starts with the offending field so the console can
    /// show it next to that field.
    pub fn invalid(field: &str, problem: &str) -> Self {
        Self::bad_request(format!("{field}: {problem}"))
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "bad_request",
            Some("not_found"),
            message.into(),
        )
    }

    pub fn unauthenticated(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "bad_request",
            Some("not_authenticated"),
            message.into(),
        )
    }

    pub fn access_denied(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "bad_request",
            Some("access_denied"),
            message.into(),
        )
    }

    pub fn already_exists(field: &str, message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::CONFLICT,
            "bad_request",
            Some("already_exists"),
            message.into(),
        )
        .with_data(json!({ "field": field }))
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            None,
            message.into(),
        )
    }

    /// An error reported by (or about) the external app behind a connection.
    pub fn connection(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "connection", None, message.into())
    }

    /// The error a bare status code stands for, used by fault injection and by responses
    /// produced outside the handlers (405, 413, ...).
    pub fn for_status(status: StatusCode, message: impl Into<String>) -> Self {
        let message = message.into();
        let (kind, key) = match status.as_u16() {
            401 => ("bad_request", Some("not_authenticated")),
            403 => ("bad_request", Some("access_denied")),
            404 => ("bad_request", Some("not_found")),
            409 => ("bad_request", Some("already_exists")),
            429 => ("bad_request", Some("rate_limit_exceeded")),
            s if s >= 500 => ("internal", None),
            _ => ("bad_request", None),
        };
        Self::new(status, kind, key, message)
    }

    pub fn with_data(mut self, data: Value) -> Self {
        self.0.data = Some(data);
        self
    }

    pub fn body(&self) -> &ErrorBody {
        &self.0
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, axum::Json(self.body())).into_response();
        if self.status == StatusCode::TOO_MANY_REQUESTS {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(err: rusqlite::Error) -> Self {
        tracing::error!("database error: {err}");
        ApiError::internal(format!("database error: {err}"))
    }
}

impl From<serde_json::Error> for ApiError {
    fn from(err: serde_json::Error) -> Self {
        tracing::error!("stored JSON could not be read: {err}");
        ApiError::internal(format!("stored JSON could not be read: {err}"))
    }
}
