//! The apps list: every app with its connector, version, pending update and
//! state, with search and a filter kept in the URL.

use super::add::{AddAppDialog, Preselect};
use super::parts::{count_words, AppLogo, ConnectorName, UpdateBadge};
use crate::api::{
    early, use_api, ApiError, Connector, Integration, IntegrationQuery, Item, Request,
};
use crate::connector_versions::{available_update, Class};
use crate::ui::{
    error_fallback, record_href, use_page_title, use_url_query, ChoiceSelect, EmptyList, ListTable,
    Loading, ResultCount, SearchBox, UnreadableRow, UrlChoice, UrlQuery,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

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
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Show {
    #[default]
    All,
    NeedsParameters,
    Updates,
    Deactivated,
    Archived,
}

impl UrlChoice for Show {
    const ALL: &'static [Self] = &[
        Show::All,
        Show::NeedsParameters,
        Show::Updates,
        Show::Deactivated,
        Show::Archived,
    ];

    fn url_value(self) -> &'static str {
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
}

impl Show {
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

/// The engine query for the list's search and the archived filter.
fn app_list_query(url: UrlQuery) -> IntegrationQuery {
    IntegrationQuery {
        search: url.search(),
        include_archived: url.choice::<Show>("show") == Show::Archived,
    }
}

/// The apps and the connectors, asked for while the list's code loads.
pub(crate) fn app_list_reads() -> Vec<Request> {
    vec![
        early::apps(&app_list_query(use_url_query("/apps"))),
        early::connectors(),
    ]
}

#[component]
pub fn AppList() -> impl IntoView {
    use_page_title(|| "Apps".to_owned());
    let api = use_api();
    let url = use_url_query("/apps");
    let show = crate::ui::memo(move |_| url.choice::<Show>("show"));
    let rows = crate::ui::read(move || {
        let query = app_list_query(url);
        async move {
            // Both at once; connectors only name an app's connector: one
            // that cannot be read shows as an unknown connector on its apps.
            let (apps, connectors) =
                futures::future::join(api.integrations().list(&query), api.connectors().list())
                    .await;
            let (apps, connectors) = (apps?, connectors?.into_read());
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
    let query = use_query_map().get_untracked();
    let adding = RwSignal::new(query.get("add").is_some());
    let preselect = Preselect::from_query(&query);

    view! {
        <section class="page apps">
            <div class="page-head">
                <h1>"Apps"</h1>
                <button type="button" class="button primary" on:click=move |_| adding.set(true)>"Add app"</button>
            </div>
            <p class="lead">"The external apps your customers can connect, each through a connector pinned to a version."</p>
            <form class="filters" role="search" on:submit=|ev| ev.prevent_default()>
                <SearchBox query=url id="apps-search" label="Search apps" placeholder="Name or key"/>
                <ChoiceSelect choices=Show::ALL query=url key="show" id="apps-show" label="Show"/>
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
                            view! { <AppTable rows more url/> }
                        })
                    })}
                </ErrorBoundary>
            </Transition>
            <AddAppDialog open=adding preselect/>
        </section>
    }
}

#[component]
fn AppTable(rows: Vec<Item<Row>>, more: bool, url: UrlQuery) -> impl IntoView {
    view! {
        <ResultCount text=count_words(rows.len(), "")/>
        {more.then(|| view! {
            <p class="notice">"Only the first apps are shown; search to narrow the list."</p>
        })}
        {if rows.is_empty() {
            view! {
                <EmptyList query=Some(url) plural="apps" nothing_yet="No apps yet"
                    why="Add an app from the catalogue to let your customers connect to it."/>
            }.into_any()
        } else {
            view! {
                <ListTable columns=vec!["App", "Connector", "Version", "State", "Connections"] class="apps-table">
                    {rows.into_iter().map(|row| match row {
                        Item::Read(row) => view! { <AppRow row/> }.into_any(),
                        Item::Unreadable(item) => view! { <UnreadableRow what="app" item columns=5/> }.into_any(),
                    }).collect_view()}
                </ListTable>
            }.into_any()
        }}
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
    }
}
