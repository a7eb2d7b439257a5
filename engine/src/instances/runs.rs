//! Flow runs. A run's state follows from the clock, so it is deterministic and needs no
//! background task: `queued` for its first [`QUEUED_MS`], then `running` until its settle
//! time ([`RUN_MS`] after the start for a run posted here, [`SLOW_RUN_MS`] when its input
//! asks to be slow), then its outcome (`completed` or
//! `failed`); a stop before that makes it `stopped`. Its nodes complete one after another
//! over the running time. What each node does is worked out when the run starts
//! ([`steps::plan`]) and stored with it, so a node's output reads the same every time.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Serialize, Serializer};
use serde_json::{json, Map, Value};

use super::flows::{is_trigger, nodes};
use super::kinds::FLOW;
use super::ops::tenant_filter;
use super::steps::{self, RunContext, Step};
use super::store;
use super::Stored;
use crate::auth::Principal;
use crate::db::{iso, new_id, now_ms, parse_iso};
use crate::errors::{ApiError, ApiResult};
use crate::input::{json_column, JsonBody, ListQuery, Listed, QueryMap};
use crate::AppState;

pub const QUEUED_MS: i64 = 200;
pub const RUN_MS: i64 = 1500;
/// How long a run whose input asks for it (`{"slow": true}`) keeps running: long enough
/// for a person, or a test, to watch it and stop it without racing the clock.
pub const SLOW_RUN_MS: i64 = 120_000;
const STATES: &[&str] = &["queued", "running", "completed", "stopped", "failed"];

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/flow-runs", get(list).post(create))
        .route("/flow-runs/{id}", get(fetch))
        .route("/flow-runs/{id}/stop", post(stop))
}

const FROM: &str = "flow_runs r";
const COLUMNS: &str = "r.id, r.flow_instance_id, r.user_id, r.connection_id, r.integration_id,
    r.name, r.start_node_key, r.plan, r.outcome, r.errors, r.input, r.launched_by, r.start_time,
    r.settle_time, r.stopped_at";
/// The state in SQL, matching [`state_at`]; binds "now" twice.
const STATE_SQL: &str = "(CASE WHEN r.stopped_at IS NOT NULL THEN 'stopped'
    WHEN ? < r.start_time + 200 THEN 'queued' WHEN ? < r.settle_time THEN 'running'
    ELSE r.outcome END)";

fn state_at(now: i64, start: i64, settle: i64, stopped_at: Option<i64>, outcome: &str) -> String {
    if stopped_at.is_some() {
        "stopped"
    } else if now < start + QUEUED_MS {
        "queued"
    } else if now < settle {
        "running"
    } else {
        outcome
    }
    .to_string()
}

/// A flow run as the API shows it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FlowRun {
    id: String,
    user_id: String,
    tenant_id: String,
    connection_flow_id: String,
    flow_instance_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    connection_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    integration_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    start_node_key: String,
    state: String,
    start_time: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    input: Option<Value>,
    nodes: Nodes,
    launched_by: Value,
}

/// The nodes a run has reached, in plan order, as an object keyed by node key.
struct Nodes(Vec<(String, NodeRun)>);

impl Serialize for Nodes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(key, node)| (key, node)))
    }
}

/// One node's part in a run.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NodeRun {
    state: &'static str,
    runs: u8,
    errored_runs: u8,
    /// Present once the node has finished; `Some(Value::Null)` is an output of null.
    #[serde(skip_serializing_if = "Option::is_none")]
    output: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<Value>,
}

/// Whether a rendered run carries its nodes' outputs. Lists leave them out: a page of runs
/// is for finding one, and outputs can be large.
#[derive(Clone, Copy, PartialEq)]
enum Outputs {
    Shown,
    Left,
}

fn from_row(row: &rusqlite::Row, now: i64, outputs: Outputs) -> ApiResult<FlowRun> {
    let start: i64 = row.get("start_time")?;
    let settle: i64 = row.get("settle_time")?;
    let stopped_at: Option<i64> = row.get("stopped_at")?;
    let outcome: String = row.get("outcome")?;
    let state = state_at(now, start, settle, stopped_at, &outcome);
    let errors = json_column(row, "errors")?;
    let mut plan: Vec<Step> = match json_column(row, "plan")? {
        Value::Array(entries) => entries.iter().filter_map(Step::from_json).collect(),
        _ => Vec::new(),
    };
    if outputs == Outputs::Left {
        for step in &mut plan {
            step.output = None;
        }
    }
    let at = now.min(stopped_at.unwrap_or(i64::MAX)).min(settle);
    let nodes = node_progress(plan, start, settle, at, &state, &errors);
    let settled = !matches!(state.as_str(), "queued" | "running");
    let user_id: String = row.get("user_id")?;
    let flow_instance_id: String = row.get("flow_instance_id")?;
    let input = json_column(row, "input")?;
    Ok(FlowRun {
        id: row.get("id")?,
        tenant_id: user_id.clone(),
        user_id,
        connection_flow_id: flow_instance_id.clone(),
        flow_instance_id,
        connection_id: row.get("connection_id")?,
        integration_id: row.get("integration_id")?,
        name: row.get("name")?,
        start_node_key: row.get("start_node_key")?,
        start_time: iso(start),
        end_time: settled.then(|| iso(stopped_at.unwrap_or(settle))),
        errors: (state == "failed" && !errors.is_null()).then_some(errors),
        input: (!input.is_null()).then_some(input),
        nodes,
        launched_by: json_column(row, "launched_by")?,
        state,
    })
}

/// Each node that runs completes at an even share of the running time; the node under way
/// is `running` (or `stopped`), the ones after it have not started and are left out. A node
/// a closed filter skipped shows once that filter has finished. The failing node is the last
/// to run.
fn node_progress(
    plan: Vec<Step>,
    start: i64,
    settle: i64,
    at: i64,
    state: &str,
    errors: &Value,
) -> Nodes {
    let mut nodes = Vec::new();
    let count = plan.iter().filter(|s| s.skipped_after.is_none()).count() as i64;
    if state == "queued" || count == 0 {
        return Nodes(nodes);
    }
    let running_from = (start + QUEUED_MS).min(settle);
    let span = settle - running_from;
    let mut ran = 0;
    for step in plan {
        if step.skipped_after.is_some() {
            let node = NodeRun {
                state: "skipped",
                runs: 0,
                errored_runs: 0,
                output: None,
                errors: None,
            };
            nodes.push((step.key, node));
            continue;
        }
        ran += 1;
        let done_at = running_from + span * ran / count;
        if at >= done_at {
            let failed = state == "failed" && ran == count;
            let node = NodeRun {
                state: if failed { "failed" } else { "completed" },
                runs: 1,
                errored_runs: u8::from(failed),
                output: if failed { None } else { step.output },
                errors: failed.then(|| errors.clone()),
            };
            nodes.push((step.key, node));
        } else {
            let node = NodeRun {
                state: if state == "stopped" {
                    "stopped"
                } else {
                    "running"
                },
                runs: 0,
                errored_runs: 0,
                output: None,
                errors: None,
            };
            nodes.push((step.key, node));
            break;
        }
    }
    Nodes(nodes)
}

/// A new run, stored.
pub struct NewRun<'a> {
    pub id: String,
    pub instance_id: &'a str,
    pub connection_id: Option<&'a str>,
    /// The flow instance's name and nodes.
    pub name: &'a str,
    pub flow: &'a Map<String, Value>,
    pub user_id: &'a str,
    pub integration_id: Option<String>,
    pub start_node_key: String,
    pub input: Option<Value>,
    pub launched_by: &'a str,
    pub start_time: i64,
    pub settle_time: i64,
    pub stopped_at: Option<i64>,
    /// Fail at the end of the plan even when no node is configured to.
    pub fail: bool,
}

impl NewRun<'_> {
    pub fn insert(&self, conn: &Connection) -> rusqlite::Result<()> {
        let app = app_key(conn, self.integration_id.as_deref())?;
        let context = RunContext {
            input: self.input.as_ref(),
            app: app.as_deref(),
            fail: self.fail,
        };
        let planned = steps::plan(self.flow, &self.start_node_key, &context);
        let plan: Vec<Value> = planned.steps.iter().map(Step::to_json).collect();
        let errors = planned
            .failing
            .as_ref()
            .map(|(_, errors)| errors.to_string());
        conn.prepare_cached(
            "INSERT INTO flow_runs (id, flow_instance_id, user_id, connection_id, integration_id,
              name, start_node_key, plan, outcome, errors, input, launched_by, start_time,
              settle_time, stopped_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        )?
        .execute(params![
            self.id,
            self.instance_id,
            self.user_id,
            self.connection_id,
            self.integration_id,
            self.name,
            self.start_node_key,
            Value::Array(plan).to_string(),
            if planned.failing.is_some() {
                "failed"
            } else {
                "completed"
            },
            errors,
            self.input.as_ref().map(Value::to_string),
            json!({ "type": self.launched_by }).to_string(),
            self.start_time,
            self.settle_time,
            self.stopped_at,
        ])?;
        Ok(())
    }
}

/// The key of the external app behind an integration, which shapes what requests to it
/// answer in a run.
fn app_key(conn: &Connection, integration_id: Option<&str>) -> rusqlite::Result<Option<String>> {
    let Some(id) = integration_id else {
        return Ok(None);
    };
    conn.prepare_cached(
        "SELECT a.key FROM integrations i JOIN external_apps a ON a.id = i.external_app_id
         WHERE i.id = ?",
    )?
    .query_row([id], |row| row.get("key"))
    .optional()
}

async fn create(
    State(state): State<AppState>,
    principal: Principal,
    body: JsonBody,
) -> ApiResult<(StatusCode, Json<FlowRun>)> {
    let instance_id = body.string("flowInstanceId", 64)?;
    let node_key = body.opt_string("nodeKey", 255)?;
    let input = body.get("input").filter(|i| !i.is_null()).cloned();
    let run = state
        .db
        .call(|conn| {
            let missing =
                || ApiError::invalid("flowInstanceId", &format!("no flow instance {instance_id}"));
            let id =
                store::resolve(conn, &FLOW, &principal, &instance_id).map_err(|_| missing())?;
            let instance = Stored::load(conn, &FLOW, &id)?;
            if instance.archived {
                return Err(ApiError::invalid(
                    "flowInstanceId",
                    "the flow instance is archived",
                ));
            }
            let flow = nodes(&instance.own);
            let start = match node_key {
                Some(key) if flow.get(&key).is_some_and(is_trigger) => key,
                Some(key) => {
                    return Err(ApiError::invalid(
                        "nodeKey",
                        &format!("\"{key}\" is not a trigger node of this flow"),
                    ))
                }
                None => flow
                    .iter()
                    .find(|(_, node)| is_trigger(node))
                    .map(|(key, _)| key.clone())
                    .ok_or_else(|| {
                        ApiError::invalid("flowInstanceId", "the flow has no trigger node")
                    })?,
            };
            let (user_id, integration_id): (String, Option<String>) = conn.query_row(
                "SELECT user_id, integration_id FROM instances WHERE id = ?",
                [&id],
                |row| Ok((row.get("user_id")?, row.get("integration_id")?)),
            )?;
            let now = now_ms();
            let fail = input.as_ref().is_some_and(|i| i["fail"] == true);
            let slow = input.as_ref().is_some_and(|i| i["slow"] == true);
            let run = NewRun {
                id: new_id(),
                instance_id: &instance.id,
                connection_id: instance.connection_id.as_deref(),
                name: &instance.name,
                flow: &flow,
                user_id: &user_id,
                integration_id,
                start_node_key: start,
                input,
                launched_by: "api-trigger",
                start_time: now,
                settle_time: now + if slow { SLOW_RUN_MS } else { RUN_MS },
                stopped_at: None,
                fail,
            };
            run.insert(conn)?;
            render(conn, &run.id, now)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(run)))
}

fn render(conn: &Connection, id: &str, now: i64) -> ApiResult<FlowRun> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM {FROM} WHERE r.id = ?"))?;
    let mut rows = stmt.query([id])?;
    match rows.next()? {
        Some(row) => from_row(row, now, Outputs::Shown),
        None => Err(ApiError::not_found(format!("Flow run {id} not found"))),
    }
}

/// The run `id` as of `now`, if the principal may see it (else 404, as if it did not exist).
fn visible(conn: &Connection, principal: &Principal, id: &str, now: i64) -> ApiResult<FlowRun> {
    let owner: Option<String> = conn
        .query_row("SELECT user_id FROM flow_runs WHERE id = ?", [id], |row| {
            row.get("user_id")
        })
        .optional()?;
    match owner {
        Some(owner) if principal.may_see(&owner) => render(conn, id, now),
        _ => Err(ApiError::not_found(format!("Flow run {id} not found"))),
    }
}

async fn fetch(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> ApiResult<Json<FlowRun>> {
    state
        .db
        .call(|conn| visible(conn, &principal, &id, now_ms()))
        .await
        .map(Json)
}

async fn stop(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> ApiResult<Json<FlowRun>> {
    state
        .db
        .call(|conn| {
            let now = now_ms();
            let run = visible(conn, &principal, &id, now)?;
            if !matches!(run.state.as_str(), "queued" | "running") {
                return Err(ApiError::bad_request(format!(
                    "Flow run {id} is already {}: only a queued or running run can be stopped",
                    run.state
                )));
            }
            conn.execute(
                "UPDATE flow_runs SET stopped_at = ?1 WHERE id = ?2 AND stopped_at IS NULL",
                params![now, id],
            )?;
            render(conn, &id, now)
        })
        .await
        .map(Json)
}

fn time_filter(q: &QueryMap, param: &str) -> ApiResult<Option<i64>> {
    q.str(param)
        .map(|raw| {
            parse_iso(raw).ok_or_else(|| {
                ApiError::invalid(param, "must be an ISO-8601 time, e.g. 2026-01-31T12:00:00Z")
            })
        })
        .transpose()
}

async fn list(
    State(state): State<AppState>,
    principal: Principal,
    q: QueryMap,
) -> ApiResult<Json<Listed<FlowRun>>> {
    let page = q.page()?;
    let tenant = tenant_filter(&q)?;
    let flow = match (q.str("connectionFlowId"), q.str("flowInstanceId")) {
        (Some(a), Some(b)) if a != b => {
            return Err(ApiError::invalid(
                "flowInstanceId",
                "contradicts connectionFlowId",
            ))
        }
        (Some(id), _) | (None, Some(id)) => Some(id),
        (None, None) => None,
    };
    let run_state = q.str("state").map(str::to_string);
    if let Some(s) = &run_state {
        if !STATES.contains(&s.as_str()) {
            return Err(ApiError::invalid(
                "state",
                &format!("must be one of {}", STATES.join(", ")),
            ));
        }
    }
    let from = time_filter(&q, "from")?;
    let to = time_filter(&q, "to")?;
    let now = now_ms();
    state
        .db
        .call(|conn| {
            let mut query = ListQuery::new(FROM, COLUMNS, "r.start_time", "r.id");
            if let Some(tenant) = &tenant {
                query.equals("r.user_id", tenant);
            }
            if let Some(flow) = flow {
                query.equals("r.flow_instance_id", flow);
            }
            query.matching(
                &q,
                &[
                    ("connectionId", "r.connection_id"),
                    ("integrationId", "r.integration_id"),
                ],
            );
            if let Some(own) = principal.customer_id() {
                query.equals("r.user_id", own);
            }
            if let Some(run_state) = run_state {
                query.filter(
                    format!("{STATE_SQL} = ?"),
                    [
                        SqlValue::Integer(now),
                        SqlValue::Integer(now),
                        SqlValue::Text(run_state),
                    ],
                );
            }
            if let Some(from) = from {
                query.filter("r.start_time >= ?", [SqlValue::Integer(from)]);
            }
            if let Some(to) = to {
                query.filter("r.start_time <= ?", [SqlValue::Integer(to)]);
            }
            query.run(conn, &page, |row| from_row(row, now, Outputs::Left))
        })
        .await
        .map(Json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sql_state_matches_the_queued_time() {
        assert!(STATE_SQL.contains(&format!("r.start_time + {QUEUED_MS} ")));
        let at = |now| state_at(now, 1000, 2500, None, "failed");
        assert_eq!(
            [at(1000), at(1199), at(1200), at(2499), at(2500)],
            ["queued", "queued", "running", "running", "failed"]
        );
        assert_eq!(
            state_at(1300, 1000, 2500, Some(1300), "completed"),
            "stopped"
        );
    }
}
