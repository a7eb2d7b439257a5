//! The handlers every kind shares: list, read, PATCH, archive and restore, setup, reset.

use axum::extract::State;
use axum::Json;
use rusqlite::params;
use serde_json::{json, Value};

use super::store::{self, InstanceView, Stored};
use super::{Kind, Target};
use crate::auth::Principal;
use crate::db::now_ms;
use crate::errors::{ApiError, ApiResult};
use crate::input::{JsonBody, ListQuery, Listed, OptionalJsonBody, QueryMap};
use crate::AppState;

/// The customer a list is filtered to: `tenantId`, or `userId` (its older name).
pub fn tenant_filter(q: &QueryMap) -> ApiResult<Option<String>> {
    match (q.str("tenantId"), q.str("userId")) {
        (Some(t), Some(u)) if t != u => Err(ApiError::invalid("userId", "contradicts tenantId")),
        (Some(id), _) | (None, Some(id)) => Ok(Some(id.to_string())),
        (None, None) => Ok(None),
    }
}

pub async fn list(
    kind: &'static Kind,
    State(state): State<AppState>,
    principal: Principal,
    q: QueryMap,
) -> ApiResult<Json<Listed<InstanceView>>> {
    let page = q.page()?;
    let tenant = tenant_filter(&q)?;
    let search = q.str("search").map(str::to_string);
    let include_archived = q.flag("includeArchived")?;
    state
        .db
        .call(|conn| {
            let mut query = ListQuery::new(store::FROM, store::COLUMNS, "x.created_at", "x.id");
            if !include_archived {
                query.filter("x.archived_at IS NULL", []);
            }
            query.equals("x.kind", kind.tag);
            if let Some(tenant) = &tenant {
                query.equals("x.user_id", tenant);
            }
            query.matching(
                &q,
                &[
                    ("connectionId", "x.connection_id"),
                    ("integrationId", "x.integration_id"),
                    ("instanceKey", "x.instance_key"),
                ],
            );
            if let Some(own) = principal.customer_id() {
                query.equals("x.user_id", own);
            }
            if let Some(term) = search {
                query.search(&["x.name"], &term);
            }
            query.run(conn, &page, |row| store::from_row(kind, &state, row))
        })
        .await
        .map(Json)
}

pub async fn fetch(
    kind: &'static Kind,
    State(state): State<AppState>,
    principal: Principal,
    Target(id): Target,
) -> ApiResult<Json<InstanceView>> {
    state
        .db
        .call(|conn| {
            let id = store::resolve(conn, kind, &principal, &id)?;
            store::render(conn, kind, &state, &id)
        })
        .await
        .map(Json)
}

/// DELETE (`archived`) and restore. Archiving twice keeps the first archivedAt.
pub async fn archive(
    kind: &'static Kind,
    State(state): State<AppState>,
    principal: Principal,
    Target(id): Target,
    archived: bool,
) -> ApiResult<Json<InstanceView>> {
    state
        .db
        .call(|conn| {
            let id = store::resolve(conn, kind, &principal, &id)?;
            let sql = if archived {
                "UPDATE instances SET archived_at = ?1, updated_at = ?1 WHERE id = ?2 AND archived_at IS NULL"
            } else {
                "UPDATE instances SET archived_at = NULL, updated_at = ?1 WHERE id = ?2 AND archived_at IS NOT NULL"
            };
            conn.execute(sql, params![now_ms(), id])?;
            store::render(conn, kind, &state, &id)
        })
        .await
        .map(Json)
}

/// Loads the live instance, lets `change` edit it, saves it and answers it.
pub async fn write(
    kind: &'static Kind,
    state: AppState,
    principal: Principal,
    id: String,
    change: impl FnOnce(&rusqlite::Connection, &mut Stored) -> ApiResult<()>,
) -> ApiResult<Json<InstanceView>> {
    state
        .db
        .call(|conn| {
            let mut stored = Stored::for_write(conn, kind, &principal, &id)?;
            change(conn, &mut stored)?;
            stored.save(conn)?;
            store::render(conn, kind, &state, &stored.id)
        })
        .await
        .map(Json)
}

pub async fn patch(
    kind: &'static Kind,
    State(state): State<AppState>,
    principal: Principal,
    Target(id): Target,
    body: JsonBody,
) -> ApiResult<Json<InstanceView>> {
    let Some(validate) = kind.patch else {
        return Err(ApiError::bad_request(format!(
            "{} cannot be patched",
            kind.noun
        )));
    };
    write(kind, state, principal, id, |_, stored| {
        let changes = validate(&body, stored)?;
        if let Some(name) = changes.name {
            stored.name = name;
        }
        stored.own.extend(changes.own);
        Ok(())
    })
    .await
}

/// Setup deploys the instance again: it succeeds while its connection works and fails (state
/// SETUP_FAILED, with the reason in `errors`) while it does not.
pub async fn setup(
    kind: &'static Kind,
    State(state): State<AppState>,
    principal: Principal,
    Target(id): Target,
) -> ApiResult<Json<InstanceView>> {
    write(kind, state, principal, id, |conn, stored| {
        match store::connection_problem(conn, stored.connection_id.as_deref())? {
            Some(problem) => {
                stored.state = Some("SETUP_FAILED".into());
                stored.errors = json!([{
                    "type": "connection",
                    "key": "setup_failed",
                    "message": format!("Setup of {} failed: {problem}", stored.name),
                }]);
            }
            None => {
                stored.state = Some("READY".into());
                stored.errors = Value::Null;
            }
        }
        Ok(())
    })
    .await
}

/// Reset restores what the integration deployed: the name and the customizable fields. Flows
/// can reset parts (`{name?, nodes?: {key: bool}, allNodes?}`).
pub async fn reset(
    kind: &'static Kind,
    State(state): State<AppState>,
    principal: Principal,
    Target(id): Target,
    OptionalJsonBody(body): OptionalJsonBody,
) -> ApiResult<Json<InstanceView>> {
    let plan = super::kinds::reset_plan(kind, &body)?;
    write(kind, state, principal, id, move |_, stored| {
        super::kinds::apply_reset(kind, &plan, stored)
    })
    .await
}
