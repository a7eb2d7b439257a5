//! Event subscriptions. App event subscriptions (events of the customer's own app) only
//! subscribe; external event subscriptions (events of the external app) keep a `status`:
//! `subscribed`, `unsubscribed` or `error`, which is what they get while their connection is
//! broken.

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};

use super::kinds::{APP_EVENT_SUBSCRIPTION, EXTERNAL_EVENT_SUBSCRIPTION};
use super::ops::write;
use super::store::{self, InstanceView};
use super::{with_op, Stored, Target};
use crate::auth::Principal;
use crate::db::{iso, now_ms};
use crate::errors::{ApiError, ApiResult};
use crate::AppState;

/// How long a pulled (not real-time) subscription waits between pulls.
const PULL_INTERVAL_MS: i64 = 5 * 60_000;

#[derive(Clone, Copy)]
enum Op {
    Setup,
    Subscribe,
    Unsubscribe,
    PullEvents,
}

pub fn routes() -> Router<AppState> {
    let mut router = with_op(
        Router::new(),
        &APP_EVENT_SUBSCRIPTION,
        "subscribe",
        post(subscribe),
    );
    for (name, op) in [
        ("setup", Op::Setup),
        ("subscribe", Op::Subscribe),
        ("resubscribe", Op::Subscribe),
        ("unsubscribe", Op::Unsubscribe),
        ("pull-events", Op::PullEvents),
    ] {
        let handler = post(move |s, p, t| external(op, s, p, t));
        router = with_op(router, &EXTERNAL_EVENT_SUBSCRIPTION, name, handler);
    }
    router
}

async fn subscribe(
    State(state): State<AppState>,
    principal: Principal,
    Target(id): Target,
) -> ApiResult<Json<InstanceView>> {
    write(
        &APP_EVENT_SUBSCRIPTION,
        state,
        principal,
        id,
        |_, stored| {
            stored.own.insert("isSubscribed".into(), Value::Bool(true));
            Ok(())
        },
    )
    .await
}

async fn external(
    op: Op,
    State(state): State<AppState>,
    principal: Principal,
    Target(id): Target,
) -> ApiResult<Json<InstanceView>> {
    write(
        &EXTERNAL_EVENT_SUBSCRIPTION,
        state,
        principal,
        id,
        move |conn, stored| {
            let problem = store::connection_problem(conn, stored.connection_id.as_deref())?;
            apply(op, stored, problem)
        },
    )
    .await
}

fn set_status(stored: &mut Stored, status: &str) {
    stored.own.insert("status".into(), json!(status));
    stored.own.remove("error");
    let pulled = stored.own.get("isRealTime") != Some(&Value::Bool(true));
    if status == "subscribed" && pulled {
        let next = iso(now_ms() + PULL_INTERVAL_MS);
        stored
            .own
            .insert("nextPullEventsTimestamp".into(), json!(next));
    } else {
        stored.own.remove("nextPullEventsTimestamp");
    }
}

fn apply(op: Op, stored: &mut Stored, problem: Option<String>) -> ApiResult<()> {
    let status = stored
        .own
        .get("status")
        .and_then(Value::as_str)
        .unwrap_or("unsubscribed");
    if let (Some(problem), Op::Setup | Op::Subscribe) = (&problem, op) {
        set_status(stored, "error");
        let message = format!("Subscribing to {} failed: {problem}", stored.name);
        stored.own.insert(
            "error".into(),
            json!({ "type": "connection", "message": message }),
        );
        return Ok(());
    }
    match op {
        // Setup repairs a failed subscription; one that works is left as it is.
        Op::Setup if status == "error" => set_status(stored, "unsubscribed"),
        Op::Setup => {}
        Op::Subscribe => set_status(stored, "subscribed"),
        Op::Unsubscribe => set_status(stored, "unsubscribed"),
        Op::PullEvents if status != "subscribed" => {
            return Err(ApiError::bad_request(format!(
                "{} is {status}: subscribe before pulling events",
                stored.name
            )))
        }
        Op::PullEvents => set_status(stored, "subscribed"),
    }
    Ok(())
}
