//! The Apps area.

use crate::ui::use_page_title;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn AppList() -> impl IntoView {
    use_page_title(|| "Apps".to_owned());
    view! {
        <section class="page">
            <h1>"Apps"</h1>
        </section>
    }
}

#[component]
pub fn AppPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("key").unwrap_or_default();
    use_page_title(move || format!("App {}", id()));
    view! {
        <section class="page">
            <h1>"App " {id}</h1>
        </section>
    }
}
