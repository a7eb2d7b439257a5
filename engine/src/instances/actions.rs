//! Running an action instance: the body is the action's input, checked against its
//! `inputSchema`; the simulated app answers a deterministic output.

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use serde::Serialize;
use serde_json::{json, Value};

use super::kinds::ACTION;
use super::{with_op, Stored, Target};
use crate::auth::Principal;
use crate::db::new_id;
use crate::errors::{ApiError, ApiResult};
use crate::input::OptionalJsonBody;
use crate::seed::stable_id;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    with_op(Router::new(), &ACTION, "run", post(run))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ActionRun {
    output: Value,
    action_run_id: String,
}

/// The input against the action's schema, naming the first bad field (the body is the input,
/// so a field is named as in the body).
fn check_input(schema: Option<&Value>, input: &Value) -> ApiResult<()> {
    let Some(schema) = schema.filter(|s| s.is_object()) else {
        return Ok(());
    };
    let parsed = switchboard_schema::parse(schema);
    if let Some(missing) = parsed.missing_required(input).first() {
        return Err(ApiError::invalid(missing, "is required"));
    }
    match parsed.validate(input).first() {
        None => Ok(()),
        Some(problem) => {
            let field = problem.pointer.trim_start_matches('/').replace('/', ".");
            let field = if field.is_empty() {
                "body".into()
            } else {
                field
            };
            Err(ApiError::invalid(&field, &problem.message))
        }
    }
}

/// What the simulated app answers: the same input always gives the same output.
fn output(instance: &Stored, input: &Value) -> Value {
    let record_id = stable_id(&format!("{}:{input}", instance.id));
    let request = &instance.own["config"]["request"];
    match instance.own["type"].as_str() {
        Some("create-data-record") => json!({ "id": record_id, "fields": input }),
        Some("http-request") => json!({
            "status": 200,
            "headers": { "content-type": "application/json" },
            "body": { "received": input, "url": request["url"] },
        }),
        _ => json!({
            "status": 200,
            "data": { "id": record_id, "method": request["method"], "path": request["path"], "input": input },
        }),
    }
}

async fn run(
    State(state): State<AppState>,
    principal: Principal,
    Target(id): Target,
    OptionalJsonBody(body): OptionalJsonBody,
) -> ApiResult<Json<ActionRun>> {
    let input = Value::Object(body.0);
    state
        .db
        .call(|conn| {
            let instance = Stored::for_write(conn, &ACTION, &principal, &id)?;
            if instance.state.as_deref() == Some("SETUP_FAILED") {
                return Err(ApiError::bad_request(format!(
                    "{} is not set up (SETUP_FAILED): run setup first",
                    instance.name
                )));
            }
            check_input(instance.own.get("inputSchema"), &input)?;
            Ok(ActionRun {
                output: output(&instance, &input),
                action_run_id: new_id(),
            })
        })
        .await
        .map(Json)
}
