//! The connect dialog: choose an app, choose how to connect, fill in the
//! option's inputs, then run the engine's connect flow and show the result.
//!
//! [`ConnectFlow`] holds who is connecting and what to do at the end, so each
//! step takes it whole; [`Attempt`] holds the chosen option, its form and
//! where the attempt stands, so the form's parts take that.

use super::flow::{self, ConnectRun, FlowEnd};
use super::{ConnLogo, RedirectMode, StatusBadge};
use crate::api::{
    non_secret_inputs, split, use_api, Api, ApiError, AuthOption, ConnectOutcome, ConnectRequest,
    Connection, ConnectionError, ConnectionQuery, Integration, IntegrationQuery, Item,
};
use crate::forms::{FormMode, FormState, SchemaForm};
use crate::ui::{
    app_href, part_view, record_href, Dialog, ErrorPanel, ErrorReport, Loading, UnreadableNote,
};
use leptos::ev::{KeyboardEvent, SubmitEvent};
use leptos::prelude::*;
use serde_json::Value;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// What a reconnect keeps: the connection, its app and how it connected.
#[derive(Clone, Debug, PartialEq)]
pub struct Reconnect {
    pub connection_id: String,
    pub app_id: String,
    pub app_name: String,
    pub auth_option_key: Option<String>,
}

/// The app being connected to.
#[derive(Clone, Debug, PartialEq)]
struct AppChoice {
    id: String,
    name: String,
    logo: Option<String>,
}

impl From<&Integration> for AppChoice {
    fn from(app: &Integration) -> Self {
        AppChoice {
            id: app.id.clone(),
            name: app.display_name().to_owned(),
            logo: app.logo_uri.clone(),
        }
    }
}

/// One dialog's flow: the customer, the connection being reconnected, and
/// what to do when it ends.
#[derive(Clone, Copy)]
struct ConnectFlow {
    customer_id: StoredValue<String>,
    customer_name: StoredValue<String>,
    reconnect: StoredValue<Option<Reconnect>>,
    on_connected: Callback<Connection>,
    close: Callback<()>,
}

impl ConnectFlow {
    fn reconnect_id(self) -> Option<String> {
        self.reconnect
            .with_value(|r| r.as_ref().map(|r| r.connection_id.clone()))
    }
}

/// Connects `customer_id` to an app, or reconnects a connection. Calls
/// `on_connected` with the new connection when the engine reports success.
#[component]
pub fn ConnectDialog(
    open: RwSignal<bool>,
    customer_id: String,
    customer_name: String,
    #[prop(optional)] reconnect: Option<Reconnect>,
    on_connected: Callback<Connection>,
) -> impl IntoView {
    let title = match &reconnect {
        Some(r) => format!("Reconnect {} for {customer_name}", r.app_name),
        None => format!("Connect {customer_name} to an app"),
    };
    let flow = ConnectFlow {
        customer_id: StoredValue::new(customer_id),
        customer_name: StoredValue::new(customer_name),
        reconnect: StoredValue::new(reconnect),
        on_connected,
        close: Callback::new(move |_| open.set(false)),
    };
    view! {
        <Dialog open title class="wide">
            <ConnectSteps flow/>
        </Dialog>
    }
}

#[component]
fn ConnectSteps(flow: ConnectFlow) -> impl IntoView {
    let reconnect = flow.reconnect.get_value();
    let fixed = reconnect.is_some();
    // Created with the dialog's content, so each opening starts afresh.
    let app = RwSignal::new(reconnect.map(|r| AppChoice {
        id: r.app_id,
        name: r.app_name,
        logo: None,
    }));
    move || match app.get() {
        None => view! { <AppPicker on_pick=Callback::new(move |a| app.set(Some(a)))/> }.into_any(),
        Some(choice) => view! {
            {(!fixed).then(|| view! {
                <p class="conn-chosen">
                    <ConnLogo src=choice.logo.clone()/> <strong>{choice.name.clone()}</strong>
                    <button type="button" class="button secondary" on:click=move |_| app.set(None)>
                        "Choose another app"
                    </button>
                </p>
            })}
            <OptionStep app=choice flow/>
        }
        .into_any(),
    }
}

/// A searchable grid of the workspace's apps; arrow keys move between them.
#[component]
fn AppPicker(on_pick: Callback<AppChoice>) -> impl IntoView {
    let api = use_api();
    let apps = crate::ui::read(move || async move {
        api.integrations().list(&IntegrationQuery::default()).await
    });
    let search = RwSignal::new(String::new());
    let search_input = NodeRef::<leptos::html::Input>::new();
    // Coming back from "Choose another app", the tile that had focus is gone.
    // By the next frame a person (or a slow machine's queued keystrokes) may
    // already be on a tile: then focus stays there.
    crate::ui::effect(move |_| {
        if let Some(input) = search_input.get() {
            request_animation_frame(move || {
                let on_tile = document()
                    .active_element()
                    .is_some_and(|el| el.matches(".conn-app-tile").unwrap_or(false));
                if !on_tile {
                    let _ = input.focus();
                }
            });
        }
    });
    view! {
        <div class="field">
            <label for="conn-app-search">"Find an app"</label>
            <input id="conn-app-search" type="search" autofocus=true placeholder="Name or key"
                aria-controls="conn-app-grid" bind:value=search node_ref=search_input/>
        </div>
        <Transition fallback=|| view! { <Loading label="Loading apps…"/> }>
            {move || Suspend::new(async move {
                part_view(apps.await, move || apps.refetch(), |page| {
                    view! { <AppGrid apps=page.items search on_pick/> }.into_any()
                })
            })}
        </Transition>
    }
}

#[component]
fn AppGrid(
    apps: Vec<Item<Integration>>,
    search: RwSignal<String>,
    on_pick: Callback<AppChoice>,
) -> impl IntoView {
    let apps = StoredValue::new(apps);
    let shown = move || {
        let needle = search.get().trim().to_lowercase();
        apps.with_value(|apps| {
            // What an unreadable app is cannot be told: it is shown
            // until a search narrows the list.
            apps.iter()
                .filter(|item| {
                    needle.is_empty()
                        || item.read().is_some_and(|a| {
                            a.display_name().to_lowercase().contains(&needle)
                                || a.reference().to_lowercase().contains(&needle)
                        })
                })
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let count = move || match shown().len() {
        0 => "No apps match.".to_owned(),
        1 => "1 app".to_owned(),
        n => format!("{n} apps"),
    };
    view! {
        <p class="result-count" role="status" aria-live="polite">{count}</p>
        <ul id="conn-app-grid" class="conn-app-grid" aria-label="Apps" on:keydown=move_between_apps>
            {move || shown().into_iter().map(|item| {
                let app = match item {
                    Item::Read(app) => app,
                    Item::Unreadable(item) => return view! {
                        <li><UnreadableNote what="app" item/></li>
                    }.into_any(),
                };
                let choice = AppChoice::from(&app);
                let unavailable = app.is_deactivated.then_some("Deactivated: accepts no new connections");
                view! {
                    <li>
                        <button type="button" class="conn-app-tile" disabled=unavailable.is_some()
                            on:click=move |_| on_pick.run(choice.clone())>
                            <ConnLogo src=app.logo_uri.clone()/>
                            <span>{app.display_name().to_owned()}</span>
                            {unavailable.map(|why| view! { <span class="hint">{why}</span> })}
                        </button>
                    </li>
                }.into_any()
            }).collect_view()}
        </ul>
    }
}

/// Arrow keys, Home and End move focus between the app tiles.
fn move_between_apps(ev: KeyboardEvent) {
    let Some(grid) = ev
        .current_target()
        .and_then(|t| t.dyn_into::<HtmlElement>().ok())
    else {
        return;
    };
    let Ok(list) = grid.query_selector_all("button:not([disabled])") else {
        return;
    };
    let tiles: Vec<HtmlElement> = (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .collect();
    let active = document().active_element();
    let Some(at) = tiles
        .iter()
        .position(|t| active.as_ref().is_some_and(|a| a.is_same_node(Some(t))))
    else {
        return;
    };
    let last = tiles.len().saturating_sub(1);
    let next = match ev.key().as_str() {
        "ArrowRight" | "ArrowDown" => (at + 1).min(last),
        "ArrowLeft" | "ArrowUp" => at.saturating_sub(1),
        "Home" => 0,
        "End" => last,
        _ => return,
    };
    ev.prevent_default();
    if let Some(tile) = tiles.get(next) {
        let _ = tile.focus();
    }
}

/// Loads the app's auth options (and, to reconnect, the inputs to fill in
/// again), then shows the form.
#[component]
fn OptionStep(app: AppChoice, flow: ConnectFlow) -> impl IntoView {
    let api = use_api();
    let app_id = app.id.clone();
    let options = crate::ui::read(move || {
        let (app, connection) = (app_id.clone(), flow.reconnect_id());
        async move {
            api.connect()
                .auth_options(&app, connection.as_deref())
                .await
        }
    });
    // Whether the customer already has a connection to this app: connecting
    // again would update it unless the person asks for another one.
    let app_id = app.id.clone();
    let existing = crate::ui::read(move || {
        let query = ConnectionQuery {
            customer_id: Some(flow.customer_id.get_value()),
            app_id: Some(app_id.clone()),
            ..Default::default()
        };
        let reconnecting = flow.reconnect_id().is_some();
        async move {
            if reconnecting {
                return false;
            }
            api.connections()
                .list(&query)
                .await
                .is_ok_and(|p| !p.items.is_empty())
        }
    });
    // Reconnecting fills in the inputs again, but never the secrets: they
    // are dropped here, before anything is shown.
    let prefill = crate::ui::read(move || {
        let id = flow.reconnect_id();
        async move {
            match id {
                Some(id) => api
                    .connections()
                    .get_with_credentials(&id)
                    .await
                    .ok()
                    .and_then(|c| c.credentials)
                    .map(|c| c.0),
                None => None,
            }
        }
    });
    let app = StoredValue::new(app);
    view! {
        <Suspense fallback=|| view! { <Loading label="Loading the ways to connect…"/> }>
            {move || Suspend::new(async move {
                let (existing, stored) = (existing.await, prefill.await);
                part_view(options.await, move || options.refetch(), |options| {
                    let (options, unreadable) = split(options);
                    view! {
                        {unreadable.into_iter().map(|item| view! {
                            <p class="notice"><UnreadableNote what="way to connect" item/></p>
                        }).collect_view()}
                        <ConnectForm options app=app.get_value() flow existing stored/>
                    }.into_any()
                })
            })}
        </Suspense>
    }
}

/// Where a connect attempt stands.
#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Idle,
    Waiting { popup: bool },
    Blocked,
    Failed(ConnectionError),
    Cancelled,
    TimedOut,
    Connected(Box<Connection>),
}

/// The option chosen, each option's form, and where the attempt stands.
/// `Copy`, like `FormState`: the form's parts take it whole.
#[derive(Clone, Copy)]
struct Attempt {
    api: Api,
    flow: ConnectFlow,
    app: StoredValue<AppChoice>,
    options: StoredValue<Vec<AuthOption>>,
    forms: StoredValue<Vec<Option<FormState>>>,
    chosen: RwSignal<usize>,
    allow_multiple: RwSignal<bool>,
    phase: RwSignal<Phase>,
    run: StoredValue<Option<ConnectRun>, LocalStorage>,
}

impl Attempt {
    fn new(flow: ConnectFlow, app: AppChoice, options: Vec<AuthOption>, stored: &Value) -> Self {
        let forms = options
            .iter()
            .map(|o| {
                o.input_schema.as_ref().map(|schema| {
                    FormState::new(schema, non_secret_inputs(schema, stored), FormMode::Create)
                })
            })
            .collect();
        let chosen_key = flow
            .reconnect
            .with_value(|r| r.as_ref().and_then(|r| r.auth_option_key.clone()));
        let start_at = chosen_key
            .and_then(|k| options.iter().position(|o| o.key == k))
            .unwrap_or(0);
        let attempt = Attempt {
            api: use_api(),
            flow,
            app: StoredValue::new(app),
            options: StoredValue::new(options),
            forms: StoredValue::new(forms),
            chosen: RwSignal::new(start_at),
            allow_multiple: RwSignal::new(false),
            phase: RwSignal::new(Phase::Idle),
            run: StoredValue::new_local(None),
        };
        on_cleanup(move || {
            if let Some(run) = attempt.run.try_get_value().flatten() {
                run.stop();
            }
        });
        attempt
    }

    fn form(self, i: usize) -> Option<FormState> {
        self.forms.with_value(|f| f.get(i).copied().flatten())
    }

    fn set_forms_disabled(self, disabled: bool) {
        self.forms
            .with_value(|f| f.iter().flatten().for_each(|s| s.set_disabled(disabled)));
    }

    fn waiting(self) -> bool {
        matches!(self.phase.get(), Phase::Waiting { .. })
    }

    fn request(self) -> ConnectRequest {
        let i = self.chosen.get_untracked();
        ConnectRequest {
            customer_id: self.flow.customer_id.get_value(),
            app_id: self.app.with_value(|a| a.id.clone()),
            auth_option_key: self.options.with_value(|o| o.get(i).map(|o| o.key.clone())),
            input: self.form(i).map(|s| s.value()),
            connection_id: self.flow.reconnect_id(),
            allow_multiple: self.allow_multiple.get_untracked(),
            redirect_uri: None,
        }
    }

    fn needs_popup(self) -> bool {
        let i = self.chosen.get_untracked();
        self.options
            .with_value(|o| o.get(i).is_some_and(AuthOption::needs_popup))
    }

    /// Validates the chosen option's form, then starts an attempt.
    fn submit(self, redirect_mode: bool) {
        if matches!(self.phase.get_untracked(), Phase::Waiting { .. }) {
            return;
        }
        if self
            .form(self.chosen.get_untracked())
            .is_some_and(|s| !s.validate_for_submit())
        {
            return;
        }
        if redirect_mode && self.needs_popup() {
            self.run_here();
        } else {
            self.start();
        }
    }

    /// Runs the engine's flow in a popup or a hidden frame.
    fn start(self) {
        if let Some(old) = self.run.get_value() {
            old.stop();
        }
        let request_id = flow::new_request_id();
        let Some(target) = self.api.connect().target(&request_id, &self.request()) else {
            self.phase.set(Phase::Failed(ConnectionError {
                message: Some(ApiError::NotConfigured.message()),
                ..Default::default()
            }));
            return;
        };
        let popup = self.needs_popup();
        let on_end = move |end: FlowEnd| {
            self.set_forms_disabled(false);
            self.phase.set(match end {
                FlowEnd::Engine(ConnectOutcome::Created(c)) => {
                    self.flow.on_connected.run((*c).clone());
                    Phase::Connected(c)
                }
                FlowEnd::Engine(ConnectOutcome::Failed(e)) => Phase::Failed(e),
                FlowEnd::Cancelled => Phase::Cancelled,
                FlowEnd::TimedOut => Phase::TimedOut,
            });
        };
        match flow::start(&target, popup, on_end) {
            Some(started) => {
                self.run.set_value(Some(started));
                self.set_forms_disabled(true);
                self.phase.set(Phase::Waiting { popup });
            }
            None => self.phase.set(Phase::Blocked),
        }
    }

    /// Redirect mode: this window goes to the app's sign-in page and comes
    /// back to `/connections/complete`.
    fn run_here(self) {
        let mut request = self.request();
        let here = window().location().origin().unwrap_or_default();
        request.redirect_uri = Some(format!("{here}{}", app_href("/connections/complete")));
        match self.api.connect().target(&flow::new_request_id(), &request) {
            Some(target) if flow::start_in_this_window(&target) => {}
            _ => self.phase.set(Phase::Failed(ConnectionError {
                message: Some("The connect request could not be sent from this window.".to_owned()),
                ..Default::default()
            })),
        }
    }

    fn cancel(self) {
        if let Some(r) = self.run.get_value() {
            r.stop();
        }
        self.set_forms_disabled(false);
        self.phase.set(Phase::Cancelled);
    }
}

#[component]
fn ConnectForm(
    options: Vec<AuthOption>,
    app: AppChoice,
    flow: ConnectFlow,
    existing: bool,
    stored: Option<Value>,
) -> impl IntoView {
    if options.is_empty() {
        let error = ErrorReport {
            title: "No way to connect".to_owned(),
            detail: format!(
                "{} offers no auth options. Check the app's connector in Apps.",
                app.name
            ),
            retryable: false,
        };
        return view! { <ErrorPanel error/> }.into_any();
    }
    let several = options.len() > 1;
    let app_name = app.name.clone();
    let attempt = Attempt::new(flow, app, options, &stored.unwrap_or(Value::Null));
    let Attempt {
        options,
        chosen,
        phase,
        ..
    } = attempt;
    let redirect_mode = use_context::<RedirectMode>().is_some_and(|m| m.0);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        attempt.submit(redirect_mode);
    };
    let customer_name = flow.customer_name.get_value();
    let reconnecting = flow.reconnect_id().is_some();
    // The app tile that had focus is gone: start at the chosen option, the
    // first input or the Connect button.
    let form = NodeRef::<leptos::html::Form>::new();
    crate::ui::effect(move |_| {
        let Some(form) = form.get() else {
            return;
        };
        let connected = form.is_connected();
        let focus_first = move || {
            let first = form
                .query_selector(
                    "input[type=radio]:checked, input:not([type=radio]):not([type=hidden]), button[type=submit]",
                )
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<HtmlElement>().ok());
            if let Some(first) = first {
                let _ = first.focus();
            }
        };
        // A suspended view is put in the page only after this runs; then the
        // next frame is the first moment the form can take focus.
        if connected {
            focus_first();
        } else {
            request_animation_frame(focus_first);
        }
    });

    view! {
        {move || match phase.get() {
            Phase::Connected(c) => view! { <Connected c=*c done=flow.close/> }.into_any(),
            _ => ().into_any(),
        }}
        <form class="conn-connect-form" novalidate on:submit=submit node_ref=form
            hidden=move || matches!(phase.get(), Phase::Connected(_))>
            {several.then(|| view! {
                <fieldset class="conn-options">
                    <legend>"How to connect"</legend>
                    {options.with_value(|o| o.iter().enumerate().map(|(i, option)| {
                        let id = format!("conn-option-{i}");
                        view! {
                            <div class="conn-option">
                                <input type="radio" name="conn-option" id=id.clone() value=option.key.clone()
                                    prop:checked=move || chosen.get() == i
                                    on:change=move |_| chosen.set(i)/>
                                <label for=id>
                                    <strong>{option.display_title().to_owned()}</strong>
                                    {option.description.clone().map(|d| view! { <span class="hint">{d}</span> })}
                                </label>
                            </div>
                        }
                    }).collect_view())}
                </fieldset>
            })}
            {move || {
                let i = chosen.get();
                let option = options.with_value(|o| o[i].clone());
                view! {
                    {(!several).then(|| view! {
                        <p class="conn-option-single">
                            <strong>{option.display_title().to_owned()}</strong>
                            {option.description.clone().map(|d| view! { " " <span class="hint">{d}</span> })}
                        </p>
                    })}
                    {attempt.form(i).map(|state| view! { <SchemaForm state id_prefix=format!("conn-input-{i}")/> })}
                }
            }}
            {(existing && !reconnecting).then(|| view! {
                <div class="conn-multiple">
                    <p class="hint">
                        {format!("{customer_name} already has a {app_name} connection; connecting again updates it.")}
                    </p>
                    <div class="field checkbox">
                        <input id="conn-allow-multiple" type="checkbox" bind:checked=attempt.allow_multiple/>
                        <label for="conn-allow-multiple">"Add a second connection instead"</label>
                    </div>
                </div>
            })}
            <PhaseView attempt/>
            <div class="actions">
                <button type="submit" class="button primary" disabled=move || attempt.waiting()>
                    {move || match (phase.get(), reconnecting) {
                        (Phase::Waiting { .. }, _) => "Connecting…",
                        (Phase::Failed(_) | Phase::TimedOut, _) => "Try again",
                        (_, true) => "Reconnect",
                        (_, false) => "Connect",
                    }}
                </button>
            </div>
        </form>
    }
    .into_any()
}

/// What the attempt is doing, or why it stopped.
#[component]
fn PhaseView(attempt: Attempt) -> impl IntoView {
    let app_name = attempt.app.with_value(|a| a.name.clone());
    move || {
        match attempt.phase.get() {
        Phase::Idle | Phase::Connected(_) => ().into_any(),
        Phase::Waiting { popup } => {
            let text = if popup {
                format!("Waiting for {app_name}… Finish signing in in the window that opened.")
            } else {
                format!("Connecting to {app_name}…")
            };
            view! {
                <div class="conn-phase" role="status">
                    <Loading label=text/>
                    <button type="button" class="button secondary" on:click=move |_| attempt.cancel()>"Cancel"</button>
                </div>
            }
            .into_any()
        }
        Phase::Blocked => view! {
            <div class="conn-phase warn" role="alert">
                <p><strong>"The browser blocked the sign-in window."</strong></p>
                <p>"Open it with the button below, or allow pop-ups for this site."</p>
                <div class="actions">
                    <button type="button" class="button primary" on:click=move |_| attempt.start()>
                        "Open the sign-in window"
                    </button>
                    <button type="button" class="button secondary" on:click=move |_| attempt.run_here()>
                        "Continue in this window"
                    </button>
                </div>
            </div>
        }
        .into_any(),
        Phase::Cancelled => view! {
            <p class="conn-phase" role="status">
                "Cancelled: the sign-in window was closed before finishing. Nothing was changed."
            </p>
        }
        .into_any(),
        Phase::TimedOut => {
            let error = ErrorReport {
                title: "No answer in time".to_owned(),
                detail: "The engine did not report a result. Your inputs are kept; try again.".to_owned(),
                retryable: false,
            };
            view! { <ErrorPanel error/> }.into_any()
        }
        Phase::Failed(error) => view! { <FailureView error/> }.into_any(),
    }
    }
}

/// The engine's failure: its message, its details, and the inputs kept.
#[component]
pub(super) fn FailureView(error: ConnectionError) -> impl IntoView {
    let kind = [error.kind.clone(), error.key.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    let details = error.details();
    let report = ErrorReport {
        title: "Could not connect".to_owned(),
        detail: error.text(),
        retryable: false,
    };
    view! {
        <ErrorPanel error=report>
            {details.map(|d| view! {
                <details class="conn-error-details">
                    <summary>"Details" {(!kind.is_empty()).then(|| format!(" ({kind})"))}</summary>
                    <pre>{d}</pre>
                </details>
            })}
        </ErrorPanel>
    }
}

#[component]
fn Connected(c: Connection, done: Callback<()>) -> impl IntoView {
    let connection_href = record_href("/connections", &c.id);
    // The form that had focus is gone; the next step is Done.
    let done_button = NodeRef::<leptos::html::Button>::new();
    crate::ui::effect(move |_| {
        if let Some(button) = done_button.get() {
            let _ = button.focus();
        }
    });
    view! {
        <div class="conn-connected" role="status">
            <p class="conn-connected-title">
                <strong>{format!("{} is connected", c.app_name())}</strong>
            </p>
            <dl class="facts">
                <dt>"Connection"</dt>
                <dd><a href=connection_href>{c.display_name().to_owned()}</a></dd>
                <dt>"Customer"</dt>
                <dd>{c.customer_name().to_owned()}</dd>
                <dt>"State"</dt>
                <dd><StatusBadge status=c.status() with_detail=true/></dd>
            </dl>
            <div class="actions">
                <button type="button" class="button primary" node_ref=done_button on:click=move |_| done.run(())>"Done"</button>
            </div>
        </div>
    }
}
