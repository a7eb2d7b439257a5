//! `POST /connection-options`: the auth options a connection may use.

use axum::extract::State;
use serde_json::Value;

use crate::auth::Principal;
use crate::connections::Connections;
use crate::errors::{ApiError, ApiResult};
use crate::input::JsonBody;
use crate::integrations::{self, Integrations};
use crate::resource::Archivable;
use crate::AppState;

/// The auth options offered when connecting to an integration (or reconnecting a connection).
pub(super) async fn connection_options(
    State(state): State<AppState>,
    principal: Principal,
    body: JsonBody,
) -> ApiResult<axum::Json<Value>> {
    let integration = match body.opt_string("integrationId", 255)? {
        Some(id) => Some(id),
        None => body.opt_string("integrationKey", 255)?,
    };
    let connection = body.opt_string("connectionId", 255)?;
    state
        .db
        .call(move |conn| {
            let integration_id = match (connection, integration) {
                (Some(id), _) => {
                    let id = Connections::resolve(conn, &principal, &id)?;
                    conn.query_row(
                        "SELECT integration_id FROM connections WHERE id = ?",
                        [id],
                        |row| row.get("integration_id"),
                    )?
                }
                (None, Some(reference)) => Integrations::resolve(conn, &principal, &reference)?,
                (None, None) => {
                    return Err(ApiError::invalid(
                        "integrationId",
                        "integrationId, integrationKey or connectionId is required",
                    ))
                }
            };
            let (_, version) = integrations::spec(conn, &integration_id)?;
            Ok(axum::Json(version.auth_options))
        })
        .await
}
