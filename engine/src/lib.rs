//! A local integration engine: the engine's REST contract on loopback, backed by an embedded
//! SQLite database with deterministic demo data.

mod access_token;
pub mod auth;
pub mod bench;
mod catalogue;
mod connect;
mod connections;
mod connectors;
mod cors;
mod customers;
pub mod db;
pub mod errors;
mod external_apps;
mod faults;
mod html;
mod input;
mod instances;
mod integrations;
pub mod log;
mod resource;
pub mod seed;
pub mod server;
mod workspace;

use std::ops::Deref;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, Method, StatusCode, Uri};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;

use crate::db::Db;
use crate::errors::ApiError;

pub use seed::Seed;

/// Settings fixed for the life of the server.
#[derive(Clone, Debug)]
pub struct Config {
    pub workspace_key: String,
    pub workspace_secret: String,
    /// The engine's own address, used for absolute logo URLs.
    pub base_url: String,
    /// Browser origins allowed by CORS and as redirect targets; empty means any loopback origin.
    pub allowed_origins: Vec<String>,
    /// Whether the fault-injection routes exist.
    pub faults: bool,
}

pub struct Inner {
    pub db: Db,
    pub config: Config,
    connect: connect::ConnectState,
    faults: faults::Faults,
}

/// Shared state of one engine instance.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

impl Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    pub fn new(db: Db, config: Config) -> Self {
        AppState(Arc::new(Inner {
            db,
            config,
            connect: Default::default(),
            faults: Default::default(),
        }))
    }
}

/// Opens the database and seeds it if it is empty. An existing database keeps its data; only
/// its workspace key follows the configuration.
pub fn open_db(
    path: &str,
    seed: Seed,
    workspace_key: &str,
    anchor_ms: i64,
) -> rusqlite::Result<(Db, bool)> {
    let db = Db::open(path)?;
    let seeded = db.with(|conn| -> rusqlite::Result<bool> {
        if db::is_empty(conn)? {
            seed::seed(conn, seed, workspace_key, anchor_ms)?;
            Ok(true)
        } else {
            conn.execute("UPDATE workspace SET key = ?", [workspace_key])?;
            Ok(false)
        }
    })?;
    Ok((db, seeded))
}

/// The engine's HTTP application.
pub fn app(state: AppState) -> Router {
    let mut router = Router::new()
        .merge(customers::routes())
        .merge(workspace::routes())
        .merge(access_token::routes())
        .merge(connections::routes())
        .merge(connect::routes())
        .merge(integrations::routes())
        .merge(external_apps::routes())
        .merge(connectors::routes())
        .merge(instances::routes());
    if state.config.faults {
        router = router.merge(faults::routes());
    }
    router
        .fallback(unknown_route)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(input::MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            faults::inject,
        ))
        .layer(middleware::map_response(shape_errors))
        .layer(CatchPanicLayer::custom(|_| {
            ApiError::internal("the engine hit an unexpected error").into_response()
        }))
        .layer(cors::layer(state.config.allowed_origins.clone()))
        // Outermost, so that the logged status and latency are what the client got.
        .layer(log::layer())
        .with_state(state)
}

async fn unknown_route(method: Method, uri: Uri) -> ApiError {
    ApiError::not_found(format!("No route for {method} {}", uri.path()))
}

async fn method_not_allowed(method: Method, uri: Uri) -> ApiError {
    ApiError::for_status(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("{method} is not allowed on {}", uri.path()),
    )
}

/// Rewrites error responses produced outside the handlers (framework rejections, which are
/// plain text) into the engine's error shape. JSON and HTML errors are already shaped.
async fn shape_errors(response: Response) -> Response {
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if status.as_u16() < 400
        || content_type.starts_with("application/json")
        || content_type.starts_with("text/html")
    {
        return response;
    }
    let body = axum::body::to_bytes(response.into_body(), 64 * 1024)
        .await
        .unwrap_or_default();
    let text = String::from_utf8_lossy(&body);
    let message = if text.trim().is_empty() {
        status.canonical_reason().unwrap_or("error").to_string()
    } else {
        text.trim().to_string()
    };
    ApiError::for_status(status, message).into_response()
}
