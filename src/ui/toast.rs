//! Short confirmations ("Saved") in a polite live region.

use leptos::prelude::*;
use std::time::Duration;

/// The messages on screen; provided by the shell.
#[derive(Clone, Copy)]
pub struct Toasts {
    shown: RwSignal<Vec<(u64, String)>>,
    next_id: StoredValue<u64>,
}

/// How long a toast stays: long enough to read a short sentence.
const TOAST_TIME: Duration = Duration::from_secs(5);

impl Toasts {
    pub fn provide() -> Self {
        let toasts = Toasts {
            shown: RwSignal::new(Vec::new()),
            next_id: StoredValue::new(0),
        };
        provide_context(toasts);
        toasts
    }

    pub fn show(self, message: impl Into<String>) {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        self.shown.update(|t| t.push((id, message.into())));
        set_timeout(
            move || self.shown.update(|t| t.retain(|(i, _)| *i != id)),
            TOAST_TIME,
        );
    }
}

/// The toasts of the current context.
pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}

#[component]
pub fn ToastRegion(toasts: Toasts) -> impl IntoView {
    view! {
        <div class="toasts" role="status" aria-live="polite">
            <For each=move || toasts.shown.get() key=|(id, _)| *id let:toast>
                <p class="toast">{toast.1}</p>
            </For>
        </div>
    }
}
