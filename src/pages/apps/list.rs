//! The apps list: every app with its connector, version, pending update and
//! state, with search and a filter kept in the URL.

use super::add::{AddAppDialog, Preselect};
use super::parts::{count_words, AppLogo, ConnectorName, UpdateBadge};
use crate::api::versions::{available_update, Class};
use crate::api::{use_api, ApiError, Connector, Integration, Item};
use crate::ui::{app_href, error_fallback, record_href, use_page_title, Loading, UnreadableRow};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::params::ParamsMap;
use leptos_router::NavigateOptions;

/// An app with what the list shows about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub app: Integration,
    pub connector: Option<Connector>,
    /// The newest version above the one in use, and how far it is.
    pub update: Option<(String, Class)>,
}

impl Row {
    pub fn new(app: Integration, connectors: &[Connector]) -> Self {
        let connector = connectors
            .iter()
            .find(|c| Some(&c.id) == app.connector_id.as_ref())
            .cloned();
        let update = match (
            &app.connector_version,
            connector.as_ref().and_then(|c| c.version.as_deref()),
        ) {
            (Some(current), Some(newest)) => {
                available_update(current, [newest]).map(|(v, class)| (v.to_owned(), class))
            }
            _ => None,
        };
        Row {
            app,
            connector,
            update,
        }
    }
}

/// The list's filter, as kept in `?show=`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Show {
    All,
    NeedsParameters,
    Updates,
    Deactivated,
    Archived,
}

impl Show {
    const ALL: [Show; 5] = [
        Show::All,
        Show::NeedsParameters,
        Show::Updates,
        Show::Deactivated,
        Show::Archived,
    ];

    pub fn parse(raw: Option<&str>) -> Self {
        Show::ALL
            .into_iter()
            .find(|s| Some(s.slug()) == raw)
            .unwrap_or(Show::All)
    }

    fn slug(self) -> &'static str {
        match self {
            Show::All => "",
            Show::NeedsParameters => "missing-parameters",
            Show::Updates => "updates",
            Show::Deactivated => "deactivated",
            Show::Archived => "archived",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Show::All => "All active and deactivated apps",
            Show::NeedsParameters => "Missing parameters",
            Show::Updates => "Update available",
            Show::Deactivated => "Deactivated",
            Show::Archived => "Archived",
        }
    }

    pub fn keeps(self, row: &Row) -> bool {
        let archived = row.app.is_archived();
        match self {
            Show::All => !archived,
            Show::NeedsParameters => !archived && row.app.has_missing_parameters,
            Show::Updates => !archived && row.update.is_some(),
            Show::Deactivated => !archived && row.app.is_deactivated,
            Show::Archived => archived,
        }
    }
}

#[component]
pub fn AppList() -> impl IntoView {
    use_page_title(|| "Apps".to_owned());
    let api = use_api();
    let query = use_query_map();
    let search = Memo::new(move |_| query.read().get("search").unwrap_or_default());
    let show = Memo::new(move |_| Show::parse(query.read().get("show").as_deref()));
    let base = app_href("/apps");
    let navigate = use_navigate();
    let set_query = move |key: &'static str, value: String| {
        let mut params: ParamsMap = query.get_untracked();
        // `insert` adds a value; a filter has one.
        params.remove(key);
        if !value.is_empty() {
            params.insert(key, value);
        }
        navigate(
            &format!("{base}{}", params.to_query_string()),
            NavigateOptions {
                resolve: false,
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
    };
    let set_search = set_query.clone();

    let rows = LocalResource::new(move || {
        let (search, archived) = (search.get(), show.get() == Show::Archived);
        async move {
            let apps = api.integrations().list(Some(search), archived).await?;
            // Connectors only name an app's connector: one that cannot be
            // read shows as an unknown connector on its apps.
            let connectors = api.connectors().list().await?.into_read();
            let more = apps.has_more();
            Ok::<_, ApiError>((
                apps.items
                    .into_iter()
                    .map(|item| match item {
                        Item::Read(app) => Item::Read(Row::new(app, &connectors)),
                        Item::Unreadable(u) => Item::Unreadable(u),
                    })
                    .collect::<Vec<_>>(),
                more,
            ))
        }
    });
    // `?add=…` opens the catalogue, or a given app's connector at a given
    // version (linked from a major update's review).
    let adding = RwSignal::new(query.get_untracked().get("add").is_some());
    let preselect = Preselect::from_query(&query.get_untracked());

    view! {
        <section class="page apps">
            <div class="page-head">
                <h1>"Apps"</h1>
                <button type="button" class="button primary" on:click=move |_| adding.set(true)>"Add app"</button>
            </div>
            <p class="lead">"The external apps your customers can connect, each through a connector pinned to a version."</p>
            <form class="filters" role="search" on:submit=|ev| ev.prevent_default()>
                <div class="field">
                    <label for="apps-search">"Search apps"</label>
                    <input id="apps-search" type="search" placeholder="Name or key"
                        prop:value=move || search.get()
                        on:input=move |ev| set_search("search", event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="apps-show">"Show"</label>
                    <select id="apps-show" on:change=move |ev| set_query("show", event_target_value(&ev))>
                        {Show::ALL.into_iter().map(|s| view! {
                            <option value=s.slug() selected=move || show.get() == s>{s.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
            </form>
            <Transition fallback=|| view! { <Loading label="Loading apps…"/> }>
                <ErrorBoundary fallback=error_fallback(move || rows.refetch())>
                    {move || Suspend::new(async move {
                        rows.await.map(|(rows, more)| {
                            let filter = show.get_untracked();
                            // What an unreadable app is cannot be told, so
                            // every filter keeps it.
                            let rows: Vec<Item<Row>> = rows
                                .into_iter()
                                .filter(|r| r.read().is_none_or(|r| filter.keeps(r)))
                                .collect();
                            view! { <AppTable rows more/> }
                        })
                    })}
                </ErrorBoundary>
            </Transition>
            <AddAppDialog open=adding preselect/>
        </section>
    }
}

#[component]
fn AppTable(rows: Vec<Item<Row>>, more: bool) -> impl IntoView {
    let count = count_words(rows.len(), "No apps match.");
    view! {
        <p class="result-count" role="status" aria-live="polite">{count}</p>
        {more.then(|| view! {
            <p class="notice">"Only the first apps are shown; search to narrow the list."</p>
        })}
        {(!rows.is_empty()).then(|| view! {
            <div class="table-wrap">
                <table class="data-table apps-table">
                    <thead>
                        <tr>
                            <th scope="col">"App"</th>
                            <th scope="col">"Connector"</th>
                            <th scope="col">"Version"</th>
                            <th scope="col">"State"</th>
                            <th scope="col">"Connections"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().map(|row| match row {
                            Item::Read(row) => view! { <AppRow row/> }.into_any(),
                            Item::Unreadable(item) => view! { <UnreadableRow what="app" item columns=5/> }.into_any(),
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        })}
    }
}

#[component]
fn AppRow(row: Row) -> impl IntoView {
    let Row {
        app,
        connector,
        update,
    } = row;
    let href = record_href("/apps", app.reference());
    view! {
        <tr>
            <td>
                <div class="app-cell">
                    <AppLogo src=app.logo_uri.clone()/>
                    <div>
                        <a href=href class="app-name">{app.display_name().to_owned()}</a>
                        <div class="muted key">{app.key.clone()}</div>
                    </div>
                </div>
            </td>
            <td data-label="Connector"><ConnectorName connector/></td>
            <td data-label="Version">
                <span class="version">{app.connector_version.clone().unwrap_or_else(|| "—".to_owned())}</span>
                {update.map(|(version, class)| view! { " " <UpdateBadge version class/> })}
            </td>
            <td data-label="State"><AppState app=app.clone()/></td>
            <td data-label="Connections">{app.connections_count.map(|n| n.to_string()).unwrap_or_else(|| "—".to_owned())}</td>
        </tr>
    }
}

/// Archived, deactivated, missing parameters or ready: icon and words.
#[component]
pub fn AppState(app: Integration) -> impl IntoView {
    let mut states = Vec::new();
    if app.is_archived() {
        states.push(("archived", "■", "Archived"));
    } else if app.is_deactivated {
        states.push(("deactivated", "○", "Deactivated"));
    }
    if app.has_missing_parameters {
        states.push(("warning", "⚠", "Missing parameters"));
    }
    if states.is_empty() {
        states.push(("ok", "●", "Ready"));
    }
    states
        .into_iter()
        .map(|(class, icon, words)| view! {
            <span class=format!("state {class}")><span aria-hidden="true">{icon} " "</span>{words}</span>
        })
        .collect_view()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(json: &str) -> Integration {
        serde_json::from_str(json).expect("valid app")
    }

    #[test]
    fn rows_know_their_connector_and_update() {
        let connectors: Vec<Connector> = serde_json::from_str(
            r#"[{"id":"c1","key":"hubspot","version":"2.1.1"},{"id":"c2","key":"gh","isPublic":false,"version":"0.2.0"}]"#,
        )
        .expect("valid connectors");
        let row = Row::new(
            app(r#"{"id":"i1","key":"hubspot","connectorId":"c1","connectorVersion":"2.1.0"}"#),
            &connectors,
        );
        assert_eq!(row.update, Some(("2.1.1".into(), Class::Patch)));
        assert!(Show::Updates.keeps(&row) && !Show::NeedsParameters.keeps(&row));
        let row = Row::new(
            app(
                r#"{"id":"i2","key":"gh","connectorId":"c2","connectorVersion":"0.2.0","hasMissingParameters":true}"#,
            ),
            &connectors,
        );
        assert_eq!(row.update, None);
        assert!(row.connector.as_ref().is_some_and(Connector::is_custom));
        assert!(Show::NeedsParameters.keeps(&row));
        let row = Row::new(
            app(
                r#"{"id":"i3","key":"x","connectorId":"gone","archivedAt":"2026-01-01T00:00:00Z"}"#,
            ),
            &connectors,
        );
        assert!(row.connector.is_none() && Show::Archived.keeps(&row) && !Show::All.keeps(&row));
        assert_eq!(Show::parse(Some("nonsense")), Show::All);
        assert_eq!(Show::parse(Some("archived")), Show::Archived);
    }
}
