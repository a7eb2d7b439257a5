//! Components shared by every area.

mod action_button;
mod copy;
mod dialog;
mod feedback;
mod json_input;
mod leave_guard;
mod list;
mod paths;
mod state_badge;
mod theme;
mod time;
mod title;
mod toast;

pub use action_button::ActionButton;
pub use copy::CopyButton;
pub use dialog::Dialog;
pub use feedback::{
    error_fallback, part_view, ErrorPanel, ErrorReport, Loading, UnreadableNote, UnreadableRow,
};
pub use json_input::{parse_json_input, JsonInput};
pub use leave_guard::use_leave_guard;
pub use list::{
    use_url_query, ChoiceSelect, EmptyList, FlagCheckbox, ListTable, Pager, ResultCount, SearchBox,
    UrlChoice, UrlQuery, SEARCH,
};
pub use paths::{app_href, record_href, BasePath};
pub use state_badge::StateBadge;
pub use theme::{Theme, ThemeToggle};
pub use time::{parse_iso, relative, RelativeTime};
pub use title::{use_page_title, DocumentTitle};
pub use toast::{use_toasts, ToastRegion, Toasts};

type Boxed<T> = std::pin::Pin<Box<dyn std::future::Future<Output = T>>>;
type BoxedWrite<I, O> = Box<dyn Fn(&I) -> Boxed<O>>;
type BoxedMemo<T> = Box<dyn Fn(Option<&T>) -> T + Send + Sync>;

/// A `LocalResource` whose fetcher and future are boxed: Leptos compiles its
/// resource code once per fetcher and future type, so unboxed every read of
/// every page would carry its own copy; boxed, one per answer type serves.
pub fn read<T: 'static, Fut: std::future::Future<Output = T> + 'static>(
    fetch: impl Fn() -> Fut + 'static,
) -> leptos::prelude::LocalResource<T> {
    let fetch: Box<dyn Fn() -> Boxed<T>> = Box::new(move || Box::pin(fetch()));
    leptos::prelude::LocalResource::new(fetch)
}

/// `Action::new_local` with the write boxed, for the reason [`read`] gives:
/// one copy of Leptos' action code per input and output type.
pub fn write<I: 'static, O: 'static, Fut: std::future::Future<Output = O> + 'static>(
    send: impl Fn(&I) -> Fut + 'static,
) -> leptos::prelude::Action<I, O> {
    let send: BoxedWrite<I, O> = Box::new(move |input| Box::pin(send(input)));
    leptos::prelude::Action::new_local(send)
}

/// `Effect::new` with its closure boxed, for the reason [`read`] gives. For
/// effects that keep no value between runs; one that does uses `Effect::new`.
pub fn effect(
    run: impl FnMut(Option<()>) + 'static,
) -> leptos::prelude::Effect<leptos::prelude::LocalStorage> {
    let run: Box<dyn FnMut(Option<()>)> = Box::new(run);
    leptos::prelude::Effect::new(run)
}

/// `Memo::new` with its closure boxed, for the reason [`read`] gives. For
/// memos that do not look at their previous value.
pub fn memo<T: PartialEq + Send + Sync + 'static>(
    compute: impl Fn(Option<&T>) -> T + Send + Sync + 'static,
) -> leptos::prelude::Memo<T> {
    let compute: BoxedMemo<T> = Box::new(compute);
    leptos::prelude::Memo::new(compute)
}
