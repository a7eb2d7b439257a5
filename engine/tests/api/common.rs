//! An engine instance in-process, with an in-memory database, and request helpers.

use axum::body::{to_bytes, Body};
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use engine::{app, auth, open_db, AppState, Config, Seed};
use serde_json::Value;
use tower::ServiceExt;

pub const KEY: &str = "test-key";
pub const SECRET: &str = "test-secret";
pub const BASE: &str = "http://127.0.0.1:8787";
/// 2026-01-01T00:00:00Z: a fixed "now" for the demo timeline.
pub const ANCHOR: i64 = 1_767_225_600_000;
pub const CUSTOMERS: usize = 200;

pub struct Engine {
    router: Router,
    pub admin: String,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub text: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

impl Engine {
    pub fn new() -> Self {
        Self::build(
            Seed::Demo {
                customers: CUSTOMERS,
            },
            false,
            Vec::new(),
        )
    }

    pub fn with_faults() -> Self {
        Self::build(
            Seed::Demo {
                customers: CUSTOMERS,
            },
            true,
            Vec::new(),
        )
    }

    pub fn build(seed: Seed, faults: bool, allowed_origins: Vec<String>) -> Self {
        let (db, _) = open_db(":memory:", seed, KEY, ANCHOR).expect("in-memory database");
        let config = Config {
            workspace_key: KEY.into(),
            workspace_secret: SECRET.into(),
            base_url: BASE.into(),
            allowed_origins,
            faults,
        };
        Engine {
            router: app(AppState::new(db, config)),
            admin: auth::admin_token(KEY, SECRET, 3600).expect("admin token"),
        }
    }

    pub fn customer_token(&self, internal_id: &str) -> String {
        auth::customer_token(KEY, SECRET, internal_id, None, None, 3600).expect("customer token")
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("infallible");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap_or_default();
        Reply {
            status,
            headers,
            text: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// A JSON request with an optional bearer token.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let body = match body {
            Some(body) => {
                request = request.header(header::CONTENT_TYPE, "application/json");
                Body::from(body.to_string())
            }
            None => Body::empty(),
        };
        self.send(request.body(body).expect("request")).await
    }

    /// An admin request that must succeed; returns its JSON.
    pub async fn ok(&self, method: Method, path: &str, body: Option<Value>) -> Value {
        let reply = self
            .call(method, path, Some(&self.admin.clone()), body)
            .await;
        assert!(
            reply.status.is_success(),
            "{path}: {} {}",
            reply.status,
            reply.text
        );
        reply.json()
    }

    pub async fn get(&self, path: &str) -> Value {
        self.ok(Method::GET, path, None).await
    }

    /// An admin request expected to fail with `status`; returns the error body.
    pub async fn fails(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        status: u16,
    ) -> Value {
        let reply = self
            .call(method, path, Some(&self.admin.clone()), body)
            .await;
        assert_eq!(reply.status.as_u16(), status, "{path}: {}", reply.text);
        let error = reply.json();
        assert!(
            error["type"].is_string() && error["message"].is_string(),
            "error shape: {error}"
        );
        error
    }

    /// The engine id of a seeded customer.
    pub async fn customer_id(&self, internal_id: &str) -> String {
        let page = self
            .get(&format!(
                "/customers?search={internal_id}&includeArchived=true"
            ))
            .await;
        page["items"]
            .as_array()
            .and_then(|items| items.iter().find(|c| c["internalId"] == internal_id))
            .and_then(|c| c["id"].as_str())
            .unwrap_or_else(|| panic!("no customer {internal_id}"))
            .to_string()
    }

    /// Every item of a list, following cursors.
    pub async fn all(&self, path: &str) -> Vec<Value> {
        let mut items = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let separator = if path.contains('?') { '&' } else { '?' };
            let url = match &cursor {
                Some(c) => format!("{path}{separator}cursor={c}"),
                None => path.to_string(),
            };
            let page = self.get(&url).await;
            items.extend(page["items"].as_array().cloned().unwrap_or_default());
            match page["cursor"].as_str() {
                Some(c) => cursor = Some(c.to_string()),
                None => return items,
            }
        }
    }
}

pub fn ids(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .filter_map(|i| i["id"].as_str().map(str::to_string))
        .collect()
}
