//! Token minting for the console: `POST /org-workspaces/{workspaceId}/access-token`, which the
//! console's Settings › Testing calls to hand a developer the test customer's token.

use axum::extract::{Path, State};
use axum::routing::post;
use axum::{Json, Router};
use rusqlite::OptionalExtension;
use serde::Serialize;

use crate::auth::{self, Principal};
use crate::errors::{ApiError, ApiResult};
use crate::input::JsonBody;
use crate::AppState;

/// Minted tokens are for test code run now, not for storing: one hour.
pub const TTL_SECS: i64 = 3600;

pub fn routes() -> Router<AppState> {
    Router::new().route("/org-workspaces/{workspace_id}/access-token", post(mint))
}

#[derive(Serialize)]
struct Minted {
    token: String,
}

/// Whom the token is for.
enum Subject {
    Admin,
    /// A customer's engine id.
    Customer(String),
}

fn subject(body: &JsonBody) -> ApiResult<Subject> {
    let tenant_id = body.opt_string("tenantId", 255)?;
    let is_admin = body.opt_bool("isAdmin")?.unwrap_or(false);
    match (tenant_id, is_admin) {
        (Some(id), false) => Ok(Subject::Customer(id)),
        (None, true) => Ok(Subject::Admin),
        (Some(_), true) => Err(ApiError::invalid(
            "tenantId",
            "give either tenantId (a customer token) or isAdmin: true (an admin token), not both",
        )),
        (None, false) => Err(ApiError::invalid(
            "tenantId",
            "is required: the engine id of the customer to mint a token for (or isAdmin: true for an admin token)",
        )),
    }
}

async fn mint(
    State(state): State<AppState>,
    principal: Principal,
    Path(workspace_id): Path<String>,
    body: JsonBody,
) -> ApiResult<Json<Minted>> {
    principal.require_admin("Minting an access token")?;
    let subject = subject(&body)?;
    // The claims a customer token carries; the customer already exists, so they describe it
    // rather than create it.
    let name = body.opt_string("name", 255)?;
    let fields = body.opt_object("fields")?;
    let customer = state
        .db
        .call(move |conn| {
            let workspace: Option<String> = conn
                .query_row(
                    "SELECT id FROM workspace WHERE id = ?",
                    [&workspace_id],
                    |row| row.get("id"),
                )
                .optional()?;
            if workspace.is_none() {
                return Err(ApiError::not_found(format!(
                    "Workspace {workspace_id} not found: use the id of GET /workspace"
                )));
            }
            let Subject::Customer(id) = subject else {
                return Ok(None);
            };
            let found: Option<(String, String, Option<i64>)> = conn
                .query_row(
                    "SELECT internal_id, name, archived_at FROM customers WHERE id = ?",
                    [&id],
                    |row| {
                        Ok((
                            row.get("internal_id")?,
                            row.get("name")?,
                            row.get("archived_at")?,
                        ))
                    },
                )
                .optional()?;
            match found {
                None => Err(ApiError::not_found(format!("Customer {id} not found"))),
                // The engine refuses an archived customer's token, so minting one would only
                // move the error to its first use.
                Some((_, _, Some(_))) => Err(ApiError::invalid(
                    "tenantId",
                    &format!("customer {id} is archived: restore it before minting its token"),
                )),
                Some((internal_id, stored_name, None)) => Ok(Some((internal_id, stored_name))),
            }
        })
        .await?;
    let config = &state.config;
    let token = match customer {
        None => auth::admin_token(&config.workspace_key, &config.workspace_secret, TTL_SECS),
        Some((internal_id, stored_name)) => auth::customer_token(
            &config.workspace_key,
            &config.workspace_secret,
            &internal_id,
            Some(name.as_deref().unwrap_or(&stored_name)),
            fields.as_ref(),
            TTL_SECS,
        ),
    }
    .map_err(ApiError::internal)?;
    Ok(Json(Minted { token }))
}
