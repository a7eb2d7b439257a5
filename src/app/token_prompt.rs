//! "Sign in again": shown when the engine refuses the token (401) and the
//! host gave no token provider. The request that failed waits and is retried
//! with the new token, so nothing the person typed is lost.

use crate::api::Api;
use crate::config::saved;
use crate::ui::Dialog;
use leptos::prelude::*;

#[component]
pub fn TokenPrompt(api: Api) -> impl IntoView {
    let open = api.token_prompt();
    let token = RwSignal::new(String::new());
    // Closing without a token (Escape, ×, Cancel) lets the waiting requests fail.
    Effect::new(move |was_open: Option<bool>| {
        let is_open = open.get();
        if was_open == Some(true) && !is_open {
            api.answer_token_prompt(None);
        }
        is_open
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = token.get_untracked().trim().to_owned();
        if value.is_empty() {
            return;
        }
        if let Some(url) = api.config_untracked().api_url() {
            saved::store(url, &value, saved::is_remembered());
        }
        token.set(String::new());
        api.answer_token_prompt(Some(value));
    };
    view! {
        <Dialog open title="Sign in again">
            <form class="form" on:submit=submit>
                <p>
                    "The engine did not accept the current token: it may have expired. "
                    "Paste a new admin token to continue; what you were doing is kept and finishes once it works."
                </p>
                <div class="field">
                    <label for="token-prompt-input">"Admin token"</label>
                    <input id="token-prompt-input" type="password" autocomplete="off" spellcheck="false"
                        autofocus bind:value=token/>
                </div>
                <div class="actions">
                    <button type="submit" class="button primary">"Continue"</button>
                    <button type="button" class="button secondary" on:click=move |_| open.set(false)>"Cancel"</button>
                </div>
            </form>
        </Dialog>
    }
}
