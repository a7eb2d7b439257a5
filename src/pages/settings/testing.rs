//! Settings › Testing: the test customer the console uses when configuring
//! and running integrations, its details and fields, and an access token
//! for calling the engine as that customer from test code.

use super::SettingsNav;
use crate::api::{
    split, use_api, AccessToken, Api, ApiError, Customer, CustomerQuery, NewCustomer, TestFilter,
    Unreadable, Workspace,
};
use crate::forms::SchemaForm;
use crate::pages::customers::{
    identity_form, place_identity_error, trimmed_identity, unplaced_error, EditDetails, FieldsPart,
};
use crate::ui::{
    error_fallback, record_href, use_page_title, use_toasts, ActionButton, CopyButton, ErrorPanel,
    Loading, UnreadableNote,
};
use leptos::prelude::*;

#[component]
pub fn TestingSettings() -> impl IntoView {
    use_page_title(|| "Testing settings".to_owned());
    let api = use_api();
    let test_customers = crate::ui::read(move || {
        let query = CustomerQuery {
            test: TestFilter::Only,
            ..Default::default()
        };
        async move { api.customers().list(&query).await }
    });
    // Requested with the test customers, for the fields form.
    let workspace = crate::ui::read(move || api.workspace().get());
    let reload = Callback::new(move |_| test_customers.refetch());
    view! {
        <section class="page">
            <SettingsNav/>
            <h1>"Testing"</h1>
            <p class="lead">
                "When you configure or run integrations in this console, the test customer is used: "
                "a customer marked as test, which the engine's documentation calls the test user or test tenant."
            </p>
            <Suspense fallback=|| view! { <Loading label="Loading the test customer…"/> }>
                <ErrorBoundary fallback=error_fallback(move || test_customers.refetch())>
                    {move || Suspend::new(async move {
                        test_customers.await.map(|page| {
                            let (customers, unreadable) = split(page.items);
                            view! {
                                <UnreadableTestCustomers unreadable/>
                                {if customers.is_empty() {
                                    view! { <NoTestCustomer api created=reload/> }.into_any()
                                } else {
                                    view! { <TestCustomers api customers workspace/> }.into_any()
                                }}
                            }
                        })
                    })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}

/// Which test customer this device uses, kept per engine: another engine
/// has other customers.
fn choice_key(api: Api) -> String {
    format!(
        "switchboard.testCustomer:{}",
        api.config_untracked().api_url().unwrap_or_default()
    )
}

fn remembered_choice(api: Api) -> Option<String> {
    window()
        .local_storage()
        .ok()??
        .get_item(&choice_key(api))
        .ok()?
}

fn remember_choice(api: Api, id: &str) {
    if let Ok(Some(storage)) = window().local_storage() {
        let _ = storage.set_item(&choice_key(api), id);
    }
}

#[component]
fn UnreadableTestCustomers(unreadable: Vec<Unreadable>) -> impl IntoView {
    (!unreadable.is_empty()).then(|| {
        view! {
            <div class="notice warning">
                <ul class="plain">
                    {unreadable.into_iter().map(|item| view! {
                        <li><UnreadableNote what="test customer" item/></li>
                    }).collect_view()}
                </ul>
            </div>
        }
    })
}

/// The test customer in use, and a choice between them when several are
/// marked as test.
#[component]
fn TestCustomers(
    api: Api,
    customers: Vec<Customer>,
    workspace: LocalResource<Result<Workspace, ApiError>>,
) -> impl IntoView {
    let remembered = remembered_choice(api).filter(|id| customers.iter().any(|c| &c.id == id));
    let chosen = RwSignal::new(remembered.unwrap_or_else(|| customers[0].id.clone()));
    // Edits are written back here, so that picking a customer again shows it as saved.
    let known = StoredValue::new(customers.clone());
    let picker = (customers.len() > 1).then(|| {
        let customers = customers.clone();
        view! { <TestCustomerPicker api customers chosen/> }
    });
    view! {
        {picker}
        {move || {
            let id = chosen.get();
            known.with_value(|all| all.iter().find(|c| c.id == id).cloned()).map(|customer| view! {
                <TestCustomer customer workspace known/>
            })
        }}
    }
}

#[component]
fn TestCustomerPicker(
    api: Api,
    customers: Vec<Customer>,
    chosen: RwSignal<String>,
) -> impl IntoView {
    let count = customers.len();
    view! {
        <div class="notice info" role="note">
            <p>
                <strong>{format!("{count} customers are marked as test.")}</strong>
                " Pick the one this console uses; the choice is remembered on this device."
            </p>
            <div class="field">
                <label for="test-customer-choice">"Test customer used by this console"</label>
                <select id="test-customer-choice" prop:value=move || chosen.get()
                    on:change=move |ev| {
                        let id = event_target_value(&ev);
                        remember_choice(api, &id);
                        chosen.set(id);
                    }>
                    {customers.into_iter().map(|c| {
                        let label = match c.internal_id.as_deref() {
                            Some(internal) if internal != c.display_name() => format!("{} ({internal})", c.display_name()),
                            _ => c.display_name().to_owned(),
                        };
                        view! { <option value=c.id.clone() selected=c.id == chosen.get_untracked()>{label}</option> }
                    }).collect_view()}
                </select>
            </div>
        </div>
    }
}

#[component]
fn TestCustomer(
    customer: Customer,
    workspace: LocalResource<Result<Workspace, ApiError>>,
    known: StoredValue<Vec<Customer>>,
) -> impl IntoView {
    let customer = RwSignal::new(customer);
    crate::ui::effect(move |_| {
        let saved = customer.get();
        known.update_value(|all| {
            if let Some(slot) = all.iter_mut().find(|c| c.id == saved.id) {
                *slot = saved;
            }
        });
    });
    // The card below is for this customer alone; it is rebuilt, and any
    // token shown dropped, only when another customer is picked.
    let id = customer.read_untracked().id.clone();
    let page = record_href("/customers", &id);
    view! {
        <section class="card" aria-labelledby="test-customer-title">
            <div class="card-head">
                <h2 id="test-customer-title">"Test customer"</h2>
                <EditDetails customer/>
            </div>
            <dl class="facts">
                <dt>"Name"</dt>
                <dd>{move || customer.read().display_name().to_owned()}</dd>
                <dt>"Internal id"</dt>
                <dd class="mono">{move || customer.read().internal_id.clone().unwrap_or_else(|| "—".to_owned())}</dd>
                <dt>"Engine id"</dt>
                <dd class="mono">{id.clone()} <CopyButton value=id.clone() label="Copy engine id"/></dd>
            </dl>
            <p><a href=page>"Open the customer page"</a></p>
        </section>
        <FieldsPart customer workspace/>
        <AccessTokenCard customer_id=id/>
    }
}

/// The test customer's access token, minted on request. It lives only in
/// this card: never stored, never in a URL, gone when the page is left.
#[component]
fn AccessTokenCard(customer_id: String) -> impl IntoView {
    let api = use_api();
    let mint = crate::ui::write(move |_: &()| {
        let customer_id = customer_id.clone();
        async move {
            let workspace = api.workspace().get().await?;
            api.access_tokens()
                .for_customer(&workspace.id, &customer_id)
                .await
        }
    });
    let show_button = move || {
        view! {
            <div class="actions">
                <ActionButton label="Show token" busy="Getting a token…" pending=mint.pending()
                    press=Callback::new(move |_| { mint.dispatch(()); })/>
            </div>
        }
    };
    view! {
        <section class="card" aria-labelledby="access-token-title">
            <h2 id="access-token-title">"Access token"</h2>
            <p>
                "Test code uses this token to call the engine as the test customer. "
                "It grants that customer's access to its connections and integrations, so keep it out of shared places."
            </p>
            {move || match mint.value().get() {
                Some(Ok(token)) => view! {
                    <TokenBox token hide=Callback::new(move |_| mint.value().set(None))/>
                }.into_any(),
                Some(Err(error)) if !mint.pending().get() => view! {
                    <ErrorPanel error retry=Callback::new(move |_| { mint.dispatch(()); })/>
                    {show_button()}
                }.into_any(),
                _ => show_button().into_any(),
            }}
        </section>
    }
}

#[component]
fn TokenBox(token: AccessToken, hide: Callback<()>) -> impl IntoView {
    // The button pressed is gone; the token it brought takes focus.
    let token_box = NodeRef::<leptos::html::Textarea>::new();
    crate::ui::effect(move |_| {
        if let Some(el) = token_box.get() {
            request_animation_frame(move || {
                let _ = el.focus();
            });
        }
    });
    let expiry = match token.expires_at_ms() {
        Some(ms) => {
            let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
            let at = date
                .to_locale_time_string("en-GB")
                .as_string()
                .unwrap_or_default();
            let from_now = crate::ui::relative(ms, js_sys::Date::now() as i64);
            format!("Expires at {at} ({from_now}). Show a new one when it has expired.")
        }
        None => "The token does not say when it expires.".to_owned(),
    };
    view! {
        <div class="field">
            <label for="access-token-value">"Token for the test customer"</label>
            <textarea id="access-token-value" node_ref=token_box class="code token" rows="4" readonly spellcheck="false"
                aria-describedby="access-token-expiry" prop:value=token.token.clone()></textarea>
            <p id="access-token-expiry" class="hint">{expiry}</p>
        </div>
        <div class="actions">
            <CopyButton value=token.token label="Copy access token" text="Copy"/>
            <button type="button" class="button secondary" on:click=move |_| hide.run(())>"Hide token"</button>
        </div>
    }
}

/// No customer is marked as test: create one, named and with the internal
/// id the person types.
#[component]
fn NoTestCustomer(api: Api, created: Callback<()>) -> impl IntoView {
    let toasts = use_toasts();
    let form = identity_form(None);
    let create = crate::ui::write(move |customer: &NewCustomer| {
        let customer = customer.clone();
        async move {
            let result = api.customers().create(&customer).await;
            match &result {
                Ok(customer) => {
                    remember_choice(api, &customer.id);
                    toasts.show(format!("Test customer {} created", customer.display_name()));
                }
                Err(error) => place_identity_error(error, form),
            }
            result
        }
    });
    crate::ui::effect(move |_| form.set_disabled(create.pending().get()));
    // Reloading the list replaces this card, action and all, so it runs from
    // an effect, which is gone with the page if the person left meanwhile.
    crate::ui::effect(move |_| {
        if matches!(create.value().get(), Some(Ok(_))) {
            created.run(());
        }
    });
    let submit_new = move || {
        if !form.validate_for_submit() {
            return;
        }
        let serde_json::Value::Object(values) = form.value() else {
            return;
        };
        if let Some((Some(name), internal_id)) = trimmed_identity(form, &values) {
            create.dispatch(NewCustomer {
                name,
                internal_id,
                is_test: true,
                ..Default::default()
            });
        }
    };
    view! {
        <section class="card" aria-labelledby="no-test-customer-title">
            <h2 id="no-test-customer-title">"No test customer yet"</h2>
            <p>
                "No customer is marked as test. Create one to configure and run integrations with: "
                "give it a name and the internal id your product would use for it."
            </p>
            <form class="form" novalidate on:submit=move |ev| { ev.prevent_default(); submit_new(); }>
                <SchemaForm state=form id_prefix="new-test-customer" without_json_view=true/>
                {move || unplaced_error(create.value().get()).filter(|_| !create.pending().get()).map(|error| view! {
                    <ErrorPanel error retry=Callback::new(move |_| submit_new())/>
                })}
                <div class="actions">
                    <ActionButton label="Create test customer" busy="Creating…" pending=create.pending()/>
                </div>
            </form>
        </section>
    }
}
