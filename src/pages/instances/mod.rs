//! What is deployed for a customer: the seven kinds of instance, each a
//! section of the customer's page with its list, and each instance's own
//! page with its operations; a flow's runs, watched live.

mod action;
mod data_source;
mod field_mapping;
mod flow;
mod links;
mod list;
mod page;
mod run;
mod subscription;

pub(crate) use list::instance_section_reads;
pub use list::{ConnectionInstances, InstanceSection};
pub(crate) use page::instance_page_reads;
pub use page::{InstancePage, InstancesChanged};
pub(crate) use run::flow_run_page_reads;
pub use run::FlowRunPage;

use crate::api::{Api, ApiError, Instance, InstanceChanges, InstanceKind, InstanceStatus};
use crate::ui::{record_href, StateBadge};
use leptos::prelude::*;

/// An instance's page: `/customers/{customer}/{section}/{instance}`.
fn instance_href(customer_id: &str, kind: InstanceKind, id: &str) -> String {
    record_href(
        &format!(
            "/customers/{}/{}",
            crate::api::encode(customer_id),
            kind.section()
        ),
        id,
    )
}

/// Saves `changes` to the instance a page shows, which then shows what the
/// engine answered. The id is read now, as the write is dispatched: after the
/// `await` the page may be gone.
fn save_shown(
    api: Api,
    record: RwSignal<Instance>,
    kind: InstanceKind,
    changes: InstanceChanges,
) -> impl std::future::Future<Output = Result<Instance, ApiError>> + 'static {
    let id = record.get_untracked().id;
    async move {
        let saved = api.instances().update(kind, &id, &changes).await;
        if let Ok(updated) = &saved {
            record.set(updated.clone());
        }
        saved
    }
}

/// The customer an instance belongs to, as the engine names it.
fn customer_of(instance: &Instance) -> Option<String> {
    instance
        .tenant_id
        .clone()
        .or_else(|| instance.user_id.clone())
        .or_else(|| instance.user.as_ref().map(|u| u.id.clone()))
}

/// An instance's state by icon and words, with the engine's message.
#[component]
fn InstanceState(status: InstanceStatus, #[prop(optional)] with_detail: bool) -> impl IntoView {
    let detail = with_detail
        .then(|| status.detail().map(str::to_owned))
        .flatten();
    view! {
        <StateBadge class=status.class() icon=status.icon() label=status.label().to_owned() detail/>
    }
}

/// A value the engine gave as JSON, shown as indented text.
fn json_text(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}
