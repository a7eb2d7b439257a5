//! A data link table: the links between records in your app and the
//! customer's, paged, filtered by direction; add one, delete one.

use crate::api::{early, use_api, ApiError, DataLink, Instance, InstanceKind, Item, Page, Request};
use crate::forms::{FormMode, FormState, SchemaForm};
use crate::ui::{
    part_view, use_toasts, use_url_query, ActionButton, ChoiceSelect, Dialog, EmptyList,
    ErrorPanel, ListTable, Loading, Pager, ResultCount, UnreadableRow, UrlChoice, UrlQuery,
};
use leptos::prelude::*;
use serde_json::{json, Value};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Direction {
    #[default]
    Any,
    Import,
    Export,
}

impl UrlChoice for Direction {
    const ALL: &'static [Self] = &[Direction::Any, Direction::Import, Direction::Export];

    fn url_value(self) -> &'static str {
        match self {
            Direction::Any => "",
            Direction::Import => "import",
            Direction::Export => "export",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Direction::Any => "Both directions",
            Direction::Import => "Import",
            Direction::Export => "Export",
        }
    }
}

fn link_schema() -> Value {
    json!({
        "type": "object",
        "required": ["direction", "appRecordId", "externalRecordId"],
        "properties": {
            "direction": { "type": "string", "title": "Direction", "enum": ["import", "export"], "default": "import" },
            "appRecordId": { "type": "string", "title": "Record id in your app" },
            "externalRecordId": { "type": "string", "title": "Record id in the customer's app" }
        }
    })
}

/// The app path of a data link table's page.
fn table_path(customer_id: &str, table_id: &str) -> String {
    format!(
        "/customers/{}/{}/{}",
        crate::api::encode(customer_id),
        InstanceKind::DataLinkTable.section(),
        crate::api::encode(table_id)
    )
}

/// The links the page shows: the direction and the page in its URL.
fn links_shown(url: UrlQuery) -> (Option<&'static str>, Option<String>) {
    let direction = url.choice::<Direction>("direction").url_value();
    (Some(direction).filter(|d| !d.is_empty()), url.cursor())
}

/// The page of links a table's page opens on, asked for with the table.
pub(super) fn first_links_read(customer_id: &str, table_id: &str) -> Request {
    let (direction, cursor) = links_shown(use_url_query(&table_path(customer_id, table_id)));
    early::data_links(table_id, direction, cursor.as_deref())
}

#[component]
pub(super) fn LinksBody(record: RwSignal<Instance>) -> impl IntoView {
    let api = use_api();
    let table_id = record.get_untracked().id;
    let customer_id = record
        .with_untracked(super::customer_of)
        .unwrap_or_default();
    let url = use_url_query(&table_path(&customer_id, &table_id));
    let for_read = table_id.clone();
    let rows = crate::ui::read(move || {
        let id = for_read.clone();
        let (direction, cursor) = links_shown(url);
        async move {
            api.instances()
                .links(&id, direction, cursor.as_deref())
                .await
        }
    });
    let archived = crate::ui::memo(move |_| record.read().is_archived());
    let deleting = RwSignal::new(None::<DataLink>);
    let reload = Callback::new(move |_| rows.refetch());
    let add_to = table_id.clone();
    // Adding comes first: after fifty rows it would be out of sight.
    view! {
        <Show when=move || !archived.get()>
            <AddLink table_id=add_to.clone() reload/>
        </Show>
        <section class="card" aria-labelledby="links-title">
            <h2 id="links-title">"Links"</h2>
            <form class="filters" role="search" aria-label="Filter links" on:submit=|ev| ev.prevent_default()>
                <ChoiceSelect choices=Direction::ALL query=url key="direction" id="links-direction" label="Direction"/>
            </form>
            <Transition fallback=|| view! { <Loading label="Loading the links…"/> }>
                {move || Suspend::new(async move {
                    part_view(rows.await, move || rows.refetch(), move |page: Page<DataLink>| {
                        let next = page.has_more().then(|| page.cursor.clone()).flatten();
                        let later = untrack(|| url.cursor().is_some());
                        let items = page.items;
                        let count = match (items.len(), next.is_some()) {
                            (0, _) => String::new(),
                            (1, false) => "1 link".to_owned(),
                            (n, false) => format!("{n} links"),
                            (n, true) => format!("{n} links shown; more on the next page"),
                        };
                        view! {
                            <ResultCount text=count/>
                            {if items.is_empty() {
                                view! { <EmptyList query=Some(url) plural="links" nothing_yet="This table has no links yet."
                                    why="A link is added when a flow matches a record in your app with one in the customer's app, or when you add one below."/> }.into_any()
                            } else {
                                view! {
                                    <ListTable columns=vec!["Direction", "Your app's record", "Customer's record", ""] class="links-table">
                                        {items.into_iter().map(|item| match item {
                                            Item::Read(link) => view! { <LinkRow link deleting archived/> }.into_any(),
                                            Item::Unreadable(item) => view! { <UnreadableRow what="link" item columns=4/> }.into_any(),
                                        }).collect_view()}
                                    </ListTable>
                                }.into_any()
                            }}
                            <Pager later next on_page=Callback::new(move |c| url.set_cursor(c))/>
                        }.into_any()
                    })
                })}
            </Transition>
        </section>
        <DeleteLink table_id deleting reload/>
    }
}

#[component]
fn LinkRow(
    link: DataLink,
    deleting: RwSignal<Option<DataLink>>,
    archived: Memo<bool>,
) -> impl IntoView {
    let label = format!(
        "Delete the link {} ↔ {}",
        link.app_record_id, link.external_record_id
    );
    let for_delete = link.clone();
    view! {
        <tr>
            <td data-label="Direction">{link.direction.clone()}</td>
            <td data-label="Your app's record" class="mono">{link.app_record_id.clone()}</td>
            <td data-label="Customer's record" class="mono">{link.external_record_id.clone()}</td>
            <td>
                <Show when=move || !archived.get()>
                    <button type="button" class="button secondary" aria-label=label.clone()
                        on:click={
                            let link = for_delete.clone();
                            move |_| deleting.set(Some(link.clone()))
                        }>"Delete…"</button>
                </Show>
            </td>
        </tr>
    }
}

#[component]
fn AddLink(table_id: String, reload: Callback<()>) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let form = FormState::new(&link_schema(), Value::Null, FormMode::Create);
    let table_id = StoredValue::new(table_id);
    let add = crate::ui::write(move |link: &DataLink| {
        let link = link.clone();
        let id = table_id.get_value();
        async move {
            let added = api.instances().add_link(&id, &link).await;
            match &added {
                Ok(_) => {
                    // Ready for the next one in the same direction.
                    form.reset(json!({ "direction": link.direction }));
                    toasts.show("Link added");
                }
                Err(error) => {
                    if let Some(field) = error.field() {
                        form.set_server_errors(vec![(field, error.field_message())]);
                    }
                }
            }
            added
        }
    });
    // Reloading the list is the page's, so it runs once the write is done.
    crate::ui::effect(move |_| {
        if matches!(add.value().get(), Some(Ok(_))) {
            reload.run(());
        }
    });
    crate::ui::effect(move |_| form.set_disabled(add.pending().get()));
    let submit_form = move || {
        if !form.validate_for_submit() {
            return;
        }
        let value = form.value();
        let text = |key: &str| value[key].as_str().unwrap_or_default().trim().to_owned();
        add.dispatch(DataLink {
            direction: text("direction"),
            app_record_id: text("appRecordId"),
            external_record_id: text("externalRecordId"),
        });
    };
    view! {
        <form class="card form" novalidate aria-labelledby="add-link-title"
            on:submit=move |ev| { ev.prevent_default(); submit_form(); }>
            <h2 id="add-link-title">"Add a link"</h2>
            <SchemaForm state=form id_prefix="add-link" without_json_view=true/>
            {move || add.value().get().and_then(Result::err).filter(|_| !add.pending().get())
                .map(|error| view! { <ErrorPanel error retry=Callback::new(move |_| submit_form())/> })}
            <div class="actions">
                <ActionButton label="Add link" busy="Adding…" pending=add.pending()/>
            </div>
        </form>
    }
}

#[component]
fn DeleteLink(
    table_id: String,
    deleting: RwSignal<Option<DataLink>>,
    reload: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let table_id = StoredValue::new(table_id);
    let open = RwSignal::new(false);
    // Opened by a row's Delete; closed by Cancel, Escape or the delete.
    crate::ui::effect(move |_| {
        if deleting.read().is_some() {
            open.set(true);
        }
    });
    let delete = crate::ui::write(move |link: &DataLink| {
        let link = link.clone();
        let id = table_id.get_value();
        async move {
            let deleted: Result<Value, ApiError> = api.instances().delete_link(&id, &link).await;
            if deleted.is_ok() {
                open.set(false);
                deleting.set(None);
                toasts.show("Link deleted");
            }
            deleted
        }
    });
    crate::ui::effect(move |_| {
        if matches!(delete.value().get(), Some(Ok(_))) {
            reload.run(());
        }
    });
    let what = move || {
        deleting
            .get()
            .map(|l| format!("{} ↔ {}", l.app_record_id, l.external_record_id))
            .unwrap_or_default()
    };
    view! {
        <Dialog open title=Signal::derive(move || "Delete this link?".to_owned())>
            <p>"The link " <strong class="mono">{what}</strong>
                " is forgotten: a flow that meets either record again will treat it as new."</p>
            {move || delete.value().get().and_then(Result::err).filter(|_| !delete.pending().get())
                .map(|error| view! { <ErrorPanel error/> })}
            <div class="actions">
                <ActionButton label="Delete link" busy="Deleting…" kind="danger" pending=delete.pending()
                    press=Callback::new(move |_| {
                        if let Some(link) = deleting.get_untracked() {
                            delete.dispatch(link);
                        }
                    })/>
                <button type="button" class="button secondary"
                    on:click=move |_| { open.set(false); deleting.set(None); }>"Cancel"</button>
            </div>
        </Dialog>
    }
}
