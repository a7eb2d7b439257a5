//! The Connections area: every customer's connections, one connection's
//! page, the connect dialog (also embedded on a customer's page) and the
//! route that completes a connect flow run in redirect mode.

mod complete;
mod connect;
mod flow;
mod list;
mod page;

pub use complete::ConnectComplete;
pub use connect::{ConnectDialog, Reconnect};
pub(crate) use list::connection_list_reads;
pub use list::{
    customer_connections_query, ConnectionList, CustomerConnectionRows, CustomerConnections,
};
pub use page::{ConnectionPage, EngineErrors};

use crate::api::{Connection, ConnectionStatus};
use crate::ui::StateBadge;
use leptos::prelude::*;

/// Provided by a host page that cannot open popups: the connect flow then
/// runs in the console's own window, and `/connections/complete` finishes it
/// when the engine sends the browser back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RedirectMode(pub bool);

/// A connection's state by icon and words, with the engine's message or what
/// to do when there is one.
#[component]
pub fn StatusBadge(status: ConnectionStatus, #[prop(optional)] with_detail: bool) -> impl IntoView {
    let icon = match status {
        ConnectionStatus::Connected => "✓",
        ConnectionStatus::Disconnected => "○",
        ConnectionStatus::SettingUp => "…",
        ConnectionStatus::Error(_) => "✕",
        ConnectionStatus::ActionRequired(_) => "!",
    };
    let detail = with_detail
        .then(|| status.detail().map(str::to_owned))
        .flatten();
    view! { <StateBadge class=status.class() icon label=status.label() detail/> }
}

/// An app's logo; its name is always shown beside it, so the image is decorative.
#[component]
pub(crate) fn ConnLogo(src: Option<String>) -> impl IntoView {
    match src {
        Some(src) => {
            view! { <img class="conn-logo" src=src alt="" width="24" height="24"/> }.into_any()
        }
        None => view! { <span class="conn-logo" aria-hidden="true"></span> }.into_any(),
    }
}

/// The app's logo and name.
fn app_cell(c: &Connection) -> impl IntoView {
    let logo = c.integration.as_ref().and_then(|i| i.logo_uri.clone());
    view! {
        <span class="conn-app"><ConnLogo src=logo/> {c.app_name().to_owned()}</span>
    }
}
