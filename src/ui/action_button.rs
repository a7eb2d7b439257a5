//! The button that starts a write: its text says while the write is under
//! way, and it cannot be pressed again meanwhile.

use leptos::prelude::*;

/// `label` at rest, `busy` while `pending` (an `Action`'s `pending()`).
/// A submit button when `press` is not given, so the form's own submit
/// handler runs; `disabled` adds other reasons not to press it.
#[component]
pub fn ActionButton(
    #[prop(into)] label: String,
    #[prop(into)] busy: String,
    #[prop(into)] pending: Signal<bool>,
    #[prop(optional)] press: Option<Callback<()>>,
    #[prop(optional, into)] disabled: Signal<bool>,
    /// The button's look: "primary", "secondary", "danger" or "" for plain.
    #[prop(default = "primary")]
    kind: &'static str,
) -> impl IntoView {
    let class = if kind.is_empty() {
        "button".to_owned()
    } else {
        format!("button {kind}")
    };
    let kind_attr = if press.is_some() { "button" } else { "submit" };
    view! {
        <button type=kind_attr class=class disabled=move || pending.get() || disabled.get()
            on:click=move |_| {
                if let Some(press) = press {
                    press.run(());
                }
            }>
            {move || if pending.get() {
                view! { <span class="spinner" aria-hidden="true"></span>{busy.clone()} }.into_any()
            } else {
                label.clone().into_any()
            }}
        </button>
    }
}
