//! The engine's log: one line per request (method, path, status, latency) and its warnings
//! and errors, on stderr, so that stdout keeps only what scripts read ("listening on …",
//! "admin token: …", tokens, benchmark figures).

use axum::body::Body;
use axum::http::Request;
use tower_http::classify::{ServerErrorsAsFailures, SharedClassifier};
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tower_http::LatencyUnit;
use tracing::Level;
use tracing_subscriber::filter::LevelFilter;

/// Requests are logged at INFO, so the default of WARN (what tests run with) shows only
/// problems.
pub const DEFAULT_LEVEL: LevelFilter = LevelFilter::WARN;

/// Sends the log at `level` and above to stderr.
pub fn init(level: LevelFilter) {
    tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .init();
}

/// A span of the method and the path only: the query may hold a token (the connect events
/// stream takes `?token=`) and headers hold the Authorization, so neither is logged.
fn request_span(request: &Request<Body>) -> tracing::Span {
    tracing::info_span!(
        "request",
        method = %request.method(),
        path = %request.uri().path(),
    )
}

type MakeSpan = fn(&Request<Body>) -> tracing::Span;

/// The request log; a 5xx is one line like any other (its cause is logged where it happens).
pub fn layer(
) -> TraceLayer<SharedClassifier<ServerErrorsAsFailures>, MakeSpan, (), DefaultOnResponse, (), (), ()>
{
    TraceLayer::new_for_http()
        .make_span_with(request_span as MakeSpan)
        .on_request(())
        .on_response(
            DefaultOnResponse::new()
                .level(Level::INFO)
                .latency_unit(LatencyUnit::Micros),
        )
        .on_body_chunk(())
        .on_eos(())
        .on_failure(())
}
