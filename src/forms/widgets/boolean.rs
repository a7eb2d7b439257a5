use super::wiring::{invalid, wiring};
use crate::forms::field::Field;
use crate::forms::FormState;
use leptos::prelude::*;
use serde_json::Value;

pub(super) fn boolean_view(
    state: FormState,
    field: Field,
    label: String,
    value: RwSignal<Option<Value>>,
) -> AnyView {
    let w = wiring(state, &field, label, None);
    let spec = field.spec.clone();
    let f1 = field.clone();
    view! {
        <div class="field checkbox">
            <input id=w.id.clone() type="checkbox" checked=value.get_untracked() == Some(Value::Bool(true))
                disabled=spec.read_only aria-describedby=w.described_by.clone() aria-invalid=invalid(&field)
                on:change=move |ev| {
                    value.set(Some(Value::Bool(event_target_checked(&ev))));
                    state.edited(&f1);
                }/>
            {w.label}
            {w.tail}
        </div>
    }
    .into_any()
}
