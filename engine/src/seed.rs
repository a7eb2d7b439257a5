//! Deterministic demo data. Everything derives from constant seeds and the anchor time, so two
//! seeds with the same anchor produce identical databases.

mod deployments;
mod instances;

use rusqlite::{params, Connection};
use serde_json::{json, Value};

use crate::catalogue::{self, App, AuthMethods, APPS};
use crate::customers::NewCustomer;
use crate::db::{iso, iso_date};

const DAY: i64 = 86_400_000;

/// SplitMix64: tiny, fast and good enough for demo data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn hex(&mut self, bytes: usize) -> String {
        (0..bytes)
            .map(|_| format!("{:02x}", self.next_u64() as u8))
            .collect()
    }
}

/// A stable engine id for a seeded element, derived from its label.
pub fn stable_id(label: &str) -> String {
    let hash = label.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    Rng::new(hash).hex(12)
}

/// How much demo data to create.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seed {
    /// The workspace and the public app catalogue only.
    None,
    Demo {
        customers: usize,
    },
}

/// Seeds an empty database in one transaction. `anchor_ms` is "now" for the demo timeline.
pub fn seed(
    conn: &mut Connection,
    seed: Seed,
    workspace_key: &str,
    anchor_ms: i64,
) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    let demo = matches!(seed, Seed::Demo { .. });
    tx.execute(
        "INSERT INTO workspace (id, key, name, user_fields_schema) VALUES (?1, ?2, ?3, ?4)",
        params![
            stable_id("workspace"),
            workspace_key,
            if demo {
                "Switchboard Demo"
            } else {
                "Switchboard"
            },
            demo.then(|| user_fields_schema().to_string()),
        ],
    )?;
    seed_catalogue(&tx, anchor_ms)?;
    if let Seed::Demo { customers } = seed {
        seed_integrations(&tx, anchor_ms)?;
        seed_customers(&tx, customers, anchor_ms)?;
        seed_connections(&tx, customers, anchor_ms)?;
        instances::seed(&tx, anchor_ms)?;
        deployments::seed(&tx, anchor_ms)?;
    }
    tx.commit()
}

/// The demo customer field schema; it exercises every DataSchema feature the console renders.
pub fn user_fields_schema() -> Value {
    json!({
        "type": "object",
        "title": "Customer fields",
        "required": ["plan", "contactEmail"],
        "properties": {
            "displayName": {
                "type": "string", "title": "Display name", "minLength": 2, "maxLength": 80,
                "description": "Name shown in the customer's workspace.", "examples": ["Acme EMEA"]
            },
            "contactEmail": {
                "type": "string", "format": "email", "title": "Contact email",
                "description": "Where integration alerts are sent.", "examples": ["ops@acme.example"]
            },
            "website": { "type": "string", "format": "uri", "title": "Website", "examples": ["https://acme.example"] },
            "contractStart": { "type": "string", "format": "date", "title": "Contract start" },
            "lastSyncAt": { "type": "string", "format": "date-time", "title": "Last sync", "readOnly": true },
            "plan": {
                "type": "string", "title": "Plan", "enum": ["free", "pro", "enterprise"], "default": "free",
                "description": "Billing plan; decides which integrations are offered."
            },
            "seats": { "type": "integer", "title": "Seats", "minimum": 1, "maximum": 10000, "default": 5 },
            "betaFeatures": { "type": "boolean", "title": "Beta features", "default": false },
            "billingAddress": {
                "type": "object",
                "title": "Billing address",
                "required": ["country"],
                "properties": {
                    "street": { "type": "string", "title": "Street" },
                    "city": { "type": "string", "title": "City" },
                    "postcode": {
                        "type": "string", "title": "Postcode", "pattern": "^[A-Z0-9][A-Z0-9 -]{2,9}$",
                        "description": "Upper-case letters, digits, spaces and dashes.", "examples": ["10115", "SW1A 1AA"]
                    },
                    "country": { "type": "string", "title": "Country", "minLength": 2, "maxLength": 2, "examples": ["DE"] }
                }
            },
            "tags": {
                "type": "array", "title": "Tags", "maxItems": 10,
                "items": { "type": "string", "maxLength": 30 }
            },
            "region": {
                "type": "string", "title": "Data region", "allowCustom": true,
                "referenceRecords": [
                    { "id": "eu-central", "name": "EU (Frankfurt)" },
                    { "id": "us-east", "name": "US East (Virginia)" },
                    { "id": "ap-southeast", "name": "Asia Pacific (Singapore)" }
                ]
            },
            "crmApiSecret": {
                "type": "string", "title": "CRM API secret", "isSensitive": true, "writeOnly": true,
                "description": "Secret used to call the customer's own CRM."
            },
            "notes": { "type": "string", "title": "Notes", "isRichText": true, "maxLength": 5000 }
        }
    })
}

fn seed_catalogue(tx: &Connection, anchor: i64) -> rusqlite::Result<()> {
    for app in APPS {
        let app_id = stable_id(&format!("app:{}", app.key));
        let connector_id = stable_id(&format!("connector:{}", app.key));
        tx.execute(
            "INSERT INTO external_apps (id, key, name, categories, default_connector_id, is_public, popularity, color, can_test)
             VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?7, ?8)",
            params![
                app_id,
                app.key,
                app.name,
                json!(app.categories).to_string(),
                connector_id,
                app.popularity,
                app.color,
                app.can_test
            ],
        )?;
        insert_connector(
            tx,
            &connector_id,
            app.key,
            app.name,
            &app_id,
            true,
            anchor - 800 * DAY,
        )?;
        let versions: Vec<(&str, Value, Value)> = app
            .versions
            .iter()
            .filter_map(|v| catalogue::parse_version(v).map(|parsed| (*v, parsed)))
            .map(|(v, parsed)| {
                (
                    v,
                    catalogue::parameters_schema(app, parsed),
                    catalogue::auth_options(app, parsed),
                )
            })
            .collect();
        insert_versions(tx, app.key, app.name, &connector_id, &versions, anchor)?;
    }
    let github = github_app();
    let custom_id = stable_id(&format!("connector:{}", catalogue::CUSTOM_CONNECTOR_KEY));
    insert_connector(
        tx,
        &custom_id,
        catalogue::CUSTOM_CONNECTOR_KEY,
        catalogue::CUSTOM_CONNECTOR_NAME,
        &stable_id(&format!("app:{}", catalogue::CUSTOM_CONNECTOR_APP)),
        false,
        anchor - 200 * DAY,
    )?;
    let versions: Vec<(&str, Value, Value)> = catalogue::CUSTOM_VERSIONS
        .iter()
        .filter_map(|v| catalogue::parse_version(v).map(|parsed| (*v, parsed)))
        .map(|(v, parsed)| {
            (
                v,
                catalogue::custom_parameters_schema(parsed),
                catalogue::auth_options(github, parsed),
            )
        })
        .collect();
    insert_versions(
        tx,
        catalogue::CUSTOM_CONNECTOR_KEY,
        catalogue::CUSTOM_CONNECTOR_NAME,
        &custom_id,
        &versions,
        anchor,
    )
}

fn github_app() -> &'static App {
    APPS.iter()
        .find(|a| a.key == catalogue::CUSTOM_CONNECTOR_APP)
        .unwrap_or(&APPS[0])
}

fn insert_connector(
    tx: &Connection,
    id: &str,
    key: &str,
    name: &str,
    app_id: &str,
    public: bool,
    created_at: i64,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO connectors (id, key, name, external_app_id, is_public, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, key, name, app_id, public, created_at],
    )?;
    Ok(())
}

/// Versions are released every 45 days, the newest 10 days before the anchor.
fn insert_versions(
    tx: &Connection,
    key: &str,
    name: &str,
    connector_id: &str,
    versions: &[(&str, Value, Value)],
    anchor: i64,
) -> rusqlite::Result<()> {
    let count = versions.len() as i64;
    for (i, (version, schema, options)) in versions.iter().enumerate() {
        let previous = i
            .checked_sub(1)
            .map(|p| (versions[p].0, &versions[p].1, &versions[p].2));
        let (major, minor, patch) = catalogue::parse_version(version).unwrap_or((0, 0, 0));
        tx.execute(
            "INSERT INTO connector_versions
             (id, connector_id, version, major, minor, patch, changelog, parameters_schema, auth_options, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                stable_id(&format!("version:{key}:{version}")),
                connector_id,
                version,
                major,
                minor,
                patch,
                catalogue::changelog(name, version, previous, schema, options),
                schema.to_string(),
                options.to_string(),
                anchor - (10 + 45 * (count - 1 - i as i64)) * DAY,
            ],
        )?;
    }
    Ok(())
}

/// The demo integrations: (key, connector key, version, parameters, deactivated, archived).
type IntegrationSeed = (
    &'static str,
    &'static str,
    &'static str,
    fn() -> Value,
    bool,
    bool,
);

const INTEGRATIONS: &[IntegrationSeed] = &[
    // A patch update is available (2.1.1).
    (
        "hubspot",
        "hubspot",
        "2.1.0",
        || json!({ "portalId": "4411223", "syncIntervalMinutes": 30 }),
        false,
        false,
    ),
    // A major update is available (2.1.0 adds recordOwnerId, drops apiVersion).
    (
        "salesforce",
        "salesforce",
        "1.1.1",
        || json!({ "apiVersion": "2021-06", "pageSize": 200 }),
        false,
        false,
    ),
    // A minor update is available (1.2.0).
    (
        "slack",
        "slack",
        "1.1.0",
        || json!({ "apiVersion": "2021-06" }),
        false,
        false,
    ),
    (
        "jira",
        "jira",
        "2.0.1",
        || json!({ "projectKey": "OPS" }),
        false,
        false,
    ),
    // On the workspace's custom connector.
    (
        "github",
        catalogue::CUSTOM_CONNECTOR_KEY,
        "0.2.0",
        || json!({ "enterpriseHost": "https://github.acme.example", "organization": "acme" }),
        false,
        false,
    ),
    // Missing its required brandId.
    (
        "zendesk",
        "zendesk",
        "2.0.0",
        || json!({ "syncIntervalMinutes": 60 }),
        false,
        false,
    ),
    (
        "pipedrive",
        "pipedrive",
        "2.0.1",
        || json!({ "companyDomain": "acme" }),
        true,
        false,
    ),
    (
        "stripe",
        "stripe",
        "2.1.0",
        || json!({ "accountCountry": "DE" }),
        false,
        false,
    ),
    (
        "intercom",
        "intercom",
        "1.1.0",
        || json!({ "apiVersion": "2021-06" }),
        false,
        true,
    ),
];

fn seed_integrations(tx: &Connection, anchor: i64) -> rusqlite::Result<()> {
    for (i, (key, connector_key, version, parameters, deactivated, archived)) in
        INTEGRATIONS.iter().enumerate()
    {
        let app = APPS.iter().find(|a| a.key == *key).unwrap_or(&APPS[0]);
        let created = anchor - (300 - 20 * i as i64) * DAY;
        tx.execute(
            "INSERT INTO integrations
             (id, key, name, connector_id, connector_version, parameters, is_deactivated, external_app_id,
              created_at, updated_at, archived_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                stable_id(&format!("integration:{key}")),
                key,
                app.name,
                stable_id(&format!("connector:{connector_key}")),
                version,
                parameters().to_string(),
                deactivated,
                stable_id(&format!("app:{key}")),
                created,
                created + 5 * DAY,
                archived.then_some(anchor - 20 * DAY),
            ],
        )?;
    }
    Ok(())
}

/// The first customers have fixed names and roles the console's end-to-end tests rely on:
/// (name, isTest, archived).
const NAMED_CUSTOMERS: &[(&str, bool, bool)] = &[
    ("Acme Corporation", false, false),
    ("Globex Inc.", false, false),
    ("Initech LLC", false, false),
    ("Umbrella Health GmbH", false, false),
    ("Stark Industries", false, false),
    ("Wayne Enterprises", false, false),
    ("Hooli", false, false),
    ("Pied Piper (test)", true, false),
    ("Soylent Foods", false, false),
    ("Vandelay Industries", false, true),
];

const NAME_FIRST: &[&str] = &[
    "Northwind",
    "Blue Harbor",
    "Silverline",
    "Evergreen",
    "Redwood",
    "Brightpath",
    "Ironclad",
    "Lumen",
    "Cobalt",
    "Summit",
    "Maple",
    "Granite",
    "Nimbus",
    "Atlas",
    "Beacon",
    "Cedar",
    "Falcon",
    "Orion",
    "Quartz",
    "Sierra",
    "Tidal",
    "Vertex",
    "Willow",
    "Zephyr",
    "Alder",
    "Crescent",
    "Delta",
    "Ember",
    "Fjord",
    "Helix",
    "Juniper",
    "Keystone",
    "Meridian",
    "Nova",
    "Oakridge",
    "Pioneer",
    "Riverstone",
    "Solstice",
    "Trident",
    "Union",
];
const NAME_SECOND: &[&str] = &[
    "Logistics",
    "Analytics",
    "Health",
    "Foods",
    "Robotics",
    "Energy",
    "Capital",
    "Software",
    "Labs",
    "Retail",
    "Media",
    "Systems",
    "Biotech",
    "Freight",
    "Dynamics",
    "Networks",
    "Textiles",
    "Studios",
    "Solar",
    "Security",
];
const NAME_SUFFIX: &[&str] = &[
    "Inc.", "GmbH", "Ltd", "LLC", "AG", "S.A.", "BV", "Co.", "Group", "Holdings", "",
];
const CITIES: &[(&str, &str, &str)] = &[
    ("Berlin", "10115", "DE"),
    ("Munich", "80331", "DE"),
    ("London", "SW1A 1AA", "GB"),
    ("Paris", "75001", "FR"),
    ("Amsterdam", "1012 AB", "NL"),
    ("Austin", "73301", "US"),
    ("Boston", "02108", "US"),
    ("Singapore", "018956", "SG"),
    ("Toronto", "M5H 2N2", "CA"),
];
const TAGS: &[&str] = &[
    "priority",
    "beta",
    "partner",
    "churn-risk",
    "upsell",
    "onboarding",
    "enterprise-pilot",
];
const REGIONS: &[&str] = &["eu-central", "us-east", "ap-southeast", "on-prem-frankfurt"];
const PLANS: &[&str] = &["free", "pro", "pro", "enterprise"];

/// The internal id of the `n`th seeded customer (1-based).
pub fn internal_id(n: usize) -> String {
    format!("cust-{n:05}")
}

fn slug(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

fn customer_fields(rng: &mut Rng, name: &str, anchor: i64, created: i64) -> Value {
    let domain = format!("{}.example", slug(name));
    let (city, postcode, country) = *rng.pick(CITIES);
    let plan = *rng.pick(PLANS);
    let mut fields = json!({
        "contactEmail": format!("ops@{domain}"),
        "plan": plan,
        "seats": match plan { "free" => 1 + rng.below(5), "pro" => 5 + rng.below(95), _ => 100 + rng.below(4900) },
        "region": rng.pick(REGIONS),
        "billingAddress": { "street": format!("{} Market Street", 1 + rng.below(400)), "city": city, "postcode": postcode, "country": country },
        "contractStart": iso_date(created - rng.below(30) as i64 * DAY),
    });
    if rng.chance(80) {
        fields["website"] = json!(format!("https://{domain}"));
    }
    if rng.chance(60) {
        fields["lastSyncAt"] = json!(iso(anchor - rng.below(20 * DAY as u64) as i64));
    }
    if rng.chance(30) {
        fields["betaFeatures"] = json!(true);
    }
    if rng.chance(50) {
        let tags: Vec<&str> = (0..1 + rng.below(3)).map(|_| *rng.pick(TAGS)).collect();
        let mut unique = tags.clone();
        unique.dedup();
        fields["tags"] = json!(unique);
    }
    if rng.chance(20) {
        fields["displayName"] = json!(name.split(' ').next().unwrap_or(name));
    }
    if rng.chance(10) {
        fields["crmApiSecret"] = json!(format!("crm_{}", rng.hex(12)));
    }
    if rng.chance(10) {
        fields["notes"] = json!(format!("<p>Renewal call with <b>{name}</b> planned.</p>"));
    }
    fields
}

/// Customers are generated in internal-id order but inserted oldest first, so that creation
/// (rowid) order and `createdAt` order agree; the customer list relies on it.
fn seed_customers(tx: &Connection, count: usize, anchor: i64) -> rusqlite::Result<()> {
    let mut rng = Rng::new(0x5EED_C0FF_EE00_0001);
    let mut customers = Vec::with_capacity(count);
    for n in 1..=count {
        let (name, is_test, archived, created) = match NAMED_CUSTOMERS.get(n - 1) {
            Some((name, is_test, archived)) => (
                (*name).to_string(),
                *is_test,
                *archived,
                anchor - n as i64 * DAY,
            ),
            None => {
                let name = format!(
                    "{} {} {}",
                    rng.pick(NAME_FIRST),
                    rng.pick(NAME_SECOND),
                    rng.pick(NAME_SUFFIX)
                );
                let created = anchor - 11 * DAY - rng.below(719 * DAY as u64) as i64;
                // Only the named test customer is a test customer: the console uses the
                // one marked as test (Settings › Testing), as the vendor keeps one per
                // console user.
                (name.trim_end().to_string(), false, rng.chance(3), created)
            }
        };
        let id = rng.hex(12);
        let fields = customer_fields(&mut rng, &name, anchor, created);
        let last_active = created + rng.below((anchor - created).max(1) as u64) as i64;
        customers.push(NewCustomer {
            id,
            name,
            internal_id: internal_id(n),
            fields,
            is_test,
            last_active_at: Some(last_active),
            created_at: created,
            archived_at: archived.then_some(last_active),
        });
    }
    customers.sort_by(|a, b| (a.created_at, &a.internal_id).cmp(&(b.created_at, &b.internal_id)));
    // Indexing row by row through the trigger costs several times one bulk rebuild.
    tx.execute_batch("DROP TRIGGER customers_fts_insert")?;
    for customer in &customers {
        customer.insert(tx)?;
    }
    tx.execute_batch("INSERT INTO customers_fts (customers_fts) VALUES ('rebuild')")?;
    crate::db::create_schema(tx)
}

/// How a seeded connection stands.
#[derive(Clone, Copy)]
enum Standing {
    Ready,
    /// The refresh token was revoked: refresh and test fail.
    Revoked,
    /// The stored API key is rejected.
    KeyRejected,
    ActionRequired,
    Archived,
}

/// (customer number, integration key, auth option key, standing)
const CONNECTIONS: &[(usize, &str, &str, Standing)] = &[
    (1, "hubspot", "oauth", Standing::Ready),
    (1, "salesforce", "oauth", Standing::Revoked),
    (1, "stripe", "api-key", Standing::Ready),
    (1, "slack", "oauth", Standing::Ready),
    (2, "zendesk", "oauth", Standing::ActionRequired),
    (2, "jira", "api-key", Standing::Ready),
    (3, "github", "oauth", Standing::Ready),
    (3, "pipedrive", "api-key", Standing::Ready),
    (4, "hubspot", "oauth", Standing::Archived),
    (4, "stripe", "api-key", Standing::KeyRejected),
    (6, "zendesk", "api-key", Standing::Ready),
    (7, "slack", "oauth", Standing::Ready),
    (7, "salesforce", "oauth", Standing::Ready),
    (8, "stripe", "api-key", Standing::Ready),
];

/// Integrations the generated customers are connected to, in turn.
const ROTATION: &[(&str, &str)] = &[
    ("hubspot", "oauth"),
    ("slack", "oauth"),
    ("stripe", "api-key"),
    ("jira", "oauth"),
    ("salesforce", "oauth"),
];

fn seed_connections(tx: &Connection, customer_count: usize, anchor: i64) -> rusqlite::Result<()> {
    let mut rng = Rng::new(0x5EED_C0FF_EE00_0002);
    let generated = (11..=34).map(|n| {
        let (key, option) = ROTATION[n % ROTATION.len()];
        (n, key, option, Standing::Ready)
    });
    let all: Vec<(usize, &str, &str, Standing)> =
        CONNECTIONS.iter().copied().chain(generated).collect();
    for (i, (n, key, option, standing)) in all.into_iter().enumerate() {
        if n > customer_count {
            continue;
        }
        // A connection is younger than both its customer and its integration.
        let (user_id, born): (String, i64) = tx.query_row(
            "SELECT c.id, MAX(c.created_at, i.created_at) AS born FROM customers c, integrations i
             WHERE c.internal_id = ?1 AND i.key = ?2",
            params![internal_id(n), key],
            |r| Ok((r.get("id")?, r.get("born")?)),
        )?;
        let app = APPS.iter().find(|a| a.key == key).unwrap_or(&APPS[0]);
        let created = born + (anchor - born) * (1 + i as i64 % 5) / 7;
        let last_active = created + rng.below((anchor - created).max(1) as u64) as i64;
        let credentials = match (option, standing) {
            ("api-key", Standing::KeyRejected) => {
                json!({ "apiKey": format!("sk_invalid_{}", rng.hex(8)) })
            }
            ("api-key", _) => {
                let mut credentials = json!({ "apiKey": format!("sk_demo_{}", rng.hex(12)) });
                if app.auth == AuthMethods::Both && !app.extra_key_fields.is_empty() {
                    credentials["email"] = json!("it@customer.example");
                    credentials["subdomain"] = json!("customer");
                }
                credentials
            }
            (_, Standing::Revoked) => json!({
                "accessToken": format!("at_{}", rng.hex(12)), "refreshToken": format!("revoked_{}", rng.hex(8)),
                "tokenType": "Bearer", "expiresAt": iso(anchor - 2 * DAY),
            }),
            _ => json!({
                "accessToken": format!("at_{}", rng.hex(12)), "refreshToken": format!("rt_{}", rng.hex(12)),
                "tokenType": "Bearer", "expiresAt": iso(anchor + DAY),
            }),
        };
        let (state, error) = match standing {
            Standing::Ready | Standing::Archived => ("READY", None),
            Standing::Revoked => (
                "READY",
                Some(json!({
                    "type": "connection", "key": "refresh_failed",
                    "message": format!("{} refused the refresh token: invalid_grant (the token was revoked). Reconnect to grant access again.", app.name),
                    "data": { "status": 400, "error": "invalid_grant" },
                })),
            ),
            Standing::KeyRejected => (
                "READY",
                Some(json!({
                    "type": "connection", "key": "invalid_credentials",
                    "message": format!("The API key was rejected by {}: 401 Unauthorized", app.name),
                    "data": { "status": 401 },
                })),
            ),
            Standing::ActionRequired => (
                "CLIENT_ACTION_REQUIRED",
                Some(json!({
                    "type": "connection", "key": "client_action_required",
                    "message": format!("A {} administrator must approve the new \"tickets:write\" permission. Reconnect and approve it.", app.name),
                })),
            ),
        };
        tx.execute(
            "INSERT INTO connections
             (id, name, user_id, integration_id, auth_option_key, state, error, credentials,
              last_active_at, created_at, updated_at, archived_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11)",
            params![
                stable_id(&format!("connection:{i}")),
                app.name,
                user_id,
                stable_id(&format!("integration:{key}")),
                option,
                state,
                error.map(|e| e.to_string()),
                credentials.to_string(),
                last_active,
                created,
                matches!(standing, Standing::Archived).then_some(last_active),
            ],
        )?;
    }
    Ok(())
}
