//! Customer instances: what the engine deployed of each integration to one
//! customer's connections. Seven kinds share one model, one list call and
//! one set of operations; [`InstanceKind`] knows where each kind lives.

use super::connections::{ConnectionApp, ConnectionCustomer, ConnectionError};
use super::{lenient, path, Api, ApiError, Page, Request};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The seven kinds of instance, in the order the customer's page lists them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum InstanceKind {
    #[default]
    Flow,
    Action,
    DataSource,
    FieldMapping,
    DataLinkTable,
    AppEventSubscription,
    ExternalEventSubscription,
}

/// Rows per page of an instance list.
pub const INSTANCES_PAGE_SIZE: u32 = 50;

impl InstanceKind {
    pub const ALL: [InstanceKind; 7] = [
        InstanceKind::Flow,
        InstanceKind::Action,
        InstanceKind::DataSource,
        InstanceKind::FieldMapping,
        InstanceKind::DataLinkTable,
        InstanceKind::AppEventSubscription,
        InstanceKind::ExternalEventSubscription,
    ];

    /// The engine's collection path.
    fn plural(self) -> &'static str {
        match self {
            InstanceKind::Flow => "/flow-instances",
            InstanceKind::Action => "/action-instances",
            InstanceKind::DataSource => "/data-source-instances",
            InstanceKind::FieldMapping => "/field-mapping-instances",
            InstanceKind::DataLinkTable => "/data-link-table-instances",
            InstanceKind::AppEventSubscription => "/app-event-subscriptions",
            InstanceKind::ExternalEventSubscription => "/external-event-subscriptions",
        }
    }

    /// The selector form (`/<singular>?id=`) the vendor's SDK addresses one
    /// instance with; external event subscriptions have none.
    fn singular(self) -> Option<&'static str> {
        match self {
            InstanceKind::Flow => Some("/flow-instance"),
            InstanceKind::Action => Some("/action-instance"),
            InstanceKind::DataSource => Some("/data-source-instance"),
            InstanceKind::FieldMapping => Some("/field-mapping-instance"),
            InstanceKind::DataLinkTable => Some("/data-link-table-instance"),
            InstanceKind::AppEventSubscription => Some("/app-event-subscription"),
            InstanceKind::ExternalEventSubscription => None,
        }
    }

    /// The section's segment in the console's addresses
    /// (`/customers/{id}/flows`).
    pub fn section(self) -> &'static str {
        match self {
            InstanceKind::Flow => "flows",
            InstanceKind::Action => "actions",
            InstanceKind::DataSource => "data-sources",
            InstanceKind::FieldMapping => "field-mappings",
            InstanceKind::DataLinkTable => "data-link-tables",
            InstanceKind::AppEventSubscription => "app-event-subscriptions",
            InstanceKind::ExternalEventSubscription => "external-event-subscriptions",
        }
    }

    pub fn from_section(section: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.section() == section)
    }

    /// The section's heading.
    pub fn title(self) -> &'static str {
        match self {
            InstanceKind::Flow => "Flows",
            InstanceKind::Action => "Actions",
            InstanceKind::DataSource => "Data sources",
            InstanceKind::FieldMapping => "Field mappings",
            InstanceKind::DataLinkTable => "Data link tables",
            InstanceKind::AppEventSubscription => "App event subscriptions",
            InstanceKind::ExternalEventSubscription => "External event subscriptions",
        }
    }

    /// One of them, as a label ("Data source").
    pub fn label(self) -> &'static str {
        match self {
            InstanceKind::Flow => "Flow",
            InstanceKind::Action => "Action",
            InstanceKind::DataSource => "Data source",
            InstanceKind::FieldMapping => "Field mapping",
            InstanceKind::DataLinkTable => "Data link table",
            InstanceKind::AppEventSubscription => "App event subscription",
            InstanceKind::ExternalEventSubscription => "External event subscription",
        }
    }

    /// One of them, in a sentence ("flow").
    pub fn noun(self) -> &'static str {
        match self {
            InstanceKind::Flow => "flow",
            InstanceKind::Action => "action",
            InstanceKind::DataSource => "data source",
            InstanceKind::FieldMapping => "field mapping",
            InstanceKind::DataLinkTable => "data link table",
            InstanceKind::AppEventSubscription => "app event subscription",
            InstanceKind::ExternalEventSubscription => "external event subscription",
        }
    }

    /// Several of them, in a sentence ("flows").
    pub fn nouns(self) -> &'static str {
        match self {
            InstanceKind::Flow => "flows",
            InstanceKind::Action => "actions",
            InstanceKind::DataSource => "data sources",
            InstanceKind::FieldMapping => "field mappings",
            InstanceKind::DataLinkTable => "data link tables",
            InstanceKind::AppEventSubscription => "app event subscriptions",
            InstanceKind::ExternalEventSubscription => "external event subscriptions",
        }
    }

    /// What the kind is, for an empty section: a person who sees none should
    /// learn what would be here and why there may be none.
    pub fn about(self) -> &'static str {
        match self {
            InstanceKind::Flow => "A flow runs an integration's steps for this customer, started by an event, a schedule or an API call. Flows appear here once an integration's flow is deployed to one of the customer's connections.",
            InstanceKind::Action => "An action is a single request to the customer's app that your product runs on demand. Actions appear here once an integration's action is deployed to one of the customer's connections.",
            InstanceKind::DataSource => "A data source is a collection in the customer's app (contacts, deals, …) that flows read and sync. Data sources appear here once they are deployed to one of the customer's connections.",
            InstanceKind::FieldMapping => "A field mapping says how the customer's fields map to yours when data is imported or exported. Field mappings appear here once they are deployed to one of the customer's connections.",
            InstanceKind::DataLinkTable => "A data link table remembers which record in your app matches which record in the customer's app. Tables appear here once a flow that links records is deployed.",
            InstanceKind::AppEventSubscription => "An app event subscription delivers events from your product (an order placed, a user created) to the customer's flows. They appear here once your app sends events for this customer.",
            InstanceKind::ExternalEventSubscription => "An external event subscription listens to the customer's app (a record created, updated or deleted). They appear here once a flow with such a trigger is deployed.",
        }
    }

    /// Whether the engine's list takes `search`.
    pub fn searchable(self) -> bool {
        self != InstanceKind::DataLinkTable
    }

    /// Whether "Set up again" and "Reset" apply.
    pub fn has_setup(self) -> bool {
        matches!(
            self,
            InstanceKind::Flow
                | InstanceKind::Action
                | InstanceKind::DataSource
                | InstanceKind::FieldMapping
        )
    }

    /// Where one instance is read, changed and archived.
    fn one(self, id: &str) -> Request {
        Request::get(self.one_path(id, "")).query("id", self.selector_id(id))
    }

    /// The path of operation `op` ("" for the instance itself). Flows, field
    /// mappings and external event subscriptions take their operations as
    /// `/<plural>/{id}/<op>` in the contract; the rest use the selector form.
    fn one_path(self, id: &str, op: &str) -> String {
        let op = if op.is_empty() {
            String::new()
        } else {
            format!("/{op}")
        };
        match (self.singular(), op.is_empty()) {
            (Some(singular), true) => singular.to_owned(),
            (Some(singular), false) if !self.ops_by_path() => format!("{singular}{op}"),
            _ => format!("{}{op}", path(self.plural(), id)),
        }
    }

    fn selector_id(self, id: &str) -> Option<String> {
        self.singular().map(|_| id.to_owned())
    }

    fn ops_by_path(self) -> bool {
        matches!(
            self,
            InstanceKind::Flow
                | InstanceKind::FieldMapping
                | InstanceKind::ExternalEventSubscription
        )
    }

    fn op(self, id: &str, op: &str, body: &impl Serialize) -> Request {
        let query = if op.is_empty() || !self.ops_by_path() {
            self.selector_id(id)
        } else {
            None
        };
        Request::post(self.one_path(id, op), body).query("id", query)
    }
}

/// The connection an instance is deployed to, as the engine embeds it.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InstanceConnection {
    pub id: String,
    #[serde(default, deserialize_with = "lenient::field")]
    pub name: Option<String>,
}

/// An instance of any kind. The engine requires only `id`; every other
/// field is read leniently, and a kind's own fields are absent on the others.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Instance {
    pub id: String,
    #[serde(default, deserialize_with = "lenient::field")]
    pub name: String,
    #[serde(default, deserialize_with = "lenient::field")]
    pub key: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub state: Option<String>,
    #[serde(default, deserialize_with = "lenient::entries")]
    pub errors: Vec<ConnectionError>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub is_customized: bool,
    #[serde(default, deserialize_with = "lenient::field")]
    pub user_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub tenant_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub connection_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub integration_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub instance_key: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub created_at: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub updated_at: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub archived_at: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub user: Option<ConnectionCustomer>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub connection: Option<InstanceConnection>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub integration: Option<ConnectionApp>,

    // Flows.
    #[serde(default, deserialize_with = "lenient::field")]
    pub enabled: Option<bool>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub flow_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub universal_flow_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub parameters: Option<Value>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub parameters_schema: Option<Value>,
    /// Read node by node ([`Instance::flow_nodes`]), so one odd node costs
    /// only itself.
    #[serde(default, deserialize_with = "lenient::field")]
    pub nodes: Map<String, Value>,

    // Actions.
    #[serde(default, rename = "type", deserialize_with = "lenient::field")]
    pub action_type: Option<String>,
    /// An action's configuration; an external event subscription's too.
    #[serde(default, deserialize_with = "lenient::field")]
    pub config: Option<Value>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub input_schema: Option<Value>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub output_schema: Option<Value>,

    // Data sources.
    #[serde(default, deserialize_with = "lenient::field")]
    pub collection_key: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub collection_parameters: Option<Value>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub path: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub default_path: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub pull_updates_interval_seconds: Option<u64>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub full_sync_interval_seconds: Option<u64>,

    // Field mappings.
    #[serde(default, deserialize_with = "lenient::field")]
    pub direction: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub import_value: Option<Value>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub export_value: Option<Value>,

    // App event subscriptions.
    #[serde(default, deserialize_with = "lenient::field")]
    pub app_event_type_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub is_subscribed: Option<bool>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub webhook_uri: Option<String>,

    // External event subscriptions.
    #[serde(default, deserialize_with = "lenient::field")]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub error: Option<ConnectionError>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub is_real_time: Option<bool>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub next_pull_events_timestamp: Option<Value>,
}

/// How an instance stands, in the console's words. The engine's own word
/// is kept when the console does not know it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InstanceStatus {
    Ready,
    Disabled,
    Subscribed,
    NotSubscribed,
    Archived,
    SettingUp,
    /// Broken, with the engine's message.
    Failed {
        label: &'static str,
        message: String,
    },
    /// A state the console does not know, as the engine wrote it.
    Other(String),
}

impl InstanceStatus {
    pub fn label(&self) -> &str {
        match self {
            InstanceStatus::Ready => "Ready",
            InstanceStatus::Disabled => "Disabled",
            InstanceStatus::Subscribed => "Subscribed",
            InstanceStatus::NotSubscribed => "Not subscribed",
            InstanceStatus::Archived => "Archived",
            InstanceStatus::SettingUp => "Setting up",
            InstanceStatus::Failed { label, .. } => label,
            InstanceStatus::Other(state) => state,
        }
    }

    pub fn detail(&self) -> Option<&str> {
        match self {
            InstanceStatus::Failed { message, .. } => Some(message),
            _ => None,
        }
    }

    /// A class naming the status, for its icon and colour (those of a
    /// connection's state).
    pub fn class(&self) -> &'static str {
        match self {
            InstanceStatus::Ready | InstanceStatus::Subscribed => "connected",
            InstanceStatus::Disabled | InstanceStatus::NotSubscribed | InstanceStatus::Archived => {
                "disconnected"
            }
            InstanceStatus::SettingUp | InstanceStatus::Other(_) => "setting-up",
            InstanceStatus::Failed { .. } => "error",
        }
    }

    pub fn icon(&self) -> &'static str {
        match self.class() {
            "connected" => "✓",
            "disconnected" => "○",
            "error" => "✕",
            _ => "…",
        }
    }
}

impl Instance {
    pub fn is_archived(&self) -> bool {
        self.archived_at.is_some()
    }

    /// What to call the instance on screen, even when the engine has no name.
    pub fn display_name(&self) -> &str {
        if self.name.trim().is_empty() {
            self.key
                .as_deref()
                .filter(|k| !k.trim().is_empty())
                .unwrap_or(&self.id)
        } else {
            &self.name
        }
    }

    pub fn app_name(&self) -> String {
        self.integration
            .as_ref()
            .and_then(|i| i.name.clone().or_else(|| i.key.clone()))
            .or_else(|| self.integration_id.clone())
            .unwrap_or_else(|| "—".to_owned())
    }

    pub fn app_logo(&self) -> Option<String> {
        self.integration.as_ref().and_then(|i| i.logo_uri.clone())
    }

    /// The connection's id, from the field or the embedded connection.
    pub fn connection_ref(&self) -> Option<String> {
        self.connection_id
            .clone()
            .or_else(|| self.connection.as_ref().map(|c| c.id.clone()))
    }

    pub fn connection_name(&self) -> Option<String> {
        let id = self.connection_ref()?;
        Some(
            self.connection
                .as_ref()
                .and_then(|c| c.name.clone())
                .filter(|n| !n.trim().is_empty())
                .unwrap_or(id),
        )
    }

    /// Every distinct error the engine reports, from `errors` and `error`.
    pub fn all_errors(&self) -> Vec<ConnectionError> {
        let mut all = self.errors.clone();
        if let Some(e) = &self.error {
            if !all.contains(e) {
                all.push(e.clone());
            }
        }
        all
    }

    pub fn status(&self) -> InstanceStatus {
        if self.is_archived() {
            return InstanceStatus::Archived;
        }
        let message = || {
            self.all_errors()
                .first()
                .map(ConnectionError::text)
                .unwrap_or_else(|| "The engine reported no reason.".to_owned())
        };
        if let Some(status) = &self.status {
            return match status.as_str() {
                "subscribed" => InstanceStatus::Subscribed,
                "unsubscribed" => InstanceStatus::NotSubscribed,
                "error" => InstanceStatus::Failed {
                    label: "Error",
                    message: message(),
                },
                other => InstanceStatus::Other(other.to_owned()),
            };
        }
        match self.state.as_deref() {
            Some("SETUP_FAILED") => InstanceStatus::Failed {
                label: "Setup failed",
                message: message(),
            },
            Some("CONFIGURATION_ERROR") => InstanceStatus::Failed {
                label: "Configuration error",
                message: message(),
            },
            Some("CLIENT_ACTION_REQUIRED") => InstanceStatus::Failed {
                label: "Action required",
                message: message(),
            },
            Some("BUILDING") => InstanceStatus::SettingUp,
            Some("READY") | None if !self.errors.is_empty() => InstanceStatus::Failed {
                label: "Error",
                message: message(),
            },
            Some("READY") | None => match (self.enabled, self.is_subscribed) {
                (Some(false), _) => InstanceStatus::Disabled,
                (_, Some(false)) => InstanceStatus::NotSubscribed,
                (_, Some(true)) => InstanceStatus::Subscribed,
                _ => InstanceStatus::Ready,
            },
            Some(other) => InstanceStatus::Other(other.to_owned()),
        }
    }

    /// A flow's nodes in flow order: each trigger, then the nodes its links
    /// reach (depth first, in link order), then any node no trigger reaches.
    pub fn flow_nodes(&self) -> Vec<(String, FlowNode)> {
        crate::flow::FlowGraph::from_nodes(&self.nodes)
            .layout()
            .into_iter()
            .filter_map(|placed| {
                let node = self.flow_node(&placed.key)?;
                Some((placed.key, node))
            })
            .collect()
    }

    /// One node of a flow as the engine describes it (state, errors,
    /// customized); a node that cannot be read says so in its name.
    pub fn flow_node(&self, key: &str) -> Option<FlowNode> {
        let node = self.nodes.get(key)?;
        Some(FlowNode::deserialize(node).unwrap_or_else(|_| FlowNode {
            name: Some(format!("{key} (could not be read)")),
            ..Default::default()
        }))
    }

    /// A flow built for this customer alone: no integration flow is behind
    /// it, so there is nothing to customize or reset it to.
    pub fn is_customer_level(&self) -> bool {
        self.flow_id.is_none() && self.universal_flow_id.is_none()
    }

    /// The flow's trigger nodes, which a run may start from.
    pub fn triggers(&self) -> Vec<(String, FlowNode)> {
        self.flow_nodes()
            .into_iter()
            .filter(|(_, n)| n.is_trigger())
            .collect()
    }
}

/// One node of a flow.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FlowNode {
    #[serde(default, rename = "type", deserialize_with = "lenient::field")]
    pub node_type: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub config: Option<Value>,
    #[serde(default, deserialize_with = "lenient::entries")]
    pub links: Vec<FlowLink>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub on_error: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub input_schema: Option<Value>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub state: Option<String>,
    #[serde(default, deserialize_with = "lenient::entries")]
    pub errors: Vec<ConnectionError>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub is_customized: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FlowLink {
    pub key: String,
    #[serde(default, deserialize_with = "lenient::field")]
    pub name: Option<String>,
}

impl FlowNode {
    pub fn is_trigger(&self) -> bool {
        self.node_type
            .as_deref()
            .is_some_and(|t| t.ends_with("-trigger"))
    }
}

/// One page of one kind of instance, for a customer or a connection.
#[derive(Clone, Debug, PartialEq)]
pub struct InstanceQuery {
    pub kind: InstanceKind,
    pub customer_id: Option<String>,
    pub connection_id: Option<String>,
    pub search: String,
    pub include_archived: bool,
    pub cursor: Option<String>,
    pub limit: u32,
}

impl InstanceQuery {
    pub fn new(kind: InstanceKind) -> Self {
        InstanceQuery {
            kind,
            customer_id: None,
            connection_id: None,
            search: String::new(),
            include_archived: false,
            cursor: None,
            limit: INSTANCES_PAGE_SIZE,
        }
    }
}

pub(crate) fn get_request(kind: InstanceKind, id: &str) -> Request {
    kind.one(id)
}

pub(crate) fn links_request(
    table_id: &str,
    direction: Option<&str>,
    cursor: Option<&str>,
) -> Request {
    Request::get("/data-link-table-instance/links")
        .query("id", Some(table_id))
        .query("direction", direction)
        .query("limit", Some(INSTANCES_PAGE_SIZE))
        .query("cursor", cursor)
}

pub(crate) fn list_request(query: &InstanceQuery) -> Request {
    let search = query.search.trim();
    Request::get(query.kind.plural())
        .query("tenantId", query.customer_id.as_deref())
        .query("connectionId", query.connection_id.as_deref())
        .query(
            "search",
            (query.kind.searchable() && !search.is_empty()).then_some(search),
        )
        .query("includeArchived", query.include_archived.then_some(true))
        .query("limit", Some(query.limit))
        .query("cursor", query.cursor.as_deref())
}

/// A PATCH body: only what is set changes.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InstanceChanges {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// A flow's whole node map: the engine replaces them all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nodes: Option<Map<String, Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pull_updates_interval_seconds: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub full_sync_interval_seconds: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub import_value: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub export_value: Option<Value>,
}

/// A customer-level flow: built for one customer on one of its connections,
/// with no integration flow behind it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewFlow {
    pub name: String,
    pub connection_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub integration_id: Option<String>,
    pub enabled: bool,
    pub nodes: Map<String, Value>,
}

/// What a flow reset puts back: the named nodes, or all of them.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FlowReset {
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub nodes: Map<String, Value>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub all_nodes: bool,
}

impl FlowReset {
    /// Puts back one node as the integration defines it.
    pub fn node(key: &str) -> Self {
        let mut nodes = Map::new();
        nodes.insert(key.to_owned(), Value::Bool(true));
        FlowReset {
            nodes,
            all_nodes: false,
        }
    }
}

/// An operation on one instance beyond reading and changing it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InstanceOperation {
    Setup,
    Reset,
    Archive,
    Restore,
    Subscribe,
    Unsubscribe,
    Resubscribe,
    PullEvents,
}

impl InstanceOperation {
    fn path(self) -> &'static str {
        match self {
            InstanceOperation::Setup => "setup",
            InstanceOperation::Reset => "reset",
            InstanceOperation::Archive => "",
            InstanceOperation::Restore => "restore",
            InstanceOperation::Subscribe => "subscribe",
            InstanceOperation::Unsubscribe => "unsubscribe",
            InstanceOperation::Resubscribe => "resubscribe",
            InstanceOperation::PullEvents => "pull-events",
        }
    }
}

/// What an action run answered.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionRun {
    #[serde(default)]
    pub output: Value,
    #[serde(default, deserialize_with = "lenient::field")]
    pub action_run_id: Option<String>,
}

/// A link between a record in your app and one in the customer's app.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DataLink {
    #[serde(default, deserialize_with = "lenient::field")]
    pub direction: String,
    pub app_record_id: String,
    pub external_record_id: String,
}

/// Instance calls: `api.instances().list(&query)`.
#[derive(Clone, Copy)]
pub struct InstancesApi(Api);

impl Api {
    pub fn instances(self) -> InstancesApi {
        InstancesApi(self)
    }
}

impl InstancesApi {
    pub async fn list(self, query: &InstanceQuery) -> Result<Page<Instance>, ApiError> {
        self.0.send(list_request(query)).await
    }

    pub async fn get(self, kind: InstanceKind, id: &str) -> Result<Instance, ApiError> {
        self.0.send(get_request(kind, id)).await
    }

    pub async fn update(
        self,
        kind: InstanceKind,
        id: &str,
        changes: &InstanceChanges,
    ) -> Result<Instance, ApiError> {
        let request =
            Request::patch(kind.one_path(id, ""), changes).query("id", kind.selector_id(id));
        self.0.send(request).await
    }

    /// Runs an operation; the engine answers with the instance as it now is.
    pub async fn operate(
        self,
        kind: InstanceKind,
        id: &str,
        operation: InstanceOperation,
    ) -> Result<Instance, ApiError> {
        let request = match operation {
            InstanceOperation::Archive => {
                Request::delete(kind.one_path(id, "")).query("id", kind.selector_id(id))
            }
            other => kind.op(id, other.path(), &Map::new()),
        };
        self.0.send(request).await
    }

    /// Creates a customer-level flow; the engine answers with it.
    pub async fn create_flow(self, flow: &NewFlow) -> Result<Instance, ApiError> {
        self.0
            .send(Request::post(InstanceKind::Flow.plural(), flow))
            .await
    }

    /// Puts back what `reset` names as the integration defines it.
    pub async fn reset_flow(self, id: &str, reset: &FlowReset) -> Result<Instance, ApiError> {
        self.0.send(InstanceKind::Flow.op(id, "reset", reset)).await
    }

    /// Runs an action with `input` (checked by the engine against the
    /// action's input schema).
    pub async fn run_action(self, id: &str, input: &Value) -> Result<ActionRun, ApiError> {
        self.0.send(InstanceKind::Action.op(id, "run", input)).await
    }

    pub async fn links(
        self,
        table_id: &str,
        direction: Option<&str>,
        cursor: Option<&str>,
    ) -> Result<Page<DataLink>, ApiError> {
        self.0
            .send(links_request(table_id, direction, cursor))
            .await
    }

    pub async fn add_link(self, table_id: &str, link: &DataLink) -> Result<DataLink, ApiError> {
        self.0
            .send(InstanceKind::DataLinkTable.op(table_id, "links", link))
            .await
    }

    pub async fn delete_link(self, table_id: &str, link: &DataLink) -> Result<Value, ApiError> {
        let request = Request::with_body(Request::delete("/data-link-table-instance/links"), link)
            .query("id", Some(table_id));
        self.0.send(request).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn instance(v: Value) -> Instance {
        serde_json::from_value(v).expect("an instance")
    }

    #[test]
    fn each_kind_is_addressed_as_the_contract_says() {
        let one = InstanceKind::Flow.one("f 1");
        assert_eq!(one.path, "/flow-instance");
        assert_eq!(one.query, [("id", "f 1".to_owned())]);
        let setup = InstanceKind::Flow.op("f1", "setup", &Map::new());
        assert_eq!(setup.path, "/flow-instances/f1/setup");
        assert!(setup.query.is_empty());
        let run = InstanceKind::Action.op("a1", "run", &json!({}));
        assert_eq!(run.path, "/action-instance/run");
        assert_eq!(run.query, [("id", "a1".to_owned())]);
        let reset = InstanceKind::FieldMapping.op("m1", "reset", &Map::new());
        assert_eq!(reset.path, "/field-mapping-instances/m1/reset");
        let restore = InstanceKind::DataSource.op("d1", "restore", &Map::new());
        assert_eq!(restore.path, "/data-source-instance/restore");
        let external = InstanceKind::ExternalEventSubscription.one("e/1");
        assert_eq!(external.path, "/external-event-subscriptions/e%2F1");
        assert!(external.query.is_empty());
        let pull = InstanceKind::ExternalEventSubscription.op("e1", "pull-events", &Map::new());
        assert_eq!(pull.path, "/external-event-subscriptions/e1/pull-events");
        let subscribe = InstanceKind::AppEventSubscription.op("s1", "subscribe", &Map::new());
        assert_eq!(subscribe.path, "/app-event-subscription/subscribe");
        assert_eq!(subscribe.query, [("id", "s1".to_owned())]);
    }

    #[test]
    fn lists_filter_by_customer_with_tenant_id() {
        let mut q = InstanceQuery::new(InstanceKind::DataLinkTable);
        q.customer_id = Some("c1".into());
        q.search = "x".into();
        q.include_archived = true;
        let r = list_request(&q);
        assert_eq!(r.path, "/data-link-table-instances");
        assert_eq!(
            r.query,
            [
                ("tenantId", "c1".to_owned()),
                ("includeArchived", "true".to_owned()),
                ("limit", "50".to_owned())
            ],
            "data link tables take no search"
        );
        let mut q = InstanceQuery::new(InstanceKind::Flow);
        q.connection_id = Some("k1".into());
        q.search = " deals ".into();
        let r = list_request(&q);
        assert_eq!(
            r.query,
            [
                ("connectionId", "k1".to_owned()),
                ("search", "deals".to_owned()),
                ("limit", "50".to_owned())
            ]
        );
    }

    #[test]
    fn odd_instances_read_with_what_they_have() {
        let i = instance(
            json!({"id": "x", "state": "WEIRD", "nodes": 5, "errors": [1, {"message": "m"}],
            "enabled": "yes", "unknown": {"a": 1}}),
        );
        assert_eq!(i.display_name(), "x");
        assert_eq!(i.status(), InstanceStatus::Other("WEIRD".into()));
        assert_eq!(i.errors.len(), 1, "an unreadable error is left out");
        assert!(i.nodes.is_empty());
        assert_eq!(i.enabled, None);
        assert_eq!(i.app_name(), "—");
        assert_eq!(i.connection_name(), None);
        let e = serde_json::from_value::<Instance>(json!({"name": "no id"})).expect_err("no id");
        assert!(e.to_string().contains("missing field `id`"));
    }

    #[test]
    fn status_in_words() {
        let failed = instance(json!({"id": "a", "state": "SETUP_FAILED",
            "errors": [{"message": "its Salesforce connection is not connected"}]}));
        assert_eq!(failed.status().label(), "Setup failed");
        assert_eq!(
            failed.status().detail(),
            Some("its Salesforce connection is not connected")
        );
        let disabled = instance(json!({"id": "a", "state": "READY", "enabled": false}));
        assert_eq!(disabled.status(), InstanceStatus::Disabled);
        let ready = instance(json!({"id": "a", "state": "READY", "enabled": true}));
        assert_eq!(ready.status(), InstanceStatus::Ready);
        let archived =
            instance(json!({"id": "a", "state": "READY", "archivedAt": "2026-01-01T00:00:00Z"}));
        assert_eq!(archived.status(), InstanceStatus::Archived);
        let external = instance(
            json!({"id": "a", "status": "error", "error": {"message": "401 from the app"}}),
        );
        assert_eq!(external.status().label(), "Error");
        assert_eq!(external.status().detail(), Some("401 from the app"));
        let subscribed = instance(json!({"id": "a", "status": "subscribed"}));
        assert_eq!(subscribed.status(), InstanceStatus::Subscribed);
        let app_event = instance(json!({"id": "a", "state": "READY", "isSubscribed": false}));
        assert_eq!(app_event.status(), InstanceStatus::NotSubscribed);
    }

    #[test]
    fn flow_nodes_come_in_flow_order() {
        let i = instance(json!({"id": "f", "nodes": {
            "a-send": {"type": "api-request-to-your-app"},
            "find": {"type": "find-data-record-by-id", "links": [{"key": "a-send"}]},
            "updated": {"type": "data-record-updated-trigger", "links": [{"key": "find"}]},
            "created": {"type": "data-record-created-trigger", "links": [{"key": "find"}]},
            "orphan": {"type": "transform-data"},
            "branch": {"type": "filter", "links": [{"key": "left"}, {"key": "right"}, {"key": "missing"}]},
            "left": {"type": "transform-data"},
            "right": {"type": "transform-data", "links": [{"key": "branch"}]},
            "odd": 7
        }}));
        let keys: Vec<String> = i.flow_nodes().into_iter().map(|(k, _)| k).collect();
        // The editor's layout: unreached chains from their head, then what
        // only a loop reaches.
        assert_eq!(
            keys,
            ["updated", "find", "a-send", "created", "orphan", "odd", "branch", "left", "right"]
        );
        let triggers: Vec<String> = i.triggers().into_iter().map(|(k, _)| k).collect();
        assert_eq!(triggers, ["updated", "created"], "in the engine's order");
        let odd = i
            .flow_nodes()
            .into_iter()
            .find(|(k, _)| k == "odd")
            .map(|(_, n)| n);
        assert_eq!(
            odd.and_then(|n| n.name).as_deref(),
            Some("odd (could not be read)")
        );
    }
}
