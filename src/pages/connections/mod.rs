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
pub use list::{ConnectionList, CustomerConnections};
pub use page::ConnectionPage;

use crate::api::{Connection, ConnectionStatus};
use crate::ui::app_href;
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
    view! {
        <span class=format!("conn-status {}", status.class())>
            <span class="conn-status-icon" aria-hidden="true">{icon}</span>
            <span class="conn-status-label">{status.label()}</span>
        </span>
        {detail.map(|d| view! { <span class="conn-status-detail">{d}</span> })}
    }
}

/// An app's logo; its name is always shown beside it, so the image is decorative.
#[component]
fn ConnLogo(src: Option<String>) -> impl IntoView {
    match src {
        Some(src) => {
            view! { <img class="conn-logo" src=src alt="" width="24" height="24"/> }.into_any()
        }
        None => view! { <span class="conn-logo" aria-hidden="true"></span> }.into_any(),
    }
}

/// A timestamp as "2026-11-20 14:03 UTC", with the exact value for machines;
/// "—" when the engine gave none.
#[component]
fn Time(at: Option<String>) -> impl IntoView {
    match at {
        Some(at) => {
            let shown = short_time(&at);
            view! { <time datetime=at>{shown}</time> }.into_any()
        }
        None => view! { <span class="muted">"—"</span> }.into_any(),
    }
}

/// A console link to one thing: `href("/connections", id)`, the id encoded
/// so that no id can change the path.
pub(crate) fn href(prefix: &str, id: &str) -> String {
    app_href(&format!(
        "{prefix}/{}",
        String::from(js_sys::encode_uri_component(id))
    ))
}

/// Shortens an ISO-8601 timestamp for a table; anything else is shown as is.
fn short_time(iso: &str) -> String {
    let looks_iso = iso.len() >= 16 && iso.as_bytes().get(10) == Some(&b'T');
    match (looks_iso, iso.get(..10), iso.get(11..16)) {
        (true, Some(date), Some(time)) if iso.ends_with('Z') => format!("{date} {time} UTC"),
        (true, Some(date), Some(time)) => format!("{date} {time}"),
        _ => iso.to_owned(),
    }
}

/// The app's logo and name.
fn app_cell(c: &Connection) -> impl IntoView {
    let logo = c.integration.as_ref().and_then(|i| i.logo_uri.clone());
    view! {
        <span class="conn-app"><ConnLogo src=logo/> {c.app_name()}</span>
    }
}

#[cfg(test)]
mod tests {
    use super::short_time;

    #[test]
    fn times_are_shortened_only_when_they_look_right() {
        assert_eq!(
            short_time("2026-11-20T14:03:59.123Z"),
            "2026-11-20 14:03 UTC"
        );
        assert_eq!(short_time("2026-11-20T14:03:59+02:00"), "2026-11-20 14:03");
        assert_eq!(short_time("yesterday"), "yesterday");
        assert_eq!(short_time("2026-11-20ü14:03:59Z"), "2026-11-20ü14:03:59Z");
    }
}
