//! The JavaScript entry: `mount(element, options)`.
//!
//! The standalone page (index.html) and host products call the same function:
//!
//! ```js
//! import init, { mount } from "/switchboard/switchboard.js";
//! await init();
//! const console = await mount(document.getElementById("integrations"), {
//!   apiUrl: "https://api.getmembrane.com",
//!   tokenProvider: async () => (await fetch("/my-backend/membrane-token")).text(),
//!   basePath: "/admin/integrations",
//!   theme: "auto",
//! });
//! // later: console.unmount();
//! ```

use crate::api::Api;
use crate::config::{saved, EngineConfig, PartialConfig};
use crate::ui::Theme;
use crate::App;
use leptos::prelude::*;
use leptos::tachys::view::any_view::AnyViewState;
use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;

/// Options a host passes to [`mount`]; all are optional.
struct MountOptions {
    engine: PartialConfig,
    token_provider: Option<js_sys::Function>,
    base_path: String,
    theme: Option<Theme>,
    config_url: Option<String>,
    set_document_title: bool,
    redirect_mode: bool,
}

impl MountOptions {
    fn read(options: &JsValue) -> Self {
        let get = |key: &str| {
            js_sys::Reflect::get(options, &JsValue::from_str(key))
                .ok()
                .filter(|v| !v.is_undefined() && !v.is_null())
        };
        let string = |key: &str| get(key).and_then(|v| v.as_string());
        MountOptions {
            engine: PartialConfig {
                api_url: string("apiUrl"),
                token: string("token"),
                timeout_seconds: get("timeoutSeconds")
                    .and_then(|v| v.as_f64())
                    .filter(|s| s.is_finite() && *s >= 1.0)
                    .map(|s| s.min(600.0) as u32),
            },
            token_provider: get("tokenProvider").and_then(|v| v.dyn_into().ok()),
            base_path: string("basePath").unwrap_or_default(),
            theme: string("theme").and_then(|t| Theme::parse(&t)),
            config_url: string("configUrl"),
            set_document_title: get("setDocumentTitle")
                .and_then(|v| v.as_bool())
                .unwrap_or(false),
            redirect_mode: get("redirectMode")
                .and_then(|v| v.as_bool())
                .unwrap_or(false),
        }
    }
}

thread_local! {
    /// Mounted consoles live here, not in the JavaScript object returned to
    /// the host: a host that drops that object (the garbage collector frees
    /// it) must not see its console vanish.
    static MOUNTED: RefCell<Vec<(u32, UnmountHandle<AnyViewState>)>> = const { RefCell::new(Vec::new()) };
    static NEXT_ID: Cell<u32> = const { Cell::new(0) };
}

/// A mounted console; call `unmount()` to remove it from the host page.
#[wasm_bindgen]
pub struct MountedConsole {
    id: u32,
}

#[wasm_bindgen]
impl MountedConsole {
    pub fn unmount(&self) {
        let handle = MOUNTED.with_borrow_mut(|mounted| {
            let index = mounted.iter().position(|(id, _)| *id == self.id)?;
            Some(mounted.swap_remove(index).1)
        });
        drop(handle);
    }
}

/// Mounts the console into `element`. Options: `apiUrl`, `token`,
/// `tokenProvider` (a function returning a token or a promise of one, called
/// at start when no token is given and again after a 401), `basePath`,
/// `theme` ("light", "dark" or "auto"), `timeoutSeconds`, `configUrl` (a
/// config.json to read apiUrl and token from when the options lack them),
/// `setDocumentTitle` and `redirectMode` (connect in this window, no popup).
#[wasm_bindgen]
pub async fn mount(element: web_sys::HtmlElement, options: JsValue) -> MountedConsole {
    let options = MountOptions::read(&options);
    let file = match (&options.config_url, &options.engine) {
        (Some(url), PartialConfig { api_url: None, .. } | PartialConfig { token: None, .. }) => {
            load_config_file(url).await
        }
        _ => PartialConfig::default(),
    };
    let engine = EngineConfig::resolve(&options.engine, &file, &saved::load());
    let api = Api::new(engine, options.token_provider);
    if api.config_untracked().token.is_none() && api.has_token_provider() {
        api.renew_token().await;
    }
    let theme = options
        .theme
        .or_else(Theme::remembered)
        .unwrap_or(Theme::Auto);
    let (base, set_document_title, redirect_mode) = (
        options.base_path,
        options.set_document_title,
        options.redirect_mode,
    );

    element.set_inner_html("");
    let handle = leptos::mount::mount_to(element, move || {
        view! { <App api base=base.clone() theme set_document_title redirect_mode/> }.into_any()
    });
    let id = NEXT_ID.replace(NEXT_ID.get() + 1);
    MOUNTED.with_borrow_mut(|mounted| mounted.push((id, handle)));
    MountedConsole { id }
}

/// Reads config.json; a missing file is normal, a broken one is reported in
/// the browser console (without its token) and ignored.
async fn load_config_file(url: &str) -> PartialConfig {
    let response = match gloo_net::http::Request::get(url).send().await {
        Ok(r) if r.ok() => r,
        _ => return PartialConfig::default(),
    };
    match response
        .text()
        .await
        .map(|body| serde_json::from_str(&body))
    {
        Ok(Ok(config)) => config,
        _ => {
            leptos::logging::warn!("Switchboard: {url} is not valid JSON of the form {{\"apiUrl\": \"…\", \"token\": \"…\"}}; ignoring it");
            PartialConfig::default()
        }
    }
}
