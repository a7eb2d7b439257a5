//! The form around the fields: the error summary after a failed submit,
//! notices about unusable schema parts, and a JSON view of the value.

use super::spec::clip;
use super::widgets::{details_open, field_view, remount};
use super::FormState;
use leptos::prelude::*;

/// Parse notices listed before the form; the rest are counted.
const NOTICES_SHOWN: usize = 5;

/// The fields of `state`, the error summary after a failed submit, notices
/// about unusable schema parts, and a JSON view of the value. No `<form>` and
/// no buttons to submit: the page owns those. `id_prefix` keeps input ids
/// unique when a page shows several forms. `without_json_view` leaves out the
/// JSON view, for a form of two or three plain inputs.
#[component]
pub fn SchemaForm(
    state: FormState,
    #[prop(into)] id_prefix: String,
    #[prop(optional)] without_json_view: bool,
) -> impl IntoView {
    state.set_prefix(id_prefix);
    view! {
        // One listener for the whole form: "left a field" is the only blur
        // that matters, and a listener per input would slow mounting.
        <div class="schema-form" on:focusout=move |ev| state.left_element(&ev)>
            <Notices state/>
            <Summary state/>
            <fieldset class="schema-fields" disabled=move || state.disabled.get()>
                {remount(move || (state.uid, state.generation.get()), move |_| field_view(state, state.root(), None, 0))}
            </fieldset>
            {(!without_json_view).then(|| view! { <JsonView state/> })}
        </div>
    }
}

#[component]
fn Notices(state: FormState) -> impl IntoView {
    let notices = state.notices();
    (!notices.is_empty()).then(|| {
        let more = notices.len().saturating_sub(NOTICES_SHOWN);
        view! {
            <div class="form-notice" role="note">
                <p>
                    <span aria-hidden="true">"⚠ "</span>
                    "Parts of this schema could not be used; they are shown as JSON or left out."
                </p>
                <ul>
                    {notices.iter().take(NOTICES_SHOWN).map(|n| view! { <li>{clip(&n.to_string(), 300)}</li> }).collect_view()}
                </ul>
                {(more > 0).then(|| view! { <p>{format!("…and {more} more.")}</p> })}
            </div>
        }
    })
}

/// After a failed submit: every problem, each a button that goes to its field.
#[component]
fn Summary(state: FormState) -> impl IntoView {
    move || {
        let problems = state.summary.get();
        (!problems.is_empty()).then(|| {
            let count = problems.len();
            let heading = if count == 1 {
                "Fix 1 problem:".to_owned()
            } else {
                format!("Fix {count} problems:")
            };
            view! {
                <div class="form-summary" role="alert">
                    <p><span aria-hidden="true">"⚠ "</span>{heading}</p>
                    <ul>
                        {problems.into_iter().map(|p| {
                            let text = format!("{}: {}", p.label, p.message);
                            match p.field_id {
                                Some(id) => view! {
                                    <li><button type="button" class="link"
                                        on:click=move |_| state.focus_later(id.clone())>{text}</button></li>
                                }.into_any(),
                                None => view! { <li>{text}</li> }.into_any(),
                            }
                        }).collect_view()}
                    </ul>
                </div>
            }
        })
    }
}

/// The whole value as JSON, computed only while open. Secrets are masked.
#[component]
fn JsonView(state: FormState) -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <details class="json-view" on:toggle=move |ev| open.set(details_open(&ev))>
            <summary>"Value as JSON"</summary>
            {move || open.get().then(|| view! {
                <pre class="json" tabindex="0" aria-label="The form's value as JSON">{move || {
                    state.revision.track();
                    let value = state.root().read_with(true).unwrap_or_else(super::empty);
                    serde_json::to_string_pretty(&value).unwrap_or_default()
                }}</pre>
            })}
        </details>
    }
}
