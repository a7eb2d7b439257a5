use super::text::{set_text, text_view};
use super::wiring::{invalid, text_of, wiring};
use crate::forms::field::Field;
use crate::forms::FormState;
use leptos::prelude::*;
use serde_json::Value;

/// `date-time` in a date and time picker, read and written as UTC. A stored
/// value with another offset stays in a text input so it is not rewritten.
pub(super) fn date_time_view(
    state: FormState,
    field: Field,
    label: String,
    value: RwSignal<Option<Value>>,
) -> AnyView {
    let current = text_of(&value.get_untracked());
    if !current.is_empty() && !current.ends_with('Z') {
        return text_view(state, field, label, value, "text", false, current);
    }
    let w = wiring(state, &field, label, Some("In UTC.".to_owned()));
    let local = current.trim_end_matches('Z').to_owned();
    let f1 = field.clone();
    view! {
        <div class="field">
            {w.label}
            <input id=w.id.clone() type="datetime-local" step="1" value=local readonly=field.spec.read_only
                aria-describedby=w.described_by.clone() aria-invalid=invalid(&field)
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    let utc = match text.len() {
                        0 => String::new(),
                        16 => format!("{text}:00Z"),
                        _ => format!("{text}Z"),
                    };
                    set_text(state, &f1, value, utc);
                }/>
            {w.tail}
        </div>
    }
    .into_any()
}
