//! App and external event subscriptions: what they listen to, and
//! subscribe, unsubscribe, resubscribe and pull events as the kind allows.

use super::page::Operations;
use crate::api::{Instance, InstanceKind, InstanceOperation};
use crate::ui::{ActionButton, RelativeTime};
use leptos::prelude::*;
use serde_json::Value;

#[component]
pub(super) fn SubscriptionBody(
    kind: InstanceKind,
    record: RwSignal<Instance>,
    ops: Operations,
) -> impl IntoView {
    let facts = crate::ui::memo(move |_| {
        let i = record.read();
        (
            i.app_event_type_id.clone(),
            i.webhook_uri.clone(),
            i.config.as_ref().map(super::json_text),
            i.is_real_time,
            i.next_pull_events_timestamp.as_ref().map(|t| match t {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            }),
        )
    });
    let standing = crate::ui::memo(move |_| {
        let i = record.read();
        (
            i.is_archived(),
            i.status.clone(),
            i.is_subscribed.unwrap_or(false),
        )
    });
    let button = move |op: InstanceOperation,
                       label: &'static str,
                       busy: &'static str,
                       kind: &'static str| {
        view! {
            <ActionButton label busy kind pending=ops.busy(op)
                disabled=Signal::derive(move || ops.action.pending().get())
                press=Callback::new(move |_| ops.run(op))/>
        }
    };
    view! {
        <div class="card">
            <h2>"Subscription"</h2>
            {move || {
                let (event_type, webhook, config, real_time, next_pull) = facts.get();
                view! {
                    <dl class="facts">
                        {event_type.map(|t| view! { <dt>"App event type"</dt><dd class="mono">{t}</dd> })}
                        {webhook.map(|w| view! { <dt>"Webhook"</dt><dd class="mono">{w}</dd> })}
                        {real_time.map(|r| view! {
                            <dt>"Delivery"</dt>
                            <dd>{if r { "Real time (webhook)" } else { "Pulled on a schedule" }}</dd>
                        })}
                        {next_pull.map(|at| view! { <dt>"Next pull"</dt><dd><RelativeTime value=Some(at)/></dd> })}
                    </dl>
                    {config.map(|c| view! {
                        <h3>"Configuration"</h3>
                        <pre class="json-output"><code>{c}</code></pre>
                    })}
                }
            }}
            <div class="actions">
                {move || {
                    let (archived, status, subscribed) = standing.get();
                    if archived {
                        return ().into_any();
                    }
                    match kind {
                        InstanceKind::AppEventSubscription => (!subscribed).then(|| {
                            button(InstanceOperation::Subscribe, "Subscribe", "Subscribing…", "primary")
                        }).into_any(),
                        _ => {
                            let subscribed = status.as_deref() == Some("subscribed");
                            view! {
                                {(!subscribed).then(|| button(InstanceOperation::Subscribe, "Subscribe", "Subscribing…", "primary"))}
                                {(status.as_deref() != Some("unsubscribed")).then(|| button(InstanceOperation::Resubscribe, "Resubscribe", "Resubscribing…", "secondary"))}
                                {subscribed.then(|| button(InstanceOperation::PullEvents, "Pull events now", "Pulling…", "secondary"))}
                                {subscribed.then(|| button(InstanceOperation::Unsubscribe, "Unsubscribe", "Unsubscribing…", "danger-outline"))}
                            }.into_any()
                        }
                    }
                }}
            </div>
        </div>
    }
}
