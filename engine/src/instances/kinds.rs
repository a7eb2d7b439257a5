//! The seven kinds, what each one's PATCH accepts, what counts as customized and what a
//! reset restores.

use serde_json::{Map, Value};

use super::{flows, Changes, Kind, Stored};
use crate::errors::{ApiError, ApiResult};
use crate::input::JsonBody;

pub static FLOW: Kind = Kind {
    tag: "flow",
    plural: "flow-instances",
    singular: Some("flow-instance"),
    noun: "Flow instance",
    patch: Some(flows::patch),
    customizable: &["nodes"],
    setup: true,
    has_state: true,
};

pub static ACTION: Kind = Kind {
    tag: "action",
    plural: "action-instances",
    singular: Some("action-instance"),
    noun: "Action instance",
    patch: Some(patch_action),
    customizable: &["config"],
    setup: true,
    has_state: true,
};

pub static DATA_SOURCE: Kind = Kind {
    tag: "data-source",
    plural: "data-source-instances",
    singular: Some("data-source-instance"),
    noun: "Data source instance",
    patch: Some(patch_data_source),
    customizable: &[
        "path",
        "collectionKey",
        "collectionParameters",
        "pullUpdatesIntervalSeconds",
        "fullSyncIntervalSeconds",
    ],
    setup: true,
    has_state: true,
};

pub static FIELD_MAPPING: Kind = Kind {
    tag: "field-mapping",
    plural: "field-mapping-instances",
    singular: Some("field-mapping-instance"),
    noun: "Field mapping instance",
    patch: Some(patch_field_mapping),
    customizable: &["importValue", "exportValue"],
    setup: true,
    has_state: true,
};

pub static DATA_LINK_TABLE: Kind = Kind {
    tag: "data-link-table",
    plural: "data-link-table-instances",
    singular: Some("data-link-table-instance"),
    noun: "Data link table instance",
    patch: None,
    customizable: &[],
    setup: false,
    has_state: true,
};

pub static APP_EVENT_SUBSCRIPTION: Kind = Kind {
    tag: "app-event-subscription",
    plural: "app-event-subscriptions",
    singular: Some("app-event-subscription"),
    noun: "App event subscription",
    patch: None,
    customizable: &[],
    setup: false,
    has_state: true,
};

pub static EXTERNAL_EVENT_SUBSCRIPTION: Kind = Kind {
    tag: "external-event-subscription",
    plural: "external-event-subscriptions",
    singular: None,
    noun: "External event subscription",
    patch: None,
    customizable: &[],
    setup: false,
    has_state: false,
};

pub static ALL: [&Kind; 7] = [
    &FLOW,
    &ACTION,
    &DATA_SOURCE,
    &FIELD_MAPPING,
    &DATA_LINK_TABLE,
    &APP_EVENT_SUBSCRIPTION,
    &EXTERNAL_EVENT_SUBSCRIPTION,
];

/// Whether the instance differs from what was deployed; for flows this also records which
/// (`customized`, and `isCustomized` on each changed node).
pub fn mark_customized(
    kind: &Kind,
    name: &str,
    own: &mut Map<String, Value>,
    original: &Map<String, Value>,
) -> bool {
    let renamed = original.get("name").and_then(Value::as_str) != Some(name);
    if std::ptr::eq(kind, &FLOW) {
        // A customer-level flow has no deployed version to differ from.
        let deployed = ["flowId", "universalFlowId"]
            .iter()
            .any(|f| present(own, f).is_some());
        return deployed && flows::mark_customized(renamed, own, original);
    }
    renamed
        || kind
            .customizable
            .iter()
            .any(|field| present(own, field) != present(original, field))
}

/// A field's value; null counts as absent.
fn present<'a>(fields: &'a Map<String, Value>, field: &str) -> Option<&'a Value> {
    fields.get(field).filter(|v| !v.is_null())
}

/// What a reset restores.
pub struct ResetPlan {
    name: bool,
    all: bool,
    nodes: Vec<String>,
}

/// Reads a reset body: flows take `{name?, nodes?: {key: bool}, allNodes?}`; an empty body
/// (and every other kind) resets everything.
pub fn reset_plan(kind: &Kind, body: &JsonBody) -> ApiResult<ResetPlan> {
    let everything = ResetPlan {
        name: true,
        all: true,
        nodes: Vec::new(),
    };
    if !std::ptr::eq(kind, &FLOW) {
        return Ok(everything);
    }
    let name = body.opt_bool("name")?;
    let all = body.opt_bool("allNodes")?;
    let nodes = body.opt_object("nodes")?;
    if name.is_none() && all.is_none() && nodes.is_none() {
        return Ok(everything);
    }
    let mut keys = Vec::new();
    for (key, value) in nodes.unwrap_or_default() {
        match value {
            Value::Bool(true) => keys.push(key),
            Value::Bool(false) => {}
            _ => {
                return Err(ApiError::invalid(
                    &format!("nodes.{key}"),
                    "must be true or false",
                ))
            }
        }
    }
    Ok(ResetPlan {
        name: name.unwrap_or(false),
        all: all.unwrap_or(false),
        nodes: keys,
    })
}

pub fn apply_reset(kind: &Kind, plan: &ResetPlan, stored: &mut Stored) -> ApiResult<()> {
    if plan.name {
        stored.name = stored.original_name().to_string();
    }
    if std::ptr::eq(kind, &FLOW) {
        return flows::reset_nodes(stored, plan.all, &plan.nodes);
    }
    for field in kind.customizable {
        match stored.original.get(*field) {
            Some(value) => stored.own.insert((*field).to_string(), value.clone()),
            None => stored.own.remove(*field),
        };
    }
    Ok(())
}

/// An optional whole number in `min..=max`; null counts as absent.
pub fn opt_int(body: &JsonBody, field: &str, min: i64, max: i64) -> ApiResult<Option<i64>> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => match value.as_i64() {
            Some(n) if (min..=max).contains(&n) => Ok(Some(n)),
            _ => Err(ApiError::invalid(
                field,
                &format!("must be a whole number from {min} to {max}"),
            )),
        },
    }
}

fn patch_action(body: &JsonBody, _stored: &Stored) -> ApiResult<Changes> {
    let mut changes = Changes {
        name: body.opt_string("name", 255)?,
        ..Changes::default()
    };
    if let Some(config) = body.opt_object("config")? {
        changes.own.insert("config".into(), Value::Object(config));
    }
    Ok(changes)
}

const THIRTY_DAYS_SECONDS: i64 = 30 * 86_400;

fn patch_data_source(body: &JsonBody, _stored: &Stored) -> ApiResult<Changes> {
    let mut changes = Changes::default();
    for field in ["path", "collectionKey"] {
        if let Some(value) = body.opt_string(field, 1000)? {
            changes.own.insert(field.into(), Value::String(value));
        }
    }
    if let Some(parameters) = body.opt_object("collectionParameters")? {
        changes
            .own
            .insert("collectionParameters".into(), Value::Object(parameters));
    }
    for (field, min) in [
        ("pullUpdatesIntervalSeconds", 1),
        ("fullSyncIntervalSeconds", 60),
    ] {
        if let Some(seconds) = opt_int(body, field, min, THIRTY_DAYS_SECONDS)? {
            changes.own.insert(field.into(), Value::from(seconds));
        }
    }
    Ok(changes)
}

/// Mapping values are free JSON (often formulas); null removes one.
fn patch_field_mapping(body: &JsonBody, stored: &Stored) -> ApiResult<Changes> {
    let direction = stored.own.get("direction").and_then(Value::as_str);
    let mut changes = Changes::default();
    for (field, needs) in [("importValue", "import"), ("exportValue", "export")] {
        let Some(value) = body.get(field) else {
            continue;
        };
        if !value.is_null() && direction.is_some_and(|d| d != needs && d != "both") {
            return Err(ApiError::invalid(
                field,
                &format!("this field mapping only goes {}", direction.unwrap_or("")),
            ));
        }
        changes.own.insert(field.into(), value.clone());
    }
    Ok(changes)
}
