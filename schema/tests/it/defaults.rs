use crate::clean;
use serde_json::json;
use switchboard_schema::parse;

#[test]
fn explicit_defaults_fill_nested_objects() {
    let schema = clean(json!({
        "type": "object",
        "required": ["name", "port"],
        "properties": {
            "name": {"type": "string"},
            "port": {"type": "integer", "default": 443},
            "tls": {"type": "boolean", "default": true},
            "auth": {
                "type": "object",
                "properties": {
                    "kind": {"type": "string", "default": "oauth"},
                    "scopes": {"type": "array", "default": ["read"]},
                    "secret": {"type": "string"}
                }
            },
            "empty": {"type": "object", "properties": {"x": {"type": "string"}}}
        }
    }));
    assert_eq!(
        schema.defaults(),
        Some(json!({"port": 443, "tls": true, "auth": {"kind": "oauth", "scopes": ["read"]}}))
    );
}

#[test]
fn an_explicit_object_default_is_completed_not_replaced() {
    let schema = clean(json!({
        "default": {"a": 1, "extra": true},
        "properties": {"a": {"default": 2}, "b": {"default": 3}}
    }));
    assert_eq!(
        schema.defaults(),
        Some(json!({"a": 1, "extra": true, "b": 3}))
    );
    let scalar = clean(json!({"default": "x", "properties": {"a": {"default": 2}}}));
    assert_eq!(scalar.defaults(), Some(json!("x")));
    let empty = clean(json!({"default": {}, "properties": {"a": {"type": "string"}}}));
    assert_eq!(empty.defaults(), Some(json!({})));
}

#[test]
fn no_defaults_is_none() {
    assert_eq!(clean(json!({"type": "string"})).defaults(), None);
    assert_eq!(
        clean(json!({"properties": {"a": {"type": "string"}}})).defaults(),
        None
    );
    assert_eq!(
        clean(json!({"type": "string", "default": null})).defaults(),
        Some(json!(null))
    );
}

#[test]
fn defaults_come_through_refs_and_stop_at_recursion() {
    let schema = parse(&json!({
        "definitions": {"node": {"properties": {
            "label": {"type": "string", "default": "root"},
            "child": {"$ref": "#/definitions/node"}
        }}},
        "$ref": "#/definitions/node"
    }));
    assert_eq!(schema.defaults(), Some(json!({"label": "root"})));
}
