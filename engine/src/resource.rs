//! Plumbing shared by the archivable resources: fetching one element, archive (DELETE)
//! and restore, and the "archived elements cannot be changed" rule.

use axum::extract::{Path, State};
use axum::Json;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use crate::auth::Principal;
use crate::db::now_ms;
use crate::errors::{ApiError, ApiResult};
use crate::AppState;

pub trait Archivable: 'static {
    /// Table holding the resource; it has `id`, `updated_at` and `archived_at` columns.
    const TABLE: &'static str;
    /// The resource's name in messages, e.g. "Customer".
    const NOUN: &'static str;

    /// The engine id behind a path segment, if the principal may see it (else 404).
    fn resolve(conn: &Connection, principal: &Principal, id_or_key: &str) -> ApiResult<String>;

    /// Whether the principal may archive and restore.
    fn may_archive(principal: &Principal) -> ApiResult<()>;

    /// The resource as the API shows it.
    type Item: Serialize;

    /// The element with engine id `id`.
    fn render(conn: &Connection, state: &AppState, id: &str) -> ApiResult<Self::Item>;
}

/// The element whose id matches: `select` is the query up to the id column
/// (`SELECT … FROM … WHERE x.id`), `shape` turns its row into the item; 404 when
/// there is none.
pub fn render_by_id<R: Archivable>(
    conn: &Connection,
    select: &str,
    id: &str,
    shape: impl FnOnce(&rusqlite::Row) -> ApiResult<R::Item>,
) -> ApiResult<R::Item> {
    let mut stmt = conn.prepare_cached(&format!("{select} = ?"))?;
    let mut rows = stmt.query([id])?;
    match rows.next()? {
        Some(row) => shape(row),
        None => Err(ApiError::not_found(format!("{} {id} not found", R::NOUN))),
    }
}

/// GET of one element by id (or key, where the resource has one).
pub async fn fetch<R: Archivable>(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> ApiResult<Json<R::Item>> {
    state
        .db
        .call(|conn| {
            let id = R::resolve(conn, &principal, &id)?;
            R::render(conn, &state, &id)
        })
        .await
        .map(Json)
}

/// Refuses to change an archived element.
pub fn ensure_live<R: Archivable>(conn: &Connection, id: &str) -> ApiResult<()> {
    let sql = format!("SELECT archived_at FROM {} WHERE id = ?", R::TABLE);
    let archived: Option<Option<i64>> = conn
        .query_row(&sql, [id], |row| row.get("archived_at"))
        .optional()?;
    match archived {
        None => Err(ApiError::not_found(format!("{} {id} not found", R::NOUN))),
        Some(Some(_)) => Err(ApiError::bad_request(format!(
            "{} {id} is archived: restore it before changing it",
            R::NOUN
        ))),
        Some(None) => Ok(()),
    }
}

fn set_archived<R: Archivable>(conn: &Connection, id: &str, archived: bool) -> ApiResult<()> {
    let now = now_ms();
    // Archiving twice keeps the first archivedAt; restoring a live element changes nothing.
    let sql = if archived {
        format!(
            "UPDATE {} SET archived_at = ?1, updated_at = ?1 WHERE id = ?2 AND archived_at IS NULL",
            R::TABLE
        )
    } else {
        format!("UPDATE {} SET archived_at = NULL, updated_at = ?1 WHERE id = ?2 AND archived_at IS NOT NULL", R::TABLE)
    };
    conn.execute(&sql, rusqlite::params![now, id])?;
    Ok(())
}

async fn change<R: Archivable>(
    state: AppState,
    principal: Principal,
    id: String,
    archived: bool,
) -> ApiResult<Json<R::Item>> {
    R::may_archive(&principal)?;
    state
        .db
        .call(|conn| {
            let id = R::resolve(conn, &principal, &id)?;
            set_archived::<R>(conn, &id, archived)?;
            R::render(conn, &state, &id)
        })
        .await
        .map(Json)
}

pub async fn archive<R: Archivable>(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> ApiResult<Json<R::Item>> {
    change::<R>(state, principal, id, true).await
}

pub async fn restore<R: Archivable>(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> ApiResult<Json<R::Item>> {
    change::<R>(state, principal, id, false).await
}
