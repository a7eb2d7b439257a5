use super::{leaf_view, remount};
use crate::forms::field::Field;
use crate::forms::spec::{clip, Widget};
use crate::forms::{FormState, Formulas};
use leptos::prelude::*;
use serde_json::Value;
use switchboard_schema::is_formula;

/// A formula is computed by the engine: shown in words when the form knows
/// what it refers to, else as written. `clear` lets a person type a value
/// in its place (only where the form offers formulas).
pub(super) fn formula_view(
    field: &Field,
    label: String,
    value: RwSignal<Option<Value>>,
    clear: Option<(FormState, Formulas)>,
) -> AnyView {
    let formula = value.get_untracked().unwrap_or(Value::Null);
    let raw = clip(&formula.to_string(), 2000);
    let words = clear.and_then(|(_, formulas)| formulas.describe.run(formula));
    let field_for_clear = field.clone();
    view! {
        <div class="field formula">
            <span class="field-label">{label.clone()}</span>
            {match words {
                Some(words) => view! {
                    <p><span class="formula-ref" title=raw>{format!("= {words}")}</span></p>
                }.into_any(),
                None => view! {
                    <p><code>{raw}</code>" "<span class="hint">"(formula, computed by the engine; read-only)"</span></p>
                }.into_any(),
            }}
            {clear.map(|(state, _)| view! {
                <button type="button" class="link" aria-label=format!("{label}: type a value instead")
                    on:click=move |_| {
                        value.set(None);
                        state.edited(&field_for_clear);
                    }>"Type a value instead"</button>
            })}
            {field.spec.description.clone().map(|d| view! { <p class="hint">{d}</p> })}
        </div>
    }
    .into_any()
}

/// A plain field that may instead take one of the offered formulas: the
/// input and a choice of them, or the chosen formula in words.
pub(super) fn formula_choice(
    state: FormState,
    field: Field,
    label: String,
    value: RwSignal<Option<Value>>,
    formulas: Formulas,
) -> AnyView {
    // A choice from a list or a yes/no is not where an earlier step's output
    // goes; text, numbers and JSON are.
    let takes_output = matches!(
        field.spec.widget,
        Widget::Text { .. } | Widget::Number { .. } | Widget::Json { .. }
    );
    let holds_formula =
        crate::ui::memo(move |_| value.with(|v| v.as_ref().is_some_and(is_formula)));
    view! {
        {remount(move || holds_formula.get(), move |formula| {
            if formula {
                return formula_view(&field, label.clone(), value, Some((state, formulas)));
            }
            let pick_field = field.clone();
            let pick_label = format!("{label}: use an earlier step's output");
            let nested = matches!(field.spec.widget, Widget::Json { .. }).then(|| view! {
                <NestedFormulas value formulas/>
            });
            view! {
                {leaf_view(state, field.clone(), label.clone(), value)}
                {nested}
                <Show when=move || takes_output && formulas.choices.with(|c| !c.is_empty())>
                    <select class="formula-pick" aria-label=pick_label.clone()
                        on:change:target={
                            let field = pick_field.clone();
                            move |ev| {
                                let chosen = ev.target().selected_index() - 1;
                                let picked = usize::try_from(chosen).ok().and_then(|i| {
                                    formulas.choices.with_untracked(|c| c.get(i).map(|(_, f)| f.clone()))
                                });
                                if let Some(formula) = picked {
                                    value.set(Some(formula));
                                    state.edited(&field);
                                }
                            }
                        }>
                        <option value="" selected>"Use an earlier step's output…"</option>
                        {move || formulas.choices.get().into_iter().map(|(label, _)| view! { <option>{label}</option> }).collect_view()}
                    </select>
                </Show>
            }.into_any()
        })}
    }
    .into_any()
}

/// Formulas inside a JSON value, each with where it sits: `(path, formula)`.
fn nested_formulas(value: &Value, at: &str, found: &mut Vec<(String, Value)>) {
    if is_formula(value) {
        found.push((at.to_owned(), value.clone()));
        return;
    }
    let join = |key: &str| {
        if at.is_empty() {
            key.to_owned()
        } else {
            format!("{at}.{key}")
        }
    };
    match value {
        Value::Object(map) => map
            .iter()
            .for_each(|(k, v)| nested_formulas(v, &join(k), found)),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, v)| nested_formulas(v, &join(&i.to_string()), found)),
        _ => {}
    }
}

/// What the formulas inside a JSON value refer to, in words, below it: the
/// JSON shows them as the engine stores them.
#[component]
fn NestedFormulas(value: RwSignal<Option<Value>>, formulas: Formulas) -> impl IntoView {
    let found = crate::ui::memo(move |_| {
        let mut found = Vec::new();
        value.with(|v| {
            if let Some(v) = v {
                nested_formulas(v, "", &mut found);
            }
        });
        found
    });
    move || {
        found.with(|found| {
            (!found.is_empty()).then(|| {
                let lines: Vec<String> = found
                    .iter()
                    .map(|(at, formula)| {
                        let words = formulas
                            .describe
                            .run(formula.clone())
                            .unwrap_or_else(|| clip(&formula.to_string(), 200));
                        format!("{at} = {words}")
                    })
                    .collect();
                view! {
                    <ul class="hint formula-refs" aria-label="Values taken from earlier steps">
                        {lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
                    </ul>
                }
            })
        })
    }
}
