//! The engine's REST API, as the console uses it.
//!
//! Pages never build URLs or call HTTP themselves: they take the [`Api`] handle
//! from context and call a resource module (`api.workspace().get()`). This
//! module owns the base URL, bearer auth, the API version header, timeouts,
//! cancellation when the asking view goes away, one retry after a 401 when the
//! host gave a token provider, and decoding into the models.

mod access_tokens;
mod connect;
mod connections;
mod connectors;
mod customers;
mod error;
mod flow_runs;
mod instances;
mod integrations;
mod lenient;
mod page;
mod workspace;

pub use access_tokens::AccessToken;
pub use connect::{
    non_secret_inputs, read_engine_message, AuthOption, ConnectOutcome, ConnectRequest,
    ConnectTarget,
};
pub use connections::{
    Connection, ConnectionError, ConnectionQuery, ConnectionStatus, Credentials, StateFilter,
    TestResult,
};
pub use connectors::{Connector, ConnectorVersionInfo, ExternalApp};
pub use customers::{Customer, CustomerChanges, CustomerQuery, NewCustomer, TestFilter};
pub use error::{ApiError, EngineError};
pub use flow_runs::{duration_words, run_state_label, FlowRun, NewFlowRun, NodeRun};
pub use instances::{
    ActionRun, DataLink, FlowNode, FlowReset, Instance, InstanceChanges, InstanceKind,
    InstanceOperation, InstanceQuery, InstanceStatus, NewFlow,
};
pub use integrations::{
    ConnectorSpec, Integration, IntegrationPatch, IntegrationQuery, NewIntegration,
};
pub use lenient::{split, Item, Unreadable};
pub use page::Page;
pub use workspace::{FieldSchema, Workspace};

/// The reads a route starts before its screen's code has loaded
/// ([`Api::read_early`]), built by the same functions as the screen's own.
pub(crate) mod early {
    pub(crate) use super::connections::list_request as connections;
    pub(crate) use super::connectors::list_request as connectors;
    pub(crate) use super::customers::{get_request as customer, list_request as customers};
    pub(crate) use super::flow_runs::{get_request as flow_run, list_request as flow_runs};
    pub(crate) use super::instances::{
        get_request as instance, links_request as data_links, list_request as instances,
    };
    pub(crate) use super::integrations::{
        connector_spec_request as connector_spec, get_request as app, list_request as apps,
    };
    pub(crate) use super::workspace::get_request as workspace;
}

use crate::config::{EngineConfig, Source};
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use gloo_net::http::{Method, RequestBuilder};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};

/// The engine API version this console is written against.
const API_VERSION: &str = "2025-10-21";

/// The handle every page uses to reach the engine. It is `Copy`: take it from
/// context once with [`use_api`] and move it into closures freely.
#[derive(Clone, Copy)]
pub struct Api {
    config: RwSignal<EngineConfig>,
    token_provider: StoredValue<Option<js_sys::Function>, LocalStorage>,
    /// Open while requests wait for a person to paste a new token.
    token_prompt: RwSignal<bool>,
    /// The promise resolvers of those requests: true to retry, false to give up.
    token_waiters: StoredValue<Vec<js_sys::Function>, LocalStorage>,
    /// GETs a screen about to open will make, started while its code loads.
    early_reads: StoredValue<Vec<EarlyRead>, LocalStorage>,
}

/// A GET started ahead of the screen that needs it. The screen's first
/// identical GET takes its answer; it is not kept for later ones.
struct EarlyRead {
    url: String,
    started_ms: f64,
    answer: Shared<LocalBoxFuture<'static, Result<String, ApiError>>>,
}

impl EarlyRead {
    /// Whether it may still answer the screen's GET. One not taken within
    /// 30 s is left alone: the screen did not ask for it, and a later
    /// identical GET must see the engine as it is then. One cancelled (its
    /// route was left before its screen loaded) has no answer to give.
    fn can_answer(&self, now_ms: f64) -> bool {
        now_ms - self.started_ms < 30_000.0
            && !matches!(self.answer.peek(), Some(Err(ApiError::Cancelled)))
    }
}

/// The [`Api`] provided at the root of the app.
pub fn use_api() -> Api {
    expect_context::<Api>()
}

impl Api {
    pub fn new(config: EngineConfig, token_provider: Option<js_sys::Function>) -> Self {
        Api {
            config: RwSignal::new(config),
            token_provider: StoredValue::new_local(token_provider),
            token_prompt: RwSignal::new(false),
            token_waiters: StoredValue::new_local(Vec::new()),
            early_reads: StoredValue::new_local(Vec::new()),
        }
    }

    /// Starts now the GETs a screen will make when its code has loaded (from
    /// its route's `LazyRoute::data`), so a first visit waits for the code
    /// and the engine at once, not one after the other. A nested route's
    /// screens each start theirs.
    pub(crate) fn read_early(self, requests: Vec<Request>) {
        let Some(base) = self.config.get_untracked().api_url().map(str::to_owned) else {
            return;
        };
        let now = js_sys::Date::now();
        let reads = requests
            .into_iter()
            .filter(|request| request.method == Method::GET)
            .map(|request| {
                let url = url(&base, &request);
                let answer = self.fetch_text(request).boxed_local().shared();
                // Driven now; the screen's GET awaits the same answer.
                leptos::task::spawn_local(answer.clone().map(drop));
                EarlyRead {
                    url,
                    started_ms: now,
                    answer,
                }
            })
            .collect::<Vec<_>>();
        self.early_reads.update_value(|early| {
            early.retain(|read| read.can_answer(now));
            early.extend(reads);
        });
    }

    /// The early answer to `request`, if one was started for it and can
    /// still answer.
    fn take_early_read(self, request: &Request) -> Option<EarlyRead> {
        if request.method != Method::GET {
            return None;
        }
        let base = self.config.get_untracked().api_url()?.to_owned();
        let url = url(&base, request);
        let now = js_sys::Date::now();
        self.early_reads
            .try_update_value(|reads| {
                reads.retain(|read| read.can_answer(now));
                let at = reads.iter().position(|read| read.url == url)?;
                Some(reads.swap_remove(at))
            })
            .flatten()
    }

    /// The connection in use; reading it inside a reactive scope tracks it,
    /// so data reloads when a person changes the engine or token.
    pub fn config(&self) -> EngineConfig {
        self.config.get()
    }

    /// The connection in use, without tracking (for initial form values).
    pub fn config_untracked(&self) -> EngineConfig {
        self.config.get_untracked()
    }

    pub fn set_connection(&self, api_url: String, token: String) {
        self.config.update(|c| {
            c.api_url = Some((api_url, Source::Settings));
            c.token = Some((token, Source::Settings));
        });
    }

    pub fn has_token_provider(&self) -> bool {
        self.token_provider.with_value(Option::is_some)
    }

    /// Gets a fresh token after a 401: from the host's token provider when
    /// there is one, else by asking the person (the shell's sign-in prompt)
    /// while the request waits. False when none was given.
    pub async fn renew_token(self) -> bool {
        match self.token_provider.get_value() {
            Some(provider) => match call_token_provider(&provider).await {
                Some(token) => {
                    self.config
                        .update(|c| c.token = Some((token, Source::MountCall)));
                    true
                }
                None => false,
            },
            None => self.ask_for_token().await,
        }
    }

    async fn ask_for_token(self) -> bool {
        let waiting = js_sys::Promise::new(&mut |resolve, _| {
            self.token_waiters.update_value(|w| w.push(resolve));
        });
        self.token_prompt.set(true);
        wasm_bindgen_futures::JsFuture::from(waiting)
            .await
            .ok()
            .and_then(|answer| answer.as_bool())
            .unwrap_or(false)
    }

    /// Whether requests are waiting for a new token.
    pub fn token_prompt(&self) -> RwSignal<bool> {
        self.token_prompt
    }

    /// Answers the waiting requests: with a token they are retried, without
    /// one they fail with their 401.
    pub fn answer_token_prompt(&self, token: Option<String>) {
        let retry = token.is_some();
        if let Some(token) = token {
            self.config
                .update(|c| c.token = Some((token, Source::Settings)));
        }
        self.token_prompt.set(false);
        for resolve in self
            .token_waiters
            .try_update_value(std::mem::take)
            .unwrap_or_default()
        {
            let _ = resolve.call1(&JsValue::NULL, &JsValue::from_bool(retry));
        }
    }

    /// Sends a request with the current connection and decodes the answer.
    /// GETs are aborted when the view that asked goes away; writes are not,
    /// since a half-known outcome is worse than a finished one.
    pub(crate) fn send<T: DeserializeOwned>(
        self,
        request: Request,
    ) -> impl Future<Output = Result<T, ApiError>> {
        let body = self.send_for_text(request);
        async move { body.await.and_then(|body| decode(&body)) }
    }

    /// [`Api::send`] for an answer that may nest deeper than a `Value` can
    /// (the workspace's field schema): decoded straight from the text.
    pub(crate) fn send_deep<T: DeserializeOwned>(
        self,
        request: Request,
    ) -> impl Future<Output = Result<T, ApiError>> {
        let body = self.send_for_text(request);
        async move { body.await.and_then(|body| decode_deep(&body)) }
    }

    /// The answer's body as text: the early read's answer when one was
    /// started for this GET, else from the engine now.
    fn send_for_text(self, request: Request) -> impl Future<Output = Result<String, ApiError>> {
        match self.take_early_read(&request) {
            Some(early) => early.answer.left_future(),
            None => self.fetch_text(request).right_future(),
        }
    }

    /// The answer's body as text, after a token renewal if one was needed.
    fn fetch_text(self, request: Request) -> impl Future<Output = Result<String, ApiError>> {
        let abort = Abort::new(request.method == Method::GET);
        async move {
            let mut renewed = false;
            loop {
                let config = self.config.get_untracked();
                let result = send_to(&config, &request, &abort).await;
                match result {
                    Err(e) if e.needs_new_token() && !renewed && self.renew_token().await => {
                        renewed = true;
                    }
                    other => return other,
                }
            }
        }
    }
}

async fn call_token_provider(provider: &js_sys::Function) -> Option<String> {
    let returned = provider.call0(&JsValue::NULL).ok()?;
    let value = match returned.dyn_into::<js_sys::Promise>() {
        Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise).await.ok()?,
        Err(value) => value,
    };
    value.as_string().filter(|t| !t.trim().is_empty())
}

/// One call to the engine, built by the resource modules.
#[derive(Clone, Debug)]
pub(crate) struct Request {
    method: Method,
    path: String,
    query: Vec<(&'static str, String)>,
    body: Option<String>,
}

impl Request {
    pub fn get(path: impl Into<String>) -> Self {
        Self::new(Method::GET, path)
    }

    pub fn delete(path: impl Into<String>) -> Self {
        Self::new(Method::DELETE, path)
    }

    pub fn post(path: impl Into<String>, body: &impl Serialize) -> Self {
        Self::new(Method::POST, path).with_body(body)
    }

    pub fn patch(path: impl Into<String>, body: &impl Serialize) -> Self {
        Self::new(Method::PATCH, path).with_body(body)
    }

    fn new(method: Method, path: impl Into<String>) -> Self {
        Request {
            method,
            path: path.into(),
            query: Vec::new(),
            body: None,
        }
    }

    fn with_body(mut self, body: &impl Serialize) -> Self {
        // Serializing our own models cannot fail; an empty object is a safe
        // stand-in that the engine will refuse with a clear message.
        self.body = Some(serde_json::to_string(body).unwrap_or_else(|_| "{}".to_owned()));
        self
    }

    /// Adds a query parameter when it has a value.
    pub fn query(mut self, key: &'static str, value: Option<impl ToString>) -> Self {
        if let Some(value) = value {
            self.query.push((key, value.to_string()));
        }
        self
    }
}

/// `/customers/` + an id, with the id percent-encoded so no id can change the path.
pub(crate) fn path(prefix: &str, id: &str) -> String {
    format!("{prefix}/{}", encode(id))
}

/// The full URL of a request against a base URL.
fn url(base: &str, request: &Request) -> String {
    let mut url = format!("{}{}", base.trim_end_matches('/'), request.path);
    for (i, (key, value)) in request.query.iter().enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        url.push_str(key);
        url.push('=');
        url.push_str(&encode(value));
    }
    url
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub(crate) fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Text to a `Value`, then the `Value` to `T`: the models are read from a
/// `Value` anyway (list items and lenient fields are), and reading them from
/// text as well would compile every model's decoder twice (about 4 KB of
/// gzip wasm).
fn decode<T: DeserializeOwned>(body: &str) -> Result<T, ApiError> {
    let value: serde_json::Value = decode_deep(body)?;
    T::deserialize(value).map_err(malformed)
}

/// Text straight to `T`, for an answer that may nest deeper than a `Value`
/// can. An empty body reads as `null`.
fn decode_deep<T: DeserializeOwned>(body: &str) -> Result<T, ApiError> {
    let body = if body.trim().is_empty() { "null" } else { body };
    serde_json::from_str(body).map_err(malformed)
}

fn malformed(e: serde_json::Error) -> ApiError {
    ApiError::Malformed {
        detail: e.to_string(),
    }
}

/// Why an in-flight request was aborted.
#[derive(Clone, Copy, PartialEq)]
enum AbortReason {
    Timeout,
    Cancelled,
}

/// Abort state shared by a request, its timer and its owner's cleanup.
#[derive(Clone)]
struct Abort {
    controller: Rc<RefCell<Option<web_sys::AbortController>>>,
    reason: Rc<Cell<Option<AbortReason>>>,
}

impl Abort {
    fn new(cancel_with_owner: bool) -> Self {
        let abort = Abort {
            controller: Rc::default(),
            reason: Rc::default(),
        };
        if cancel_with_owner {
            let on_cleanup_abort = SendWrapper::new(abort.clone());
            on_cleanup(move || on_cleanup_abort.take().abort(AbortReason::Cancelled));
        }
        abort
    }

    /// A fresh signal for the next attempt.
    fn signal(&self) -> Option<web_sys::AbortSignal> {
        let controller = web_sys::AbortController::new().ok()?;
        let signal = controller.signal();
        *self.controller.borrow_mut() = Some(controller);
        Some(signal)
    }

    fn abort(&self, reason: AbortReason) {
        if self.reason.get().is_none() {
            self.reason.set(Some(reason));
        }
        if let Some(controller) = self.controller.borrow().as_ref() {
            controller.abort();
        }
    }
}

/// Sends one request and returns the body of a 2xx answer.
async fn send_to(
    config: &EngineConfig,
    request: &Request,
    abort: &Abort,
) -> Result<String, ApiError> {
    let base = config.api_url().ok_or(ApiError::NotConfigured)?;
    let signal = abort.signal();
    let timer_abort = abort.clone();
    let timer = set_timeout_with_handle(
        move || timer_abort.abort(AbortReason::Timeout),
        Duration::from_secs(u64::from(config.timeout_seconds)),
    )
    .ok();
    let outcome = exchange(base, config.token(), request, signal.as_ref()).await;
    if let Some(timer) = timer {
        timer.clear();
    }
    match (outcome, abort.reason.get()) {
        (Ok((status, body)), _) if (200..300).contains(&status) => Ok(body),
        (Ok((status, body)), _) => Err(ApiError::from_response(status, &body)),
        (Err(_), Some(AbortReason::Timeout)) => Err(ApiError::Timeout {
            seconds: config.timeout_seconds,
        }),
        (Err(_), Some(AbortReason::Cancelled)) => Err(ApiError::Cancelled),
        (Err(e), None) => Err(e),
    }
}

/// The HTTP exchange itself: status and body text, or why there was none.
async fn exchange(
    base: &str,
    token: Option<&str>,
    request: &Request,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<(u16, String), ApiError> {
    let unreachable = || ApiError::Unreachable {
        url: base.to_owned(),
    };
    let mut builder = RequestBuilder::new(&url(base, request))
        .method(request.method.clone())
        .header("Accept", "application/json")
        .header("membrane-api-version", API_VERSION)
        .abort_signal(signal);
    if let Some(token) = token {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    let prepared = match &request.body {
        Some(body) => builder
            .header("Content-Type", "application/json")
            .body(body.as_str()),
        None => builder.build(),
    }
    .map_err(|e| ApiError::Malformed {
        detail: e.to_string(),
    })?;
    let response = prepared.send().await.map_err(|_| unreachable())?;
    let body = response.text().await.map_err(|_| unreachable())?;
    Ok((response.status(), body))
}

/// Checks an engine URL and token before they are saved, with a cheap
/// authenticated call, and tells a CORS refusal apart from an unreachable
/// engine (the browser reports both as a bare network error).
pub async fn check_connection(api_url: &str, token: &str) -> Result<Workspace, ApiError> {
    let config = EngineConfig::resolve(
        &crate::config::PartialConfig {
            api_url: Some(api_url.to_owned()),
            token: Some(token.to_owned()),
            timeout_seconds: Some(10),
        },
        &Default::default(),
        &Default::default(),
    );
    let result = send_to(&config, &workspace::get_request(), &Abort::new(false)).await;
    match result {
        Err(ApiError::Unreachable { url }) if answers_without_cors(&url).await => {
            let origin = window().location().origin().unwrap_or_default();
            Err(ApiError::CorsRefused { url, origin })
        }
        other => other.and_then(|body| decode_deep(&body)),
    }
}

/// An opaque `no-cors` request succeeds when the server answers at all.
async fn answers_without_cors(url: &str) -> bool {
    let init = web_sys::RequestInit::new();
    init.set_mode(web_sys::RequestMode::NoCors);
    let promise = window().fetch_with_str_and_init(url, &init);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_encode_query_values_and_ids() {
        let r = Request::get(path("/customers", "a/b c"))
            .query("search", Some("Acme & Co"))
            .query("cursor", None::<String>)
            .query("limit", Some(50));
        assert_eq!(
            url("http://127.0.0.1:8787/", &r),
            "http://127.0.0.1:8787/customers/a%2Fb%20c?search=Acme%20%26%20Co&limit=50"
        );
    }

    #[test]
    fn empty_success_body_decodes_as_unit() {
        assert_eq!(decode::<()>(""), Ok(()));
    }

    #[test]
    fn malformed_success_body_is_an_error_not_a_panic() {
        let e = decode::<Workspace>("<html>").expect_err("not JSON");
        assert_eq!(e.title(), "Unexpected answer from the engine");
        let e = decode::<Workspace>(r#"{"name": 5}"#).expect_err("wrong shape");
        assert!(matches!(e, ApiError::Malformed { .. }));
    }
}
