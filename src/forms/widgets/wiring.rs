use crate::forms::field::Field;
use crate::forms::FormState;
use leptos::prelude::*;
use serde_json::Value;

/// What every input carries: ids for its label, help and error, the error
/// state, and "left once" tracking.
pub(super) struct Wiring {
    pub(super) id: String,
    pub(super) described_by: String,
    pub(super) label: AnyView,
    /// Help text and the error line, under the input.
    pub(super) tail: AnyView,
}

pub(super) fn wiring(
    state: FormState,
    field: &Field,
    label: String,
    extra_help: Option<String>,
) -> Wiring {
    let id = state.dom_id(&field.id);
    let help = match (field.spec.description.clone(), extra_help) {
        (Some(d), Some(e)) => Some(format!("{d} {e}")),
        (d, e) => d.or(e),
    };
    let described_by = match help {
        Some(_) => format!("{id}-help {id}-error"),
        None => format!("{id}-error"),
    };
    // Branches rather than optional children: an absent child still costs a
    // placeholder node, and a form may have thousands of fields.
    let label = if field.spec.required {
        view! { <label for=id.clone()>{label}<span class="required">" (required)"</span></label> }
            .into_any()
    } else {
        view! { <label for=id.clone()>{label}</label> }.into_any()
    };
    let error = field.error;
    let error_id = format!("{id}-error");
    let error_line = move || {
        error.get().map(|e| {
            view! {
                <p id=error_id.clone() class="field-error"><span aria-hidden="true">"⚠ "</span>{e}</p>
            }
        })
    };
    let tail = match help {
        Some(h) => view! { <p id=format!("{id}-help") class="hint">{h}</p>{error_line} }.into_any(),
        None => view! { {error_line} }.into_any(),
    };
    Wiring {
        id,
        described_by,
        label,
        tail,
    }
}

pub(super) fn invalid(field: &Field) -> impl Fn() -> Option<&'static str> + Send + Sync + 'static {
    let error = field.error;
    move || error.with(Option::is_some).then_some("true")
}

pub(super) fn text_of(value: &Option<Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}
