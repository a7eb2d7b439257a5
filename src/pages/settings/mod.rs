//! Settings: the engine connection and the customer field schema.

mod customer_fields;
mod engine;

pub use customer_fields::CustomerFieldsSettings;
pub use engine::EngineSettings;

use crate::ui::app_href;
use leptos::prelude::*;
use leptos_router::components::A;

/// The tabs of the Settings area.
#[component]
fn SettingsNav() -> impl IntoView {
    view! {
        <nav class="sub-nav" aria-label="Settings">
            <A href=app_href("/settings/engine")>"Engine"</A>
            <A href=app_href("/settings/customer-fields")>"Customer fields"</A>
        </nav>
    }
}
