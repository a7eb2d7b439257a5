//! Settings › Engine: which engine to talk to, with which token, and whether
//! that works.

use super::SettingsNav;
use crate::api::{check_connection, use_api, Api, ApiError, Workspace};
use crate::config::{normalize_api_url, saved, Source};
use crate::ui::{error_fallback, use_page_title, ActionButton, ErrorPanel, Loading};
use leptos::prelude::*;

#[component]
pub fn EngineSettings() -> impl IntoView {
    use_page_title(|| "Engine settings".to_owned());
    let api = use_api();
    view! {
        <section class="page narrow">
            <SettingsNav/>
            <h1>"Engine"</h1>
            <p class="lead">
                "The console talks to the engine's REST API with a workspace admin token. "
                "The token stays in this tab's memory and session storage unless you choose to remember it."
            </p>
            <ConnectionStatus api/>
            <ConnectionForm api/>
        </section>
    }
}

/// Where the current values come from and whether the engine answers.
#[component]
fn ConnectionStatus(api: Api) -> impl IntoView {
    let workspace = crate::ui::read(move || {
        let configured = api.config().api_url.is_some();
        async move {
            if configured {
                api.workspace().get().await
            } else {
                Err(ApiError::NotConfigured)
            }
        }
    });
    let source = |s: Option<Source>| s.map(Source::describe).unwrap_or("not set");
    view! {
        <div class="card" aria-labelledby="engine-status-title">
            <h2 id="engine-status-title">"Current connection"</h2>
            <dl class="facts">
                <dt>"Engine URL"</dt>
                <dd>
                    {move || api.config().api_url().unwrap_or("—").to_owned()}
                    <span class="hint">" (" {move || source(api.config().api_url.map(|u| u.1))} ")"</span>
                </dd>
                <dt>"Token"</dt>
                <dd>{move || source(api.config().token.map(|t| t.1))}</dd>
            </dl>
            <Transition fallback=|| view! { <Loading label="Checking the connection…"/> }>
                <ErrorBoundary fallback=error_fallback(move || workspace.refetch())>
                    {move || Suspend::new(async move {
                        workspace.await.map(|w: Workspace| view! {
                            <p class="status ok" role="status">
                                <span aria-hidden="true">"● "</span>
                                "Connected to workspace " <strong>{w.display_name().to_owned()}</strong>
                            </p>
                        })
                    })}
                </ErrorBoundary>
            </Transition>
        </div>
    }
}

/// Paste a URL and token, check them, and save them if they work.
#[component]
fn ConnectionForm(api: Api) -> impl IntoView {
    let url = RwSignal::new(
        api.config_untracked()
            .api_url()
            .unwrap_or_default()
            .to_owned(),
    );
    let token = RwSignal::new(String::new());
    let remember = RwSignal::new(saved::is_remembered());
    let show_token = RwSignal::new(false);
    let url_error = RwSignal::new(None::<String>);

    let check = crate::ui::write(move |(url, token, keep): &(String, String, bool)| {
        let (url, token, keep) = (url.clone(), token.clone(), *keep);
        async move {
            let workspace = check_connection(&url, &token).await?;
            saved::store(&url, &token, keep);
            api.set_connection(url, token);
            Ok::<_, ApiError>(workspace)
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match normalize_api_url(&url.get_untracked()) {
            Ok(normalized) => {
                url_error.set(None);
                check.dispatch((
                    normalized,
                    token.get_untracked().trim().to_owned(),
                    remember.get_untracked(),
                ));
            }
            Err(message) => url_error.set(Some(message)),
        }
    };
    let forget = move |_| {
        saved::forget_token();
        token.set(String::new());
    };

    view! {
        <form class="card form" on:submit=submit novalidate>
            <h2>"Change engine or token"</h2>
            <div class="field">
                <label for="engine-url">"Engine URL"</label>
                <input id="engine-url" type="url" autocomplete="url" spellcheck="false"
                    placeholder="https://api.getmembrane.com" bind:value=url
                    aria-invalid=move || url_error.get().is_some().then_some("true")
                    aria-describedby="engine-url-error"/>
                <p id="engine-url-error" class="field-error">{move || url_error.get()}</p>
            </div>
            <div class="field">
                <label for="engine-token">"Admin token"</label>
                <div class="with-button">
                    <input id="engine-token" autocomplete="off" spellcheck="false"
                        type=move || if show_token.get() { "text" } else { "password" }
                        bind:value=token aria-describedby="engine-token-help"/>
                    <button type="button" class="button secondary"
                        aria-pressed=move || show_token.get().to_string()
                        on:click=move |_| show_token.update(|s| *s = !*s)>
                        {move || if show_token.get() { "Hide" } else { "Show" }}
                    </button>
                </div>
                <p id="engine-token-help" class="hint">
                    "A JWT signed by your workspace secret, minted by your backend. Never paste a workspace secret here."
                </p>
            </div>
            <div class="field checkbox">
                <input id="engine-remember" type="checkbox" bind:checked=remember/>
                <label for="engine-remember">"Remember on this device"</label>
            </div>
            <div class="actions">
                <ActionButton label="Check and save" busy="Checking…" pending=check.pending()/>
                <button type="button" class="button secondary" on:click=forget>"Forget saved token"</button>
            </div>
            {move || match check.value().get() {
                Some(Ok(w)) => view! {
                    <p class="status ok" role="status">
                        "Saved. Connected to workspace " <strong>{w.display_name().to_owned()}</strong> "."
                    </p>
                }.into_any(),
                Some(Err(error)) => view! { <ErrorPanel error/> }.into_any(),
                None => ().into_any(),
            }}
        </form>
    }
}
