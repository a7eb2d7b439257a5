//! Customers (tenants), also reachable under the older `/users` path.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::auth::{CustomerRef, Principal};
use crate::db::{iso, new_id, now_ms};
use crate::errors::{ApiError, ApiResult};
use crate::input::{JsonBody, ListQuery, Listed, QueryMap};
use crate::resource::{self, ensure_live, Archivable};
use crate::AppState;

const NAME_MAX: usize = 255;
/// A customer counts as active when seen within this window.
const ACTIVE_WINDOW_MS: i64 = 30 * 86_400_000;

pub fn routes() -> Router<AppState> {
    let mut router = Router::new();
    for base in ["/customers", "/users"] {
        router = router
            .route(base, get(list).post(create))
            .route(
                &format!("{base}/{{id}}"),
                get(resource::fetch::<Customers>)
                    .patch(patch)
                    .put(put)
                    .delete(resource::archive::<Customers>),
            )
            .route(
                &format!("{base}/{{id}}/restore"),
                post(resource::restore::<Customers>),
            );
    }
    router
}

pub struct Customers;

impl Archivable for Customers {
    const TABLE: &'static str = "customers";
    const NOUN: &'static str = "Customer";

    fn resolve(conn: &Connection, principal: &Principal, id: &str) -> ApiResult<String> {
        let found: Option<String> = conn
            .query_row("SELECT id FROM customers WHERE id = ?", [id], |row| {
                row.get("id")
            })
            .optional()?;
        match (found, principal.customer_id()) {
            (Some(found), None) => Ok(found),
            (Some(found), Some(own)) if found == own => Ok(found),
            _ => Err(ApiError::not_found(format!("Customer {id} not found"))),
        }
    }

    fn may_archive(principal: &Principal) -> ApiResult<()> {
        principal.require_admin("Archiving or restoring a customer")
    }

    type Item = Customer;

    fn render(conn: &Connection, _state: &AppState, id: &str) -> ApiResult<Customer> {
        let select = format!("SELECT {COLUMNS} FROM customers c WHERE c.id");
        resource::render_by_id::<Self>(conn, &select, id, from_row)
    }
}

const COLUMNS: &str =
    "c.id, c.name, c.internal_id, c.fields, c.is_test, c.last_active_at, c.created_at, c.archived_at";

/// A customer as the API shows it. `fields` is passed through as stored (it is written only
/// as serialised JSON), which keeps the hot list path free of a parse and re-serialise.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Customer {
    id: String,
    name: String,
    internal_id: String,
    fields: Box<RawValue>,
    is_test: bool,
    is_active: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_active_at: Option<String>,
    created_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    archived_at: Option<String>,
}

fn from_row(row: &rusqlite::Row) -> ApiResult<Customer> {
    let last_active_at: Option<i64> = row.get("last_active_at")?;
    let archived_at: Option<i64> = row.get("archived_at")?;
    let is_active =
        archived_at.is_none() && last_active_at.is_some_and(|t| now_ms() - t < ACTIVE_WINDOW_MS);
    Ok(Customer {
        id: row.get("id")?,
        name: row.get("name")?,
        internal_id: row.get("internal_id")?,
        fields: RawValue::from_string(row.get("fields")?)?,
        is_test: row.get("is_test")?,
        is_active,
        last_active_at: last_active_at.map(iso),
        created_at: iso(row.get("created_at")?),
        archived_at: archived_at.map(iso),
    })
}

/// The customer with `internal_id`, created from the token's claims the first time it is seen.
/// Also records the customer as recently active.
pub fn find_or_create_for_token(
    conn: &Connection,
    internal_id: &str,
    name: Option<String>,
    fields: Map<String, Value>,
) -> ApiResult<CustomerRef> {
    let now = now_ms();
    let found: Option<(String, Option<i64>)> = conn
        .query_row(
            "SELECT id, archived_at FROM customers WHERE internal_id = ?",
            [internal_id],
            |row| Ok((row.get("id")?, row.get("archived_at")?)),
        )
        .optional()?;
    let id = match found {
        Some((_, Some(_))) => {
            return Err(ApiError::access_denied(format!(
                "Customer {internal_id} is archived"
            )));
        }
        Some((id, None)) => {
            // Throttled so that a burst of requests costs one write, not one each.
            conn.execute(
                "UPDATE customers SET last_active_at = ?1 WHERE id = ?2 AND (last_active_at IS NULL OR last_active_at < ?1 - 60000)",
                params![now, id],
            )?;
            id
        }
        None => {
            let customer = NewCustomer {
                id: new_id(),
                name: name
                    .filter(|n| !n.trim().is_empty())
                    .unwrap_or_else(|| internal_id.to_string()),
                internal_id: internal_id.to_string(),
                fields: Value::Object(fields),
                is_test: false,
                last_active_at: Some(now),
                created_at: now,
                archived_at: None,
            };
            customer.insert(conn)?;
            customer.id
        }
    };
    Ok(CustomerRef { id })
}

/// A customer row to insert.
pub struct NewCustomer {
    pub id: String,
    pub name: String,
    pub internal_id: String,
    pub fields: Value,
    pub is_test: bool,
    pub last_active_at: Option<i64>,
    pub created_at: i64,
    pub archived_at: Option<i64>,
}

impl NewCustomer {
    pub fn insert(&self, conn: &Connection) -> rusqlite::Result<()> {
        conn.prepare_cached(
            "INSERT INTO customers
             (id, name, internal_id, fields, is_test, last_active_at, created_at, updated_at, archived_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)",
        )?
        .execute(params![
            self.id,
            self.name,
            self.internal_id,
            self.fields.to_string(),
            self.is_test,
            self.last_active_at,
            self.created_at,
            self.archived_at
        ])?;
        Ok(())
    }
}

fn ensure_internal_id_free(
    conn: &Connection,
    internal_id: &str,
    except: Option<&str>,
) -> ApiResult<()> {
    let holder: Option<String> = conn
        .query_row(
            "SELECT id FROM customers WHERE internal_id = ?",
            [internal_id],
            |row| row.get("id"),
        )
        .optional()?;
    match holder {
        Some(holder) if Some(holder.as_str()) != except => Err(ApiError::already_exists(
            "internalId",
            format!("internalId: a customer with internal id \"{internal_id}\" already exists ({holder})"),
        )),
        _ => Ok(()),
    }
}

async fn list(
    State(state): State<AppState>,
    principal: Principal,
    q: QueryMap,
) -> ApiResult<Json<Listed<Customer>>> {
    let page = q.page()?;
    let search = q
        .str("search")
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    let is_test = q.bool("isTest")?;
    let include_archived = q.flag("includeArchived")?;
    let only = principal.customer_id().map(str::to_string);
    state
        .db
        .call(move |conn| {
            let mut query = search_query(search.as_deref());
            if !include_archived {
                query.filter("c.archived_at IS NULL", []);
            }
            if let Some(is_test) = is_test {
                query.filter("c.is_test = ?", [SqlValue::Integer(is_test.into())]);
            }
            if let Some(own) = only {
                query.equals("c.id", &own);
            }
            query.run(conn, &page, from_row)
        })
        .await
        .map(Json)
}

/// The list query, newest first. Customers are listed in creation order (the rowid), which
/// is also `createdAt` order: rows get their creation time when inserted and the seed inserts
/// oldest first. Walking the rowid lets SQLite stop after one page.
///
/// Search is a case-insensitive substring match over name, internalId and id. Terms of three
/// characters or more go through the trigram index, walked in rowid order too; shorter terms
/// scan the table in order, which stops as soon as a page is full.
fn search_query(search: Option<&str>) -> ListQuery {
    match search {
        Some(term) if term.chars().count() >= 3 => {
            let mut query = ListQuery::by_unique_key(
                "customers_fts JOIN customers c ON c.seq = customers_fts.rowid",
                COLUMNS,
                "customers_fts.rowid",
            );
            let phrase = format!("\"{}\"", term.replace('"', "\"\""));
            query.filter("customers_fts MATCH ?", [SqlValue::Text(phrase)]);
            query
        }
        Some(term) => {
            let mut query = ListQuery::by_unique_key("customers c", COLUMNS, "c.seq");
            query.search(&["c.name", "c.internal_id", "c.id"], term);
            query
        }
        None => ListQuery::by_unique_key("customers c", COLUMNS, "c.seq"),
    }
}

async fn create(
    State(state): State<AppState>,
    principal: Principal,
    body: JsonBody,
) -> ApiResult<(StatusCode, Json<Customer>)> {
    principal.require_admin("Creating a customer")?;
    let name = body.string("name", NAME_MAX)?;
    let internal_id = body.opt_string("internalId", NAME_MAX)?;
    let fields = body.opt_object("fields")?.unwrap_or_default();
    let is_test = body.opt_bool("isTest")?.unwrap_or(false);
    let customer = state
        .db
        .call(|conn| {
            let id = new_id();
            // Without an internal id of its own, the customer is known by its engine id.
            let internal_id = internal_id.unwrap_or_else(|| id.clone());
            ensure_internal_id_free(conn, &internal_id, None)?;
            let customer = NewCustomer {
                id,
                name,
                internal_id,
                fields: Value::Object(fields),
                is_test,
                last_active_at: None,
                created_at: now_ms(),
                archived_at: None,
            };
            customer.insert(conn)?;
            Customers::render(conn, &state, &customer.id)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(customer)))
}

/// How a write treats the `fields` object.
#[derive(Clone, Copy)]
enum FieldsUpdate {
    /// PATCH: the console sends only the keys that changed, so keys are merged one by one and
    /// a null value deletes its key.
    Merge,
    /// PUT: the given object (or `{}`) replaces the stored one.
    Replace,
}

async fn patch(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
    body: JsonBody,
) -> ApiResult<Json<Customer>> {
    write(state, principal, id, body, FieldsUpdate::Merge).await
}

async fn put(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
    body: JsonBody,
) -> ApiResult<Json<Customer>> {
    write(state, principal, id, body, FieldsUpdate::Replace).await
}

async fn write(
    state: AppState,
    principal: Principal,
    id: String,
    body: JsonBody,
    mode: FieldsUpdate,
) -> ApiResult<Json<Customer>> {
    principal.require_admin("Changing a customer")?;
    let name = match mode {
        FieldsUpdate::Merge => body.opt_string("name", NAME_MAX)?,
        FieldsUpdate::Replace => Some(body.string("name", NAME_MAX)?),
    };
    if body.get("internalId").is_some_and(Value::is_null) {
        return Err(ApiError::invalid(
            "internalId",
            &format!("must be a non-empty string of at most {NAME_MAX} characters"),
        ));
    }
    let internal_id = body.opt_string("internalId", NAME_MAX)?;
    let fields = body.opt_object("fields")?;
    let is_test = body.opt_bool("isTest")?;
    state
        .db
        .call(|conn| {
            let id = Customers::resolve(conn, &principal, &id)?;
            ensure_live::<Customers>(conn, &id)?;
            if let Some(internal_id) = &internal_id {
                ensure_internal_id_free(conn, internal_id, Some(&id))?;
            }
            let stored: String = conn.query_row("SELECT fields FROM customers WHERE id = ?", [&id], |r| r.get("fields"))?;
            let new_fields = match (mode, fields) {
                (FieldsUpdate::Merge, Some(changes)) => {
                    let mut merged = match serde_json::from_str(&stored)? {
                        Value::Object(map) => map,
                        _ => Map::new(),
                    };
                    for (key, value) in changes {
                        if value.is_null() {
                            merged.remove(&key);
                        } else {
                            merged.insert(key, value);
                        }
                    }
                    Value::Object(merged)
                }
                (FieldsUpdate::Merge, None) => serde_json::from_str(&stored)?,
                (FieldsUpdate::Replace, fields) => Value::Object(fields.unwrap_or_default()),
            };
            conn.execute(
                "UPDATE customers SET name = COALESCE(?1, name), internal_id = COALESCE(?2, internal_id),
                 fields = ?3, is_test = COALESCE(?4, is_test), updated_at = ?5 WHERE id = ?6",
                params![name, internal_id, new_fields.to_string(), is_test, now_ms(), id],
            )?;
            Customers::render(conn, &state, &id)
        })
        .await
        .map(Json)
}
