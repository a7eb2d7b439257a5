//! The widgets, one file each. Inputs are uncontrolled: they start from the
//! value when they are created and report edits to their field's cell, so a
//! keystroke costs one signal write and no re-render. Reset rebuilds the
//! fields instead.

mod boolean;
mod date_time;
mod formula;
mod group;
mod json;
mod list;
mod number;
mod one_of;
mod searchable_select;
mod secret;
mod select;
mod text;
mod wiring;

use super::field::{Body, Field};
use super::spec::Widget;
use super::FormState;
use boolean::boolean_view;
use date_time::date_time_view;
use formula::{formula_choice, formula_view};
use group::{group_fields, group_view};
use json::json_view;
use leptos::prelude::*;
use list::list_view;
use number::number_view;
use one_of::one_of_view;
use searchable_select::search_view;
use secret::secret_view;
use select::select_view;
use serde_json::Value;
use switchboard_schema::is_formula;
use text::text_view;
use wiring::text_of;

pub(super) fn details_open(ev: &leptos::ev::Event) -> bool {
    use wasm_bindgen::JsCast;
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok())
        .is_some_and(|d| d.open())
}

/// The view for one field; `label` overrides the schema's (list rows).
pub(super) fn field_view(
    state: FormState,
    field: Field,
    label: Option<String>,
    depth: usize,
) -> AnyView {
    let label = label.unwrap_or_else(|| field.spec.label.clone());
    if let Some(null) = field.null {
        let id = state.dom_id(&field.id);
        let inner = field.clone();
        let label_for_toggle = label.clone();
        return view! {
            <div class="nullable">
                {remount(move || null.get(), move |is_null| if is_null {
                    view! { <p class="field-label">{label.clone()}": " <em>"empty (null)"</em></p> }.into_any()
                } else {
                    body_view(state, inner.clone(), label.clone(), depth)
                })}
                <div class="field checkbox null-toggle">
                    <input type="checkbox" id=format!("{id}-null") checked=null.get_untracked()
                        on:change=move |ev| {
                            null.set(event_target_checked(&ev));
                            state.edited(&field);
                        }/>
                    <label for=format!("{id}-null")>{format!("{label_for_toggle}: leave empty (null)")}</label>
                </div>
            </div>
        }
        .into_any();
    }
    body_view(state, field, label, depth)
}

fn body_view(state: FormState, field: Field, label: String, depth: usize) -> AnyView {
    match &field.body {
        Body::Leaf(value) => {
            let value = *value;
            if let Some(formulas) = state.formulas() {
                return formula_choice(state, field, label, value, formulas);
            }
            if value.with_untracked(|v| v.as_ref().is_some_and(is_formula)) {
                return formula_view(&field, label, value, None);
            }
            leaf_view(state, field, label, value)
        }
        Body::Group { .. } if depth == 0 => group_fields(state, &field, depth),
        Body::Group { .. } => group_view(state, field, label, depth),
        Body::List(_) => list_view(state, field, label, depth),
        Body::OneOf { .. } => one_of_view(state, field, label, depth),
    }
}

pub(super) fn leaf_view(
    state: FormState,
    field: Field,
    label: String,
    value: RwSignal<Option<Value>>,
) -> AnyView {
    let spec = field.spec.clone();
    match &spec.widget {
        Widget::Text {
            input_type,
            multiline,
        } => {
            let current = text_of(&value.get_untracked());
            let multiline = *multiline || current.contains('\n');
            text_view(state, field, label, value, input_type, multiline, current)
        }
        Widget::Number { integer, min, max } => {
            number_view(state, field, label, value, *integer, *min, *max)
        }
        Widget::Boolean => boolean_view(state, field, label, value),
        Widget::Select {
            choices,
            allow_custom,
            searchable,
        } => {
            if *searchable {
                search_view(state, field, label, value, choices.clone(), *allow_custom)
            } else {
                select_view(state, field, label, value, choices.clone())
            }
        }
        Widget::DateTime => date_time_view(state, field, label, value),
        Widget::Secret => secret_view(state, field, label, value),
        Widget::Json { reason } => json_view(state, field, label, value, *reason),
        // Groups, lists and choices holding a formula are leaves.
        Widget::Group { .. } | Widget::List { .. } | Widget::OneOf { .. } => {
            json_view(state, field, label, value, None)
        }
    }
}

/// Re-creates the view whenever `key` changes. A plain reactive closure
/// would patch the old elements in place, and an input someone edited keeps
/// showing its old text whatever its new `value` attribute says.
pub(crate) fn remount<K>(
    key: impl Fn() -> K + Send + Sync + 'static,
    render: impl Fn(K) -> AnyView + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    K: Eq + std::hash::Hash + Clone + Send + Sync + 'static,
{
    view! { <For each=move || std::iter::once(key()) key=|k| k.clone() children=render/> }
}
