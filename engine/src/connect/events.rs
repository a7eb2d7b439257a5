//! `GET /sse/connection-events/{requestId}`: the outcome of a connect request as a
//! server-sent event, for when the popup cannot message its opener.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;

use crate::auth::authenticate;
use crate::errors::{ApiError, ApiResult};
use crate::input::QueryMap;
use crate::AppState;

/// An SSE stream waiting for a result gives up after this long.
const SSE_MAX_WAIT: Duration = Duration::from_secs(10 * 60);

pub(super) async fn events(
    State(state): State<AppState>,
    Path(request_id): Path<String>,
    q: QueryMap,
) -> ApiResult<Response> {
    let token = q
        .str("token")
        .ok_or_else(|| ApiError::unauthenticated("token: the query has no token"))?;
    let principal = authenticate(&state, token).await?;
    let mut receiver = state.connect.slot(&request_id).subscribe();
    let stream = futures_util::stream::once(async move {
        let outcome = tokio::time::timeout(SSE_MAX_WAIT, receiver.wait_for(Option::is_some)).await;
        match outcome {
            Ok(Ok(outcome)) => outcome.clone().and_then(|(message, owner)| {
                let visible = match (principal.customer_id(), owner.as_deref()) {
                    (Some(own), Some(owner)) => own == owner,
                    _ => true,
                };
                visible.then_some(message)
            }),
            _ => None,
        }
    })
    .filter_map(|message| async move {
        message.map(|m| Ok::<_, Infallible>(Event::default().data(m)))
    });
    Ok(Sse::new(stream)
        .keep_alive(
            KeepAlive::new()
                .interval(Duration::from_secs(15))
                .text("keep-alive"),
        )
        .into_response())
}
