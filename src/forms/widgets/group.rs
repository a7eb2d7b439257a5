use super::{details_open, field_view};
use crate::forms::field::{Body, Field};
use crate::forms::FormState;
use leptos::prelude::*;
use serde_json::{Map, Value};

/// The inputs of a group, plus its extras; groups below the root are wrapped
/// in [`group_view`].
pub(super) fn group_fields(state: FormState, field: &Field, depth: usize) -> AnyView {
    let Body::Group {
        properties, extras, ..
    } = &field.body
    else {
        return ().into_any();
    };
    let children = properties
        .iter()
        .map(|(_, child)| field_view(state, child.clone(), None, depth + 1))
        .collect_view();
    let extras = extras.map(|extras| extras_view(state, field.clone(), extras));
    view! { <div class="fields">{children}{extras}</div> }.into_any()
}

/// Keys the schema does not list: kept, and editable as JSON.
fn extras_view(state: FormState, field: Field, extras: RwSignal<Map<String, Value>>) -> AnyView {
    let id = format!("{}-extras", state.dom_id(&field.id));
    let text = serde_json::to_string_pretty(&extras.get_untracked()).unwrap_or_default();
    let unparsed = field.unparsed;
    let f1 = field.clone();
    view! {
        <div class="field extras">
            <label for=id.clone()>"Other fields (not in the schema)"</label>
            <textarea id=id.clone() class="code" rows="4" spellcheck="false"
                aria-describedby=format!("{id}-help {id}-error")
                aria-invalid=move || unparsed.and_then(|u| u.get()).is_some().then_some("true")
                on:input=move |ev| {
                    match serde_json::from_str::<Map<String, Value>>(&event_target_value(&ev)) {
                        Ok(map) => {
                            extras.set(map);
                            unparsed.inspect(|u| u.set(None));
                        }
                        Err(e) => {
                            unparsed.inspect(|u| u.set(Some(format!("Enter a JSON object: {e}"))));
                        }
                    }
                    state.edited(&f1);
                }
                prop:value=text></textarea>
            <p id=format!("{id}-help") class="hint">"Kept as they are. Edit them as a JSON object."</p>
            <p id=format!("{id}-error") class="field-error">{move || unparsed.and_then(|u| u.get())}</p>
        </div>
    }
    .into_any()
}

/// A nested group: labelled and collapsible; its inputs exist only while open.
pub(super) fn group_view(state: FormState, field: Field, label: String, depth: usize) -> AnyView {
    let Body::Group { open, .. } = &field.body else {
        return ().into_any();
    };
    let open = *open;
    let id = state.dom_id(&field.id);
    let error = field.error;
    let description = field.spec.description.clone();
    let required = field.spec.required;
    view! {
        <details class="group" id=id.clone() prop:open=move || open.get()
            on:toggle=move |ev| {
                let now = details_open(&ev);
                if now != open.get_untracked() {
                    open.set(now);
                }
            }>
            <summary>{label}{required.then(|| view! { <span class="required">" (required)"</span> })}</summary>
            {description.map(|d| view! { <p class="hint">{d}</p> })}
            <p id=format!("{id}-error") class="field-error">
                {move || error.get().map(|e| view! { <span aria-hidden="true">"⚠ "</span>{e} })}
            </p>
            {move || open.get().then(|| group_fields(state, &field, depth))}
        </details>
    }
    .into_any()
}
