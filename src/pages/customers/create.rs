//! The "New customer" dialog: name, internal id, and the fields the
//! workspace's field schema describes.

use super::details::identity_error_message;
use crate::api::{use_api, ApiError, FieldSchema, NewCustomer};
use crate::forms::{FormMode, FormState, SchemaForm};
use crate::ui::{app_href, use_toasts, ActionButton, Dialog, ErrorPanel, Loading};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use serde_json::Value;

#[component]
pub fn CreateCustomer(open: RwSignal<bool>) -> impl IntoView {
    let api = use_api();
    // The schema is read when the dialog opens, so an edit in Settings shows.
    let schema = crate::ui::read(move || {
        let opened = open.get();
        async move {
            if !opened {
                return Ok(None);
            }
            api.workspace()
                .get()
                .await
                .map(|w| Some(w.user_fields_schema))
        }
    });
    view! {
        <Dialog open title="New customer" class="wide">
            <Suspense fallback=|| view! { <Loading label="Loading the customer fields…"/> }>
                {move || Suspend::new(async move {
                    match schema.await {
                        Ok(Some(FieldSchema::Unreadable { reason })) => view! {
                            <div class="notice warning">
                                <p><strong>"The customer field schema could not be read: "</strong>{reason}</p>
                                <p>"The customer can be created with a name and internal id; fix the schema in "
                                    <a href=app_href("/settings/general")>"Settings › General"</a>
                                    " to set its fields."</p>
                            </div>
                            <CreateForm schema=Value::Null open/>
                        }.into_any(),
                        Ok(Some(schema)) => view! {
                            <CreateForm schema=schema.value().cloned().unwrap_or(Value::Null) open/>
                        }.into_any(),
                        Ok(None) => ().into_any(),
                        Err(error) => view! {
                            <ErrorPanel error retry=Callback::new(move |_| schema.refetch())/>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </Dialog>
    }
}

#[component]
fn CreateForm(schema: Value, open: RwSignal<bool>) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let navigate = use_navigate();
    // Create mode starts from the schema's defaults, as the engine would.
    let fields = FormState::new(&schema, Value::Null, FormMode::Create);
    let name = RwSignal::new(String::new());
    let internal_id = RwSignal::new(String::new());
    let name_error = RwSignal::new(None::<String>);
    let internal_id_error = RwSignal::new(None::<String>);
    let name_input = NodeRef::<leptos::html::Input>::new();

    let create = crate::ui::write(move |customer: &NewCustomer| {
        let customer = customer.clone();
        async move {
            let created = api.customers().create(&customer).await;
            if let Err(error) = &created {
                place_error(error, name_error, internal_id_error, fields);
            }
            created
        }
    });
    // Navigation runs from an effect once the action has finished: called
    // inside the action's future, it crashed the console (wasm `unreachable`).
    crate::ui::effect(move |_| {
        if let Some(Ok(customer)) = create.value().get() {
            toasts.show(format!("Customer {} created", customer.display_name()));
            open.set(false);
            navigate(
                &format!("/customers/{}", crate::api::encode(&customer.id)),
                Default::default(),
            );
        }
    });
    crate::ui::effect(move |_| fields.set_disabled(create.pending().get()));

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let trimmed = name.get_untracked().trim().to_owned();
        name_error.set(
            trimmed
                .is_empty()
                .then(|| "Enter the customer's name".to_owned()),
        );
        internal_id_error.set(None);
        let fields_ok = fields.validate_for_submit();
        if trimmed.is_empty() {
            // The name comes first on the form, so it takes focus over the
            // fields form's first invalid input (which focuses on the next frame).
            request_animation_frame(move || {
                if let Some(input) = name_input.get_untracked() {
                    let _ = input.focus();
                }
            });
            return;
        }
        if !fields_ok {
            return;
        }
        let internal = internal_id.get_untracked().trim().to_owned();
        let new = NewCustomer {
            name: trimmed,
            internal_id: (!internal.is_empty()).then_some(internal),
            fields: match fields.value() {
                Value::Object(map) => map,
                _ => Default::default(),
            },
            is_test: false,
        };
        create.dispatch(new);
    };
    let general_error = move || {
        create
            .value()
            .get()
            .and_then(Result::err)
            .filter(|e| !names_an_input(e))
    };

    view! {
        <form class="form" on:submit=submit novalidate>
            <div class="field">
                <label for="new-customer-name">"Name " <span class="required">"(required)"</span></label>
                <input id="new-customer-name" node_ref=name_input autofocus bind:value=name
                    aria-invalid=move || name_error.get().map(|_| "true")
                    aria-describedby="new-customer-name-error"/>
                <p id="new-customer-name-error" class="field-error">{move || name_error.get()}</p>
            </div>
            <div class="field">
                <label for="new-customer-internal-id">"Internal id"</label>
                <input id="new-customer-internal-id" bind:value=internal_id spellcheck="false"
                    aria-invalid=move || internal_id_error.get().map(|_| "true")
                    aria-describedby="new-customer-internal-id-help new-customer-internal-id-error"/>
                <p id="new-customer-internal-id-help" class="hint">"Your product's id for this customer. Must be unique."</p>
                <p id="new-customer-internal-id-error" class="field-error">{move || internal_id_error.get()}</p>
            </div>
            <h3 class="form-section">"Fields"</h3>
            <SchemaForm state=fields id_prefix="new-customer-fields"/>
            {move || general_error().map(|error| view! { <ErrorPanel error/> })}
            <div class="actions">
                <ActionButton label="Create customer" busy="Creating…" pending=create.pending()/>
                <button type="button" class="button secondary" on:click=move |_| open.set(false)>"Cancel"</button>
            </div>
        </form>
    }
}

/// Whether the engine's error names an input of this form.
fn names_an_input(error: &ApiError) -> bool {
    error
        .field()
        .is_some_and(|f| f == "/name" || f == "/internalId" || f.starts_with("/fields/"))
}

/// Puts an engine error on the input it names: name, internal id, or a
/// custom field.
fn place_error(
    error: &ApiError,
    name_error: RwSignal<Option<String>>,
    internal_id_error: RwSignal<Option<String>>,
    fields: FormState,
) {
    match error.field().as_deref() {
        Some("/name") => name_error.set(Some(error.field_message())),
        Some("/internalId") => internal_id_error.set(Some(identity_error_message(error))),
        Some(field) if field.starts_with("/fields/") => {
            let pointer = field.trim_start_matches("/fields").to_owned();
            fields.set_server_errors(vec![(pointer, error.field_message())]);
        }
        _ => {}
    }
}
