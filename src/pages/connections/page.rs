//! One connection: its app, version, auth option, state, errors and times,
//! and what can be done with it (rename, test, refresh credentials,
//! reconnect, disconnect, restore, view credentials).

use super::{app_cell, ConnectDialog, Reconnect, StatusBadge};
use crate::api::{use_api, Api, Connection, ConnectionError};
use crate::ui::{
    app_href, error_fallback, record_href, use_page_title, ActionButton, Dialog, ErrorPanel,
    Loading, RelativeTime,
};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde_json::Value;

#[component]
pub fn ConnectionPage() -> impl IntoView {
    let api = use_api();
    let params = use_params_map();
    let id = crate::ui::memo(move |_| params.read().get("id").unwrap_or_default());
    let connection = crate::ui::read(move || {
        let id = id.get();
        async move { api.connections().get(&id).await }
    });
    // The page title follows the loaded name; until then, a neutral one.
    let title = RwSignal::new("Connection".to_owned());
    use_page_title(move || title.get());
    view! {
        <section class="page conn-page">
            <p class="breadcrumb"><a href=app_href("/connections")>"Connections"</a></p>
            <Suspense fallback=|| view! { <Loading label="Loading the connection…"/> }>
                <ErrorBoundary fallback=error_fallback(move || connection.refetch())>
                    {move || Suspend::new(async move {
                        connection.await.map(|c: Connection| view! { <Details c title/> })
                    })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}

/// The loaded connection. Writes update it in place, so results such as a
/// test's stay on screen.
#[component]
fn Details(c: Connection, title: RwSignal<String>) -> impl IntoView {
    let api = use_api();
    let id = c.id.clone();
    let conn = RwSignal::new(c);
    crate::ui::effect(move |_| {
        let c = conn.read();
        title.set(format!("{} · {}", c.display_name(), c.customer_name()));
    });
    let reload = Callback::new(move |_| {
        let id = id.clone();
        leptos::task::spawn_local(async move {
            if let Ok(fresh) = api.connections().get(&id).await {
                conn.set(fresh);
            }
        });
    });
    view! {
        {move || view! { <Summary c=conn.get()/> }}
        <Actions conn reload/>
        <Rename conn/>
        <Credentials id=conn.get_untracked().id/>
        <crate::pages::instances::ConnectionInstances connection_id=conn.get_untracked().id/>
    }
}

#[component]
fn Summary(c: Connection) -> impl IntoView {
    let status = c.status();
    let customer_href = record_href("/customers", &c.user_id);
    let app_key = c.app_reference();
    let errors = c.all_errors();
    view! {
        <div class="page-head">
            <h1>{c.display_name().to_owned()}</h1>
        </div>
        <p class="conn-page-status"><StatusBadge status=status with_detail=true/></p>
        <div class="card">
            <h2>"About"</h2>
            <dl class="facts">
                <dt>"App"</dt>
                <dd>{match app_key {
                    Some(key) => view! {
                        <a href=record_href("/apps", &key)>
                            {app_cell(&c)}
                        </a>
                    }.into_any(),
                    None => app_cell(&c).into_any(),
                }}</dd>
                <dt>"Customer"</dt>
                <dd><a href=customer_href>{c.customer_name().to_owned()}</a></dd>
                <dt>"Connector version"</dt>
                <dd>{c.connector_version.clone().unwrap_or_else(|| "—".to_owned())}</dd>
                <dt>"Auth option"</dt>
                <dd>{c.auth_option_key.clone().unwrap_or_else(|| "—".to_owned())}</dd>
                <dt>"Engine state"</dt>
                <dd>{c.state.clone().unwrap_or_else(|| "—".to_owned())}</dd>
                <dt>"Last active"</dt>
                <dd><RelativeTime value=c.last_active_at.clone()/></dd>
                <dt>"Created"</dt>
                <dd><RelativeTime value=c.created_at.clone()/></dd>
                <dt>"Updated"</dt>
                <dd><RelativeTime value=c.updated_at.clone()/></dd>
                {c.archived_at.clone().map(|at| view! {
                    <dt>"Disconnected"</dt>
                    <dd><RelativeTime value=Some(at)/></dd>
                })}
            </dl>
        </div>
        {(!errors.is_empty()).then(|| view! { <EngineErrors errors/> })}
    }
}

/// The engine's errors in full: message, type and key, and their data.
#[component]
pub fn EngineErrors(errors: Vec<ConnectionError>) -> impl IntoView {
    view! {
        <div class="card">
            <h2>"Errors"</h2>
            <ul class="conn-errors">
                {errors.into_iter().map(|e| {
                    let kind = [e.kind.clone(), e.key.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ");
                    view! {
                        <li>
                            <p>{e.text()}</p>
                            {(!kind.is_empty()).then(|| view! { <p class="hint">{kind}</p> })}
                            {e.details().map(|d| view! {
                                <details><summary>"Data"</summary><pre>{d}</pre></details>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}

/// A write on the connection its input names; `call` gets its own copy of
/// the id, which the request borrows.
fn write_by_id<T: 'static, F: std::future::Future<Output = T> + 'static>(
    call: impl Fn(Api, String) -> F + 'static,
) -> Action<String, T> {
    let api = use_api();
    crate::ui::write(move |id: &String| call(api, id.clone()))
}

/// Test, refresh, reconnect, disconnect and restore.
#[component]
fn Actions(conn: RwSignal<Connection>, reload: Callback<()>) -> impl IntoView {
    let c = conn.get_untracked();
    let id = StoredValue::new(c.id.clone());
    let test = write_by_id(|api, id| async move { api.connections().test(&id).await });
    let refresh =
        write_by_id(|api, id| async move { api.connections().refresh_credentials(&id).await });
    let restore = write_by_id(|api, id| async move { api.connections().restore(&id).await });
    let disconnect = write_by_id(|api, id| async move { api.connections().disconnect(&id).await });
    // Writes that answer with the connection update it; the others (and a
    // failed refresh, which may mark the connection broken) reload it.
    crate::ui::effect(move |_| {
        if let Some(Ok(c)) = restore.value().get() {
            conn.set(c);
        }
    });
    crate::ui::effect(move |_| match refresh.value().get() {
        Some(Ok(c)) => conn.set(c),
        Some(Err(_)) => reload.run(()),
        None => {}
    });
    crate::ui::effect(move |_| {
        // Both are read every time so that the effect follows both.
        let tested = test.value().get().is_some();
        let disconnected = matches!(disconnect.value().get(), Some(Ok(_)));
        if tested || disconnected {
            reload.run(());
        }
    });
    let archived = crate::ui::memo(move |_| conn.read().is_archived());
    let can_test = crate::ui::memo(move |_| conn.read().can_test);
    let can_refresh = crate::ui::memo(move |_| conn.read().can_refresh_credentials);
    let confirming = RwSignal::new(false);
    let reconnecting = RwSignal::new(false);
    let reconnect = c.app_id().map(|app_id| Reconnect {
        connection_id: c.id.clone(),
        app_id,
        app_name: c.app_name().to_owned(),
        auth_option_key: c.auth_option_key.clone(),
    });
    let has_reconnect = reconnect.is_some();
    let (app_name, customer_name) = (c.app_name().to_owned(), c.customer_name().to_owned());
    let confirm_text = format!(
        "Disconnect {customer_name} from {app_name}? The engine stops using this connection's credentials. You can restore it later."
    );
    let error = move || {
        [
            refresh.value().get().and_then(Result::err),
            restore.value().get().and_then(Result::err),
            disconnect.value().get().and_then(Result::err),
            test.value().get().and_then(Result::err),
        ]
        .into_iter()
        .flatten()
        .next()
    };
    view! {
        <div class="card">
            <h2>"Actions"</h2>
            <div class="actions">
                <Show when=move || can_test.get() && !archived.get()>
                    <ActionButton label="Test" busy="Testing…" kind="" pending=test.pending()
                        press=Callback::new(move |_| { test.dispatch(id.get_value()); })/>
                </Show>
                <Show when=move || can_refresh.get() && !archived.get()>
                    <ActionButton label="Refresh credentials" busy="Refreshing…" kind="" pending=refresh.pending()
                        press=Callback::new(move |_| { refresh.dispatch(id.get_value()); })/>
                </Show>
                <Show when=move || has_reconnect && !archived.get()>
                    <button type="button" class="button" on:click=move |_| reconnecting.set(true)>"Reconnect"</button>
                </Show>
                <Show when=move || archived.get()
                    fallback=move || view! {
                        <button type="button" class="button danger" on:click=move |_| confirming.set(true)>
                            "Disconnect"
                        </button>
                    }>
                    <button type="button" class="button primary" disabled=move || restore.pending().get()
                        on:click=move |_| { restore.dispatch(id.get_value()); }>
                        "Restore"
                    </button>
                </Show>
            </div>
            <div aria-live="polite">
                {move || test.value().get().and_then(Result::ok).map(|r| {
                    let (class, icon, word) = if r.success {
                        ("conn-status connected", "✓", "Test passed")
                    } else {
                        ("conn-status error", "✕", "Test failed")
                    };
                    view! {
                        <p class="conn-test-result" role="status">
                            <span class=class>
                                <span class="conn-status-icon" aria-hidden="true">{icon}</span>
                                <span class="conn-status-label">{word}</span>
                            </span>
                            {r.message.map(|m| view! { ": " {m} })}
                        </p>
                    }
                })}
                {move || matches!(refresh.value().get(), Some(Ok(_))).then(|| view! {
                    <p class="status ok" role="status">"Credentials refreshed."</p>
                })}
            </div>
            {move || error().map(|error| view! { <ErrorPanel error/> })}
        </div>
        <Dialog open=confirming title="Disconnect this connection?">
            <p>{confirm_text.clone()}</p>
            <div class="actions">
                <button type="button" class="button danger" autofocus=true
                    on:click=move |_| { disconnect.dispatch(id.get_value()); confirming.set(false); }>
                    {format!("Disconnect {app_name}")}
                </button>
                <button type="button" class="button secondary" on:click=move |_| confirming.set(false)>"Keep connected"</button>
            </div>
        </Dialog>
        {reconnect.map(|r| view! {
            <ConnectDialog open=reconnecting customer_id=c.user_id.clone() customer_name=customer_name.clone()
                reconnect=r on_connected=Callback::new(move |_| reload.run(()))/>
        })}
    }
}

#[component]
fn Rename(conn: RwSignal<Connection>) -> impl IntoView {
    let api = use_api();
    let name = RwSignal::new(conn.get_untracked().name);
    let error = RwSignal::new(None::<String>);
    let save = crate::ui::write(move |(id, name): &(String, String)| {
        let (id, name) = (id.clone(), name.clone());
        async move {
            let renamed = api.connections().rename(&id, &name).await;
            if let Ok(c) = &renamed {
                conn.set(c.clone());
            }
            renamed
        }
    });
    let archived = crate::ui::memo(move |_| conn.read().is_archived());
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let value = name.get_untracked().trim().to_owned();
        if value.is_empty() {
            error.set(Some("Enter a name for the connection.".to_owned()));
            return;
        }
        error.set(None);
        save.dispatch((conn.get_untracked().id, value));
    };
    view! {
        <form class="card form" on:submit=submit novalidate>
            <h2>"Name"</h2>
            <div class="field">
                <label for="conn-name">"Connection name"</label>
                <div class="with-button">
                    <input id="conn-name" type="text" maxlength="255" bind:value=name
                        disabled=move || archived.get()
                        aria-invalid=move || error.get().is_some().then_some("true")
                        aria-describedby="conn-name-error"/>
                    <ActionButton label="Rename" busy="Saving…" kind="" pending=save.pending() disabled=archived/>
                </div>
                <p id="conn-name-error" class="field-error">{move || error.get()}</p>
                <Show when=move || archived.get()>
                    <p class="hint">"Restore the connection to rename it."</p>
                </Show>
            </div>
            {move || save.value().get().and_then(Result::err).map(|error| view! { <ErrorPanel error/> })}
            {move || matches!(save.value().get(), Some(Ok(_))).then(|| view! {
                <p class="status ok" role="status">"Renamed."</p>
            })}
        </form>
    }
}

/// The stored credentials, fetched only when an admin asks, each masked
/// until revealed.
#[component]
fn Credentials(id: String) -> impl IntoView {
    let api = use_api();
    let load = crate::ui::write(move |id: &String| {
        let id = id.clone();
        async move {
            api.connections()
                .get_with_credentials(&id)
                .await
                .map(|c| c.credentials.map_or(Value::Null, |c| c.0))
        }
    });
    let hide = move |_| load.clear();
    view! {
        <div class="card">
            <h2>"Credentials"</h2>
            {move || match load.value().get() {
                None => {
                    let id = id.clone();
                    view! {
                        <p class="hint">"Credentials are secret. Viewing them needs an admin token; each value stays masked until you reveal it."</p>
                        <ActionButton label="View credentials" busy="Loading…" kind="" pending=load.pending()
                            press=Callback::new(move |_| { load.dispatch(id.clone()); })/>
                    }.into_any()
                }
                Some(Err(error)) => view! { <ErrorPanel error=error/> }.into_any(),
                Some(Ok(credentials)) => view! {
                    <CredentialList credentials/>
                    <button type="button" class="button secondary" on:click=hide>"Hide credentials"</button>
                }.into_any(),
            }}
        </div>
    }
}

#[component]
fn CredentialList(credentials: Value) -> impl IntoView {
    let entries: Vec<(String, String)> = match credentials {
        Value::Object(map) => map
            .into_iter()
            .map(|(k, v)| (k, v.as_str().map_or_else(|| v.to_string(), str::to_owned)))
            .collect(),
        _ => Vec::new(),
    };
    if entries.is_empty() {
        return view! { <p>"The engine holds no credentials for this connection."</p> }.into_any();
    }
    view! {
        <dl class="facts conn-credentials">
            {entries.into_iter().map(|(key, value)| {
                let shown = RwSignal::new(false);
                let label = format!("Reveal {key}");
                let hide_label = format!("Hide {key}");
                view! {
                    <dt>{key}</dt>
                    <dd>
                        <code>{move || if shown.get() { value.clone() } else { "••••••••".to_owned() }}</code>
                        " "
                        <button type="button" class="button secondary small"
                            aria-label=move || if shown.get() { hide_label.clone() } else { label.clone() }
                            on:click=move |_| shown.update(|s| *s = !*s)>
                            {move || if shown.get() { "Hide" } else { "Reveal" }}
                        </button>
                    </dd>
                }
            }).collect_view()}
        </dl>
    }
    .into_any()
}
