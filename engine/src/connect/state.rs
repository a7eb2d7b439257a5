//! What is in flight between the steps: OAuth round trips waiting for their callback, and
//! results waiting for their SSE readers.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use tokio::sync::watch;

use super::ConnectRequest;

/// OAuth round trips abandoned for longer than this are forgotten.
const PENDING_TTL: Duration = Duration::from_secs(15 * 60);
/// Results stay readable over SSE for this long.
const EVENT_TTL: Duration = Duration::from_secs(60 * 60);

/// In-flight connect requests and their results.
#[derive(Default)]
pub struct ConnectState {
    pending: Mutex<HashMap<String, Pending>>,
    events: Mutex<HashMap<String, Slot>>,
}

pub(super) struct Pending {
    pub(super) request: ConnectRequest,
    pub(super) code: Option<String>,
    created: Instant,
}

/// A result as JSON text, and the customer allowed to read it (`None`: anyone authenticated,
/// used for failures that happened before the customer was known).
pub(super) type Outcome = Option<(String, Option<String>)>;

struct Slot {
    sender: watch::Sender<Outcome>,
    created: Instant,
}

impl ConnectState {
    pub(super) fn slot(&self, request_id: &str) -> watch::Sender<Outcome> {
        let mut events = self.events.lock().unwrap_or_else(|p| p.into_inner());
        events.retain(|_, slot| slot.created.elapsed() < EVENT_TTL);
        events
            .entry(request_id.to_string())
            .or_insert_with(|| Slot {
                sender: watch::channel(None).0,
                created: Instant::now(),
            })
            .sender
            .clone()
    }

    pub(super) fn publish(&self, request_id: &str, message: String, user_id: Option<String>) {
        self.slot(request_id).send_replace(Some((message, user_id)));
    }

    pub(super) fn park(&self, state: String, request: ConnectRequest) {
        let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
        pending.retain(|_, p| p.created.elapsed() < PENDING_TTL);
        pending.insert(
            state,
            Pending {
                request,
                code: None,
                created: Instant::now(),
            },
        );
    }

    /// Runs `f` on a live pending request.
    pub(super) fn with_pending<T>(
        &self,
        state: &str,
        f: impl FnOnce(&mut Pending) -> T,
    ) -> Option<T> {
        let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
        pending
            .get_mut(state)
            .filter(|p| p.created.elapsed() < PENDING_TTL)
            .map(f)
    }

    pub(super) fn take_pending(&self, state: &str) -> Option<Pending> {
        let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
        pending
            .remove(state)
            .filter(|p| p.created.elapsed() < PENDING_TTL)
    }
}
