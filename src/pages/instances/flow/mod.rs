//! A flow instance: its switch, its parameters, its steps in the editor, a
//! test run watched live, and its runs; and a new customer-level flow.

mod create;
mod editor;
mod picker;
mod step;

pub(super) use create::NewFlowButton;

use super::run::{RunHistory, RunProgress, RunWatch};
use crate::api::{use_api, Instance, InstanceChanges, InstanceKind, NewFlowRun};
use crate::forms::{FormMode, FormState, SchemaForm};
use crate::ui::{
    parse_json_input, use_leave_guard, use_toasts, ActionButton, ErrorPanel, JsonInput,
};
use editor::{FlowDraft, FlowEditor};
use leptos::prelude::*;
use serde_json::{Map, Value};

#[component]
pub(super) fn FlowBody(record: RwSignal<Instance>) -> impl IntoView {
    let flow_id = record.get_untracked().id;
    let watch = RunWatch::new();
    let archived = crate::ui::memo(move |_| record.read().is_archived());
    let has_parameters = crate::ui::memo(move |_| {
        record
            .read()
            .parameters_schema
            .as_ref()
            .is_some_and(Value::is_object)
    });
    let customer_id = super::customer_of(&record.get_untracked()).unwrap_or_default();
    let flow_href = super::instance_href(&customer_id, InstanceKind::Flow, &flow_id);
    let run_from = flow_href.clone();
    let draft = FlowDraft::new(record);
    view! {
        <EnabledSwitch record/>
        <Show when=move || has_parameters.get()>
            <ParametersCard record/>
        </Show>
        <FlowEditor record watch draft/>
        <Show when=move || !archived.get()>
            <RunCard record watch flow_href=run_from.clone() unsaved=draft.dirty.into()/>
        </Show>
        <RunHistory flow_id=flow_id.clone() flow_href watch/>
    }
}

/// Enabled or not: a disabled flow does not run on its triggers.
#[component]
fn EnabledSwitch(record: RwSignal<Instance>) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let enabled = crate::ui::memo(move |_| record.read().enabled.unwrap_or(true));
    let archived = crate::ui::memo(move |_| record.read().is_archived());
    let save = crate::ui::write(move |on: &bool| {
        let changes = InstanceChanges {
            enabled: Some(*on),
            ..Default::default()
        };
        let on = *on;
        let saving = super::save_shown(api, record, InstanceKind::Flow, changes);
        async move {
            let saved = saving.await;
            if saved.is_ok() {
                toasts.show(if on { "Flow enabled" } else { "Flow disabled" });
            }
            saved
        }
    });
    let retry = Callback::new(move |_| {
        save.dispatch(!enabled.get_untracked());
    });
    view! {
        <div class="card flow-switch">
            <div class="field checkbox switch">
                <input id="flow-enabled" type="checkbox" role="switch"
                    prop:checked=move || enabled.get()
                    disabled=move || save.pending().get() || archived.get()
                    on:change:target=move |ev| { save.dispatch(ev.target().checked()); }/>
                <label for="flow-enabled">"Enabled"</label>
            </div>
            <p class="hint">
                {move || if enabled.get() {
                    "The flow runs when its triggers fire."
                } else {
                    "The flow does not run on its triggers until it is enabled again."
                }}
            </p>
            {move || save.value().get().and_then(Result::err).filter(|_| !save.pending().get())
                .map(|error| view! { <ErrorPanel error retry/> })}
        </div>
    }
}

/// The flow's parameters in the schema-driven form.
#[component]
fn ParametersCard(record: RwSignal<Instance>) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let (schema, parameters) = record.with_untracked(|i| {
        (
            i.parameters_schema.clone().unwrap_or(Value::Null),
            i.parameters
                .clone()
                .filter(Value::is_object)
                .unwrap_or(Value::Object(Map::new())),
        )
    });
    let form = FormState::new(&schema, parameters, FormMode::Edit);
    use_leave_guard(form.is_dirty());
    let save = crate::ui::write(move |parameters: &Value| {
        let changes = InstanceChanges {
            parameters: Some(parameters.clone()),
            ..Default::default()
        };
        let saving = super::save_shown(api, record, InstanceKind::Flow, changes);
        async move {
            let saved = saving.await;
            match &saved {
                Ok(updated) => {
                    form.saved(
                        updated
                            .parameters
                            .clone()
                            .unwrap_or(Value::Object(Map::new())),
                    );
                    toasts.show("Parameters saved");
                }
                Err(error) => {
                    if let Some(field) = error.field().filter(|f| f.starts_with("/parameters/")) {
                        let pointer = field.trim_start_matches("/parameters").to_owned();
                        form.set_server_errors(vec![(pointer, error.field_message())]);
                    }
                }
            }
            saved
        }
    });
    crate::ui::effect(move |_| form.set_disabled(save.pending().get()));
    let submit_form = move || {
        if form.validate_for_submit() {
            save.dispatch(form.value());
        }
    };
    view! {
        <form class="card form" novalidate aria-labelledby="flow-parameters-title"
            on:submit=move |ev| { ev.prevent_default(); submit_form(); }>
            <div class="card-head">
                <h2 id="flow-parameters-title">"Parameters"</h2>
                <Show when=move || form.is_dirty().get()>
                    <span class="badge unsaved">"Unsaved changes"</span>
                </Show>
            </div>
            <SchemaForm state=form id_prefix="flow-parameters"/>
            {move || save.value().get().and_then(Result::err).filter(|_| !save.pending().get())
                .map(|error| view! { <ErrorPanel error retry=Callback::new(move |_| submit_form())/> })}
            <div class="actions">
                <ActionButton label="Save parameters" busy="Saving…" pending=save.pending()
                    disabled=Signal::derive(move || !form.is_dirty().get())/>
            </div>
        </form>
    }
}

/// Run the flow from one of its triggers with a test input, and watch it.
#[component]
fn RunCard(
    record: RwSignal<Instance>,
    watch: RunWatch,
    flow_href: String,
    /// The steps have changes not saved yet: a run would not use them.
    unsaved: Signal<bool>,
) -> impl IntoView {
    let api = use_api();
    let triggers = crate::ui::memo(move |_| record.read().triggers());
    let chosen = RwSignal::new(untrack(|| triggers.get().first().map(|(k, _)| k.clone())));
    let input_form = RwSignal::new(None::<FormState>);
    let json_text = RwSignal::new(String::new());
    let start = crate::ui::write(move |run: &NewFlowRun| {
        let run = run.clone();
        async move {
            let started = api.flow_runs().start(&run).await;
            if let Ok(run) = &started {
                watch.show(run.clone());
            }
            started
        }
    });
    let send = move || {
        let input = match input_form.get_untracked() {
            Some(form) => {
                if !form.validate_for_submit() {
                    return;
                }
                Some(form.value())
            }
            None => match parse_json_input(&json_text.get_untracked()) {
                Ok(input) => input,
                Err(_) => return,
            },
        };
        start.dispatch(NewFlowRun {
            flow_instance_id: record.get_untracked().id,
            node_key: chosen.get_untracked(),
            input,
        });
    };
    view! {
        <form class="card form" novalidate aria-labelledby="flow-run-title"
            on:submit=move |ev| { ev.prevent_default(); send(); }>
            <h2 id="flow-run-title">"Run the flow"</h2>
            {move || {
                let triggers = triggers.get();
                (triggers.len() > 1).then(|| view! {
                    <div class="field">
                        <label for="flow-run-trigger">"Start from"</label>
                        <select id="flow-run-trigger" on:change:target=move |ev| chosen.set(Some(ev.target().value()))>
                            {triggers.into_iter().map(|(key, node)| {
                                let selected = chosen.get_untracked().as_deref() == Some(key.as_str());
                                let label = node.name.unwrap_or_else(|| key.clone());
                                view! { <option value=key selected=selected>{label}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                })
            }}
            {move || {
                let key = chosen.get();
                let schema = triggers.with(|t| {
                    t.iter()
                        .find(|(k, _)| Some(k) == key.as_ref())
                        .and_then(|(_, n)| n.input_schema.clone())
                        .filter(Value::is_object)
                });
                match schema {
                    Some(schema) => {
                        let form = FormState::new(&schema, Value::Null, FormMode::Create);
                        input_form.set(Some(form));
                        view! {
                            <fieldset class="run-input">
                                <legend>"Test input"</legend>
                                <SchemaForm state=form id_prefix="flow-run-input" without_json_view=true/>
                            </fieldset>
                        }.into_any()
                    }
                    None => {
                        input_form.set(None);
                        view! {
                            <JsonInput id="flow-run-json" label="Test input (JSON, optional)" text=json_text
                                hint="This trigger has no input schema: the input is sent as typed."/>
                        }.into_any()
                    }
                }
            }}
            {move || start.value().get().and_then(Result::err).filter(|_| !start.pending().get())
                .map(|error| view! { <ErrorPanel error retry=Callback::new(move |_| send())/> })}
            <Show when=move || unsaved.get()>
                <p class="hint">"Save the flow's changes first: a run uses the flow as saved."</p>
            </Show>
            <div class="actions">
                <ActionButton label="Run" busy="Starting…" pending=start.pending()
                    disabled=Signal::derive(move || watch.is_live() || unsaved.get())/>
            </div>
            <RunProgress watch flow_href/>
        </form>
    }
}
