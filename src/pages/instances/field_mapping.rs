//! A field mapping instance: which way it goes, and its import and export
//! values, edited as JSON (they are often formulas).

use crate::api::{use_api, Instance, InstanceChanges, InstanceKind};
use crate::ui::{parse_json_input, use_toasts, ActionButton, ErrorPanel, JsonInput};
use leptos::prelude::*;
use serde_json::Value;

fn text_of(value: &Option<Value>) -> String {
    value.as_ref().map(super::json_text).unwrap_or_default()
}

#[component]
pub(super) fn FieldMappingBody(record: RwSignal<Instance>) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let direction = record
        .with_untracked(|i| i.direction.clone())
        .unwrap_or_else(|| "both".to_owned());
    let imports = direction != "export";
    let exports = direction != "import";
    let import_text = RwSignal::new(record.with_untracked(|i| text_of(&i.import_value)));
    let export_text = RwSignal::new(record.with_untracked(|i| text_of(&i.export_value)));
    let archived = crate::ui::memo(move |_| record.read().is_archived());
    let save = crate::ui::write(move |changes: &InstanceChanges| {
        let saving = super::save_shown(api, record, InstanceKind::FieldMapping, changes.clone());
        async move {
            let saved = saving.await;
            if let Ok(updated) = &saved {
                import_text.set(text_of(&updated.import_value));
                export_text.set(text_of(&updated.export_value));
                toasts.show("Field mapping saved");
            }
            saved
        }
    });
    let parsed = move |text: RwSignal<String>, used: bool| -> Result<Option<Value>, ()> {
        if !used {
            return Ok(None);
        }
        parse_json_input(&text.get_untracked())
            .map(|v| Some(v.unwrap_or(Value::Null)))
            .map_err(|_| ())
    };
    let submit_form = move || {
        let (Ok(import_value), Ok(export_value)) =
            (parsed(import_text, imports), parsed(export_text, exports))
        else {
            return;
        };
        save.dispatch(InstanceChanges {
            import_value,
            export_value,
            ..Default::default()
        });
    };
    let invalid = Signal::derive(move || {
        (imports && import_text.with(|t| parse_json_input(t).is_err()))
            || (exports && export_text.with(|t| parse_json_input(t).is_err()))
    });
    let busy = Signal::derive(move || save.pending().get() || archived.get());
    let direction_words = match direction.as_str() {
        "import" => "Import: from the customer's app into yours.",
        "export" => "Export: from your app into the customer's.",
        "both" => "Both ways: imported into your app and exported to the customer's.",
        _ => "A direction the console does not know.",
    };
    view! {
        <form class="card form" novalidate aria-labelledby="field-mapping-title"
            on:submit=move |ev| { ev.prevent_default(); submit_form(); }>
            <h2 id="field-mapping-title">"Mapping"</h2>
            <dl class="facts">
                <dt>"Direction"</dt>
                <dd><span class="mono">{direction.clone()}</span>" · "{direction_words}</dd>
            </dl>
            {imports.then(|| view! {
                <JsonInput id="mapping-import" label="Import value" text=import_text disabled=busy
                    hint="How the customer's fields become yours. Empty removes it."/>
            })}
            {exports.then(|| view! {
                <JsonInput id="mapping-export" label="Export value" text=export_text disabled=busy
                    hint="How your fields become the customer's. Empty removes it."/>
            })}
            {move || save.value().get().and_then(Result::err).filter(|_| !save.pending().get())
                .map(|error| view! { <ErrorPanel error retry=Callback::new(move |_| submit_form())/> })}
            <Show when=move || !archived.get()>
                <div class="actions">
                    <ActionButton label="Save" busy="Saving…" pending=save.pending() disabled=invalid/>
                </div>
            </Show>
        </form>
    }
}
