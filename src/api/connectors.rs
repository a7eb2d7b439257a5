//! Connectors (public and the workspace's custom ones), their versions, and
//! the catalogue of external apps they connect to.

use super::page::WHOLE_LIST;
use super::{lenient, path, Api, ApiError, Page, Request};
use serde::Deserialize;
use serde_json::Value;

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Connector {
    pub id: String,
    #[serde(default, deserialize_with = "lenient::field")]
    pub key: String,
    #[serde(default, deserialize_with = "lenient::field")]
    pub name: String,
    #[serde(default, deserialize_with = "lenient::field")]
    pub logo_uri: Option<String>,
    /// Absent counts as public: only `false` marks the workspace's own.
    #[serde(default, deserialize_with = "lenient::field")]
    pub is_public: Option<bool>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub external_app_id: Option<String>,
    /// The newest version.
    #[serde(default, deserialize_with = "lenient::field")]
    pub version: Option<String>,
}

impl Connector {
    pub fn is_custom(&self) -> bool {
        self.is_public == Some(false)
    }

    pub fn display_name(&self) -> &str {
        if self.name.trim().is_empty() {
            &self.key
        } else {
            &self.name
        }
    }
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectorVersionInfo {
    pub version: String,
    #[serde(default, deserialize_with = "lenient::field")]
    pub changelog: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub parameters_schema: Option<Value>,
    /// The connection form's inputs (of the auth option that has one).
    #[serde(default, deserialize_with = "lenient::field")]
    pub input_schema: Option<Value>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub created_at: Option<String>,
}

/// An app in the catalogue.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExternalApp {
    pub id: String,
    #[serde(default, deserialize_with = "lenient::field")]
    pub key: String,
    #[serde(default, deserialize_with = "lenient::field")]
    pub name: String,
    #[serde(default, deserialize_with = "lenient::field")]
    pub logo_uri: Option<String>,
    #[serde(default, deserialize_with = "lenient::entries")]
    pub categories: Vec<String>,
}

/// Connector and catalogue calls: `api.connectors().list()`.
#[derive(Clone, Copy)]
pub struct ConnectorsApi(Api);

impl Api {
    pub fn connectors(self) -> ConnectorsApi {
        ConnectorsApi(self)
    }
}

pub(crate) fn list_request() -> Request {
    Request::get("/connectors").query("limit", Some(WHOLE_LIST))
}

impl ConnectorsApi {
    /// Every connector the workspace can use, public and custom.
    pub async fn list(self) -> Result<Page<Connector>, ApiError> {
        self.0.send(list_request()).await
    }

    /// All versions of a connector, in the engine's order.
    pub async fn versions(self, connector: &str) -> Result<Page<ConnectorVersionInfo>, ApiError> {
        let at = format!("{}/versions", path("/connectors", connector));
        self.0.send(Request::get(at)).await
    }

    /// The catalogue of external apps.
    pub async fn catalogue(self) -> Result<Page<ExternalApp>, ApiError> {
        let request = Request::get("/external-apps").query("limit", Some(WHOLE_LIST));
        self.0.send(request).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_explicit_false_is_custom() {
        let c: Connector = serde_json::from_str(r#"{"id":"c1"}"#).expect("lenient");
        assert!(!c.is_custom());
        assert_eq!(c.display_name(), "");
        let c: Connector =
            serde_json::from_str(r#"{"id":"c1","key":"gh","isPublic":false}"#).expect("lenient");
        assert!(c.is_custom());
        assert_eq!(c.display_name(), "gh");
        let v: ConnectorVersionInfo =
            serde_json::from_str(r#"{"version":"1.0.0","changelog":null,"new":1}"#)
                .expect("lenient");
        assert_eq!(v.changelog, None);
    }

    #[test]
    fn decodes_the_vendor_minimal_connector_and_odd_fields() {
        let c: Connector = serde_json::from_str(
            r#"{"id":"c1","key":"hubspot","uuid":"u-1","name":"HubSpot",
                "logoUri":"https://example.com/h.png","baseUri":"s3://x","version":"2.1.0"}"#,
        )
        .expect("minimal connector");
        assert_eq!(
            (c.display_name(), c.version.as_deref()),
            ("HubSpot", Some("2.1.0"))
        );
        assert!(!c.is_custom());
        let c: Connector = serde_json::from_str(
            r#"{"id":"c1","key":null,"isPublic":"no","version":2,"externalAppId":[]}"#,
        )
        .expect("lenient connector");
        assert!(!c.is_custom(), "an unreadable isPublic counts as absent");
        assert_eq!((c.version, c.external_app_id), (None, None));
        let a: ExternalApp =
            serde_json::from_str(r#"{"id":"a1","categories":["CRM",null,3,"Sales"],"name":5}"#)
                .expect("lenient app");
        assert_eq!(a.categories, ["CRM", "Sales"]);
        assert_eq!(a.name, "");
        let v: ConnectorVersionInfo =
            serde_json::from_str(r#"{"version":"1.0.0","changelog":{"md":"x"},"createdAt":5}"#)
                .expect("lenient version");
        assert_eq!((v.changelog, v.created_at), (None, None));
    }

    #[test]
    fn a_version_list_with_one_unreadable_version_keeps_the_others() {
        let page: Page<ConnectorVersionInfo> = serde_json::from_str(
            r#"{"items":[{"version":"1.0.0"},{"id":"v2","version":2},{"version":"2.0.0"}]}"#,
        )
        .expect("a page");
        let (read, unreadable) = crate::api::split(page.items);
        assert_eq!(read.len(), 2);
        assert_eq!(unreadable[0].id.as_deref(), Some("v2"));
    }
}
