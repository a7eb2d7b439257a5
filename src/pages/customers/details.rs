//! A customer's name and internal id: the "Edit details" dialog of the
//! customer page and of Settings › Testing, and the same two inputs for a new
//! test customer. They are a small schema-driven form, so they validate,
//! show errors and keep input as every other form does.

use crate::api::{use_api, ApiError, Customer, CustomerChanges};
use crate::forms::{FormMode, FormState, SchemaForm};
use crate::ui::{use_toasts, ActionButton, Dialog, ErrorPanel};
use leptos::prelude::*;
use serde_json::{json, Map, Value};

fn identity_schema() -> Value {
    json!({
        "type": "object",
        "properties": {
            // No maxLength: it would make them multi-line; the engine's limit
            // comes back as an error on the input.
            "name": { "type": "string", "title": "Name" },
            "internalId": {
                "type": "string",
                "title": "Internal id",
                "description": "Your product's id for this customer. Must be unique."
            }
        },
        "required": ["name", "internalId"]
    })
}

/// The name and internal id inputs, starting from `customer` (a new one
/// when `None`).
pub(crate) fn identity_form(customer: Option<&Customer>) -> FormState {
    match customer {
        Some(c) => FormState::new(
            &identity_schema(),
            json!({ "name": c.name, "internalId": c.internal_id.clone().unwrap_or_default() }),
            FormMode::Edit,
        ),
        None => FormState::new(&identity_schema(), Value::Null, FormMode::Create),
    }
}

/// The trimmed name and internal id in `values`, or `None` (with the errors
/// shown) when a required one is only spaces, which the schema lets through.
pub(crate) fn trimmed_identity(
    form: FormState,
    values: &Map<String, Value>,
) -> Option<(Option<String>, Option<String>)> {
    let text = |key: &str| {
        values
            .get(key)
            .and_then(Value::as_str)
            .map(|s| s.trim().to_owned())
    };
    let (name, internal_id) = (text("name"), text("internalId"));
    let blank: Vec<(String, String)> = [("/name", &name), ("/internalId", &internal_id)]
        .into_iter()
        .filter(|(_, value)| value.as_deref() == Some(""))
        .map(|(pointer, _)| (pointer.to_owned(), "This field is required".to_owned()))
        .collect();
    if blank.is_empty() {
        Some((name, internal_id))
    } else {
        form.set_server_errors(blank);
        None
    }
}

/// Whether an engine error is about the name or the internal id, and so
/// shown on its input rather than in a panel.
fn names_identity_input(error: &ApiError) -> bool {
    error
        .field()
        .is_some_and(|f| f == "/name" || f == "/internalId")
}

/// The error of a write of the name and internal id that no input shows:
/// the one for a panel with Retry.
pub(crate) fn unplaced_error<T>(outcome: Option<Result<T, ApiError>>) -> Option<ApiError> {
    outcome
        .and_then(Result::err)
        .filter(|e| !names_identity_input(e))
}

/// What to say on the name or internal id input about an engine error that
/// names it: a taken internal id in words, anything else as the engine put it.
pub(crate) fn identity_error_message(error: &ApiError) -> String {
    match error.status() {
        Some(409) => "Another customer already has this internal id".to_owned(),
        _ => error.field_message(),
    }
}

/// Puts an engine error on the name or internal id input when it names one.
pub(crate) fn place_identity_error(error: &ApiError, form: FormState) {
    let Some(pointer) = error.field().filter(|_| names_identity_input(error)) else {
        return;
    };
    form.set_server_errors(vec![(pointer, identity_error_message(error))]);
}

/// "Edit details…" and its dialog; hidden while the customer is archived,
/// since the engine refuses changes to it then.
#[component]
pub fn EditDetails(customer: RwSignal<Customer>) -> impl IntoView {
    let open = RwSignal::new(false);
    let title = Signal::derive(move || format!("Edit {}", customer.read().display_name()));
    view! {
        <Show when=move || !customer.read().is_archived()>
            <button type="button" class="button secondary" on:click=move |_| open.set(true)>
                "Edit details…"
            </button>
        </Show>
        <Dialog open title>
            <DetailsForm customer open/>
        </Dialog>
    }
}

#[component]
fn DetailsForm(customer: RwSignal<Customer>, open: RwSignal<bool>) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let form = identity_form(Some(&customer.get_untracked()));
    let save = crate::ui::write(move |changes: &CustomerChanges| {
        let changes = changes.clone();
        let id = customer.get_untracked().id;
        async move {
            let saved = api.customers().update(&id, &changes).await;
            match &saved {
                Ok(updated) => {
                    toasts.show(format!("{} saved", updated.display_name()));
                    customer.set(updated.clone());
                    open.set(false);
                }
                Err(error) => place_identity_error(error, form),
            }
            saved
        }
    });
    crate::ui::effect(move |_| form.set_disabled(save.pending().get()));
    let submit_changes = move || {
        if !form.validate_for_submit() {
            return;
        }
        let changed = form.changed_top_level();
        if changed.is_empty() {
            open.set(false);
            return;
        }
        if let Some((name, internal_id)) = trimmed_identity(form, &changed) {
            save.dispatch(CustomerChanges {
                name,
                internal_id,
                fields: None,
            });
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submit_changes();
    };
    view! {
        <form class="form" on:submit=submit novalidate>
            <SchemaForm state=form id_prefix="customer-details" without_json_view=true/>
            {move || unplaced_error(save.value().get()).filter(|_| !save.pending().get()).map(|error| view! {
                <ErrorPanel error retry=Callback::new(move |_| submit_changes())/>
            })}
            <div class="actions">
                <ActionButton label="Save" busy="Saving…" pending=save.pending()/>
                <button type="button" class="button secondary" disabled=move || save.pending().get()
                    on:click=move |_| open.set(false)>"Cancel"</button>
            </div>
        </form>
    }
}
