//! Property-based tests: arbitrary schemas and values never panic, and
//! schemas with consistent defaults accept their own defaults.

use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{json, Map, Number, Value};
use switchboard_schema::{diff, parse};

const KEYS: &[&str] = &[
    "type",
    "title",
    "description",
    "format",
    "properties",
    "required",
    "items",
    "additionalProperties",
    "enum",
    "default",
    "examples",
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "maxItems",
    "readOnly",
    "writeOnly",
    "anyOf",
    "$ref",
    "definitions",
    "$defs",
    "referenceRecords",
    "allowCustom",
    "isSensitive",
    "isImplied",
    "isRichText",
    "id",
    "name",
    "a",
    "b",
    "$var",
    "a/b",
    "~",
];

const STRINGS: &[&str] = &[
    "string",
    "number",
    "integer",
    "boolean",
    "object",
    "array",
    "null",
    "strnig",
    "email",
    "uri",
    "date",
    "date-time",
    "time",
    "#",
    "#/definitions/a",
    "#/definitions/b",
    "#/properties/a",
    "#/properties/a/items",
    "#/$defs/a",
    "#/anyOf/0",
    "#/definitions/a~1b",
    "other.json#",
    "^a+$",
    "(",
    "[",
    "a@b.co",
    "2024-02-29",
    "12:00",
    "https://x.y",
    "",
    " ",
    "a",
    "ä日本",
];

fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| Number::from_f64(f).map(Value::Number)),
        (-5i64..20).prop_map(Value::from),
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number(),
        select(STRINGS).prop_map(Value::from),
        proptest::collection::vec(any::<char>(), 0..6)
            .prop_map(|chars| Value::String(chars.into_iter().collect())),
    ]
}

/// JSON biased towards schema keywords, so that parsing and validation reach
/// their interesting paths, including `$ref`s that resolve and loop.
fn schemaish() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(6, 96, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            proptest::collection::vec((select(KEYS), inner), 0..6).prop_map(|entries| {
                Value::Object(
                    entries
                        .into_iter()
                        .map(|(k, v)| (k.to_string(), v))
                        .collect(),
                )
            }),
        ]
    })
}

/// A field schema together with the value `defaults()` should produce for it.
fn field() -> impl Strategy<Value = (Value, Option<Value>)> {
    let leaf = prop_oneof![
        (0usize..3, 0usize..4, 0usize..8).prop_map(|(min, extra, len)| {
            let max = min + extra;
            let text = "abcdefgh"[..len.clamp(min, max)].to_string();
            let schema = json!({
                "type": "string", "minLength": min, "maxLength": max,
                "pattern": "^[a-z]*$", "default": text,
            });
            (schema, Some(json!(text)))
        }),
        Just((
            json!({"type": "string", "format": "email", "default": "a@example.com"}),
            Some(json!("a@example.com"))
        )),
        Just((
            json!({"type": "string", "format": "date-time", "default": "2024-02-29T10:00:00Z"}),
            Some(json!("2024-02-29T10:00:00Z"))
        )),
        (-10i64..10, 0i64..20, 0i64..20).prop_map(|(min, span, offset)| {
            let value = min + offset.min(span);
            (
                json!({"type": "integer", "minimum": min, "maximum": min + span, "default": value}),
                Some(json!(value)),
            )
        }),
        (-1.0f64..1.0).prop_map(|f| (
            json!({"type": "number", "minimum": -1, "maximum": 1, "default": f}),
            Some(json!(f))
        )),
        any::<bool>().prop_map(|b| (json!({"type": "boolean", "default": b}), Some(json!(b)))),
        select(vec![json!("x"), json!(2), Value::Null]).prop_map(|choice| (
            json!({"enum": ["x", 2, null], "default": choice.clone()}),
            Some(choice)
        )),
        Just((
            json!({"referenceRecords": [{"id": "r1", "name": "One"}], "default": "r1"}),
            Some(json!("r1"))
        )),
        Just((
            json!({"type": ["string", "null"], "default": null}),
            Some(Value::Null)
        )),
        Just((
            json!({"type": "string", "default": {"$var": "x"}}),
            Some(json!({"$var": "x"}))
        )),
        Just((json!({"type": "string"}), None)),
    ];
    leaf.prop_recursive(4, 32, 5, |inner| {
        prop_oneof![
            (proptest::collection::vec(inner.clone(), 0..5), any::<u8>()).prop_map(|(fields, mask)| object(fields, mask)),
            (inner, 0usize..3).prop_map(|((item, default), copies)| {
                let list: Vec<Value> = default.into_iter().cycle().take(copies).collect();
                let len = list.len();
                (json!({"type": "array", "items": item, "maxItems": len + 1, "default": list.clone()}), Some(Value::Array(list)))
            }),
        ]
    })
}

/// An object of `fields` named f0, f1, ...; `mask` picks which fields with a
/// non-blank default are required (required-ness never invents a value).
fn object(fields: Vec<(Value, Option<Value>)>, mask: u8) -> (Value, Option<Value>) {
    let mut properties = Map::new();
    let mut expected = Map::new();
    let mut required = Vec::new();
    for (i, (schema, default)) in fields.into_iter().enumerate() {
        let key = format!("f{i}");
        properties.insert(key.clone(), schema);
        if let Some(default) = default {
            let blank = default.is_null() || default == json!("");
            if !blank && mask & (1 << i) != 0 {
                required.push(key.clone());
            }
            expected.insert(key, default);
        }
    }
    let expected = (!expected.is_empty()).then_some(Value::Object(expected));
    (
        json!({"type": "object", "properties": properties, "required": required}),
        expected,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_json_parses(raw in schemaish()) {
        let schema = parse(&raw);
        // Rendering notices must not panic either.
        for notice in schema.notices() {
            prop_assert!(!notice.to_string().is_empty());
        }
    }

    #[test]
    fn validating_anything_against_anything_never_panics(raw in schemaish(), value in schemaish()) {
        let schema = parse(&raw);
        let errors = schema.validate(&value);
        for error in &errors {
            prop_assert!(error.pointer.is_empty() || error.pointer.starts_with('/'));
            prop_assert!(!error.message.is_empty());
        }
        let _ = schema.defaults();
        let _ = schema.missing_required(&value);
        let other = parse(&value);
        let _ = diff(&schema, &other);
        prop_assert!(diff(&schema, &schema).is_empty());
    }

    #[test]
    fn consistent_defaults_validate(fields in proptest::collection::vec(field(), 0..6), mask in any::<u8>()) {
        let (raw, expected) = object(fields, mask);
        let schema = parse(&raw);
        prop_assert!(schema.is_clean(), "{:?}", schema.notices());
        let defaults = schema.defaults();
        prop_assert_eq!(&defaults, &expected);
        let value = defaults.unwrap_or_else(|| json!({}));
        let errors = schema.validate(&value);
        prop_assert!(errors.is_empty(), "{} -> {:?}", value, errors);
        prop_assert!(schema.missing_required(&value).is_empty());
    }
}
