use crate::forms::field::Field;
use crate::forms::spec::clip;
use leptos::prelude::*;
use serde_json::Value;

/// A formula is computed by the engine; it is shown, kept, and not edited here.
pub(super) fn formula_view(
    field: &Field,
    label: String,
    value: RwSignal<Option<Value>>,
) -> AnyView {
    let text = value
        .get_untracked()
        .map(|v| v.to_string())
        .unwrap_or_default();
    view! {
        <div class="field formula">
            <span class="field-label">{label}</span>
            <p><code>{clip(&text, 2000)}</code>" "<span class="hint">"(formula, computed by the engine; read-only)"</span></p>
            {field.spec.description.clone().map(|d| view! { <p class="hint">{d}</p> })}
        </div>
    }
    .into_any()
}
