//! Connector versions: how far apart two versions are, and what a switch
//! between two versions (or two connectors) changes in the app's parameters
//! and in the connection form.
//!
//! Pure logic, so the promises made to a person ("a patch is safe") are
//! tested on the host. Nothing here panics on odd version strings: the engine
//! may hand us anything, and an invalid version is shown as such.

use serde_json::Value;
use std::cmp::Ordering;
use switchboard_schema::{diff, parse, ChangeKind, Schema};

/// A connector version as the engine names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConnectorVersion {
    Semver(semver::Version),
    /// Always the newest version; not a fixed point to compare with.
    Latest,
    /// The connector's development build.
    Dev,
    /// Not a semantic version; kept as written to show it.
    Invalid(String),
}

impl ConnectorVersion {
    /// Reads a version string; a leading `v` ("v1.2.0") is tolerated.
    pub fn parse(raw: &str) -> Self {
        let trimmed = raw.trim();
        match trimmed {
            "latest" => return ConnectorVersion::Latest,
            "dev" => return ConnectorVersion::Dev,
            _ => {}
        }
        let numeric = trimmed.strip_prefix('v').unwrap_or(trimmed);
        match semver::Version::parse(numeric) {
            Ok(v) => ConnectorVersion::Semver(v),
            Err(_) => ConnectorVersion::Invalid(raw.to_owned()),
        }
    }

    fn semver(&self) -> Option<&semver::Version> {
        match self {
            ConnectorVersion::Semver(v) => Some(v),
            _ => None,
        }
    }

    /// A stable release: a semantic version without a pre-release part.
    pub fn is_stable(&self) -> bool {
        self.semver().is_some_and(|v| v.pre.is_empty())
    }
}

/// What moving from one version to another means for a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    Same,
    /// Bug fixes: safe.
    Patch,
    /// New features, mostly compatible: read the changelog.
    Minor,
    /// Breaking: review and test first.
    Major,
    /// One side is `latest`, `dev` or invalid: nothing can be promised.
    Unknown,
}

impl Class {
    /// One word for badges.
    pub fn word(self) -> &'static str {
        match self {
            Class::Same => "current",
            Class::Patch => "patch",
            Class::Minor => "minor",
            Class::Major => "major",
            Class::Unknown => "unknown",
        }
    }

    /// What the class promises, in one sentence.
    pub fn advice(self) -> &'static str {
        match self {
            Class::Same => "This is the version in use.",
            Class::Patch => "A patch: bug fixes only, safe to take.",
            Class::Minor => "A minor version: new features that may break things. Read the changelog first.",
            Class::Major => "A major version: breaking changes. Review and test first, or create a new app with this version.",
            Class::Unknown => "No compatibility promise can be made for this version. Review and test first.",
        }
    }
}

/// A move from the version in use to another one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    pub class: Class,
    /// To an older version.
    pub downgrade: bool,
}

impl Step {
    /// "patch update", "major downgrade", "current".
    pub fn describe(self) -> String {
        match self.class {
            Class::Same => "current".to_owned(),
            Class::Unknown => "not comparable".to_owned(),
            class => {
                let direction = if self.downgrade {
                    "downgrade"
                } else {
                    "update"
                };
                format!("{} {direction}", class.word())
            }
        }
    }
}

/// How far `to` is from `from`. Build metadata is ignored, as semver says.
/// In `0.y.z` (initial development) a change of `y` is breaking. A step to
/// or from a pre-release is never a safe patch: pre-releases promise nothing.
pub fn step(from: &str, to: &str) -> Step {
    let (from, to) = (ConnectorVersion::parse(from), ConnectorVersion::parse(to));
    let (Some(a), Some(b)) = (from.semver(), to.semver()) else {
        let class = if from == to && from != ConnectorVersion::Dev {
            Class::Same
        } else {
            Class::Unknown
        };
        return Step {
            class,
            downgrade: false,
        };
    };
    let order = a.cmp_precedence(b);
    let class = if order == Ordering::Equal {
        Class::Same
    } else if a.major != b.major || (a.major == 0 && a.minor != b.minor) {
        Class::Major
    } else if a.minor != b.minor || !a.pre.is_empty() || !b.pre.is_empty() {
        Class::Minor
    } else {
        Class::Patch
    };
    Step {
        class,
        downgrade: order == Ordering::Greater,
    }
}

/// The newest stable version above `current`, with its class: what the
/// "update available" notice offers. None when `current` is not a fixed
/// version (`latest` is always current; `dev` and invalid ones cannot be
/// compared).
pub fn available_update<'a>(
    current: &str,
    versions: impl IntoIterator<Item = &'a str>,
) -> Option<(&'a str, Class)> {
    let now = ConnectorVersion::parse(current);
    let now = now.semver()?;
    versions
        .into_iter()
        .filter_map(|raw| match ConnectorVersion::parse(raw) {
            ConnectorVersion::Semver(v) if v.pre.is_empty() => Some((raw, v)),
            _ => None,
        })
        .filter(|(_, v)| v.cmp_precedence(now) == Ordering::Greater)
        .max_by(|(_, a), (_, b)| a.cmp_precedence(b))
        .map(|(raw, _)| (raw, step(current, raw).class))
}

/// The versions whose changelogs a switch from `from` to `to` concerns,
/// newest first: for an update those above `from` up to `to`; for a
/// downgrade those above `to` up to `from` (the changes it undoes). When
/// either end is not a semantic version, only `to` itself.
pub fn changelog_range<'a>(
    from: &str,
    to: &'a str,
    versions: impl IntoIterator<Item = &'a str>,
) -> Vec<&'a str> {
    let (a, b) = (ConnectorVersion::parse(from), ConnectorVersion::parse(to));
    let (Some(a), Some(b)) = (a.semver(), b.semver()) else {
        return vec![to];
    };
    let (low, high) = if a.cmp_precedence(b) == Ordering::Greater {
        (b, a)
    } else {
        (a, b)
    };
    let mut within: Vec<&str> = versions
        .into_iter()
        .filter(|raw| match ConnectorVersion::parse(raw) {
            ConnectorVersion::Semver(v) => {
                v.cmp_precedence(low) == Ordering::Greater
                    && v.cmp_precedence(high) != Ordering::Greater
            }
            _ => false,
        })
        .collect();
    sort_newest_first(&mut within, |v| v);
    within
}

/// Sorts newest first: semantic versions by precedence, then `dev`,
/// `latest`, then invalid strings as written.
pub fn sort_newest_first<T>(items: &mut [T], version: impl Fn(&T) -> &str) {
    let rank = |v: &ConnectorVersion| match v {
        ConnectorVersion::Semver(_) => 0,
        ConnectorVersion::Dev => 1,
        ConnectorVersion::Latest => 2,
        ConnectorVersion::Invalid(_) => 3,
    };
    items.sort_by(|x, y| {
        let (a, b) = (
            ConnectorVersion::parse(version(x)),
            ConnectorVersion::parse(version(y)),
        );
        match (&a, &b) {
            (ConnectorVersion::Semver(a), ConnectorVersion::Semver(b)) => b.cmp_precedence(a),
            (ConnectorVersion::Invalid(a), ConnectorVersion::Invalid(b)) => a.cmp(b),
            _ => rank(&a).cmp(&rank(&b)),
        }
    });
}

/// One field that changes with a switch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldChange {
    /// What a person calls the field ("Portal ID", "Settings › Region").
    pub label: String,
    /// "added", "removed", "now required", "changed from text to number".
    pub change: String,
    /// Removed, newly required and retyped fields can break what works today.
    pub breaking: bool,
}

/// What switching from one connector version to another changes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SwitchPreview {
    /// Changes to the app's connector parameters.
    pub parameters: Vec<FieldChange>,
    /// Changes to the form customers fill to connect.
    pub connection_inputs: Vec<FieldChange>,
    /// Labels of the required parameters the app lacks after the switch.
    pub must_fill: Vec<String>,
}

impl SwitchPreview {
    /// Compares the two versions' `parametersSchema` and auth `inputSchema`
    /// (either may be absent), against the app's current parameters.
    pub fn new(from: &VersionSchemas<'_>, to: &VersionSchemas<'_>, parameters: &Value) -> Self {
        let (old_parameters, new_parameters) =
            (object_schema(from.parameters), object_schema(to.parameters));
        let must_fill = new_parameters
            .missing_required(parameters)
            .into_iter()
            .map(|key| label_of(&key, &new_parameters, &old_parameters))
            .collect();
        SwitchPreview {
            parameters: field_changes(&old_parameters, &new_parameters),
            connection_inputs: field_changes(
                &object_schema(from.inputs),
                &object_schema(to.inputs),
            ),
            must_fill,
        }
    }

    /// True when nothing in either schema changes.
    pub fn is_empty(&self) -> bool {
        self.parameters.is_empty() && self.connection_inputs.is_empty()
    }

    /// The changes that can break what works today.
    pub fn breaking(&self) -> impl Iterator<Item = &FieldChange> {
        self.parameters
            .iter()
            .chain(&self.connection_inputs)
            .filter(|c| c.breaking)
    }
}

/// The two schemas of a connector version that a switch compares.
#[derive(Clone, Copy, Debug, Default)]
pub struct VersionSchemas<'a> {
    pub parameters: Option<&'a Value>,
    pub inputs: Option<&'a Value>,
}

/// A missing schema means "no fields", not "any value": compare it as an
/// empty object so the diff lists fields, not a change of the whole.
fn object_schema(raw: Option<&Value>) -> Schema {
    match raw {
        Some(schema @ Value::Object(_)) => parse(schema),
        _ => parse(&serde_json::json!({ "type": "object" })),
    }
}

fn field_changes(old: &Schema, new: &Schema) -> Vec<FieldChange> {
    diff(old, new)
        .into_iter()
        .filter(|c| !c.pointer.is_empty())
        .map(|c| FieldChange {
            label: pointer_label(&c.pointer, new, old),
            breaking: matches!(
                c.kind,
                ChangeKind::Removed | ChangeKind::NewlyRequired | ChangeKind::TypeChanged { .. }
            ),
            change: c.kind.to_string(),
        })
        .collect()
}

/// "/settings/region" -> "Settings › Region", with titles where the schemas
/// have them (the newer schema first, as removed fields only exist in the old).
fn pointer_label(pointer: &str, new: &Schema, old: &Schema) -> String {
    let keys: Vec<String> = pointer
        .trim_start_matches('/')
        .split('/')
        .map(|k| k.replace("~1", "/").replace("~0", "~"))
        .collect();
    let mut labels = Vec::with_capacity(keys.len());
    let mut nodes = (Some(new.root()), Some(old.root()));
    for key in &keys {
        if key == "*" {
            labels.push("each item".to_owned());
            nodes = (
                nodes.0.and_then(|n| n.items.as_deref()),
                nodes.1.and_then(|n| n.items.as_deref()),
            );
            continue;
        }
        let (a, b) = (
            nodes.0.and_then(|n| n.property(key)),
            nodes.1.and_then(|n| n.property(key)),
        );
        labels.push(
            a.or(b)
                .map(|p| p.label())
                .unwrap_or_else(|| switchboard_schema::humanize(key)),
        );
        nodes = (a.map(|p| &p.node), b.map(|p| &p.node));
    }
    labels.join(" › ")
}

fn label_of(key: &str, new: &Schema, old: &Schema) -> String {
    pointer_label(
        &format!("/{}", key.replace('~', "~0").replace('/', "~1")),
        new,
        old,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn class(from: &str, to: &str) -> Class {
        step(from, to).class
    }

    #[test]
    fn patch_minor_major_and_same() {
        assert_eq!(class("2.1.0", "2.1.1"), Class::Patch);
        assert_eq!(class("1.1.0", "1.2.0"), Class::Minor);
        assert_eq!(class("1.1.1", "2.1.0"), Class::Major);
        assert_eq!(class("2.1.0", "2.1.0"), Class::Same);
        assert_eq!(step("2.1.0", "2.1.1").describe(), "patch update");
    }

    #[test]
    fn downgrades_have_the_same_classes() {
        let s = step("2.1.1", "2.1.0");
        assert_eq!(
            s,
            Step {
                class: Class::Patch,
                downgrade: true
            }
        );
        assert_eq!(s.describe(), "patch downgrade");
        assert_eq!(step("2.0.0", "1.1.1").describe(), "major downgrade");
        assert!(!step("1.0.0", "1.0.1").downgrade);
    }

    #[test]
    fn initial_development_minor_is_breaking() {
        assert_eq!(class("0.1.0", "0.2.0"), Class::Major);
        assert_eq!(class("0.2.0", "0.2.3"), Class::Patch);
    }

    #[test]
    fn pre_releases_are_never_a_safe_patch() {
        assert_eq!(class("1.2.0", "1.2.1-beta.1"), Class::Minor);
        assert_eq!(class("1.2.0-rc.1", "1.2.0"), Class::Minor);
        assert!(!step("1.2.0-rc.1", "1.2.0").downgrade);
        assert!(step("1.2.0", "1.2.0-rc.1").downgrade);
        assert_eq!(class("1.2.0-beta", "2.0.0-alpha"), Class::Major);
    }

    #[test]
    fn build_metadata_is_ignored() {
        assert_eq!(class("1.0.0+build.1", "1.0.0+build.2"), Class::Same);
        assert_eq!(class("1.0.0+a", "1.0.1"), Class::Patch);
        assert_eq!(class("v1.0.0", "1.0.0"), Class::Same);
    }

    #[test]
    fn latest_dev_and_invalid_are_not_comparable() {
        assert_eq!(class("latest", "2.0.0"), Class::Unknown);
        assert_eq!(class("1.0.0", "dev"), Class::Unknown);
        assert_eq!(
            class("dev", "dev"),
            Class::Unknown,
            "two dev builds may differ"
        );
        assert_eq!(class("latest", "latest"), Class::Same);
        assert_eq!(class("1.0", "1.0.1"), Class::Unknown);
        assert_eq!(class("", "💥"), Class::Unknown);
        assert_eq!(step("banana", "1.0.0").describe(), "not comparable");
        assert_eq!(
            ConnectorVersion::parse("1.0"),
            ConnectorVersion::Invalid("1.0".into())
        );
        for odd in ["99999999999999999999.0.0", "1.0.0-", "1..0", " ", "\u{0}"] {
            let _ = step(odd, "1.0.0");
        }
    }

    #[test]
    fn update_offers_the_newest_stable_version_above_current() {
        let versions = ["1.0.0", "2.1.1", "2.1.0", "3.0.0-beta.1", "dev", "nonsense"];
        assert_eq!(
            available_update("2.1.0", versions),
            Some(("2.1.1", Class::Patch))
        );
        assert_eq!(
            available_update("1.0.0", versions),
            Some(("2.1.1", Class::Major))
        );
        assert_eq!(available_update("2.1.1", versions), None);
        assert_eq!(
            available_update("2.1.1-rc.1", versions),
            Some(("2.1.1", Class::Minor))
        );
        assert_eq!(available_update("latest", versions), None);
        assert_eq!(available_update("dev", versions), None);
        assert_eq!(available_update("garbage", versions), None);
    }

    #[test]
    fn changelogs_cover_every_version_crossed() {
        let all = ["1.0.0", "1.1.0", "1.1.1", "2.0.0", "2.1.0", "dev"];
        assert_eq!(changelog_range("1.1.1", "2.1.0", all), ["2.1.0", "2.0.0"]);
        assert_eq!(
            changelog_range("2.1.0", "1.1.0", all),
            ["2.1.0", "2.0.0", "1.1.1"]
        );
        assert_eq!(changelog_range("2.1.0", "2.1.0", all), Vec::<&str>::new());
        assert_eq!(changelog_range("dev", "1.1.0", all), ["1.1.0"]);
    }

    #[test]
    fn sorts_newest_first_with_specials_after() {
        let mut v = vec![
            "1.0.0",
            "x",
            "latest",
            "2.0.0-rc.1",
            "2.0.0",
            "1.10.0",
            "dev",
            "1.9.0",
        ];
        sort_newest_first(&mut v, |s| s);
        assert_eq!(
            v,
            [
                "2.0.0",
                "2.0.0-rc.1",
                "1.10.0",
                "1.9.0",
                "1.0.0",
                "dev",
                "latest",
                "x"
            ]
        );
    }

    fn v1() -> Value {
        json!({
            "type": "object",
            "required": ["apiVersion"],
            "properties": {
                "syncIntervalMinutes": {"type": "integer", "title": "Sync interval (minutes)"},
                "apiVersion": {"type": "string", "title": "API version"},
                "region": {"type": "string"}
            }
        })
    }

    fn v2() -> Value {
        json!({
            "type": "object",
            "required": ["portalId", "region"],
            "properties": {
                "syncIntervalMinutes": {"type": "string", "title": "Sync interval"},
                "portalId": {"type": "string", "title": "Portal ID"},
                "region": {"type": "string"}
            }
        })
    }

    #[test]
    fn parameter_diff_names_fields_and_what_must_be_filled() {
        let (a, b) = (v1(), v2());
        let preview = SwitchPreview::new(
            &VersionSchemas {
                parameters: Some(&a),
                inputs: None,
            },
            &VersionSchemas {
                parameters: Some(&b),
                inputs: None,
            },
            &json!({"apiVersion": "2021-06", "syncIntervalMinutes": 30}),
        );
        let seen: Vec<(String, String, bool)> = preview
            .parameters
            .iter()
            .map(|c| (c.label.clone(), c.change.clone(), c.breaking))
            .collect();
        assert_eq!(
            seen,
            [
                (
                    "Sync interval".into(),
                    "changed from whole number to text".into(),
                    true
                ),
                ("Portal ID".into(), "added".into(), false),
                ("Portal ID".into(), "now required".into(), true),
                ("Region".into(), "now required".into(), true),
                ("API version".into(), "removed".into(), true),
            ]
        );
        assert_eq!(preview.must_fill, ["Portal ID", "Region"]);
        assert!(preview.connection_inputs.is_empty());
        assert_eq!(preview.breaking().count(), 4);
    }

    #[test]
    fn connection_inputs_are_compared_too_and_absent_schemas_are_empty() {
        let inputs = json!({
            "type": "object", "required": ["apiKey"],
            "properties": {"apiKey": {"type": "string", "title": "API key"}}
        });
        let preview = SwitchPreview::new(
            &VersionSchemas::default(),
            &VersionSchemas {
                parameters: None,
                inputs: Some(&inputs),
            },
            &Value::Null,
        );
        assert!(preview.parameters.is_empty());
        assert!(preview.must_fill.is_empty());
        assert_eq!(preview.connection_inputs.len(), 2);
        assert_eq!(preview.connection_inputs[0].label, "API key");
        let same = SwitchPreview::new(
            &VersionSchemas {
                parameters: Some(&json!("nonsense")),
                inputs: Some(&inputs),
            },
            &VersionSchemas {
                parameters: None,
                inputs: Some(&inputs),
            },
            &json!({}),
        );
        assert!(same.is_empty());
    }

    #[test]
    fn nested_changes_get_a_path_of_labels() {
        let old = json!({"type": "object", "properties": {
            "settings": {"type": "object", "title": "Settings", "properties": {"a/b": {"type": "string"}}}
        }});
        let new = json!({"type": "object", "properties": {
            "settings": {"type": "object", "title": "Settings", "properties": {}}
        }});
        let preview = SwitchPreview::new(
            &VersionSchemas {
                parameters: Some(&old),
                inputs: None,
            },
            &VersionSchemas {
                parameters: Some(&new),
                inputs: None,
            },
            &json!({}),
        );
        assert_eq!(preview.parameters[0].label, "Settings › A/b");
        assert_eq!(preview.parameters[0].change, "removed");
    }
}
