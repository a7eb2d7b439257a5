//! `/customers/{id}/{section}/{instance}`: one instance, its details, the
//! engine's errors in full, and what can be done with it.

use super::InstanceState;
use crate::api::{early, use_api, ApiError, Instance, InstanceKind, InstanceOperation, Request};
use crate::pages::connections::{ConnLogo, EngineErrors};
use crate::pages::NotFound;
use crate::ui::{
    app_href, error_fallback, record_href, use_toasts, ActionButton, Dialog, ErrorPanel, Loading,
    RelativeTime,
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// Told when an instance is archived or restored, so the customer's section
/// counts are read again.
#[derive(Clone, Copy)]
pub struct InstancesChanged(pub RwSignal<u32>);

/// The instance, and a flow's first runs or a table's links, asked for at
/// once: they would otherwise wait until the instance has been read and shown.
pub(crate) fn instance_page_reads() -> Vec<Request> {
    let params = use_params_map().get_untracked();
    let customer_id = params.get("id").unwrap_or_default();
    let id = params.get("instance").unwrap_or_default();
    let Some(kind) = params
        .get("section")
        .and_then(|s| InstanceKind::from_section(&s))
    else {
        return Vec::new();
    };
    let mut reads = vec![early::instance(kind, &id)];
    match kind {
        InstanceKind::Flow => reads.push(early::flow_runs(&id, None)),
        InstanceKind::DataLinkTable => {
            reads.push(super::links::first_links_read(&customer_id, &id))
        }
        _ => {}
    }
    reads
}

#[component]
pub fn InstancePage() -> impl IntoView {
    let params = use_params_map();
    let target = crate::ui::memo(move |_| {
        let p = params.read();
        (
            p.get("id").unwrap_or_default(),
            p.get("section")
                .and_then(|s| InstanceKind::from_section(&s)),
            p.get("instance").unwrap_or_default(),
        )
    });
    move || match target.get() {
        (customer_id, Some(kind), id) => view! { <InstanceLoader customer_id kind id/> }.into_any(),
        _ => view! { <NotFound/> }.into_any(),
    }
}

#[component]
fn InstanceLoader(customer_id: String, kind: InstanceKind, id: String) -> impl IntoView {
    let api = use_api();
    let for_read = id.clone();
    let instance = crate::ui::read(move || {
        let id = for_read.clone();
        async move { api.instances().get(kind, &id).await }
    });
    let title = RwSignal::new(kind.label().to_owned());
    crate::pages::customers::use_customer_page_title(move || title.get());
    let back = app_href(&format!(
        "/customers/{}/{}",
        crate::api::encode(&customer_id),
        kind.section()
    ));
    view! {
        <p class="breadcrumb"><a href=back>{format!("All {}", kind.nouns())}</a></p>
        <Suspense fallback=move || view! { <Loading label=format!("Loading the {}…", kind.noun())/> }>
            <ErrorBoundary fallback=error_fallback(move || instance.refetch())>
                {move || Suspend::new(async move {
                    instance.await.map(|i| {
                        title.set(i.display_name().to_owned());
                        view! { <Loaded kind instance=i/> }
                    })
                })}
            </ErrorBoundary>
        </Suspense>
    }
}

/// The operations of one instance: one action, so its busy state, result
/// and error are in one place; `busy(op)` says which one is under way.
#[derive(Clone, Copy)]
pub(super) struct Operations {
    pub action: Action<InstanceOperation, Result<Instance, ApiError>>,
    /// The last one asked for, for Retry: the action forgets its input once done.
    last: StoredValue<Option<InstanceOperation>>,
}

impl Operations {
    pub fn busy(self, op: InstanceOperation) -> Signal<bool> {
        let action = self.action;
        Signal::derive(move || action.pending().get() && action.input().get() == Some(op))
    }

    pub fn run(self, op: InstanceOperation) {
        self.last.set_value(Some(op));
        self.action.dispatch(op);
    }

    fn retry(self) {
        if let Some(op) = self.last.get_value() {
            self.run(op);
        }
    }
}

fn done_words(kind: InstanceKind, op: InstanceOperation) -> String {
    let what = kind.noun();
    match op {
        InstanceOperation::Setup => format!("The {what} was set up again"),
        InstanceOperation::Reset => format!("The {what} was reset to the integration's version"),
        InstanceOperation::Archive => format!("The {what} was archived"),
        InstanceOperation::Restore => format!("The {what} was restored"),
        InstanceOperation::Subscribe => "Subscribed".to_owned(),
        InstanceOperation::Unsubscribe => "Unsubscribed".to_owned(),
        InstanceOperation::Resubscribe => "Subscribed again".to_owned(),
        InstanceOperation::PullEvents => "Events pulled".to_owned(),
    }
}

/// The operation waiting for a confirmation, and whether its dialog is open.
#[derive(Clone, Copy)]
struct Confirming {
    op: RwSignal<Option<InstanceOperation>>,
    open: RwSignal<bool>,
}

impl Confirming {
    fn ask(self, op: InstanceOperation) {
        self.op.set(Some(op));
        self.open.set(true);
    }
}

/// The loaded instance. Writes update it in place; each part is rebuilt
/// only when what it shows changes.
#[component]
fn Loaded(kind: InstanceKind, instance: Instance) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let changed = use_context::<InstancesChanged>();
    let id = StoredValue::new(instance.id.clone());
    let record = RwSignal::new(instance);
    let confirming = Confirming {
        op: RwSignal::new(None),
        open: RwSignal::new(false),
    };
    let action = crate::ui::write(move |op: &InstanceOperation| {
        let op = *op;
        let id = id.get_value();
        async move {
            let done = api.instances().operate(kind, &id, op).await;
            if let Ok(updated) = &done {
                record.set(updated.clone());
                confirming.open.set(false);
                toasts.show(done_words(kind, op));
                if matches!(op, InstanceOperation::Archive | InstanceOperation::Restore) {
                    if let Some(InstancesChanged(version)) = changed {
                        version.update(|v| *v += 1);
                    }
                }
            }
            done
        }
    });
    let ops = Operations {
        action,
        last: StoredValue::new(None),
    };
    let errors = crate::ui::memo(move |_| record.read().all_errors());
    view! {
        <Head kind record ops confirming/>
        <Facts kind record/>
        {move || {
            let errors = errors.get();
            (!errors.is_empty()).then(|| view! { <EngineErrors errors/> })
        }}
        {match kind {
            InstanceKind::Flow => view! { <super::flow::FlowBody record/> }.into_any(),
            InstanceKind::Action => view! { <super::action::ActionBody record/> }.into_any(),
            InstanceKind::DataSource => view! { <super::data_source::DataSourceBody record/> }.into_any(),
            InstanceKind::FieldMapping => view! { <super::field_mapping::FieldMappingBody record/> }.into_any(),
            InstanceKind::DataLinkTable => view! { <super::links::LinksBody record/> }.into_any(),
            InstanceKind::AppEventSubscription | InstanceKind::ExternalEventSubscription => {
                view! { <super::subscription::SubscriptionBody kind record ops/> }.into_any()
            }
        }}
        <Confirm kind record ops confirming/>
    }
}

/// The name, state and the operations every kind shares.
#[component]
fn Head(
    kind: InstanceKind,
    record: RwSignal<Instance>,
    ops: Operations,
    confirming: Confirming,
) -> impl IntoView {
    let name = crate::ui::memo(move |_| record.read().display_name().to_owned());
    let status = crate::ui::memo(move |_| record.read().status());
    let customized = crate::ui::memo(move |_| record.read().is_customized);
    let archived = crate::ui::memo(move |_| record.read().is_archived());
    // A customer-level flow has no integration's version to go back to.
    let resettable =
        kind != InstanceKind::Flow || !record.with_untracked(Instance::is_customer_level);
    let failed = move || {
        ops.action
            .value()
            .get()
            .and_then(Result::err)
            .filter(|_| !confirming.open.get() && !ops.action.pending().get())
    };
    let retry = Callback::new(move |_| ops.retry());
    view! {
        <header class="record-head">
            <div>
                <h1>{move || name.get()}</h1>
                <p class="hint">
                    {kind.label()}
                    <Show when=move || customized.get()>
                        <span class="badge custom">"Customized"</span>
                    </Show>
                </p>
                <p>{move || view! { <InstanceState status=status.get() with_detail=true/> }}</p>
            </div>
            <div class="head-actions">
                <Show when=move || kind.has_setup() && !archived.get()>
                    <ActionButton label="Set up again" busy="Setting up…" kind="secondary"
                        pending=ops.busy(InstanceOperation::Setup)
                        press=Callback::new(move |_| ops.run(InstanceOperation::Setup))/>
                    {resettable.then(|| view! {
                        <button type="button" class="button secondary"
                            on:click=move |_| confirming.ask(InstanceOperation::Reset)>"Reset…"</button>
                    })}
                </Show>
                <Show when=move || !archived.get()>
                    <button type="button" class="button danger-outline"
                        on:click=move |_| confirming.ask(InstanceOperation::Archive)>{format!("Archive {}…", kind.noun())}</button>
                </Show>
            </div>
        </header>
        <Show when=move || archived.get()>
            <div class="banner archived" role="status">
                <p><strong>"Archived. "</strong>{format!("This {} no longer runs for the customer until it is restored.", kind.noun())}</p>
                <ActionButton label="Restore" busy="Restoring…" kind=""
                    pending=ops.busy(InstanceOperation::Restore)
                    press=Callback::new(move |_| ops.run(InstanceOperation::Restore))/>
            </div>
        </Show>
        {move || failed().map(|error| view! { <ErrorPanel error retry/> })}
    }
}

/// Where the instance comes from and when it changed.
#[component]
fn Facts(kind: InstanceKind, record: RwSignal<Instance>) -> impl IntoView {
    let facts = crate::ui::memo(move |_| {
        let i = record.read();
        (
            i.app_name(),
            i.app_logo(),
            i.integration
                .as_ref()
                .and_then(|a| a.key.clone())
                .or(i.integration_id.clone()),
            i.connection_ref()
                .map(|id| (id.clone(), i.connection_name().unwrap_or(id))),
            i.key.clone(),
            i.instance_key.clone(),
        )
    });
    let times = crate::ui::memo(move |_| {
        let i = record.read();
        (
            i.created_at.clone(),
            i.updated_at.clone(),
            i.archived_at.clone(),
        )
    });
    view! {
        <div class="card">
            <h2>"About"</h2>
            <dl class="facts">
                {move || {
                    let (app, logo, app_ref, connection, key, instance_key) = facts.get();
                    let app = view! { <span class="conn-app"><ConnLogo src=logo/> {app}</span> };
                    view! {
                        <dt>"App"</dt>
                        <dd>{match app_ref {
                            Some(r) => view! { <a href=record_href("/apps", &r)>{app}</a> }.into_any(),
                            None => app.into_any(),
                        }}</dd>
                        {(kind != InstanceKind::AppEventSubscription).then(|| view! {
                            <dt>"Connection"</dt>
                            <dd>{match connection {
                                Some((id, name)) => view! { <a href=record_href("/connections", &id)>{name}</a> }.into_any(),
                                None => view! { "—" }.into_any(),
                            }}</dd>
                        })}
                        <dt>"Key"</dt>
                        <dd class="mono">{key.unwrap_or_else(|| "—".to_owned())}</dd>
                        {instance_key.map(|k| view! { <dt>"Instance key"</dt><dd class="mono">{k}</dd> })}
                    }
                }}
                {move || {
                    let (created, updated, archived) = times.get();
                    view! {
                        <dt>"Created"</dt>
                        <dd><RelativeTime value=created/></dd>
                        {updated.map(|at| view! { <dt>"Updated"</dt><dd><RelativeTime value=Some(at)/></dd> })}
                        {archived.map(|at| view! { <dt>"Archived"</dt><dd><RelativeTime value=Some(at)/></dd> })}
                    }
                }}
            </dl>
        </div>
    }
}

/// Reset and archive discard something: they are confirmed first, saying what.
#[component]
fn Confirm(
    kind: InstanceKind,
    record: RwSignal<Instance>,
    ops: Operations,
    confirming: Confirming,
) -> impl IntoView {
    let Confirming {
        op: confirming,
        open,
    } = confirming;
    let name = move || record.read().display_name().to_owned();
    let title = Signal::derive(move || match confirming.get() {
        Some(InstanceOperation::Reset) => format!("Reset {}?", name()),
        _ => format!("Archive {}?", name()),
    });
    let lost = move || {
        let i = record.read();
        let mut lost: Vec<String> = i
            .flow_nodes()
            .into_iter()
            .filter(|(_, n)| n.is_customized)
            .map(|(key, n)| format!("the changes to the step “{}”", n.name.unwrap_or(key)))
            .collect();
        if i.is_customized && lost.is_empty() {
            lost.push(format!(
                "every change made to this {} for this customer",
                kind.noun()
            ));
        }
        lost
    };
    view! {
        <Dialog open title>
            {move || match confirming.get() {
                Some(InstanceOperation::Reset) => {
                    let lost = lost();
                    view! {
                        <p>{format!("Resetting puts the {} back as the integration defines it.", kind.noun())}</p>
                        {if lost.is_empty() {
                            view! { <p>"It has no customizations, so nothing is lost."</p> }.into_any()
                        } else {
                            view! {
                                <p>"These will be lost:"</p>
                                <ul>{lost.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                            }.into_any()
                        }}
                    }.into_any()
                }
                _ => view! {
                    <p>{format!("Archiving stops this {} for the customer and hides it from the lists. You can restore it later.", kind.noun())}</p>
                }.into_any(),
            }}
            {move || ops.action.value().get().and_then(Result::err).filter(|_| !ops.action.pending().get()).map(|error| view! { <ErrorPanel error/> })}
            <div class="actions">
                {move || {
                    let op = confirming.get().unwrap_or(InstanceOperation::Archive);
                    let (label, busy) = match op {
                        InstanceOperation::Reset => ("Reset".to_owned(), "Resetting…"),
                        _ => (format!("Archive {}", kind.noun()), "Archiving…"),
                    };
                    view! {
                        <ActionButton label busy kind="danger" pending=ops.action.pending()
                            press=Callback::new(move |_| ops.run(op))/>
                    }
                }}
                <button type="button" class="button secondary" on:click=move |_| open.set(false)>"Cancel"</button>
            </div>
        </Dialog>
    }
}
