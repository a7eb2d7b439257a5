use super::wiring::{invalid, wiring};
use crate::forms::field::Field;
use crate::forms::FormState;
use leptos::prelude::*;
use serde_json::Value;

/// Stores the text of an input: a cleared field is left out of the value.
pub(super) fn set_text(
    state: FormState,
    field: &Field,
    value: RwSignal<Option<Value>>,
    text: String,
) {
    value.set((!text.is_empty()).then_some(Value::String(text)));
    state.edited(field);
}

pub(super) fn text_view(
    state: FormState,
    field: Field,
    label: String,
    value: RwSignal<Option<Value>>,
    input_type: &'static str,
    multiline: bool,
    current: String,
) -> AnyView {
    let w = wiring(state, &field, label, None);
    let spec = field.spec.clone();
    let f1 = field.clone();
    let input = if multiline {
        view! {
            <textarea id=w.id.clone() rows="4" placeholder=spec.placeholder.clone() readonly=spec.read_only
                aria-describedby=w.described_by.clone() aria-invalid=invalid(&field)
                on:input=move |ev| set_text(state, &f1, value, event_target_value(&ev))
                prop:value=current></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=w.id.clone() type=input_type value=(!current.is_empty()).then_some(current) placeholder=spec.placeholder.clone()
                readonly=spec.read_only aria-describedby=w.described_by.clone() aria-invalid=invalid(&field)
                on:input=move |ev| set_text(state, &f1, value, event_target_value(&ev))/>
        }
        .into_any()
    };
    view! { <div class="field">{w.label}{input}{w.tail}</div> }.into_any()
}
