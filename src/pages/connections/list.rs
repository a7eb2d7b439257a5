//! Connection lists: across all customers (filters kept in the URL) and on a
//! customer's page (with the Connect an app button).

use super::{app_cell, ConnectDialog, StatusBadge};
use crate::api::{
    early, use_api, ApiError, Connection, ConnectionQuery, IntegrationQuery, Item, Page, Request,
    StateFilter,
};
use crate::ui::{
    app_href, part_view, record_href, use_page_title, use_url_query, ChoiceSelect, EmptyList,
    FlagCheckbox, ListTable, Loading, Pager, RelativeTime, ResultCount, SearchBox, UnreadableRow,
    UrlChoice, UrlQuery,
};
use leptos::prelude::*;

impl UrlChoice for Option<StateFilter> {
    const ALL: &'static [Self] = &[
        None,
        Some(StateFilter::Connected),
        Some(StateFilter::NeedsAttention),
    ];

    fn url_value(self) -> &'static str {
        self.map_or("", StateFilter::key)
    }

    fn label(self) -> &'static str {
        self.map_or("All states", StateFilter::label)
    }
}

/// The engine query for the list's filters and page.
fn connection_list_query(url: UrlQuery) -> ConnectionQuery {
    ConnectionQuery {
        customer_id: url.value("customer"),
        app_id: url.value("app"),
        state: url.choice("state"),
        include_disconnected: url.flag("disconnected"),
        search: url.value(crate::ui::SEARCH),
        cursor: url.cursor(),
    }
}

/// Every app, archived ones too, for the app filter and the rows' app names.
fn app_names_query() -> IntegrationQuery {
    IntegrationQuery {
        include_archived: true,
        ..Default::default()
    }
}

/// The connections and the apps' names, asked for while the list's code
/// loads.
pub(crate) fn connection_list_reads() -> Vec<Request> {
    let url = use_url_query("/connections");
    vec![
        early::connections(&connection_list_query(url)),
        early::apps(&app_names_query()),
    ]
}

/// `/connections`: every customer's connections.
#[component]
pub fn ConnectionList() -> impl IntoView {
    use_page_title(|| "Connections".to_owned());
    let api = use_api();
    let url = use_url_query("/connections");
    let query = Signal::derive(move || connection_list_query(url));
    let apps =
        crate::ui::read(move || async move { api.integrations().list(&app_names_query()).await });
    let rows = connection_rows(query);

    view! {
        <section class="page connections">
            <h1>"Connections"</h1>
            <p class="lead">
                "Every customer's connections to your apps. To connect a customer to another app, show only that customer's connections."
            </p>
            <form class="filters conn-filters" role="search" aria-label="Filter connections"
                on:submit=|ev| ev.prevent_default()>
                <SearchBox query=url id="conn-search" label="Search" placeholder="Connection, customer or app"/>
                <div class="field">
                    <label for="conn-app">"App"</label>
                    <select id="conn-app" on:change:target=move |ev| url.set("app", ev.target().value())>
                        <option value="">"All apps"</option>
                        {move || apps.get().and_then(Result::ok).map(|page| {
                            page.into_read().into_iter().map(|app| {
                                let id = app.id.clone();
                                view! {
                                    <option value=app.id.clone()
                                        selected=move || url.text("app") == id>
                                        {app.display_name().to_owned()}
                                    </option>
                                }
                            }).collect_view()
                        })}
                    </select>
                </div>
                <ChoiceSelect choices={<Option<StateFilter>>::ALL} query=url key="state" id="conn-state" label="State"/>
                <FlagCheckbox query=url key="disconnected" id="conn-disconnected" label="Include disconnected"/>
            </form>
            {move || url.value("customer").map(|id| view! {
                <CustomerFilter id on_connected=Callback::new(move |_| rows.refetch()) clear=Callback::new(move |_| url.set("customer", ""))/>
            })}
            <ConnectionTable rows query filters=url
                on_page=Callback::new(move |cursor| url.set_cursor(cursor))
                empty="No connections yet"
                why="A connection appears here when a customer connects one of your apps."/>
        </section>
    }
}

/// The customer the list is filtered by, with a way to show everyone again
/// and to connect this customer to another app.
#[component]
fn CustomerFilter(
    id: String,
    on_connected: Callback<Connection>,
    clear: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let for_name = id.clone();
    // Until the name arrives (or if the customer is gone) the id stands in.
    let name = crate::ui::read(move || {
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

/// The connections shown on a page, as read from the engine.
type ConnectionRows = LocalResource<Result<Page<Connection>, ApiError>>;

fn connection_rows(query: Signal<ConnectionQuery>) -> ConnectionRows {
    let api = use_api();
    crate::ui::read(move || {
        let query = query.get();
        async move { api.connections().list(&query).await }
    })
}

/// A customer's connections, asked for when the customer's page opens (with
/// the customer, not after the page has rendered) and paged in place.
#[derive(Clone, Copy)]
pub struct CustomerConnectionRows {
    cursor: RwSignal<Option<String>>,
    query: Signal<ConnectionQuery>,
    rows: ConnectionRows,
}

impl CustomerConnectionRows {
    pub fn start(customer_id: Memo<String>) -> Self {
        let cursor = RwSignal::new(None::<String>);
        let query =
            Signal::derive(move || customer_connections_query(customer_id.get(), cursor.get()));
        CustomerConnectionRows {
            cursor,
            query,
            rows: connection_rows(query),
        }
    }

    /// Back to the first page, read again.
    fn reload(self) {
        if self.cursor.get_untracked().is_some() {
            self.cursor.set(None);
        } else {
            self.rows.refetch();
        }
    }
}

/// A page of a customer's connections, connected or not.
pub fn customer_connections_query(customer_id: String, cursor: Option<String>) -> ConnectionQuery {
    ConnectionQuery {
        customer_id: Some(customer_id),
        include_disconnected: true,
        cursor,
        ..Default::default()
    }
}

/// A customer's connections with a button to connect another app; the
/// customer's page embeds this.
#[component]
pub fn CustomerConnections(
    rows: CustomerConnectionRows,
    customer_id: String,
    customer_name: String,
) -> impl IntoView {
    let connecting = RwSignal::new(false);
    let on_connected = Callback::new(move |_: Connection| rows.reload());
    let empty = format!("{customer_name} has no connections yet. Connect an app to start.");
    view! {
        <section class="conn-customer" aria-labelledby="conn-customer-title">
            <div class="page-head">
                <h2 id="conn-customer-title">"Connections"</h2>
                <button type="button" class="button primary" on:click=move |_| connecting.set(true)>
                    "Connect an app"
                </button>
            </div>
            <ConnectionTable rows=rows.rows query=rows.query
                on_page=Callback::new(move |c| rows.cursor.set(c)) empty/>
            <ConnectDialog open=connecting customer_id customer_name on_connected/>
        </section>
    }
}

/// A page of connections: across customers (with a customer column, the
/// list's filters) or one customer's (`filters` absent).
#[component]
fn ConnectionTable(
    rows: ConnectionRows,
    /// What `rows` asked for.
    query: Signal<ConnectionQuery>,
    #[prop(optional)] filters: Option<UrlQuery>,
    on_page: Callback<Option<String>>,
    #[prop(into)] empty: String,
    #[prop(optional, into)] why: String,
) -> impl IntoView {
    let show_customer = filters.is_some();
    view! {
        <Transition fallback=|| view! { <Loading label="Loading connections…"/> }>
            {move || {
                let (empty, why) = (empty.clone(), why.clone());
                Suspend::new(async move {
                    part_view(rows.await, move || rows.refetch(), move |page: Page<Connection>| {
                        let next = page.has_more().then(|| page.cursor.clone()).flatten();
                        let later = untrack(|| query.read().cursor.is_some());
                        let items = page.items;
                        view! {
                            <ResultCount text=count_words(items.len())/>
                            {if items.is_empty() {
                                view! { <EmptyList query=filters plural="connections" nothing_yet=empty why/> }.into_any()
                            } else {
                                let columns = if show_customer {
                                    vec!["App", "Connection", "Customer", "State", "Last active", "Created"]
                                } else {
                                    vec!["App", "Connection", "State", "Last active", "Created"]
                                };
                                let span = columns.len();
                                view! {
                                    <ListTable columns class="conn-table">
                                        {items.into_iter().map(|item| match item {
                                            Item::Read(c) => view! { <Row c show_customer/> }.into_any(),
                                            Item::Unreadable(item) => view! {
                                                <UnreadableRow what="connection" item columns=span/>
                                            }.into_any(),
                                        }).collect_view()}
                                    </ListTable>
                                }.into_any()
                            }}
                            <Pager later next on_page/>
                        }.into_any()
                    })
                })
            }}
        </Transition>
    }
}

fn count_words(n: usize) -> String {
    match n {
        0 => String::new(),
        1 => "1 connection shown".to_owned(),
        n => format!("{n} connections shown"),
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
            <td data-label="Connection"><a href=connection_href>{c.display_name().to_owned()}</a></td>
            {show_customer.then(|| view! {
                <td data-label="Customer">
                    <a href=customer_href>{c.customer_name().to_owned()}</a>
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
