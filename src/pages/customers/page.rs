//! /customers/:id: a customer's header and section links; the Overview
//! (fields, connections and details) and the Connections section. The
//! instance sections live in `pages/instances`.

use super::details::EditDetails;
use crate::api::{
    early, use_api, ApiError, Customer, CustomerChanges, FieldSchema, InstanceKind, InstanceQuery,
    Request, Workspace,
};
use crate::forms::{FormMode, FormState, SchemaForm};
use crate::pages::connections::{
    customer_connections_query, CustomerConnectionRows, CustomerConnections,
};
use crate::pages::instances::InstancesChanged;
use crate::ui::{
    app_href, error_fallback, use_leave_guard, use_page_title, use_toasts, ActionButton,
    CopyButton, Dialog, ErrorPanel, Loading, RelativeTime,
};
use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::{use_location, use_params_map};
use serde_json::{Map, Value};

/// The customer once read, for the sections that show or edit the record
/// itself (the Overview). Empty until the customer is in.
#[derive(Clone, Copy)]
struct CustomerRecord(RwSignal<Option<RwSignal<Customer>>>);

/// The customer's name, for the titles of its sections' pages ("Flows ·
/// Acme"): each section names the page, the customer page does not.
#[derive(Clone, Copy)]
pub struct CustomerName(pub RwSignal<String>);

/// "`what` · the customer's name" as the page title, once the name is known.
pub fn use_customer_page_title(what: impl Fn() -> String + Send + Sync + 'static) {
    let name = use_context::<CustomerName>().map(|CustomerName(n)| n);
    use_page_title(move || {
        let name = name.map(|n| n.get()).unwrap_or_default();
        match (what(), name.is_empty()) {
            (what, true) => what,
            (what, false) if what.is_empty() => name,
            (what, false) => format!("{what} · {name}"),
        }
    });
}

/// The customer and its sections' counts, asked for while the page's code
/// loads.
pub(crate) fn customer_page_reads() -> Vec<Request> {
    let id = use_params_map()
        .get_untracked()
        .get("id")
        .unwrap_or_default();
    let counts = InstanceKind::ALL.map(|kind| early::instances(&count_query(kind, id.clone())));
    [early::customer(&id)].into_iter().chain(counts).collect()
}

/// `/customers/:id` and its sections: the header and the section links,
/// with the section's route beneath. A section starts its own reads as the
/// page opens, beside the customer's, not after it.
#[component]
pub fn CustomerPage() -> impl IntoView {
    let api = use_api();
    let params = use_params_map();
    let id = crate::ui::memo(move |_| params.read().get("id").unwrap_or_default());
    let customer = crate::ui::read(move || {
        let id = id.get();
        async move { api.customers().get(&id).await }
    });
    let record = RwSignal::new(None::<RwSignal<Customer>>);
    provide_context(CustomerRecord(record));
    let changed = RwSignal::new(0u32);
    provide_context(InstancesChanged(changed));
    let title = RwSignal::new(String::new());
    provide_context(CustomerName(title));
    let failed = move || customer.get().is_some_and(|r| r.is_err());

    view! {
        <section class="page customer-page">
            <p class="breadcrumb"><a href=app_href("/customers")>"Customers"</a></p>
            <Suspense fallback=|| view! { <Loading label="Loading the customer…"/> }>
                <ErrorBoundary fallback=error_fallback(move || customer.refetch())>
                    {move || Suspend::new(async move {
                        customer.await.map(|customer| {
                            title.set(customer.display_name().to_owned());
                            let customer = RwSignal::new(customer);
                            // Shared once the header is on screen (effects run after
                            // it is mounted), so a section never shows above it.
                            crate::ui::effect(move |_| record.set(Some(customer)));
                            view! { <CustomerHeader customer/> }
                        })
                    })}
                </ErrorBoundary>
            </Suspense>
            // Outside the customer's Suspense, which would otherwise wait for
            // every count before showing the customer.
            <div class="customer-section" hidden=failed>
                {move || view! { <SectionLinks customer_id=id.get() changed/> }}
                <Outlet/>
            </div>
        </section>
    }
}

/// The customer's sections, each with how many there are once known.
#[component]
fn SectionLinks(customer_id: String, changed: RwSignal<u32>) -> impl IntoView {
    let api = use_api();
    let location = use_location();
    let base = app_href(&format!("/customers/{}", crate::api::encode(&customer_id)));
    let prefix = base.clone();
    // The section shown: the path's segment after the customer's.
    let current = crate::ui::memo(move |_| {
        let path = location.pathname.get();
        path.strip_prefix(&prefix)
            .map(|rest| {
                rest.trim_start_matches('/')
                    .split('/')
                    .next()
                    .unwrap_or("")
                    .to_owned()
            })
            .unwrap_or_default()
    });
    let link = move |section: &'static str, label: String, count: Option<Signal<String>>| {
        let href = if section.is_empty() {
            base.clone()
        } else {
            format!("{base}/{section}")
        };
        view! {
            <a href=href aria-current=move || (current.get() == section).then_some("page")>
                {label}
                {count.map(|count| view! { " " <span class="section-count">{count}</span> })}
            </a>
        }
    };
    let counts: Vec<_> = InstanceKind::ALL
        .into_iter()
        .map(|kind| {
            let customer_id = customer_id.clone();
            let read = crate::ui::read(move || {
                changed.track();
                let query = count_query(kind, customer_id.clone());
                async move { api.instances().list(&query).await }
            });
            let count = Signal::derive(move || match read.get() {
                Some(Ok(page)) if page.has_more() => format!("{COUNTED}+"),
                Some(Ok(page)) => page.items.len().to_string(),
                _ => String::new(),
            });
            (kind, count)
        })
        .collect();
    view! {
        <nav class="sub-nav section-tabs" aria-label="Customer sections">
            {link("", "Overview".to_owned(), None)}
            {link("connections", "Connections".to_owned(), None)}
            {counts.into_iter().map(|(kind, count)| link(kind.section(), kind.title().to_owned(), Some(count))).collect_view()}
        </nav>
    }
}

/// Counted exactly up to this many; beyond, "100+".
const COUNTED: u32 = 100;

/// The read that counts a customer's instances of one kind.
fn count_query(kind: InstanceKind, customer_id: String) -> InstanceQuery {
    let mut query = InstanceQuery::new(kind);
    query.customer_id = Some(customer_id);
    query.limit = COUNTED;
    query
}

/// The workspace (for the fields) and the customer's connections, asked for
/// while the Overview's code loads.
pub(crate) fn customer_overview_reads() -> Vec<Request> {
    let id = use_params_map()
        .get_untracked()
        .get("id")
        .unwrap_or_default();
    vec![
        early::workspace(),
        early::connections(&customer_connections_query(id, None)),
    ]
}

/// `/customers/:id`: fields, connections and details.
#[component]
pub fn CustomerOverview() -> impl IntoView {
    let api = use_api();
    let params = use_params_map();
    let id = crate::ui::memo(move |_| params.read().get("id").unwrap_or_default());
    let CustomerRecord(record) = expect_context();
    use_customer_page_title(String::new);
    // Requested with the customer, not after it; shown by the Fields card,
    // which alone suffers when it cannot be read.
    let workspace = crate::ui::read(move || api.workspace().get());
    let connections = CustomerConnectionRows::start(id);
    move || {
        record
            .get()
            .map(|customer| view! { <CustomerView customer workspace connections/> })
    }
}

/// `/customers/:id/connections`: the customer's connections alone.
#[component]
pub fn CustomerConnectionsSection() -> impl IntoView {
    let params = use_params_map();
    let id = crate::ui::memo(move |_| params.read().get("id").unwrap_or_default());
    let CustomerRecord(record) = expect_context();
    use_customer_page_title(|| "Connections".to_owned());
    let connections = CustomerConnectionRows::start(id);
    let who = crate::ui::memo(move |_| {
        record
            .get()
            .map(|c| c.with(|c| (c.id.clone(), c.display_name().to_owned())))
    });
    view! {
        <div class="card">
            {move || who.get().map(|(customer_id, customer_name)| view! {
                <CustomerConnections rows=connections customer_id customer_name/>
            })}
        </div>
    }
}

#[component]
fn CustomerView(
    customer: RwSignal<Customer>,
    workspace: LocalResource<Result<Workspace, ApiError>>,
    connections: CustomerConnectionRows,
) -> impl IntoView {
    // Only who the customer is: a save or an archive must not reload the
    // card, reset its paging or close its Connect dialog.
    let who = crate::ui::memo(move |_| {
        let c = customer.read();
        (c.id.clone(), c.display_name().to_owned())
    });
    view! {
        <FieldsPart customer workspace/>
        <div class="card">
            {move || {
                let (customer_id, customer_name) = who.get();
                view! { <CustomerConnections rows=connections customer_id customer_name/> }
            }}
        </div>
        <DetailsCard customer/>
    }
}

/// The Fields card once the field schema is in; when the schema cannot be
/// read, the fields as stored, what went wrong and what to do. Settings ›
/// Testing shows the test customer's fields with it too.
#[component]
pub(crate) fn FieldsPart(
    customer: RwSignal<Customer>,
    workspace: LocalResource<Result<Workspace, ApiError>>,
) -> impl IntoView {
    let unreadable = move |why: AnyView| {
        view! {
            <section class="card" aria-labelledby="customer-fields-title">
                <h2 id="customer-fields-title">"Fields"</h2>
                <div class="notice warning">{why}</div>
                <pre class="raw-fields"><code>{move || {
                    serde_json::to_string_pretty(&customer.read().fields).unwrap_or_default()
                }}</code></pre>
            </section>
        }
    };
    let fix_it = || {
        view! {
            <p>"The fields are shown as stored and cannot be edited here until the schema can be read. Check it in "
                <a href=app_href("/settings/general")>"Settings › General"</a>"."</p>
        }
    };
    view! {
        <Suspense fallback=|| view! { <Loading label="Loading the customer fields…"/> }>
            {move || Suspend::new(async move {
                match workspace.await {
                    Ok(w) => match w.user_fields_schema {
                        FieldSchema::Unreadable { reason } => unreadable(view! {
                            <p><strong>"The customer field schema could not be read: "</strong>{reason}</p>
                            {fix_it()}
                            <button type="button" class="button" on:click=move |_| workspace.refetch()>"Retry"</button>
                        }.into_any()).into_any(),
                        schema => view! {
                            <FieldsCard customer schema=schema.value().cloned().unwrap_or(Value::Null)/>
                        }.into_any(),
                    },
                    Err(error) => unreadable(view! {
                        <p><strong>"The customer field schema could not be loaded, "</strong>
                            "so the fields are shown as stored and cannot be edited until it is."</p>
                        <ErrorPanel error retry=Callback::new(move |_| workspace.refetch())/>
                    }.into_any()).into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CustomerHeader(customer: RwSignal<Customer>) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let confirm_open = RwSignal::new(false);
    let archive = crate::ui::write(move |id: &String| {
        let id = id.clone();
        async move {
            let archived = api.customers().archive(&id).await;
            if let Ok(updated) = &archived {
                confirm_open.set(false);
                toasts.show(format!("{} archived", updated.display_name()));
                customer.set(updated.clone());
            }
            archived
        }
    });
    let restore = crate::ui::write(move |id: &String| {
        let id = id.clone();
        async move {
            let restored = api.customers().restore(&id).await;
            if let Ok(updated) = &restored {
                toasts.show(format!("{} restored", updated.display_name()));
                customer.set(updated.clone());
            }
            restored
        }
    });
    let id = move || customer.read().id.clone();
    let engine_id = crate::ui::memo(move |_| id());
    let name = move || customer.read().display_name().to_owned();

    view! {
        <header class="record-head">
            <div>
                <h1>
                    {name}
                    {move || customer.read().is_test.then(|| view! { <span class="badge test">"Test"</span> })}
                </h1>
                <dl class="ids">
                    <dt>"Internal id"</dt>
                    <dd class="mono">{move || customer.read().internal_id.clone().unwrap_or_else(|| "—".to_owned())}</dd>
                    <dt>"Engine id"</dt>
                    <dd class="mono">
                        {id}
                        {move || view! { <CopyButton value=engine_id.get() label="Copy engine id"/> }}
                    </dd>
                </dl>
            </div>
            <div class="head-actions">
                <EditDetails customer/>
                <Show when=move || !customer.read().is_archived()>
                    <button type="button" class="button danger-outline" on:click=move |_| confirm_open.set(true)>
                        "Archive…"
                    </button>
                </Show>
            </div>
        </header>
        <Show when=move || customer.read().is_archived()>
            <div class="banner archived" role="status">
                <p>
                    <strong>"Archived. "</strong>
                    "This customer is read-only and hidden from the list until restored."
                </p>
                <ActionButton label="Restore" busy="Restoring…" kind="" pending=restore.pending()
                    press=Callback::new(move |_| { restore.dispatch(id()); })/>
            </div>
            {move || restore.value().get().and_then(Result::err).map(|error| view! {
                <ErrorPanel error retry=Callback::new(move |_| { restore.dispatch(id()); })/>
            })}
        </Show>
        <Dialog open=confirm_open title=Signal::derive(move || format!("Archive {}?", name()))>
            <p>
                "Archiving " <strong>{name}</strong>
                " hides it from the customer list and makes it read-only. Its connections stay as they are. You can restore it at any time."
            </p>
            {move || archive.value().get().and_then(Result::err).map(|error| view! { <ErrorPanel error/> })}
            <div class="actions">
                <ActionButton label="Archive customer" busy="Archiving…" kind="danger" pending=archive.pending()
                    press=Callback::new(move |_| { archive.dispatch(id()); })/>
                <button type="button" class="button secondary" on:click=move |_| confirm_open.set(false)>"Cancel"</button>
            </div>
        </Dialog>
    }
}

/// The customer's fields in the schema-driven form, saved with only the
/// keys that changed.
#[component]
fn FieldsCard(customer: RwSignal<Customer>, schema: Value) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let initial = Value::Object(customer.get_untracked().fields);
    let form = FormState::new(&schema, initial, FormMode::Edit);
    use_leave_guard(form.is_dirty());

    let save = crate::ui::write(move |changes: &Map<String, Value>| {
        let id = customer.get_untracked().id;
        let body = CustomerChanges {
            fields: Some(changes.clone()),
            ..Default::default()
        };
        async move {
            let saved = api.customers().update(&id, &body).await;
            match &saved {
                Ok(updated) => {
                    form.saved(Value::Object(updated.fields.clone()));
                    toasts.show("Fields saved");
                    customer.set(updated.clone());
                }
                Err(error) => {
                    if let Some(field) = error.field().filter(|f| f.starts_with("/fields/")) {
                        let pointer = field.trim_start_matches("/fields").to_owned();
                        form.set_server_errors(vec![(pointer, error.field_message())]);
                    }
                }
            }
            saved
        }
    });
    crate::ui::effect(move |_| {
        form.set_disabled(save.pending().get() || customer.read().is_archived())
    });
    let submit_changes = move || {
        if form.validate_for_submit() {
            save.dispatch(form.changed_top_level());
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submit_changes();
    };
    let read_only = move || customer.read().is_archived();

    view! {
        <form class="card form" on:submit=submit novalidate aria-labelledby="customer-fields-title">
            <div class="card-head">
                <h2 id="customer-fields-title">"Fields"</h2>
                <Show when=move || form.is_dirty().get()>
                    <span class="badge unsaved">"Unsaved changes"</span>
                </Show>
            </div>
            <SchemaForm state=form id_prefix="customer-fields"/>
            {move || save.value().get().and_then(Result::err).filter(|_| !save.pending().get()).map(|error| view! {
                <ErrorPanel error retry=Callback::new(move |_| submit_changes())/>
            })}
            <Show when=move || !read_only()>
                <div class="actions">
                    <ActionButton label="Save" busy="Saving…" pending=save.pending()
                        disabled=Signal::derive(move || !form.is_dirty().get())/>
                    <button type="button" class="button secondary"
                        disabled=move || save.pending().get() || !form.is_dirty().get()
                        on:click=move |_| form.reset(Value::Object(customer.get_untracked().fields))>
                        "Discard changes"
                    </button>
                </div>
            </Show>
        </form>
    }
}

#[component]
fn DetailsCard(customer: RwSignal<Customer>) -> impl IntoView {
    let raw = move || serde_json::to_string_pretty(&customer.get()).unwrap_or_default();
    let created = crate::ui::memo(move |_| customer.read().created_at.clone());
    let last_active = crate::ui::memo(move |_| customer.read().last_active_at.clone());
    view! {
        <div class="card">
            <h2>"Details"</h2>
            <dl class="facts">
                <dt>"Created"</dt>
                <dd>{move || view! { <RelativeTime value=created.get()/> }}</dd>
                <dt>"Last active"</dt>
                <dd>{move || view! { <RelativeTime value=last_active.get()/> }}</dd>
            </dl>
            <details class="raw-json">
                <summary>"Raw record (JSON)"</summary>
                <pre><code>{raw}</code></pre>
            </details>
        </div>
    }
}
