//! Request input: JSON bodies, query strings, field validation and keyset paging shared by
//! every list endpoint.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{header, request::Parts, StatusCode};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use rusqlite::types::Value as SqlValue;
use rusqlite::Connection;
use serde_json::{Map, Value};

use crate::errors::{ApiError, ApiResult};

/// Largest accepted request body.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// Refuses a body whose media type is neither `expected` nor one `also` accepts, naming the
/// Content-Type that came.
fn require_content_type(req: &Request, expected: &str, also: fn(&str) -> bool) -> ApiResult<()> {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if essence == expected || also(&essence) {
        return Ok(());
    }
    let got = if content_type.is_empty() {
        "none"
    } else {
        content_type
    };
    Err(ApiError::bad_request(format!(
        "body: expected Content-Type {expected}, got {got}"
    )))
}

/// A JSON object body. Anything else (wrong content type, malformed JSON, an array, a body over
/// 1 MiB) is refused in the engine's error shape before a handler runs.
pub struct JsonBody(pub Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        // `+json` types (application/merge-patch+json, ...) are JSON too.
        require_content_type(&req, "application/json", |essence| {
            essence.ends_with("+json")
        })?;
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::for_status(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!("body: request body is larger than {MAX_BODY_BYTES} bytes"),
                )
            } else {
                ApiError::bad_request(format!(
                    "body: could not be read: {}",
                    rejection.body_text()
                ))
            }
        })?;
        parse_object(&bytes)
    }
}

fn parse_object(bytes: &[u8]) -> ApiResult<JsonBody> {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(map)) => Ok(JsonBody(map)),
        Ok(_) => Err(ApiError::invalid("body", "must be a JSON object")),
        Err(err) => Err(ApiError::invalid("body", &format!("malformed JSON: {err}"))),
    }
}

/// A JSON object body that may be left out: operations such as `setup` are often posted
/// without one. An empty body is `{}`; anything else is read as [`JsonBody`] is.
pub struct OptionalJsonBody(pub JsonBody);

impl<S: Send + Sync> FromRequest<S> for OptionalJsonBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (parts, body) = req.into_parts();
        let bytes = axum::body::to_bytes(body, MAX_BODY_BYTES)
            .await
            .map_err(|_| {
                ApiError::for_status(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!("body: request body is larger than {MAX_BODY_BYTES} bytes"),
                )
            })?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(OptionalJsonBody(JsonBody(Map::new())));
        }
        let req = Request::from_parts(parts, axum::body::Body::from(bytes));
        JsonBody::from_request(req, state)
            .await
            .map(OptionalJsonBody)
    }
}

impl JsonBody {
    pub fn get(&self, field: &str) -> Option<&Value> {
        self.0.get(field)
    }

    /// An optional string of 1..=max characters; null counts as absent.
    pub fn opt_string(&self, field: &str, max: usize) -> ApiResult<Option<String>> {
        match self.0.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => string_value(field, value, max).map(Some),
        }
    }

    pub fn string(&self, field: &str, max: usize) -> ApiResult<String> {
        self.opt_string(field, max)?
            .ok_or_else(|| ApiError::invalid(field, &string_problem(max)))
    }

    pub fn opt_bool(&self, field: &str) -> ApiResult<Option<bool>> {
        match self.0.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(ApiError::invalid(field, "must be true or false")),
        }
    }

    pub fn opt_object(&self, field: &str) -> ApiResult<Option<Map<String, Value>>> {
        match self.0.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Object(map)) => Ok(Some(map.clone())),
            Some(_) => Err(ApiError::invalid(field, "must be an object")),
        }
    }
}

fn string_problem(max: usize) -> String {
    format!("must be a non-empty string of at most {max} characters")
}

/// Validates a JSON value as a trimmed-non-empty string of at most `max` characters.
pub fn string_value(field: &str, value: &Value, max: usize) -> ApiResult<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() && s.chars().count() <= max => Ok(s.clone()),
        _ => Err(ApiError::invalid(field, &string_problem(max))),
    }
}

/// The query string as a map (last occurrence wins).
pub struct QueryMap(pub HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for QueryMap {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        Ok(QueryMap(
            form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect(),
        ))
    }
}

impl QueryMap {
    /// A non-empty parameter.
    pub fn str(&self, name: &str) -> Option<&str> {
        self.0
            .get(name)
            .map(String::as_str)
            .filter(|s| !s.is_empty())
    }

    pub fn bool(&self, name: &str) -> ApiResult<Option<bool>> {
        match self.str(name) {
            None => Ok(None),
            Some("true") => Ok(Some(true)),
            Some("false") => Ok(Some(false)),
            Some(_) => Err(ApiError::invalid(name, "must be true or false")),
        }
    }

    pub fn flag(&self, name: &str) -> ApiResult<bool> {
        Ok(self.bool(name)?.unwrap_or(false))
    }

    pub fn page(&self) -> ApiResult<Page> {
        let limit = match self.str("limit") {
            None => DEFAULT_LIMIT,
            Some(raw) => match raw.parse::<usize>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
                _ => {
                    return Err(ApiError::invalid(
                        "limit",
                        "must be an integer from 1 to 1000",
                    ))
                }
            },
        };
        // The vendor's SDK starts `findAll` with `cursor=0`; like an empty cursor (which
        // `str` drops), it means the first page.
        let after = self
            .str("cursor")
            .filter(|raw| *raw != "0")
            .map(Cursor::decode)
            .transpose()?;
        Ok(Page { limit, after })
    }
}

const DEFAULT_LIMIT: usize = 100;
const MAX_LIMIT: usize = 1000;

pub struct Page {
    pub limit: usize,
    pub after: Option<Cursor>,
}

/// A position in a list ordered by (sort key descending, id ascending), or by a unique sort
/// key alone (then `id` is empty). Rows inserted or archived between pages never shift it, so
/// walking the pages sees every surviving row once.
pub struct Cursor {
    pub key: i64,
    pub id: String,
}

impl Cursor {
    fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("1:{}:{}", self.key, self.id))
    }

    fn decode(raw: &str) -> ApiResult<Cursor> {
        let invalid = || ApiError::invalid("cursor", "is not a cursor returned by this list");
        let bytes = URL_SAFE_NO_PAD.decode(raw).map_err(|_| invalid())?;
        let text = String::from_utf8(bytes).map_err(|_| invalid())?;
        let mut parts = text.splitn(3, ':');
        match (parts.next(), parts.next(), parts.next()) {
            (Some("1"), Some(key), Some(id)) => Ok(Cursor {
                key: key.parse().map_err(|_| invalid())?,
                id: id.to_string(),
            }),
            _ => Err(invalid()),
        }
    }
}

/// A keyset-paged SELECT over one resource. Filters are SQL fragments with `?` placeholders,
/// bound in the order they are added.
pub struct ListQuery {
    from: &'static str,
    columns: &'static str,
    sort_key: &'static str,
    /// Breaks ties between equal sort keys; `None` when the sort key is unique.
    id_column: Option<&'static str>,
    filters: Vec<String>,
    params: Vec<SqlValue>,
}

/// One page of a list: `{items, cursor?}`; no cursor means the last page.
#[derive(serde::Serialize)]
pub struct Listed<T> {
    pub items: Vec<T>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

impl ListQuery {
    pub fn new(
        from: &'static str,
        columns: &'static str,
        sort_key: &'static str,
        id_column: &'static str,
    ) -> Self {
        ListQuery {
            from,
            columns,
            sort_key,
            id_column: Some(id_column),
            filters: Vec::new(),
            params: Vec::new(),
        }
    }

    /// A list ordered by a unique integer key alone, e.g. a rowid: SQLite then walks the table
    /// or index in order and stops after one page.
    pub fn by_unique_key(from: &'static str, columns: &'static str, key: &'static str) -> Self {
        ListQuery {
            from,
            columns,
            sort_key: key,
            id_column: None,
            filters: Vec::new(),
            params: Vec::new(),
        }
    }

    pub fn filter(
        &mut self,
        clause: impl Into<String>,
        params: impl IntoIterator<Item = SqlValue>,
    ) -> &mut Self {
        self.filters.push(clause.into());
        self.params.extend(params);
        self
    }

    /// Keeps the rows whose `column` is `value`.
    pub fn equals(&mut self, column: &str, value: &str) -> &mut Self {
        self.filter(format!("{column} = ?"), [SqlValue::Text(value.to_string())])
    }

    /// `equals` for each (query parameter, column) whose parameter is given.
    pub fn matching(&mut self, q: &QueryMap, params: &[(&str, &str)]) -> &mut Self {
        for (param, column) in params {
            if let Some(value) = q.str(param) {
                self.equals(column, value);
            }
        }
        self
    }

    /// Keeps the rows where any of `columns` contains `term` (LIKE: ASCII case-insensitive),
    /// the term's `%` and `_` taken literally.
    pub fn search(&mut self, columns: &[&str], term: &str) -> &mut Self {
        let pattern = like_pattern(term);
        let clause: Vec<String> = columns
            .iter()
            .map(|column| format!("{column} LIKE ? ESCAPE '\\'"))
            .collect();
        self.filter(
            format!("({})", clause.join(" OR ")),
            columns.iter().map(|_| SqlValue::Text(pattern.clone())),
        )
    }

    /// Runs the query for one page. `map` turns a row into an item; the sort key and id are read
    /// from two extra columns, `page_key` and `page_id`.
    pub fn run<T>(
        mut self,
        conn: &Connection,
        page: &Page,
        mut map: impl FnMut(&rusqlite::Row) -> ApiResult<T>,
    ) -> ApiResult<Listed<T>> {
        let key = self.sort_key;
        match (&page.after, self.id_column) {
            (Some(after), Some(id)) => {
                self.filter(
                    format!("{key} <= ? AND ({key} < ? OR {id} > ?)"),
                    [
                        SqlValue::Integer(after.key),
                        SqlValue::Integer(after.key),
                        SqlValue::Text(after.id.clone()),
                    ],
                );
            }
            (Some(after), None) => {
                self.filter(format!("{key} < ?"), [SqlValue::Integer(after.key)]);
            }
            (None, _) => {}
        }
        let where_clause = if self.filters.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.filters.join(" AND "))
        };
        let (id, order) = match self.id_column {
            Some(id) => (id, format!("{key} DESC, {id} ASC")),
            None => ("''", format!("{key} DESC")),
        };
        let sql = format!(
            "SELECT {columns}, {key} AS page_key, {id} AS page_id FROM {from} {where_clause} ORDER BY {order} LIMIT ?",
            columns = self.columns,
            from = self.from,
        );
        self.params.push(SqlValue::Integer(page.limit as i64 + 1));
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(self.params.iter()))?;
        let mut items = Vec::with_capacity(page.limit);
        let mut last: Option<Cursor> = None;
        let mut more = false;
        while let Some(row) = rows.next()? {
            if items.len() == page.limit {
                more = true;
                break;
            }
            last = Some(Cursor {
                key: row.get("page_key")?,
                id: row.get("page_id")?,
            });
            items.push(map(row)?);
        }
        let cursor = if more { last.map(|c| c.encode()) } else { None };
        Ok(Listed { items, cursor })
    }
}

/// Parses a JSON column; SQL NULL is JSON null.
pub fn json_column(row: &rusqlite::Row, index: impl rusqlite::RowIndex) -> ApiResult<Value> {
    let text: Option<String> = row.get(index)?;
    match text {
        None => Ok(Value::Null),
        Some(text) => Ok(serde_json::from_str(&text)?),
    }
}

/// Escapes `%`, `_` and `\` for a `LIKE ... ESCAPE '\'` substring pattern.
fn like_pattern(search: &str) -> String {
    let mut pattern = String::with_capacity(search.len() + 2);
    pattern.push('%');
    for c in search.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// An `application/x-www-form-urlencoded` body, as browsers post it.
pub struct FormBody(pub HashMap<String, String>);

impl<S: Send + Sync> FromRequest<S> for FormBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        require_content_type(&req, "application/x-www-form-urlencoded", |_| false)?;
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            ApiError::for_status(
                rejection.status(),
                format!("body: could not be read: {}", rejection.body_text()),
            )
        })?;
        Ok(FormBody(
            form_urlencoded::parse(&bytes).into_owned().collect(),
        ))
    }
}
