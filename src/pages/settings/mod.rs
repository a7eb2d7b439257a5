//! Settings: the workspace and its customer field schema (General), the
//! test customer (Testing), and the engine connection (Engine).

mod customer_fields;
mod engine;
mod general;
mod testing;

pub use engine::EngineSettings;
pub(crate) use general::general_settings_reads;
pub use general::GeneralSettings;
pub use testing::TestingSettings;

use crate::ui::app_href;
use leptos::prelude::*;
use leptos_router::components::A;

/// The tabs of the Settings area.
#[component]
fn SettingsNav() -> impl IntoView {
    view! {
        <nav class="sub-nav" aria-label="Settings">
            <A href=app_href("/settings/general")>"General"</A>
            <A href=app_href("/settings/testing")>"Testing"</A>
            <A href=app_href("/settings/engine")>"Engine"</A>
        </nav>
    }
}
