//! One kind of instance as a list: a section of the customer's page, or a
//! card on a connection's page (the same list, filtered by connection).

use super::{customer_of, instance_href, InstanceState};
use crate::api::{early, use_api, Instance, InstanceKind, InstanceQuery, Item, Page, Request};
use crate::pages::connections::ConnLogo;
use crate::pages::NotFound;
use crate::ui::{
    part_view, record_href, use_url_query, EmptyList, FlagCheckbox, ListTable, Loading, Pager,
    RelativeTime, ResultCount, SearchBox, UnreadableRow, UrlChoice, UrlQuery,
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// Whose instances a list shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Scope {
    Customer(String),
    Connection(String),
}

/// The section's first page, asked for while the instances' code loads.
pub(crate) fn instance_section_reads() -> Vec<Request> {
    let params = use_params_map().get_untracked();
    let customer_id = params.get("id").unwrap_or_default();
    let Some(kind) = params
        .get("section")
        .and_then(|s| InstanceKind::from_section(&s))
    else {
        return Vec::new();
    };
    let url = use_url_query(&section_path(&customer_id, kind));
    let query = instance_query(kind, &Scope::Customer(customer_id), url);
    vec![early::instances(&query)]
}

/// The app path of a customer's section.
fn section_path(customer_id: &str, kind: InstanceKind) -> String {
    format!(
        "/customers/{}/{}",
        crate::api::encode(customer_id),
        kind.section()
    )
}

/// `/customers/{id}/{section}`: one kind of the customer's instances.
#[component]
pub fn InstanceSection() -> impl IntoView {
    let params = use_params_map();
    let customer_id = crate::ui::memo(move |_| params.read().get("id").unwrap_or_default());
    let kind = crate::ui::memo(move |_| {
        params
            .read()
            .get("section")
            .and_then(|s| InstanceKind::from_section(&s))
    });
    crate::pages::customers::use_customer_page_title(move || {
        kind.get()
            .map(InstanceKind::title)
            .unwrap_or("Not found")
            .to_owned()
    });
    move || match kind.get() {
        Some(kind) => {
            let customer_id = customer_id.get();
            let url = use_url_query(&section_path(&customer_id, kind));
            view! {
                <section class="card instance-section" aria-labelledby="instance-section-title">
                    <div class="card-head">
                        <h2 id="instance-section-title">{kind.title()}</h2>
                        {(kind == InstanceKind::Flow).then(|| view! { <super::flow::NewFlowButton customer_id=customer_id.clone()/> })}
                    </div>
                    <InstanceList kind scope=Scope::Customer(customer_id) url/>
                </section>
            }
            .into_any()
        }
        None => view! { <NotFound/> }.into_any(),
    }
}

/// The engine query for a list's filters (`?q=&archived=1&cursor=`).
fn instance_query(kind: InstanceKind, scope: &Scope, url: UrlQuery) -> InstanceQuery {
    let mut query = InstanceQuery::new(kind);
    match scope {
        Scope::Customer(id) => query.customer_id = Some(id.clone()),
        Scope::Connection(id) => query.connection_id = Some(id.clone()),
    }
    query.search = url.search();
    query.include_archived = url.flag("archived");
    query.cursor = url.cursor();
    query
}

/// One kind of instance for a customer or a connection, with its search,
/// "include archived" and paging kept in the URL.
#[component]
pub fn InstanceList(kind: InstanceKind, scope: Scope, url: UrlQuery) -> impl IntoView {
    let api = use_api();
    let for_query = scope.clone();
    let query = Signal::derive(move || instance_query(kind, &for_query, url));
    let rows = crate::ui::read(move || {
        let query = query.get();
        async move { api.instances().list(&query).await }
    });
    let show_connection = matches!(scope, Scope::Customer(_));
    let nothing_yet = match &scope {
        Scope::Customer(_) => format!("This customer has no {} yet.", kind.nouns()),
        Scope::Connection(_) => "Nothing of this kind is deployed to this connection.".to_owned(),
    };
    view! {
        <form class="filters instance-filters" role="search" aria-label=format!("Filter {}", kind.nouns())
            on:submit=|ev| ev.prevent_default()>
            {kind.searchable().then(|| view! {
                <SearchBox query=url id="instance-search" label="Search" placeholder="Name"/>
            })}
            <FlagCheckbox query=url key="archived" id="instance-archived" label="Include archived"/>
        </form>
        <Transition fallback=move || view! { <Loading label=format!("Loading {}…", kind.nouns())/> }>
            {move || {
                let nothing_yet = nothing_yet.clone();
                Suspend::new(async move {
                    part_view(rows.await, move || rows.refetch(), move |page: Page<Instance>| {
                        let next = page.has_more().then(|| page.cursor.clone()).flatten();
                        let later = untrack(|| url.cursor().is_some());
                        let items = page.items;
                        view! {
                            <ResultCount text=count_words(kind, items.len(), next.is_some())/>
                            {if items.is_empty() {
                                view! { <EmptyList query=Some(url) plural=kind.nouns() nothing_yet why=kind.about()/> }.into_any()
                            } else {
                                let columns = if show_connection {
                                    vec!["Name", "App", "Connection", "State", "Updated"]
                                } else {
                                    vec!["Name", "App", "State", "Updated"]
                                };
                                let span = columns.len();
                                view! {
                                    <ListTable columns class="instance-table">
                                        {items.into_iter().map(|item| match item {
                                            Item::Read(instance) => view! { <Row kind instance show_connection/> }.into_any(),
                                            Item::Unreadable(item) => view! {
                                                <UnreadableRow what=kind.noun() item columns=span/>
                                            }.into_any(),
                                        }).collect_view()}
                                    </ListTable>
                                }.into_any()
                            }}
                            <Pager later next on_page=Callback::new(move |cursor| url.set_cursor(cursor))/>
                        }.into_any()
                    })
                })
            }}
        </Transition>
    }
}

fn count_words(kind: InstanceKind, n: usize, more: bool) -> String {
    match (n, more) {
        (0, _) => String::new(),
        (1, false) => format!("1 {}", kind.noun()),
        (n, false) => format!("{n} {}", kind.nouns()),
        (n, true) => format!("{n} {} shown; more on the next page", kind.nouns()),
    }
}

#[component]
fn Row(kind: InstanceKind, instance: Instance, show_connection: bool) -> impl IntoView {
    let customer = customer_of(&instance).unwrap_or_default();
    let href = instance_href(&customer, kind, &instance.id);
    let connection = instance.connection_ref().map(|id| {
        (
            record_href("/connections", &id),
            instance.connection_name().unwrap_or(id),
        )
    });
    let status = instance.status();
    view! {
        <tr>
            <td data-label="Name">
                <a href=href>{instance.display_name().to_owned()}</a>
                {instance.is_customized.then(|| view! { <span class="badge custom">"Customized"</span> })}
            </td>
            <td data-label="App">
                <span class="conn-app"><ConnLogo src=instance.app_logo()/> {instance.app_name()}</span>
            </td>
            {show_connection.then(|| view! {
                <td data-label="Connection">{match connection {
                    Some((href, name)) => view! { <a href=href>{name}</a> }.into_any(),
                    None => view! { <span class="muted">"—"</span> }.into_any(),
                }}</td>
            })}
            <td data-label="State"><InstanceState status with_detail=true/></td>
            <td data-label="Updated"><RelativeTime value=instance.updated_at.clone().or(instance.created_at.clone())/></td>
        </tr>
    }
}

impl UrlChoice for InstanceKind {
    const ALL: &'static [Self] = &InstanceKind::ALL;

    fn url_value(self) -> &'static str {
        // Flows are the default, so a bare address shows them.
        match self {
            InstanceKind::Flow => "",
            other => other.section(),
        }
    }

    fn label(self) -> &'static str {
        self.title()
    }
}

/// A connection's page: what is deployed to it, one kind at a time.
#[component]
pub fn ConnectionInstances(connection_id: String) -> impl IntoView {
    let path = format!("/connections/{}", crate::api::encode(&connection_id));
    let url = use_url_query(&path);
    let kind = crate::ui::memo(move |_| url.choice::<InstanceKind>("kind"));
    view! {
        <section class="card" aria-labelledby="connection-instances-title">
            <h2 id="connection-instances-title">"Deployed to this connection"</h2>
            <div class="kind-choice" role="group" aria-label="Kind of instance">
                {InstanceKind::ALL.into_iter().map(|k| view! {
                    <button type="button" class="button secondary small" aria-pressed=move || (kind.get() == k).to_string()
                        on:click=move |_| url.set_choice("kind", k)>
                        {k.title()}
                    </button>
                }).collect_view()}
            </div>
            {move || {
                let kind = kind.get();
                view! { <InstanceList kind scope=Scope::Connection(connection_id.clone()) url/> }
            }}
        </section>
    }
}
