//! The shell: header with navigation and theme, the sign-in prompt, and the
//! routes.

mod screens;
mod token_prompt;

use crate::api::Api;
use crate::pages::{connections, NotFound};
use crate::ui::{BasePath, DocumentTitle, Theme, ThemeToggle, ToastRegion, Toasts};
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes, A};
use leptos_router::{path, Lazy};
use screens::*;
use token_prompt::TokenPrompt;

/// The whole console. `base` is the path it is served under ("" at the root).
#[component]
pub fn App(
    api: Api,
    #[prop(into)] base: String,
    theme: Theme,
    /// Whether the console owns `document.title`.
    set_document_title: bool,
    /// Run the connect flow in this window instead of a popup, for hosts
    /// that cannot open popups.
    #[prop(optional)]
    redirect_mode: bool,
) -> impl IntoView {
    provide_context(api);
    provide_context(DocumentTitle(set_document_title));
    provide_context(connections::RedirectMode(redirect_mode));
    let base = base.trim_end_matches('/').to_owned();
    provide_context(BasePath(base.clone()));
    let theme = RwSignal::new(theme);
    let toasts = Toasts::provide();

    view! {
        <div class="switchboard" data-theme=move || theme.get().attribute()>
            <Router base>
                <header class="topbar">
                    <span class="brand">"Switchboard"</span>
                    <nav class="main-nav" aria-label="Main">
                        <A href="customers">"Customers"</A>
                        <A href="connections">"Connections"</A>
                        <A href="apps">"Apps"</A>
                        <A href="settings">"Settings"</A>
                    </nav>
                    <ThemeToggle theme/>
                </header>
                <main class="content" id="switchboard-main">
                    <Routes fallback=NotFound>
                        <Route path=path!("") view=|| view! { <Redirect path="/customers"/> }/>
                        <Route path=path!("customers") view={Lazy::<CustomerListScreen>::new()}/>
                        <ParentRoute path=path!("customers/:id") view={Lazy::<CustomerScreen>::new()}>
                            <Route path=path!("") view={Lazy::<CustomerOverviewScreen>::new()}/>
                            <Route path=path!("connections") view={Lazy::<CustomerConnectionsScreen>::new()}/>
                            <Route path=path!(":section") view={Lazy::<InstanceSectionScreen>::new()}/>
                            <Route path=path!(":section/:instance") view={Lazy::<InstanceScreen>::new()}/>
                            <Route path=path!("flows/:instance/runs/:run") view={Lazy::<FlowRunScreen>::new()}/>
                        </ParentRoute>
                        <Route path=path!("connections") view={Lazy::<ConnectionListScreen>::new()}/>
                        <Route path=path!("connections/complete") view={Lazy::<ConnectCompleteScreen>::new()}/>
                        <Route path=path!("connections/:id") view={Lazy::<ConnectionScreen>::new()}/>
                        <Route path=path!("apps") view={Lazy::<AppListScreen>::new()}/>
                        <Route path=path!("apps/:key") view={Lazy::<AppScreen>::new()}/>
                        <Route path=path!("settings") view=|| view! { <Redirect path="/settings/engine"/> }/>
                        <Route path=path!("settings/engine") view={Lazy::<EngineSettingsScreen>::new()}/>
                        <Route path=path!("settings/general") view={Lazy::<GeneralSettingsScreen>::new()}/>
                        <Route path=path!("settings/testing") view={Lazy::<TestingSettingsScreen>::new()}/>
                        // Where the field schema editor lived before Settings › General.
                        <Route path=path!("settings/customer-fields") view=|| view! { <Redirect path="/settings/general"/> }/>
                    </Routes>
                </main>
            </Router>
            <ToastRegion toasts/>
            <TokenPrompt api/>
        </div>
    }
}
