//! The list-page kit: search and filters kept in the URL (so a reload or a
//! shared link shows the same list, and Back undoes a filter), one search
//! box, and the pieces every list table shares. Customers, connections and
//! apps are written with it; a new list page is too.

use super::app_href;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::params::ParamsMap;
use leptos_router::NavigateOptions;
use std::time::Duration;

/// The search's name in every list's URL.
pub const SEARCH: &str = "q";
/// The page a cursor-paged list shows.
pub const CURSOR: &str = "cursor";
/// Typing pauses this long before the search is sent.
const SEARCH_DEBOUNCE: Duration = Duration::from_millis(250);

/// A filter with a fixed set of choices, each with its value in the URL
/// (the default's is empty, so an unfiltered list has a bare URL) and its
/// words in the filter's select.
pub trait UrlChoice: Copy + PartialEq + Send + Sync + 'static {
    const ALL: &'static [Self];
    fn url_value(self) -> &'static str;
    fn label(self) -> &'static str;
}

/// A list page's query string, read per filter (tracked) and written one
/// filter at a time. A filter change replaces the history entry and starts
/// again at the first page; a page change adds an entry, so Back returns to
/// the previous page.
#[derive(Clone, Copy)]
pub struct UrlQuery {
    params: Memo<ParamsMap>,
    go: Callback<(ParamsMap, bool)>,
}

/// The query of the list at `path` (an app path such as "/connections").
pub fn use_url_query(path: &str) -> UrlQuery {
    let params = use_query_map();
    let navigate = use_navigate();
    let base = app_href(path);
    let go = Callback::new(move |(next, replace): (ParamsMap, bool)| {
        navigate(
            &format!("{base}{}", next.to_query_string()),
            NavigateOptions {
                // The path already has the base; resolving would add it again.
                resolve: false,
                replace,
                scroll: false,
                ..Default::default()
            },
        );
    });
    UrlQuery { params, go }
}

impl UrlQuery {
    /// A value as written in the URL; empty when absent.
    pub fn text(self, key: &str) -> String {
        self.params
            .read()
            .get_str(key)
            .unwrap_or_default()
            .to_owned()
    }

    /// A value as written in the URL, when it is there and not empty.
    pub fn value(self, key: &str) -> Option<String> {
        Some(self.text(key)).filter(|v| !v.is_empty())
    }

    /// The search, as typed.
    pub fn search(self) -> String {
        self.text(SEARCH)
    }

    /// A choice; the default one when absent or not one of the choices.
    pub fn choice<T: UrlChoice + Default>(self, key: &str) -> T {
        let value = self.text(key);
        T::ALL
            .iter()
            .copied()
            .find(|c| c.url_value() == value)
            .unwrap_or_default()
    }

    /// An on/off filter, kept as `key=1`.
    pub fn flag(self, key: &str) -> bool {
        self.text(key) == "1"
    }

    pub fn cursor(self) -> Option<String> {
        self.value(CURSOR)
    }

    /// Whether anything but the page narrows the list.
    pub fn is_filtered(self) -> bool {
        self.params
            .read()
            .latest_values()
            .any(|(key, value)| key != CURSOR && !value.trim().is_empty())
    }

    /// Sets one filter (an empty value removes it), back at the first page.
    pub fn set(self, key: &'static str, value: impl Into<String>) {
        let mut next = self.params.get_untracked();
        next.remove(CURSOR);
        next.remove(key);
        let value: String = value.into();
        if !value.trim().is_empty() {
            next.insert(key, value.trim().to_owned());
        }
        self.go.run((next, true));
    }

    pub fn set_choice<T: UrlChoice>(self, key: &'static str, choice: T) {
        self.set(key, choice.url_value());
    }

    pub fn set_flag(self, key: &'static str, on: bool) {
        self.set(key, if on { "1" } else { "" });
    }

    /// Every filter off: the whole list again.
    pub fn clear(self) {
        self.go.run((ParamsMap::new(), true));
    }

    pub fn set_cursor(self, cursor: Option<String>) {
        let mut next = self.params.get_untracked();
        next.remove(CURSOR);
        if let Some(cursor) = cursor {
            next.insert(CURSOR, cursor);
        }
        self.go.run((next, false));
    }
}

/// The search box: sent after a pause in typing, or at once on Enter; shows
/// the URL's search again after Back or a cleared filter.
#[component]
pub fn SearchBox(
    query: UrlQuery,
    id: &'static str,
    label: &'static str,
    placeholder: &'static str,
) -> impl IntoView {
    let text = RwSignal::new(untrack(|| query.search()));
    crate::ui::effect(move |_| {
        let search = query.search();
        if text.get_untracked().trim() != search.trim() {
            text.set(search);
        }
    });
    let timer = StoredValue::new_local(None::<TimeoutHandle>);
    let send = move || {
        if let Some(t) = timer.get_value() {
            t.clear();
        }
        let typed = text.get_untracked();
        if untrack(|| query.search()).trim() != typed.trim() {
            query.set(SEARCH, typed);
        }
    };
    let on_input = move |value: String| {
        text.set(value);
        if let Some(t) = timer.get_value() {
            t.clear();
        }
        timer.set_value(set_timeout_with_handle(send, SEARCH_DEBOUNCE).ok());
    };
    view! {
        <div class="field search">
            <label for=id>{label}</label>
            <input id=id type="search" placeholder=placeholder autocomplete="off"
                prop:value=move || text.get()
                on:input:target=move |ev| on_input(ev.target().value())
                on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); send(); }/>
        </div>
    }
}

/// A filter's select, one option per choice.
#[component]
pub fn ChoiceSelect<T: UrlChoice + Default>(
    query: UrlQuery,
    key: &'static str,
    id: &'static str,
    label: &'static str,
    /// `T::ALL`, which names the type.
    choices: &'static [T],
) -> impl IntoView {
    let on_change = move |value: String| {
        let choice = choices
            .iter()
            .copied()
            .find(|c| c.url_value() == value)
            .unwrap_or_default();
        query.set_choice(key, choice);
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id on:change:target=move |ev| on_change(ev.target().value())>
                {choices.iter().map(|&choice| view! {
                    <option value=choice.url_value() selected={move || query.choice::<T>(key) == choice}>
                        {choice.label()}
                    </option>
                }).collect_view()}
            </select>
        </div>
    }
}

/// An on/off filter's checkbox.
#[component]
pub fn FlagCheckbox(
    query: UrlQuery,
    key: &'static str,
    id: &'static str,
    label: &'static str,
) -> impl IntoView {
    view! {
        <div class="field checkbox">
            <input id=id type="checkbox" prop:checked=move || query.flag(key)
                on:change:target=move |ev| query.set_flag(key, ev.target().checked())/>
            <label for=id>{label}</label>
        </div>
    }
}

/// The count above a list, read out politely when it changes.
#[component]
pub fn ResultCount(#[prop(into)] text: Signal<String>) -> impl IntoView {
    view! { <p class="result-count" role="status" aria-live="polite">{text}</p> }
}

/// A list table: its column headings and its rows.
#[component]
pub fn ListTable(
    columns: Vec<&'static str>,
    #[prop(optional)] class: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class=format!("data-table {class}")>
                <thead>
                    <tr>{columns.into_iter().map(|c| view! { <th scope="col">{c}</th> }).collect_view()}</tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}

/// An empty list: "nothing yet" (why there may be none) and "nothing
/// matches" (with a way back to the whole list) are different situations.
#[component]
pub fn EmptyList(
    /// The list's filters, when it has any.
    #[prop(optional_no_strip)]
    query: Option<UrlQuery>,
    /// The list's things, for "No customers match …".
    plural: &'static str,
    #[prop(into)] nothing_yet: String,
    #[prop(optional, into)] why: String,
) -> impl IntoView {
    match query.filter(|q| untrack(|| q.is_filtered())) {
        Some(query) => {
            let what = match untrack(|| query.search()).trim() {
                "" => format!("No {plural} match these filters."),
                search => format!("No {plural} match “{search}”."),
            };
            view! {
                <div class="empty-state">
                    <p class="empty-title">{what}</p>
                    <button type="button" class="button" on:click=move |_| query.clear()>
                        "Clear search and filters"
                    </button>
                </div>
            }
            .into_any()
        }
        None => view! {
            <div class="empty-state">
                <p class="empty-title">{nothing_yet}</p>
                {(!why.is_empty()).then(|| view! { <p>{why}</p> })}
            </div>
        }
        .into_any(),
    }
}

/// "First page" and "Next page" of a cursor-paged list.
#[component]
pub fn Pager(
    /// Whether a later page is shown, so there is a first one to go back to.
    later: bool,
    next: Option<String>,
    on_page: Callback<Option<String>>,
) -> impl IntoView {
    view! {
        <nav class="pager" aria-label="Pages">
            {later.then(|| view! {
                <button type="button" class="button secondary"
                    on:click=move |_| on_page.run(None)>"First page"</button>
            })}
            {next.map(|cursor| view! {
                <button type="button" class="button secondary"
                    on:click=move |_| on_page.run(Some(cursor.clone()))>"Next page"</button>
            })}
        </nav>
    }
}
