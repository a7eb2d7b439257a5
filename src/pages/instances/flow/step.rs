//! One step of a flow in the editor: what it is, where it leads, how the
//! watched run went there, and, while editing, its settings and the means
//! to move, remove or add after it.

use super::editor::FlowDraft;
use crate::api::{FlowNode, Instance};
use crate::flow::{node_type, Placed};
use crate::forms::SchemaForm;
use crate::pages::connections::EngineErrors;
use crate::pages::instances::json_text;
use crate::pages::instances::run::RunWatch;
use crate::ui::JsonInput;
use leptos::prelude::*;

/// What a step asks of the editor: open the picker after it, or confirm
/// its removal or reset. One dialog of each serves every step.
#[derive(Clone, Copy)]
pub(super) struct StepRequests {
    pub add_after: RwSignal<Option<String>>,
    pub remove: RwSignal<Option<String>>,
    pub reset: RwSignal<Option<String>>,
    pub busy: Signal<bool>,
}

/// A step's type in words.
pub(super) fn type_title(node_type_key: &str) -> String {
    match node_type(node_type_key) {
        Some(t) => t.title.clone(),
        None if node_type_key.is_empty() => "Unknown type".to_owned(),
        None => format!("Unknown type “{node_type_key}”"),
    }
}

#[component]
pub(super) fn StepCard(
    placed: Placed,
    draft: FlowDraft,
    /// The flow as saved, whose steps say what the engine reports of them.
    record: RwSignal<Instance>,
    watch: RunWatch,
    requests: StepRequests,
    /// A flow deployed from an integration, whose steps may be reset.
    deployed: bool,
) -> impl IntoView {
    let Placed {
        key,
        depth,
        branch_of,
        joins,
        unreached,
    } = placed;
    let edit = draft.edit(&key);
    let structure = {
        let key = key.clone();
        crate::ui::memo(move |_| {
            draft.graph.with(|g| {
                let node = g.node(&key)?;
                let name_of = |k: &str| {
                    g.node(k)
                        .map(|n| n.title())
                        .unwrap_or_else(|| format!("{k} (missing)"))
                };
                let next: Vec<String> = node
                    .links
                    .iter()
                    .map(|l| match l.name() {
                        Some(label) => format!("{} ({label})", name_of(&l.key)),
                        None => name_of(&l.key),
                    })
                    .collect();
                let branch = branch_of.as_ref().map(|(from, label)| match label {
                    Some(label) => format!("Branch from {} ({label})", name_of(from)),
                    None => format!("Branch from {}", name_of(from)),
                });
                let joins: Vec<String> = joins.iter().map(|k| name_of(k)).collect();
                Some(StepShape {
                    node_type: node.node_type.clone(),
                    title: node.title(),
                    trigger: node.is_trigger(),
                    next,
                    branch,
                    joins,
                    can_move_up: g.can_move_up(&key),
                    can_move_down: g.can_move_down(&key),
                    lone_trigger: node.is_trigger() && g.trigger_count() == 1,
                })
            })
        })
    };
    let engine_says = {
        let key = key.clone();
        crate::ui::memo(move |_| record.with(|r| r.flow_node(&key)))
    };
    let problems = {
        let key = key.clone();
        crate::ui::memo(move |_| {
            draft.problems.with(|p| {
                // A field's problem shows on that field, in the step's open settings.
                p.iter()
                    .filter(|p| p.node.as_deref() == Some(key.as_str()) && p.field.is_none())
                    .map(|p| p.message.clone())
                    .collect::<Vec<_>>()
            })
        })
    };
    let title_id = format!("step-{key}-title");
    let settings_id = format!("step-{key}-settings");
    let title = {
        let key = key.clone();
        move || {
            let typed = edit
                .map(|e| e.name.get().trim().to_owned())
                .filter(|n| !n.is_empty());
            typed
                .or_else(|| structure.with(|s| s.as_ref().map(|s| s.title.clone())))
                .unwrap_or_else(|| key.clone())
        }
    };
    let run_key = key.clone();
    let (actions_key, actions_settings_id) = (key.clone(), settings_id.clone());
    let in_run = move || watch.node_result(&run_key);
    let editing = move || draft.editing.get();
    view! {
        <li class="flow-step" class:unreached=unreached style=format!("--depth: {depth}")
            aria-labelledby=title_id.clone()>
            {move || structure.with(|s| s.as_ref().and_then(|s| s.branch.clone()))
                .map(|b| view! { <p class="step-branch">{b}</p> })}
            <div class="step-head">
                <h3 class="step-name" id=title_id.clone()>{title.clone()}</h3>
                {move || structure.with(|s| s.as_ref().is_some_and(|s| s.trigger))
                    .then(|| view! { <span class="badge">"Trigger"</span> })}
                {move || engine_says.with(|n| n.as_ref().is_some_and(|n| n.is_customized))
                    .then(|| view! { <span class="badge custom">"Customized"</span> })}
            </div>
            <p class="hint">
                <span class="mono">{key.clone()}</span>" · "
                {move || structure.with(|s| s.as_ref().map(|s| type_title(&s.node_type)))}
                {move || engine_says.with(|n| n.as_ref().and_then(|n| n.state.clone()).map(|s| format!(" · {s}")))}
            </p>
            {move || structure.with(|s| s.as_ref().map(|s| {
                let then = match s.next.len() {
                    0 => None,
                    1 => Some(format!("Then: {}", s.next[0])),
                    _ => Some(format!("Branches to: {}", s.next.join(", "))),
                };
                let joins = (!s.joins.is_empty()).then(|| format!("Continues at: {}", s.joins.join(", ")));
                view! {
                    {then.map(|t| view! { <p class="step-links">{t}</p> })}
                    {joins.map(|t| view! { <p class="step-links">{t}</p> })}
                }
            }))}
            {unreached.then(|| view! { <p class="hint">"No trigger leads here, so this step never runs."</p> })}
            {move || problems.with(|p| (!p.is_empty()).then(|| view! {
                <ul class="step-problems" role="alert">
                    {p.iter().map(|m| view! { <li>{m.clone()}</li> }).collect_view()}
                </ul>
            }))}
            {move || in_run().map(|(label, class, output)| view! {
                <div class=format!("step-run {class}")>
                    <p>{format!("This run: {label}")}</p>
                    {output.map(|o| view! {
                        <details class="step-output">
                            <summary>"Output"</summary>
                            <pre class="json" tabindex="0">{json_text(&o)}</pre>
                        </details>
                    })}
                </div>
            })}
            {move || engine_says.with(|n| n.as_ref().filter(|n| !n.errors.is_empty()).map(|n| view! {
                <EngineErrors errors=n.errors.clone()/>
            }))}
            <Show when=editing>
                <StepActions key=actions_key.clone() draft structure engine_says requests deployed
                    settings_id=actions_settings_id.clone() title=Signal::derive(title.clone())/>
            </Show>
            {edit.map(|edit| {
                let key = key.clone();
                let settings_id = settings_id.clone();
                view! {
                    <Show when=move || editing() && edit.open.get()>
                        <StepSettings key=key.clone() draft settings_id=settings_id.clone()
                            is_api_trigger=structure.with_untracked(|s| s.as_ref().is_some_and(|s| s.node_type == "api-trigger"))/>
                    </Show>
                }
            })}
        </li>
    }
}

/// What the card shows of a step's place and kind.
#[derive(Clone, Debug, PartialEq)]
struct StepShape {
    node_type: String,
    title: String,
    trigger: bool,
    next: Vec<String>,
    branch: Option<String>,
    joins: Vec<String>,
    can_move_up: bool,
    can_move_down: bool,
    lone_trigger: bool,
}

#[component]
fn StepActions(
    key: String,
    draft: FlowDraft,
    structure: Memo<Option<StepShape>>,
    engine_says: Memo<Option<FlowNode>>,
    requests: StepRequests,
    deployed: bool,
    settings_id: String,
    title: Signal<String>,
) -> impl IntoView {
    let edit = draft.edit(&key);
    let open = move || edit.is_some_and(|e| e.open.get());
    let shape = move |f: fn(&StepShape) -> bool| structure.with(|s| s.as_ref().is_some_and(f));
    let (up, down, add, remove, reset) = (
        key.clone(),
        key.clone(),
        key.clone(),
        key.clone(),
        key.clone(),
    );
    view! {
        <div class="step-actions" role="group" aria-label=move || format!("{} actions", title.get())>
            <button type="button" class="button secondary small" aria-expanded=move || open().to_string()
                aria-controls=settings_id
                on:click=move |_| if let Some(e) = edit { e.open.update(|o| *o = !*o) }>
                {move || if open() { "Hide settings" } else { "Settings" }}
            </button>
            <button type="button" class="button secondary small" id=format!("step-{key}-up")
                disabled=move || !shape(|s| s.can_move_up)
                aria-label=move || format!("Move {} up", title.get())
                on:click=move |_| {
                    draft.move_up(&up);
                    keep_focus_on_move(&up);
                }>"↑"</button>
            <button type="button" class="button secondary small" id=format!("step-{key}-down")
                disabled=move || !shape(|s| s.can_move_down)
                aria-label=move || format!("Move {} down", title.get())
                on:click=move |_| {
                    draft.move_down(&down);
                    keep_focus_on_move(&down);
                }>"↓"</button>
            <button type="button" class="button secondary small"
                aria-label=move || format!("Add a step after {}", title.get())
                on:click=move |_| requests.add_after.set(Some(add.clone()))>"Add a step after"</button>
            <Show when=move || !shape(|s| s.lone_trigger)>
                <button type="button" class="button danger-outline small"
                    aria-label=move || format!("Remove {}", title.get())
                    on:click={
                        let remove = remove.clone();
                        move |_| requests.remove.set(Some(remove.clone()))
                    }>"Remove…"</button>
            </Show>
            <Show when=move || deployed && engine_says.with(|n| n.as_ref().is_some_and(|n| n.is_customized))>
                <button type="button" class="button secondary small"
                    disabled=move || requests.busy.get() || draft.dirty.get()
                    title=move || if draft.dirty.get() { "Save or discard your changes first" } else { "" }
                    aria-label=move || format!("Reset {} to the integration's version", title.get())
                    on:click={
                        let reset = reset.clone();
                        move |_| requests.reset.set(Some(reset.clone()))
                    }>"Reset step…"</button>
            </Show>
        </div>
    }
}

/// Moving a step moves its card, and the browser drops focus from a moved
/// element: it goes back to the step's move buttons, the one that still works.
fn keep_focus_on_move(key: &str) {
    let key = key.to_owned();
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        let button = |dir: &str| {
            document()
                .get_element_by_id(&format!("step-{key}-{dir}"))
                .filter(|b| !b.has_attribute("disabled"))
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        };
        if let Some(button) = button("up").or_else(|| button("down")) {
            let _ = button.focus();
        }
    });
}

/// A step's name and its settings, in the schema-driven form of its type,
/// where each plain field may also take an earlier step's output.
#[component]
fn StepSettings(
    key: String,
    draft: FlowDraft,
    settings_id: String,
    is_api_trigger: bool,
) -> impl IntoView {
    let Some(edit) = draft.edit(&key) else {
        return ().into_any();
    };
    edit.settings.offer_formulas(draft.formulas(key.clone()));
    let name_id = format!("step-{key}-name");
    let description = structure_description(draft, &key);
    view! {
        <div class="step-settings" id=settings_id>
            {description.map(|d| view! { <p class="hint">{d}</p> })}
            <div class="field">
                <label for=name_id.clone()>"Name"</label>
                <input id=name_id type="text" maxlength="255" prop:value=move || edit.name.get()
                    placeholder="Named after its type when left empty"
                    on:input:target=move |ev| edit.name.set(ev.target().value())
                    on:change:target={
                        let key = key.clone();
                        move |ev| draft.rename(&key, &ev.target().value())
                    }/>
            </div>
            {is_api_trigger.then(|| view! {
                <JsonInput id=format!("step-{key}-input-schema") label="Input schema (JSON, optional)"
                    text=edit.input_schema
                    hint="A DataSchema of what a run of this flow takes as input; a test run's form is built from it."/>
            })}
            <SchemaForm state=edit.settings id_prefix=format!("step-{key}") without_json_view=true/>
        </div>
    }
    .into_any()
}

fn structure_description(draft: FlowDraft, key: &str) -> Option<String> {
    draft.graph.with_untracked(|g| {
        let node = g.node(key)?;
        node_type(&node.node_type).map(|t| t.description.clone())
    })
}
