//! Flow runs: one watched live (read again every second while it is queued
//! or running, as the vendor's SDK does), a flow's run history, and a run's
//! own page.

use super::InstanceState;
use crate::api::{
    duration_words, early, run_state_label, use_api, ApiError, FlowRun, Instance, InstanceKind,
    InstanceStatus, Item, Page, Request,
};
use crate::pages::connections::EngineErrors;
use crate::pages::NotFound;
use crate::ui::{
    app_href, error_fallback, parse_iso, part_view, ActionButton, EmptyList, ErrorPanel, ListTable,
    Loading, Pager, RelativeTime, StateBadge, UnreadableRow,
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde_json::Value;
use std::time::Duration;

/// How often a live run is read again.
const POLL: Duration = Duration::from_secs(1);

/// A run's state: class and icon of the shared state badge, and its words.
fn run_badge(state: &str) -> (&'static str, &'static str, String) {
    let (class, icon) = match state {
        "completed" => ("connected", "✓"),
        "failed" => ("error", "✕"),
        "stopped" | "skipped" => ("disconnected", "■"),
        _ => ("setting-up", "…"),
    };
    (class, icon, run_state_label(state))
}

/// The run a page watches: read again every second while it is live.
#[derive(Clone, Copy)]
pub(super) struct RunWatch {
    id: RwSignal<Option<String>>,
    latest: RwSignal<Option<Result<FlowRun, ApiError>>>,
    /// Bumped to read the run again: by the poll, or by Retry.
    tick: RwSignal<u32>,
    /// A poll is already due: a run shown meanwhile does not start a second.
    poll_due: StoredValue<bool>,
}

impl RunWatch {
    pub fn new() -> Self {
        let api = use_api();
        let watch = RunWatch {
            id: RwSignal::new(None),
            latest: RwSignal::new(None),
            tick: RwSignal::new(0),
            poll_due: StoredValue::new(false),
        };
        // Only polls and retries read: `show` comes with the run itself.
        let read = crate::ui::read(move || {
            watch.tick.track();
            let id = watch.id.get_untracked();
            async move {
                match id {
                    Some(id) => Some(api.flow_runs().get(&id).await),
                    None => None,
                }
            }
        });
        crate::ui::effect(move |_| {
            let Some(Some(result)) = read.get() else {
                return;
            };
            // Asked before another run was shown: not the one watched now.
            if let Ok(run) = &result {
                if watch.id.get_untracked().as_ref() != Some(&run.id) {
                    return;
                }
            }
            let live = matches!(&result, Ok(run) if run.is_live());
            watch.latest.set(Some(result));
            if live {
                watch.poll_later();
            }
        });
        watch
    }

    /// Watches `run` (just started, or opened).
    pub fn show(self, run: FlowRun) {
        let live = run.is_live();
        self.id.set(Some(run.id.clone()));
        self.latest.set(Some(Ok(run)));
        if live {
            self.poll_later();
        }
    }

    /// Reads the run again after [`POLL`]; the timer outlives the page
    /// harmlessly (`try_` on what is gone).
    fn poll_later(self) {
        if self.poll_due.get_value() {
            return;
        }
        self.poll_due.set_value(true);
        let (tick, due) = (self.tick, self.poll_due);
        set_timeout(
            move || {
                due.try_update_value(|due| *due = false);
                tick.try_update(|t| *t += 1);
            },
            POLL,
        );
    }

    pub fn is_live(self) -> bool {
        self.latest
            .with(|r| matches!(r, Some(Ok(run)) if run.is_live()))
    }

    /// The watched run's state (tracked), for lists that follow it.
    pub fn state(self) -> Option<String> {
        self.latest.with(|r| {
            r.as_ref()
                .and_then(|r| r.as_ref().ok())
                .map(|r| r.state.clone())
        })
    }

    /// How the watched run went at node `key`: its words, a class, and
    /// what the node produced once it has finished.
    pub fn node_result(self, key: &str) -> Option<(String, &'static str, Option<Value>)> {
        self.latest.with(|r| {
            let run = r.as_ref()?.as_ref().ok()?;
            let node = run.node(key)?;
            let (class, _, label) = run_badge(node.state.as_deref()?);
            Some((label, class, node.output))
        })
    }

    fn retry(self) {
        self.tick.update(|t| *t += 1);
    }
}

/// The watched run: state, times, each node, errors, and Stop while live.
#[component]
pub(super) fn RunProgress(
    watch: RunWatch,
    /// On the flow's page, whose address this is: the nodes are shown with
    /// the steps already, and a link opens the run's own page.
    #[prop(optional)]
    flow_href: Option<String>,
    /// The flow's steps in order, for the run's own page.
    #[prop(optional)]
    steps: Vec<(String, String)>,
) -> impl IntoView {
    let api = use_api();
    let stop = crate::ui::write(move |id: &String| {
        let id = id.clone();
        async move {
            let stopped = api.flow_runs().stop(&id).await;
            if let Ok(run) = &stopped {
                watch.latest.set(Some(Ok(run.clone())));
            }
            stopped
        }
    });
    let steps = StoredValue::new(steps);
    let compact = flow_href.is_some();
    let flow_href = StoredValue::new(flow_href);
    move || {
        watch.latest.get().map(|result| match result {
            Err(error) => view! {
                <ErrorPanel error retry=Callback::new(move |_| watch.retry())/>
            }.into_any(),
            Ok(run) => {
                let (class, icon, label) = run_badge(&run.state);
                let id = run.id.clone();
                let live = run.is_live();
                let duration = duration_of(&run).map(duration_words);
                let nodes: Vec<(String, String)> = if compact {
                    Vec::new()
                } else {
                    let mut known = steps.get_value();
                    for key in run.nodes.keys() {
                        if !known.iter().any(|(k, _)| k == key) {
                            known.push((key.clone(), key.clone()));
                        }
                    }
                    known
                };
                view! {
                    <div class="run-progress" role="status" aria-live="polite">
                        <p class="run-state">
                            <StateBadge class icon label detail=None/>
                            {duration.map(|d| view! { <span class="hint">{format!(" · {d}")}</span> })}
                            {flow_href.get_value().map(|flow| view! {
                                <a class="run-link" href=run_href(&flow, &run.id)>"Open the run"</a>
                            })}
                        </p>
                        {live.then(|| view! {
                            <ActionButton label="Stop the run" busy="Stopping…" kind="danger-outline"
                                pending=stop.pending()
                                press=Callback::new(move |_| { stop.dispatch(id.clone()); })/>
                        })}
                        {move || stop.value().get().and_then(Result::err).filter(|_| !stop.pending().get())
                            .map(|error| view! { <ErrorPanel error/> })}
                        {(!nodes.is_empty()).then(|| view! {
                            <ol class="run-nodes">
                                {nodes.into_iter().map(|(key, name)| {
                                    let node = run.node(&key);
                                    let state = node.as_ref().and_then(|n| n.state.clone());
                                    let (class, icon, label) = match &state {
                                        Some(s) => run_badge(s),
                                        None => ("disconnected", "○", "Not reached".to_owned()),
                                    };
                                    let errors = node.map(|n| n.errors).unwrap_or_default();
                                    view! {
                                        <li>
                                            <span class="step-name">{name}</span>" "
                                            <StateBadge class icon label detail=None/>
                                            {(!errors.is_empty()).then(|| view! { <EngineErrors errors/> })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                        })}
                        {(!run.errors.is_empty()).then(|| view! { <EngineErrors errors=run.errors.clone()/> })}
                    </div>
                }.into_any()
            }
        })
    }
}

/// How long a run took, or has taken so far.
fn duration_of(run: &FlowRun) -> Option<i64> {
    let start = parse_iso(run.start_time.as_deref()?)?;
    let end = match run.end_time.as_deref() {
        Some(end) => parse_iso(end)?,
        None => js_sys::Date::now() as i64,
    };
    Some(end - start)
}

/// A run's page, under its flow's page.
pub(super) fn run_href(flow_href: &str, run_id: &str) -> String {
    format!("{flow_href}/runs/{}", crate::api::encode(run_id))
}

/// A flow's runs, newest first, paged; read again as the watched run moves.
#[component]
pub(super) fn RunHistory(flow_id: String, flow_href: String, watch: RunWatch) -> impl IntoView {
    let api = use_api();
    let cursor = RwSignal::new(None::<String>);
    let watched_state = crate::ui::memo(move |_| watch.state());
    let for_read = flow_id.clone();
    let rows = crate::ui::read(move || {
        watched_state.track();
        let (id, cursor) = (for_read.clone(), cursor.get());
        async move { api.flow_runs().list(&id, cursor.as_deref()).await }
    });
    view! {
        <section class="card" aria-labelledby="flow-runs-title">
            <h2 id="flow-runs-title">"Runs"</h2>
            <Transition fallback=|| view! { <Loading label="Loading the runs…"/> }>
                {move || {
                    let flow_href = flow_href.clone();
                    Suspend::new(async move {
                        part_view(rows.await, move || rows.refetch(), move |page: Page<FlowRun>| {
                            let next = page.has_more().then(|| page.cursor.clone()).flatten();
                            let later = untrack(|| cursor.get().is_some());
                            let items = page.items;
                            view! {
                                {if items.is_empty() {
                                    view! { <EmptyList plural="runs" nothing_yet="This flow has not run yet."
                                        why="Runs appear here when a trigger fires or when you run the flow above."/> }.into_any()
                                } else {
                                    view! {
                                        <ListTable columns=vec!["Started", "State", "Duration", "Launched by"] class="run-table">
                                            {items.into_iter().map(|item| match item {
                                                Item::Read(run) => {
                                                    let href = run_href(&flow_href, &run.id);
                                                    view! { <RunRow run href/> }.into_any()
                                                }
                                                Item::Unreadable(item) => view! { <UnreadableRow what="run" item columns=4/> }.into_any(),
                                            }).collect_view()}
                                        </ListTable>
                                    }.into_any()
                                }}
                                <Pager later next on_page=Callback::new(move |c| cursor.set(c))/>
                            }.into_any()
                        })
                    })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn RunRow(run: FlowRun, href: String) -> impl IntoView {
    let (class, icon, label) = run_badge(&run.state);
    let detail = run.errors.first().map(|e| e.text());
    view! {
        <tr>
            <td data-label="Started">
                <a href=href><RelativeTime value=run.start_time.clone()/></a>
            </td>
            <td data-label="State"><StateBadge class icon label detail/></td>
            <td data-label="Duration">{duration_of(&run).map(duration_words).unwrap_or_else(|| "—".to_owned())}</td>
            <td data-label="Launched by">{run.launched_by_label()}</td>
        </tr>
    }
}

/// The run and its flow, whose steps name the run's nodes.
pub(crate) fn flow_run_page_reads() -> Vec<Request> {
    let params = use_params_map().get_untracked();
    let flow_id = params.get("instance").unwrap_or_default();
    let run_id = params.get("run").unwrap_or_default();
    vec![
        early::flow_run(&run_id),
        early::instance(InstanceKind::Flow, &flow_id),
    ]
}

/// `/customers/{id}/flows/{flow}/runs/{run}`.
#[component]
pub fn FlowRunPage() -> impl IntoView {
    let params = use_params_map();
    let target = crate::ui::memo(move |_| {
        let p = params.read();
        (
            p.get("id").unwrap_or_default(),
            p.get("instance").unwrap_or_default(),
            p.get("run").unwrap_or_default(),
        )
    });
    move || {
        let (customer_id, flow_id, run_id) = target.get();
        if run_id.is_empty() {
            return view! { <NotFound/> }.into_any();
        }
        view! { <RunLoader customer_id flow_id run_id/> }.into_any()
    }
}

#[component]
fn RunLoader(customer_id: String, flow_id: String, run_id: String) -> impl IntoView {
    let api = use_api();
    let for_run = run_id.clone();
    let run = crate::ui::read(move || {
        let id = for_run.clone();
        async move { api.flow_runs().get(&id).await }
    });
    let for_flow = flow_id.clone();
    // The flow's steps name the run's nodes; without them the keys do.
    let flow = crate::ui::read(move || {
        let id = for_flow.clone();
        async move { api.instances().get(InstanceKind::Flow, &id).await }
    });
    crate::pages::customers::use_customer_page_title(|| "Flow run".to_owned());
    let back = app_href(&format!(
        "/customers/{}/flows/{}",
        crate::api::encode(&customer_id),
        crate::api::encode(&flow_id)
    ));
    view! {
        <p class="breadcrumb"><a href=back>"Back to the flow"</a></p>
        <Suspense fallback=|| view! { <Loading label="Loading the run…"/> }>
            <ErrorBoundary fallback=error_fallback(move || run.refetch())>
                {move || Suspend::new(async move {
                    let flow: Option<Instance> = flow.await.ok();
                    run.await.map(|run| view! { <RunView run flow/> })
                })}
            </ErrorBoundary>
        </Suspense>
    }
}

#[component]
fn RunView(run: FlowRun, flow: Option<Instance>) -> impl IntoView {
    let watch = RunWatch::new();
    let input = run.input.as_ref().map(super::json_text);
    let started = run.start_time.clone();
    let launched = run.launched_by_label();
    watch.show(run);
    let flow_name = flow.as_ref().map(|f| f.display_name().to_owned());
    let flow_state: Option<InstanceStatus> = flow.as_ref().map(Instance::status);
    let steps: Vec<(String, String)> = flow
        .map(|f| {
            f.flow_nodes()
                .into_iter()
                .map(|(key, node)| {
                    let name = node.name.unwrap_or_else(|| key.clone());
                    (key, name)
                })
                .collect()
        })
        .unwrap_or_default();
    view! {
        <header class="record-head">
            <div>
                <h1>{format!("Run of {}", flow_name.unwrap_or_else(|| "a flow".to_owned()))}</h1>
                {flow_state.map(|status| view! { <p class="hint">"Flow: " <InstanceState status/></p> })}
            </div>
        </header>
        <div class="card">
            <h2>"About"</h2>
            <dl class="facts">
                <dt>"Started"</dt>
                <dd><RelativeTime value=started/></dd>
                <dt>"Launched by"</dt>
                <dd>{launched}</dd>
            </dl>
        </div>
        <section class="card" aria-labelledby="run-progress-title">
            <h2 id="run-progress-title">"Progress"</h2>
            <RunProgress watch steps/>
        </section>
        {input.map(|input| view! {
            <div class="card">
                <h2>"Input"</h2>
                <pre class="json-output"><code>{input}</code></pre>
            </div>
        })}
    }
}
