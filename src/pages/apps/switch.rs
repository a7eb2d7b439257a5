//! Switching an app to another connector version or another connector,
//! always after showing what changes, with the consent the step needs.

use super::add::Preselect;
use super::page::AppData;
use super::parts::{Changelog, ConnectorBadge, PreviewView};
use crate::api::{use_api, ApiError, Connector, ConnectorVersionInfo, IntegrationPatch};
use crate::connector_versions::{
    changelog_range, sort_newest_first, step, Class, SwitchPreview, VersionSchemas,
};
use crate::ui::{app_href, part_view, ActionButton, Dialog, ErrorPanel, Loading};
use leptos::prelude::*;

/// What a person must do before a switch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Consent {
    /// A safe patch: one click.
    OneClick,
    /// A minor version: confirm the changelog was read.
    ReadChangelog,
    /// Breaking changes: confirm them explicitly.
    AcceptBreaking,
}

/// A proposed switch, with everything the review shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Review {
    pub app_key: String,
    pub heading: String,
    pub class: Class,
    pub advice: String,
    /// The changelogs the switch concerns, newest first: (version, text).
    pub changelogs: Vec<(String, Option<String>)>,
    pub preview: SwitchPreview,
    pub connections: Option<u64>,
    pub patch: IntegrationPatch,
    pub confirm_label: String,
    pub done_message: String,
    /// A new app with the target instead of this switch.
    pub new_app: Option<Preselect>,
}

fn schemas(version: &ConnectorVersionInfo) -> VersionSchemas<'_> {
    VersionSchemas {
        parameters: version.parameters_schema.as_ref(),
        inputs: version.input_schema.as_ref(),
    }
}

impl Review {
    /// To another version of the same connector; None for a version the
    /// connector does not list.
    pub fn for_version(data: &AppData, version: &str) -> Option<Review> {
        let target = data.versions().iter().find(|v| v.version == version)?;
        let s = step(&data.current_version(), version);
        let verb = match (s.class, s.downgrade) {
            (Class::Unknown, _) => "Switch",
            (_, true) => "Downgrade",
            _ => "Update",
        };
        Some(Review {
            app_key: data.app.reference().to_owned(),
            heading: format!("{verb} to version {version} ({})", s.describe()),
            class: s.class,
            advice: s.class.advice().to_owned(),
            changelogs: changelog_range(
                &data.current_version(),
                version,
                data.versions().iter().map(|v| v.version.as_str()),
            )
            .into_iter()
            .filter_map(|v| data.versions().iter().find(|x| x.version == v))
            .map(|v| (v.version.clone(), v.changelog.clone()))
            .collect(),
            preview: preview(data, target),
            connections: data.app.connections_count,
            patch: IntegrationPatch {
                connector_version: Some(version.to_owned()),
                ..Default::default()
            },
            confirm_label: format!("{verb} to {version}"),
            done_message: format!("{} now uses version {version}.", data.app.display_name()),
            new_app: data.app.external_app_id.clone().map(|id| Preselect {
                external_app_id: id,
                connector_id: data.app.connector_id.clone(),
                version: Some(version.to_owned()),
            }),
        })
    }

    /// To another connector for the same external app, at its newest version.
    pub fn for_connector(
        data: &AppData,
        connector: &Connector,
        newest: &ConnectorVersionInfo,
    ) -> Review {
        let name = connector.display_name();
        Review {
            app_key: data.app.reference().to_owned(),
            heading: format!("Switch to {name} {}", newest.version),
            class: Class::Unknown,
            advice: "Another connector may behave differently. Review the changes and test first."
                .to_owned(),
            changelogs: vec![(newest.version.clone(), newest.changelog.clone())],
            preview: preview(data, newest),
            connections: data.app.connections_count,
            patch: IntegrationPatch {
                connector_id: Some(connector.id.clone()),
                connector_version: Some(newest.version.clone()),
                ..Default::default()
            },
            confirm_label: format!("Switch to {name}"),
            done_message: format!(
                "{} now uses {name} {}.",
                data.app.display_name(),
                newest.version
            ),
            new_app: data.app.external_app_id.clone().map(|id| Preselect {
                external_app_id: id,
                connector_id: Some(connector.id.clone()),
                version: Some(newest.version.clone()),
            }),
        }
    }

    pub fn consent(&self) -> Consent {
        if self.preview.breaking().next().is_some() {
            return Consent::AcceptBreaking;
        }
        match self.class {
            Class::Same | Class::Patch => Consent::OneClick,
            Class::Minor => Consent::ReadChangelog,
            Class::Major | Class::Unknown => Consent::AcceptBreaking,
        }
    }

    pub fn is_one_click(&self) -> bool {
        self.consent() == Consent::OneClick
    }
}

fn preview(data: &AppData, target: &ConnectorVersionInfo) -> SwitchPreview {
    let from = VersionSchemas {
        parameters: data.spec.parameters_schema.as_ref(),
        inputs: data.spec.input_schema.as_ref(),
    };
    SwitchPreview::new(&from, &schemas(target), &data.app.parameters_object())
}

/// "its 5 connections switch", as the confirmation says it.
fn connections_switch(count: Option<u64>) -> String {
    match count {
        Some(1) => "its 1 connection switches".to_owned(),
        Some(n) => format!("its {n} connections switch"),
        None => "its connections switch".to_owned(),
    }
}

/// Sends the switch; `done` hears the message to announce once it is saved
/// (from an effect, so closing the dialog cannot pull the action away
/// while it finishes).
fn switch_action(done: Callback<String>) -> Action<Review, Result<String, ApiError>> {
    let api = use_api();
    let action = crate::ui::write(move |review: &Review| {
        let review = review.clone();
        async move {
            api.integrations()
                .update(&review.app_key, &review.patch)
                .await?;
            Ok(review.done_message)
        }
    });
    crate::ui::effect(move |_| {
        if let Some(Ok(message)) = action.value().get() {
            done.run(message);
        }
    });
    action
}

/// The patch update in one click, from the update notice. The switch is
/// worked out from the page's data at the click, so it is never stale.
#[component]
pub fn OneClick(
    data: Signal<AppData>,
    version: String,
    unchanged: bool,
    done: Callback<String>,
) -> impl IntoView {
    let action = switch_action(done);
    let label = format!("Update to {version}");
    view! {
        <p class="hint">{if unchanged {
            "No changes to the connector parameters or the connection form."
        } else {
            "Fields are added, none removed or newly required."
        }}</p>
        <ActionButton label busy="Updating…" pending=action.pending()
            press=Callback::new(move |_| {
                if let Some(review) = data.with_untracked(|d| Review::for_version(d, &version)) {
                    action.dispatch(review);
                }
            })/>
        {move || action.value().get().and_then(Result::err).map(|error| view! { <ErrorPanel error/> })}
    }
}

/// The review of one switch: what changes, and the consent it needs.
#[component]
pub fn ReviewView(
    review: Review,
    done: Callback<String>,
    back: Callback<()>,
    #[prop(into)] back_label: String,
) -> impl IntoView {
    let action = switch_action(done);
    let consent = review.consent();
    let agreed = RwSignal::new(consent == Consent::OneClick);
    let breaking: Vec<String> = review
        .preview
        .breaking()
        .map(|c| format!("{}: {}", c.label, c.change))
        .collect();
    let connections = connections_switch(review.connections);
    let label = review.confirm_label.clone();
    let send = review.clone();
    let danger = consent == Consent::AcceptBreaking;
    let new_app_href = review
        .new_app
        .as_ref()
        .map_or_else(|| app_href("/apps?add=1"), Preselect::href);
    view! {
        <div class="review">
            <p class=format!("notice {}", review.class.word())>{review.advice.clone()}</p>
            {review.changelogs.clone().into_iter().map(|(version, text)| view! {
                <h3>{format!("Changelog of {version}")}</h3>
                <Changelog text/>
            }).collect_view()}
            <h3>"What changes"</h3>
            <PreviewView preview=review.preview.clone()/>
            {match consent {
                Consent::OneClick => ().into_any(),
                Consent::ReadChangelog => view! {
                    <div class="field checkbox">
                        <input id="switch-consent" type="checkbox" bind:checked=agreed/>
                        <label for="switch-consent">"I have read the changelogs above."</label>
                    </div>
                }.into_any(),
                Consent::AcceptBreaking => view! {
                    <div class="notice warning breaking">
                        <h3><span aria-hidden="true">"⚠ "</span>"Breaking changes"</h3>
                        {if breaking.is_empty() {
                            view! { <p>"The schemas show no breaking field changes, but the changelog may describe changes in behaviour."</p> }.into_any()
                        } else {
                            view! { <ul>{breaking.into_iter().map(|b| view! { <li>{b}</li> }).collect_view()}</ul> }.into_any()
                        }}
                        <p>"To keep this app working as it is, you can instead "
                            <a href=new_app_href>"create a new app"</a>
                            " with the new version and test it first."</p>
                    </div>
                    <div class="field checkbox">
                        <input id="switch-consent" type="checkbox" bind:checked=agreed/>
                        <label for="switch-consent">
                            {format!("I understand these breaking changes and that {connections} at once.")}
                        </label>
                    </div>
                }.into_any(),
            }}
            {move || action.value().get().and_then(Result::err).map(|error| view! { <ErrorPanel error/> })}
            <div class="actions">
                <ActionButton label busy="Switching…" pending=action.pending()
                    kind=if danger { "danger" } else { "primary" }
                    disabled=Signal::derive(move || !agreed.get())
                    press=Callback::new(move |_| { action.dispatch(send.clone()); })/>
                <button type="button" class="button secondary" on:click=move |_| back.run(())>{back_label}</button>
            </div>
        </div>
    }
}

/// One version as the picker lists it.
#[derive(Clone, Debug, PartialEq)]
struct VersionRow {
    version: String,
    class: Class,
    describe: String,
    downgrade: bool,
    valid: bool,
    created: Option<String>,
    changelog: Option<String>,
}

fn version_rows(data: &AppData) -> Result<Vec<VersionRow>, ApiError> {
    let current = data.current_version();
    let versions = data.versions.as_ref().map_err(Clone::clone)?;
    Ok(versions
        .iter()
        .map(|v| {
            let s = step(&current, &v.version);
            VersionRow {
                version: v.version.clone(),
                class: s.class,
                describe: s.describe(),
                downgrade: s.downgrade,
                valid: !matches!(
                    crate::connector_versions::ConnectorVersion::parse(&v.version),
                    crate::connector_versions::ConnectorVersion::Invalid(_)
                ),
                created: v.created_at.clone(),
                changelog: v.changelog.clone(),
            }
        })
        .collect())
}

/// What the version dialog shows: the review of one switch, or the list.
#[derive(Clone, Debug, PartialEq)]
enum Shown {
    Review(Box<Review>),
    List(Result<Vec<VersionRow>, ApiError>),
}

/// Every version of the connector, newest first, and the review of a switch.
#[component]
pub fn VersionDialog(
    open: RwSignal<bool>,
    target: RwSignal<Option<String>>,
    data: Signal<AppData>,
    done: Callback<String>,
    retry: Callback<()>,
) -> impl IntoView {
    let shown = crate::ui::memo(move |_| {
        let data = data.read();
        match target.get().and_then(|v| Review::for_version(&data, &v)) {
            Some(review) => Shown::Review(Box::new(review)),
            None => Shown::List(version_rows(&data)),
        }
    });
    let connector = crate::ui::memo(move |_| {
        data.read()
            .connector()
            .map(|c| c.display_name().to_owned())
            .unwrap_or_else(|| "the connector".to_owned())
    });
    let title = Signal::derive(move || match &*shown.read() {
        Shown::Review(review) => review.heading.clone(),
        Shown::List(_) => format!("Versions of {}", connector.read()),
    });
    let finished = Callback::new(move |message: String| {
        open.set(false);
        done.run(message);
    });
    view! {
        <Dialog open title class="wide">
            {move || match shown.get() {
                Shown::Review(review) => view! {
                    <ReviewView review=*review done=finished back=Callback::new(move |_| target.set(None))
                        back_label="All versions"/>
                }.into_any(),
                Shown::List(Ok(rows)) => view! { <VersionList rows target/> }.into_any(),
                Shown::List(Err(error)) => view! { <ErrorPanel error retry/> }.into_any(),
            }}
        </Dialog>
    }
}

#[component]
fn VersionList(rows: Vec<VersionRow>, target: RwSignal<Option<String>>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="muted">"The engine lists no versions for this connector."</p> }
            .into_any();
    }
    view! {
        <ul class="version-list" aria-label="Versions, newest first">
            {rows.into_iter().map(|row| {
                let is_current = row.class == Class::Same;
                let version = row.version;
                view! {
                    <li class="version-item" aria-current=is_current.then_some("true")>
                        <div class="version-head">
                            <h3>{if row.valid { version.clone() } else { format!("{version} (not a valid version)") }}</h3>
                            <span class=format!("badge {}", row.class.word())>{row.describe}</span>
                            {row.created.map(|d| view! { <span class="muted">{d.get(..10).unwrap_or(&d).to_owned()}</span> })}
                        </div>
                        <details>
                            <summary>{format!("Changelog of {version}")}</summary>
                            <Changelog text=row.changelog/>
                        </details>
                        {(!is_current).then(|| {
                            let label = if row.downgrade { "Downgrade to " } else if row.class == Class::Unknown { "Switch to " } else { "Update to " };
                            let chosen = version.clone();
                            view! {
                                <button type="button" class="button secondary"
                                    on:click=move |_| target.set(Some(chosen.clone()))>
                                    {format!("{label}{version}…")}
                                </button>
                            }
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// What the connector card lists: it is rebuilt only when one of these
/// changes.
#[derive(Clone, Debug, PartialEq)]
pub struct ConnectorChoice {
    connectors: Result<Vec<Connector>, ApiError>,
    current: Option<String>,
    archived: bool,
}

impl ConnectorChoice {
    pub fn of(data: &AppData) -> ConnectorChoice {
        ConnectorChoice {
            connectors: data.connectors.clone(),
            current: data.app.connector_id.clone(),
            archived: data.app.is_archived(),
        }
    }
}

/// The workspace's connectors for this external app, the current one marked,
/// each a switch away.
#[component]
pub fn ConnectorSwitch(
    choice: ConnectorChoice,
    data: Signal<AppData>,
    done: Callback<String>,
    retry: Callback<()>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let chosen = RwSignal::new(None::<Connector>);
    let ConnectorChoice {
        connectors,
        current,
        archived,
    } = choice;
    let finished = Callback::new(move |message: String| {
        open.set(false);
        done.run(message);
    });
    let title = Signal::derive(move || {
        chosen
            .get()
            .map(|c| format!("Switch to {}", c.display_name()))
            .unwrap_or_default()
    });
    let list = match connectors {
        Err(error) => view! {
            <p>"The workspace's connectors could not be read."</p>
            <ErrorPanel error retry/>
        }
        .into_any(),
        Ok(connectors) => {
            let others = connectors.iter().any(|c| Some(&c.id) != current.as_ref());
            view! {
                <ul class="connector-list">
                    {connectors.into_iter().map(|c| {
                        let is_current = Some(&c.id) == current.as_ref();
                        let name = c.display_name().to_owned();
                        view! {
                            <li aria-current=is_current.then_some("true")>
                                <span class="connector-name">{name.clone()} " " <ConnectorBadge custom=c.is_custom()/></span>
                                <span class="muted">{c.version.clone().map(|v| format!("newest {v}"))}</span>
                                {if is_current {
                                    view! { <span class="state ok"><span aria-hidden="true">"✓ "</span>"In use"</span> }.into_any()
                                } else {
                                    view! {
                                        <button type="button" class="button secondary" aria-haspopup="dialog" disabled=archived
                                            on:click=move |_| { chosen.set(Some(c.clone())); open.set(true); }>
                                            {format!("Switch to {name}…")}
                                        </button>
                                    }.into_any()
                                }}
                            </li>
                        }
                    }).collect_view()}
                </ul>
                {(!others).then(|| view! { <p class="muted">"There is no other connector for this app in the workspace."</p> })}
            }
            .into_any()
        }
    };
    view! {
        <section class="card" aria-labelledby="app-connector">
            <h2 id="app-connector">"Connector"</h2>
            <p class="hint">"An app can use the public connector or your workspace's custom one for the same external app."</p>
            {list}
            <Dialog open title class="wide">
                {move || chosen.get().map(|connector| view! {
                    <ConnectorReview data=data.get() connector done=finished
                        back=Callback::new(move |_| open.set(false))/>
                })}
            </Dialog>
        </section>
    }
}

#[component]
fn ConnectorReview(
    data: AppData,
    connector: Connector,
    done: Callback<String>,
    back: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let id = connector.id.clone();
    let versions = crate::ui::read(move || {
        let id = id.clone();
        async move { api.connectors().versions(&id).await }
    });
    view! {
        <Suspense fallback=|| view! { <Loading label="Reading the connector's versions…"/> }>
            {
                let (data, connector) = (data.clone(), connector.clone());
                move || {
                    let (data, connector) = (data.clone(), connector.clone());
                    Suspend::new(async move {
                        part_view(versions.await, move || versions.refetch(), |page| {
                            let mut items = page.into_read();
                            sort_newest_first(&mut items, |v| v.version.as_str());
                            match items.first() {
                                Some(newest) => view! {
                                    <ReviewView review=Review::for_connector(&data, &connector, newest)
                                        done back back_label="Cancel"/>
                                }.into_any(),
                                None => view! { <p>"This connector has no versions yet, so the app cannot use it."</p> }.into_any(),
                            }
                        })
                    })
                }
            }
        </Suspense>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{ConnectorSpec, Integration};
    use serde_json::json;

    fn data() -> AppData {
        let schema = |required: &[&str]| {
            json!({"type": "object", "required": required, "properties": {
                "apiVersion": {"type": "string", "title": "API version"},
                "portalId": {"type": "string", "title": "Portal ID"}
            }})
        };
        let version = |v: &str, required: &[&str]| -> ConnectorVersionInfo {
            serde_json::from_value(json!({"version": v, "parametersSchema": schema(required)}))
                .expect("valid version")
        };
        AppData {
            app: serde_json::from_value::<Integration>(json!({
                "id": "i1", "key": "hubspot", "connectorVersion": "2.1.0",
                "parameters": {"apiVersion": "2021-06"}, "connectionsCount": 5
            }))
            .expect("valid app"),
            spec: ConnectorSpec {
                version: Some("2.1.0".into()),
                parameters_schema: Some(schema(&[])),
                input_schema: None,
            },
            versions: Ok(vec![
                version("3.0.0", &["portalId"]),
                version("2.2.0", &[]),
                version("2.1.1", &[]),
                version("2.1.0", &[]),
            ]),
            connectors: Ok(Vec::new()),
        }
    }

    #[test]
    fn consent_follows_the_class_and_the_breaking_changes() {
        let data = data();
        let patch = Review::for_version(&data, "2.1.1").expect("listed");
        assert_eq!(patch.consent(), Consent::OneClick);
        assert_eq!(patch.heading, "Update to version 2.1.1 (patch update)");
        assert_eq!(patch.patch.connector_version.as_deref(), Some("2.1.1"));
        let minor = Review::for_version(&data, "2.2.0").expect("listed");
        assert_eq!(minor.consent(), Consent::ReadChangelog);
        assert_eq!(
            minor
                .changelogs
                .iter()
                .map(|c| c.0.as_str())
                .collect::<Vec<_>>(),
            ["2.2.0", "2.1.1"]
        );
        let major = Review::for_version(&data, "3.0.0").expect("listed");
        assert_eq!(major.consent(), Consent::AcceptBreaking);
        assert_eq!(major.preview.must_fill, ["Portal ID"]);
        assert!(Review::for_version(&data, "9.9.9").is_none());
        assert_eq!(connections_switch(Some(1)), "its 1 connection switches");
    }
}
