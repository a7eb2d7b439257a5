//! A new customer-level flow: built for one customer on one of its
//! connections, starting from a trigger; its steps are added on its page.

use super::picker::matching;
use crate::api::{use_api, Connection, ConnectionQuery, ConnectionStatus, InstanceKind, NewFlow};
use crate::flow::{node_type, FlowGraph};
use crate::forms::{remount, FormMode, FormState, SchemaForm};
use crate::ui::{
    parse_json_input, part_view, use_toasts, ActionButton, Dialog, ErrorPanel, JsonInput, Loading,
};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use serde_json::{Map, Value};

/// "New flow", and its dialog.
#[component]
pub fn NewFlowButton(customer_id: String) -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <button type="button" class="button" on:click=move |_| open.set(true)>"New flow"</button>
        <Dialog open title="New flow" class="wide">
            <NewFlowForm customer_id=customer_id.clone() open/>
        </Dialog>
    }
}

/// Why a connection cannot hold a new flow, or `None` when it can.
fn unusable(connection: &Connection) -> Option<String> {
    match connection.status() {
        ConnectionStatus::Connected => None,
        status => Some(format!(
            "{}: reconnect it on the Connections section first",
            status.label()
        )),
    }
}

#[component]
fn NewFlowForm(customer_id: String, open: RwSignal<bool>) -> impl IntoView {
    let api = use_api();
    let query = ConnectionQuery {
        customer_id: Some(customer_id.clone()),
        include_disconnected: true,
        ..Default::default()
    };
    let connections = crate::ui::read(move || {
        let query = query.clone();
        async move { api.connections().list(&query).await }
    });
    view! {
        <Suspense fallback=|| view! { <Loading label="Loading the customer's connections…"/> }>
            {move || {
                let customer_id = customer_id.clone();
                Suspend::new(async move {
                let result = connections.await;
                part_view(result, move || connections.refetch(), {
                    move |page| {
                        // An unreadable connection cannot be chosen anyway.
                        let (connections, _) = crate::api::split(page.items);
                        view! { <NewFlowFields customer_id connections open/> }.into_any()
                    }
                })
            })}}
        </Suspense>
    }
}

#[component]
fn NewFlowFields(
    customer_id: String,
    connections: Vec<Connection>,
    open: RwSignal<bool>,
) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let navigate = use_navigate();
    if !connections.iter().any(|c| unusable(c).is_none()) {
        return view! {
            <p>"A flow runs on one of the customer's connections, and this customer has no working connection yet."</p>
            <p class="hint">"Connect the customer to an app on the Connections section, then come back."</p>
            <div class="actions">
                <button type="button" class="button secondary" on:click=move |_| open.set(false)>"Close"</button>
            </div>
        }
        .into_any();
    }
    let usable: Vec<(String, Option<String>)> = connections
        .iter()
        .filter(|c| unusable(c).is_none())
        .map(|c| (c.id.clone(), c.app_id()))
        .collect();
    let connection = RwSignal::new(usable.first().map(|(id, _)| id.clone()));
    let name = RwSignal::new(String::new());
    let name_error = RwSignal::new(None::<String>);
    let trigger = RwSignal::new("api-trigger".to_owned());
    let trigger_form = RwSignal::new(None::<FormState>);
    let input_schema = RwSignal::new(String::new());
    let name_input = NodeRef::<leptos::html::Input>::new();

    let create = crate::ui::write(move |flow: &NewFlow| {
        let flow = flow.clone();
        async move { api.instances().create_flow(&flow).await }
    });
    // Navigation runs from an effect once the action has finished (see
    // `src/pages/customers/create.rs`).
    let customer = customer_id.clone();
    crate::ui::effect(move |_| {
        if let Some(Ok(flow)) = create.value().get() {
            toasts.show(format!("Flow {} created", flow.display_name()));
            open.set(false);
            // The router adds the base path itself.
            let path = format!(
                "/customers/{}/{}/{}",
                crate::api::encode(&customer),
                InstanceKind::Flow.section(),
                crate::api::encode(&flow.id)
            );
            navigate(&path, Default::default());
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let trimmed = name.get_untracked().trim().to_owned();
        name_error.set(trimmed.is_empty().then(|| "Name the flow".to_owned()));
        let settings_ok = trigger_form
            .get_untracked()
            .is_none_or(|f| f.validate_for_submit());
        let schema = parse_json_input(&input_schema.get_untracked());
        if trimmed.is_empty() {
            request_animation_frame(move || {
                if let Some(input) = name_input.get_untracked() {
                    let _ = input.focus();
                }
            });
            return;
        }
        let (Some(connection_id), true, Ok(schema)) =
            (connection.get_untracked(), settings_ok, schema)
        else {
            return;
        };
        let trigger_type = trigger.get_untracked();
        let mut graph = FlowGraph::default();
        let key = graph.add_after(None, &trigger_type);
        if let Some(node) = graph.node_mut(&key) {
            if let Some(Value::Object(config)) = trigger_form.get_untracked().map(|f| f.value()) {
                node.config = config;
            }
            if let Some(schema) = schema.filter(|_| trigger_type == "api-trigger") {
                node.rest.insert("inputSchema".into(), schema);
            }
        }
        let integration_id = usable
            .iter()
            .find(|(id, _)| *id == connection_id)
            .and_then(|(_, app)| app.clone());
        create.dispatch(NewFlow {
            name: trimmed,
            connection_id,
            integration_id,
            enabled: true,
            nodes: graph.to_nodes(),
        });
    };
    view! {
        <form class="form" novalidate on:submit=submit>
            <div class="field">
                <label for="new-flow-connection">"Connection"</label>
                <select id="new-flow-connection" aria-describedby="new-flow-connection-hint"
                    on:change:target=move |ev| connection.set(Some(ev.target().value()))>
                    {connections.iter().map(|c| {
                        let why = unusable(c);
                        let name = if c.display_name() == c.app_name() {
                            c.app_name().to_owned()
                        } else {
                            format!("{} ({})", c.display_name(), c.app_name())
                        };
                        let label = match &why {
                            Some(why) => format!("{name} — {why}"),
                            None => name,
                        };
                        let selected = connection.get_untracked().as_deref() == Some(c.id.as_str());
                        view! { <option value=c.id.clone() disabled=why.is_some() selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
                <p class="hint" id="new-flow-connection-hint">"The flow runs on this connection. Only connected ones can be chosen."</p>
            </div>
            <div class="field" class:invalid=move || name_error.with(Option::is_some)>
                <label for="new-flow-name">"Name " <span class="required">"(required)"</span></label>
                <input id="new-flow-name" node_ref=name_input autofocus bind:value=name maxlength="255"
                    aria-invalid=move || name_error.with(Option::is_some).to_string()
                    aria-describedby="new-flow-name-error"/>
                <p class="field-error" id="new-flow-name-error" role="alert">{move || name_error.get()}</p>
            </div>
            <div class="field">
                <label for="new-flow-trigger">"Trigger"</label>
                <select id="new-flow-trigger" aria-describedby="new-flow-trigger-hint"
                    on:change:target=move |ev| trigger.set(ev.target().value())>
                    {matching("", true).into_iter().map(|t| {
                        let selected = t.key == trigger.get_untracked();
                        view! { <option value=t.key.clone() selected=selected>{t.title.clone()}</option> }
                    }).collect_view()}
                </select>
                <p class="hint" id="new-flow-trigger-hint">
                    {move || node_type(&trigger.get()).map(|t| t.description.clone())}
                </p>
            </div>
            {remount(move || trigger.get(), move |trigger_type| {
                let schema = node_type(&trigger_type).map(|t| t.config.clone()).unwrap_or(Value::Null);
                let has_fields = schema.get("properties").and_then(Value::as_object).is_some_and(|p| !p.is_empty());
                let form = FormState::new(&schema, Value::Object(Map::new()), FormMode::Create);
                trigger_form.set(has_fields.then_some(form));
                view! {
                    {has_fields.then(|| view! {
                        <fieldset class="run-input">
                            <legend>"Trigger settings"</legend>
                            <SchemaForm state=form id_prefix="new-flow-trigger" without_json_view=true/>
                        </fieldset>
                    })}
                    {(trigger_type == "api-trigger").then(|| view! {
                        <JsonInput id="new-flow-input-schema" label="Input schema (JSON, optional)" text=input_schema
                            hint="A DataSchema of what a run takes as input; a test run's form is built from it."/>
                    })}
                }.into_any()
            })}
            <p class="hint">"Creating the flow opens its page, where you add its steps."</p>
            {move || create.value().get().and_then(Result::err).filter(|_| !create.pending().get())
                .map(|error| view! { <ErrorPanel error/> })}
            <div class="actions">
                <ActionButton label="Create flow" busy="Creating…" pending=create.pending()/>
                <button type="button" class="button secondary" on:click=move |_| open.set(false)>"Cancel"</button>
            </div>
        </form>
    }
    .into_any()
}
