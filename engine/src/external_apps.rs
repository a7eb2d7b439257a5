//! The app catalogue and the apps' logos.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use rusqlite::types::Value as SqlValue;
use rusqlite::OptionalExtension;
use serde::Serialize;
use serde_json::Value;

use crate::auth::Principal;
use crate::errors::{ApiError, ApiResult};
use crate::html::escape;
use crate::input::{json_column, ListQuery, Listed, QueryMap};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/external-apps", get(list))
        .route("/logos/{file}", get(logo))
}

/// The absolute address of an app's logo, served by this engine.
pub fn logo_uri(state: &AppState, app_key: &str) -> String {
    format!("{}/logos/{app_key}.svg", state.config.base_url)
}

/// A catalogue entry as the API shows it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ExternalApp {
    id: String,
    logo_uri: String,
    key: String,
    name: String,
    categories: Value,
    default_connector_id: String,
    is_public: bool,
    popularity: i64,
}

fn from_row(state: &AppState, row: &rusqlite::Row) -> ApiResult<ExternalApp> {
    let key: String = row.get("key")?;
    Ok(ExternalApp {
        id: row.get("id")?,
        logo_uri: logo_uri(state, &key),
        key,
        name: row.get("name")?,
        categories: json_column(row, "categories")?,
        default_connector_id: row.get("default_connector_id")?,
        is_public: row.get("is_public")?,
        popularity: row.get("popularity")?,
    })
}

const COLUMNS: &str =
    "a.id, a.key, a.name, a.categories, a.default_connector_id, a.is_public, a.popularity";

async fn list(
    State(state): State<AppState>,
    _principal: Principal,
    q: QueryMap,
) -> ApiResult<Json<Listed<ExternalApp>>> {
    let page = q.page()?;
    let search = q.str("search").map(str::to_string);
    let category = q.str("category").map(str::to_string);
    state
        .db
        .call(|conn| {
            let mut query = ListQuery::new("external_apps a", COLUMNS, "a.popularity", "a.id");
            if let Some(term) = search {
                query.search(&["a.name", "a.key"], &term);
            }
            if let Some(category) = category {
                query.filter(
                    "EXISTS (SELECT 1 FROM json_each(a.categories) WHERE lower(json_each.value) = lower(?))",
                    [SqlValue::Text(category)],
                );
            }
            query.run(conn, &page, |row| from_row(&state, row))
        })
        .await
        .map(Json)
}

/// Two letters standing for the app: the words' initials, else the capitals, else the start.
fn initials(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let from_words: String = words
        .iter()
        .filter_map(|w| w.chars().next())
        .take(2)
        .collect();
    if words.len() > 1 {
        return from_words.to_uppercase();
    }
    let capitals: String = name.chars().filter(|c| c.is_uppercase()).take(2).collect();
    if capitals.chars().count() == 2 {
        return capitals;
    }
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) => format!("{}{}", a.to_uppercase(), b.to_lowercase()),
        (Some(a), None) => a.to_uppercase().to_string(),
        _ => "?".into(),
    }
}

/// Dark text on light brand colours, white otherwise.
fn text_colour(background: &str) -> &'static str {
    let hex = background.trim_start_matches('#');
    let channel = |i: usize| {
        hex.get(i..i + 2)
            .and_then(|c| u8::from_str_radix(c, 16).ok())
            .map_or(0.0, f64::from)
    };
    let luminance = 0.299 * channel(0) + 0.587 * channel(2) + 0.114 * channel(4);
    if luminance > 160.0 {
        "#1a1a1a"
    } else {
        "#ffffff"
    }
}

async fn logo(State(state): State<AppState>, Path(file): Path<String>) -> ApiResult<Response> {
    let key = file.strip_suffix(".svg").unwrap_or(&file).to_string();
    let app: Option<(String, String)> = state
        .db
        .call(move |conn| {
            Ok(conn
                .query_row(
                    "SELECT name, color FROM external_apps WHERE key = ?",
                    [&key],
                    |row| Ok((row.get("name")?, row.get("color")?)),
                )
                .optional()?)
        })
        .await?;
    let (name, color) = app.ok_or_else(|| ApiError::not_found(format!("No logo named {file}")))?;
    let svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64" role="img" aria-label="{label}"><rect width="64" height="64" rx="14" fill="{color}"/><text x="32" y="41" font-family="system-ui, sans-serif" font-size="24" font-weight="700" text-anchor="middle" fill="{fg}">{text}</text></svg>"##,
        label = escape(&name),
        color = escape(&color),
        fg = text_colour(&color),
        text = escape(&initials(&name)),
    );
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        svg,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_read_like_the_brand() {
        assert_eq!(initials("HubSpot"), "HS");
        assert_eq!(initials("Google Sheets"), "GS");
        assert_eq!(initials("Slack"), "Sl");
        assert_eq!(text_colour("#ffe01b"), "#1a1a1a");
        assert_eq!(text_colour("#4a154b"), "#ffffff");
    }
}
