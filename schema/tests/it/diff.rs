use crate::clean;
use serde_json::json;
use switchboard_schema::{diff, parse, Change, ChangeKind};

fn change(pointer: &str, kind: ChangeKind) -> Change {
    Change {
        pointer: pointer.to_string(),
        kind,
    }
}

fn type_changed(pointer: &str, from: &str, to: &str) -> Change {
    change(
        pointer,
        ChangeKind::TypeChanged {
            from: from.to_string(),
            to: to.to_string(),
        },
    )
}

#[test]
fn field_level_changes_in_a_stable_order() {
    let old = clean(json!({
        "type": "object",
        "required": ["apiVersion", "region"],
        "properties": {
            "apiVersion": {"type": "string"},
            "region": {"type": "string"},
            "legacy": {"type": "boolean"},
            "auth": {"type": "object", "properties": {
                "clientId": {"type": "string"},
                "mode": {"type": "string"}
            }},
            "retries": {"type": "number"}
        }
    }));
    let new = clean(json!({
        "type": "object",
        "required": ["apiVersion", "timeout"],
        "properties": {
            "apiVersion": {"type": "integer"},
            "region": {"type": "string"},
            "auth": {"type": "object", "required": ["clientId"], "properties": {
                "clientId": {"type": "string"},
                "tenant": {"type": "string"}
            }},
            "timeout": {"type": "integer"},
            "retries": {"type": ["number", "null"]}
        }
    }));
    assert_eq!(
        diff(&old, &new),
        vec![
            type_changed("/apiVersion", "text", "whole number"),
            change("/region", ChangeKind::NoLongerRequired),
            change("/auth/clientId", ChangeKind::NewlyRequired),
            change("/auth/tenant", ChangeKind::Added),
            change("/auth/mode", ChangeKind::Removed),
            change("/timeout", ChangeKind::Added),
            change("/timeout", ChangeKind::NewlyRequired),
            change("/legacy", ChangeKind::Removed),
        ]
    );
    assert!(diff(&new, &new).is_empty());
}

#[test]
fn type_words() {
    let old = clean(json!({"properties": {
        "a": {"type": "boolean"}, "b": {"type": "object"}, "c": {"type": "array"}, "d": {}
    }}));
    let new = clean(json!({"properties": {
        "a": {"type": "number"}, "b": {"type": "array"}, "c": {"type": "string"}, "d": {"type": "boolean"}
    }}));
    assert_eq!(
        diff(&old, &new),
        vec![
            type_changed("/a", "yes/no", "number"),
            type_changed("/b", "group", "list"),
            type_changed("/c", "list", "text"),
            type_changed("/d", "any", "yes/no"),
        ]
    );
}

#[test]
fn list_elements_and_refs() {
    let old = clean(json!({
        "definitions": {"line": {"properties": {"sku": {"type": "string"}}}},
        "properties": {"lines": {"type": "array", "items": {"$ref": "#/definitions/line"}}}
    }));
    let new = clean(json!({"properties": {"lines": {"type": "array", "items": {
        "properties": {"sku": {"type": "integer"}, "qty": {"type": "integer"}}
    }}}}));
    assert_eq!(
        diff(&old, &new),
        vec![
            type_changed("/lines/*/sku", "text", "whole number"),
            change("/lines/*/qty", ChangeKind::Added),
        ]
    );
}

#[test]
fn root_type_change_and_recursion() {
    let old = clean(json!({"type": "string"}));
    let new = clean(json!({"type": "object"}));
    assert_eq!(diff(&old, &new), vec![type_changed("", "text", "group")]);
    let recursive = parse(&json!({"properties": {"next": {"$ref": "#"}, "v": {"type": "string"}}}));
    assert!(diff(&recursive, &recursive).is_empty());
}

#[test]
fn changes_display() {
    let shown: Vec<String> = [
        change("/a", ChangeKind::Added),
        change("/a", ChangeKind::Removed),
        type_changed("/a", "text", "number"),
        change("/a", ChangeKind::NewlyRequired),
        change("/a", ChangeKind::NoLongerRequired),
    ]
    .iter()
    .map(ToString::to_string)
    .collect();
    assert_eq!(
        shown,
        [
            "/a added",
            "/a removed",
            "/a changed from text to number",
            "/a now required",
            "/a no longer required"
        ]
    );
}
