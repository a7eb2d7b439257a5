//! Deactivate, activate, archive and restore an app. The destructive ones
//! are confirmed, saying how many connections they affect.

use crate::api::{use_api, ApiError, Integration, IntegrationPatch};
use crate::ui::{Dialog, ErrorPanel};
use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Change {
    Deactivate,
    Activate,
    Archive,
    Restore,
}

impl Change {
    fn done(self, name: &str) -> String {
        match self {
            Change::Deactivate => format!("{name} is deactivated."),
            Change::Activate => format!("{name} is active again."),
            Change::Archive => format!("{name} is archived."),
            Change::Restore => format!("{name} is restored."),
        }
    }
}

fn affected(count: Option<u64>) -> String {
    match count {
        Some(0) => "No connections use this app.".to_owned(),
        Some(1) => "1 connection uses this app.".to_owned(),
        Some(n) => format!("{n} connections use this app."),
        None => "Its connections are affected.".to_owned(),
    }
}

/// What the availability card shows of an app.
#[derive(Clone, Debug, PartialEq)]
pub struct Availability {
    key: String,
    name: String,
    archived: bool,
    deactivated: bool,
    connections: Option<u64>,
}

impl Availability {
    pub fn of(app: &Integration) -> Availability {
        Availability {
            key: app.reference().to_owned(),
            name: app.display_name().to_owned(),
            archived: app.is_archived(),
            deactivated: app.is_deactivated,
            connections: app.connections_count,
        }
    }
}

#[component]
pub fn Lifecycle(app: Availability, done: Callback<String>) -> impl IntoView {
    let api = use_api();
    let Availability {
        key,
        name,
        archived,
        deactivated,
        connections,
    } = app;
    let confirming = RwSignal::new(None::<Change>);
    let title = Signal::derive({
        let name = name.clone();
        move || match confirming.get() {
            Some(Change::Archive) => format!("Archive {name}?"),
            _ => format!("Deactivate {name}?"),
        }
    });
    let open = RwSignal::new(false);
    let action = crate::ui::write(move |change: &Change| {
        let (change, key, name) = (*change, key.clone(), name.clone());
        async move {
            let integrations = api.integrations();
            match change {
                Change::Deactivate | Change::Activate => {
                    let patch = IntegrationPatch {
                        is_deactivated: Some(change == Change::Deactivate),
                        ..Default::default()
                    };
                    integrations.update(&key, &patch).await?;
                }
                Change::Archive => {
                    integrations.archive(&key).await?;
                }
                Change::Restore => {
                    integrations.restore(&key).await?;
                }
            }
            Ok::<_, ApiError>(change.done(&name))
        }
    });
    // From an effect, so the refreshed page cannot pull the action away
    // while it finishes.
    crate::ui::effect(move |_| {
        if let Some(Ok(message)) = action.value().get() {
            open.set(false);
            done.run(message);
        }
    });
    let ask = move |change: Change| {
        confirming.set(Some(change));
        open.set(true);
    };
    let count = affected(connections);
    let pending = move || action.pending().get();
    view! {
        <section class="card" aria-labelledby="app-lifecycle">
            <h2 id="app-lifecycle">"Availability"</h2>
            <div class="actions">
                {if archived {
                    view! {
                        <button type="button" class="button primary" disabled=pending
                            on:click=move |_| { action.dispatch(Change::Restore); }>"Restore"</button>
                    }.into_any()
                } else {
                    view! {
                        {if deactivated {
                            view! {
                                <button type="button" class="button primary" disabled=pending
                                    on:click=move |_| { action.dispatch(Change::Activate); }>"Activate"</button>
                            }.into_any()
                        } else {
                            view! {
                                <button type="button" class="button secondary" aria-haspopup="dialog"
                                    on:click=move |_| ask(Change::Deactivate)>"Deactivate…"</button>
                            }.into_any()
                        }}
                        <button type="button" class="button danger" aria-haspopup="dialog"
                            on:click=move |_| ask(Change::Archive)>"Archive…"</button>
                    }.into_any()
                }}
            </div>
            {move || (!open.get()).then(|| action.value().get().and_then(Result::err)
                .map(|error| view! { <ErrorPanel error/> }))}
            <Dialog open title>
                <p>{count.clone()}</p>
                <p>{move || match confirming.get() {
                    Some(Change::Archive) => "Archiving stops its connections and hides the app from customers. You can restore it later from Apps › Archived.",
                    _ => "While it is deactivated, its connections stop running and customers cannot connect it. You can activate it again at any time.",
                }}</p>
                {move || action.value().get().and_then(Result::err).map(|error| view! { <ErrorPanel error/> })}
                <div class="actions">
                    <button type="button" class="button danger" disabled=pending
                        on:click=move |_| {
                            if let Some(change) = confirming.get_untracked() {
                                action.dispatch(change);
                            }
                        }>
                        {move || match confirming.get() {
                            Some(Change::Archive) => "Archive",
                            _ => "Deactivate",
                        }}
                    </button>
                    <button type="button" class="button secondary" on:click=move |_| open.set(false)>"Cancel"</button>
                </div>
            </Dialog>
        </section>
    }
}
