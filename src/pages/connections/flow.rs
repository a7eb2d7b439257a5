//! One connect attempt in the browser: the form post of the engine's payload
//! into a popup (OAuth) or a hidden frame, then waiting for the engine's
//! answer by `postMessage`, with its event stream as a fallback, while
//! watching for a popup closed by the person and for a timeout.

use crate::api::{read_engine_message, ConnectOutcome, ConnectTarget};
use leptos::ev;
use leptos::prelude::*;
use serde_json::Value;
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{EventSource, HtmlFormElement, HtmlIFrameElement, HtmlInputElement, MessageEvent};

/// How an attempt ended.
#[derive(Clone, Debug, PartialEq)]
pub enum FlowEnd {
    Engine(ConnectOutcome),
    /// The person closed the popup before finishing.
    Cancelled,
    TimedOut,
}

/// Long enough to sign in at the app, with its two-factor prompt.
const POPUP_TIMEOUT: Duration = Duration::from_secs(5 * 60);
/// A frame posts and answers without anyone's help.
const FRAME_TIMEOUT: Duration = Duration::from_secs(60);
const POLL: Duration = Duration::from_millis(500);
/// Polls after the popup closed before calling it cancelled: the engine's
/// last message may still be on its way over the event stream.
const CLOSED_GRACE_POLLS: u32 = 3;
const POPUP_WIDTH: i32 = 520;
const POPUP_HEIGHT: i32 = 680;

/// A fresh id for a connect attempt; only the engine's answer to it counts.
pub fn new_request_id() -> String {
    window()
        .crypto()
        .map(|c| c.random_uuid())
        .unwrap_or_else(|_| format!("{:x}", (js_sys::Math::random() * 1e16) as u64))
}

/// A running attempt; [`ConnectRun::stop`] ends it without a report.
#[derive(Clone)]
pub struct ConnectRun(Rc<RefCell<Run>>);

#[derive(Default)]
struct Run {
    done: bool,
    popup: Option<web_sys::Window>,
    frame: Option<HtmlIFrameElement>,
    message: Option<WindowListenerHandle>,
    events: Option<EventSource>,
    events_handler: Option<Closure<dyn FnMut(MessageEvent)>>,
    poll: Option<IntervalHandle>,
    timer: Option<TimeoutHandle>,
    on_end: Option<Rc<dyn Fn(FlowEnd)>>,
}

/// Starts an attempt. Must run inside the click or submit handler, so that
/// the browser lets the popup open. `None` when the popup was blocked.
pub fn start(
    target: &ConnectTarget,
    in_popup: bool,
    on_end: impl Fn(FlowEnd) + 'static,
) -> Option<ConnectRun> {
    let name = format!("switchboard-connect-{}", target.request_id);
    let run = ConnectRun(Rc::new(RefCell::new(Run {
        on_end: Some(Rc::new(on_end)),
        ..Default::default()
    })));
    if in_popup {
        let popup = window()
            .open_with_url_and_target_and_features("", &name, &popup_features())
            .ok()
            .flatten()?;
        run.0.borrow_mut().popup = Some(popup);
    } else {
        let frame = hidden_frame(&name)?;
        run.0.borrow_mut().frame = Some(frame);
    }
    run.listen(target);
    if !post_form(target, &name) {
        run.finish(Some(FlowEnd::Engine(ConnectOutcome::Failed(
            crate::api::ConnectionError {
                message: Some("The browser refused to send the connect request.".to_owned()),
                ..Default::default()
            },
        ))));
        return Some(run);
    }
    let timeout = if in_popup {
        POPUP_TIMEOUT
    } else {
        FRAME_TIMEOUT
    };
    let on_timeout = run.clone();
    let timer =
        set_timeout_with_handle(move || on_timeout.finish(Some(FlowEnd::TimedOut)), timeout).ok();
    run.0.borrow_mut().timer = timer;
    if in_popup {
        run.watch_popup();
    }
    Some(run)
}

/// Redirect mode: the whole page goes to the engine, which sends it back to
/// the request's `redirectUri` when done.
pub fn start_in_this_window(target: &ConnectTarget) -> bool {
    post_form(target, "_self")
}

impl ConnectRun {
    /// Ends the attempt quietly (the dialog closed or a new attempt began).
    pub fn stop(&self) {
        self.finish(None);
    }

    fn listen(&self, target: &ConnectTarget) {
        let on_message = self.clone();
        let accept = target.clone();
        let message = window_event_listener(ev::message, move |e: MessageEvent| {
            let data = js_sys::JSON::stringify(&e.data())
                .ok()
                .and_then(|s| s.as_string())
                .and_then(|s| serde_json::from_str::<Value>(&s).ok());
            if let Some(outcome) = data.and_then(|d| read_engine_message(&accept, &e.origin(), &d))
            {
                on_message.finish(Some(FlowEnd::Engine(outcome)));
            }
        });
        self.0.borrow_mut().message = Some(message);

        let Ok(events) = EventSource::new(&target.events_url) else {
            return;
        };
        let on_event = self.clone();
        let accept = target.clone();
        let handler = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let data = e
                .data()
                .as_string()
                .and_then(|s| serde_json::from_str::<Value>(&s).ok());
            if let Some(outcome) =
                data.and_then(|d| read_engine_message(&accept, &accept.engine_origin, &d))
            {
                on_event.finish(Some(FlowEnd::Engine(outcome)));
            }
        });
        events.set_onmessage(Some(handler.as_ref().unchecked_ref()));
        let mut run = self.0.borrow_mut();
        run.events = Some(events);
        run.events_handler = Some(handler);
    }

    fn watch_popup(&self) {
        let watcher = self.clone();
        let closed_polls = Rc::new(std::cell::Cell::new(0u32));
        let poll = set_interval_with_handle(
            move || {
                let closed = watcher
                    .0
                    .borrow()
                    .popup
                    .as_ref()
                    .is_none_or(|p| p.closed().unwrap_or(true));
                if closed {
                    closed_polls.set(closed_polls.get() + 1);
                    if closed_polls.get() > CLOSED_GRACE_POLLS {
                        watcher.finish(Some(FlowEnd::Cancelled));
                    }
                }
            },
            POLL,
        )
        .ok();
        self.0.borrow_mut().poll = poll;
    }

    /// Tears everything down once, then reports `end` (if any).
    fn finish(&self, end: Option<FlowEnd>) {
        let mut run = self.0.borrow_mut();
        if run.done {
            return;
        }
        run.done = true;
        if let Some(message) = run.message.take() {
            message.remove();
        }
        if let Some(events) = run.events.take() {
            events.set_onmessage(None);
            events.close();
        }
        if let Some(poll) = run.poll.take() {
            poll.clear();
        }
        if let Some(timer) = run.timer.take() {
            timer.clear();
        }
        // The engine's page closes itself after messaging; when the answer
        // came another way (events) or not at all, close it here.
        if let Some(popup) = run.popup.take() {
            let _ = popup.close();
        }
        if let Some(frame) = run.frame.take() {
            frame.remove();
        }
        // The event handler may be the caller: drop it after this call returns.
        let handler = run.events_handler.take();
        set_timeout(move || drop(handler), Duration::ZERO);
        let on_end = run.on_end.take();
        drop(run);
        if let (Some(on_end), Some(end)) = (on_end, end) {
            on_end(end);
        }
    }
}

/// `popup` features that centre the window over the console.
fn popup_features() -> String {
    let w = window();
    let number =
        |v: Result<wasm_bindgen::JsValue, _>| v.ok().and_then(|v| v.as_f64()).unwrap_or(0.0) as i32;
    let (x, y) = (number(w.screen_x()), number(w.screen_y()));
    let (outer_w, outer_h) = (number(w.outer_width()), number(w.outer_height()));
    let left = x + (outer_w - POPUP_WIDTH).max(0) / 2;
    let top = y + (outer_h - POPUP_HEIGHT).max(0) / 2;
    format!("popup=yes,width={POPUP_WIDTH},height={POPUP_HEIGHT},left={left},top={top}")
}

fn hidden_frame(name: &str) -> Option<HtmlIFrameElement> {
    let frame: HtmlIFrameElement = document().create_element("iframe").ok()?.dyn_into().ok()?;
    frame.set_name(name);
    frame.set_title("Connecting");
    let _ = frame.set_attribute("hidden", "");
    let _ = frame.set_attribute("aria-hidden", "true");
    let _ = frame.set_attribute("tabindex", "-1");
    document().body()?.append_child(&frame).ok()?;
    Some(frame)
}

/// Posts the payload as the engine expects it: a urlencoded form with one
/// field, `payload`, into the window or frame called `target_name`.
fn post_form(target: &ConnectTarget, target_name: &str) -> bool {
    let build = || -> Option<HtmlFormElement> {
        let form: HtmlFormElement = document().create_element("form").ok()?.dyn_into().ok()?;
        form.set_method("post");
        form.set_action(&target.action);
        form.set_target(target_name);
        let _ = form.set_attribute("hidden", "");
        let field: HtmlInputElement = document().create_element("input").ok()?.dyn_into().ok()?;
        field.set_type("hidden");
        field.set_name("payload");
        field.set_value(&target.payload);
        form.append_child(&field).ok()?;
        document().body()?.append_child(&form).ok()?;
        Some(form)
    };
    let Some(form) = build() else {
        return false;
    };
    let sent = form.submit().is_ok();
    // The browser reads the form when the navigation runs, after this task;
    // then the form (which holds the token) goes.
    set_timeout(move || form.remove(), Duration::from_secs(1));
    sent
}
