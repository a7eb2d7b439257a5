//! Fault injection for end-to-end tests (`--faults` only): make the next matching requests
//! fail, stall, return garbage or lose their connection.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::Serialize;
use serde_json::Value;
use tokio::sync::Notify;

use crate::errors::{ApiError, ApiResult};
use crate::input::{JsonBody, Listed};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/_faults", post(add).get(list).delete(clear))
}

#[derive(Clone, Debug)]
struct Fault {
    path: String,
    method: Option<Method>,
    remaining: u64,
    status: Option<StatusCode>,
    delay_ms: u64,
    malformed: bool,
    drop: bool,
}

/// A pending fault as `/_faults` lists it; an unset method or status is null, not absent.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FaultView {
    path: String,
    method: Option<String>,
    count: u64,
    status: Option<u16>,
    delay_ms: u64,
    malformed: bool,
    drop: bool,
}

impl Fault {
    fn view(&self) -> FaultView {
        FaultView {
            path: self.path.clone(),
            method: self.method.as_ref().map(|m| m.as_str().to_string()),
            count: self.remaining,
            status: self.status.map(|s| s.as_u16()),
            delay_ms: self.delay_ms,
            malformed: self.malformed,
            drop: self.drop,
        }
    }
}

#[derive(Default)]
pub struct Faults(Mutex<Vec<Fault>>);

impl Faults {
    /// Consumes one use of the first fault matching the request.
    fn take(&self, method: &Method, path: &str) -> Option<Fault> {
        let mut faults = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let index = faults.iter().position(|f| {
            path.starts_with(&f.path) && f.method.as_ref().is_none_or(|m| m == method)
        })?;
        let fault = faults[index].clone();
        faults[index].remaining -= 1;
        if faults[index].remaining == 0 {
            faults.remove(index);
        }
        Some(fault)
    }

    /// Every pending fault, on one page.
    fn snapshot(&self) -> Listed<FaultView> {
        let faults = self.0.lock().unwrap_or_else(|p| p.into_inner());
        Listed {
            items: faults.iter().map(Fault::view).collect(),
            cursor: None,
        }
    }
}

/// Put on each request by the server so a fault can close the connection without answering.
#[derive(Clone)]
pub struct DropConnection(pub Arc<Notify>);

async fn add(
    State(state): State<AppState>,
    body: JsonBody,
) -> ApiResult<(StatusCode, Json<Listed<FaultView>>)> {
    let path = body.string("path", 1000)?;
    if !path.starts_with('/') {
        return Err(ApiError::invalid("path", "must start with /"));
    }
    let method = match body.opt_string("method", 10)? {
        None => None,
        Some(m) => Some(
            Method::from_bytes(m.to_ascii_uppercase().as_bytes())
                .map_err(|_| ApiError::invalid("method", "must be an HTTP method"))?,
        ),
    };
    let count = match body.get("count") {
        None | Some(Value::Null) => 1,
        Some(v) => v
            .as_u64()
            .filter(|n| (1..=10_000).contains(n))
            .ok_or_else(|| ApiError::invalid("count", "must be an integer from 1 to 10000"))?,
    };
    let status = match body.get("status") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            v.as_u64()
                .filter(|s| (400..=599).contains(s))
                .and_then(|s| StatusCode::from_u16(s as u16).ok())
                .ok_or_else(|| {
                    ApiError::invalid("status", "must be an HTTP error status from 400 to 599")
                })?,
        ),
    };
    let delay_ms = match body.get("delayMs") {
        None | Some(Value::Null) => 0,
        Some(v) => v
            .as_u64()
            .filter(|d| *d <= 120_000)
            .ok_or_else(|| ApiError::invalid("delayMs", "must be an integer from 0 to 120000"))?,
    };
    let malformed = body.opt_bool("malformed")?.unwrap_or(false);
    let drop = body.opt_bool("drop")?.unwrap_or(false);
    if status.is_none() && delay_ms == 0 && !malformed && !drop {
        return Err(ApiError::bad_request(
            "a fault needs at least one of status, delayMs, malformed or drop",
        ));
    }
    let fault = Fault {
        path,
        method,
        remaining: count,
        status,
        delay_ms,
        malformed,
        drop,
    };
    state
        .faults
        .0
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .push(fault);
    Ok((StatusCode::CREATED, Json(state.faults.snapshot())))
}

async fn list(State(state): State<AppState>) -> Json<Listed<FaultView>> {
    Json(state.faults.snapshot())
}

async fn clear(State(state): State<AppState>) -> Json<Listed<FaultView>> {
    state
        .faults
        .0
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clear();
    Json(state.faults.snapshot())
}

/// Middleware applying the next matching fault, if any.
pub async fn inject(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if !state.config.faults || request.uri().path().starts_with("/_faults") {
        return next.run(request).await;
    }
    let Some(fault) = state.faults.take(request.method(), request.uri().path()) else {
        return next.run(request).await;
    };
    if fault.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(fault.delay_ms)).await;
    }
    if fault.drop {
        if let Some(DropConnection(signal)) = request.extensions().get::<DropConnection>() {
            signal.notify_one();
            // The server drops the connection; this future is cancelled with it.
            std::future::pending::<()>().await;
        }
        // Without the server's hook (in-process tests) a body that fails mid-way is the closest.
        let failing = futures_util::stream::once(async {
            Err::<axum::body::Bytes, _>(std::io::Error::other("dropped"))
        });
        return Response::new(Body::from_stream(failing));
    }
    if let Some(status) = fault.status {
        return ApiError::for_status(
            status,
            format!(
                "Injected fault: {} {}",
                status.as_u16(),
                request.uri().path()
            ),
        )
        .into_response();
    }
    if fault.malformed {
        return (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            "<html><body>502 Bad Gateway (injected malformed response)</body></html>",
        )
            .into_response();
    }
    next.run(request).await
}
