//! The Connections area.

use crate::ui::use_page_title;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ConnectionList() -> impl IntoView {
    use_page_title(|| "Connections".to_owned());
    view! {
        <section class="page">
            <h1>"Connections"</h1>
        </section>
    }
}

#[component]
pub fn ConnectionPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    use_page_title(move || format!("Connection {}", id()));
    view! {
        <section class="page">
            <h1>"Connection " {id}</h1>
        </section>
    }
}
