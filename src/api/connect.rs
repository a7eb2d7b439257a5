//! The engine's connect flow: the ways to authenticate with an app, the
//! `/connect` form post, the engine's answer by `postMessage` or server-sent
//! events, and redirect mode.

use super::{lenient, path, Api, ApiError, Connection, ConnectionError, Item, Request};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use switchboard_schema::{parse, AdditionalProperties, Node};

/// One way to authenticate with an app: `POST /connection-options`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthOption {
    pub key: String,
    #[serde(default, rename = "type", deserialize_with = "lenient::field")]
    pub kind: String,
    #[serde(default, deserialize_with = "lenient::field")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub description: Option<String>,
    /// The DataSchema of what the person types in (API key, subdomain, ...).
    #[serde(default, deserialize_with = "lenient::field")]
    pub input_schema: Option<Value>,
}

impl AuthOption {
    /// OAuth needs a popup for the app's sign-in page; the others can run in
    /// a hidden frame.
    pub fn needs_popup(&self) -> bool {
        self.kind.starts_with("oauth")
    }

    pub fn display_title(&self) -> &str {
        self.title.as_deref().unwrap_or(&self.key)
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OptionsBody<'a> {
    integration_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    connection_id: Option<&'a str>,
}

/// What a person asks the connect flow to do.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConnectRequest {
    pub customer_id: String,
    pub app_id: String,
    pub auth_option_key: Option<String>,
    /// The form's values.
    pub input: Option<Value>,
    /// Set to reconnect an existing connection.
    pub connection_id: Option<String>,
    /// A further connection of the same customer to the same app.
    pub allow_multiple: bool,
    /// Redirect mode: the engine sends the browser here when done.
    pub redirect_uri: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ConnectPayload<'a> {
    token: &'a str,
    request_id: &'a str,
    user_id: &'a str,
    integration_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    connection_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    auth_option_key: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    input: Option<&'a Value>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    allow_multiple_connections: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    redirect_uri: Option<&'a str>,
}

/// Everything the browser needs to run one connect attempt. The payload
/// holds the token: it goes into the form post and nowhere else.
#[derive(Clone, PartialEq)]
pub struct ConnectTarget {
    pub request_id: String,
    /// Where the form is posted: `{base}/connect`.
    pub action: String,
    /// The value of the form's one field, `payload`.
    pub payload: String,
    /// Messages from any other origin are ignored.
    pub engine_origin: String,
    /// The server-sent events stream with the same answer, for when the
    /// popup cannot message back.
    pub events_url: String,
}

impl std::fmt::Debug for ConnectTarget {
    // The payload holds the token; keep it out of any debug output.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectTarget")
            .field("request_id", &self.request_id)
            .field("action", &self.action)
            .field("engine_origin", &self.engine_origin)
            .finish_non_exhaustive()
    }
}

/// `scheme://host[:port]` of an http(s) URL: the origin the engine's pages
/// post their messages from.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if !matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https") {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    if host.is_empty() {
        return None;
    }
    Some(format!(
        "{}://{}",
        scheme.to_ascii_lowercase(),
        host.to_ascii_lowercase()
    ))
}

/// Builds the form post and event-stream addresses for one attempt.
pub fn connect_target(
    base: &str,
    token: &str,
    request_id: &str,
    request: &ConnectRequest,
) -> Option<ConnectTarget> {
    let engine_origin = origin_of(base)?;
    let base = base.trim_end_matches('/');
    let payload = ConnectPayload {
        token,
        request_id,
        user_id: &request.customer_id,
        integration_id: &request.app_id,
        connection_id: request.connection_id.as_deref(),
        auth_option_key: request.auth_option_key.as_deref(),
        input: request.input.as_ref(),
        allow_multiple_connections: request.allow_multiple,
        redirect_uri: request.redirect_uri.as_deref(),
    };
    let events =
        Request::get(path("/sse/connection-events", request_id)).query("token", Some(token));
    Some(ConnectTarget {
        request_id: request_id.to_owned(),
        action: format!("{base}/connect"),
        payload: serde_json::to_string(&payload).ok()?,
        engine_origin,
        events_url: super::url(base, &events),
    })
}

/// How a connect attempt ended, as the engine reports it.
#[derive(Clone, Debug, PartialEq)]
pub enum ConnectOutcome {
    Created(Box<Connection>),
    Failed(ConnectionError),
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EngineMessage {
    source: String,
    request_id: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default, deserialize_with = "lenient::field")]
    connection: Option<Connection>,
    #[serde(default, deserialize_with = "lenient::field")]
    error: Option<ConnectionError>,
}

/// Reads the engine's answer to attempt `target`. Anything else, whether from
/// another origin, about another request or not the engine's shape, is `None`
/// and must be ignored.
pub fn read_engine_message(
    target: &ConnectTarget,
    origin: &str,
    data: &Value,
) -> Option<ConnectOutcome> {
    if origin != target.engine_origin {
        return None;
    }
    let message: EngineMessage = serde_json::from_value(data.clone()).ok()?;
    if message.source != "integration.app" || message.request_id != target.request_id {
        return None;
    }
    match message.kind.as_str() {
        "newConnectionCreated" => message
            .connection
            .map(|c| ConnectOutcome::Created(Box::new(c))),
        "newConnectionFailure" => Some(ConnectOutcome::Failed(message.error.unwrap_or_default())),
        _ => None,
    }
}

/// The form values worth filling in again on reconnect: the option's inputs
/// that are not secrets, taken from the stored credentials. A secret is what
/// the schema crate calls sensitive, at any depth and behind `$ref`s; keys
/// the schema does not list (tokens the engine stored) are left out too.
pub fn non_secret_inputs(schema: &Value, credentials: &Value) -> Value {
    without_secrets(parse(schema).root(), credentials).unwrap_or_else(|| Value::Object(Map::new()))
}

/// `stored` without its secrets, or `None` when nothing is left to fill in.
fn without_secrets(node: &Node, stored: &Value) -> Option<Value> {
    if node.is_sensitive {
        return None;
    }
    if !node.any_of.is_empty() {
        // Which alternative the value follows is not known here.
        return (!node.any_of.iter().any(|b| holds_secret(&b.node))).then(|| stored.clone());
    }
    match stored {
        Value::Object(stored) => {
            let kept: Map<String, Value> = node
                .properties
                .iter()
                .filter_map(|p| {
                    Some((
                        p.key.clone(),
                        without_secrets(&p.node, stored.get(&p.key)?)?,
                    ))
                })
                .collect();
            (!kept.is_empty()).then_some(Value::Object(kept))
        }
        Value::Array(rows) => {
            let any = Node::default();
            let item = node.items.as_deref().unwrap_or(&any);
            Some(Value::Array(
                rows.iter()
                    .filter_map(|r| without_secrets(item, r))
                    .collect(),
            ))
        }
        other => Some(other.clone()),
    }
}

fn holds_secret(node: &Node) -> bool {
    node.is_sensitive
        || node.properties.iter().any(|p| holds_secret(&p.node))
        || node.items.as_deref().is_some_and(holds_secret)
        || node.any_of.iter().any(|b| holds_secret(&b.node))
        || matches!(&node.additional_properties, AdditionalProperties::Schema(n) if holds_secret(n))
}

/// Connect calls: `api.connect().auth_options(..)`.
#[derive(Clone, Copy)]
pub struct ConnectApi(Api);

impl Api {
    pub fn connect(self) -> ConnectApi {
        ConnectApi(self)
    }
}

impl ConnectApi {
    /// The ways to connect to an app (or to reconnect `connection_id`).
    pub async fn auth_options(
        self,
        app_id: &str,
        connection_id: Option<&str>,
    ) -> Result<Vec<Item<AuthOption>>, ApiError> {
        let body = OptionsBody {
            integration_id: app_id,
            connection_id,
        };
        self.0
            .send(Request::post("/connection-options", &body))
            .await
    }

    /// The form post and event stream of one connect attempt, with the
    /// console's admin token acting for the customer; `None` until an engine
    /// and token are configured. Reads the configuration without tracking:
    /// call it from a click handler.
    pub fn target(self, request_id: &str, request: &ConnectRequest) -> Option<ConnectTarget> {
        let config = self.0.config_untracked();
        connect_target(config.api_url()?, config.token()?, request_id, request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_list_with_one_unreadable_option_keeps_the_others() {
        let options: Vec<Item<AuthOption>> = serde_json::from_value(json!([
            {"key": "api-key", "type": null, "title": 5}, {"title": "no key"}
        ]))
        .expect("options");
        let (read, unreadable) = crate::api::split(options);
        assert_eq!(read[0].display_title(), "api-key");
        assert!(unreadable[0].reason.contains("missing field `key`"));
    }

    #[test]
    fn origins() {
        assert_eq!(
            origin_of("http://127.0.0.1:8787/api").as_deref(),
            Some("http://127.0.0.1:8787")
        );
        assert_eq!(
            origin_of("HTTPS://Api.Example.com").as_deref(),
            Some("https://api.example.com")
        );
        assert_eq!(origin_of("ftp://x"), None);
        assert_eq!(origin_of("https://"), None);
    }

    fn target() -> ConnectTarget {
        let request = ConnectRequest {
            customer_id: "u 1".into(),
            app_id: "i1".into(),
            auth_option_key: Some("api-key".into()),
            input: Some(json!({"apiKey": "k"})),
            ..Default::default()
        };
        connect_target("http://127.0.0.1:8787/", "tok&en", "r1", &request).expect("target")
    }

    #[test]
    fn builds_the_connect_payload_and_events_url() {
        let t = target();
        assert_eq!(t.action, "http://127.0.0.1:8787/connect");
        assert_eq!(t.engine_origin, "http://127.0.0.1:8787");
        assert_eq!(
            t.events_url,
            "http://127.0.0.1:8787/sse/connection-events/r1?token=tok%26en"
        );
        let payload: Value = serde_json::from_str(&t.payload).expect("json");
        assert_eq!(
            payload,
            json!({"token": "tok&en", "requestId": "r1", "userId": "u 1", "integrationId": "i1",
                   "authOptionKey": "api-key", "input": {"apiKey": "k"}})
        );
        assert!(
            !format!("{t:?}").contains("tok"),
            "debug output hides the token"
        );
    }

    #[test]
    fn accepts_only_the_engine_answer_to_this_request() {
        let t = target();
        let created = json!({"source": "integration.app", "requestId": "r1",
            "type": "newConnectionCreated", "connection": {"id": "c9"}});
        assert!(matches!(
            read_engine_message(&t, "http://127.0.0.1:8787", &created),
            Some(ConnectOutcome::Created(c)) if c.id == "c9"
        ));
        assert_eq!(
            read_engine_message(&t, "http://evil.example", &created),
            None
        );
        let other = json!({"source": "integration.app", "requestId": "r2",
            "type": "newConnectionCreated", "connection": {"id": "c9"}});
        assert_eq!(
            read_engine_message(&t, "http://127.0.0.1:8787", &other),
            None
        );
        assert_eq!(
            read_engine_message(&t, "http://127.0.0.1:8787", &json!("hello")),
            None
        );
        let failed = json!({"source": "integration.app", "requestId": "r1",
            "type": "newConnectionFailure", "error": {"message": "nope", "data": {"status": 401}}});
        let Some(ConnectOutcome::Failed(e)) =
            read_engine_message(&t, "http://127.0.0.1:8787", &failed)
        else {
            panic!("a failure");
        };
        assert_eq!(e.text(), "nope");
        assert!(e.details().expect("details").contains("401"));
    }

    #[test]
    fn reconnect_keeps_only_non_secret_inputs() {
        let schema = json!({"properties": {
            "apiKey": {"type": "string", "isSensitive": true},
            "subdomain": {"type": "string"},
            "email": {"type": "string"}}});
        let stored = json!({"apiKey": "sk", "subdomain": "acme", "accessToken": "at"});
        assert_eq!(
            non_secret_inputs(&schema, &stored),
            json!({"subdomain": "acme"})
        );
        assert_eq!(non_secret_inputs(&json!(true), &stored), json!({}));
    }

    #[test]
    fn reconnect_leaves_out_nested_and_referenced_secrets() {
        let schema = json!({
            "definitions": {"token": {"type": "string", "writeOnly": true}},
            "properties": {
                "server": {"type": "object", "properties": {
                    "host": {"type": "string"},
                    "password": {"type": "string", "isSensitive": true}}},
                "token": {"$ref": "#/definitions/token"},
                "headers": {"type": "array", "items": {"type": "object", "properties": {
                    "name": {"type": "string"},
                    "value": {"type": "string", "isSensitive": true}}}},
                "auth": {"anyOf": [
                    {"type": "object", "properties": {"user": {"type": "string"}}},
                    {"type": "object", "properties": {"key": {"type": "string", "isSensitive": true}}}]},
                "region": {"type": "string"}}});
        let stored = json!({
            "server": {"host": "db.acme", "password": "pw", "extra": "kept out"},
            "token": "tk",
            "headers": [{"name": "X-Team", "value": "s1"}, {"value": "s2"}],
            "auth": {"key": "k"},
            "region": "eu"});
        assert_eq!(
            non_secret_inputs(&schema, &stored),
            json!({"server": {"host": "db.acme"}, "headers": [{"name": "X-Team"}], "region": "eu"})
        );
    }
}
