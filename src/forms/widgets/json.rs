use super::wiring::{invalid, wiring};
use crate::forms::field::Field;
use crate::forms::FormState;
use leptos::prelude::*;
use serde_json::Value;

/// Any value as JSON text. Text that is not JSON is kept in the box and
/// reported; the value keeps its last good state.
pub(super) fn json_view(
    state: FormState,
    field: Field,
    label: String,
    value: RwSignal<Option<Value>>,
    reason: Option<&'static str>,
) -> AnyView {
    let w = wiring(
        state,
        &field,
        label,
        Some(reason.unwrap_or("Enter JSON.").to_owned()),
    );
    let text = value
        .get_untracked()
        .map(|v| serde_json::to_string_pretty(&v).unwrap_or_default())
        .unwrap_or_default();
    let f1 = field.clone();
    view! {
        <div class="field">
            {w.label}
            <textarea id=w.id.clone() class="code" rows="4" spellcheck="false" readonly=field.spec.read_only
                aria-describedby=w.described_by.clone() aria-invalid=invalid(&field)
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    let parsed = if text.trim().is_empty() { Ok(None) } else { serde_json::from_str(&text).map(Some) };
                    match parsed {
                        Ok(v) => {
                            value.set(v);
                            f1.unparsed.inspect(|u| u.set(None));
                        }
                        Err(e) => {
                            f1.unparsed.inspect(|u| u.set(Some(format!("Not valid JSON: {e}"))));
                        }
                    }
                    state.edited(&f1);
                }
                prop:value=text></textarea>
            {w.tail}
        </div>
    }
    .into_any()
}
