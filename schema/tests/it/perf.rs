//! Hostile inputs must parse quickly and never panic. Limits are generous
//! because tests run unoptimised on a shared machine.

use serde_json::{json, Map, Value};
use std::time::{Duration, Instant};
use switchboard_schema::{parse, Unsupported};

const QUICK: Duration = Duration::from_millis(900);

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed())
}

/// `{key: inner}` without `json!`, which would re-serialise `inner` recursively.
fn single(key: &str, inner: Value) -> Value {
    Value::Object(Map::from_iter([(key.to_string(), inner)]))
}

#[test]
fn a_thousand_levels_deep_schema() {
    let mut raw = json!({"type": "string"});
    for _ in 0..1000 {
        let mut object = single("properties", single("a", raw));
        if let Value::Object(map) = &mut object {
            map.insert("type".into(), json!("object"));
            map.insert("items".into(), json!({}));
        }
        raw = object;
    }
    let (schema, took) = timed(|| parse(&raw));
    assert!(took < QUICK, "took {took:?}");
    // One for the `properties` and one for the `items` at the cut.
    assert_eq!(schema.notices().len(), 2, "{:?}", schema.notices());
    let mut value = json!("x");
    for _ in 0..100 {
        value = single("a", value);
    }
    assert!(schema.validate(&value).is_empty());
    // Deep values in `default` and `enum` are copied, not recursed into by the parser.
    let mut deep_value = json!(1);
    for _ in 0..1000 {
        deep_value = Value::Array(vec![deep_value]);
    }
    let mut raw = single("default", deep_value.clone());
    if let Value::Object(map) = &mut raw {
        map.insert("enum".into(), Value::Array(vec![deep_value.clone()]));
    }
    let schema = parse(&raw);
    assert!(schema.is_clean());
    assert!(schema.validate(&deep_value).is_empty());
}

#[test]
fn ten_thousand_enum_values() {
    let values: Vec<Value> = (0..10_000).map(|i| json!(format!("value-{i}"))).collect();
    let raw = json!({"type": "string", "enum": values});
    let (schema, took) = timed(|| parse(&raw));
    assert!(took < QUICK, "took {took:?}");
    assert!(schema.is_clean());
    assert_eq!(
        schema.root().enum_values.as_ref().map(Vec::len),
        Some(10_000)
    );
    assert!(schema.validate(&json!("value-9999")).is_empty());
    assert_eq!(schema.validate(&json!("value-10000")).len(), 1);
}

#[test]
fn ten_thousand_properties() {
    let properties: Map<String, Value> = (0..10_000)
        .map(|i| {
            (
                format!("field{i}"),
                json!({"type": "string", "title": format!("Field {i}")}),
            )
        })
        .collect();
    let required: Vec<String> = (0..10_000).map(|i| format!("field{i}")).collect();
    let raw = json!({"type": "object", "properties": properties, "required": required});
    let (schema, took) = timed(|| parse(&raw));
    assert!(took < QUICK, "took {took:?}");
    assert!(schema.is_clean());
    assert_eq!(schema.root().properties.len(), 10_000);
    let (missing, took) = timed(|| schema.missing_required(&json!({})));
    assert_eq!(missing.len(), 10_000);
    assert!(took < QUICK, "took {took:?}");
    let (errors, took) = timed(|| schema.validate(&json!({})));
    assert_eq!(errors.len(), 10_000);
    assert!(took < QUICK, "took {took:?}");
    let (changes, took) =
        timed(|| switchboard_schema::diff(&schema, &parse(&json!({"type": "object"}))));
    assert_eq!(changes.len(), 10_000);
    assert!(took < QUICK, "took {took:?}");
}

#[test]
fn megabyte_strings() {
    let big = "x".repeat(1 << 20);
    let raw = json!({
        "type": "string",
        "title": big,
        "description": big,
        "pattern": big,
        "format": big,
        "enum": [big]
    });
    let (schema, took) = timed(|| parse(&raw));
    assert!(took < QUICK, "took {took:?}");
    assert_eq!(
        schema.notices().len(),
        1,
        "only the pattern is refused: {:?}",
        schema
            .notices()
            .iter()
            .map(|n| &n.pointer)
            .collect::<Vec<_>>()
    );
    let pattern = parse(&json!({"type": "string", "pattern": "^x+y?$", "maxLength": 10}));
    let (errors, took) = timed(|| pattern.validate(&json!(big)));
    assert_eq!(errors.len(), 1, "too long, but the pattern matches");
    // Matching is linear but the regex engine is unoptimised in test builds
    // (about 20x slower than release).
    assert!(took < Duration::from_secs(5), "took {took:?}");
}

#[test]
fn exponential_ref_fan_out_is_cut() {
    let mut definitions = Map::new();
    for i in 0..40 {
        let next = format!("#/definitions/d{}", i + 1);
        definitions.insert(
            format!("d{i}"),
            json!({"properties": {"l": {"$ref": next}, "r": {"$ref": next}}}),
        );
    }
    definitions.insert("d40".into(), json!({"type": "string"}));
    let raw = json!({"definitions": definitions, "$ref": "#/definitions/d0"});
    let (schema, took) = timed(|| parse(&raw));
    assert!(took < Duration::from_secs(3), "took {took:?}");
    assert!(!schema.is_clean());
    // Depth 32 is reached before 2^40 nodes; whichever limit trips, nothing hangs.
    fn any_unsupported(node: &switchboard_schema::Node) -> bool {
        node.unsupported.is_some() || node.properties.iter().any(|p| any_unsupported(&p.node))
    }
    assert!(any_unsupported(schema.root()));
}

#[test]
fn node_budget_stops_wide_fan_out() {
    // 8 levels of 8 refs each: 8^8 nodes, far past the budget but under the depth limit.
    let mut definitions = Map::new();
    for level in 0..8 {
        let props: Map<String, Value> = (0..8)
            .map(|i| {
                (
                    format!("p{i}"),
                    json!({"$ref": format!("#/definitions/l{}", level + 1)}),
                )
            })
            .collect();
        definitions.insert(format!("l{level}"), json!({"properties": props}));
    }
    definitions.insert("l8".into(), json!({"type": "integer"}));
    let raw = json!({"definitions": definitions, "$ref": "#/definitions/l0"});
    let (schema, took) = timed(|| parse(&raw));
    assert!(took < Duration::from_secs(3), "took {took:?}");
    let notice = schema
        .notices()
        .iter()
        .find(|n| n.message.contains("too large"));
    assert!(notice.is_some(), "{:?}", schema.notices());
    let mut node = schema.root();
    while let Some(last) = node.properties.last() {
        node = &last.node;
    }
    assert_eq!(node.unsupported, Some(Unsupported::TooLarge));
    let (errors, took) = timed(|| schema.validate(&json!({"p0": {"p0": {"p0": "x"}}})));
    assert_eq!(errors.len(), 1);
    assert!(took < QUICK, "took {took:?}");
}

#[test]
fn a_long_ref_chain() {
    let mut definitions = Map::new();
    for i in 0..10_000 {
        definitions.insert(
            format!("d{i}"),
            json!({"$ref": format!("#/definitions/d{}", i + 1)}),
        );
    }
    let raw = json!({"definitions": definitions, "$ref": "#/definitions/d0"});
    let (schema, took) = timed(|| parse(&raw));
    assert!(took < QUICK, "took {took:?}");
    assert!(!schema.is_clean());
}

#[test]
fn a_huge_repeated_default_stops_at_the_copy_budget() {
    let big = "x".repeat(1 << 20);
    let props: Map<String, Value> = (0..200)
        .map(|i| (format!("p{i}"), json!({"$ref": "#/definitions/big"})))
        .collect();
    let raw = json!({"definitions": {"big": {"default": big}}, "properties": props});
    let (schema, took) = timed(|| parse(&raw));
    assert!(took < Duration::from_secs(3), "took {took:?}");
    let copied = schema
        .root()
        .properties
        .iter()
        .filter(|p| p.node.default.is_some())
        .count();
    assert!(copied < 200, "copying stopped at the budget ({copied})");
    assert!(schema
        .notices()
        .iter()
        .any(|n| n.message.contains("too large")));
}

#[test]
fn recursive_any_of_validates_in_polynomial_time() {
    let schema = parse(&json!({"anyOf": [
        {"required": ["y"], "properties": {"x": {"$ref": "#"}}},
        {"required": ["z"], "properties": {"x": {"$ref": "#"}}}
    ]}));
    let mut value = json!({});
    for _ in 0..100 {
        value = single("x", value);
    }
    let (errors, took) = timed(|| schema.validate(&value));
    assert!(took < QUICK, "took {took:?}");
    assert!(!errors.is_empty());
    // A loop that never descends into the value ends too.
    let looping = parse(&json!({"anyOf": [{"$ref": "#"}, {"type": "string"}]}));
    let (_, took) = timed(|| looping.validate(&json!(5)));
    assert!(took < QUICK, "took {took:?}");
}
