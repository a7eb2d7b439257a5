//! The app's connector parameters, rendered from the version's
//! parametersSchema by the schema-driven form, saved with PATCH.

use super::page::AppData;
use crate::api::{use_api, ApiError, IntegrationPatch};
use crate::forms::{FormMode, FormState, SchemaForm};
use crate::ui::{ActionButton, ErrorPanel};
use leptos::prelude::*;
use serde_json::{Map, Value};

/// Labels of the required parameters `parameters` lacks.
pub fn missing_labels(schema: &Value, parameters: &Value) -> Vec<String> {
    let parsed = switchboard_schema::parse(schema);
    parsed
        .missing_required(parameters)
        .into_iter()
        .map(|key| match parsed.root().property(&key) {
            Some(p) => p.label(),
            None => key,
        })
        .collect()
}

/// The stored parameters with the form's changes applied; a `null` change
/// clears the key. The engine replaces parameters as a whole, so keys the
/// form does not show are kept as they are.
fn merged(current: &Value, changes: Map<String, Value>) -> Value {
    let mut out = match current {
        Value::Object(map) => map.clone(),
        _ => Map::new(),
    };
    for (key, value) in changes {
        if value.is_null() {
            out.remove(&key);
        } else {
            out.insert(key, value);
        }
    }
    Value::Object(out)
}

/// An engine error about one parameter, as (pointer into the parameters,
/// message) for the form.
fn form_error(error: &ApiError) -> (String, String) {
    match error.field() {
        Some(pointer) => match pointer.strip_prefix("/parameters") {
            Some(inner) => (inner.to_owned(), error.field_message()),
            None => (String::new(), error.message()),
        },
        None => (String::new(), error.message()),
    }
}

/// What the parameters form is built from: it is rebuilt only when one of
/// these changes, so a refresh after saving keeps the form as it is.
#[derive(Clone, Debug, PartialEq)]
pub struct ParametersForm {
    key: String,
    schema: Value,
    archived: bool,
}

impl ParametersForm {
    pub fn of(data: &AppData) -> ParametersForm {
        ParametersForm {
            key: data.app.reference().to_owned(),
            schema: data.spec.parameters_schema.clone().unwrap_or(Value::Null),
            archived: data.app.is_archived(),
        }
    }
}

#[component]
pub fn Parameters(
    form: ParametersForm,
    data: Signal<AppData>,
    done: Callback<String>,
) -> impl IntoView {
    let api = use_api();
    let ParametersForm {
        key,
        schema,
        archived,
    } = form;
    let stored = move || data.with_untracked(|d| d.app.parameters_object());
    let missing = Memo::new({
        let schema = schema.clone();
        move |_| missing_labels(&schema, &data.read().app.parameters_object())
    });
    let state = FormState::new(&schema, stored(), FormMode::Edit);
    let save = crate::ui::write(move |parameters: &Value| {
        let (key, parameters) = (key.clone(), parameters.clone());
        async move {
            let patch = IntegrationPatch {
                parameters: Some(parameters),
                ..Default::default()
            };
            let saved = api.integrations().update(&key, &patch).await;
            match &saved {
                Ok(saved) => state.saved(saved.parameters_object()),
                Err(error) => {
                    // What the person typed stays; the error goes where it belongs.
                    let (pointer, message) = form_error(error);
                    if !pointer.is_empty() {
                        state.set_server_errors(vec![(pointer, message)]);
                    }
                }
            }
            saved
        }
    });
    crate::ui::effect(move |_| state.set_disabled(archived || save.pending().get()));
    // The page's refresh runs from an effect, which is gone with the page if
    // the person left before the save finished; `done` is gone then too.
    crate::ui::effect(move |_| {
        if matches!(save.value().get(), Some(Ok(_))) {
            done.run("Parameters saved.".to_owned());
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if state.validate_for_submit() {
            save.dispatch(merged(&stored(), state.changed_top_level()));
        }
    };
    let has_fields = !switchboard_schema::parse(&schema)
        .root()
        .properties
        .is_empty();
    view! {
        <section class="card" aria-labelledby="app-parameters">
            <h2 id="app-parameters">"Connector parameters"</h2>
            {move || (!missing.read().is_empty()).then(|| view! {
                <div class="notice warning">
                    <p><span aria-hidden="true">"⚠ "</span>"Missing required parameters: "
                        <strong>{missing.read().join(", ")}</strong>
                        ". Connections may fail until they are set."</p>
                </div>
            })}
            {if has_fields {
                view! {
                    <form class="form" on:submit=submit novalidate>
                        <SchemaForm state id_prefix="app-parameters"/>
                        {move || save.value().get().and_then(Result::err)
                            .filter(|e| form_error(e).0.is_empty())
                            .map(|error| view! { <ErrorPanel error/> })}
                        {(!archived).then(|| view! {
                            <div class="actions">
                                <ActionButton label="Save parameters" busy="Saving…" pending=save.pending()
                                    disabled=Signal::derive(move || !state.is_dirty().get())/>
                                <button type="button" class="button secondary"
                                    disabled=move || save.pending().get() || !state.is_dirty().get()
                                    on:click=move |_| state.reset(stored())>"Discard changes"</button>
                            </div>
                        })}
                    </form>
                }.into_any()
            } else {
                view! { <p class="muted">"This connector version has no parameters."</p> }.into_any()
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn missing_parameters_are_named_by_their_labels() {
        let schema = json!({"type": "object", "required": ["portalId", "region"], "properties": {
            "portalId": {"type": "string", "title": "Portal ID"}
        }});
        assert_eq!(
            missing_labels(&schema, &json!({"other": 1})),
            ["Portal ID", "region"]
        );
        assert!(missing_labels(&Value::Null, &json!({})).is_empty());
    }

    #[test]
    fn changes_apply_over_the_stored_parameters() {
        let stored = json!({"keep": 1, "change": "a", "clear": true});
        let mut changes = Map::new();
        changes.insert("change".into(), json!("b"));
        changes.insert("clear".into(), Value::Null);
        assert_eq!(merged(&stored, changes), json!({"keep": 1, "change": "b"}));
    }

    #[test]
    fn engine_errors_point_into_the_parameters() {
        let e = ApiError::from_response(
            400,
            r#"{"type":"bad_request","message":"parameters/pageSize: must be at most 500"}"#,
        );
        assert_eq!(
            form_error(&e),
            ("/pageSize".to_owned(), "must be at most 500".to_owned())
        );
        let e = ApiError::from_response(
            409,
            r#"{"type":"bad_request","message":"Conflict happened"}"#,
        );
        assert_eq!(form_error(&e).0, "");
    }
}
