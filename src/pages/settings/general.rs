//! Settings › General: which workspace this is, and its tenant (customer)
//! field schema.

use super::customer_fields::TenantFieldSchema;
use super::SettingsNav;
use crate::api::{early, use_api, Request, Workspace};
use crate::ui::{error_fallback, use_page_title, Loading};
use leptos::prelude::*;

/// The workspace, asked for while the page's code loads.
pub(crate) fn general_settings_reads() -> Vec<Request> {
    vec![early::workspace()]
}

#[component]
pub fn GeneralSettings() -> impl IntoView {
    use_page_title(|| "General settings".to_owned());
    let api = use_api();
    let workspace = crate::ui::read(move || api.workspace().get());
    view! {
        <section class="page">
            <SettingsNav/>
            <h1>"General"</h1>
            <Suspense fallback=|| view! { <Loading label="Loading the workspace…"/> }>
                <ErrorBoundary fallback=error_fallback(move || workspace.refetch())>
                    {move || Suspend::new(async move {
                        workspace.await.map(|w: Workspace| view! {
                            <WorkspaceFacts workspace=w.clone()/>
                            <TenantFieldSchema api schema=w.user_fields_schema/>
                        })
                    })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}

/// The workspace's name, key and id, read-only: they are set in the
/// engine's own settings.
#[component]
fn WorkspaceFacts(workspace: Workspace) -> impl IntoView {
    let text = |value: Option<String>| {
        value
            .filter(|v| !v.trim().is_empty())
            .unwrap_or_else(|| "—".to_owned())
    };
    view! {
        <section class="card" aria-labelledby="workspace-title">
            <h2 id="workspace-title">"Workspace"</h2>
            <dl class="facts">
                <dt>"Name"</dt>
                <dd>{text(workspace.name)}</dd>
                <dt>"Key"</dt>
                <dd class="mono">{text(workspace.key)}</dd>
                <dt>"Id"</dt>
                <dd class="mono">{workspace.id}</dd>
            </dl>
            <p class="hint">"The name and key are set in the engine; the console shows them as they are."</p>
        </section>
    }
}
