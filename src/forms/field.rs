//! The live state of a form: one small reactive cell per field, shaped like
//! the schema, so typing in one input touches only that field's signals.

use super::spec::{Spec, Widget};
use leptos::prelude::*;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use switchboard_schema::{is_formula, Kind};

/// One field of the form (a leaf input, a group, a list or a choice).
#[derive(Clone)]
pub(crate) struct Field(Arc<FieldData>);

pub(crate) struct FieldData {
    pub spec: Arc<Spec>,
    /// Unique within the form; the DOM id is the form's prefix plus this.
    pub id: String,
    /// The validation or engine error shown under the field.
    pub error: RwSignal<Option<String>>,
    /// Text the field could not turn into a value (bad JSON); blocks submit.
    pub unparsed: Option<RwSignal<Option<String>>>,
    /// Left at least once: validation errors may show.
    pub touched: AtomicBool,
    /// Set to null by the person (nullable fields only).
    pub null: Option<RwSignal<bool>>,
    pub body: Body,
}

pub(crate) enum Body {
    /// A single input; `None` means absent from the value.
    Leaf(RwSignal<Option<Value>>),
    Group {
        properties: Vec<(String, Field)>,
        /// Keys the schema does not list, kept as they were.
        extras: Option<RwSignal<Map<String, Value>>>,
        open: RwSignal<bool>,
    },
    List(RwSignal<Vec<Field>>),
    OneOf {
        chosen: RwSignal<usize>,
        branches: Vec<Field>,
    },
}

/// The errors to show: by value pointer, and the engine's errors kept on the
/// field they landed on (by field id) until that field is edited.
pub(crate) struct Errors<'a> {
    pub at: HashMap<String, String>,
    pub kept: &'a HashMap<String, String>,
}

/// Hands out field ids while a tree is built.
pub(crate) struct Ids<'a>(pub &'a mut usize);

impl Ids<'_> {
    fn next(&mut self) -> String {
        *self.0 += 1;
        format!("f{}", self.0)
    }
}

/// Groups this deep and deeper start collapsed, so huge trees mount fast.
const OPEN_DEPTH: usize = 2;

impl Field {
    pub fn new(spec: &Arc<Spec>, value: Option<&Value>, depth: usize, ids: &mut Ids) -> Field {
        let id = ids.next();
        let is_null = matches!(value, Some(Value::Null));
        let null = spec.nullable.then(|| RwSignal::new(is_null));
        let value = value.filter(|_| !(is_null && spec.nullable));
        let mut unparsed = None;
        let body = match &spec.widget {
            // A formula is kept as it is, whatever the field's type.
            _ if value.is_some_and(is_formula) => Body::Leaf(RwSignal::new(value.cloned())),
            Widget::Group {
                properties,
                keeps_extras,
            } => {
                let object = value.and_then(Value::as_object);
                let fields = properties
                    .iter()
                    .map(|(key, spec)| {
                        let field =
                            Field::new(spec, object.and_then(|o| o.get(key)), depth + 1, ids);
                        (key.clone(), field)
                    })
                    .collect();
                let extra: Map<String, Value> = object
                    .into_iter()
                    .flatten()
                    .filter(|(key, _)| !properties.iter().any(|(k, _)| k == *key))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                let extras = (*keeps_extras && !extra.is_empty()).then(|| {
                    unparsed = Some(RwSignal::new(None));
                    RwSignal::new(extra)
                });
                Body::Group {
                    properties: fields,
                    extras,
                    open: RwSignal::new(depth < OPEN_DEPTH),
                }
            }
            Widget::List { items, .. } => {
                let rows = value
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .map(|item| Field::new(items, Some(item), depth + 1, ids))
                    .collect();
                Body::List(RwSignal::new(rows))
            }
            Widget::OneOf { branches } => {
                let chosen = value.map_or(0, |v| best_branch(branches, v));
                let fields = branches
                    .iter()
                    .enumerate()
                    .map(|(i, b)| Field::new(b, value.filter(|_| i == chosen), depth, ids))
                    .collect();
                Body::OneOf {
                    chosen: RwSignal::new(chosen),
                    branches: fields,
                }
            }
            Widget::Json { .. } => {
                unparsed = Some(RwSignal::new(None));
                Body::Leaf(RwSignal::new(value.cloned()))
            }
            _ => Body::Leaf(RwSignal::new(value.cloned())),
        };
        Field(Arc::new(FieldData {
            spec: spec.clone(),
            id,
            error: RwSignal::new(None),
            unparsed,
            touched: AtomicBool::new(false),
            null,
            body,
        }))
    }

    /// The field's current value, untracked; `None` when it is left out.
    pub fn read(&self) -> Option<Value> {
        self.read_with(false)
    }

    /// [`Field::read`], with secrets replaced by a mask when `mask` is set
    /// (for showing the value on screen).
    pub fn read_with(&self, mask: bool) -> Option<Value> {
        if self.null.is_some_and(|n| n.get_untracked()) {
            return Some(Value::Null);
        }
        match &self.body {
            Body::Leaf(value) if mask && matches!(self.spec.widget, Widget::Secret) => value
                .with_untracked(Option::is_some)
                .then(|| Value::String("••••••".to_owned())),
            Body::Leaf(value) => value.get_untracked(),
            Body::Group {
                properties, extras, ..
            } => {
                let mut map: Map<String, Value> = properties
                    .iter()
                    .filter_map(|(key, field)| Some((key.clone(), field.read_with(mask)?)))
                    .collect();
                if let Some(extras) = extras {
                    extras.with_untracked(|extras| {
                        for (key, value) in extras {
                            map.entry(key.clone()).or_insert_with(|| value.clone());
                        }
                    });
                }
                (!map.is_empty() || self.spec.required).then_some(Value::Object(map))
            }
            Body::List(rows) => {
                // A row left empty is like a blank line: not part of the list.
                let items: Vec<Value> = rows.with_untracked(|rows| {
                    rows.iter().filter_map(|row| row.read_with(mask)).collect()
                });
                (!items.is_empty() || self.spec.required).then_some(Value::Array(items))
            }
            Body::OneOf { chosen, branches } => {
                branches.get(chosen.get_untracked())?.read_with(mask)
            }
        }
    }

    /// Puts `errors` (by value pointer) on the fields at `pointer` and below.
    /// Only touched fields show validation errors unless `all`; fields are
    /// collected into `invalid` in form order. Returns whether any field below
    /// is invalid, to open collapsed groups that hide an error.
    pub fn assign(
        &self,
        pointer: &str,
        errors: &Errors,
        all: bool,
        invalid: &mut Vec<(String, Field)>,
    ) -> bool {
        let here = errors
            .at
            .get(pointer)
            .or_else(|| errors.kept.get(&self.id))
            .cloned();
        let mut below = false;
        match &self.body {
            Body::Leaf(_) => {}
            Body::Group {
                properties, open, ..
            } => {
                for (key, field) in properties {
                    let at = format!("{pointer}/{}", escape(key));
                    below |= field.assign(&at, errors, all, invalid);
                }
                if below && !open.get_untracked() {
                    open.set(true);
                }
            }
            Body::List(rows) => rows.with_untracked(|rows| {
                let mut index = 0;
                for row in rows {
                    // Empty rows are not in the value, so no error can name
                    // them ("-" is never an index).
                    let at = if row.read().is_some() {
                        index += 1;
                        format!("{pointer}/{}", index - 1)
                    } else {
                        format!("{pointer}/-")
                    };
                    below |= row.assign(&at, errors, all, invalid);
                }
            }),
            Body::OneOf { chosen, branches } => {
                if let Some(branch) = branches.get(chosen.get_untracked()) {
                    // The branch sits at the same pointer and shows the error itself.
                    return branch.assign(pointer, errors, all, invalid);
                }
            }
        }
        let unparsed = self.unparsed.and_then(|u| u.get_untracked());
        let shown = if all || self.touched.load(Ordering::Relaxed) {
            unparsed.or(here)
        } else {
            None
        };
        if shown.is_some() {
            invalid.push((pointer.to_owned(), self.clone()));
        }
        if self.error.with_untracked(|e| *e != shown) {
            self.error.set(shown);
        }
        below || self.error.with_untracked(Option::is_some)
    }

    /// The field with DOM id suffix `id` at or below this one.
    pub fn find(&self, id: &str) -> Option<Field> {
        if self.id == id {
            return Some(self.clone());
        }
        match &self.body {
            Body::Leaf(_) => None,
            Body::Group { properties, .. } => properties.iter().find_map(|(_, f)| f.find(id)),
            Body::List(rows) => rows.with_untracked(|rows| rows.iter().find_map(|f| f.find(id))),
            Body::OneOf { branches, .. } => branches.iter().find_map(|f| f.find(id)),
        }
    }

    /// Marks this field and everything below it as touched.
    pub fn touch_all(&self) {
        self.touched.store(true, Ordering::Relaxed);
        match &self.body {
            Body::Leaf(_) => {}
            Body::Group { properties, .. } => properties.iter().for_each(|(_, f)| f.touch_all()),
            Body::List(rows) => rows.with_untracked(|rows| rows.iter().for_each(Field::touch_all)),
            Body::OneOf { branches, .. } => branches.iter().for_each(Field::touch_all),
        }
    }
}

impl std::ops::Deref for Field {
    type Target = FieldData;
    fn deref(&self) -> &FieldData {
        &self.0
    }
}

/// RFC 6901 escaping of one pointer segment.
pub(crate) fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// The `anyOf` branch an existing value most likely came from: one that
/// accepts its type, preferring the most shared object keys.
fn best_branch(branches: &[Arc<Spec>], value: &Value) -> usize {
    let kind = Kind::of(value);
    let score = |spec: &Spec| {
        let accepts = spec.kinds.is_empty()
            || spec.kinds.contains(&kind)
            || (kind == Kind::Integer && spec.kinds.contains(&Kind::Number));
        if !accepts {
            return 0;
        }
        let shared = match (&spec.widget, value) {
            (Widget::Group { properties, .. }, Value::Object(map)) => properties
                .iter()
                .filter(|(key, _)| map.contains_key(key))
                .count(),
            _ => 0,
        };
        1 + shared
    };
    let mut best = (0, 0);
    for (i, spec) in branches.iter().enumerate() {
        let s = score(spec);
        if s > best.1 {
            best = (i, s);
        }
    }
    best.0
}
