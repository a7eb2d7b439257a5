//! Choosing a step type: the console's table of node types, searchable,
//! each with its title and what it does.

use crate::flow::{node_types, NodeType};
use crate::ui::Dialog;
use leptos::prelude::*;

/// The step types (or, with `triggers`, the trigger types) matching `search`.
pub(super) fn matching(search: &str, triggers: bool) -> Vec<&'static NodeType> {
    let words: Vec<String> = search.split_whitespace().map(str::to_lowercase).collect();
    node_types()
        .iter()
        .filter(|t| t.trigger == triggers)
        .filter(|t| {
            let text = format!("{} {} {}", t.title, t.description, t.key).to_lowercase();
            words.iter().all(|w| text.contains(w.as_str()))
        })
        .collect()
}

/// A dialog to pick the type of a new step; Enter picks the first match.
#[component]
pub(super) fn StepPicker(open: RwSignal<bool>, on_pick: Callback<String>) -> impl IntoView {
    let search = RwSignal::new(String::new());
    let found = crate::ui::memo(move |_| {
        search.with(|s| {
            matching(s, false)
                .into_iter()
                .map(|t| t.key.clone())
                .collect::<Vec<_>>()
        })
    });
    let pick = move |key: String| {
        search.set(String::new());
        on_pick.run(key);
    };
    view! {
        <Dialog open title="Add a step" class="wide">
            <div class="field">
                <label for="step-picker-search">"Search step types"</label>
                <input id="step-picker-search" type="search" autofocus autocomplete="off"
                    aria-controls="step-picker-list"
                    prop:value=move || search.get()
                    on:input:target=move |ev| search.set(ev.target().value())
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" {
                            ev.prevent_default();
                            if let Some(first) = found.with_untracked(|f| f.first().cloned()) {
                                pick(first);
                            }
                        }
                    }/>
            </div>
            <p class="hint" aria-live="polite">{move || match found.with(Vec::len) {
                0 => "No step type matches.".to_owned(),
                1 => "1 step type".to_owned(),
                n => format!("{n} step types"),
            }}</p>
            <ul class="step-picker" id="step-picker-list">
                {move || matching(&search.get(), false).into_iter().map(|t| {
                    let key = t.key.clone();
                    view! {
                        <li>
                            <button type="button" class="step-choice" on:click=move |_| pick(key.clone())>
                                <strong>{t.title.clone()}</strong>
                                <span class="hint">{t.description.clone()}</span>
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <div class="actions">
                <button type="button" class="button secondary" on:click=move |_| open.set(false)>"Cancel"</button>
            </div>
        </Dialog>
    }
}
