//! DataSchema-driven forms: one engine renders customer fields, connector
//! parameters and connection inputs.
//!
//! A page owns the `<form>`, its buttons and the request; this module owns the
//! fields. [`FormState`] holds one small reactive cell per field (typing in one
//! input touches only that field), the touched/error state and the baseline
//! for change tracking. [`SchemaForm`] renders it: the fields, the error
//! summary shown after a failed submit, and notices about the parts of the
//! schema that could not be used.
//!
//! ```ignore
//! use switchboard::forms::{FormMode, FormState, SchemaForm};
//!
//! let state = FormState::new(&schema_json, customer.fields.clone(), FormMode::Edit);
//! let save = crate::ui::write(move |changes: &Map<String, Value>| { /* PATCH */ });
//! let submit = move |ev: SubmitEvent| {
//!     ev.prevent_default();
//!     if state.validate_for_submit() {
//!         state.set_disabled(true);
//!         save.dispatch(state.changed_top_level());
//!     }
//! };
//! // After the request: state.set_disabled(false), then either
//! // state.reset(saved_value) or state.set_server_errors(pointer_message_pairs).
//! view! {
//!     <form on:submit=submit novalidate>
//!         <SchemaForm state id_prefix="customer-fields"/>
//!         <button type="submit" disabled=move || !state.is_dirty().get()>"Save"</button>
//!     </form>
//! }
//! ```

#[cfg(feature = "bench")]
mod bench;
mod field;
pub mod schema_edit;
mod schema_form;
mod spec;
mod widgets;

#[cfg(feature = "bench")]
pub use bench::bench_mount_form;
pub use schema_form::SchemaForm;
pub(crate) use widgets::remount;

use field::{Errors, Field, Ids};
use leptos::prelude::*;
use leptos::reactive::owner::WeakOwner;
use serde_json::{Map, Value};
use spec::Spec;
use std::collections::HashMap;
use std::sync::Arc;
use switchboard_schema::{Notice, Schema};

/// How stored values are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormMode {
    /// A new record: nothing is stored yet.
    Create,
    /// An existing record: secrets show "set; replace?" and never their value.
    Edit,
}

/// A problem listed in the summary after a failed submit.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Problem {
    /// The input's DOM id suffix, or `None` for an error no field shows.
    pub field_id: Option<String>,
    pub label: String,
    pub message: String,
}

/// Values a field may take from elsewhere, as formulas (a flow step's
/// settings may use an earlier step's output). Offered on every plain field.
#[derive(Clone, Copy)]
pub struct Formulas {
    /// What a field may refer to: a label and the formula.
    pub choices: Signal<Vec<(String, Value)>>,
    /// A formula in a person's words; `None` when it is not one of ours.
    pub describe: Callback<Value, Option<String>>,
}

/// One form's state: the parsed schema, a reactive cell per field, the
/// touched and error state, and the baseline value for change tracking.
/// `Copy`: move it into closures freely.
#[derive(Clone, Copy)]
pub struct FormState {
    /// Tells forms apart, so a page that swaps in a new state for the same
    /// `<SchemaForm>` gets fresh inputs.
    uid: usize,
    inner: StoredValue<Inner>,
    /// Bumped on every edit; only the dirty flag and the JSON view listen.
    revision: RwSignal<u64>,
    /// Bumped by [`FormState::reset`]: the fields are rebuilt and re-rendered.
    generation: RwSignal<u64>,
    disabled: RwSignal<bool>,
    summary: RwSignal<Vec<Problem>>,
    dirty: Memo<bool>,
}

struct Inner {
    schema: Arc<Schema>,
    spec: Arc<Spec>,
    root: Field,
    baseline: Value,
    mode: FormMode,
    next_id: usize,
    prefix: String,
    /// Engine errors by field id, shown until the field is edited.
    server_errors: HashMap<String, String>,
    formulas: Option<Formulas>,
    /// Fields added later (list rows) belong to the form, not to the event
    /// handler that created them. Weak: the owner holds this state, and a
    /// strong reference back would keep both alive forever.
    owner: Option<WeakOwner>,
}

impl FormState {
    /// A form for `schema` (raw DataSchema JSON) starting from `initial`
    /// (`null` for an empty form, filled with the schema's defaults in
    /// [`FormMode::Create`]). Never fails: unusable parts of the schema
    /// become notices and JSON inputs.
    pub fn new(schema: &Value, initial: Value, mode: FormMode) -> Self {
        Self::with_schema(Arc::new(switchboard_schema::parse(schema)), initial, mode)
    }

    /// Like [`FormState::new`], for a schema already parsed.
    pub fn with_schema(schema: Arc<Schema>, initial: Value, mode: FormMode) -> Self {
        // A new record starts from the schema's defaults; a stored one as it is.
        let initial = match (mode, initial) {
            (FormMode::Create, Value::Null) => schema.defaults().unwrap_or(Value::Null),
            (_, initial) => initial,
        };
        let spec = Spec::root(schema.root());
        let mut next_id = 0;
        let root = Field::new(&spec, Some(&initial), 0, &mut Ids(&mut next_id));
        let baseline = root.read().unwrap_or_else(|| Value::Object(Map::new()));
        let inner = StoredValue::new(Inner {
            schema,
            spec,
            root,
            baseline,
            mode,
            next_id,
            prefix: "form".to_owned(),
            server_errors: HashMap::new(),
            formulas: None,
            owner: Owner::current().map(|o| o.downgrade()),
        });
        let revision = RwSignal::new(0);
        let dirty = crate::ui::memo(move |_| {
            revision.track();
            inner.with_value(|i| i.root.read().unwrap_or_else(empty) != i.baseline)
        });
        static FORMS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        FormState {
            uid: FORMS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            inner,
            revision,
            generation: RwSignal::new(0),
            disabled: RwSignal::new(false),
            summary: RwSignal::new(Vec::new()),
            dirty,
        }
    }

    /// The current value (untracked). Cleared optional fields are left out.
    pub fn value(&self) -> Value {
        if self.gone() {
            return empty();
        }
        self.inner
            .with_value(|i| i.root.read())
            .unwrap_or_else(empty)
    }

    /// Top-level keys whose value differs from the baseline, removed keys as
    /// `null`: the body of a PATCH that sends only what changed. An untouched
    /// secret is equal to its baseline, so it is never sent back.
    pub fn changed_top_level(&self) -> Map<String, Value> {
        let now = self.value();
        self.inner
            .try_with_value(|i| changed_keys(&i.baseline, &now))
            .unwrap_or_default()
    }

    /// Whether the value differs from the baseline.
    pub fn is_dirty(&self) -> Signal<bool> {
        self.dirty.into()
    }

    /// Shows every error, fills the summary and moves focus to the first
    /// invalid input. True when the value is valid.
    pub fn validate_for_submit(&self) -> bool {
        if self.gone() {
            return false;
        }
        // The engine checks again when the page sends the value.
        self.inner.update_value(|i| i.server_errors.clear());
        let errors = self.inner.with_value(|i| {
            i.root.touch_all();
            i.schema.validate(&i.root.read().unwrap_or_else(empty))
        });
        self.show(errors.into_iter().map(|e| (e.pointer, e.message)).collect());
        self.summary.with_untracked(Vec::is_empty)
    }

    /// Puts errors the engine returned (JSON pointer into the value, message)
    /// on the fields they name; the others go to the summary.
    pub fn set_server_errors(&self, errors: Vec<(String, String)>) {
        if self.gone() {
            return;
        }
        self.inner.with_value(|i| i.root.touch_all());
        let placed = self.show(errors);
        self.inner.update_value(|i| {
            i.server_errors = placed
                .into_iter()
                .filter_map(|f| Some((f.id.clone(), f.error.get_untracked()?)))
                .collect();
        });
    }

    /// Starts over from `value`: the new baseline, nothing touched (after a
    /// save, or to discard changes). Every method may be called after the
    /// form's view is gone; they then do nothing.
    pub fn reset(&self, value: Value) {
        self.inner.update_value(|i| {
            let mut next_id = i.next_id;
            let root = within(&i.owner, || {
                Field::new(&i.spec, Some(&value), 0, &mut Ids(&mut next_id))
            });
            i.baseline = root.read().unwrap_or_else(empty);
            i.root = root;
            i.server_errors.clear();
            i.next_id = next_id;
        });
        self.summary.set(Vec::new());
        self.generation.update(|g| *g += 1);
        self.revision.update(|r| *r += 1);
    }

    /// After a save of `value`: when the form already shows it, it becomes
    /// the baseline and the inputs stay as they are, since someone may be
    /// typing in them again; otherwise the form starts over from it, as
    /// [`FormState::reset`] does.
    pub fn saved(&self, value: Value) {
        if self.gone() {
            return;
        }
        let shows_it = self.inner.with_value(|i| {
            // Read through a throwaway field, so that `value` is compared as
            // the form shows it, without the keys it does not show.
            let probe = Owner::new();
            let mut next_id = 0;
            let as_shown =
                probe.with(|| Field::new(&i.spec, Some(&value), 0, &mut Ids(&mut next_id)).read());
            as_shown == i.root.read()
        });
        if !shows_it {
            self.reset(value);
            return;
        }
        self.inner.update_value(|i| {
            i.baseline = i.root.read().unwrap_or_else(empty);
            i.server_errors.clear();
        });
        self.summary.set(Vec::new());
        self.revision.update(|r| *r += 1);
    }

    /// Lets each plain field take one of `formulas` instead of a typed value,
    /// and shows a formula it holds in words.
    pub fn offer_formulas(&self, formulas: Formulas) {
        self.inner.update_value(|i| i.formulas = Some(formulas));
    }

    /// Makes every input read-only (while saving, or for an archived record).
    pub fn set_disabled(&self, disabled: bool) {
        self.disabled.set(disabled);
    }

    /// Problems found in the schema itself.
    pub fn notices(&self) -> Vec<Notice> {
        self.inner
            .try_with_value(|i| i.schema.notices().to_vec())
            .unwrap_or_default()
    }

    /// The form's view went away (its owner was cleaned up): a request that
    /// finishes after the person left the page must not touch it.
    fn gone(&self) -> bool {
        self.inner.is_disposed()
    }

    fn formulas(&self) -> Option<Formulas> {
        self.inner.try_with_value(|i| i.formulas).flatten()
    }

    fn mode(&self) -> FormMode {
        self.inner.with_value(|i| i.mode)
    }

    fn root(&self) -> Field {
        self.inner.with_value(|i| i.root.clone())
    }

    fn dom_id(&self, field_id: &str) -> String {
        self.inner
            .with_value(|i| format!("{}-{field_id}", i.prefix))
    }

    fn set_prefix(&self, prefix: String) {
        self.inner.update_value(|i| i.prefix = prefix);
    }

    /// Builds fields for a new list row inside the form's owner.
    fn new_field(&self, spec: &Arc<Spec>, value: Option<&Value>, depth: usize) -> Field {
        let mut field = None;
        self.inner.update_value(|i| {
            let mut next_id = i.next_id;
            field = Some(within(&i.owner, || {
                Field::new(spec, value, depth, &mut Ids(&mut next_id))
            }));
            i.next_id = next_id;
        });
        field.unwrap_or_else(|| Field::new(spec, value, depth, &mut Ids(&mut 0)))
    }

    /// Records an edit: the value changed somewhere, and fields already left
    /// once re-check so a fixed error goes away while typing.
    fn edited(&self, field: &Field) {
        self.revision.update(|r| *r += 1);
        self.inner.update_value(|i| {
            i.server_errors.remove(&field.id);
        });
        let shows_error = field.error.with_untracked(Option::is_some);
        if shows_error || field.touched.load(std::sync::atomic::Ordering::Relaxed) {
            self.check_touched();
        }
    }

    /// Focus left an element of the form: when it is a field's input, that
    /// field's errors show from now on.
    fn left_element(&self, ev: &leptos::ev::FocusEvent) {
        use wasm_bindgen::JsCast;
        let Some(id) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .map(|e| e.id())
        else {
            return;
        };
        let prefix = self.inner.with_value(|i| format!("{}-", i.prefix));
        let Some(field) = id.strip_prefix(&prefix).and_then(|id| self.root().find(id)) else {
            return;
        };
        field
            .touched
            .store(true, std::sync::atomic::Ordering::Relaxed);
        self.check_touched();
    }

    fn check_touched(&self) {
        let errors = self
            .inner
            .with_value(|i| i.schema.validate(&i.root.read().unwrap_or_else(empty)));
        let at = first_per_pointer(errors.into_iter().map(|e| (e.pointer, e.message)));
        let mut invalid = Vec::new();
        self.inner.with_value(|i| {
            let errors = Errors {
                at,
                kept: &i.server_errors,
            };
            i.root.assign("", &errors, false, &mut invalid);
        });
        // After a failed submit the summary follows the fixes as they are made.
        if !self.summary.with_untracked(Vec::is_empty) {
            self.summary.set(problems(&invalid));
        }
    }

    /// Shows `errors` on every field and lists them in the summary; returns
    /// the fields now showing an error.
    fn show(&self, errors: Vec<(String, String)>) -> Vec<Field> {
        let none = HashMap::new();
        let found = Errors {
            at: first_per_pointer(errors.iter().cloned()),
            kept: &none,
        };
        let mut invalid = Vec::new();
        self.root().assign("", &found, true, &mut invalid);
        let mut problems = problems(&invalid);
        // Errors no field shows (a pointer the form has no input for), in
        // the order they came.
        let mut listed: Vec<&str> = invalid.iter().map(|(at, _)| at.as_str()).collect();
        for (pointer, message) in &errors {
            if !listed.contains(&pointer.as_str()) {
                listed.push(pointer);
                problems.push(Problem {
                    field_id: None,
                    label: if pointer.is_empty() {
                        "Form".to_owned()
                    } else {
                        pointer.clone()
                    },
                    message: message.clone(),
                });
            }
        }
        if let Some((_, first)) = invalid.first() {
            self.focus_later(first.id.clone());
        }
        self.summary.set(problems);
        invalid.into_iter().map(|(_, field)| field).collect()
    }

    /// Focuses an input once the DOM shows it (its group may just have opened).
    fn focus_later(&self, field_id: String) {
        let id = self.dom_id(&field_id);
        let focus = move || {
            if let Some(element) = document().get_element_by_id(&id) {
                use wasm_bindgen::JsCast;
                if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
                    let _ = element.focus();
                }
            }
        };
        focus();
        request_animation_frame(focus);
    }
}

/// The summary's entries for fields showing an error, in form order.
fn problems(invalid: &[(String, Field)]) -> Vec<Problem> {
    invalid
        .iter()
        .map(|(_, f)| Problem {
            field_id: Some(f.id.clone()),
            label: f.spec.label.clone(),
            message: f.error.get_untracked().unwrap_or_default(),
        })
        .collect()
}

/// Runs `build` inside the form's owner while it exists.
fn within<T>(owner: &Option<WeakOwner>, build: impl FnOnce() -> T) -> T {
    match owner.as_ref().and_then(WeakOwner::upgrade) {
        Some(owner) => owner.with(build),
        None => build(),
    }
}

fn empty() -> Value {
    Value::Object(Map::new())
}

/// The first message for each pointer: one error per field is enough to act on.
fn first_per_pointer(errors: impl Iterator<Item = (String, String)>) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for (pointer, message) in errors {
        map.entry(pointer).or_insert(message);
    }
    map
}

/// Top-level keys of `now` that differ from `before`; keys gone are `null`.
fn changed_keys(before: &Value, now: &Value) -> Map<String, Value> {
    let empty = Map::new();
    let before = before.as_object().unwrap_or(&empty);
    let now = now.as_object().unwrap_or(&empty);
    let mut changed: Map<String, Value> = now
        .iter()
        .filter(|(key, value)| before.get(*key) != Some(*value))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for key in before.keys() {
        if !now.contains_key(key) {
            changed.insert(key.clone(), Value::Null);
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn changed_keys_lists_new_changed_and_removed_keys() {
        let before = json!({"a": 1, "b": "x", "c": true});
        let now = json!({"a": 1, "b": "y", "d": [1]});
        assert_eq!(
            Value::Object(changed_keys(&before, &now)),
            json!({"b": "y", "d": [1], "c": null})
        );
    }

    #[test]
    fn one_message_per_pointer() {
        let errors = first_per_pointer(
            [("/a", "first"), ("/a", "second"), ("/b", "other")]
                .into_iter()
                .map(|(p, m)| (p.to_owned(), m.to_owned())),
        );
        assert_eq!(errors["/a"], "first");
        assert_eq!(errors.len(), 2);
    }
}
