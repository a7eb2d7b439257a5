//! One app: overview, version and pending update, connector parameters,
//! connector switch, and deactivate / archive / restore.
//!
//! The page is read once per app; after a change it is read again and
//! updated in place. Each part is rebuilt only when what it shows changed,
//! so a control someone is about to click is not replaced under them.

use super::lifecycle::{Availability, Lifecycle};
use super::list::AppState;
use super::parameters::{Parameters, ParametersForm};
use super::parts::{AppLogo, ConnectorName, UpdateBadge};
use super::switch::{ConnectorChoice, ConnectorSwitch, OneClick, Review, VersionDialog};
use crate::api::{
    early, use_api, ApiError, Connector, ConnectorSpec, ConnectorVersionInfo, Integration, Request,
};
use crate::connector_versions::{available_update, sort_newest_first, Class};
use crate::ui::{app_href, error_fallback, use_page_title, ErrorPanel, Loading};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use wasm_bindgen::JsCast;

/// Everything the app page shows, read together so it is consistent. The
/// versions and the connectors are parts: when one cannot be read, the
/// page still shows the app and says so where that part belongs.
#[derive(Clone, Debug, PartialEq)]
pub struct AppData {
    pub app: Integration,
    pub spec: ConnectorSpec,
    /// The connector's versions, newest first.
    pub versions: Result<Vec<ConnectorVersionInfo>, ApiError>,
    /// The workspace's connectors for the same external app.
    pub connectors: Result<Vec<Connector>, ApiError>,
}

impl AppData {
    pub fn current_version(&self) -> String {
        self.app.connector_version.clone().unwrap_or_default()
    }

    /// The versions that could be read; none when they could not.
    pub fn versions(&self) -> &[ConnectorVersionInfo] {
        self.versions.as_deref().unwrap_or_default()
    }

    pub fn connector(&self) -> Option<&Connector> {
        self.connectors
            .as_deref()
            .unwrap_or_default()
            .iter()
            .find(|c| Some(&c.id) == self.app.connector_id.as_ref())
    }

    pub fn update(&self) -> Option<(String, Class)> {
        available_update(
            &self.current_version(),
            self.versions().iter().map(|v| v.version.as_str()),
        )
        .map(|(v, class)| (v.to_owned(), class))
    }
}

/// The app, the connectors and the app's connector spec, asked for while
/// the page's code loads; the versions wait for the app's connector.
pub(crate) fn app_page_reads() -> Vec<Request> {
    let key = use_params_map()
        .get_untracked()
        .get("key")
        .unwrap_or_default();
    vec![
        early::app(&key),
        early::connectors(),
        early::connector_spec(&key),
    ]
}

async fn load(api: crate::api::Api, key: String) -> Result<AppData, ApiError> {
    let app = api.integrations().get(&key).await?;
    let versions = async {
        let mut versions = match &app.connector_id {
            Some(id) => api.connectors().versions(id).await?.into_read(),
            None => Vec::new(),
        };
        sort_newest_first(&mut versions, |v| v.version.as_str());
        Ok(versions)
    };
    let connectors = async {
        Ok(api
            .connectors()
            .list()
            .await?
            .into_read()
            .into_iter()
            .filter(|c| c.external_app_id.is_some() && c.external_app_id == app.external_app_id)
            .collect())
    };
    let (spec, versions, connectors) = futures::future::join3(
        api.integrations().connector_spec(&key),
        versions,
        connectors,
    )
    .await;
    Ok(AppData {
        spec: spec?,
        app,
        versions,
        connectors,
    })
}

#[component]
pub fn AppPage() -> impl IntoView {
    let api = use_api();
    let params = use_params_map();
    let key = crate::ui::memo(move |_| params.read().get("key").unwrap_or_default());
    let data = crate::ui::read(move || load(api, key.get()));
    let title = RwSignal::new(String::new());
    use_page_title(move || {
        let name = title.get();
        if name.is_empty() {
            "App".to_owned()
        } else {
            name
        }
    });
    view! {
        <section class="page app-page">
            <p class="breadcrumb"><a href=app_href("/apps")>"Apps"</a></p>
            <Transition fallback=|| view! { <Loading label="Loading the app…"/> }>
                <ErrorBoundary fallback=error_fallback(move || data.refetch())>
                    {move || Suspend::new(async move {
                        data.await.map(|initial| {
                            title.set(initial.app.display_name().to_owned());
                            view! { <AppView initial key=key.get_untracked() title/> }
                        })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

/// Whether focus was on something a refresh took away.
fn focus_lost() -> bool {
    match document().active_element() {
        None => true,
        Some(el) => !el.is_connected() || el.dyn_ref::<web_sys::HtmlBodyElement>().is_some(),
    }
}

/// An update on offer, as the notice shows it.
#[derive(Clone, Debug, PartialEq)]
struct UpdateOffer {
    version: String,
    class: Class,
    /// Taken in one click, and whether it changes no field at all.
    one_click: Option<bool>,
}

impl UpdateOffer {
    fn of(data: &AppData) -> Option<UpdateOffer> {
        if data.app.is_archived() {
            return None;
        }
        let (version, class) = data.update()?;
        let one_click = Review::for_version(data, &version)
            .filter(Review::is_one_click)
            .map(|review| review.preview.is_empty());
        Some(UpdateOffer {
            version,
            class,
            one_click,
        })
    }
}

#[component]
fn AppView(initial: AppData, key: String, title: RwSignal<String>) -> impl IntoView {
    let api = use_api();
    let data = RwSignal::new(initial);
    // What the last change did, announced politely and shown above the page.
    let status = RwSignal::new(None::<String>);
    let status_ref = NodeRef::<leptos::html::P>::new();
    let refresh = crate::ui::write(move |_: &()| {
        let key = key.clone();
        async move {
            let fresh = load(api, key).await?;
            title.set(fresh.app.display_name().to_owned());
            data.set(fresh);
            // The control that made the change may have gone with what it
            // changed (Deactivate becomes Activate): then focus goes to the
            // message, once the parts are rebuilt.
            request_animation_frame(move || {
                if focus_lost() {
                    if let Some(p) = status_ref.get_untracked() {
                        let _ = p.focus();
                    }
                }
            });
            Ok::<_, ApiError>(())
        }
    });
    let retry = Callback::new(move |_: ()| {
        refresh.dispatch(());
    });
    let done = Callback::new(move |message: String| {
        status.set(Some(message));
        refresh.dispatch(());
    });
    let data: Signal<AppData> = data.into();
    let versions_open = RwSignal::new(false);
    let target = RwSignal::new(None::<String>);
    let open_versions = move |version: Option<String>| {
        target.set(version);
        versions_open.set(true);
    };

    let app = crate::ui::memo(move |_| data.read().app.clone());
    let archived = crate::ui::memo(move |_| app.read().is_archived());
    let logo = crate::ui::memo(move |_| app.read().logo_uri.clone());
    let connector = crate::ui::memo(move |_| data.read().connector().cloned());
    let version = crate::ui::memo(move |_| data.read().current_version());
    let offer = crate::ui::memo(move |_| UpdateOffer::of(&data.read()));
    let versions_error = crate::ui::memo(move |_| data.read().versions.clone().err());
    let form = crate::ui::memo(move |_| ParametersForm::of(&data.read()));
    let choice = crate::ui::memo(move |_| ConnectorChoice::of(&data.read()));
    let availability = crate::ui::memo(move |_| Availability::of(&app.read()));
    view! {
        <p class="status ok" role="status" tabindex="-1" node_ref=status_ref>{move || status.get()}</p>
        {move || refresh.value().get().and_then(Result::err).map(|error| view! {
            <div class="notice warning refresh-failed">
                <p>"The change is saved, but the page could not be read again to show it."</p>
                <ErrorPanel error retry/>
            </div>
        })}
        <div class="app-head">
            {move || view! { <AppLogo src=logo.get()/> }}
            <div>
                <h1>{move || app.read().display_name().to_owned()}</h1>
                <p class="muted key">{move || app.read().key.clone()}</p>
            </div>
            <div class="states">{move || view! { <AppState app=app.get()/> }}</div>
        </div>
        {move || archived.get().then(|| view! {
            <div class="notice">
                <p><span aria-hidden="true">"■ "</span>"This app is archived: its connections do not run and it cannot be changed. Restore it to use it again."</p>
            </div>
        })}
        {move || versions_error.get().map(|error| view! {
            <div class="notice warning part-failed">
                <p>"Updates could not be checked: the connector's versions could not be read."</p>
                <ErrorPanel error retry/>
            </div>
        })}
        {move || offer.get().map(|offer| view! {
            <UpdateNotice offer data done open_versions/>
        })}
        <section class="card" aria-labelledby="app-overview">
            <h2 id="app-overview">"Overview"</h2>
            <dl class="facts">
                <dt>"Key"</dt><dd>{move || app.read().key.clone().unwrap_or_else(|| "—".to_owned())}</dd>
                <dt>"Connector"</dt><dd>{move || view! { <ConnectorName connector=connector.get()/> }}</dd>
                <dt>"Version"</dt>
                <dd>
                    <button type="button" class="button secondary version-button" aria-haspopup="dialog"
                        disabled=move || archived.get()
                        aria-label=move || format!("Version {}: choose another version", version.read())
                        on:click=move |_| open_versions(None)>
                        {move || version.get()} <span aria-hidden="true">" ▾"</span>
                    </button>
                </dd>
                <dt>"Connections"</dt>
                <dd>{move || app.read().connections_count.map(|n| n.to_string()).unwrap_or_else(|| "—".to_owned())}</dd>
            </dl>
        </section>
        {move || view! { <Parameters form=form.get() data done/> }}
        {move || view! { <ConnectorSwitch choice=choice.get() data done retry/> }}
        {move || view! { <Lifecycle app=availability.get() done/> }}
        <VersionDialog open=versions_open target data done retry/>
    }
}

/// "Version 2.1.1 is available": a patch is taken in one click, a minor or
/// major opens the review first.
#[component]
fn UpdateNotice(
    offer: UpdateOffer,
    data: Signal<AppData>,
    done: Callback<String>,
    open_versions: impl Fn(Option<String>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let UpdateOffer {
        version,
        class,
        one_click,
    } = offer;
    let target = version.clone();
    view! {
        <div class=format!("notice update {}", class.word())>
            <p>
                <UpdateBadge version=version.clone() class/> " "
                {format!("Version {version} is available. ")} {class.advice()}
            </p>
            {match one_click {
                Some(unchanged) => view! { <OneClick data version unchanged done/> }.into_any(),
                None => view! {
                    <button type="button" class="button primary" aria-haspopup="dialog"
                        on:click=move |_| open_versions(Some(target.clone()))>
                        {format!("Review the update to {version}")}
                    </button>
                }.into_any(),
            }}
        </div>
    }
}
