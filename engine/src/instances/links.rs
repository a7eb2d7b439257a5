//! The links of a data link table instance: pairs of an app record and an external record,
//! by direction. `GET`, `POST` and `DELETE` on `/data-link-table-instance/links?id=`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use rusqlite::{params, Connection};
use serde::Serialize;

use super::kinds::DATA_LINK_TABLE;
use super::{store, with_op, Stored, Target};
use crate::auth::Principal;
use crate::errors::{ApiError, ApiResult};
use crate::input::{JsonBody, ListQuery, Listed, QueryMap};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    with_op(
        Router::new(),
        &DATA_LINK_TABLE,
        "links",
        get(list).post(add).delete(remove),
    )
}

const DIRECTIONS: &[&str] = &["import", "export"];

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Link {
    direction: String,
    app_record_id: String,
    external_record_id: String,
}

fn direction(raw: Option<&str>, field: &str) -> ApiResult<Option<String>> {
    match raw {
        None => Ok(None),
        Some(d) if DIRECTIONS.contains(&d) => Ok(Some(d.to_string())),
        Some(_) => Err(ApiError::invalid(field, "must be import or export")),
    }
}

/// Newest first.
async fn list(
    State(state): State<AppState>,
    principal: Principal,
    Target(id): Target,
    q: QueryMap,
) -> ApiResult<Json<Listed<Link>>> {
    let page = q.page()?;
    let direction = direction(q.str("direction"), "direction")?;
    state
        .db
        .call(|conn| {
            let id = store::resolve(conn, &DATA_LINK_TABLE, &principal, &id)?;
            let mut query = ListQuery::by_unique_key(
                "data_links l",
                "l.direction, l.app_record_id, l.external_record_id",
                "l.seq",
            );
            query.equals("l.instance_id", &id);
            if let Some(direction) = direction {
                query.equals("l.direction", &direction);
            }
            query.run(conn, &page, |row| {
                Ok(Link {
                    direction: row.get("direction")?,
                    app_record_id: row.get("app_record_id")?,
                    external_record_id: row.get("external_record_id")?,
                })
            })
        })
        .await
        .map(Json)
}

/// A link from a body `{direction? (default import), appRecordId, externalRecordId}`.
fn link_of(body: &JsonBody) -> ApiResult<Link> {
    let direction = match body.get("direction").filter(|d| !d.is_null()) {
        None => "import".to_string(),
        Some(d) => direction(Some(d.as_str().unwrap_or("")), "direction")?.unwrap_or_default(),
    };
    Ok(Link {
        direction,
        app_record_id: body.string("appRecordId", 255)?,
        external_record_id: body.string("externalRecordId", 255)?,
    })
}

fn live_table(conn: &Connection, principal: &Principal, id: &str) -> ApiResult<String> {
    Ok(Stored::for_write(conn, &DATA_LINK_TABLE, principal, id)?.id)
}

async fn add(
    State(state): State<AppState>,
    principal: Principal,
    Target(id): Target,
    body: JsonBody,
) -> ApiResult<(StatusCode, Json<Link>)> {
    let link = link_of(&body)?;
    state
        .db
        .call(|conn| {
            let id = live_table(conn, &principal, &id)?;
            let added = conn.execute(
                "INSERT OR IGNORE INTO data_links (instance_id, direction, app_record_id, external_record_id)
                 VALUES (?1, ?2, ?3, ?4)",
                params![id, link.direction, link.app_record_id, link.external_record_id],
            )?;
            if added == 0 {
                return Err(ApiError::already_exists(
                    "appRecordId",
                    format!("appRecordId: {} is already linked to {} ({})", link.app_record_id, link.external_record_id, link.direction),
                ));
            }
            Ok((StatusCode::CREATED, Json(link)))
        })
        .await
}

async fn remove(
    State(state): State<AppState>,
    principal: Principal,
    Target(id): Target,
    body: JsonBody,
) -> ApiResult<Json<Link>> {
    let link = link_of(&body)?;
    state
        .db
        .call(|conn| {
            let id = live_table(conn, &principal, &id)?;
            let removed = conn.execute(
                "DELETE FROM data_links WHERE instance_id = ?1 AND direction = ?2 AND app_record_id = ?3
                 AND external_record_id = ?4",
                params![id, link.direction, link.app_record_id, link.external_record_id],
            )?;
            if removed == 0 {
                return Err(ApiError::not_found(format!(
                    "No {} link from {} to {}",
                    link.direction, link.app_record_id, link.external_record_id
                )));
            }
            Ok(Json(link))
        })
        .await
}
