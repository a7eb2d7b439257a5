//! Apps (the engine calls them integrations): an external app's connector,
//! pinned to a version, with the workspace's connector parameters.

use super::page::WHOLE_LIST;
use super::{lenient, path, Api, ApiError, Page, Request};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Integration {
    pub id: String,
    /// The vendor may leave the key out: the id then stands in for it.
    #[serde(default, deserialize_with = "lenient::field")]
    pub key: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub name: String,
    #[serde(default, deserialize_with = "lenient::field")]
    pub logo_uri: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub connector_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub connector_version: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub parameters: Option<Value>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub has_missing_parameters: bool,
    #[serde(default, deserialize_with = "lenient::field")]
    pub is_deactivated: bool,
    #[serde(default, deserialize_with = "lenient::field")]
    pub external_app_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub connections_count: Option<u64>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub created_at: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub updated_at: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub archived_at: Option<String>,
}

impl Integration {
    /// What to call the app on screen.
    pub fn display_name(&self) -> &str {
        if self.name.trim().is_empty() {
            self.reference()
        } else {
            &self.name
        }
    }

    /// What names the app in its page's address and in the engine's
    /// `/integrations/{idOrKey}` calls: the key, or the id when it has none.
    pub fn reference(&self) -> &str {
        self.key
            .as_deref()
            .filter(|k| !k.trim().is_empty())
            .unwrap_or(&self.id)
    }

    pub fn is_archived(&self) -> bool {
        self.archived_at.is_some()
    }

    /// The parameters as an object (absent or malformed ones count as none).
    pub fn parameters_object(&self) -> Value {
        match &self.parameters {
            Some(p @ Value::Object(_)) => p.clone(),
            _ => Value::Object(Map::new()),
        }
    }
}

/// The connector version an app uses: `GET /integrations/{key}/connector-spec`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectorSpec {
    #[serde(default, deserialize_with = "lenient::field")]
    pub version: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub parameters_schema: Option<Value>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub input_schema: Option<Value>,
}

/// What the app list asks the engine for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IntegrationQuery {
    pub search: String,
    pub include_archived: bool,
}

/// `POST /integrations`: a new app on an external app's default connector
/// at its newest version, unless a connector or version is named.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewIntegration {
    pub external_app_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connector_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connector_version: Option<String>,
    pub key: String,
    pub name: String,
}

/// `PATCH /integrations/{key}`: only the fields that are set change.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IntegrationPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connector_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connector_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_deactivated: Option<bool>,
}

/// App calls: `api.integrations().list(..)`.
#[derive(Clone, Copy)]
pub struct IntegrationsApi(Api);

impl Api {
    pub fn integrations(self) -> IntegrationsApi {
        IntegrationsApi(self)
    }
}

pub(crate) fn list_request(query: &IntegrationQuery) -> Request {
    let search = (!query.search.trim().is_empty()).then_some(query.search.as_str());
    Request::get("/integrations")
        .query("search", search)
        .query("includeArchived", Some(query.include_archived))
        .query("limit", Some(WHOLE_LIST))
}

pub(crate) fn get_request(key: &str) -> Request {
    Request::get(path("/integrations", key))
}

pub(crate) fn connector_spec_request(key: &str) -> Request {
    Request::get(format!("{}/connector-spec", path("/integrations", key)))
}

impl IntegrationsApi {
    pub async fn list(self, query: &IntegrationQuery) -> Result<Page<Integration>, ApiError> {
        self.0.send(list_request(query)).await
    }

    pub async fn get(self, key: &str) -> Result<Integration, ApiError> {
        self.0.send(get_request(key)).await
    }

    pub async fn create(self, new: &NewIntegration) -> Result<Integration, ApiError> {
        self.0.send(Request::post("/integrations", new)).await
    }

    pub async fn update(
        self,
        key: &str,
        patch: &IntegrationPatch,
    ) -> Result<Integration, ApiError> {
        self.0
            .send(Request::patch(path("/integrations", key), patch))
            .await
    }

    /// Archives the app; its connections stop working until it is restored.
    pub async fn archive(self, key: &str) -> Result<Value, ApiError> {
        self.0
            .send(Request::delete(path("/integrations", key)))
            .await
    }

    pub async fn restore(self, key: &str) -> Result<Integration, ApiError> {
        let at = format!("{}/restore", path("/integrations", key));
        self.0
            .send(Request::post(at, &Value::Object(Map::new())))
            .await
    }

    pub async fn connector_spec(self, key: &str) -> Result<ConnectorSpec, ApiError> {
        self.0.send(connector_spec_request(key)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_leniently() {
        let i: Integration = serde_json::from_str(
            r#"{"id":"i1","key":"hubspot","parameters":[1],"somethingNew":true}"#,
        )
        .expect("lenient");
        assert_eq!(i.display_name(), "hubspot");
        assert!(!i.has_missing_parameters && !i.is_archived());
        assert_eq!(i.parameters_object(), serde_json::json!({}));
    }

    #[test]
    fn decodes_the_vendor_minimal_app_without_a_key() {
        let i: Integration = serde_json::from_str(
            r#"{"id":"i1","name":"HubSpot","logoUri":"https://example.com/h.png"}"#,
        )
        .expect("minimal app");
        assert_eq!(i.key, None);
        assert_eq!(i.reference(), "i1", "the id names an app without a key");
        assert_eq!(i.display_name(), "HubSpot");
        let i: Integration =
            serde_json::from_str(r#"{"id":"i1","key":"","name":""}"#).expect("empty key");
        assert_eq!((i.reference(), i.display_name()), ("i1", "i1"));
        let i: Integration =
            serde_json::from_str(r#"{"id":"i1","key":"hubspot"}"#).expect("with a key");
        assert_eq!(i.reference(), "hubspot");
    }

    #[test]
    fn odd_app_fields_read_as_absent() {
        let i: Integration = serde_json::from_str(
            r#"{"id":"i1","key":5,"name":null,"logoUri":{},"hasMissingParameters":"yes",
                "isDeactivated":null,"connectionsCount":"many","archivedAt":false}"#,
        )
        .expect("lenient app");
        assert_eq!(i.reference(), "i1");
        assert!(!i.has_missing_parameters && !i.is_deactivated && !i.is_archived());
        assert_eq!((i.logo_uri, i.connections_count), (None, None));
        let s: ConnectorSpec =
            serde_json::from_str(r#"{"version":1,"parametersSchema":null}"#).expect("spec");
        assert_eq!(s, ConnectorSpec::default());
    }

    #[test]
    fn patch_sends_only_what_changes() {
        let patch = IntegrationPatch {
            connector_version: Some("2.1.1".into()),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&patch).expect("serializes"),
            r#"{"connectorVersion":"2.1.1"}"#
        );
    }
}
