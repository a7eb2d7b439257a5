//! An action instance: what it does, and a run with an input from its
//! input schema; the output shown as JSON text.

use crate::api::{use_api, ActionRun, Instance};
use crate::forms::{FormMode, FormState, SchemaForm};
use crate::ui::{parse_json_input, ActionButton, ErrorPanel, JsonInput};
use leptos::prelude::*;
use serde_json::Value;

#[component]
pub(super) fn ActionBody(record: RwSignal<Instance>) -> impl IntoView {
    let facts = crate::ui::memo(move |_| {
        let i = record.read();
        (
            i.action_type.clone(),
            i.config.as_ref().map(super::json_text),
        )
    });
    let archived = crate::ui::memo(move |_| record.read().is_archived());
    view! {
        <div class="card">
            <h2>"What it does"</h2>
            {move || {
                let (action_type, config) = facts.get();
                view! {
                    <dl class="facts">
                        <dt>"Type"</dt>
                        <dd class="mono">{action_type.unwrap_or_else(|| "—".to_owned())}</dd>
                    </dl>
                    {config.map(|config| view! {
                        <h3>"Configuration"</h3>
                        <pre class="json-output"><code>{config}</code></pre>
                    })}
                }
            }}
        </div>
        <Show when=move || !archived.get()>
            <RunAction record/>
        </Show>
    }
}

/// The input form from the action's input schema (free JSON without one);
/// a failed run keeps what was typed.
#[component]
fn RunAction(record: RwSignal<Instance>) -> impl IntoView {
    let api = use_api();
    let schema = record
        .with_untracked(|i| i.input_schema.clone())
        .filter(Value::is_object);
    let form = schema
        .as_ref()
        .map(|schema| FormState::new(schema, Value::Null, FormMode::Create));
    let json_text = RwSignal::new(String::new());
    let run = crate::ui::write(move |input: &Value| {
        let id = record.get_untracked().id;
        let input = input.clone();
        async move {
            let ran = api.instances().run_action(&id, &input).await;
            if let (Err(error), Some(form)) = (&ran, form) {
                if let Some(field) = error.field() {
                    form.set_server_errors(vec![(field, error.field_message())]);
                }
            }
            ran
        }
    });
    if let Some(form) = form {
        crate::ui::effect(move |_| form.set_disabled(run.pending().get()));
    }
    let send = move || {
        let input = match form {
            Some(form) if form.validate_for_submit() => form.value(),
            Some(_) => return,
            None => match parse_json_input(&json_text.get_untracked()) {
                Ok(input) => input.unwrap_or(Value::Object(Default::default())),
                Err(_) => return,
            },
        };
        run.dispatch(input);
    };
    view! {
        <form class="card form" novalidate aria-labelledby="action-run-title"
            on:submit=move |ev| { ev.prevent_default(); send(); }>
            <h2 id="action-run-title">"Run the action"</h2>
            {match form {
                Some(form) => view! { <SchemaForm state=form id_prefix="action-input" without_json_view=true/> }.into_any(),
                None => view! {
                    <JsonInput id="action-input-json" label="Input (JSON)" text=json_text
                        hint="This action has no input schema: the input is sent as typed."/>
                }.into_any(),
            }}
            {move || run.value().get().and_then(Result::err).filter(|_| !run.pending().get())
                .map(|error| view! { <ErrorPanel error retry=Callback::new(move |_| send())/> })}
            <div class="actions">
                <ActionButton label="Run" busy="Running…" pending=run.pending()/>
            </div>
            {move || run.value().get().and_then(Result::ok).map(|result| view! { <Output result/> })}
        </form>
    }
}

#[component]
fn Output(result: ActionRun) -> impl IntoView {
    view! {
        <div class="action-output" role="status">
            <h3>"Output"</h3>
            {result.action_run_id.map(|id| view! { <p class="hint">"Run " <span class="mono">{id}</span></p> })}
            <pre class="json-output"><code>{super::json_text(&result.output)}</code></pre>
        </div>
    }
}
