//! The one error type every engine call returns.
//!
//! Every failure, whether the engine answered with its error shape, a proxy
//! answered with an HTML page, the network dropped or the request timed out,
//! becomes an [`ApiError`] that a page can show as a heading, a message a person
//! can act on, and (where it helps) a field to point at.

use crate::ui::ErrorReport;
use serde::Deserialize;
use serde_json::Value;
use std::fmt;

/// What went wrong with a call to the engine.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// No engine URL is configured yet.
    NotConfigured,
    /// The browser could not reach the engine (offline, wrong URL, refused, or
    /// blocked by CORS: a browser does not tell these apart).
    Unreachable { url: String },
    /// The engine is reachable but its CORS policy refuses this page's origin.
    CorsRefused { url: String, origin: String },
    /// No answer within the configured timeout.
    Timeout { seconds: u32 },
    /// The view that asked went away, so the request was aborted.
    Cancelled,
    /// The engine answered with its error shape (boxed: it is much larger
    /// than the other variants, and errors travel by value everywhere).
    Engine(Box<EngineError>),
    /// An HTTP error whose body is not the engine's error shape (a proxy's HTML
    /// page, plain text, an empty body).
    Http { status: u16, body: String },
    /// A successful answer whose body is not the JSON that was expected.
    Malformed { detail: String },
}

/// The engine's error body: `{type, key, message, data}` plus the HTTP status.
#[derive(Clone, Debug, PartialEq)]
pub struct EngineError {
    pub status: u16,
    pub kind: String,
    pub key: Option<String>,
    pub message: String,
    pub data: Option<Value>,
}

#[derive(Deserialize)]
struct EngineErrorBody {
    #[serde(rename = "type")]
    kind: Option<String>,
    key: Option<String>,
    message: Option<String>,
    data: Option<Value>,
}

/// Longest piece of a non-JSON body kept for the message: enough to recognise
/// a proxy's page without flooding the screen.
const BODY_SNIPPET_CHARS: usize = 200;

impl ApiError {
    /// Maps a non-2xx answer to an error, whatever its body.
    pub fn from_response(status: u16, body: &str) -> Self {
        if let Ok(parsed) = serde_json::from_str::<EngineErrorBody>(body) {
            if parsed.kind.is_some() || parsed.message.is_some() {
                return ApiError::Engine(Box::new(EngineError {
                    status,
                    kind: parsed
                        .kind
                        .unwrap_or_else(|| default_kind(status).to_owned()),
                    key: parsed.key,
                    message: parsed.message.unwrap_or_default(),
                    data: parsed.data,
                }));
            }
        }
        ApiError::Http {
            status,
            body: snippet(body),
        }
    }

    /// The HTTP status, when there was an answer.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Engine(e) => Some(e.status),
            ApiError::Http { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// True for 401: the token is missing, invalid or expired.
    pub fn needs_new_token(&self) -> bool {
        self.status() == Some(401)
    }

    /// Whether trying the same call again may succeed.
    pub fn is_retryable(&self) -> bool {
        match self {
            ApiError::Unreachable { .. } | ApiError::Timeout { .. } | ApiError::Cancelled => true,
            ApiError::Malformed { .. } => true,
            _ => matches!(self.status(), Some(408 | 429 | 500..=599)),
        }
    }

    /// A short heading for the error.
    pub fn title(&self) -> &'static str {
        match self {
            ApiError::NotConfigured => "No engine configured",
            ApiError::Unreachable { .. } => "Engine unreachable",
            ApiError::CorsRefused { .. } => "Engine refused this origin",
            ApiError::Timeout { .. } => "The engine took too long",
            ApiError::Cancelled => "Request cancelled",
            ApiError::Malformed { .. } => "Unexpected answer from the engine",
            ApiError::Engine(_) | ApiError::Http { .. } => match self.status().unwrap_or(0) {
                400 => "The engine refused the request",
                401 => "Sign-in needed",
                403 => "Not allowed",
                404 => "Not found",
                409 => "Conflict",
                413 => "Too large",
                429 => "Too many requests",
                500..=599 => "Engine error",
                _ => "Request failed",
            },
        }
    }

    /// A sentence that says what happened and what the person can do.
    pub fn message(&self) -> String {
        match self {
            ApiError::NotConfigured => {
                "Set the engine URL and an admin token in Settings › Engine.".to_owned()
            }
            ApiError::Unreachable { url } => format!(
                "Could not reach the engine at {url}. Check that it is running and the URL is right, or that you are online."
            ),
            ApiError::CorsRefused { url, origin } => format!(
                "The engine at {url} answered, but does not allow requests from {origin}. Add this origin to the engine's allowed origins."
            ),
            ApiError::Timeout { seconds } => {
                format!("No answer after {seconds} seconds. The engine may be overloaded; try again.")
            }
            ApiError::Cancelled => "The request was cancelled.".to_owned(),
            ApiError::Malformed { detail } => format!(
                "The engine's answer could not be read ({detail}). It may be a different API version."
            ),
            ApiError::Engine(e) => {
                let advice = status_advice(e.status);
                if e.message.is_empty() {
                    advice.to_owned()
                } else if advice.is_empty() {
                    e.message.clone()
                } else {
                    format!("{} {advice}", ensure_period(&e.message))
                }
            }
            ApiError::Http { status, body } => {
                let advice = status_advice(*status);
                let what = if body.is_empty() {
                    format!("The engine answered {status} with an empty body.")
                } else if looks_like_html(body) {
                    format!("The engine answered {status} with a web page instead of JSON (a proxy or gateway error?).")
                } else {
                    format!("The engine answered {status}: {body}")
                };
                if advice.is_empty() {
                    what
                } else {
                    format!("{what} {advice}")
                }
            }
        }
    }

    /// The field a validation error names, as a JSON pointer into the request
    /// body (`/name`, `/fields/email`), when the engine names one: in
    /// `data.field`, or as a `field: message` prefix.
    pub fn field(&self) -> Option<String> {
        let ApiError::Engine(e) = self else {
            return None;
        };
        if let Some(field) = e
            .data
            .as_ref()
            .and_then(|d| d.get("field"))
            .and_then(Value::as_str)
        {
            return Some(to_pointer(field));
        }
        let (prefix, _) = e.message.split_once(": ")?;
        let looks_like_path = !prefix.is_empty()
            && prefix.chars().all(|c| {
                c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '/' | '-' | '[' | ']')
            });
        looks_like_path.then(|| to_pointer(prefix))
    }

    /// The message without a `field: ` prefix, for showing next to that field.
    pub fn field_message(&self) -> String {
        match self {
            ApiError::Engine(e) => match e.message.split_once(": ") {
                Some((_, rest)) if self.field().is_some() => rest.to_owned(),
                _ => e.message.clone(),
            },
            other => other.message(),
        }
    }
}

fn default_kind(status: u16) -> &'static str {
    if status >= 500 {
        "internal"
    } else {
        "bad_request"
    }
}

fn status_advice(status: u16) -> &'static str {
    match status {
        401 => "The token is missing, invalid or expired: paste a new one in Settings › Engine.",
        403 => "This token is not allowed to do that; an admin token is needed.",
        404 => "It may have been removed, or the link is wrong.",
        429 => "The engine is limiting requests; wait a moment and try again.",
        500..=599 => "This is a problem on the engine's side; try again shortly.",
        _ => "",
    }
}

fn ensure_period(s: &str) -> String {
    if s.ends_with(['.', '!', '?']) {
        s.to_owned()
    } else {
        format!("{s}.")
    }
}

fn looks_like_html(body: &str) -> bool {
    let start = body
        .trim_start()
        .get(..15)
        .unwrap_or(body)
        .to_ascii_lowercase();
    start.starts_with("<!doctype") || start.starts_with("<html") || start.starts_with('<')
}

fn snippet(body: &str) -> String {
    let trimmed = body.trim();
    match trimmed.char_indices().nth(BODY_SNIPPET_CHARS) {
        Some((cut, _)) => format!("{}…", &trimmed[..cut]),
        None => trimmed.to_owned(),
    }
}

/// `fields.email` or `fields/email` or `/fields/email` -> `/fields/email`.
fn to_pointer(path: &str) -> String {
    let parts = path
        .trim_start_matches('/')
        .split(['.', '/'])
        .filter(|p| !p.is_empty());
    let mut pointer = String::new();
    for part in parts {
        pointer.push('/');
        pointer.push_str(part);
    }
    pointer
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.title(), self.message())
    }
}

impl std::error::Error for ApiError {}

impl From<ApiError> for ErrorReport {
    fn from(error: ApiError) -> Self {
        ErrorReport {
            title: error.title().to_owned(),
            detail: error.message(),
            retryable: error.is_retryable() || error.needs_new_token(),
        }
    }
}

/// What an `<ErrorBoundary>` caught: an [`ApiError`], or else something the
/// console could not read, reported like a malformed answer.
impl From<&leptos::error::Error> for ErrorReport {
    fn from(error: &leptos::error::Error) -> Self {
        error
            .downcast_ref::<ApiError>()
            .cloned()
            .unwrap_or_else(|| ApiError::Malformed {
                detail: error.to_string(),
            })
            .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_shape_becomes_engine_error() {
        let body =
            r#"{"type":"bad_request","key":"not_found","message":"Customer not found","extra":1}"#;
        let e = ApiError::from_response(404, body);
        assert_eq!(
            e,
            ApiError::Engine(Box::new(EngineError {
                status: 404,
                kind: "bad_request".into(),
                key: Some("not_found".into()),
                message: "Customer not found".into(),
                data: None,
            }))
        );
        assert_eq!(e.title(), "Not found");
        assert!(e.message().starts_with("Customer not found."));
        assert!(!e.is_retryable());
    }

    #[test]
    fn html_error_page_is_named_as_such() {
        let e =
            ApiError::from_response(502, "<!DOCTYPE html><html><body>Bad gateway</body></html>");
        assert_eq!(e.status(), Some(502));
        assert_eq!(e.title(), "Engine error");
        assert!(
            e.message().contains("web page instead of JSON"),
            "{}",
            e.message()
        );
        assert!(e.is_retryable());
    }

    #[test]
    fn empty_body_still_says_what_happened() {
        let e = ApiError::from_response(401, "");
        assert!(e.needs_new_token());
        assert_eq!(e.title(), "Sign-in needed");
        assert!(e.message().contains("empty body"));
        assert!(e.message().contains("Settings › Engine"));
    }

    #[test]
    fn json_without_the_engine_shape_is_kept_as_text() {
        let e = ApiError::from_response(500, r#"{"error":"boom"}"#);
        assert_eq!(
            e,
            ApiError::Http {
                status: 500,
                body: r#"{"error":"boom"}"#.into()
            }
        );
    }

    #[test]
    fn long_bodies_are_cut() {
        let body = "x".repeat(5000);
        let ApiError::Http { body, .. } = ApiError::from_response(503, &body) else {
            panic!("expected Http");
        };
        assert_eq!(body.chars().count(), BODY_SNIPPET_CHARS + 1);
    }

    #[test]
    fn missing_type_gets_a_kind_from_the_status() {
        let ApiError::Engine(e) = ApiError::from_response(503, r#"{"message":"down"}"#) else {
            panic!("expected Engine");
        };
        assert_eq!(e.kind, "internal");
    }

    #[test]
    fn rate_limit_and_timeouts_are_retryable() {
        let e = ApiError::from_response(
            429,
            r#"{"type":"bad_request","key":"rate_limit_exceeded","message":"Slow down"}"#,
        );
        assert!(e.is_retryable());
        assert_eq!(e.title(), "Too many requests");
        assert!(ApiError::Timeout { seconds: 30 }.is_retryable());
        assert!(ApiError::Unreachable {
            url: "http://x".into()
        }
        .is_retryable());
    }

    #[test]
    fn field_from_data_or_message_prefix() {
        let e = ApiError::from_response(
            409,
            r#"{"type":"bad_request","key":"already_exists","message":"A customer with this internal id exists","data":{"field":"internalId"}}"#,
        );
        assert_eq!(e.field().as_deref(), Some("/internalId"));
        let e = ApiError::from_response(
            400,
            r#"{"type":"bad_request","message":"fields.email: not an email"}"#,
        );
        assert_eq!(e.field().as_deref(), Some("/fields/email"));
        assert_eq!(e.field_message(), "not an email");
        let e = ApiError::from_response(
            400,
            r#"{"type":"bad_request","message":"Bad thing: happened here"}"#,
        );
        assert_eq!(e.field(), None, "a sentence is not a field path");
    }

    #[test]
    fn display_never_panics_on_odd_input() {
        for body in ["", "null", "[]", "{}", "\u{0}", "{\"type\":5}", "<p>"] {
            let e = ApiError::from_response(418, body);
            assert!(!e.to_string().is_empty());
        }
    }
}
