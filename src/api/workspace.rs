//! The workspace: its name and the customer field schema.

use super::{lenient, Api, ApiError, Request};
use serde::{Deserialize, Serialize};
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
    #[serde(default, deserialize_with = "lenient::field")]
    pub user_fields_schema: Option<Value>,
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

pub(super) fn get_request() -> Request {
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
        self.0.send(get_request()).await
    }

    /// Replaces the customer field schema.
    pub async fn set_fields_schema(self, schema: Value) -> Result<Workspace, ApiError> {
        let body = SchemaPatch {
            user_fields_schema: &schema,
        };
        self.0.send(Request::patch("/workspace", &body)).await
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
        assert_eq!(w.user_fields_schema, None);
    }

    #[test]
    fn odd_workspace_fields_read_as_absent() {
        let w: Workspace =
            serde_json::from_str(r#"{"id":"w1","name":5,"key":null,"userFieldsSchema":null}"#)
                .expect("lenient");
        assert_eq!(w.display_name(), "w1");
        assert_eq!(w.user_fields_schema, None);
    }
}
