//! The workspace: its name and the customer field schema.

use super::{lenient, Api, ApiError, Request};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Workspace {
    pub id: String,
    #[serde(default, deserialize_with = "lenient::field")]
    pub key: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub name: Option<String>,
    /// The DataSchema of customer `fields`; raw, parsed by the schema engine.
    #[serde(default)]
    pub user_fields_schema: FieldSchema,
}

/// The customer field schema as the engine sent it.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum FieldSchema {
    /// None is set.
    #[default]
    Absent,
    Read(Value),
    /// One is set but cannot be read, for example because it nests deeper
    /// than the decoder allows.
    Unreadable {
        reason: String,
    },
}

impl FieldSchema {
    /// The schema to build a form from: none when there is none to read.
    pub fn value(&self) -> Option<&Value> {
        match self {
            FieldSchema::Read(schema) => Some(schema),
            FieldSchema::Absent | FieldSchema::Unreadable { .. } => None,
        }
    }
}

impl<'de> Deserialize<'de> for FieldSchema {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Taken as text first, which has no depth limit: a schema too deep
        // to decode costs the schema, not the workspace.
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        Ok(match serde_json::from_str::<Value>(raw.get()) {
            Ok(Value::Null) => FieldSchema::Absent,
            Ok(schema) => FieldSchema::Read(schema),
            Err(error) => FieldSchema::Unreadable {
                reason: error.to_string(),
            },
        })
    }
}

impl Workspace {
    /// What to call the workspace on screen.
    pub fn display_name(&self) -> &str {
        self.name
            .as_deref()
            .or(self.key.as_deref())
            .unwrap_or(&self.id)
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SchemaPatch<'a> {
    user_fields_schema: &'a Value,
}

pub(crate) fn get_request() -> Request {
    Request::get("/workspace")
}

/// Workspace calls: `api.workspace().get()`.
#[derive(Clone, Copy)]
pub struct WorkspaceApi(Api);

impl Api {
    pub fn workspace(self) -> WorkspaceApi {
        WorkspaceApi(self)
    }
}

impl WorkspaceApi {
    pub async fn get(self) -> Result<Workspace, ApiError> {
        self.0.send_deep(get_request()).await
    }

    /// Replaces the customer field schema.
    pub async fn set_fields_schema(self, schema: &Value) -> Result<Workspace, ApiError> {
        let body = SchemaPatch {
            user_fields_schema: schema,
        };
        self.0.send_deep(Request::patch("/workspace", &body)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_with_unknown_and_missing_fields() {
        let w: Workspace =
            serde_json::from_str(r#"{"id":"w1","somethingNew":{"a":1}}"#).expect("lenient");
        assert_eq!(w.display_name(), "w1");
        assert_eq!(w.user_fields_schema, FieldSchema::Absent);
    }

    #[test]
    fn odd_workspace_fields_read_as_absent() {
        let w: Workspace =
            serde_json::from_str(r#"{"id":"w1","name":5,"key":null,"userFieldsSchema":null}"#)
                .expect("lenient");
        assert_eq!(w.display_name(), "w1");
        assert_eq!(w.user_fields_schema, FieldSchema::Absent);
        let w: Workspace =
            serde_json::from_str(r#"{"id":"w1","userFieldsSchema":{"type":"object"}}"#)
                .expect("read");
        assert_eq!(
            w.user_fields_schema.value(),
            Some(&serde_json::json!({"type": "object"}))
        );
    }

    #[test]
    fn a_schema_too_deep_to_decode_costs_only_the_schema() {
        let deep = format!(
            "{}{{\"type\":\"string\"}}{}",
            r#"{"type":"object","properties":{"a":"#.repeat(200),
            "}}".repeat(200)
        );
        let body = format!(r#"{{"id":"w1","name":"Acme","userFieldsSchema":{deep}}}"#);
        let w: Workspace = serde_json::from_str(&body).expect("the workspace reads");
        assert_eq!(w.display_name(), "Acme");
        match w.user_fields_schema {
            FieldSchema::Unreadable { reason } => {
                assert!(reason.contains("recursion limit"), "{reason}")
            }
            other => panic!("expected unreadable, got {other:?}"),
        }
    }
}
