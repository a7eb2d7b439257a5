//! Flow runs: one run of a customer's flow instance, from queued to an end.

use super::connections::ConnectionError;
use super::instances::INSTANCES_PAGE_SIZE;
use super::{lenient, path, Api, ApiError, Page, Request};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FlowRun {
    pub id: String,
    #[serde(default, deserialize_with = "lenient::field")]
    pub name: Option<String>,
    /// The flow instance; engines may also send it as `flowInstanceId`, its
    /// older name, beside this one (an alias would refuse both together).
    #[serde(default, deserialize_with = "lenient::field")]
    pub connection_flow_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub flow_instance_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub start_node_key: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub state: String,
    #[serde(default, deserialize_with = "lenient::field")]
    pub start_time: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub end_time: Option<String>,
    #[serde(default, deserialize_with = "lenient::entries")]
    pub errors: Vec<ConnectionError>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub input: Option<Value>,
    /// Read node by node ([`FlowRun::node`]).
    #[serde(default, deserialize_with = "lenient::field")]
    pub nodes: Map<String, Value>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub launched_by: Option<LaunchedBy>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct LaunchedBy {
    #[serde(default, rename = "type", deserialize_with = "lenient::field")]
    pub kind: Option<String>,
}

/// How one node of a run went.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeRun {
    #[serde(default, deserialize_with = "lenient::field")]
    pub state: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub runs: Option<u64>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub errored_runs: Option<u64>,
    #[serde(default, deserialize_with = "lenient::entries")]
    pub errors: Vec<ConnectionError>,
    /// What the node produced, once it has finished (the local engine's
    /// runs have it; an engine that leaves it out shows no output).
    #[serde(default)]
    pub output: Option<Value>,
}

impl FlowRun {
    /// Still queued or running: worth watching.
    pub fn is_live(&self) -> bool {
        matches!(self.state.as_str(), "queued" | "running")
    }

    /// The state in words; an unknown one as the engine wrote it.
    pub fn state_label(&self) -> String {
        run_state_label(&self.state)
    }

    /// What launched the run, in words.
    pub fn launched_by_label(&self) -> String {
        let kind = self.launched_by.as_ref().and_then(|l| l.kind.as_deref());
        match kind {
            Some("api-trigger") => "API call".to_owned(),
            Some("schedule-trigger") => "Schedule".to_owned(),
            Some("app-event-trigger") => "App event".to_owned(),
            Some("data-source-trigger") => "Data source change".to_owned(),
            Some("external-event") => "External event".to_owned(),
            Some(other) => other.to_owned(),
            None => "—".to_owned(),
        }
    }

    /// How one node went, when the run has reached it.
    pub fn node(&self, key: &str) -> Option<NodeRun> {
        self.nodes
            .get(key)
            .map(|n| NodeRun::deserialize(n).unwrap_or_default())
    }
}

/// A run's or a node's state in words.
pub fn run_state_label(state: &str) -> String {
    match state {
        "queued" => "Queued",
        "running" => "Running",
        "completed" => "Completed",
        "stopped" => "Stopped",
        "failed" => "Failed",
        "skipped" => "Skipped (an earlier step stopped this path)",
        "" => "Unknown",
        other => return other.to_owned(),
    }
    .to_owned()
}

/// A duration in words: "850 ms", "1.5 s", "2 min 5 s".
pub fn duration_words(ms: i64) -> String {
    let ms = ms.max(0);
    if ms < 1000 {
        format!("{ms} ms")
    } else if ms < 60_000 {
        format!("{}.{} s", ms / 1000, (ms % 1000) / 100)
    } else {
        let s = (ms + 500) / 1000;
        format!("{} min {} s", s / 60, s % 60)
    }
}

/// `POST /flow-runs`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewFlowRun {
    pub flow_instance_id: String,
    /// The trigger to start from; the engine picks the first when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<Value>,
}

pub(crate) fn get_request(id: &str) -> Request {
    Request::get(path("/flow-runs", id))
}

pub(crate) fn list_request(flow_instance_id: &str, cursor: Option<&str>) -> Request {
    Request::get("/flow-runs")
        .query("connectionFlowId", Some(flow_instance_id))
        .query("limit", Some(INSTANCES_PAGE_SIZE))
        .query("cursor", cursor)
}

/// Flow run calls: `api.flow_runs().start(&run)`.
#[derive(Clone, Copy)]
pub struct FlowRunsApi(Api);

impl Api {
    pub fn flow_runs(self) -> FlowRunsApi {
        FlowRunsApi(self)
    }
}

impl FlowRunsApi {
    /// One flow instance's runs, newest first.
    pub async fn list(
        self,
        flow_instance_id: &str,
        cursor: Option<&str>,
    ) -> Result<Page<FlowRun>, ApiError> {
        self.0.send(list_request(flow_instance_id, cursor)).await
    }

    pub async fn get(self, id: &str) -> Result<FlowRun, ApiError> {
        self.0.send(get_request(id)).await
    }

    pub async fn start(self, run: &NewFlowRun) -> Result<FlowRun, ApiError> {
        self.0.send(Request::post("/flow-runs", run)).await
    }

    pub async fn stop(self, id: &str) -> Result<FlowRun, ApiError> {
        let stop = format!("{}/stop", path("/flow-runs", id));
        self.0.send(Request::post(stop, &Map::new())).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_run_reads_with_what_it_has() {
        let run: FlowRun = serde_json::from_value(json!({
            "id": "r1", "connectionFlowId": "f1", "flowInstanceId": "f1", "state": "failed",
            "startTime": "2026-12-01T10:00:00.000Z", "endTime": "2026-12-01T10:00:01.500Z",
            "errors": [{"message": "Upload invoice failed"}, 3],
            "nodes": {"a": {"state": "completed", "runs": 1}, "b": {"state": 5}},
            "launchedBy": {"type": "schedule-trigger"}, "extra": true
        }))
        .expect("a run");
        assert_eq!(
            run.connection_flow_id.as_deref(),
            Some("f1"),
            "both names at once"
        );
        assert_eq!(run.flow_instance_id.as_deref(), Some("f1"));
        assert_eq!(run.state_label(), "Failed");
        assert_eq!(run.errors.len(), 1);
        assert_eq!(run.launched_by_label(), "Schedule");
        assert_eq!(
            run.node("a").and_then(|n| n.state).as_deref(),
            Some("completed")
        );
        assert_eq!(run.node("b").map(|n| n.state), Some(None));
        assert_eq!(run.node("c"), None);
        assert!(!run.is_live());
        let odd: FlowRun =
            serde_json::from_value(json!({"id": "r2", "state": "paused"})).expect("odd");
        assert_eq!(odd.state_label(), "paused");
        assert_eq!(odd.launched_by_label(), "—");
    }

    #[test]
    fn the_runs_of_one_flow() {
        let r = list_request("f 1", Some("c2"));
        assert_eq!(r.path, "/flow-runs");
        assert_eq!(
            r.query,
            [
                ("connectionFlowId", "f 1".to_owned()),
                ("limit", "50".to_owned()),
                ("cursor", "c2".to_owned())
            ]
        );
    }

    #[test]
    fn durations_in_words() {
        assert_eq!(duration_words(850), "850 ms");
        assert_eq!(duration_words(1500), "1.5 s");
        assert_eq!(duration_words(125_000), "2 min 5 s");
    }
}
