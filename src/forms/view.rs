//! The widgets. Inputs are uncontrolled: they start from the value when they
//! are created and report edits to their field's cell, so a keystroke costs
//! one signal write and no re-render. Reset rebuilds the fields instead.

use super::field::{Body, Field};
use super::spec::{clip, Choice, Widget};
use super::{FormMode, FormState};
use leptos::prelude::*;
use serde_json::{Map, Number, Value};
use std::sync::Arc;
use switchboard_schema::is_formula;

/// Parse notices listed before the form; the rest are counted.
const NOTICES_SHOWN: usize = 5;
/// Matches a searchable list offers at once.
const MATCHES_SHOWN: usize = 50;

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

fn details_open(ev: &leptos::ev::Event) -> bool {
    use wasm_bindgen::JsCast;
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok())
        .is_some_and(|d| d.open())
}

/// The view for one field; `label` overrides the schema's (list rows).
fn field_view(state: FormState, field: Field, label: Option<String>, depth: usize) -> AnyView {
    let label = label.unwrap_or_else(|| field.spec.label.clone());
    if let Some(null) = field.null {
        let id = state.dom_id(&field.id);
        let inner = field.clone();
        let label_for_toggle = label.clone();
        return view! {
            <div class="nullable">
                {remount(move || null.get(), move |is_null| if is_null {
                    view! { <p class="field-label">{label.clone()}": " <em>"empty (null)"</em></p> }.into_any()
                } else {
                    body_view(state, inner.clone(), label.clone(), depth)
                })}
                <div class="field checkbox null-toggle">
                    <input type="checkbox" id=format!("{id}-null") checked=null.get_untracked()
                        on:change=move |ev| {
                            null.set(event_target_checked(&ev));
                            state.edited(&field);
                        }/>
                    <label for=format!("{id}-null")>{format!("{label_for_toggle}: leave empty (null)")}</label>
                </div>
            </div>
        }
        .into_any();
    }
    body_view(state, field, label, depth)
}

fn body_view(state: FormState, field: Field, label: String, depth: usize) -> AnyView {
    match &field.body {
        Body::Leaf(value) => {
            let value = *value;
            if value.with_untracked(|v| v.as_ref().is_some_and(is_formula)) {
                return formula_view(&field, label, value);
            }
            leaf_view(state, field, label, value)
        }
        Body::Group { .. } if depth == 0 => group_fields(state, &field, depth),
        Body::Group { .. } => group_view(state, field, label, depth),
        Body::List(_) => list_view(state, field, label, depth),
        Body::OneOf { .. } => one_of_view(state, field, label, depth),
    }
}

/// What every input carries: ids for its label, help and error, the error
/// state, and "left once" tracking.
struct Wiring {
    id: String,
    described_by: String,
    label: AnyView,
    /// Help text and the error line, under the input.
    tail: AnyView,
}

fn wiring(state: FormState, field: &Field, label: String, extra_help: Option<String>) -> Wiring {
    let id = state.dom_id(&field.id);
    let help = match (field.spec.description.clone(), extra_help) {
        (Some(d), Some(e)) => Some(format!("{d} {e}")),
        (d, e) => d.or(e),
    };
    let described_by = match help {
        Some(_) => format!("{id}-help {id}-error"),
        None => format!("{id}-error"),
    };
    // Branches rather than optional children: an absent child still costs a
    // placeholder node, and a form may have thousands of fields.
    let label = if field.spec.required {
        view! { <label for=id.clone()>{label}<span class="required">" (required)"</span></label> }
            .into_any()
    } else {
        view! { <label for=id.clone()>{label}</label> }.into_any()
    };
    let error = field.error;
    let error_id = format!("{id}-error");
    let error_line = move || {
        error.get().map(|e| {
            view! {
                <p id=error_id.clone() class="field-error"><span aria-hidden="true">"⚠ "</span>{e}</p>
            }
        })
    };
    let tail = match help {
        Some(h) => view! { <p id=format!("{id}-help") class="hint">{h}</p>{error_line} }.into_any(),
        None => view! { {error_line} }.into_any(),
    };
    Wiring {
        id,
        described_by,
        label,
        tail,
    }
}

fn invalid(field: &Field) -> impl Fn() -> Option<&'static str> + Send + Sync + 'static {
    let error = field.error;
    move || error.with(Option::is_some).then_some("true")
}

fn text_of(value: &Option<Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

fn leaf_view(
    state: FormState,
    field: Field,
    label: String,
    value: RwSignal<Option<Value>>,
) -> AnyView {
    let spec = field.spec.clone();
    match &spec.widget {
        Widget::Text {
            input_type,
            multiline,
        } => {
            let current = text_of(&value.get_untracked());
            let multiline = *multiline || current.contains('\n');
            text_view(state, field, label, value, input_type, multiline, current)
        }
        Widget::Number { integer, min, max } => {
            number_view(state, field, label, value, *integer, *min, *max)
        }
        Widget::Boolean => boolean_view(state, field, label, value),
        Widget::Select {
            choices,
            allow_custom,
            searchable,
        } => {
            if *searchable {
                search_view(state, field, label, value, choices.clone(), *allow_custom)
            } else {
                select_view(state, field, label, value, choices.clone())
            }
        }
        Widget::DateTime => date_time_view(state, field, label, value),
        Widget::Secret => secret_view(state, field, label, value),
        Widget::Json { reason } => json_view(state, field, label, value, *reason),
        // Groups, lists and choices holding a formula are leaves.
        Widget::Group { .. } | Widget::List { .. } | Widget::OneOf { .. } => {
            json_view(state, field, label, value, None)
        }
    }
}

/// Stores the text of an input: a cleared field is left out of the value.
fn set_text(state: FormState, field: &Field, value: RwSignal<Option<Value>>, text: String) {
    value.set((!text.is_empty()).then_some(Value::String(text)));
    state.edited(field);
}

fn text_view(
    state: FormState,
    field: Field,
    label: String,
    value: RwSignal<Option<Value>>,
    input_type: &'static str,
    multiline: bool,
    current: String,
) -> AnyView {
    let w = wiring(state, &field, label, None);
    let spec = field.spec.clone();
    let f1 = field.clone();
    let input = if multiline {
        view! {
            <textarea id=w.id.clone() rows="4" placeholder=spec.placeholder.clone() readonly=spec.read_only
                aria-describedby=w.described_by.clone() aria-invalid=invalid(&field)
                on:input=move |ev| set_text(state, &f1, value, event_target_value(&ev))
                prop:value=current></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=w.id.clone() type=input_type value=(!current.is_empty()).then_some(current) placeholder=spec.placeholder.clone()
                readonly=spec.read_only aria-describedby=w.described_by.clone() aria-invalid=invalid(&field)
                on:input=move |ev| set_text(state, &f1, value, event_target_value(&ev))/>
        }
        .into_any()
    };
    view! { <div class="field">{w.label}{input}{w.tail}</div> }.into_any()
}

/// The typed text as a number; text that is not one is kept as text so the
/// validation message says what is wrong and nothing typed is lost.
fn parse_number(text: &str, integer: bool) -> Option<Value> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return None;
    }
    if integer {
        if let Ok(n) = trimmed.parse::<i64>() {
            return Some(Value::Number(n.into()));
        }
    }
    match trimmed.parse::<f64>().ok().and_then(Number::from_f64) {
        Some(n) => Some(Value::Number(n)),
        None => Some(Value::String(text.to_owned())),
    }
}

fn bounds(min: Option<f64>, max: Option<f64>) -> Option<String> {
    let show = |f: f64| {
        if f.fract() == 0.0 && f.abs() < 1e15 {
            format!("{}", f as i64)
        } else {
            f.to_string()
        }
    };
    match (min, max) {
        (Some(a), Some(b)) => Some(format!("From {} to {}.", show(a), show(b))),
        (Some(a), None) => Some(format!("{} or more.", show(a))),
        (None, Some(b)) => Some(format!("{} or less.", show(b))),
        (None, None) => None,
    }
}

fn number_view(
    state: FormState,
    field: Field,
    label: String,
    value: RwSignal<Option<Value>>,
    integer: bool,
    min: Option<f64>,
    max: Option<f64>,
) -> AnyView {
    let w = wiring(state, &field, label, bounds(min, max));
    let spec = field.spec.clone();
    let f1 = field.clone();
    view! {
        <div class="field">
            {w.label}
            <input id=w.id.clone() type="text" inputmode=if integer { "numeric" } else { "decimal" }
                value=text_of(&value.get_untracked()) placeholder=spec.placeholder.clone() readonly=spec.read_only
                aria-describedby=w.described_by.clone() aria-invalid=invalid(&field)
                on:input=move |ev| {
                    value.set(parse_number(&event_target_value(&ev), integer));
                    state.edited(&f1);
                }/>
            {w.tail}
        </div>
    }
    .into_any()
}

fn boolean_view(
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

/// Whether a choice's value is `value`; ids match across text and numbers.
fn same_choice(choice: &Value, value: &Value) -> bool {
    choice == value
        || match (choice, value) {
            (Value::Number(n), Value::String(s)) | (Value::String(s), Value::Number(n)) => {
                *s == n.to_string()
            }
            (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
            _ => false,
        }
}

fn select_view(
    state: FormState,
    field: Field,
    label: String,
    value: RwSignal<Option<Value>>,
    choices: Arc<[Choice]>,
) -> AnyView {
    let w = wiring(state, &field, label, None);
    let current = value.get_untracked();
    let listed = current
        .as_ref()
        .and_then(|v| choices.iter().position(|c| same_choice(&c.value, v)));
    // A stored value that is no longer a choice stays selected and visible.
    let unlisted = current
        .as_ref()
        .filter(|_| listed.is_none())
        .map(|v| format!("{} (not in the list)", text_of(&Some(v.clone()))));
    let none_label = if field.spec.required {
        "Choose…"
    } else {
        "None"
    };
    let f1 = field.clone();
    let options = choices.clone();
    view! {
        <div class="field">
            {w.label}
            <select id=w.id.clone() disabled=field.spec.read_only aria-describedby=w.described_by.clone()
                aria-invalid=invalid(&field)
                on:change=move |ev| {
                    let picked = event_target_value(&ev);
                    if picked != "unlisted" {
                        let index = picked.parse::<usize>().ok();
                        value.set(index.and_then(|i| options.get(i)).map(|c| c.value.clone()));
                        state.edited(&f1);
                    }
                }>
                <option value="" selected=current.is_none()>{none_label}</option>
                {unlisted.map(|text| view! { <option value="unlisted" selected>{text}</option> })}
                {choices.iter().enumerate().map(|(i, c)| view! {
                    <option value=i.to_string() selected=listed == Some(i)>{clip(&c.label, 200)}</option>
                }).collect_view()}
            </select>
            {w.tail}
        </div>
    }
    .into_any()
}

/// A long list or one that takes free values: a text input suggesting
/// matching choices (computed only after focus, so 10,000 choices mount fast).
fn search_view(
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

/// `date-time` in a date and time picker, read and written as UTC. A stored
/// value with another offset stays in a text input so it is not rewritten.
fn date_time_view(
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

/// A secret. In edit mode a stored secret is never put in the page: the
/// field says it is set and offers to replace it; untouched, it stays equal
/// to the baseline and is not sent back.
fn secret_view(
    state: FormState,
    field: Field,
    label: String,
    value: RwSignal<Option<Value>>,
) -> AnyView {
    let stored = value
        .get_untracked()
        .filter(|_| state.mode() == FormMode::Edit);
    let replacing = RwSignal::new(stored.is_none());
    let shown = RwSignal::new(false);
    let w = wiring(state, &field, label, None);
    let f1 = field.clone();
    let id = w.id.clone();
    let described_by = w.described_by.clone();
    let has_stored = stored.is_some();
    let field_id = field.id.clone();
    let keep = move |_| {
        value.set(stored.clone());
        replacing.set(false);
        state.edited(&f1);
    };
    let f3 = field.clone();
    view! {
        <div class="field">
            {w.label}
            {remount(move || replacing.get(), move |now_replacing| if now_replacing {
                let f1 = f3.clone();
                view! {
                    <div class="with-button">
                        <input id=id.clone() type=move || if shown.get() { "text" } else { "password" }
                            autocomplete="new-password" spellcheck="false" readonly=f1.spec.read_only
                            aria-describedby=described_by.clone() aria-invalid=invalid(&f1)
                            on:input=move |ev| set_text(state, &f1, value, event_target_value(&ev))/>
                        <button type="button" class="button secondary" aria-pressed=move || shown.get().to_string()
                            aria-label=move || if shown.get() { "Hide secret" } else { "Show secret" }
                            on:click=move |_| shown.update(|s| *s = !*s)>
                            {move || if shown.get() { "Hide" } else { "Show" }}
                        </button>
                        {has_stored.then(|| view! {
                            <button type="button" class="button secondary" on:click=keep.clone()>"Keep current"</button>
                        })}
                    </div>
                }.into_any()
            } else {
                let (id, field_id) = (id.clone(), field_id.clone());
                view! {
                    <div class="with-button">
                        <span class="secret-set" id=id.clone() tabindex="-1">
                            <span aria-hidden="true">"🔒 "</span>"Set; hidden"
                        </span>
                        <button type="button" class="button secondary"
                            on:click=move |_| {
                                value.set(None);
                                replacing.set(true);
                                state.focus_later(field_id.clone());
                            }>"Replace"</button>
                    </div>
                }.into_any()
            })}
            {w.tail}
        </div>
    }
    .into_any()
}

/// Any value as JSON text. Text that is not JSON is kept in the box and
/// reported; the value keeps its last good state.
fn json_view(
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

/// A formula is computed by the engine; it is shown, kept, and not edited here.
fn formula_view(field: &Field, label: String, value: RwSignal<Option<Value>>) -> AnyView {
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

/// The inputs of a group, plus its extras; groups below the root are wrapped
/// in [`group_view`].
fn group_fields(state: FormState, field: &Field, depth: usize) -> AnyView {
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
fn group_view(state: FormState, field: Field, label: String, depth: usize) -> AnyView {
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

fn list_view(state: FormState, field: Field, label: String, depth: usize) -> AnyView {
    let (Body::List(rows), Widget::List { items, max_items }) = (&field.body, &field.spec.widget)
    else {
        return ().into_any();
    };
    let (rows, items, max_items) = (*rows, items.clone(), *max_items);
    let id = state.dom_id(&field.id);
    let error = field.error;
    let required = field.spec.required;
    let description = field.spec.description.clone();
    let name = label.clone();
    let f_add = field.clone();
    let add = move |_| {
        let row = state.new_field(&items, None, depth + 1);
        let row_id = row.id.clone();
        rows.update(|r| r.push(row));
        state.edited(&f_add);
        state.focus_later(row_id);
    };
    let full = move || max_items.is_some_and(|max| rows.with(|r| r.len() as u64 >= max));
    // Keyed by row and position: a moved row is rebuilt with its new name,
    // the others stay as they are.
    let rows_view = view! {
        <For each=move || rows.get().into_iter().enumerate()
            key=|(i, row)| (row.id.clone(), *i)
            children=move |(i, row)| row_view(state, &field, row, &name, i, depth)/>
    };
    view! {
        <fieldset class="list" aria-describedby=format!("{id}-error")>
            <legend>{label.clone()}{required.then(|| view! { <span class="required">" (required)"</span> })}</legend>
            {description.map(|d| view! { <p class="hint">{d}</p> })}
            <p id=format!("{id}-error") class="field-error">
                {move || error.get().map(|e| view! { <span aria-hidden="true">"⚠ "</span>{e} })}
            </p>
            {rows_view}
            {move || rows.with(Vec::is_empty).then(|| view! { <p class="hint">"No items yet."</p> })}
            <button type="button" class="button secondary" disabled=full on:click=add>
                {format!("Add to {label}")}
            </button>
        </fieldset>
    }
    .into_any()
}

/// One list row: its fields and buttons whose names say which row they act on.
fn row_view(
    state: FormState,
    list: &Field,
    row: Field,
    name: &str,
    index: usize,
    depth: usize,
) -> AnyView {
    let Body::List(rows) = &list.body else {
        return ().into_any();
    };
    let rows = *rows;
    let row_name = format!("{name} {}", index + 1);
    let button_id = |what: &str| format!("{}-{what}", row.id);
    let (up_id, down_id) = (button_id("up"), button_id("down"));
    let (l1, l2, l3) = (list.clone(), list.clone(), list.clone());
    let up_focus = up_id.clone();
    let down_focus = down_id.clone();
    let move_row = move |from: usize, to: usize, list: &Field, focus: &str| {
        rows.update(|r| r.swap(from, to));
        state.edited(list);
        state.focus_later(focus.to_owned());
    };
    let remove = move |_| {
        rows.update(|r| {
            if index < r.len() {
                r.remove(index);
            }
        });
        state.edited(&l3);
    };
    view! {
        <div class="list-row" role="group" aria-label=row_name.clone()>
            {field_view(state, row, Some(row_name.clone()), depth + 1)}
            <div class="row-actions">
                <button type="button" class="button secondary" id=state.dom_id(&up_id) disabled={index == 0}
                    aria-label=format!("Move up: {row_name}")
                    on:click=move |_| move_row(index, index - 1, &l1, &up_focus)>"Move up"</button>
                <button type="button" class="button secondary" id=state.dom_id(&down_id) disabled={move || index + 1 >= rows.with(Vec::len)}
                    aria-label=format!("Move down: {row_name}")
                    on:click=move |_| move_row(index, index + 1, &l2, &down_focus)>"Move down"</button>
                <button type="button" class="button secondary" aria-label=format!("Remove: {row_name}")
                    on:click=remove>"Remove"</button>
            </div>
        </div>
    }
    .into_any()
}

/// `anyOf`: the person picks an alternative; each keeps its own data, so
/// switching back and forth loses nothing.
fn one_of_view(state: FormState, field: Field, label: String, depth: usize) -> AnyView {
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

/// Re-creates the view whenever `key` changes. A plain reactive closure
/// would patch the old elements in place, and an input someone edited keeps
/// showing its old text whatever its new `value` attribute says.
pub(crate) fn remount<K>(
    key: impl Fn() -> K + Send + Sync + 'static,
    render: impl Fn(K) -> AnyView + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    K: Eq + std::hash::Hash + Clone + Send + Sync + 'static,
{
    view! { <For each=move || std::iter::once(key()) key=|k| k.clone() children=render/> }
}
