//! Settings › Customer fields: the workspace's customer field schema.

use super::SettingsNav;
use crate::ui::use_page_title;
use leptos::prelude::*;

#[component]
pub fn CustomerFieldsSettings() -> impl IntoView {
    use_page_title(|| "Customer fields".to_owned());
    view! {
        <section class="page">
            <SettingsNav/>
            <h1>"Customer fields"</h1>
        </section>
    }
}
