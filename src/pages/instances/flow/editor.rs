//! The flow editor: a flow's steps in flow order, each with its settings in
//! the schema-driven form, and the changes a person makes kept as a draft
//! until they are checked and saved as the whole node map.

use super::picker::StepPicker;
use super::step::{StepCard, StepRequests};
use crate::api::{use_api, FlowReset, Instance, InstanceChanges, InstanceKind};
use crate::flow::{formula_for, node_type, FlowGraph, GraphNode, Placed, Problem};
use crate::forms::{FormMode, FormState, Formulas};
use crate::pages::instances::run::RunWatch;
use crate::ui::{use_leave_guard, use_toasts, ActionButton, Dialog, ErrorPanel};
use leptos::prelude::*;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// One step as it is being edited: its name and its settings as typed.
#[derive(Clone, Copy)]
pub(super) struct StepEdit {
    pub name: RwSignal<String>,
    saved_name: StoredValue<String>,
    pub settings: FormState,
    /// An API trigger's input schema, as JSON text.
    pub input_schema: RwSignal<String>,
    saved_input_schema: StoredValue<String>,
    /// Whether its settings are shown.
    pub open: RwSignal<bool>,
}

impl StepEdit {
    fn new(node: &GraphNode) -> Self {
        let schema = node_type(&node.node_type)
            .map(|t| t.config.clone())
            .unwrap_or(Value::Null);
        let input_schema = input_schema_text(node);
        StepEdit {
            name: RwSignal::new(node.name.clone()),
            saved_name: StoredValue::new(node.name.clone()),
            settings: FormState::new(&schema, Value::Object(node.config.clone()), FormMode::Edit),
            input_schema: RwSignal::new(input_schema.clone()),
            saved_input_schema: StoredValue::new(input_schema),
            open: RwSignal::new(false),
        }
    }

    fn is_dirty(self) -> bool {
        self.settings.is_dirty().get()
            || self.name.with(|n| self.saved_name.with_value(|s| n != s))
            || self
                .input_schema
                .with(|t| self.saved_input_schema.with_value(|s| t.trim() != s.trim()))
    }

    /// After a save: what was saved is the new baseline.
    fn saved(self, node: &GraphNode) {
        let input_schema = input_schema_text(node);
        self.saved_name.set_value(node.name.clone());
        self.name.set(node.name.clone());
        self.saved_input_schema.set_value(input_schema.clone());
        self.input_schema.set(input_schema);
        self.settings.saved(Value::Object(node.config.clone()));
    }
}

fn input_schema_text(node: &GraphNode) -> String {
    node.rest
        .get("inputSchema")
        .filter(|s| !s.is_null())
        .map(|s| serde_json::to_string_pretty(s).unwrap_or_default())
        .unwrap_or_default()
}

/// The flow as it is being edited. The structure (which steps, of which
/// type, linked how) is one signal; each step's name and settings are its
/// own, so typing in one step touches nothing else.
#[derive(Clone, Copy)]
pub(super) struct FlowDraft {
    pub graph: RwSignal<FlowGraph>,
    edits: StoredValue<HashMap<String, StepEdit>>,
    /// Bumped when the set of steps changes, so the unsaved mark sees their edits.
    steps_changed: RwSignal<u32>,
    structure_changed: RwSignal<bool>,
    pub problems: RwSignal<Vec<Problem>>,
    /// Steps are editable (a customer-level flow always; a deployed one once
    /// a person chose to customize it).
    pub editing: RwSignal<bool>,
    pub dirty: Memo<bool>,
    /// Edits of steps added later belong to the editor, not to the click.
    owner: StoredValue<Option<Owner>>,
}

impl FlowDraft {
    /// The draft of `record`'s steps. Whenever the saved steps change (a
    /// save, a reset), they become the draft's baseline.
    pub fn new(record: RwSignal<Instance>) -> Self {
        let (graph, editing) =
            record.with_untracked(|r| (FlowGraph::from_nodes(&r.nodes), r.is_customer_level()));
        let edits: HashMap<String, StepEdit> = graph
            .keys()
            .into_iter()
            .filter_map(|key| Some((key.clone(), StepEdit::new(graph.node(&key)?))))
            .collect();
        let edits = StoredValue::new(edits);
        let steps_changed = RwSignal::new(0);
        let structure_changed = RwSignal::new(false);
        let dirty = crate::ui::memo(move |_| {
            steps_changed.track();
            // Short-circuits: while one step has changes, only its mark can
            // change the answer, so only it is tracked.
            let steps_dirty = edits.with_value(|e| e.values().any(|edit| edit.is_dirty()));
            structure_changed.get() || steps_dirty
        });
        let draft = FlowDraft {
            graph: RwSignal::new(graph),
            edits,
            steps_changed,
            structure_changed,
            problems: RwSignal::new(Vec::new()),
            editing: RwSignal::new(editing),
            dirty,
            owner: StoredValue::new(Owner::current()),
        };
        // Compared as a graph: a read that only brings new states or errors
        // leaves the draft alone.
        let saved = crate::ui::memo(move |_| record.with(|r| FlowGraph::from_nodes(&r.nodes)));
        crate::ui::effect(move |first: Option<()>| {
            let graph = saved.get();
            if first.is_some() {
                draft.saved(graph);
            }
        });
        draft
    }

    pub fn edit(self, key: &str) -> Option<StepEdit> {
        self.edits.with_value(|e| e.get(key).copied())
    }

    fn changed(self) {
        self.structure_changed.set(true);
        self.problems.set(Vec::new());
    }

    /// Adds a step of `node_type` after `after`; its settings open.
    pub fn add_after(self, after: &str, node_type: &str) -> String {
        let mut key = String::new();
        self.graph
            .update(|g| key = g.add_after(Some(after), node_type));
        let edit = self
            .graph
            .with_untracked(|g| g.node(&key).map(|node| self.new_edit(node)));
        if let Some(edit) = edit {
            edit.open.set(true);
            self.edits.update_value(|e| {
                e.insert(key.clone(), edit);
            });
            self.steps_changed.update(|n| *n += 1);
        }
        self.changed();
        key
    }

    /// A step's edits, owned by the editor whatever created them.
    fn new_edit(self, node: &GraphNode) -> StepEdit {
        match self.owner.get_value() {
            Some(owner) => owner.with(|| StepEdit::new(node)),
            None => StepEdit::new(node),
        }
    }

    /// A step's new name, once typed: other steps name it in their links
    /// and in the outputs they may use.
    pub fn rename(self, key: &str, name: &str) {
        self.graph.update(|g| {
            if let Some(node) = g.node_mut(key) {
                name.trim().clone_into(&mut node.name);
            }
        });
    }

    pub fn remove(self, key: &str) {
        self.graph.update(|g| {
            g.remove(key);
        });
        self.edits.update_value(|e| {
            e.remove(key);
        });
        self.steps_changed.update(|n| *n += 1);
        self.changed();
    }

    pub fn move_up(self, key: &str) {
        self.graph.update(|g| {
            g.move_up(key);
        });
        self.changed();
    }

    pub fn move_down(self, key: &str) {
        self.graph.update(|g| {
            g.move_down(key);
        });
        self.changed();
    }

    /// The flow as typed: the structure with each step's name and settings.
    /// An input schema that is not JSON is a problem on its step.
    fn compose(self) -> (FlowGraph, Vec<Problem>) {
        let mut graph = self.graph.get_untracked();
        let mut problems = Vec::new();
        self.edits.with_value(|edits| {
            for key in graph.keys() {
                let (Some(edit), Some(node)) = (edits.get(&key), graph.node_mut(&key)) else {
                    continue;
                };
                node.name = edit.name.get_untracked().trim().to_owned();
                node.config = match edit.settings.value() {
                    Value::Object(config) => config,
                    _ => Map::new(),
                };
                let text = edit.input_schema.get_untracked();
                match crate::ui::parse_json_input(&text) {
                    Ok(Some(schema)) => {
                        node.rest.insert("inputSchema".into(), schema);
                    }
                    Ok(None) => {
                        node.rest.remove("inputSchema");
                    }
                    Err(message) => problems.push(Problem {
                        node: Some(key.clone()),
                        field: None,
                        message: format!("The input schema is not valid JSON: {message}"),
                    }),
                }
            }
        });
        (graph, problems)
    }

    /// Shows `problems`: each on its step, a field's on that field.
    fn show(self, problems: Vec<Problem>) {
        let mut by_step: HashMap<String, Vec<(String, String)>> = HashMap::new();
        for problem in &problems {
            if let (Some(node), Some(field)) = (&problem.node, &problem.field) {
                by_step
                    .entry(node.clone())
                    .or_default()
                    .push((field.clone(), problem.message.clone()));
            }
        }
        for (key, errors) in by_step {
            if let Some(edit) = self.edit(&key) {
                edit.open.set(true);
                edit.settings.set_server_errors(errors);
            }
        }
        self.problems.set(problems);
    }

    /// After a save: the saved flow is the new baseline; what a person sees
    /// stays as it is.
    fn saved(self, graph: FlowGraph) {
        let mut added = Vec::new();
        self.edits.update_value(|edits| {
            edits.retain(|key, _| graph.node(key).is_some());
            for key in graph.keys() {
                let Some(node) = graph.node(&key) else {
                    continue;
                };
                match edits.get(&key) {
                    Some(edit) => edit.saved(node),
                    None => added.push(key.clone()),
                }
            }
        });
        for key in added {
            if let Some(edit) = graph.node(&key).map(|node| self.new_edit(node)) {
                self.edits.update_value(|e| {
                    e.insert(key, edit);
                });
            }
        }
        self.graph.set(graph);
        self.structure_changed.set(false);
        self.problems.set(Vec::new());
        self.steps_changed.update(|n| *n += 1);
    }

    /// The earlier steps' outputs `key` may use, as formula choices.
    pub fn formulas(self, key: String) -> Formulas {
        let choices = Signal::derive(move || {
            self.graph.with(|g| {
                g.earlier(&key)
                    .into_iter()
                    .filter_map(|k| {
                        let formula = formula_for(&k, "");
                        Some((g.describe_formula(&formula)?, formula))
                    })
                    .collect()
            })
        });
        let describe = Callback::new(move |formula: Value| {
            self.graph.with_untracked(|g| g.describe_formula(&formula))
        });
        Formulas { choices, describe }
    }
}

/// A layout row's identity: the step and where it sits. A step that moves
/// is rendered again in its new place; its edits stay in the draft.
fn row_key(placed: &Placed) -> String {
    format!(
        "{}|{}|{:?}|{}|{}",
        placed.key,
        placed.depth,
        placed.branch_of,
        placed.joins.join(","),
        placed.unreached
    )
}

/// The flow's steps, and, while editing, the means to change and save them.
#[component]
pub(super) fn FlowEditor(
    record: RwSignal<Instance>,
    watch: RunWatch,
    draft: FlowDraft,
) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let customer_level = record.with_untracked(Instance::is_customer_level);
    use_leave_guard(draft.dirty.into());
    let archived = crate::ui::memo(move |_| record.read().is_archived());
    let layout = crate::ui::memo(move |_| draft.graph.with(FlowGraph::layout));
    let save = crate::ui::write(move |nodes: &Map<String, Value>| {
        let changes = InstanceChanges {
            nodes: Some(nodes.clone()),
            ..Default::default()
        };
        let saving = crate::pages::instances::save_shown(api, record, InstanceKind::Flow, changes);
        async move {
            let saved = saving.await;
            match &saved {
                Ok(_) => toasts.show("Flow saved"),
                Err(error) => {
                    if let Some(problem) = engine_problem(error) {
                        draft.show(vec![problem]);
                    }
                }
            }
            saved
        }
    });
    let resetting = RwSignal::new(None::<String>);
    let reset_step = crate::ui::write(move |key: &String| {
        let id = record.get_untracked().id;
        let reset = FlowReset::node(key);
        async move {
            let done = api.instances().reset_flow(&id, &reset).await;
            if let Ok(updated) = &done {
                record.set(updated.clone());
                resetting.set(None);
                toasts.show("The step was reset to the integration's version");
            }
            done
        }
    });
    let submit = move || {
        let (graph, mut problems) = draft.compose();
        problems.extend(graph.validate(customer_level));
        if problems.is_empty() {
            save.dispatch(graph.to_nodes());
        } else {
            draft.show(problems);
        }
    };
    let discard = Callback::new(move |_| {
        draft.saved(record.with_untracked(|r| FlowGraph::from_nodes(&r.nodes)));
        draft.editing.set(customer_level);
    });
    let discarding = RwSignal::new(false);
    crate::ui::effect(move |_| {
        let busy = save.pending().get();
        draft
            .edits
            .with_value(|e| e.values().for_each(|edit| edit.settings.set_disabled(busy)));
    });
    let requests = StepRequests {
        add_after: RwSignal::new(None),
        remove: RwSignal::new(None),
        reset: resetting,
        busy: reset_step.pending().into(),
    };
    view! {
        <section class="card flow-editor" aria-labelledby="flow-steps-title">
            <div class="card-head">
                <h2 id="flow-steps-title">"Steps"</h2>
                <Show when=move || draft.dirty.get()>
                    <span class="badge unsaved">"Unsaved changes"</span>
                </Show>
                <Show when=move || !customer_level && !draft.editing.get() && !archived.get()>
                    <button type="button" class="button secondary" on:click=move |_| draft.editing.set(true)>
                        "Customize for this customer"
                    </button>
                </Show>
            </div>
            <Show when=move || !customer_level && draft.editing.get()>
                <p class="hint">"Changes made here apply to this customer only; the engine marks the flow customized. “Reset…” puts back the integration's flow."</p>
            </Show>
            <FlowProblems draft/>
            {move || layout.with(Vec::is_empty).then(|| view! { <p class="muted">"This flow has no steps."</p> })}
            <ol class="flow-steps">
                <For each=move || layout.get() key=row_key let(placed)>
                    <StepCard placed draft record watch requests deployed=!customer_level/>
                </For>
            </ol>
            <Show when=move || draft.editing.get() && !archived.get()>
                {move || save.value().get().and_then(Result::err).filter(|_| !save.pending().get())
                    .map(|error| view! { <ErrorPanel error retry=Callback::new(move |_| submit())/> })}
                <div class="actions">
                    <ActionButton label="Save flow" busy="Saving…" pending=save.pending()
                        press=Callback::new(move |_| submit())
                        disabled=Signal::derive(move || !draft.dirty.get())/>
                    <button type="button" class="button secondary"
                        on:click=move |_| if draft.dirty.get_untracked() { discarding.set(true) } else { discard.run(()) }
                        disabled=move || save.pending().get() || (customer_level && !draft.dirty.get())>
                        {if customer_level { "Discard changes" } else { "Stop customizing" }}
                    </button>
                </div>
            </Show>
        </section>
        <AddStep draft requests/>
        <RemoveStep draft requests/>
        <ResetStep draft requests reset_step/>
        <Dialog open=discarding title="Discard your changes?">
            <p>"The steps go back to the flow as it was last saved."</p>
            <div class="actions">
                <button type="button" class="button danger" on:click=move |_| {
                    discarding.set(false);
                    discard.run(());
                }>"Discard changes"</button>
                <button type="button" class="button secondary" on:click=move |_| discarding.set(false)>"Keep editing"</button>
            </div>
        </Dialog>
    }
}

/// A dialog's open state, following a step's request: open while there is
/// one, and closing it (Escape, Cancel) drops the request.
fn dialog_for(request: RwSignal<Option<String>>) -> RwSignal<bool> {
    let open = RwSignal::new(false);
    // Each writes only a change: a write always notifies, and the two would
    // wake each other for ever.
    crate::ui::effect(move |_| {
        let asked = request.with(Option::is_some);
        if open.get_untracked() != asked {
            open.set(asked);
        }
    });
    crate::ui::effect(move |_| {
        if !open.get() && request.with_untracked(Option::is_some) {
            request.set(None);
        }
    });
    open
}

/// The picker for the step added after the one that asked; focus then goes
/// to the new step's name.
#[component]
fn AddStep(draft: FlowDraft, requests: StepRequests) -> impl IntoView {
    let open = dialog_for(requests.add_after);
    let on_pick = Callback::new(move |node_type: String| {
        let Some(after) = requests.add_after.get_untracked() else {
            return;
        };
        let key = draft.add_after(&after, &node_type);
        open.set(false);
        request_animation_frame(move || focus_by_id(&format!("step-{key}-name")));
    });
    view! { <StepPicker open on_pick/> }
}

fn focus_by_id(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// The title of step `key` as the draft has it.
fn step_title(draft: FlowDraft, key: &str) -> String {
    let typed = draft
        .edit(key)
        .map(|e| e.name.get_untracked().trim().to_owned())
        .filter(|n| !n.is_empty());
    typed.unwrap_or_else(|| {
        draft
            .graph
            .with_untracked(|g| g.node(key).map(GraphNode::title))
            .unwrap_or_else(|| key.to_owned())
    })
}

/// Removing a step asks first, saying how its neighbours are joined again.
#[component]
fn RemoveStep(draft: FlowDraft, requests: StepRequests) -> impl IntoView {
    let open = dialog_for(requests.remove);
    let title = Signal::derive(move || {
        requests
            .remove
            .get()
            .map(|key| format!("Remove {}?", step_title(draft, &key)))
            .unwrap_or_default()
    });
    let close = move || open.set(false);
    let rejoin = move || {
        let key = requests.remove.get()?;
        draft.graph.with_untracked(|g| {
            let node = g.node(&key)?;
            let next: Vec<String> = node
                .links
                .iter()
                .filter_map(|l| g.node(&l.key).map(GraphNode::title))
                .collect();
            Some(if next.is_empty() {
                "The steps before it will end the flow there.".to_owned()
            } else {
                format!("The steps before it will go on to {}.", next.join(" and "))
            })
        })
    };
    view! {
        <Dialog open title>
            <p>"The step and its settings leave the flow when you save."</p>
            <p>{rejoin}</p>
            <div class="actions">
                <button type="button" class="button danger" on:click=move |_| {
                    if let Some(key) = requests.remove.get_untracked() {
                        draft.remove(&key);
                    }
                    close();
                }>"Remove step"</button>
                <button type="button" class="button secondary" on:click=move |_| close()>"Cancel"</button>
            </div>
        </Dialog>
    }
}

/// Resetting a customized step asks first: its changes for this customer go.
#[component]
fn ResetStep(
    draft: FlowDraft,
    requests: StepRequests,
    reset_step: Action<String, Result<Instance, crate::api::ApiError>>,
) -> impl IntoView {
    let open = dialog_for(requests.reset);
    let title = Signal::derive(move || {
        requests
            .reset
            .get()
            .map(|key| format!("Reset {}?", step_title(draft, &key)))
            .unwrap_or_default()
    });
    view! {
        <Dialog open title>
            <p>"The step goes back to the integration's version. The changes made to it for this customer will be lost."</p>
            {move || reset_step.value().get().and_then(Result::err).filter(|_| !reset_step.pending().get())
                .map(|error| view! { <ErrorPanel error/> })}
            <div class="actions">
                <ActionButton label="Reset step" busy="Resetting…" kind="danger" pending=reset_step.pending()
                    press=Callback::new(move |_| {
                        if let Some(key) = requests.reset.get_untracked() {
                            reset_step.dispatch(key);
                        }
                    })/>
                <button type="button" class="button secondary" on:click=move |_| open.set(false)>"Cancel"</button>
            </div>
        </Dialog>
    }
}

/// A 400 the engine gave about one step (`nodes.<key>…`), as a problem on it.
fn engine_problem(error: &crate::api::ApiError) -> Option<Problem> {
    let field = error.field()?;
    let rest = field.strip_prefix("/nodes/")?;
    let (key, inner) = match rest.split_once('/') {
        Some((key, inner)) => (key.to_owned(), Some(inner)),
        None => (rest.to_owned(), None),
    };
    let message = error.field_message();
    Some(match inner.and_then(|i| i.strip_prefix("config")) {
        Some(pointer) if pointer.starts_with('/') => Problem {
            node: Some(key),
            field: Some(pointer.to_owned()),
            message,
        },
        _ => Problem {
            node: Some(key),
            field: None,
            message,
        },
    })
}

/// Problems about the whole flow, and how many steps have one.
#[component]
fn FlowProblems(draft: FlowDraft) -> impl IntoView {
    move || {
        draft.problems.with(|problems| {
            if problems.is_empty() {
                return None;
            }
            let whole: Vec<String> = problems
                .iter()
                .filter(|p| p.node.is_none())
                .map(|p| p.message.clone())
                .collect();
            let mut steps: Vec<String> = problems.iter().filter_map(|p| p.node.clone()).collect();
            steps.sort();
            steps.dedup();
            let steps_line = match steps.len() {
                0 => None,
                1 => Some("1 step has a problem, marked below.".to_owned()),
                n => Some(format!("{n} steps have problems, marked below.")),
            };
            Some(view! {
                <div class="form-summary" role="alert">
                    <p><span aria-hidden="true">"⚠ "</span>"The flow was not saved. Fix these first:"</p>
                    <ul>
                        {whole.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
                        {steps_line.map(|l| view! { <li>{l}</li> })}
                    </ul>
                </div>
            })
        })
    }
}
