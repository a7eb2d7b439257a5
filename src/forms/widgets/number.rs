use super::wiring::{invalid, text_of, wiring};
use crate::forms::field::Field;
use crate::forms::FormState;
use leptos::prelude::*;
use serde_json::{Number, Value};

/// The typed text as a number; text that is not one is kept as text so the
/// validation message says what is wrong and nothing typed is lost.
fn parse_number(text: &str, integer: bool) -> Option<Value> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return None;
    }
    if integer {
        if let Ok(n) = trimmed.parse::<i64>() {
            return Some(Value::Number(n.into()));
        }
    }
    match trimmed.parse::<f64>().ok().and_then(Number::from_f64) {
        Some(n) => Some(Value::Number(n)),
        None => Some(Value::String(text.to_owned())),
    }
}

fn bounds(min: Option<f64>, max: Option<f64>) -> Option<String> {
    let show = |f: f64| {
        if f.fract() == 0.0 && f.abs() < 1e15 {
            format!("{}", f as i64)
        } else {
            f.to_string()
        }
    };
    match (min, max) {
        (Some(a), Some(b)) => Some(format!("From {} to {}.", show(a), show(b))),
        (Some(a), None) => Some(format!("{} or more.", show(a))),
        (None, Some(b)) => Some(format!("{} or less.", show(b))),
        (None, None) => None,
    }
}

pub(super) fn number_view(
    state: FormState,
    field: Field,
    label: String,
    value: RwSignal<Option<Value>>,
    integer: bool,
    min: Option<f64>,
    max: Option<f64>,
) -> AnyView {
    let w = wiring(state, &field, label, bounds(min, max));
    let spec = field.spec.clone();
    let f1 = field.clone();
    view! {
        <div class="field">
            {w.label}
            <input id=w.id.clone() type="text" inputmode=if integer { "numeric" } else { "decimal" }
                value=text_of(&value.get_untracked()) placeholder=spec.placeholder.clone() readonly=spec.read_only
                aria-describedby=w.described_by.clone() aria-invalid=invalid(&field)
                on:input=move |ev| {
                    value.set(parse_number(&event_target_value(&ev), integer));
                    state.edited(&f1);
                }/>
            {w.tail}
        </div>
    }
    .into_any()
}
