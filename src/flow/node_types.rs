//! The node types the console knows, kept in one place. The engine publishes no
//! catalogue, so the console keeps its own: title, description, the DataSchema
//! of each type's `config` (the editor's settings form is built from it) and
//! whether the type starts a flow.
//!
//! The table is JSON read once at first use rather than `json!` literals,
//! which would cost far more wasm.

use serde::Deserialize;
use serde_json::{Map, Value};
use std::sync::OnceLock;

#[derive(Debug, Clone, Deserialize)]
pub struct NodeType {
    pub key: String,
    pub title: String,
    /// One line.
    pub description: String,
    #[serde(default)]
    pub trigger: bool,
    /// The word a new node's key starts with ("request" for every request
    /// type), so keys in formulas (`$.input.request`) read as words.
    #[serde(default)]
    pub word: String,
    /// The DataSchema of the node's `config`.
    #[serde(default)]
    pub config: Value,
}

impl NodeType {
    /// The config a new node of this type starts with: the schema's defaults.
    pub fn default_config(&self) -> Map<String, Value> {
        match switchboard_schema::parse(&self.config).defaults() {
            Some(Value::Object(config)) => config,
            _ => Map::new(),
        }
    }
}

/// Every type: the triggers first, then the steps, in the spec's order.
pub fn node_types() -> &'static [NodeType] {
    static TYPES: OnceLock<Vec<NodeType>> = OnceLock::new();
    // The table ships inside the binary and a test reads it, so it cannot
    // fail at run time; an empty table is still safer than a panic.
    TYPES.get_or_init(|| serde_json::from_str(include_str!("node_types.json")).unwrap_or_default())
}

pub fn node_type(key: &str) -> Option<&'static NodeType> {
    node_types().iter().find(|t| t.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_table_holds_every_type_of_the_spec_in_order() {
        let keys: Vec<&str> = node_types().iter().map(|t| t.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "api-trigger",
                "schedule-trigger",
                "app-event-trigger",
                "data-record-created-trigger",
                "data-record-updated-trigger",
                "data-record-deleted-trigger",
                "connector-event-trigger",
                "list-data-records",
                "search-data-records",
                "find-data-record-by-id",
                "find-or-create-data-record",
                "create-data-record",
                "update-data-record",
                "delete-data-record",
                "transform-data",
                "filter",
                "for-each-v2",
                "run-javascript",
                "run-action",
                "api-request-to-your-app",
                "api-request-to-external-app",
                "custom-http-request",
            ]
        );
        for t in node_types() {
            assert_eq!(t.trigger, t.key.ends_with("-trigger"), "{}", t.key);
            assert!(!t.title.is_empty() && !t.word.is_empty(), "{}", t.key);
            assert!(
                !t.description.is_empty() && !t.description.contains('\n'),
                "{}: one line",
                t.key
            );
        }
        assert_eq!(
            node_type("filter").map(|t| t.title.as_str()),
            Some("Filter")
        );
        assert!(node_type("nope").is_none());
    }

    #[test]
    fn every_config_schema_parses_clean() {
        for t in node_types() {
            let schema = switchboard_schema::parse(&t.config);
            assert!(schema.is_clean(), "{}: {:?}", t.key, schema.notices());
            assert!(t.config.is_object(), "{}", t.key);
        }
    }

    #[test]
    fn required_settings_follow_the_spec() {
        let missing = |key: &str, config: Value| -> Vec<String> {
            let t = node_type(key).expect("a known type");
            let errors = switchboard_schema::parse(&t.config).validate(&config);
            errors.into_iter().map(|e| e.pointer).collect()
        };
        assert!(missing("api-trigger", json!({})).is_empty());
        assert_eq!(missing("schedule-trigger", json!({})), ["/intervalMinutes"]);
        assert_eq!(
            missing("schedule-trigger", json!({"intervalMinutes": 0})),
            ["/intervalMinutes"]
        );
        assert_eq!(
            missing("search-data-records", json!({"dataSource": {}})),
            ["/dataSource/collectionKey", "/query"]
        );
        assert_eq!(missing("find-data-record-by-id", json!({})), ["/id"]);
        assert_eq!(
            missing("custom-http-request", json!({"request": {"method": "GET"}})),
            ["/request/url"]
        );
        assert_eq!(
            missing(
                "api-request-to-your-app",
                json!({"request": {"method": "FETCH", "uri": "/x"}})
            ),
            ["/request/method"]
        );
        assert!(
            missing("filter", json!({"condition": {"$gt": [1, 2]}})).is_empty(),
            "the demo's comparison"
        );
        assert!(missing("transform-data", json!({"output": [1, {"a": "b"}]})).is_empty());
        assert!(missing("for-each-v2", json!({})).is_empty());
    }

    #[test]
    fn a_new_node_starts_with_the_schema_defaults() {
        let config = |key: &str| node_type(key).map(NodeType::default_config);
        assert_eq!(
            config("schedule-trigger").map(Value::Object),
            Some(json!({"intervalMinutes": 60}))
        );
        assert_eq!(
            config("api-request-to-your-app").map(Value::Object),
            Some(json!({"request": {"method": "GET"}}))
        );
        assert_eq!(config("transform-data"), Some(Map::new()));
    }
}
