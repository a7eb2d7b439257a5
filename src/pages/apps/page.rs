//! One app: overview, version and pending update, connector parameters,
//! connector switch, and deactivate / archive / restore.

use super::lifecycle::Lifecycle;
use super::list::AppState;
use super::parameters::Parameters;
use super::parts::{AppLogo, ConnectorName, UpdateBadge};
use super::switch::{ConnectorSwitch, Review, VersionDialog};
use crate::api::versions::{available_update, sort_newest_first, Class};
use crate::api::{use_api, ApiError, Connector, ConnectorSpec, ConnectorVersionInfo, Integration};
use crate::ui::{app_href, error_fallback, use_page_title, Loading};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// Everything the app page shows, read together so it is consistent.
#[derive(Clone, Debug, PartialEq)]
pub struct AppData {
    pub app: Integration,
    pub spec: ConnectorSpec,
    /// The connector's versions, newest first.
    pub versions: Vec<ConnectorVersionInfo>,
    /// The workspace's connectors for the same external app.
    pub connectors: Vec<Connector>,
}

impl AppData {
    pub fn current_version(&self) -> String {
        self.app.connector_version.clone().unwrap_or_default()
    }

    pub fn connector(&self) -> Option<&Connector> {
        self.connectors
            .iter()
            .find(|c| Some(&c.id) == self.app.connector_id.as_ref())
    }

    pub fn update(&self) -> Option<(String, Class)> {
        available_update(
            &self.current_version(),
            self.versions.iter().map(|v| v.version.as_str()),
        )
        .map(|(v, class)| (v.to_owned(), class))
    }
}

async fn load(api: crate::api::Api, key: String) -> Result<AppData, ApiError> {
    let app = api.integrations().get(key.clone()).await?;
    let spec = api.integrations().connector_spec(key).await?;
    let mut versions = match &app.connector_id {
        Some(id) => api.connectors().versions(id.clone()).await?.into_read(),
        None => Vec::new(),
    };
    sort_newest_first(&mut versions, |v| v.version.as_str());
    let connectors = api
        .connectors()
        .list()
        .await?
        .into_read()
        .into_iter()
        .filter(|c| c.external_app_id.is_some() && c.external_app_id == app.external_app_id)
        .collect();
    Ok(AppData {
        app,
        spec,
        versions,
        connectors,
    })
}

/// Whether the version picker is open, and on which version's review.
#[derive(Clone, Copy)]
struct VersionDialogState {
    open: RwSignal<bool>,
    target: RwSignal<Option<String>>,
}

#[component]
pub fn AppPage() -> impl IntoView {
    let api = use_api();
    let params = use_params_map();
    let key = Memo::new(move |_| params.read().get("key").unwrap_or_default());
    let data = LocalResource::new(move || load(api, key.get()));
    let title = RwSignal::new(String::new());
    use_page_title(move || {
        let name = title.get();
        if name.is_empty() {
            "App".to_owned()
        } else {
            name
        }
    });
    // What the last change did, announced politely and shown above the page.
    let status = RwSignal::new(None::<String>);
    // Above the data, so a dialog opened while the page refreshes after a
    // change stays open when the page is rebuilt.
    let dialogs = VersionDialogState {
        open: RwSignal::new(false),
        target: RwSignal::new(None::<String>),
    };
    let status_ref = NodeRef::<leptos::html::P>::new();
    // The control that made the change is rebuilt with the fresh data, so
    // focus moves to the message once that data is in.
    let focus_status = RwSignal::new(false);
    let done = Callback::new(move |message: String| {
        status.set(Some(message));
        focus_status.set(true);
        data.refetch();
    });
    Effect::new(move |_| {
        if data.get().is_some() && focus_status.get_untracked() {
            focus_status.set(false);
            request_animation_frame(move || {
                if let Some(p) = status_ref.get_untracked() {
                    let _ = p.focus();
                }
            });
        }
    });
    view! {
        <section class="page app-page">
            <p class="breadcrumb"><a href=app_href("/apps")>"Apps"</a></p>
            <p class="status ok" role="status" tabindex="-1" node_ref=status_ref>{move || status.get()}</p>
            <Transition fallback=|| view! { <Loading label="Loading the app…"/> }>
                <ErrorBoundary fallback=error_fallback(move || data.refetch())>
                    {move || Suspend::new(async move {
                        data.await.map(|data| {
                            title.set(data.app.display_name().to_owned());
                            view! { <AppView data done dialogs/> }
                        })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn AppView(data: AppData, done: Callback<String>, dialogs: VersionDialogState) -> impl IntoView {
    let app = data.app.clone();
    let archived = app.is_archived();
    let VersionDialogState {
        open: versions_open,
        target,
    } = dialogs;
    let open_versions = move |version: Option<String>| {
        target.set(version);
        versions_open.set(true);
    };
    view! {
        <div class="app-head">
            <AppLogo src=app.logo_uri.clone()/>
            <div>
                <h1>{app.display_name().to_owned()}</h1>
                <p class="muted key">{app.key.clone()}</p>
            </div>
            <div class="states"><AppState app=app.clone()/></div>
        </div>
        {archived.then(|| view! {
            <div class="notice">
                <p><span aria-hidden="true">"■ "</span>"This app is archived: its connections do not run and it cannot be changed. Restore it to use it again."</p>
            </div>
        })}
        {(!archived).then(|| data.update().map(|(version, class)| view! {
            <UpdateNotice data=data.clone() version class done open_versions/>
        }))}
        <section class="card" aria-labelledby="app-overview">
            <h2 id="app-overview">"Overview"</h2>
            <dl class="facts">
                <dt>"Key"</dt><dd>{app.key.clone().unwrap_or_else(|| "—".to_owned())}</dd>
                <dt>"Connector"</dt><dd><ConnectorName connector=data.connector().cloned()/></dd>
                <dt>"Version"</dt>
                <dd>
                    <button type="button" class="button secondary version-button" aria-haspopup="dialog"
                        disabled=archived
                        aria-label=format!("Version {}: choose another version", data.current_version())
                        on:click=move |_| open_versions(None)>
                        {data.current_version()} <span aria-hidden="true">" ▾"</span>
                    </button>
                </dd>
                <dt>"Connections"</dt>
                <dd>{app.connections_count.map(|n| n.to_string()).unwrap_or_else(|| "—".to_owned())}</dd>
            </dl>
        </section>
        <Parameters data=data.clone() done/>
        <ConnectorSwitch data=data.clone() done/>
        <Lifecycle app=app.clone() done/>
        <VersionDialog open=versions_open target data done/>
    }
}

/// "Version 2.1.1 is available": a patch is taken in one click, a minor or
/// major opens the review first.
#[component]
fn UpdateNotice(
    data: AppData,
    version: String,
    class: Class,
    done: Callback<String>,
    open_versions: impl Fn(Option<String>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let review = Review::for_version(&data, &version);
    let one_click = review.as_ref().is_some_and(Review::is_one_click);
    let target = version.clone();
    view! {
        <div class=format!("notice update {}", class.word())>
            <p>
                <UpdateBadge version=version.clone() class/> " "
                {format!("Version {version} is available. ")} {class.advice()}
            </p>
            {match review {
                Some(review) if one_click => view! { <super::switch::OneClick review done/> }.into_any(),
                _ => view! {
                    <button type="button" class="button primary" aria-haspopup="dialog"
                        on:click=move |_| open_versions(Some(target.clone()))>
                        {format!("Review the update to {version}")}
                    </button>
                }.into_any(),
            }}
        </div>
    }
}
