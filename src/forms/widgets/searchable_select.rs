use super::select::same_choice;
use super::wiring::{invalid, text_of, wiring};
use crate::forms::field::Field;
use crate::forms::spec::{clip, Choice};
use crate::forms::FormState;
use leptos::prelude::*;
use serde_json::Value;
use std::sync::Arc;

/// Matches a searchable list offers at once.
const MATCHES_SHOWN: usize = 50;

/// A long list or one that takes free values: a text input suggesting
/// matching choices (computed only after focus, so 10,000 choices mount fast).
pub(super) fn search_view(
    state: FormState,
    field: Field,
    label: String,
    value: RwSignal<Option<Value>>,
    choices: Arc<[Choice]>,
    allow_custom: bool,
) -> AnyView {
    let hint = if allow_custom {
        "Type to search the list, or enter your own value."
    } else {
        "Type to search the list."
    };
    let w = wiring(state, &field, label, Some(hint.to_owned()));
    let current = value.get_untracked().map(|v| {
        choices
            .iter()
            .find(|c| same_choice(&c.value, &v))
            .map_or_else(|| text_of(&Some(v.clone())), |c| c.label.clone())
    });
    let query = RwSignal::new(current.clone().unwrap_or_default());
    let focused = RwSignal::new(false);
    let list_id = format!("{}-choices", w.id);
    let f1 = field.clone();
    let lookup = choices.clone();
    let matches = move || {
        let q = query.get().to_lowercase();
        choices
            .iter()
            .filter(|c| q.is_empty() || c.label.to_lowercase().contains(&q))
            .take(MATCHES_SHOWN)
            .map(|c| view! { <option value=clip(&c.label, 200)></option> })
            .collect_view()
    };
    view! {
        <div class="field">
            {w.label}
            <input id=w.id.clone() type="text" list=list_id.clone() autocomplete="off"
                value=current.unwrap_or_default() placeholder=field.spec.placeholder.clone()
                readonly=field.spec.read_only aria-describedby=w.described_by.clone() aria-invalid=invalid(&field)
                on:focus=move |_| focused.set(true)
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    let picked = lookup.iter().find(|c| c.label == text).map(|c| c.value.clone());
                    query.set(text.clone());
                    value.set(picked.or_else(|| (!text.is_empty()).then_some(Value::String(text))));
                    state.edited(&f1);
                }/>
            <datalist id=list_id>{move || focused.get().then(&matches)}</datalist>
            {w.tail}
        </div>
    }
    .into_any()
}
