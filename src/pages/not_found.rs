use crate::ui::{app_href, use_page_title};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// Shown for any path no route matches.
#[component]
pub fn NotFound() -> impl IntoView {
    use_page_title(|| "Page not found".to_owned());
    let location = use_location();
    view! {
        <section class="page">
            <h1>"Page not found"</h1>
            <p>"Nothing lives at " <code>{move || location.pathname.get()}</code> "."</p>
            <p><a href=app_href("/customers")>"Go to Customers"</a></p>
        </section>
    }
}
