//! The demo app catalogue: external apps, their connectors and connector versions.
//!
//! Version schemas are derived from the version number, and each changelog is derived from the
//! difference to the previous version, so the two can never disagree.

use serde_json::{json, Map, Value};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum AuthMethods {
    OAuth,
    /// OAuth against the customer's own subdomain (the option has an inputSchema).
    OAuthSubdomain,
    ApiKey,
    /// OAuth and an API key; the key option also asks for `extra_key_fields`.
    Both,
}

pub struct App {
    pub key: &'static str,
    pub name: &'static str,
    pub categories: &'static [&'static str],
    pub color: &'static str,
    pub popularity: i64,
    pub can_test: bool,
    pub auth: AuthMethods,
    /// Required inputs of the API-key option besides `apiKey` (e.g. a subdomain).
    pub extra_key_fields: &'static [(&'static str, &'static str)],
    /// An optional input the API-key option gains from version 2.0.0 on.
    pub v2_key_field: Option<(&'static str, &'static str)>,
    /// Published versions, oldest first.
    pub versions: &'static [&'static str],
    /// The required parameter introduced by 2.0.0: (key, title, description).
    pub v2_param: (&'static str, &'static str, &'static str),
}

pub const APPS: &[App] = &[
    App {
        key: "hubspot",
        name: "HubSpot",
        categories: &["CRM", "Marketing"],
        color: "#ff7a59",
        popularity: 98,
        can_test: true,
        auth: AuthMethods::OAuth,
        extra_key_fields: &[],
        v2_key_field: None,
        versions: &["1.0.0", "1.1.0", "2.0.0", "2.1.0", "2.1.1"],
        v2_param: (
            "portalId",
            "Portal ID",
            "The HubSpot account (portal) to sync.",
        ),
    },
    App {
        key: "salesforce",
        name: "Salesforce",
        categories: &["CRM"],
        color: "#00a1e0",
        popularity: 97,
        can_test: true,
        auth: AuthMethods::OAuthSubdomain,
        extra_key_fields: &[],
        v2_key_field: None,
        versions: &["1.0.0", "1.1.0", "1.1.1", "2.0.0", "2.1.0"],
        v2_param: (
            "recordOwnerId",
            "Default record owner",
            "Salesforce user id that owns records the integration creates.",
        ),
    },
    App {
        key: "slack",
        name: "Slack",
        categories: &["Communication"],
        color: "#4a154b",
        popularity: 96,
        can_test: true,
        auth: AuthMethods::OAuth,
        extra_key_fields: &[],
        v2_key_field: None,
        versions: &["1.0.0", "1.0.1", "1.1.0", "1.2.0"],
        v2_param: (
            "defaultChannel",
            "Default channel",
            "Channel that receives notifications.",
        ),
    },
    App {
        key: "jira",
        name: "Jira",
        categories: &["Project management", "Developer tools"],
        color: "#0052cc",
        popularity: 90,
        can_test: true,
        auth: AuthMethods::Both,
        extra_key_fields: &[("email", "Account email"), ("subdomain", "Site subdomain")],
        v2_key_field: None,
        versions: &["1.0.0", "2.0.0", "2.0.1"],
        v2_param: (
            "projectKey",
            "Project key",
            "Key of the Jira project issues are created in, e.g. OPS.",
        ),
    },
    App {
        key: "github",
        name: "GitHub",
        categories: &["Developer tools"],
        color: "#24292f",
        popularity: 92,
        can_test: true,
        auth: AuthMethods::Both,
        extra_key_fields: &[],
        v2_key_field: None,
        versions: &["1.0.0", "1.1.0", "2.0.0"],
        v2_param: (
            "organization",
            "Organization",
            "GitHub organization login whose repositories are synced.",
        ),
    },
    App {
        key: "zendesk",
        name: "Zendesk",
        categories: &["Support"],
        color: "#03363d",
        popularity: 88,
        can_test: true,
        auth: AuthMethods::Both,
        extra_key_fields: &[("email", "Agent email"), ("subdomain", "Subdomain")],
        v2_key_field: None,
        versions: &["1.0.0", "1.1.0", "2.0.0"],
        v2_param: (
            "brandId",
            "Brand",
            "Zendesk brand whose tickets are synced.",
        ),
    },
    App {
        key: "intercom",
        name: "Intercom",
        categories: &["Support", "Communication"],
        color: "#1f8ded",
        popularity: 80,
        can_test: true,
        auth: AuthMethods::OAuth,
        extra_key_fields: &[],
        v2_key_field: None,
        versions: &["1.0.0", "1.0.1", "1.1.0"],
        v2_param: ("workspaceRegion", "Region", "Intercom data region."),
    },
    App {
        key: "pipedrive",
        name: "Pipedrive",
        categories: &["CRM"],
        color: "#1a1a1a",
        popularity: 75,
        can_test: true,
        auth: AuthMethods::Both,
        extra_key_fields: &[],
        v2_key_field: None,
        versions: &["1.0.0", "1.1.0", "2.0.0", "2.0.1"],
        v2_param: (
            "companyDomain",
            "Company domain",
            "Your Pipedrive company domain.",
        ),
    },
    App {
        key: "stripe",
        name: "Stripe",
        categories: &["Payments"],
        color: "#635bff",
        popularity: 94,
        can_test: true,
        auth: AuthMethods::ApiKey,
        extra_key_fields: &[],
        v2_key_field: Some(("accountId", "Connected account id")),
        versions: &["1.0.0", "1.0.1", "2.0.0", "2.1.0"],
        v2_param: (
            "accountCountry",
            "Account country",
            "Two-letter country of the Stripe account, e.g. DE.",
        ),
    },
    App {
        key: "shopify",
        name: "Shopify",
        categories: &["E-commerce"],
        color: "#95bf47",
        popularity: 91,
        can_test: true,
        auth: AuthMethods::OAuthSubdomain,
        extra_key_fields: &[],
        v2_key_field: None,
        versions: &["1.0.0", "1.1.0", "1.2.0"],
        v2_param: (
            "locationId",
            "Location",
            "Shopify location used for inventory.",
        ),
    },
    App {
        key: "notion",
        name: "Notion",
        categories: &["Productivity"],
        color: "#000000",
        popularity: 85,
        can_test: false,
        auth: AuthMethods::OAuth,
        extra_key_fields: &[],
        v2_key_field: None,
        versions: &["1.0.0", "1.0.1", "1.1.0"],
        v2_param: (
            "databaseId",
            "Database",
            "Notion database records are written to.",
        ),
    },
    App {
        key: "asana",
        name: "Asana",
        categories: &["Project management"],
        color: "#f06a6a",
        popularity: 78,
        can_test: true,
        auth: AuthMethods::Both,
        extra_key_fields: &[],
        v2_key_field: None,
        versions: &["1.0.0", "2.0.0", "2.1.0"],
        v2_param: ("workspaceGid", "Workspace", "Asana workspace gid."),
    },
    App {
        key: "google-sheets",
        name: "Google Sheets",
        categories: &["Productivity", "Spreadsheets"],
        color: "#0f9d58",
        popularity: 89,
        can_test: false,
        auth: AuthMethods::OAuth,
        extra_key_fields: &[],
        v2_key_field: None,
        versions: &["1.0.0", "1.1.0", "1.1.1"],
        v2_param: (
            "spreadsheetId",
            "Spreadsheet",
            "Spreadsheet rows are written to.",
        ),
    },
    App {
        key: "mailchimp",
        name: "Mailchimp",
        categories: &["Marketing"],
        color: "#ffe01b",
        popularity: 82,
        can_test: true,
        auth: AuthMethods::ApiKey,
        extra_key_fields: &[],
        v2_key_field: Some(("serverPrefix", "Server prefix")),
        versions: &["1.0.0", "1.1.0", "2.0.0"],
        v2_param: (
            "audienceId",
            "Audience",
            "Mailchimp audience (list) contacts are synced to.",
        ),
    },
    App {
        key: "airtable",
        name: "Airtable",
        categories: &["Productivity", "Database"],
        color: "#fcb400",
        popularity: 76,
        can_test: true,
        auth: AuthMethods::ApiKey,
        extra_key_fields: &[],
        v2_key_field: None,
        versions: &["1.0.0", "1.0.1", "1.1.0"],
        v2_param: ("baseId", "Base", "Airtable base records are written to."),
    },
];

/// The workspace's own connector, a fork of the GitHub one.
pub const CUSTOM_CONNECTOR_KEY: &str = "github-enterprise";
pub const CUSTOM_CONNECTOR_NAME: &str = "GitHub Enterprise (custom)";
pub const CUSTOM_CONNECTOR_APP: &str = "github";
pub const CUSTOM_VERSIONS: &[&str] = &["0.1.0", "0.2.0"];

pub fn parse_version(version: &str) -> Option<(i64, i64, i64)> {
    let mut parts = version.split('.').map(|p| p.parse::<i64>().ok());
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(Some(a)), Some(Some(b)), Some(Some(c)), None) => Some((a, b, c)),
        _ => None,
    }
}

fn string_prop(title: &str, description: &str) -> Value {
    json!({ "type": "string", "title": title, "description": description })
}

/// The connector parameters of `app` at `version`.
pub fn parameters_schema(app: &App, version: (i64, i64, i64)) -> Value {
    let (major, minor, _) = version;
    let mut properties = Map::new();
    let mut required = Vec::new();
    properties.insert(
        "syncIntervalMinutes".into(),
        json!({ "type": "integer", "title": "Sync interval (minutes)", "minimum": 5, "maximum": 1440, "default": 15 }),
    );
    if major < 2 {
        properties.insert(
            "apiVersion".into(),
            json!({
                "type": "string", "title": "API version", "enum": ["2019-01", "2021-06"], "default": "2021-06",
                "description": format!("{} API version to call.", app.name),
            }),
        );
        required.push("apiVersion");
    }
    if major >= 2 || minor >= 1 {
        properties.insert(
            "pageSize".into(),
            json!({ "type": "integer", "title": "Page size", "minimum": 1, "maximum": 500, "default": 100 }),
        );
    }
    if (major < 2 && minor >= 2) || (major >= 2 && minor >= 1) {
        properties.insert(
            "includeArchivedRecords".into(),
            json!({ "type": "boolean", "title": "Include archived records", "default": false }),
        );
    }
    if major >= 2 {
        let (key, title, description) = app.v2_param;
        properties.insert(key.into(), string_prop(title, description));
        required.push(key);
    }
    json!({ "type": "object", "properties": properties, "required": required })
}

pub fn custom_parameters_schema(version: (i64, i64, i64)) -> Value {
    let mut properties = Map::new();
    properties.insert(
        "enterpriseHost".into(),
        json!({ "type": "string", "format": "uri", "title": "Enterprise host", "examples": ["https://github.acme.example"] }),
    );
    properties.insert(
        "organization".into(),
        string_prop(
            "Organization",
            "Organization whose repositories are synced.",
        ),
    );
    if version.1 >= 2 {
        properties.insert(
            "syncPullRequests".into(),
            json!({ "type": "boolean", "title": "Sync pull requests", "default": true }),
        );
    }
    json!({ "type": "object", "properties": properties, "required": ["enterpriseHost", "organization"] })
}

fn subdomain_schema(app: &App) -> Value {
    json!({
        "type": "object",
        "required": ["subdomain"],
        "properties": {
            "subdomain": {
                "type": "string", "title": "Subdomain", "pattern": "^[a-z0-9][a-z0-9-]{0,62}$",
                "description": format!("The first part of your {} address, e.g. acme.", app.name),
            }
        }
    })
}

fn api_key_option(app: &App, major: i64) -> Value {
    let mut properties = Map::new();
    properties.insert(
        "apiKey".into(),
        json!({
            "type": "string", "title": "API key", "isSensitive": true,
            "description": format!("Create a key in {}'s settings under API access.", app.name),
        }),
    );
    let mut required = vec!["apiKey".to_string()];
    for (key, title) in app.extra_key_fields {
        properties.insert((*key).into(), json!({ "type": "string", "title": title }));
        required.push((*key).to_string());
    }
    if let (Some((key, title)), true) = (app.v2_key_field, major >= 2) {
        properties.insert(key.into(), json!({ "type": "string", "title": title }));
    }
    json!({
        "key": "api-key",
        "type": "client-credentials",
        "title": "API key",
        "description": format!("Paste an API key from {}.", app.name),
        "inputSchema": { "type": "object", "required": required, "properties": properties },
    })
}

fn oauth_option(app: &App, with_subdomain: bool) -> Value {
    let mut option = json!({
        "key": "oauth",
        "type": "oauth2",
        "title": format!("Sign in with {}", app.name),
        "description": format!("Opens {}'s sign-in page in a pop-up window.", app.name),
    });
    if with_subdomain {
        option["inputSchema"] = subdomain_schema(app);
    }
    option
}

/// The auth options of `app` at `version`, in the order the connection UI offers them.
pub fn auth_options(app: &App, version: (i64, i64, i64)) -> Value {
    let options = match app.auth {
        AuthMethods::OAuth => vec![oauth_option(app, false)],
        AuthMethods::OAuthSubdomain => vec![oauth_option(app, true)],
        AuthMethods::ApiKey => vec![api_key_option(app, version.0)],
        AuthMethods::Both => vec![oauth_option(app, false), api_key_option(app, version.0)],
    };
    Value::Array(options)
}

fn keys(schema: &Value, member: &str) -> Vec<String> {
    match &schema[member] {
        Value::Object(map) => map.keys().cloned().collect(),
        Value::Array(items) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

fn input_keys(options: &Value) -> Vec<String> {
    options
        .as_array()
        .map(|opts| {
            opts.iter()
                .flat_map(|o| keys(&o["inputSchema"], "properties"))
                .collect()
        })
        .unwrap_or_default()
}

/// A markdown changelog entry describing what changed since `previous`.
pub fn changelog(
    app_name: &str,
    version: &str,
    previous: Option<(&str, &Value, &Value)>,
    schema: &Value,
    options: &Value,
) -> String {
    let Some((previous_version, previous_schema, previous_options)) = previous else {
        return format!("## {version}\n\nFirst release of the {app_name} connector.");
    };
    let class = match (parse_version(previous_version), parse_version(version)) {
        (Some(a), Some(b)) if a.0 != b.0 => {
            "Major release: breaking changes, review and test before upgrading."
        }
        (Some(a), Some(b)) if a.1 != b.1 => "Minor release: new features, mostly compatible.",
        _ => "Patch release: bug fixes only.",
    };
    let mut lines = vec![
        format!("## {version}"),
        String::new(),
        class.to_string(),
        String::new(),
    ];
    let (old_props, new_props) = (
        keys(previous_schema, "properties"),
        keys(schema, "properties"),
    );
    let (old_required, new_required) =
        (keys(previous_schema, "required"), keys(schema, "required"));
    for key in new_props.iter().filter(|k| !old_props.contains(k)) {
        let kind = if new_required.contains(key) {
            "required"
        } else {
            "optional"
        };
        lines.push(format!("- Added {kind} parameter `{key}`."));
    }
    for key in old_props.iter().filter(|k| !new_props.contains(k)) {
        lines.push(format!(
            "- Removed parameter `{key}`: the connector now always uses {app_name}'s current API."
        ));
    }
    for key in new_required
        .iter()
        .filter(|k| !old_required.contains(k) && old_props.contains(k))
    {
        lines.push(format!("- Parameter `{key}` is now required."));
    }
    let (old_inputs, new_inputs) = (input_keys(previous_options), input_keys(options));
    for key in new_inputs.iter().filter(|k| !old_inputs.contains(k)) {
        lines.push(format!("- The API key connection form asks for `{key}`."));
    }
    if lines.len() == 4 {
        lines.push(format!(
            "- Retry {app_name} requests that hit a rate limit (HTTP 429) with back-off."
        ));
        lines.push("- Fix paging stopping early on large accounts.".into());
    }
    lines.join("\n")
}
