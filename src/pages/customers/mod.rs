//! The Customers area.

use crate::ui::use_page_title;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn CustomerList() -> impl IntoView {
    use_page_title(|| "Customers".to_owned());
    view! {
        <section class="page">
            <h1>"Customers"</h1>
        </section>
    }
}

#[component]
pub fn CustomerPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    use_page_title(move || format!("Customer {}", id()));
    view! {
        <section class="page">
            <h1>"Customer " {id}</h1>
        </section>
    }
}
