use super::group::group_fields;
use super::{field_view, remount};
use crate::forms::field::{Body, Field};
use crate::forms::spec::clip;
use crate::forms::FormState;
use leptos::prelude::*;

/// `anyOf`: the person picks an alternative; each keeps its own data, so
/// switching back and forth loses nothing.
pub(super) fn one_of_view(state: FormState, field: Field, label: String, depth: usize) -> AnyView {
    let Body::OneOf { chosen, branches } = &field.body else {
        return ().into_any();
    };
    let (chosen, branches) = (*chosen, branches.clone());
    let id = state.dom_id(&field.id);
    let required = field.spec.required;
    let f1 = field.clone();
    let radios = branches
        .iter()
        .enumerate()
        .map(|(i, branch)| {
            let radio_id = format!("{id}-choice-{i}");
            let f1 = f1.clone();
            view! {
                <span class="choice">
                    <input type="radio" id=radio_id.clone() name=format!("{id}-choice")
                        checked=chosen.get_untracked() == i
                        on:change=move |_| {
                            chosen.set(i);
                            state.edited(&f1);
                        }/>
                    <label for=radio_id>{clip(&branch.spec.label, 200)}</label>
                </span>
            }
        })
        .collect_view();
    let branch_label = label.clone();
    view! {
        <fieldset class="one-of">
            <legend>{label}{required.then(|| view! { <span class="required">" (required)"</span> })}</legend>
            {field.spec.description.clone().map(|d| view! { <p class="hint">{d}</p> })}
            <div class="choices">{radios}</div>
            {remount(move || chosen.get(), move |i| match branches.get(i).cloned() {
                Some(b) if matches!(b.body, Body::Group { .. }) => group_fields(state, &b, depth),
                Some(b) => field_view(state, b, Some(branch_label.clone()), depth),
                None => ().into_any(),
            })}
        </fieldset>
    }
    .into_any()
}
