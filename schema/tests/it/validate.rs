use crate::clean;
use serde_json::{json, Value};
use switchboard_schema::{parse, Schema, ValidationError};

/// (pointer, message) pairs, for compact assertions.
fn errors(schema: &Schema, value: Value) -> Vec<(String, String)> {
    schema
        .validate(&value)
        .into_iter()
        .map(|ValidationError { pointer, message }| (pointer, message))
        .collect()
}

fn one(pointer: &str, message: &str) -> Vec<(String, String)> {
    vec![(pointer.to_string(), message.to_string())]
}

fn field(schema: Value) -> Schema {
    clean(json!({"type": "object", "properties": {"f": schema}}))
}

#[test]
fn required_fields_are_reported_at_their_own_pointer() {
    let schema = clean(json!({
        "type": "object",
        "required": ["name", "code", "other"],
        "properties": {"name": {"type": "string"}, "code": {"type": ["string", "null"]}}
    }));
    let expected = vec![
        ("/name".to_string(), "This field is required".to_string()),
        ("/code".to_string(), "This field is required".to_string()),
        ("/other".to_string(), "This field is required".to_string()),
    ];
    assert_eq!(errors(&schema, json!({})), expected);
    assert_eq!(
        errors(&schema, json!({"name": null, "code": "", "other": ""})),
        expected
    );
    assert!(errors(&schema, json!({"name": "x", "code": "y", "other": 0})).is_empty());
    // A formula fills a required field.
    assert!(errors(
        &schema,
        json!({"name": {"$var": "n"}, "code": "y", "other": false})
    )
    .is_empty());
}

#[test]
fn nested_required_fields() {
    let schema = clean(json!({"properties": {"address": {
        "type": "object",
        "required": ["city"],
        "properties": {"city": {"type": "string"}}
    }}}));
    assert_eq!(
        errors(&schema, json!({"address": {}})),
        one("/address/city", "This field is required")
    );
    assert!(
        errors(&schema, json!({})).is_empty(),
        "an optional group may be absent"
    );
}

#[test]
fn type_messages() {
    let cases = [
        (json!({"type": "string"}), json!(1), "Must be text"),
        (json!({"type": "number"}), json!("1"), "Must be a number"),
        (
            json!({"type": "integer"}),
            json!(1.5),
            "Must be a whole number",
        ),
        (
            json!({"type": "integer"}),
            json!("x"),
            "Must be a whole number",
        ),
        (
            json!({"type": "boolean"}),
            json!("true"),
            "Must be yes or no",
        ),
        (
            json!({"type": "object"}),
            json!([]),
            "Must be a group of fields",
        ),
        (
            json!({"type": "array"}),
            json!({"a": 1, "b": 2}),
            "Must be a list",
        ),
        (json!({"type": "null"}), json!(0), "Must be empty"),
        (
            json!({"type": ["string", "integer"]}),
            json!(true),
            "Must be text or a whole number",
        ),
        (json!({"type": "string"}), json!(null), "Must be text"),
    ];
    for (schema, value, message) in cases {
        let schema = field(schema);
        assert_eq!(
            errors(&schema, json!({ "f": value })),
            one("/f", message),
            "{value}"
        );
    }
}

#[test]
fn accepted_types() {
    let cases = [
        (json!({"type": "integer"}), json!(3.0)),
        (json!({"type": "integer"}), json!(-7)),
        (json!({"type": "integer"}), json!(18446744073709551615u64)),
        (json!({"type": "number"}), json!(3)),
        (json!({"type": "number"}), json!(2.5)),
        (json!({"type": ["string", "null"]}), json!(null)),
        (json!({"type": "null"}), json!(null)),
        (json!({}), json!([1, {"a": null}])),
        (json!({"type": "object"}), json!({})),
    ];
    for (schema, value) in cases {
        let schema = field(schema);
        assert!(
            errors(&schema, json!({ "f": value })).is_empty(),
            "{schema:?} {value}"
        );
    }
}

#[test]
fn root_pointer_is_empty() {
    let schema = clean(json!({"type": "string"}));
    assert_eq!(errors(&schema, json!(5)), one("", "Must be text"));
}

#[test]
fn enum_choices() {
    let schema = field(json!({"enum": ["a", 1, null]}));
    assert!(errors(&schema, json!({"f": "a"})).is_empty());
    assert!(
        errors(&schema, json!({"f": 1.0})).is_empty(),
        "numbers compare by value"
    );
    assert!(errors(&schema, json!({"f": null})).is_empty());
    assert_eq!(
        errors(&schema, json!({"f": "b"})),
        one("/f", "Choose one of the listed values")
    );

    let nullable = field(json!({"type": ["string", "null"], "enum": ["a"]}));
    assert!(
        errors(&nullable, json!({"f": null})).is_empty(),
        "null bypasses enum when nullable"
    );
    let custom = field(json!({"type": "string", "enum": ["a"], "allowCustom": true}));
    assert!(errors(&custom, json!({"f": "zzz"})).is_empty());
}

#[test]
fn reference_records() {
    let schema = field(
        json!({"referenceRecords": [{"id": "u1", "name": "Ann"}, {"id": 42, "name": "Bob"}]}),
    );
    assert!(errors(&schema, json!({"f": "u1"})).is_empty());
    assert!(errors(&schema, json!({"f": 42})).is_empty());
    assert!(
        errors(&schema, json!({"f": "42"})).is_empty(),
        "ids match across text and number"
    );
    assert_eq!(
        errors(&schema, json!({"f": "u2"})),
        one("/f", "Choose one of the listed values")
    );
    let custom =
        field(json!({"type": "string", "referenceRecords": [{"id": "u1"}], "allowCustom": true}));
    assert!(errors(&custom, json!({"f": "anything"})).is_empty());
}

#[test]
fn string_lengths_count_characters() {
    let schema = field(json!({"type": "string", "minLength": 3, "maxLength": 4}));
    assert_eq!(
        errors(&schema, json!({"f": "ab"})),
        one("/f", "Must be at least 3 characters")
    );
    assert_eq!(
        errors(&schema, json!({"f": "abcde"})),
        one("/f", "Must be 4 characters or fewer")
    );
    assert!(
        errors(&schema, json!({"f": "äöü"})).is_empty(),
        "6 bytes but 3 characters"
    );
    assert!(errors(&schema, json!({"f": "日本語です"})).len() == 1);
    let one_char = field(json!({"type": "string", "minLength": 1, "maxLength": 1}));
    assert_eq!(
        errors(&one_char, json!({"f": ""})),
        one("/f", "Must be at least 1 character")
    );
    assert_eq!(
        errors(&one_char, json!({"f": "ab"})),
        one("/f", "Must be 1 character or fewer")
    );
}

#[test]
fn pattern_is_searched_not_anchored() {
    let schema = field(json!({"type": "string", "pattern": "[0-9]{3}"}));
    assert!(errors(&schema, json!({"f": "ab123cd"})).is_empty());
    assert_eq!(
        errors(&schema, json!({"f": "ab12"})),
        one("/f", "Doesn't match the expected format")
    );
    assert!(
        errors(&schema, json!({"f": ""})).is_empty(),
        "empty optional text is not checked"
    );
    let anchored = field(json!({"type": "string", "pattern": "^[a-z]+$"}));
    assert_eq!(errors(&anchored, json!({"f": "abc1"})).len(), 1);
}

#[test]
fn invalid_patterns_are_ignored_when_validating() {
    let schema = parse(&json!({"type": "string", "pattern": "(unclosed"}));
    assert!(!schema.is_clean());
    assert!(schema.validate(&json!("anything")).is_empty());
}

#[test]
fn formats() {
    let cases = [
        (
            "email",
            "name@example.com",
            "nope",
            "Enter an email address like name@example.com",
        ),
        (
            "uri",
            "https://example.com/a?b",
            "example.com",
            "Enter an address like https://example.com",
        ),
        (
            "date",
            "2024-02-29",
            "2023-02-29",
            "Enter a date like 2024-01-31",
        ),
        (
            "date-time",
            "2024-01-31T09:30:00Z",
            "2024-01-31 09:30",
            "Enter a date and time like 2024-01-31T09:30:00Z",
        ),
        ("time", "09:30", "25:00", "Enter a time like 09:30"),
    ];
    for (format, good, bad, message) in cases {
        let schema = field(json!({"type": "string", "format": format}));
        assert!(
            errors(&schema, json!({ "f": good })).is_empty(),
            "{format} {good}"
        );
        assert_eq!(
            errors(&schema, json!({ "f": bad })),
            one("/f", message),
            "{format} {bad}"
        );
        assert!(
            errors(&schema, json!({"f": ""})).is_empty(),
            "empty optional {format}"
        );
    }
    let unknown = field(json!({"type": "string", "format": "hostname"}));
    assert!(errors(&unknown, json!({"f": "not checked !!"})).is_empty());
}

#[test]
fn number_bounds() {
    let schema = field(json!({"type": "number", "minimum": 0.5, "maximum": 100}));
    assert_eq!(
        errors(&schema, json!({"f": 101})),
        one("/f", "Must be 100 or less")
    );
    assert_eq!(
        errors(&schema, json!({"f": 0})),
        one("/f", "Must be 0.5 or more")
    );
    assert!(errors(&schema, json!({"f": 100.0})).is_empty());
    assert!(errors(&schema, json!({"f": 0.5})).is_empty());
}

#[test]
fn lists() {
    let schema =
        field(json!({"type": "array", "maxItems": 2, "items": {"type": "string", "minLength": 2}}));
    assert_eq!(
        errors(&schema, json!({"f": ["ab", "c", 3]})),
        vec![
            ("/f".to_string(), "Must be 2 items or fewer".to_string()),
            (
                "/f/1".to_string(),
                "Must be at least 2 characters".to_string()
            ),
            ("/f/2".to_string(), "Must be text".to_string()),
        ]
    );
    let single = field(json!({"type": "array", "maxItems": 1}));
    assert_eq!(
        errors(&single, json!({"f": [1, 2]})),
        one("/f", "Must be 1 item or fewer")
    );
}

#[test]
fn extra_properties() {
    let open = clean(json!({"properties": {"a": {"type": "string"}}}));
    assert!(
        errors(&open, json!({"a": "x", "extra": 1})).is_empty(),
        "extras are kept, not errors"
    );
    let closed =
        clean(json!({"properties": {"a": {"type": "string"}}, "additionalProperties": false}));
    assert_eq!(
        errors(&closed, json!({"a": "x", "b/c": 1})),
        one("/b~1c", "This field isn't allowed here")
    );
    let typed = clean(json!({"additionalProperties": {"type": "integer"}}));
    assert_eq!(
        errors(&typed, json!({"x": 1, "y": "no"})),
        one("/y", "Must be a whole number")
    );
}

#[test]
fn formulas_are_accepted_anywhere() {
    let schema = clean(json!({
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "n": {"type": "integer", "minimum": 5},
            "tags": {"type": "array", "items": {"type": "string", "format": "email"}}
        }
    }));
    let value = json!({"n": {"$var": "count"}, "tags": ["a@b.co", {"$expr": "x"}]});
    assert!(errors(&schema, value).is_empty());
    assert!(errors(&schema, json!({"$var": "whole"})).is_empty());
    // Two keys, or a key without `$`, is an ordinary object.
    assert_eq!(
        errors(&schema, json!({"n": {"var": 1}})),
        one("/n", "Must be a whole number")
    );
    assert_eq!(
        errors(&schema, json!({"n": {"$var": 1, "$b": 2}})),
        one("/n", "Must be a whole number")
    );
    assert!(switchboard_schema::is_formula(&json!({"$var": "x"})));
}

#[test]
fn any_of_reports_the_closest_branch() {
    let schema = field(json!({"anyOf": [
        {"type": "string", "format": "email"},
        {"type": "integer", "minimum": 10}
    ]}));
    assert!(errors(&schema, json!({"f": "a@b.co"})).is_empty());
    assert!(errors(&schema, json!({"f": 12})).is_empty());
    assert_eq!(
        errors(&schema, json!({"f": 3})),
        one("/f", "Must be 10 or more")
    );
    assert_eq!(
        errors(&schema, json!({"f": "x"})),
        one("/f", "Enter an email address like name@example.com")
    );
    assert_eq!(
        errors(&schema, json!({"f": true})),
        one("/f", "Doesn't match any of the allowed options")
    );
}

#[test]
fn any_of_with_null_branch() {
    let schema = field(json!({"anyOf": [{"type": "string"}, {"type": "null"}]}));
    assert!(errors(&schema, json!({"f": null})).is_empty());
    assert!(errors(&schema, json!({"f": "x"})).is_empty());
}

#[test]
fn recursive_schemas_validate_as_deep_as_the_value() {
    let schema = parse(&json!({
        "definitions": {"tree": {
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": {"type": "string"},
                "children": {"type": "array", "items": {"$ref": "#/definitions/tree"}}
            }
        }},
        "$ref": "#/definitions/tree"
    }));
    let value = json!({"name": "a", "children": [{"name": "b", "children": [{"children": []}]}]});
    assert_eq!(
        errors(&schema, value),
        one("/children/0/children/0/name", "This field is required")
    );
    let value = json!({"name": "a", "children": [{"name": 5}]});
    assert_eq!(
        errors(&schema, value),
        one("/children/0/name", "Must be text")
    );
}

#[test]
fn mutually_recursive_schemas_validate() {
    let schema = parse(&json!({
        "definitions": {
            "a": {"properties": {"b": {"$ref": "#/definitions/b"}, "x": {"type": "integer"}}},
            "b": {"properties": {"a": {"$ref": "#/definitions/a"}, "y": {"type": "string"}}}
        },
        "$ref": "#/definitions/a"
    }));
    let value = json!({"b": {"a": {"b": {"y": 1, "a": {"x": "no"}}}}});
    assert_eq!(
        errors(&schema, value),
        vec![
            (
                "/b/a/b/a/x".to_string(),
                "Must be a whole number".to_string()
            ),
            ("/b/a/b/y".to_string(), "Must be text".to_string()),
        ]
    );
}

#[test]
fn too_deep_parts_are_not_checked() {
    let mut raw = json!({"type": "string"});
    let mut value = json!(5);
    for _ in 0..40 {
        raw = json!({"properties": {"a": raw}});
        value = json!({ "a": value });
    }
    let schema = parse(&raw);
    assert!(schema.validate(&value).is_empty());
}

#[test]
fn errors_display() {
    let schema = field(json!({"type": "string"}));
    let error = &schema.validate(&json!({"f": 1}))[0];
    assert_eq!(error.to_string(), "/f: Must be text");
}

#[test]
fn missing_required_keys() {
    let schema = clean(json!({
        "type": "object",
        "required": ["host", "port", "token", "region"],
        "properties": {
            "host": {"type": "string"},
            "port": {"type": "integer"},
            "mode": {"type": "string"},
            "nested": {"type": "object", "required": ["deep"]}
        }
    }));
    let value = json!({"host": "", "port": null, "token": {"$var": "secret"}, "nested": {}});
    assert_eq!(
        schema.missing_required(&value),
        vec!["host", "port", "region"]
    );
    assert!(schema
        .missing_required(&json!({"host": "h", "port": 0, "token": "t", "region": false}))
        .is_empty());
    assert_eq!(
        schema.missing_required(&json!(null)).len(),
        4,
        "a non-object misses everything"
    );
    assert!(clean(json!({"type": "string"}))
        .missing_required(&json!({}))
        .is_empty());
}

#[test]
fn missing_required_includes_draft3_flags() {
    let schema = parse(&json!({"properties": {"a": {"required": true}}}));
    assert_eq!(schema.missing_required(&json!({})), vec!["a"]);
}
