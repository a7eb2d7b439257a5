use crate::{clean, notice_at};
use serde_json::json;
use switchboard_schema::{
    humanize, parse, AdditionalProperties, Format, Kind, ReferenceRecord, Unsupported, MAX_DEPTH,
};

#[test]
fn reads_every_keyword_into_the_node() {
    let schema = clean(json!({
        "type": "string",
        "title": "Name",
        "description": "Your <b>name</b>",
        "format": "email",
        "enum": ["a", "b"],
        "referenceRecords": [{"id": "a", "name": "Alpha"}, {"id": 2, "name": "Two"}],
        "allowCustom": true,
        "isSensitive": true,
        "readOnly": true,
        "isImplied": true,
        "isRichText": true,
        "examples": ["first", "second"],
        "default": "a",
        "minLength": 1,
        "maxLength": 3.0,
        "pattern": "^[ab]$",
        "somethingUnknown": {"ignored": true}
    }));
    let node = schema.root();
    assert_eq!(node.kinds, vec![Kind::String]);
    assert!(!node.nullable);
    assert_eq!(node.title.as_deref(), Some("Name"));
    // Plain text: the UI escapes it.
    assert_eq!(node.description.as_deref(), Some("Your <b>name</b>"));
    assert_eq!(node.format, Some(Format::Email));
    assert_eq!(node.enum_values, Some(vec![json!("a"), json!("b")]));
    assert_eq!(
        node.reference_records,
        vec![
            ReferenceRecord {
                id: json!("a"),
                name: "Alpha".into()
            },
            ReferenceRecord {
                id: json!(2),
                name: "Two".into()
            },
        ]
    );
    assert!(node.allow_custom && node.is_sensitive && node.read_only);
    assert!(node.is_implied && node.is_rich_text);
    assert_eq!(node.placeholder(), Some(&json!("first")));
    assert_eq!(node.default, Some(json!("a")));
    assert_eq!((node.min_length, node.max_length), (Some(1), Some(3)));
    let pattern = node.pattern.as_ref().expect("pattern compiled");
    assert_eq!(pattern.source(), "^[ab]$");
    assert!(pattern.is_match("a") && !pattern.is_match("c"));
}

#[test]
fn numbers_lists_and_objects() {
    let schema = clean(json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["count"],
        "properties": {
            "count": {"type": "integer", "minimum": 1, "maximum": 10.5},
            "tags": {"type": "array", "maxItems": 3, "items": {"type": "string"}},
            "extra": {"type": "object", "additionalProperties": {"type": "number"}}
        }
    }));
    let root = schema.root();
    assert!(matches!(
        root.additional_properties,
        AdditionalProperties::Forbidden
    ));
    let keys: Vec<&str> = root.properties.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(keys, ["count", "tags", "extra"], "schema order is kept");
    let count = root.property("count").expect("count");
    assert!(count.required);
    assert_eq!(
        (count.node.minimum, count.node.maximum),
        (Some(1.0), Some(10.5))
    );
    assert_eq!(count.node.pointer, "/properties/count");
    let tags = &root.property("tags").expect("tags").node;
    assert!(!root.property("tags").expect("tags").required);
    assert_eq!(tags.max_items, Some(3));
    assert_eq!(
        tags.items.as_ref().map(|i| i.kinds.clone()),
        Some(vec![Kind::String])
    );
    let extra = &root.property("extra").expect("extra").node;
    match &extra.additional_properties {
        AdditionalProperties::Schema(node) => assert_eq!(node.kinds, vec![Kind::Number]),
        other => panic!("expected a schema, got {other:?}"),
    }
}

#[test]
fn type_arrays_and_nullable() {
    let schema = clean(json!({"type": ["string", "null"]}));
    assert_eq!(schema.root().kinds, vec![Kind::String]);
    assert!(schema.root().nullable);

    let schema = clean(json!({"type": ["integer", "string"]}));
    assert_eq!(schema.root().kinds, vec![Kind::Integer, Kind::String]);
    assert_eq!(schema.root().type_name(), "whole number or text");

    let schema = clean(json!({"type": "null"}));
    assert_eq!(schema.root().kinds, vec![Kind::Null]);
    assert!(schema.root().nullable);
}

#[test]
fn infers_missing_types() {
    assert_eq!(
        clean(json!({"properties": {}})).root().kinds,
        vec![Kind::Object]
    );
    assert_eq!(clean(json!({"items": {}})).root().kinds, vec![Kind::Array]);
    let mixed = clean(json!({"enum": ["a", 1, 2.5, null, "b"]}));
    assert_eq!(mixed.root().kinds, vec![Kind::String, Kind::Number]);
    assert!(mixed.root().nullable);
    let records = clean(json!({"referenceRecords": [{"id": 1, "name": "One"}]}));
    assert_eq!(records.root().kinds, vec![Kind::Number]);
    let any = clean(json!({"title": "Anything"}));
    assert!(any.root().is_any());
    assert_eq!(any.root().type_name(), "any");
    assert!(clean(json!(true)).root().is_any());
}

#[test]
fn write_only_is_a_secret() {
    assert!(
        clean(json!({"type": "string", "writeOnly": true}))
            .root()
            .is_sensitive
    );
    assert!(
        !clean(json!({"type": "string", "writeOnly": false}))
            .root()
            .is_sensitive
    );
}

#[test]
fn any_of_branches_get_labels() {
    let schema = clean(json!({"anyOf": [
        {"title": "By id", "type": "integer"},
        {"type": "string"},
        {"description": "no type"}
    ]}));
    let labels: Vec<&str> = schema
        .root()
        .any_of
        .iter()
        .map(|b| b.label.as_str())
        .collect();
    assert_eq!(labels, ["By id", "Text", "Option 3"]);
    assert_eq!(schema.root().any_of[1].node.pointer, "/anyOf/1");
}

#[test]
fn resolves_refs_within_the_schema() {
    let schema = clean(json!({
        "definitions": {"name": {"type": "string", "title": "Name", "maxLength": 5}},
        "$defs": {"age": {"type": "integer"}},
        "properties": {
            "first": {"$ref": "#/definitions/name"},
            "last": {"$ref": "#/definitions/name", "title": "Last name"},
            "age": {"$ref": "#/$defs/age"},
            "again": {"$ref": "#/properties/first"}
        },
        "definitions_extra": null
    }));
    let root = schema.root();
    let first = &root.property("first").expect("first").node;
    assert_eq!(first.kinds, vec![Kind::String]);
    assert_eq!(first.max_length, Some(5));
    assert_eq!(first.pointer, "/properties/first");
    let last = &root.property("last").expect("last").node;
    assert_eq!(
        last.title.as_deref(),
        Some("Last name"),
        "siblings of $ref win"
    );
    assert_eq!(last.max_length, Some(5));
    assert_eq!(
        root.property("age").expect("age").node.kinds,
        vec![Kind::Integer]
    );
    let again = &root.property("again").expect("again").node;
    assert_eq!(
        again.title.as_deref(),
        Some("Name"),
        "a chain of refs is followed"
    );
}

#[test]
fn escaped_and_encoded_ref_pointers() {
    let schema = clean(json!({
        "definitions": {"a/b c": {"type": "boolean"}},
        "properties": {"flag": {"$ref": "#/definitions/a~1b%20c"}}
    }));
    let flag = &schema.root().property("flag").expect("flag").node;
    assert_eq!(flag.kinds, vec![Kind::Boolean]);
}

#[test]
fn bad_refs_are_notices() {
    let schema = parse(&json!({"properties": {
        "missing": {"$ref": "#/definitions/nope", "type": "string"},
        "external": {"$ref": "other.json#/a"},
        "number": {"$ref": 5},
        "self": {"$ref": "#/properties/self"},
        "loop": {"$ref": "#/definitions/a"}
    }, "definitions": {"a": {"$ref": "#/definitions/b"}, "b": {"$ref": "#/definitions/a"}}}));
    assert!(!schema.is_clean());
    let missing = notice_at(&schema, "/properties/missing/$ref");
    assert!(
        missing.message.contains("does not point to anything"),
        "{missing}"
    );
    // The siblings still apply.
    let node = &schema.root().property("missing").expect("missing").node;
    assert_eq!(node.kinds, vec![Kind::String]);
    assert!(notice_at(&schema, "/properties/external/$ref")
        .message
        .contains("within this schema"));
    notice_at(&schema, "/properties/number/$ref");
    assert!(notice_at(&schema, "/properties/self/$ref")
        .message
        .contains("loop"));
    assert!(notice_at(&schema, "/definitions/b/$ref")
        .message
        .contains("loop"));
}

#[test]
fn recursive_refs_become_placeholders() {
    let schema = parse(&json!({
        "definitions": {"tree": {
            "type": "object",
            "properties": {
                "name": {"type": "string"},
                "children": {"type": "array", "items": {"$ref": "#/definitions/tree", "title": "Child"}}
            }
        }},
        "$ref": "#/definitions/tree"
    }));
    let notice = notice_at(&schema, "/definitions/tree/properties/children/items/$ref");
    assert!(notice.message.contains("recursive"), "{notice}");
    let items = schema
        .root()
        .property("children")
        .and_then(|c| c.node.items.as_ref());
    let items = items.expect("items");
    assert_eq!(
        items.unsupported,
        Some(Unsupported::Recursive {
            target: "/definitions/tree".into()
        })
    );
    assert_eq!(
        items.title.as_deref(),
        Some("Child"),
        "the placeholder keeps its own keywords"
    );
}

#[test]
fn a_ref_to_the_root_is_recursive() {
    let schema = parse(&json!({"properties": {"next": {"$ref": "#"}}}));
    let next = &schema.root().property("next").expect("next").node;
    assert_eq!(
        next.unsupported,
        Some(Unsupported::Recursive {
            target: String::new()
        })
    );
    assert_eq!(schema.notices().len(), 1);
}

#[test]
fn deep_nesting_is_cut_with_a_notice() {
    let mut raw = json!({"type": "string"});
    for _ in 0..40 {
        raw = json!({"type": "object", "properties": {"a": raw}});
    }
    let schema = parse(&raw);
    assert_eq!(schema.notices().len(), 1, "{:?}", schema.notices());
    let expected = "/properties/a".repeat(MAX_DEPTH);
    let notice = notice_at(&schema, &expected);
    assert!(notice.message.contains("32 levels"), "{notice}");
    let mut node = schema.root();
    for _ in 0..MAX_DEPTH {
        node = &node.property("a").expect("a").node;
    }
    assert_eq!(node.unsupported, Some(Unsupported::TooDeep));
    assert_eq!(node.pointer, expected);
}

#[test]
fn the_rest_parses_next_to_a_too_deep_part() {
    let mut deep = json!({});
    for _ in 0..40 {
        deep = json!({"properties": {"a": deep}});
    }
    let schema = parse(&json!({"properties": {"deep": deep, "name": {"type": "string"}}}));
    assert!(!schema.is_clean());
    assert_eq!(
        schema.root().property("name").expect("name").node.kinds,
        vec![Kind::String]
    );
}

#[test]
fn invalid_keywords_are_notices_with_pointers() {
    let schema = parse(&json!({
        "type": "object",
        "required": "name",
        "properties": {
            "a": {"type": "strnig"},
            "b": {"type": "number", "minimum": "3", "maximum": 1},
            "c": {"type": "string", "minLength": -1, "maxLength": 1.5, "pattern": "("},
            "d": {"title": 5, "description": [], "format": 1},
            "e": {"readOnly": "yes", "enum": 3, "examples": "x"},
            "f": {"type": ["string", 5], "anyOf": [], "items": [{}]},
            "g": {"referenceRecords": [{"name": "no id"}, {"id": "x", "name": 1}]},
            "h": "not a schema",
            "i": {"type": "integer", "minimum": 5, "maximum": 1},
            "j": {"additionalProperties": 3, "required": [1]}
        }
    }));
    assert!(!schema.is_clean());
    let expect = [
        ("/required", "list of property names"),
        ("/properties/a/type", "Unknown type \"strnig\""),
        ("/properties/b/minimum", "must be a number"),
        ("/properties/c/minLength", "whole number"),
        ("/properties/c/maxLength", "whole number"),
        ("/properties/c/pattern", "not a valid regular expression"),
        ("/properties/d/title", "must be text"),
        ("/properties/d/description", "must be text"),
        ("/properties/d/format", "must be text"),
        ("/properties/e/readOnly", "true or false"),
        ("/properties/e/enum", "list of values"),
        ("/properties/e/examples", "must be a list"),
        ("/properties/f/type/1", "type name"),
        ("/properties/f/anyOf", "non-empty list"),
        ("/properties/f/items", "tuple"),
        ("/properties/g/referenceRecords/0", "needs an id"),
        ("/properties/g/referenceRecords/1/name", "must be text"),
        ("/properties/h", "Expected a schema object"),
        ("/properties/i/minimum", "greater than maximum"),
        (
            "/properties/j/additionalProperties",
            "true, false or a schema",
        ),
        ("/properties/j/required/0", "property names"),
    ];
    for (pointer, fragment) in expect {
        let notice = notice_at(&schema, pointer);
        assert!(
            notice.message.contains(fragment),
            "{notice} lacks {fragment:?}"
        );
    }
    assert_eq!(
        schema.notices().len(),
        expect.len(),
        "{:#?}",
        schema.notices()
    );
    // The valid parts survive.
    let f = &schema.root().property("f").expect("f").node;
    assert_eq!(f.kinds, vec![Kind::String]);
    let c = &schema.root().property("c").expect("c").node;
    assert!(c.pattern.is_none());
    let e = &schema.root().property("e").expect("e").node;
    assert_eq!(e.examples, vec![json!("x")]);
    let g = &schema.root().property("g").expect("g").node;
    assert_eq!(
        g.reference_records,
        vec![ReferenceRecord {
            id: json!("x"),
            name: "x".into()
        }]
    );
}

#[test]
fn non_object_schemas_are_notices() {
    for raw in [json!(null), json!("string"), json!([1]), json!(3)] {
        let schema = parse(&raw);
        assert_eq!(notice_at(&schema, "").message, "Expected a schema object");
        assert!(schema.root().is_any());
    }
    let schema = parse(&json!({"properties": "nope"}));
    notice_at(&schema, "/properties");
    let schema = parse(&json!({"properties": {"x": false}}));
    notice_at(&schema, "/properties/x");
}

#[test]
fn draft3_required_flag_is_honoured() {
    let schema = parse(&json!({"properties": {"a": {"type": "string", "required": true}}}));
    assert!(schema.root().property("a").expect("a").required);
    notice_at(&schema, "/properties/a/required");
}

#[test]
fn repeated_problems_in_a_shared_definition_are_reported_once() {
    let schema = parse(&json!({
        "definitions": {"bad": {"type": "strnig"}},
        "properties": {"a": {"$ref": "#/definitions/bad"}, "b": {"$ref": "#/definitions/bad"}}
    }));
    assert_eq!(schema.notices().len(), 1);
    assert_eq!(schema.notices()[0].pointer, "/definitions/bad/type");
}

#[test]
fn notices_display_pointer_and_message() {
    let schema = parse(&json!({"minimum": "x"}));
    assert_eq!(
        schema.notices()[0].to_string(),
        "/minimum: minimum must be a number"
    );
    let schema = parse(&json!(null));
    assert_eq!(
        schema.notices()[0].to_string(),
        "(root): Expected a schema object"
    );
}

#[test]
fn too_many_notices_are_capped() {
    let properties: serde_json::Map<String, serde_json::Value> = (0..1000)
        .map(|i| (format!("p{i}"), json!({"type": "nope"})))
        .collect();
    let schema = parse(&json!({ "properties": properties }));
    assert_eq!(schema.notices().len(), 201);
    assert!(schema.notices()[200].message.contains("only the first 200"));
}

#[test]
fn keys_with_slashes_are_escaped_in_pointers() {
    let schema = parse(&json!({"properties": {"a/b~c": {"type": "bogus"}}}));
    notice_at(&schema, "/properties/a~1b~0c/type");
}

#[test]
fn labels() {
    assert_eq!(humanize("companySize"), "Company size");
    assert_eq!(humanize("api_version"), "Api version");
    assert_eq!(humanize("HTTPServer"), "Http server");
    assert_eq!(humanize("clientID"), "Client id");
    assert_eq!(humanize("oauth2Token"), "Oauth2 token");
    assert_eq!(humanize("  "), "");
    assert_eq!(humanize("émailAdresse"), "Émail adresse");
    let schema = clean(json!({"properties": {
        "companySize": {"type": "integer"},
        "region": {"title": "  Sales region "},
        "blank": {"title": ""}
    }}));
    let labels: Vec<String> = schema.root().properties.iter().map(|p| p.label()).collect();
    assert_eq!(labels, ["Company size", "Sales region", "Blank"]);
}
