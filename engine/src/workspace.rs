//! The workspace and its customer field schema.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use rusqlite::{params, Connection};
use serde::Serialize;
use serde_json::{json, Value};

use crate::auth::Principal;
use crate::errors::{ApiError, ApiResult};
use crate::input::{json_column, JsonBody};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/workspace", get(fetch).patch(patch))
}

/// The workspace as the API shows it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Workspace {
    id: String,
    key: String,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_fields_schema: Option<Value>,
}

pub fn render(conn: &Connection) -> ApiResult<Workspace> {
    let mut stmt =
        conn.prepare_cached("SELECT id, key, name, user_fields_schema FROM workspace LIMIT 1")?;
    let mut rows = stmt.query([])?;
    let row = rows
        .next()?
        .ok_or_else(|| ApiError::internal("the workspace has not been created"))?;
    let schema = json_column(row, "user_fields_schema")?;
    Ok(Workspace {
        id: row.get("id")?,
        key: row.get("key")?,
        name: row.get("name")?,
        user_fields_schema: (!schema.is_null()).then_some(schema),
    })
}

async fn fetch(State(state): State<AppState>, _principal: Principal) -> ApiResult<Json<Workspace>> {
    state.db.call(|conn| render(conn)).await.map(Json)
}

/// Refuses a schema the DataSchema engine has notices about, naming each problem.
pub fn check_schema(field: &str, schema: &Value) -> ApiResult<()> {
    if !schema.is_object() {
        return Err(ApiError::invalid(field, "must be a DataSchema object"));
    }
    let parsed = switchboard_schema::parse(schema);
    if parsed.is_clean() {
        return Ok(());
    }
    let notices: Vec<String> = parsed.notices().iter().map(ToString::to_string).collect();
    Err(ApiError::invalid(
        field,
        &format!("is not a valid DataSchema: {}", notices.join("; ")),
    )
    .with_data(json!({ "field": field, "notices": notices })))
}

async fn patch(
    State(state): State<AppState>,
    principal: Principal,
    body: JsonBody,
) -> ApiResult<Json<Workspace>> {
    principal.require_admin("Changing the workspace")?;
    let name = body.opt_string("name", 255)?;
    // null clears the schema; absent leaves it alone.
    let schema = match body.get("userFieldsSchema") {
        None => None,
        Some(Value::Null) => Some(None),
        Some(schema) => {
            check_schema("userFieldsSchema", schema)?;
            Some(Some(schema.to_string()))
        }
    };
    state
        .db
        .call(move |conn| {
            if let Some(name) = name {
                conn.execute("UPDATE workspace SET name = ?", [name])?;
            }
            if let Some(schema) = schema {
                conn.execute(
                    "UPDATE workspace SET user_fields_schema = ?",
                    params![schema],
                )?;
            }
            render(conn)
        })
        .await
        .map(Json)
}
