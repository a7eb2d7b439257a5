use super::wiring::{invalid, text_of, wiring};
use crate::forms::field::Field;
use crate::forms::spec::{clip, Choice};
use crate::forms::FormState;
use leptos::prelude::*;
use serde_json::Value;
use std::sync::Arc;

/// Whether a choice's value is `value`; ids match across text and numbers.
pub(super) fn same_choice(choice: &Value, value: &Value) -> bool {
    choice == value
        || match (choice, value) {
            (Value::Number(n), Value::String(s)) | (Value::String(s), Value::Number(n)) => {
                *s == n.to_string()
            }
            (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
            _ => false,
        }
}

pub(super) fn select_view(
    state: FormState,
    field: Field,
    label: String,
    value: RwSignal<Option<Value>>,
    choices: Arc<[Choice]>,
) -> AnyView {
    let w = wiring(state, &field, label, None);
    let current = value.get_untracked();
    let listed = current
        .as_ref()
        .and_then(|v| choices.iter().position(|c| same_choice(&c.value, v)));
    // A stored value that is no longer a choice stays selected and visible.
    let unlisted = current
        .as_ref()
        .filter(|_| listed.is_none())
        .map(|v| format!("{} (not in the list)", text_of(&Some(v.clone()))));
    let none_label = if field.spec.required {
        "Choose…"
    } else {
        "None"
    };
    let f1 = field.clone();
    let options = choices.clone();
    view! {
        <div class="field">
            {w.label}
            <select id=w.id.clone() disabled=field.spec.read_only aria-describedby=w.described_by.clone()
                aria-invalid=invalid(&field)
                on:change=move |ev| {
                    let picked = event_target_value(&ev);
                    if picked != "unlisted" {
                        let index = picked.parse::<usize>().ok();
                        value.set(index.and_then(|i| options.get(i)).map(|c| c.value.clone()));
                        state.edited(&f1);
                    }
                }>
                <option value="" selected=current.is_none()>{none_label}</option>
                {unlisted.map(|text| view! { <option value="unlisted" selected>{text}</option> })}
                {choices.iter().enumerate().map(|(i, c)| view! {
                    <option value=i.to_string() selected=listed == Some(i)>{clip(&c.label, 200)}</option>
                }).collect_view()}
            </select>
            {w.tail}
        </div>
    }
    .into_any()
}
