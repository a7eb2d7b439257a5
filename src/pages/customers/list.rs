//! /customers: find one customer among hundreds of thousands.

use super::create::CreateCustomer;
use crate::api::{
    early, use_api, ApiError, Customer, CustomerQuery, Item, Page, Request, TestFilter,
};
use crate::ui::{
    error_fallback, record_href, use_page_title, use_url_query, ActionButton, ChoiceSelect,
    CopyButton, EmptyList, ErrorPanel, FlagCheckbox, ListTable, Loading, RelativeTime, ResultCount,
    SearchBox, UnreadableRow, UrlChoice, UrlQuery,
};
use leptos::prelude::*;

/// The most rows kept in the page however far one loads: beyond this the
/// earliest are dropped, so the DOM stays small.
const MAX_ROWS: usize = 300;

impl UrlChoice for TestFilter {
    const ALL: &'static [Self] = &[TestFilter::All, TestFilter::Only, TestFilter::Hide];

    fn url_value(self) -> &'static str {
        match self {
            TestFilter::All => "",
            TestFilter::Only => "only",
            TestFilter::Hide => "hide",
        }
    }

    fn label(self) -> &'static str {
        match self {
            TestFilter::All => "Show",
            TestFilter::Only => "Only test",
            TestFilter::Hide => "Hide",
        }
    }
}

/// The engine query for the list's filters (`?q=&test=only|hide&archived=1`).
fn customer_query(query: UrlQuery, cursor: Option<String>) -> CustomerQuery {
    CustomerQuery {
        search: query.search(),
        test: query.choice("test"),
        include_archived: query.flag("archived"),
        cursor,
    }
}

/// The list's first page, asked for while the list's code loads.
pub(crate) fn customer_list_reads() -> Vec<Request> {
    vec![early::customers(&customer_query(
        use_url_query("/customers"),
        None,
    ))]
}

#[component]
pub fn CustomerList() -> impl IntoView {
    use_page_title(|| "Customers".to_owned());
    let api = use_api();
    let query = use_url_query("/customers");
    let first_page = crate::ui::read(move || {
        let first = customer_query(query, None);
        async move { api.customers().list(&first).await }
    });
    let create_open = RwSignal::new(false);

    view! {
        <section class="page">
            <div class="page-head">
                <h1>"Customers"</h1>
                <button type="button" class="button primary" on:click=move |_| create_open.set(true)>
                    "New customer"
                </button>
            </div>
            <div class="filter-bar" role="search">
                <SearchBox query id="customer-search" label="Search" placeholder="Name, internal id or engine id"/>
                <ChoiceSelect choices=TestFilter::ALL query key="test" id="customer-test-filter" label="Test customers"/>
                <FlagCheckbox query key="archived" id="customer-archived-filter" label="Include archived"/>
            </div>
            <Transition fallback=|| view! { <Loading label="Loading customers…"/> }>
                <ErrorBoundary fallback=error_fallback(move || first_page.refetch())>
                    {move || Suspend::new(async move {
                        first_page.await.map(|page| {
                            let more = untrack(|| customer_query(query, None));
                            view! { <CustomerRows first=page more query/> }
                        })
                    })}
                </ErrorBoundary>
            </Transition>
            <CreateCustomer open=create_open/>
        </section>
    }
}

/// The rows of the first page, and more pages as they are asked for.
#[component]
fn CustomerRows(
    first: Page<Customer>,
    /// The query of the first page, for the next ones.
    more: CustomerQuery,
    query: UrlQuery,
) -> impl IntoView {
    let api = use_api();
    let rows = RwSignal::new(first.items);
    let cursor = RwSignal::new(first.cursor.filter(|c| !c.is_empty()));
    let dropped = RwSignal::new(0usize);
    let load_more = crate::ui::write(move |next: &String| {
        let next = CustomerQuery {
            cursor: Some(next.clone()),
            ..more.clone()
        };
        async move {
            let page = api.customers().list(&next).await?;
            rows.update(|r| {
                r.extend(page.items);
                if r.len() > MAX_ROWS {
                    let excess = r.len() - MAX_ROWS;
                    r.drain(..excess);
                    dropped.update(|d| *d += excess);
                }
            });
            cursor.set(page.cursor.filter(|c| !c.is_empty()));
            Ok::<_, ApiError>(())
        }
    });
    let count = move || rows.with(Vec::len) + dropped.get();
    let is_empty = move || rows.with(Vec::is_empty);

    view! {
        <ResultCount text=Signal::derive(move || match (is_empty(), cursor.with(Option::is_some)) {
            (true, _) => String::new(),
            (false, true) => format!("Showing {}", customers(count())),
            (false, false) if count() == 1 => "1 customer".to_owned(),
            (false, false) => format!("All {} shown", customers(count())),
        })/>
        <Show when=is_empty>
            <EmptyList query=Some(query) plural="customers" nothing_yet="No customers yet"
                why="Customers appear here when your product creates them, or when you add one with New customer."/>
        </Show>
        <Show when=move || !is_empty()>
            <Show when=move || { dropped.get() > 0 }>
                <p class="notice">
                    {move || format!("The first {} rows are hidden to keep the page fast. ", dropped.get())}
                    <a href="#" on:click=move |ev| { ev.prevent_default(); scroll_to_top(); }>"Back to top"</a>
                </p>
            </Show>
            <ListTable columns=vec!["Name", "Internal id", "Engine id", "Last active", "Created"] class="customers-table">
                // Keyed by position in the whole list (rows are only
                // added at the end and dropped from the start): an
                // unreadable row may have no id, and ids may repeat
                // across pages.
                <For
                    each=move || {
                        let before = dropped.get();
                        rows.get().into_iter().enumerate().map(move |(i, row)| (before + i, row))
                    }
                    key=|(position, _)| *position
                    children=|(_, row)| match row {
                        Item::Read(customer) => view! { <CustomerRow customer/> }.into_any(),
                        Item::Unreadable(item) => view! { <UnreadableRow what="customer" item columns=5/> }.into_any(),
                    }
                />
            </ListTable>
            {move || match (cursor.get(), load_more.value().get()) {
                (_, Some(Err(error))) if !load_more.pending().get() => view! {
                    <ErrorPanel error retry=Callback::new(move |_| {
                        if let Some(c) = cursor.get_untracked() { load_more.dispatch(c); }
                    })/>
                }.into_any(),
                (Some(next), _) => view! {
                    <div class="load-more">
                        <ActionButton label="Load more" busy="Loading…" kind="" pending=load_more.pending()
                            press=Callback::new(move |_| { load_more.dispatch(next.clone()); })/>
                    </div>
                }.into_any(),
                (None, _) => view! { <p class="list-end">"End of the list"</p> }.into_any(),
            }}
        </Show>
    }
}

fn customers(n: usize) -> String {
    if n == 1 {
        "1 customer".to_owned()
    } else {
        format!("{n} customers")
    }
}

fn scroll_to_top() {
    window().scroll_to_with_x_and_y(0.0, 0.0);
}

#[component]
fn CustomerRow(customer: Customer) -> impl IntoView {
    let href = record_href("/customers", &customer.id);
    let name = customer.display_name().to_owned();
    view! {
        <tr class:archived=customer.is_archived()>
            <td>
                <a href=href class="row-link">{name}</a>
                {customer.is_test.then(|| view! { <span class="badge test">"Test"</span> })}
                {customer.is_archived().then(|| view! { <span class="badge archived">"Archived"</span> })}
            </td>
            <td class="mono">{customer.internal_id.clone().unwrap_or_default()}</td>
            <td class="mono id-cell">
                <span>{customer.id.clone()}</span>
                <CopyButton value=customer.id.clone() label=format!("Copy engine id {}", customer.id)/>
            </td>
            <td><RelativeTime value=customer.last_active_at.clone()/></td>
            <td><RelativeTime value=customer.created_at.clone()/></td>
        </tr>
    }
}
