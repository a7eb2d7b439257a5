//! Connections: a customer's authenticated link to an app. Making one is the
//! connect flow, in `connect.rs`.

use super::{lenient, path, Api, ApiError, Page, Request};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The customer a connection belongs to, as the engine embeds it.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionCustomer {
    pub id: String,
    #[serde(default, deserialize_with = "lenient::field")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub internal_id: Option<String>,
}

/// The app a connection belongs to, as the engine embeds it.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionApp {
    pub id: String,
    #[serde(default, deserialize_with = "lenient::field")]
    pub key: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub logo_uri: Option<String>,
}

/// An error the engine reports on a connection or a connect attempt.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionError {
    #[serde(default, rename = "type", deserialize_with = "lenient::field")]
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub key: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub message: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub data: Option<Value>,
}

impl ConnectionError {
    /// The engine's message, or a fallback when it gave none.
    pub fn text(&self) -> String {
        self.message
            .clone()
            .filter(|m| !m.trim().is_empty())
            .unwrap_or_else(|| "The engine reported an error without a message.".to_owned())
    }

    /// `data` as indented JSON for a details section, when there is any.
    pub fn details(&self) -> Option<String> {
        self.data
            .as_ref()
            .filter(|d| !d.is_null())
            .and_then(|d| serde_json::to_string_pretty(d).ok())
    }
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Connection {
    pub id: String,
    #[serde(default, deserialize_with = "lenient::field")]
    pub name: String,
    #[serde(default, deserialize_with = "lenient::field")]
    pub user_id: String,
    #[serde(default, deserialize_with = "lenient::field")]
    pub integration_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub connector_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub connector_version: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub auth_option_key: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub connected: Option<bool>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub disconnected: Option<bool>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub state: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub error: Option<ConnectionError>,
    #[serde(default, deserialize_with = "lenient::entries")]
    pub errors: Vec<ConnectionError>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub can_test: bool,
    #[serde(default, deserialize_with = "lenient::field")]
    pub can_refresh_credentials: bool,
    #[serde(default, deserialize_with = "lenient::field")]
    pub last_active_at: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub created_at: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub updated_at: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub archived_at: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub user: Option<ConnectionCustomer>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub integration: Option<ConnectionApp>,
    /// Only with `includeSecrets`.
    #[serde(default, deserialize_with = "lenient::field")]
    pub credentials: Option<Credentials>,
}

/// A connection's stored credentials: shown masked until revealed, and kept
/// out of debug output so that they cannot end up in a log.
#[derive(Clone, Default, PartialEq, Deserialize)]
#[serde(transparent)]
pub struct Credentials(pub Value);

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Credentials(hidden)")
    }
}

/// How a connection stands, in the console's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConnectionStatus {
    Connected,
    /// Disconnected by a person (archived), or reported disconnected without a reason.
    Disconnected,
    /// The engine is still setting the connection up.
    SettingUp,
    /// Broken, with the engine's message.
    Error(String),
    /// The customer must do something, with what.
    ActionRequired(String),
}

impl ConnectionStatus {
    pub fn label(&self) -> &'static str {
        match self {
            ConnectionStatus::Connected => "Connected",
            ConnectionStatus::Disconnected => "Disconnected",
            ConnectionStatus::SettingUp => "Setting up",
            ConnectionStatus::Error(_) => "Error",
            ConnectionStatus::ActionRequired(_) => "Action required",
        }
    }

    /// The engine's message or what to do, when there is one.
    pub fn detail(&self) -> Option<&str> {
        match self {
            ConnectionStatus::Error(m) | ConnectionStatus::ActionRequired(m) => Some(m),
            _ => None,
        }
    }

    /// A class naming the status, for its icon and colour.
    pub fn class(&self) -> &'static str {
        match self {
            ConnectionStatus::Connected => "connected",
            ConnectionStatus::Disconnected => "disconnected",
            ConnectionStatus::SettingUp => "setting-up",
            ConnectionStatus::Error(_) => "error",
            ConnectionStatus::ActionRequired(_) => "action-required",
        }
    }
}

impl Connection {
    pub fn is_archived(&self) -> bool {
        self.archived_at.is_some()
    }

    /// The first error the engine reports, from `error` or `errors`.
    pub fn first_error(&self) -> Option<&ConnectionError> {
        self.error.as_ref().or_else(|| self.errors.first())
    }

    /// Every distinct error the engine reports.
    pub fn all_errors(&self) -> Vec<ConnectionError> {
        let mut all: Vec<ConnectionError> = self.error.iter().cloned().collect();
        for e in &self.errors {
            if !all.contains(e) {
                all.push(e.clone());
            }
        }
        all
    }

    pub fn status(&self) -> ConnectionStatus {
        if self.is_archived() {
            return ConnectionStatus::Disconnected;
        }
        let message = self.first_error().map(ConnectionError::text);
        match self.state.as_deref() {
            Some("CLIENT_ACTION_REQUIRED") => {
                return ConnectionStatus::ActionRequired(message.unwrap_or_else(|| {
                    "The customer must reconnect and finish signing in.".to_owned()
                }))
            }
            Some("CONFIGURATION_ERROR" | "SETUP_FAILED") => {
                return ConnectionStatus::Error(message.unwrap_or_else(|| {
                    "The connection could not be set up; check the app's settings.".to_owned()
                }))
            }
            Some("BUILDING") => return ConnectionStatus::SettingUp,
            _ => {}
        }
        if let Some(message) = message {
            return ConnectionStatus::Error(message);
        }
        if self.connected == Some(false) || self.disconnected == Some(true) {
            ConnectionStatus::Disconnected
        } else {
            ConnectionStatus::Connected
        }
    }

    pub fn app_name(&self) -> &str {
        self.integration
            .as_ref()
            .and_then(|i| i.name.as_deref().or(i.key.as_deref()))
            .or(self.integration_id.as_deref())
            .unwrap_or("Unknown app")
    }

    pub fn customer_name(&self) -> &str {
        self.user
            .as_ref()
            .and_then(|u| u.name.as_deref())
            .unwrap_or(&self.user_id)
    }

    /// What to call the connection on screen.
    pub fn display_name(&self) -> &str {
        if self.name.trim().is_empty() {
            self.app_name()
        } else {
            &self.name
        }
    }

    /// The app's id, needed to reconnect.
    pub fn app_id(&self) -> Option<String> {
        self.integration_id
            .clone()
            .or_else(|| self.integration.as_ref().map(|i| i.id.clone()))
    }

    /// What names the app in its page's address: its key, or its id when
    /// the engine gives no key.
    pub fn app_reference(&self) -> Option<String> {
        self.integration
            .as_ref()
            .and_then(|i| i.key.clone())
            .filter(|k| !k.trim().is_empty())
            .or_else(|| self.app_id())
    }
}

/// What the connection list asks the engine for; every field is also kept in
/// the page's URL.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConnectionQuery {
    pub customer_id: Option<String>,
    pub app_id: Option<String>,
    pub state: Option<StateFilter>,
    pub include_disconnected: bool,
    pub search: Option<String>,
    pub cursor: Option<String>,
}

/// The state filter of the connection list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StateFilter {
    Connected,
    /// Disconnected, failing or waiting for the customer.
    NeedsAttention,
}

impl StateFilter {
    pub const ALL: [StateFilter; 2] = [StateFilter::Connected, StateFilter::NeedsAttention];

    /// The value kept in the URL.
    pub fn key(self) -> &'static str {
        match self {
            StateFilter::Connected => "connected",
            StateFilter::NeedsAttention => "attention",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            StateFilter::Connected => "Connected",
            StateFilter::NeedsAttention => "Not connected",
        }
    }
}

/// A page of connections holds this many rows.
const PAGE_SIZE: u32 = 25;

pub(crate) fn list_request(query: &ConnectionQuery) -> Request {
    let non_empty = |s: &Option<String>| s.clone().filter(|s| !s.trim().is_empty());
    Request::get("/connections")
        .query("userId", non_empty(&query.customer_id))
        .query("integrationId", non_empty(&query.app_id))
        .query(
            "connected",
            query.state.map(|s| s == StateFilter::Connected),
        )
        .query("includeArchived", Some(query.include_disconnected))
        .query("search", non_empty(&query.search))
        .query("cursor", non_empty(&query.cursor))
        .query("limit", Some(PAGE_SIZE))
}

#[derive(Serialize)]
struct Rename<'a> {
    name: &'a str,
}

/// The answer to `POST /connections/{id}/test`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TestResult {
    #[serde(default, deserialize_with = "lenient::field")]
    pub success: bool,
    #[serde(default, deserialize_with = "lenient::field")]
    pub message: Option<String>,
}

/// Connection calls: `api.connections().list(..)`.
#[derive(Clone, Copy)]
pub struct ConnectionsApi(Api);

impl Api {
    pub fn connections(self) -> ConnectionsApi {
        ConnectionsApi(self)
    }
}

impl ConnectionsApi {
    pub async fn list(self, query: &ConnectionQuery) -> Result<Page<Connection>, ApiError> {
        self.0.send(list_request(query)).await
    }

    pub async fn get(self, id: &str) -> Result<Connection, ApiError> {
        self.0.send(Request::get(path("/connections", id))).await
    }

    /// The connection with its stored credentials (admin tokens only).
    pub async fn get_with_credentials(self, id: &str) -> Result<Connection, ApiError> {
        let request = Request::get(path("/connections", id)).query("includeSecrets", Some(true));
        self.0.send(request).await
    }

    pub async fn rename(self, id: &str, name: &str) -> Result<Connection, ApiError> {
        let body = Rename { name };
        self.0
            .send(Request::patch(path("/connections", id), &body))
            .await
    }

    /// Disconnects: the engine archives the connection and stops using it.
    pub async fn disconnect(self, id: &str) -> Result<Value, ApiError> {
        self.0.send(Request::delete(path("/connections", id))).await
    }

    pub async fn restore(self, id: &str) -> Result<Connection, ApiError> {
        self.post_action(id, "restore").await
    }

    pub async fn refresh_credentials(self, id: &str) -> Result<Connection, ApiError> {
        self.post_action(id, "refresh-credentials").await
    }

    pub async fn test(self, id: &str) -> Result<TestResult, ApiError> {
        self.post_action(id, "test").await
    }

    async fn post_action<T: serde::de::DeserializeOwned>(
        self,
        id: &str,
        action: &str,
    ) -> Result<T, ApiError> {
        let at = format!("{}/{action}", path("/connections", id));
        self.0
            .send(Request::post(at, &Value::Object(Map::new())))
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn connection(v: Value) -> Connection {
        serde_json::from_value(v).expect("valid connection")
    }

    #[test]
    fn decodes_leniently_and_reads_status() {
        let c = connection(json!({"id": "c1", "somethingNew": 1}));
        assert_eq!(c.status(), ConnectionStatus::Connected);
        assert_eq!(c.app_name(), "Unknown app");
        let c = connection(json!({"id": "c1", "connected": false}));
        assert_eq!(c.status(), ConnectionStatus::Disconnected);
        let c =
            connection(json!({"id": "c1", "disconnected": true, "errors": [{"message": "boom"}]}));
        assert_eq!(c.status(), ConnectionStatus::Error("boom".into()));
        let c = connection(json!({"id": "c1", "state": "CLIENT_ACTION_REQUIRED",
            "error": {"type": "connection", "message": "Approve the scope"}}));
        assert_eq!(
            c.status(),
            ConnectionStatus::ActionRequired("Approve the scope".into())
        );
        let c = connection(
            json!({"id": "c1", "connected": true, "archivedAt": "2026-01-01T00:00:00Z"}),
        );
        assert_eq!(c.status(), ConnectionStatus::Disconnected);
        let c = connection(json!({"id": "c1", "state": "SETUP_FAILED"}));
        assert_eq!(c.status().label(), "Error");
    }

    #[test]
    fn decodes_the_vendor_minimal_connection() {
        let c = connection(json!({"id": "c1", "name": "HubSpot", "userId": "u1",
            "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-02T00:00:00Z"}));
        assert_eq!(c.status(), ConnectionStatus::Connected);
        assert_eq!((c.display_name(), c.customer_name()), ("HubSpot", "u1"));
        assert_eq!(c.app_id(), None);
        assert_eq!(c.app_reference(), None);
        let c = connection(json!({"id": "c1", "integration": {"id": "i1", "name": "HubSpot"}}));
        assert_eq!(c.app_reference().as_deref(), Some("i1"));
        let c = connection(json!({"id": "c1", "integration": {"id": "i1", "key": "hubspot"}}));
        assert_eq!(c.app_reference().as_deref(), Some("hubspot"));
    }

    #[test]
    fn odd_connection_fields_read_as_absent() {
        let c = connection(json!({"id": "c1", "name": null, "userId": 5, "user": null,
            "integration": "hubspot", "error": 5, "errors": "boom", "connected": "yes",
            "canTest": "true", "createdAt": 17, "credentials": null}));
        assert_eq!(c.status(), ConnectionStatus::Connected);
        assert!(c.user.is_none() && c.integration.is_none() && c.errors.is_empty());
        assert!(!c.can_test && c.created_at.is_none() && c.credentials.is_none());
        // An embedded customer without its id cannot be one.
        let c = connection(json!({"id": "c1", "userId": "u1", "user": {"name": "Acme"},
            "errors": [{"message": "first"}, "odd", {"message": 5}]}));
        assert_eq!(c.customer_name(), "u1");
        assert_eq!(c.status(), ConnectionStatus::Error("first".into()));
        assert_eq!(c.all_errors().len(), 2, "the unreadable entry is left out");
    }

    #[test]
    fn unknown_states_are_kept_and_read_by_the_other_fields() {
        let c = connection(json!({"id": "c1", "state": "SOMETHING_NEW"}));
        assert_eq!(c.state.as_deref(), Some("SOMETHING_NEW"));
        assert_eq!(c.status(), ConnectionStatus::Connected);
        let c = connection(json!({"id": "c1", "state": "SOMETHING_NEW", "disconnected": true}));
        assert_eq!(c.status(), ConnectionStatus::Disconnected);
        let c = connection(json!({"id": "c1", "state": {"odd": true}}));
        assert_eq!(c.state, None);
    }

    #[test]
    fn a_list_with_one_unreadable_connection_keeps_the_others() {
        let page: Page<Connection> = serde_json::from_value(json!({"items": [
            {"id": "c1"}, {"id": 42, "name": "numeric id"}, {"id": "c3", "user": null}
        ], "cursor": null}))
        .expect("a page");
        assert!(!page.has_more());
        let (read, unreadable) = crate::api::split(page.items);
        assert_eq!(read.len(), 2);
        assert_eq!(unreadable[0].id.as_deref(), Some("42"));
    }

    #[test]
    fn list_query_maps_filters() {
        let q = ConnectionQuery {
            customer_id: Some("u1".into()),
            state: Some(StateFilter::NeedsAttention),
            search: Some("  ".into()),
            ..Default::default()
        };
        let url = super::super::url("http://e", &list_request(&q));
        assert_eq!(
            url,
            "http://e/connections?userId=u1&connected=false&includeArchived=false&limit=25"
        );
        assert_eq!(
            StateFilter::from_key("attention"),
            Some(StateFilter::NeedsAttention)
        );
        assert_eq!(StateFilter::from_key("nope"), None);
    }

    #[test]
    fn credentials_stay_out_of_debug_output() {
        let c = connection(json!({"id": "c1", "credentials": {"apiKey": "sk_secret"}}));
        assert_eq!(
            c.credentials.clone().map(|c| c.0),
            Some(json!({"apiKey": "sk_secret"}))
        );
        assert!(!format!("{c:?}").contains("sk_secret"));
    }
}
