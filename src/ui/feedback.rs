//! Loading and error states, alike on every screen.

use crate::api::Unreadable;
use leptos::prelude::*;

/// A polite "loading" status with a spinner.
#[component]
pub fn Loading(#[prop(into)] label: String) -> impl IntoView {
    view! {
        <p class="loading" role="status">
            <span class="spinner" aria-hidden="true"></span>
            {label}
        </p>
    }
}

/// What an [`ErrorPanel`] shows. The api side builds one from its
/// `ApiError`, so the panel knows nothing of the engine.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorReport {
    pub title: String,
    /// A sentence a person can act on.
    pub detail: String,
    /// Whether trying again may help, so a Retry is offered.
    pub retryable: bool,
}

/// An error as a heading, a sentence to act on and, when trying again may
/// help, a Retry button.
#[component]
pub fn ErrorPanel(
    #[prop(into)] error: ErrorReport,
    #[prop(optional, into)] retry: Option<Callback<()>>,
    /// More to show under the message, such as a details section.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let retry = retry.filter(|_| error.retryable);
    view! {
        <div class="error-panel" role="alert">
            <p class="error-title">{error.title}</p>
            <p class="error-message">{error.detail}</p>
            {children.map(|children| children())}
            {retry.map(|retry| view! {
                <button type="button" class="button" on:click=move |_| retry.run(())>"Retry"</button>
            })}
        </div>
    }
}

/// The fallback of an `<ErrorBoundary>` around engine data: shows the first
/// error with a Retry that calls `retry` (usually a resource's `refetch`).
pub fn error_fallback(
    retry: impl Fn() + Send + Sync + Clone + 'static,
) -> impl Fn(ArcRwSignal<Errors>) -> AnyView + Send + Clone + 'static {
    move |errors: ArcRwSignal<Errors>| {
        let retry = retry.clone();
        let first =
            errors.with_untracked(|errors| errors.iter().next().map(|(_, e)| ErrorReport::from(e)));
        match first {
            Some(error) => view! {
                <ErrorPanel error retry=Callback::new(move |_| retry())/>
            }
            .into_any(),
            None => ().into_any(),
        }
    }
}

/// One part of a page once its data is in: `view` of the data, or the
/// error with a Retry in its place. Parts use this, not an `<ErrorBoundary>`
/// of their own: nested in the page's Suspense and ErrorBoundary, an inner
/// boundary shows nothing at all on error (leptos-rs/leptos#3908).
pub fn part_view<T>(
    result: Result<T, impl Into<ErrorReport>>,
    retry: impl Fn() + Send + Sync + 'static,
    view: impl FnOnce(T) -> AnyView,
) -> AnyView {
    match result {
        Ok(data) => view(data),
        Err(error) => {
            view! { <ErrorPanel error retry=Callback::new(move |_| retry())/> }.into_any()
        }
    }
}

/// A list item the engine sent but the console could not read: it says so,
/// with the item's id and why, in place of the item. Plain text, no link:
/// there is nothing to open.
#[component]
pub fn UnreadableNote(what: &'static str, item: Unreadable) -> impl IntoView {
    view! {
        <span class="state warning unreadable">
            <span aria-hidden="true">"⚠ "</span>{format!("This {what} could not be read")}
        </span>
        {item.id.map(|id| view! { " (id " <span class="mono">{id}</span> ")" })}
        ": " <span class="muted">{item.reason}</span>
    }
}

/// [`UnreadableNote`] as a table row spanning `columns` columns.
#[component]
pub fn UnreadableRow(what: &'static str, item: Unreadable, columns: usize) -> impl IntoView {
    view! {
        <tr class="unreadable-row">
            <td colspan=columns><UnreadableNote what item/></td>
        </tr>
    }
}
