//! A data source instance: its collection, and the path and sync intervals
//! a person may change.

use crate::api::{use_api, Instance, InstanceChanges, InstanceKind};
use crate::forms::{FormMode, FormState, SchemaForm};
use crate::ui::{use_leave_guard, use_toasts, ActionButton, ErrorPanel};
use leptos::prelude::*;
use serde_json::{json, Value};

/// The engine's limits: at most thirty days between syncs.
fn settings_schema() -> Value {
    json!({
        "type": "object",
        "properties": {
            "path": { "type": "string", "title": "Path",
                "description": "Where in the customer's app the collection is read from." },
            "pullUpdatesIntervalSeconds": { "type": "integer", "title": "Pull updates every (seconds)",
                "minimum": 1, "maximum": 2_592_000 },
            "fullSyncIntervalSeconds": { "type": "integer", "title": "Full sync every (seconds)",
                "minimum": 60, "maximum": 2_592_000 }
        }
    })
}

fn settings_of(i: &Instance) -> Value {
    let mut settings = serde_json::Map::new();
    if let Some(path) = &i.path {
        settings.insert("path".into(), json!(path));
    }
    if let Some(s) = i.pull_updates_interval_seconds {
        settings.insert("pullUpdatesIntervalSeconds".into(), json!(s));
    }
    if let Some(s) = i.full_sync_interval_seconds {
        settings.insert("fullSyncIntervalSeconds".into(), json!(s));
    }
    Value::Object(settings)
}

#[component]
pub(super) fn DataSourceBody(record: RwSignal<Instance>) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let facts = crate::ui::memo(move |_| {
        let i = record.read();
        (
            i.collection_key.clone(),
            i.default_path.clone(),
            i.collection_parameters.as_ref().map(super::json_text),
        )
    });
    let archived = crate::ui::memo(move |_| record.read().is_archived());
    let form = FormState::new(
        &settings_schema(),
        record.with_untracked(settings_of),
        FormMode::Edit,
    );
    use_leave_guard(form.is_dirty());
    let save = crate::ui::write(move |changes: &InstanceChanges| {
        let saving = super::save_shown(api, record, InstanceKind::DataSource, changes.clone());
        async move {
            let saved = saving.await;
            match &saved {
                Ok(updated) => {
                    form.saved(settings_of(updated));
                    toasts.show("Data source saved");
                }
                Err(error) => {
                    if let Some(field) = error.field() {
                        form.set_server_errors(vec![(field, error.field_message())]);
                    }
                }
            }
            saved
        }
    });
    crate::ui::effect(move |_| form.set_disabled(save.pending().get() || archived.get()));
    let submit_form = move || {
        if !form.validate_for_submit() {
            return;
        }
        let value = form.value();
        save.dispatch(InstanceChanges {
            path: value["path"].as_str().map(str::to_owned),
            pull_updates_interval_seconds: value["pullUpdatesIntervalSeconds"].as_u64(),
            full_sync_interval_seconds: value["fullSyncIntervalSeconds"].as_u64(),
            ..Default::default()
        });
    };
    view! {
        <div class="card">
            <h2>"Collection"</h2>
            {move || {
                let (collection, default_path, parameters) = facts.get();
                view! {
                    <dl class="facts">
                        <dt>"Collection"</dt>
                        <dd class="mono">{collection.unwrap_or_else(|| "—".to_owned())}</dd>
                        <dt>"Default path"</dt>
                        <dd class="mono">{default_path.unwrap_or_else(|| "—".to_owned())}</dd>
                    </dl>
                    {parameters.map(|p| view! {
                        <h3>"Collection parameters"</h3>
                        <pre class="json-output"><code>{p}</code></pre>
                    })}
                }
            }}
        </div>
        <form class="card form" novalidate aria-labelledby="data-source-settings-title"
            on:submit=move |ev| { ev.prevent_default(); submit_form(); }>
            <div class="card-head">
                <h2 id="data-source-settings-title">"Sync settings"</h2>
                <Show when=move || form.is_dirty().get()>
                    <span class="badge unsaved">"Unsaved changes"</span>
                </Show>
            </div>
            <SchemaForm state=form id_prefix="data-source" without_json_view=true/>
            {move || save.value().get().and_then(Result::err).filter(|_| !save.pending().get())
                .map(|error| view! { <ErrorPanel error retry=Callback::new(move |_| submit_form())/> })}
            <Show when=move || !archived.get()>
                <div class="actions">
                    <ActionButton label="Save" busy="Saving…" pending=save.pending()
                        disabled=Signal::derive(move || !form.is_dirty().get())/>
                </div>
            </Show>
        </form>
    }
}
