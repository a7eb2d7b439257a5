//! `/connections/complete`: where the engine sends the browser back after a
//! connect flow run in redirect mode, with `?connectionId=` or `?error=`.

use super::connect::FailureView;
use super::StatusBadge;
use crate::api::{use_api, Connection, ConnectionError};
use crate::ui::{app_href, error_fallback, record_href, use_page_title, Loading};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ConnectComplete() -> impl IntoView {
    use_page_title(|| "Connecting".to_owned());
    let query = use_query_map();
    let connection_id = query
        .read_untracked()
        .get("connectionId")
        .filter(|s| !s.is_empty());
    let error = query.read_untracked().get("error");
    let body = match (connection_id, error) {
        (Some(id), _) => view! { <Completed id/> }.into_any(),
        (None, Some(message)) => view! {
            <h1>"Could not connect"</h1>
            <FailureView error=ConnectionError { message: Some(message), ..Default::default() }/>
            <p>"Go back to the customer's page and try again."</p>
            <p><a href=app_href("/connections")>"Back to connections"</a></p>
        }
        .into_any(),
        (None, None) => view! {
            <h1>"Nothing to complete"</h1>
            <p>"This page finishes a connection started in this window, and no connection was named."</p>
            <p><a href=app_href("/connections")>"Back to connections"</a></p>
        }
        .into_any(),
    };
    view! { <section class="page narrow conn-complete">{body}</section> }
}

#[component]
fn Completed(id: String) -> impl IntoView {
    let api = use_api();
    let connection = crate::ui::read(move || {
        let id = id.clone();
        async move { api.connections().get(&id).await }
    });
    view! {
        <Suspense fallback=|| view! { <Loading label="Loading the new connection…"/> }>
            <ErrorBoundary fallback=error_fallback(move || connection.refetch())>
                {move || Suspend::new(async move {
                    connection.await.map(|c: Connection| {
                        let connection_href = record_href("/connections", &c.id);
                        let customer = record_href("/customers", &c.user_id);
                        view! {
                            <h1>{format!("{} is connected", c.app_name())}</h1>
                            <p><StatusBadge status=c.status() with_detail=true/></p>
                            <p>
                                <a href=connection_href>{format!("Open {}", c.display_name())}</a>
                                " · "
                                <a href=customer>{format!("Back to {}", c.customer_name())}</a>
                            </p>
                        }
                    })
                })}
            </ErrorBoundary>
        </Suspense>
    }
}
