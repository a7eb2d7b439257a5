//! /customers: find one customer among hundreds of thousands.

use super::create::CreateCustomer;
use crate::api::{use_api, ApiError, Customer, CustomerQuery, Item, Page, TestFilter};
use crate::ui::{
    error_fallback, record_href, use_page_title, ActionButton, CopyButton, ErrorPanel, Loading,
    RelativeTime, UnreadableRow,
};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use std::time::Duration;

/// Typing pauses this long before the search is sent.
const SEARCH_DEBOUNCE: Duration = Duration::from_millis(250);
/// The most rows kept in the page however far one loads: beyond this the
/// earliest are dropped, so the DOM stays small.
const MAX_ROWS: usize = 300;

/// The list's filters, as kept in the URL (`?q=&test=only|hide&archived=1`).
#[derive(Clone, Debug, Default, PartialEq)]
struct Filters {
    search: String,
    test: TestFilter,
    archived: bool,
}

impl Filters {
    fn query(&self, cursor: Option<String>) -> CustomerQuery {
        CustomerQuery {
            search: self.search.clone(),
            test: self.test,
            include_archived: self.archived,
            cursor,
        }
    }

    fn is_filtered(&self) -> bool {
        *self != Filters::default()
    }

    /// The app path of the list with these filters.
    fn path(&self) -> String {
        let mut params = Vec::new();
        if !self.search.trim().is_empty() {
            params.push(format!("q={}", crate::api::encode(self.search.trim())));
        }
        match self.test {
            TestFilter::All => {}
            TestFilter::Only => params.push("test=only".to_owned()),
            TestFilter::Hide => params.push("test=hide".to_owned()),
        }
        if self.archived {
            params.push("archived=1".to_owned());
        }
        if params.is_empty() {
            "/customers".to_owned()
        } else {
            format!("/customers?{}", params.join("&"))
        }
    }
}

#[component]
pub fn CustomerList() -> impl IntoView {
    use_page_title(|| "Customers".to_owned());
    let api = use_api();
    let query = use_query_map();
    let filters = Memo::new(move |_| {
        let q = query.read();
        Filters {
            search: q.get("q").unwrap_or_default(),
            test: match q.get("test").as_deref() {
                Some("only") => TestFilter::Only,
                Some("hide") => TestFilter::Hide,
                _ => TestFilter::All,
            },
            archived: q.get("archived").is_some_and(|a| a == "1"),
        }
    });
    let navigate = use_navigate();
    let apply = move |next: Filters| {
        navigate(
            &next.path(),
            NavigateOptions {
                replace: true,
                ..Default::default()
            },
        );
    };

    let first_page = LocalResource::new(move || {
        let query = filters.get().query(None);
        async move { api.customers().list(&query).await }
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
            <FilterBar filters apply=apply.clone()/>
            <Transition fallback=|| view! { <Loading label="Loading customers…"/> }>
                <ErrorBoundary fallback=error_fallback(move || first_page.refetch())>
                    {move || {
                        let apply = apply.clone();
                        Suspend::new(async move {
                            first_page.await.map(|page| {
                                view! { <CustomerRows first=page filters=filters.get_untracked() apply/> }
                            })
                        })
                    }}
                </ErrorBoundary>
            </Transition>
            <CreateCustomer open=create_open/>
        </section>
    }
}

/// Search box and filters; the search is sent after a pause in typing.
#[component]
fn FilterBar(
    filters: Memo<Filters>,
    apply: impl Fn(Filters) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let text = RwSignal::new(filters.get_untracked().search);
    // Back/forward or a cleared filter changes the URL: show its search.
    Effect::new(move |_| {
        let search = filters.get().search;
        if text.get_untracked().trim() != search.trim() {
            text.set(search);
        }
    });
    let timer = StoredValue::new_local(None::<TimeoutHandle>);
    let apply_search = apply.clone();
    let on_input = move |value: String| {
        text.set(value.clone());
        if let Some(t) = timer.get_value() {
            t.clear();
        }
        let apply = apply_search.clone();
        let handle = set_timeout_with_handle(
            move || {
                let current = filters.get_untracked();
                if current.search.trim() != value.trim() {
                    apply(Filters {
                        search: value,
                        ..current
                    });
                }
            },
            SEARCH_DEBOUNCE,
        );
        timer.set_value(handle.ok());
    };
    let apply_test = apply.clone();
    let apply_archived = apply;

    view! {
        <div class="filter-bar" role="search">
            <div class="field search">
                <label for="customer-search">"Search"</label>
                <input id="customer-search" type="search" placeholder="Name, internal id or engine id"
                    autocomplete="off" prop:value=move || text.get()
                    on:input:target=move |ev| on_input(ev.target().value())/>
            </div>
            <div class="field">
                <label for="customer-test-filter">"Test customers"</label>
                <select id="customer-test-filter"
                    on:change:target=move |ev| {
                        let test = match ev.target().value().as_str() {
                            "only" => TestFilter::Only,
                            "hide" => TestFilter::Hide,
                            _ => TestFilter::All,
                        };
                        apply_test(Filters { test, ..filters.get_untracked() });
                    }>
                    <option value="all" selected=move || filters.get().test == TestFilter::All>"Show"</option>
                    <option value="only" selected=move || filters.get().test == TestFilter::Only>"Only test"</option>
                    <option value="hide" selected=move || filters.get().test == TestFilter::Hide>"Hide"</option>
                </select>
            </div>
            <div class="field checkbox">
                <input id="customer-archived-filter" type="checkbox" prop:checked=move || filters.get().archived
                    on:change:target=move |ev| {
                        apply_archived(Filters { archived: ev.target().checked(), ..filters.get_untracked() })
                    }/>
                <label for="customer-archived-filter">"Include archived"</label>
            </div>
        </div>
    }
}

/// The rows of the first page, and more pages as they are asked for.
#[component]
fn CustomerRows(
    first: Page<Customer>,
    filters: Filters,
    apply: impl Fn(Filters) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let api = use_api();
    let rows = RwSignal::new(first.items);
    let cursor = RwSignal::new(first.cursor.filter(|c| !c.is_empty()));
    let dropped = RwSignal::new(0usize);
    let more_filters = filters.clone();
    let load_more = Action::new_local(move |next: &String| {
        let query = more_filters.query(Some(next.clone()));
        async move {
            let page = api.customers().list(&query).await?;
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
    let filtered = filters.is_filtered();
    let search = filters.search.clone();

    view! {
        <p class="result-count" role="status" aria-live="polite">
            {move || match (is_empty(), cursor.with(Option::is_some)) {
                (true, _) => String::new(),
                (false, true) => format!("Showing {}", customers(count())),
                (false, false) if count() == 1 => "1 customer".to_owned(),
                (false, false) => format!("All {} shown", customers(count())),
            }}
        </p>
        <Show when=is_empty>
            <EmptyList filtered search=search.clone() apply=apply.clone()/>
        </Show>
        <Show when=move || !is_empty()>
            <Show when=move || { dropped.get() > 0 }>
                <p class="notice">
                    {move || format!("The first {} rows are hidden to keep the page fast. ", dropped.get())}
                    <a href="#" on:click=move |ev| { ev.prevent_default(); scroll_to_top(); }>"Back to top"</a>
                </p>
            </Show>
            <div class="table-wrap">
                <table class="data-table">
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Internal id"</th>
                            <th scope="col">"Engine id"</th>
                            <th scope="col">"Last active"</th>
                            <th scope="col">"Created"</th>
                        </tr>
                    </thead>
                    <tbody>
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
                    </tbody>
                </table>
            </div>
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

/// "No customers yet" and "nothing matches" are different situations.
#[component]
fn EmptyList(
    filtered: bool,
    search: String,
    apply: impl Fn(Filters) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    if filtered {
        let what = if search.trim().is_empty() {
            "No customers match these filters.".to_owned()
        } else {
            format!("No customers match “{}”.", search.trim())
        };
        view! {
            <div class="empty-state">
                <p class="empty-title">{what}</p>
                <button type="button" class="button" on:click=move |_| apply(Filters::default())>
                    "Clear search and filters"
                </button>
            </div>
        }
        .into_any()
    } else {
        view! {
            <div class="empty-state">
                <p class="empty-title">"No customers yet"</p>
                <p>"Customers appear here when your product creates them, or when you add one with New customer."</p>
            </div>
        }
        .into_any()
    }
}
