//! Connection lists: across all customers (filters kept in the URL) and on a
//! customer's page (with the Connect an app button).

use super::{app_cell, ConnectDialog, StatusBadge};
use crate::api::{use_api, Connection, ConnectionQuery, Item, Page, StateFilter};
use crate::ui::{
    app_href, part_view, record_href, use_page_title, Loading, RelativeTime, UnreadableRow,
};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::params::ParamsMap;
use leptos_router::NavigateOptions;

/// `/connections`: every customer's connections.
#[component]
pub fn ConnectionList() -> impl IntoView {
    use_page_title(|| "Connections".to_owned());
    let api = use_api();
    let params = use_query_map();
    let get = move |key: &str| params.read().get(key).filter(|v| !v.is_empty());
    let query = Memo::new(move |_| ConnectionQuery {
        customer_id: get("customer"),
        app_id: get("app"),
        state: get("state").and_then(|s| StateFilter::from_key(&s)),
        include_disconnected: get("disconnected").is_some(),
        search: get("search"),
        cursor: get("cursor"),
    });
    let navigate = use_navigate();
    let base = app_href("/connections");
    // Every filter change starts again at the first page.
    let set_param = move |key: &'static str, value: String| {
        let mut next: ParamsMap = params.get_untracked();
        next.remove("cursor");
        if value.is_empty() {
            next.remove(key);
        } else {
            next.insert(key, value);
        }
        navigate(
            &format!("{base}{}", next.to_query_string()),
            NavigateOptions {
                // The path already has the base; resolving would add it again.
                resolve: false,
                replace: key != "cursor",
                scroll: false,
                ..Default::default()
            },
        );
    };
    let apps = LocalResource::new(move || api.integrations().list(None, true));
    let refresh = RwSignal::new(0u64);
    let on_page = {
        let set_param = set_param.clone();
        Callback::new(move |cursor: Option<String>| set_param("cursor", cursor.unwrap_or_default()))
    };
    let (set_search, set_app, set_state, set_disconnected, clear_customer) = (
        set_param.clone(),
        set_param.clone(),
        set_param.clone(),
        set_param.clone(),
        set_param,
    );

    view! {
        <section class="page connections">
            <h1>"Connections"</h1>
            <p class="lead">
                "Every customer's connections to your apps. To connect a customer to another app, show only that customer's connections."
            </p>
            <form class="filters conn-filters" role="search" aria-label="Filter connections"
                on:submit=|ev| ev.prevent_default()>
                <div class="field">
                    <label for="conn-search">"Search"</label>
                    <input id="conn-search" type="search" placeholder="Connection, customer or app"
                        prop:value=move || query.read().search.clone().unwrap_or_default()
                        on:change=move |ev| set_search("search", event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="conn-app">"App"</label>
                    <select id="conn-app" on:change=move |ev| set_app("app", event_target_value(&ev))>
                        <option value="">"All apps"</option>
                        {move || apps.get().and_then(Result::ok).map(|page| {
                            page.into_read().into_iter().map(|app| {
                                let id = app.id.clone();
                                view! {
                                    <option value=app.id.clone()
                                        selected=move || query.read().app_id.as_deref() == Some(id.as_str())>
                                        {app.display_name().to_owned()}
                                    </option>
                                }
                            }).collect_view()
                        })}
                    </select>
                </div>
                <div class="field">
                    <label for="conn-state">"State"</label>
                    <select id="conn-state" on:change=move |ev| set_state("state", event_target_value(&ev))>
                        <option value="">"All states"</option>
                        {StateFilter::ALL.into_iter().map(|s| view! {
                            <option value=s.key() selected=move || query.read().state == Some(s)>{s.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field checkbox">
                    <input id="conn-disconnected" type="checkbox"
                        prop:checked=move || query.read().include_disconnected
                        on:change=move |ev| set_disconnected(
                            "disconnected",
                            if event_target_checked(&ev) { "1".to_owned() } else { String::new() },
                        )/>
                    <label for="conn-disconnected">"Include disconnected"</label>
                </div>
            </form>
            {move || query.read().customer_id.clone().map(|id| {
                let clear = clear_customer.clone();
                view! {
                    <CustomerFilter id refresh
                        clear=Callback::new(move |_| clear("customer", String::new()))/>
                }
            })}
            <ConnectionTable query=query.into() refresh=refresh.read_only() show_customer=true on_page
                empty="No connections match these filters."/>
        </section>
    }
}

/// The customer the list is filtered by, with a way to show everyone again
/// and to connect this customer to another app.
#[component]
fn CustomerFilter(id: String, refresh: RwSignal<u64>, clear: Callback<()>) -> impl IntoView {
    let api = use_api();
    let for_name = id.clone();
    // Until the name arrives (or if the customer is gone) the id stands in.
    let name = LocalResource::new(move || {
        let id = for_name.clone();
        async move {
            api.customers()
                .get(&id)
                .await
                .ok()
                .map(|c| c.display_name().to_owned())
        }
    });
    let connecting = RwSignal::new(false);
    let on_connected = Callback::new(move |_: Connection| refresh.update(|r| *r += 1));
    let fallback = id.clone();
    move || {
        let name = name.get().flatten().unwrap_or_else(|| fallback.clone());
        view! {
            <div class="conn-chip">
                <span>"Customer: " <strong>{name.clone()}</strong></span>
                <button type="button" class="button secondary" on:click=move |_| clear.run(())>
                    "Show all customers"
                </button>
                <button type="button" class="button primary" on:click=move |_| connecting.set(true)>
                    "Connect an app"
                </button>
                <ConnectDialog open=connecting customer_id=id.clone() customer_name=name on_connected/>
            </div>
        }
    }
}

/// A customer's connections with a button to connect another app; the
/// customer's page embeds this.
#[component]
pub fn CustomerConnections(customer_id: String, customer_name: String) -> impl IntoView {
    let cursor = RwSignal::new(None::<String>);
    let refresh = RwSignal::new(0u64);
    let id = customer_id.clone();
    let query = Signal::derive(move || ConnectionQuery {
        customer_id: Some(id.clone()),
        include_disconnected: true,
        cursor: cursor.get(),
        ..Default::default()
    });
    let connecting = RwSignal::new(false);
    let on_connected = Callback::new(move |_: Connection| {
        cursor.set(None);
        refresh.update(|r| *r += 1);
    });
    let empty = format!("{customer_name} has no connections yet. Connect an app to start.");
    view! {
        <section class="conn-customer" aria-labelledby="conn-customer-title">
            <div class="page-head">
                <h2 id="conn-customer-title">"Connections"</h2>
                <button type="button" class="button primary" on:click=move |_| connecting.set(true)>
                    "Connect an app"
                </button>
            </div>
            <ConnectionTable query refresh=refresh.read_only() show_customer=false
                on_page=Callback::new(move |c| cursor.set(c)) empty/>
            <ConnectDialog open=connecting customer_id customer_name on_connected/>
        </section>
    }
}

#[component]
fn ConnectionTable(
    query: Signal<ConnectionQuery>,
    /// Bumped to reload after a change elsewhere.
    refresh: ReadSignal<u64>,
    show_customer: bool,
    on_page: Callback<Option<String>>,
    #[prop(into)] empty: String,
) -> impl IntoView {
    let api = use_api();
    let rows = LocalResource::new(move || {
        refresh.track();
        api.connections().list(query.get())
    });
    let first_page = move || query.read().cursor.is_some();
    view! {
        <Transition fallback=|| view! { <Loading label="Loading connections…"/> }>
            {move || {
                let empty = empty.clone();
                Suspend::new(async move {
                    part_view(rows.await, move || rows.refetch(), |page: Page<Connection>| {
                            let more = page.has_more().then(|| page.cursor.clone()).flatten();
                            view! {
                                <Rows items=page.items show_customer empty/>
                                <nav class="pager" aria-label="Pages">
                                    {first_page().then(|| view! {
                                        <button type="button" class="button secondary"
                                            on:click=move |_| on_page.run(None)>"First page"</button>
                                    })}
                                    {more.map(|cursor| view! {
                                        <button type="button" class="button secondary"
                                            on:click=move |_| on_page.run(Some(cursor.clone()))>"Next page"</button>
                                    })}
                                </nav>
                            }.into_any()
                        })
                    })
                }}
        </Transition>
    }
}

fn count_words(n: usize) -> String {
    match n {
        1 => "1 connection shown".to_owned(),
        n => format!("{n} connections shown"),
    }
}

#[component]
fn Rows(items: Vec<Item<Connection>>, show_customer: bool, empty: String) -> impl IntoView {
    let count = if items.is_empty() {
        empty
    } else {
        count_words(items.len())
    };
    view! {
        <p class="result-count" role="status" aria-live="polite">{count}</p>
        {(!items.is_empty()).then(|| view! {
            <div class="table-wrap">
                <table class="data-table conn-table">
                    <thead>
                        <tr>
                            <th scope="col">"App"</th>
                            <th scope="col">"Connection"</th>
                            {show_customer.then(|| view! { <th scope="col">"Customer"</th> })}
                            <th scope="col">"State"</th>
                            <th scope="col">"Last active"</th>
                            <th scope="col">"Created"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {items.into_iter().map(|item| match item {
                            Item::Read(c) => view! { <Row c show_customer/> }.into_any(),
                            Item::Unreadable(item) => view! {
                                <UnreadableRow what="connection" item columns=if show_customer { 6 } else { 5 }/>
                            }.into_any(),
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        })}
    }
}

#[component]
fn Row(c: Connection, show_customer: bool) -> impl IntoView {
    let connection_href = record_href("/connections", &c.id);
    let customer_href = record_href("/customers", &c.user_id);
    let only_customer = format!(
        "{}?customer={}",
        app_href("/connections"),
        crate::api::encode(&c.user_id)
    );
    view! {
        <tr>
            <td data-label="App">{app_cell(&c)}</td>
            <td data-label="Connection"><a href=connection_href>{c.display_name()}</a></td>
            {show_customer.then(|| view! {
                <td data-label="Customer">
                    <a href=customer_href>{c.customer_name()}</a>
                    <a class="conn-filter-link" href=only_customer>
                        "Only this customer"
                        <span class="conn-visually-hidden">{format!(" ({})", c.customer_name())}</span>
                    </a>
                </td>
            })}
            <td data-label="State"><StatusBadge status=c.status() with_detail=true/></td>
            <td data-label="Last active"><RelativeTime value=c.last_active_at.clone()/></td>
            <td data-label="Created"><RelativeTime value=c.created_at.clone()/></td>
        </tr>
    }
}
