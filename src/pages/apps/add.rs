//! Adding an app: pick an external app from the catalogue, confirm its key
//! and name, create it, and open its page.

use super::parts::{count_words, AppLogo};
use crate::api::{use_api, ApiError, ExternalApp, Item, NewIntegration};
use crate::connector_versions::ConnectorVersion;
use crate::ui::{app_href, part_view, ActionButton, Dialog, ErrorPanel, Loading, UnreadableNote};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::params::ParamsMap;
use leptos_router::NavigateOptions;

/// An app to start from instead of the catalogue: `?add=<external app id>
/// &connector=<id>&version=<v>`, as a major update's review links it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Preselect {
    pub external_app_id: String,
    pub connector_id: Option<String>,
    pub version: Option<String>,
}

impl Preselect {
    pub fn from_query(query: &ParamsMap) -> Option<Self> {
        let id = query.get("add").filter(|a| !a.is_empty() && a != "1")?;
        Some(Preselect {
            external_app_id: id,
            connector_id: query.get("connector").filter(|c| !c.is_empty()),
            version: query.get("version").filter(|v| !v.is_empty()),
        })
    }

    /// The link that opens the add dialog with this preselection.
    pub fn href(&self) -> String {
        let mut params = ParamsMap::new();
        params.insert("add", self.external_app_id.clone());
        if let Some(c) = &self.connector_id {
            params.insert("connector", c.clone());
        }
        if let Some(v) = &self.version {
            params.insert("version", v.clone());
        }
        app_href(&format!("/apps{}", params.to_query_string()))
    }
}

#[component]
pub fn AddAppDialog(open: RwSignal<bool>, preselect: Option<Preselect>) -> impl IntoView {
    let api = use_api();
    let picked = RwSignal::new(None::<ExternalApp>);
    let start = StoredValue::new(preselect.clone());
    // The preselected app comes from the catalogue like any other pick.
    if let Some(wanted) = preselect {
        let found = crate::ui::read(move || async move { api.connectors().catalogue().await });
        crate::ui::effect(move |_| {
            if let Some(Ok(page)) = found.get() {
                let app = page
                    .into_read()
                    .into_iter()
                    .find(|a| a.id == wanted.external_app_id || a.key == wanted.external_app_id);
                picked.set(app);
            }
        });
    }
    Effect::new(move |was_open: Option<bool>| {
        let now = open.get();
        if was_open == Some(true) && !now {
            picked.set(None);
            start.set_value(None);
        }
        now
    });
    let title = Signal::derive(move || match picked.get() {
        Some(app) => format!("Add {}", app.name),
        None => "Add an app".to_owned(),
    });
    view! {
        <Dialog open title class="wide">
            {move || match picked.get() {
                Some(app) => {
                    let from = start.get_value().filter(|p| p.external_app_id == app.id || p.external_app_id == app.key);
                    view! { <ConfirmApp app preselect=from back=move || picked.set(None)/> }.into_any()
                }
                None => view! { <Catalogue pick=move |app| picked.set(Some(app))/> }.into_any(),
            }}
        </Dialog>
    }
}

/// The catalogue with search and a category filter. It is small, so it is
/// read once and filtered here as a person types.
#[component]
fn Catalogue(pick: impl Fn(ExternalApp) + Copy + Send + Sync + 'static) -> impl IntoView {
    let api = use_api();
    let search = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let apps = crate::ui::read(move || async move { api.connectors().catalogue().await });
    let categories = move || {
        let mut all: Vec<String> = apps
            .get()
            .and_then(Result::ok)
            .map(|page| {
                page.into_read()
                    .into_iter()
                    .flat_map(|a| a.categories)
                    .collect()
            })
            .unwrap_or_default();
        all.sort();
        all.dedup();
        all
    };
    view! {
        <div class="filters">
            <div class="field">
                <label for="catalogue-search">"Search the catalogue"</label>
                <input id="catalogue-search" type="search" autofocus placeholder="e.g. HubSpot"
                    bind:value=search/>
            </div>
            <div class="field">
                <label for="catalogue-category">"Category"</label>
                <select id="catalogue-category" on:change=move |ev| category.set(event_target_value(&ev))>
                    <option value="">"All categories"</option>
                    {move || categories().into_iter().map(|c| view! {
                        <option value=c.clone() selected=c == category.get_untracked()>{c.clone()}</option>
                    }).collect_view()}
                </select>
            </div>
        </div>
        <Transition fallback=|| view! { <Loading label="Loading the catalogue…"/> }>
            {move || Suspend::new(async move {
                part_view(apps.await, move || apps.refetch(), |page| {
                        let (wanted, text) = (category.get(), search.get().trim().to_lowercase());
                        // What an unreadable app is cannot be told: it is
                        // shown until a search or category narrows the list.
                        let shown: Vec<Item<ExternalApp>> = page.items.into_iter()
                            .filter(|item| match item.read() {
                                Some(a) => (wanted.is_empty() || a.categories.contains(&wanted))
                                    && (text.is_empty() || a.name.to_lowercase().contains(&text) || a.key.contains(&text)),
                                None => wanted.is_empty() && text.is_empty(),
                            })
                            .collect();
                        view! { <CatalogueApps shown pick/> }.into_any()
                })
            })}
        </Transition>
    }
}

#[component]
fn CatalogueApps(
    shown: Vec<Item<ExternalApp>>,
    pick: impl Fn(ExternalApp) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let count = count_words(shown.len(), "No apps in the catalogue match.");
    view! {
        <p class="result-count" role="status" aria-live="polite">{count}</p>
        <ul class="catalogue">
            {shown.into_iter().map(|item| {
                let app = match item {
                    Item::Read(app) => app,
                    Item::Unreadable(item) => return view! {
                        <li><UnreadableNote what="app" item/></li>
                    }.into_any(),
                };
                let chosen = app.clone();
                view! {
                    <li>
                        <button type="button" class="catalogue-app" on:click=move |_| pick(chosen.clone())>
                            <AppLogo src=app.logo_uri.clone()/>
                            <span class="name">{app.name.clone()}</span>
                            <span class="muted">{app.categories.join(", ")}</span>
                        </button>
                    </li>
                }.into_any()
            }).collect_view()}
        </ul>
    }
}

/// Why a key is not acceptable, as the engine would say it, before asking.
fn key_problem(key: &str) -> Option<&'static str> {
    let mut chars = key.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if key.is_empty() {
        Some("Enter a key.")
    } else if key.len() > 100 {
        Some("A key has at most 100 characters.")
    } else if !first_ok
        || !chars
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'))
    {
        Some("Use lowercase letters, digits, '-', '_' or '.', starting with a letter or digit.")
    } else {
        None
    }
}

/// The key suggested for a new app: the app's key, with the major version
/// when the app is added at a given version (the plain key is usually taken).
fn suggested_key(app_key: &str, version: Option<&str>) -> String {
    match version.map(ConnectorVersion::parse) {
        Some(ConnectorVersion::Semver(v)) => format!("{app_key}-v{}", v.major),
        _ => app_key.to_owned(),
    }
}

#[component]
fn ConfirmApp(
    app: ExternalApp,
    preselect: Option<Preselect>,
    back: impl Fn() + Send + Sync + 'static,
) -> impl IntoView {
    let api = use_api();
    let version = preselect.as_ref().and_then(|p| p.version.clone());
    let connector_id = preselect.and_then(|p| p.connector_id);
    let key = RwSignal::new(suggested_key(&app.key, version.as_deref()));
    let name = RwSignal::new(app.name.clone());
    let key_error = RwSignal::new(None::<String>);
    let name_error = RwSignal::new(None::<String>);
    let apps_base = app_href("/apps");
    let navigate = use_navigate();
    let create = crate::ui::write(move |new: &NewIntegration| {
        let new = new.clone();
        async move { api.integrations().create(&new).await }
    });
    crate::ui::effect(move |_| match create.value().get() {
        Some(Ok(created)) => navigate(
            &format!("{apps_base}/{}", crate::api::encode(created.reference())),
            NavigateOptions {
                resolve: false,
                ..Default::default()
            },
        ),
        Some(Err(e)) if e.field().as_deref() == Some("/key") => {
            key_error.set(Some(e.field_message()))
        }
        _ => {}
    });
    let other_error = move || match create.value().get() {
        Some(Err(e)) if e.field().as_deref() != Some("/key") => Some(e),
        _ => None::<ApiError>,
    };
    let external_app_id = app.id.clone();
    let version_sent = version.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (k, n) = (
            key.get_untracked().trim().to_owned(),
            name.get_untracked().trim().to_owned(),
        );
        key_error.set(key_problem(&k).map(str::to_owned));
        name_error.set(n.is_empty().then(|| "Enter a name.".to_owned()));
        if key_error.get_untracked().is_none() && name_error.get_untracked().is_none() {
            create.dispatch(NewIntegration {
                external_app_id: external_app_id.clone(),
                connector_id: connector_id.clone(),
                connector_version: version_sent.clone(),
                key: k,
                name: n,
            });
        }
    };
    view! {
        <form class="form" on:submit=submit novalidate>
            <div class="app-cell">
                <AppLogo src=app.logo_uri.clone()/>
                <p>"A new app on the " <strong>{app.name.clone()}</strong> " connector, "
                    {match &version {
                        Some(v) => format!("at version {v}."),
                        None => "at its newest version.".to_owned(),
                    }}
                </p>
            </div>
            <div class="field">
                <label for="new-app-key">"Key"</label>
                <input id="new-app-key" autofocus spellcheck="false" bind:value=key
                    aria-invalid=move || key_error.get().is_some().then_some("true")
                    aria-describedby="new-app-key-help new-app-key-error"/>
                <p id="new-app-key-help" class="hint">"How your code and the API refer to this app. It cannot be changed later."</p>
                <p id="new-app-key-error" class="field-error">{move || key_error.get()}</p>
            </div>
            <div class="field">
                <label for="new-app-name">"Name"</label>
                <input id="new-app-name" bind:value=name
                    aria-invalid=move || name_error.get().is_some().then_some("true")
                    aria-describedby="new-app-name-error"/>
                <p id="new-app-name-error" class="field-error">{move || name_error.get()}</p>
            </div>
            {move || other_error().map(|error| view! { <ErrorPanel error/> })}
            <div class="actions">
                <ActionButton label="Create app" busy="Creating…" pending=create.pending()/>
                <button type="button" class="button secondary" on:click=move |_| back()>"Back to the catalogue"</button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::key_problem;

    #[test]
    fn a_new_app_at_a_version_gets_a_free_key() {
        assert_eq!(
            super::suggested_key("salesforce", Some("2.1.0")),
            "salesforce-v2"
        );
        assert_eq!(
            super::suggested_key("salesforce", Some("dev")),
            "salesforce"
        );
        assert_eq!(super::suggested_key("slack", None), "slack");
    }

    #[test]
    fn keys_follow_the_engine_rules() {
        assert_eq!(key_problem("hubspot-eu_2.0"), None);
        assert!(key_problem("").is_some());
        assert!(key_problem("HubSpot").is_some());
        assert!(key_problem("-x").is_some());
        assert!(key_problem(&"a".repeat(101)).is_some());
    }
}
