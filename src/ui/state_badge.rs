//! A state by icon and words (never colour alone), with the engine's
//! message beneath when there is one.

use leptos::prelude::*;

/// `class` names the state for its colour: "connected", "error",
/// "action-required", "disconnected" or "setting-up".
#[component]
pub fn StateBadge(
    class: &'static str,
    icon: &'static str,
    #[prop(into)] label: String,
    #[prop(optional_no_strip)] detail: Option<String>,
) -> impl IntoView {
    view! {
        <span class=format!("conn-status {class}")>
            <span class="conn-status-icon" aria-hidden="true">{icon}</span>
            <span class="conn-status-label">{label}</span>
        </span>
        {detail.map(|d| view! { <span class="conn-status-detail">{d}</span> })}
    }
}
