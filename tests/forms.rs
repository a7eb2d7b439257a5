//! Component tests of the schema-driven form: each widget kind, validation
//! behaviour, change tracking and hostile schemas, in headless Chromium.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{
    button, choose, control, fire, leave, mount, prop_string, query, set_prop, settle, texts,
    type_into,
};
use leptos::prelude::*;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU32, Ordering};
use switchboard::forms::{FormMode, FormState, SchemaForm};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// Test schemas live for the whole run: a value nested 1,000 deep (built in
/// code; JSON text that deep is refused by the parser) would overflow wasm's
/// stack when dropped, since dropping a `Value` recurses.
fn leak(schema: Value) -> &'static Value {
    Box::leak(Box::new(schema))
}

/// Mounts a form with a prefix of its own; returns the host element, the
/// state, and the handle that keeps it mounted.
async fn form(
    schema: &'static Value,
    initial: Value,
    mode: FormMode,
) -> (HtmlElement, FormState, Box<dyn std::any::Any>) {
    static FORMS: AtomicU32 = AtomicU32::new(0);
    let prefix = format!("t{}", FORMS.fetch_add(1, Ordering::Relaxed));
    let (tx, rx) = std::sync::mpsc::channel();
    let (root, handle) = mount(move || {
        let state = FormState::new(schema, initial, mode);
        tx.send(state).expect("send state");
        view! { <SchemaForm state id_prefix=prefix/> }
    });
    settle().await;
    let state = rx.recv().expect("state");
    (root, state, Box::new(handle))
}

async fn click(element: &HtmlElement) {
    element.click();
    settle().await;
}

fn error_of(element: &HtmlElement) -> String {
    let id = element.id();
    document()
        .get_element_by_id(&format!("{id}-error"))
        .and_then(|e| e.text_content())
        .unwrap_or_default()
        .replace("⚠ ", "")
        .trim()
        .to_owned()
}

fn attr(element: &HtmlElement, name: &str) -> Option<String> {
    element.get_attribute(name)
}

#[wasm_bindgen_test]
async fn text_field_has_label_help_required_placeholder_and_cleared_is_removed() {
    let schema = json!({
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": {"type": "string", "title": "Full name", "description": "As on the contract.", "examples": ["Ada Lovelace"]},
            "nickname": {"type": "string"}
        }
    });
    let (root, state, _m) = form(leak(schema), json!({"nickname": "Ada"}), FormMode::Create).await;
    let name = control(&root, "Full name");
    assert_eq!(attr(&name, "placeholder").as_deref(), Some("Ada Lovelace"));
    assert!(texts(&root, "label").contains(&"Full name (required)".to_owned()));
    let help = attr(&name, "aria-describedby").expect("described");
    assert!(help.contains("-help") && help.contains("-error"));
    assert!(texts(&root, ".hint").contains(&"As on the contract.".to_owned()));
    let nickname = control(&root, "Nickname");
    assert_eq!(prop_string(&nickname, "value"), "Ada");
    type_into(&name, "Grace").await;
    type_into(&nickname, "").await;
    assert_eq!(
        state.value(),
        json!({"name": "Grace"}),
        "a cleared optional field is removed"
    );
}

#[wasm_bindgen_test]
async fn a_new_record_starts_from_the_defaults_and_a_stored_one_does_not() {
    let schema = json!({"type": "object", "properties": {
        "plan": {"type": "string", "enum": ["free", "pro"], "default": "free"},
        "seats": {"type": "integer", "default": 5}
    }});
    let (root, state, _m) = form(leak(schema.clone()), Value::Null, FormMode::Create).await;
    assert_eq!(state.value(), json!({"plan": "free", "seats": 5}));
    assert_eq!(prop_string(&control(&root, "Seats"), "value"), "5");
    assert!(
        !state.is_dirty().get_untracked(),
        "defaults are the baseline"
    );
    let (_root, stored, _m) = form(leak(schema), Value::Null, FormMode::Edit).await;
    assert_eq!(stored.value(), json!({}));
}

#[wasm_bindgen_test]
async fn rich_text_and_long_strings_get_a_multi_line_input() {
    let schema = json!({"type": "object", "properties": {
        "notes": {"type": "string", "isRichText": true},
        "bio": {"type": "string", "maxLength": 5000},
        "short": {"type": "string", "maxLength": 20}
    }});
    let (root, state, _m) = form(
        leak(schema),
        json!({"notes": "<b>bold</b>\nline"}),
        FormMode::Create,
    )
    .await;
    assert_eq!(control(&root, "Notes").tag_name(), "TEXTAREA");
    assert_eq!(
        prop_string(&control(&root, "Notes"), "value"),
        "<b>bold</b>\nline",
        "shown as plain text"
    );
    assert_eq!(control(&root, "Bio").tag_name(), "TEXTAREA");
    assert_eq!(control(&root, "Short").tag_name(), "INPUT");
    type_into(&control(&root, "Bio"), "one\ntwo").await;
    assert_eq!(state.value()["bio"], "one\ntwo");
}

#[wasm_bindgen_test]
async fn numbers_and_integers_parse_and_check_bounds() {
    let schema = json!({"type": "object", "properties": {
        "seats": {"type": "integer", "minimum": 1, "maximum": 10},
        "ratio": {"type": "number"}
    }});
    let (root, state, _m) = form(leak(schema), json!({}), FormMode::Create).await;
    let seats = control(&root, "Seats");
    assert_eq!(attr(&seats, "inputmode").as_deref(), Some("numeric"));
    assert!(texts(&root, ".hint").contains(&"From 1 to 10.".to_owned()));
    type_into(&seats, "12").await;
    assert_eq!(state.value()["seats"], json!(12));
    leave(&seats).await;
    assert_eq!(error_of(&seats), "Must be 10 or less");
    type_into(&seats, "2.5").await;
    assert_eq!(error_of(&seats), "Must be a whole number");
    type_into(&seats, "3").await;
    assert_eq!(error_of(&seats), "", "a fixed error goes away while typing");
    type_into(&control(&root, "Ratio"), "0.25").await;
    assert_eq!(state.value()["ratio"], json!(0.25));
    type_into(&control(&root, "Ratio"), "abc").await;
    assert_eq!(
        state.value()["ratio"],
        json!("abc"),
        "what was typed is kept"
    );
}

#[wasm_bindgen_test]
async fn boolean_is_a_checkbox() {
    let schema =
        json!({"type": "object", "properties": {"active": {"type": "boolean", "title": "Active"}}});
    let (root, state, _m) = form(leak(schema), json!({"active": true}), FormMode::Create).await;
    let active = control(&root, "Active");
    assert_eq!(attr(&active, "type").as_deref(), Some("checkbox"));
    set_prop(&active, "checked", false);
    fire(&active, "change");
    settle().await;
    assert_eq!(state.value(), json!({"active": false}));
}

#[wasm_bindgen_test]
async fn short_enum_is_a_select() {
    let schema = json!({"type": "object", "properties": {"plan": {"type": "string", "enum": ["free", "pro", "enterprise"]}}});
    let (root, state, _m) = form(leak(schema), json!({"plan": "pro"}), FormMode::Create).await;
    let plan = control(&root, "Plan");
    assert_eq!(plan.tag_name(), "SELECT");
    assert_eq!(
        texts(&plan, "option"),
        ["None", "free", "pro", "enterprise"]
    );
    assert_eq!(prop_string(&plan, "value"), "1");
    choose(&plan, "2").await;
    assert_eq!(state.value(), json!({"plan": "enterprise"}));
    choose(&plan, "").await;
    assert_eq!(state.value(), json!({}));
}

#[wasm_bindgen_test]
async fn long_enum_is_searchable() {
    let values: Vec<String> = (0..40).map(|i| format!("Country {i}")).collect();
    let schema =
        json!({"type": "object", "properties": {"country": {"type": "string", "enum": values}}});
    let (root, state, _m) = form(leak(schema), json!({}), FormMode::Create).await;
    let country = control(&root, "Country");
    assert_eq!(country.tag_name(), "INPUT");
    let list = attr(&country, "list").expect("suggestions list");
    fire(&country, "focus");
    type_into(&country, "Country 3").await;
    let suggestions = document().get_element_by_id(&list).expect("datalist");
    assert_eq!(suggestions.child_element_count(), 11, "Country 3 and 30–39");
    assert_eq!(state.value(), json!({"country": "Country 3"}));
    type_into(&country, "Atlantis").await;
    leave(&country).await;
    assert_eq!(error_of(&country), "Choose one of the listed values");
}

#[wasm_bindgen_test]
async fn reference_records_store_ids_and_allow_custom_takes_free_values() {
    let schema = json!({"type": "object", "properties": {
        "owner": {"type": "string", "referenceRecords": [{"id": "u1", "name": "Ada"}, {"id": "u2", "name": "Grace"}]},
        "source": {"type": "string", "enum": ["web", "phone"], "allowCustom": true}
    }});
    let (root, state, _m) = form(leak(schema), json!({"owner": "u2"}), FormMode::Create).await;
    let owner = control(&root, "Owner");
    assert_eq!(texts(&owner, "option"), ["None", "Ada", "Grace"]);
    choose(&owner, "0").await;
    assert_eq!(state.value()["owner"], "u1");
    let source = control(&root, "Source");
    assert_eq!(source.tag_name(), "INPUT", "allowCustom takes typed values");
    type_into(&source, "fax").await;
    leave(&source).await;
    assert_eq!(state.value()["source"], "fax");
    assert_eq!(error_of(&source), "");
}

#[wasm_bindgen_test]
async fn dates_times_emails_and_urls_use_matching_inputs() {
    let schema = json!({"type": "object", "properties": {
        "born": {"type": "string", "format": "date"},
        "meeting": {"type": "string", "format": "date-time"},
        "opens": {"type": "string", "format": "time"},
        "email": {"type": "string", "format": "email"},
        "site": {"type": "string", "format": "uri"}
    }});
    let (root, state, _m) = form(
        leak(schema),
        json!({"meeting": "2024-01-31T09:30:00Z"}),
        FormMode::Create,
    )
    .await;
    let kind = |label: &str| attr(&control(&root, label), "type").unwrap_or_default();
    assert_eq!(
        [
            kind("Born"),
            kind("Meeting"),
            kind("Opens"),
            kind("Email"),
            kind("Site")
        ],
        ["date", "datetime-local", "time", "email", "url"]
    );
    assert_eq!(
        prop_string(&control(&root, "Meeting"), "value"),
        "2024-01-31T09:30"
    );
    type_into(&control(&root, "Meeting"), "2024-02-01T10:15").await;
    assert_eq!(state.value()["meeting"], "2024-02-01T10:15:00Z");
    let email = control(&root, "Email");
    type_into(&email, "nope").await;
    leave(&email).await;
    assert_eq!(
        error_of(&email),
        "Enter an email address like name@example.com"
    );
}

#[wasm_bindgen_test]
async fn secret_in_create_mode_is_a_password_with_show_and_hide() {
    let schema = json!({"type": "object", "properties": {"apiKey": {"type": "string", "isSensitive": true, "title": "API key"}}});
    let (root, state, _m) = form(leak(schema), json!({}), FormMode::Create).await;
    let key = control(&root, "API key");
    assert_eq!(attr(&key, "type").as_deref(), Some("password"));
    type_into(&key, "s3cret").await;
    click(&button(&root, "Show").expect("show")).await;
    assert_eq!(
        attr(&control(&root, "API key"), "type").as_deref(),
        Some("text")
    );
    click(&button(&root, "Hide").expect("hide")).await;
    assert_eq!(state.value(), json!({"apiKey": "s3cret"}));
}

#[wasm_bindgen_test]
async fn secret_in_edit_mode_is_never_shown_and_not_sent_back_untouched() {
    let schema = json!({"type": "object", "properties": {
        "apiKey": {"type": "string", "writeOnly": true, "title": "API key"},
        "name": {"type": "string"}
    }});
    let (root, state, _m) = form(
        leak(schema),
        json!({"apiKey": "stored-secret", "name": "A"}),
        FormMode::Edit,
    )
    .await;
    assert!(
        !root.inner_html().contains("stored-secret"),
        "the secret is not in the DOM"
    );
    assert!(root
        .text_content()
        .unwrap_or_default()
        .contains("Set; hidden"));
    type_into(&control(&root, "Name"), "B").await;
    assert_eq!(
        serde_json::Value::Object(state.changed_top_level()),
        json!({"name": "B"})
    );
    let json_view = query(&root, ".json-view").expect("json view");
    set_prop(&json_view, "open", true);
    fire(&json_view, "toggle");
    settle().await;
    assert!(
        !root.inner_html().contains("stored-secret"),
        "masked in the JSON view"
    );
    click(&button(&root, "Replace").expect("replace")).await;
    let key = control(&root, "API key");
    assert_eq!(prop_string(&key, "value"), "");
    type_into(&key, "new-secret").await;
    assert_eq!(
        state.changed_top_level().get("apiKey"),
        Some(&json!("new-secret"))
    );
    click(&button(&root, "Keep current").expect("keep")).await;
    assert_eq!(state.changed_top_level().get("apiKey"), None);
}

#[wasm_bindgen_test]
async fn nested_group_is_labelled_and_collapsible() {
    let schema = json!({"type": "object", "properties": {
        "address": {"type": "object", "title": "Address", "properties": {"city": {"type": "string"}}}
    }});
    let (root, state, _m) = form(
        leak(schema),
        json!({"address": {"city": "Oslo"}}),
        FormMode::Create,
    )
    .await;
    assert_eq!(texts(&root, "details.group > summary"), ["Address"]);
    assert_eq!(prop_string(&control(&root, "City"), "value"), "Oslo");
    let group = query(&root, "details.group").expect("group");
    set_prop(&group, "open", false);
    fire(&group, "toggle");
    settle().await;
    assert!(
        query(&root, "details.group input").is_none(),
        "collapsed children are not rendered"
    );
    assert_eq!(
        state.value(),
        json!({"address": {"city": "Oslo"}}),
        "values survive collapsing"
    );
    set_prop(&group, "open", true);
    fire(&group, "toggle");
    settle().await;
    assert_eq!(prop_string(&control(&root, "City"), "value"), "Oslo");
}

#[wasm_bindgen_test]
async fn list_rows_add_remove_and_move_with_names() {
    let schema = json!({"type": "object", "properties": {"tags": {"type": "array", "title": "Tags", "items": {"type": "string"}}}});
    let (root, state, _m) = form(leak(schema), json!({"tags": ["a", "b"]}), FormMode::Create).await;
    assert_eq!(texts(&root, ".list-row[role=group]").len(), 2);
    let rows: Vec<String> = (0..2)
        .map(|i| {
            root.query_selector_all(".list-row")
                .expect("rows")
                .item(i)
                .expect("row")
                .unchecked_into::<HtmlElement>()
                .get_attribute("aria-label")
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(rows, ["Tags 1", "Tags 2"]);
    assert!(query(&root, "button[aria-label='Move down: Tags 1']").is_some());
    click(&button(&root, "Add to Tags").expect("add")).await;
    leave(&control(&root, "Tags 3")).await;
    assert_eq!(
        state.value()["tags"],
        json!(["a", "b"]),
        "an empty row is left out"
    );
    assert_eq!(error_of(&control(&root, "Tags 3")), "");
    type_into(&control(&root, "Tags 3"), "c").await;
    assert_eq!(state.value()["tags"], json!(["a", "b", "c"]));
    click(&query(&root, "button[aria-label='Move up: Tags 3']").expect("up")).await;
    assert_eq!(state.value()["tags"], json!(["a", "c", "b"]));
    assert_eq!(prop_string(&control(&root, "Tags 2"), "value"), "c");
    click(&query(&root, "button[aria-label='Remove: Tags 1']").expect("remove")).await;
    assert_eq!(state.value()["tags"], json!(["c", "b"]));
}

#[wasm_bindgen_test]
async fn any_of_switch_keeps_each_branch_data() {
    let schema = json!({"type": "object", "properties": {"contact": {"title": "Contact", "anyOf": [
        {"title": "Email", "type": "object", "properties": {"email": {"type": "string"}}},
        {"title": "Phone", "type": "object", "properties": {"phone": {"type": "string"}}}
    ]}}});
    let (root, state, _m) = form(
        leak(schema),
        json!({"contact": {"phone": "123"}}),
        FormMode::Create,
    )
    .await;
    let email_choice = control(&root, "Email");
    let phone_choice = control(&root, "Phone");
    assert_eq!(
        js_sys::Reflect::get(&phone_choice, &"checked".into())
            .ok()
            .and_then(|v| v.as_bool()),
        Some(true)
    );
    assert_eq!(prop_string(&control(&root, "Phone"), "value"), "on");
    let phone_input = root
        .query_selector("fieldset.one-of .field input")
        .expect("q")
        .expect("input")
        .unchecked_into::<HtmlElement>();
    assert_eq!(prop_string(&phone_input, "value"), "123");
    set_prop(&email_choice, "checked", true);
    fire(&email_choice, "change");
    settle().await;
    let email_input = root
        .query_selector("fieldset.one-of .field input")
        .expect("q")
        .expect("input")
        .unchecked_into::<HtmlElement>();
    type_into(&email_input, "a@b.co").await;
    assert_eq!(state.value(), json!({"contact": {"email": "a@b.co"}}));
    set_prop(&phone_choice, "checked", true);
    fire(&phone_choice, "change");
    settle().await;
    assert_eq!(
        state.value(),
        json!({"contact": {"phone": "123"}}),
        "the phone branch kept its data"
    );
}

#[wasm_bindgen_test]
async fn nullable_field_can_be_set_to_null() {
    let schema = json!({"type": "object", "properties": {"ends": {"type": ["string", "null"], "title": "Ends"}}});
    let (root, state, _m) = form(leak(schema), json!({"ends": null}), FormMode::Create).await;
    assert_eq!(state.value(), json!({"ends": null}));
    let toggle = control(&root, "Ends: leave empty (null)");
    set_prop(&toggle, "checked", false);
    fire(&toggle, "change");
    settle().await;
    type_into(&control(&root, "Ends"), "soon").await;
    assert_eq!(state.value(), json!({"ends": "soon"}));
}

#[wasm_bindgen_test]
async fn read_only_and_formula_values_are_shown_but_not_editable() {
    let schema = json!({"type": "object", "properties": {
        "id": {"type": "string", "readOnly": true, "title": "ID"},
        "total": {"type": "number", "title": "Total"}
    }});
    let initial = json!({"id": "c-1", "total": {"$var": "$.order.total"}});
    let (root, state, _m) = form(leak(schema), initial.clone(), FormMode::Create).await;
    assert!(control(&root, "ID").has_attribute("readonly"));
    let formula = query(&root, ".formula").expect("formula");
    assert!(formula
        .text_content()
        .unwrap_or_default()
        .contains(r#"{"$var":"$.order.total"}"#));
    assert!(query(&formula, "input").is_none());
    assert_eq!(state.value(), initial);
}

#[wasm_bindgen_test]
async fn fields_not_in_the_schema_are_kept_and_editable_as_json() {
    let schema = json!({"type": "object", "properties": {"name": {"type": "string"}}});
    let (root, state, _m) = form(
        leak(schema),
        json!({"name": "A", "legacyId": 7}),
        FormMode::Create,
    )
    .await;
    let extras = control(&root, "Other fields (not in the schema)");
    assert!(prop_string(&extras, "value").contains("\"legacyId\": 7"));
    assert_eq!(state.value(), json!({"name": "A", "legacyId": 7}));
    type_into(&extras, r#"{"legacyId": 8}"#).await;
    assert_eq!(state.value(), json!({"name": "A", "legacyId": 8}));
    type_into(&extras, "{oops").await;
    assert!(!state.validate_for_submit(), "unparsed JSON blocks submit");
    assert!(error_of(&extras).starts_with("Enter a JSON object"));
    assert_eq!(state.value()["legacyId"], 8, "the last good value is kept");
}

#[wasm_bindgen_test]
async fn raw_json_view_shows_the_whole_value() {
    let schema = json!({"type": "object", "properties": {"name": {"type": "string"}}});
    let (root, _state, _m) = form(leak(schema), json!({"name": "A"}), FormMode::Create).await;
    let view = query(&root, ".json-view").expect("json view");
    set_prop(&view, "open", true);
    fire(&view, "toggle");
    settle().await;
    type_into(&control(&root, "Name"), "Bea").await;
    let shown = texts(&root, ".json-view pre").concat();
    assert_eq!(
        serde_json::from_str::<Value>(&shown).expect("json"),
        json!({"name": "Bea"})
    );
}

#[wasm_bindgen_test]
async fn errors_wait_for_leaving_the_field_then_follow_typing() {
    let schema =
        json!({"type": "object", "properties": {"code": {"type": "string", "minLength": 3}}});
    let (root, _state, _m) = form(leak(schema), json!({}), FormMode::Create).await;
    let code = control(&root, "Code");
    type_into(&code, "a").await;
    assert_eq!(error_of(&code), "", "no error while first typing");
    assert_eq!(attr(&code, "aria-invalid"), None);
    leave(&code).await;
    assert_eq!(error_of(&code), "Must be at least 3 characters");
    assert_eq!(attr(&code, "aria-invalid").as_deref(), Some("true"));
    let described = attr(&code, "aria-describedby").expect("described");
    assert!(described
        .split(' ')
        .any(|id| id == format!("{}-error", code.id())));
    type_into(&code, "abc").await;
    assert_eq!(error_of(&code), "");
    assert_eq!(attr(&code, "aria-invalid"), None);
}

#[wasm_bindgen_test]
async fn submit_shows_every_error_focuses_the_first_and_lists_them() {
    let schema = json!({"type": "object", "required": ["name", "email"], "properties": {
        "name": {"type": "string"},
        "email": {"type": "string", "format": "email"},
        "age": {"type": "integer", "minimum": 0}
    }});
    let (root, state, _m) = form(leak(schema), json!({"age": -1}), FormMode::Create).await;
    assert!(!state.validate_for_submit());
    settle().await;
    let name = control(&root, "Name");
    assert_eq!(error_of(&name), "This field is required");
    assert_eq!(error_of(&control(&root, "Email")), "This field is required");
    assert_eq!(error_of(&control(&root, "Age")), "Must be 0 or more");
    assert_eq!(
        document().active_element().map(|e| e.id()),
        Some(name.id()),
        "focus on the first invalid field"
    );
    assert_eq!(texts(&root, ".form-summary > p"), ["⚠ Fix 3 problems:"]);
    assert_eq!(
        texts(&root, ".form-summary li"),
        [
            "Name: This field is required",
            "Email: This field is required",
            "Age: Must be 0 or more"
        ]
    );
    assert_eq!(
        query(&root, ".form-summary")
            .and_then(|s| attr(&s, "role"))
            .as_deref(),
        Some("alert")
    );
    type_into(&name, "Ada").await;
    leave(&name).await;
    assert_eq!(
        texts(&root, ".form-summary li"),
        ["Email: This field is required", "Age: Must be 0 or more"],
        "the summary follows the fixes"
    );
    type_into(&control(&root, "Email"), "ada@example.com").await;
    type_into(&control(&root, "Age"), "36").await;
    assert!(state.validate_for_submit());
    settle().await;
    assert!(query(&root, ".form-summary").is_none());
}

#[wasm_bindgen_test]
async fn server_errors_land_on_the_field_they_name() {
    let schema = json!({"type": "object", "properties": {
        "address": {"type": "object", "properties": {"zip": {"type": "string"}, "street": {"type": "string"}}}
    }});
    let (root, state, _m) = form(
        leak(schema),
        json!({"address": {"zip": "x"}}),
        FormMode::Edit,
    )
    .await;
    state.set_server_errors(vec![
        ("/address/zip".to_owned(), "Unknown postcode".to_owned()),
        ("/nowhere".to_owned(), "Engine says no".to_owned()),
    ]);
    settle().await;
    let zip = control(&root, "Zip");
    assert_eq!(error_of(&zip), "Unknown postcode");
    assert_eq!(attr(&zip, "aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        texts(&root, ".form-summary li"),
        ["Zip: Unknown postcode", "/nowhere: Engine says no"]
    );
    let other = control(&root, "Street");
    type_into(&other, "Main St").await;
    leave(&other).await;
    assert_eq!(
        error_of(&zip),
        "Unknown postcode",
        "kept while other fields change"
    );
    type_into(&zip, "10115").await;
    assert_eq!(error_of(&zip), "", "gone once the field is edited");
}

#[wasm_bindgen_test]
async fn change_tracking_reports_changed_and_removed_keys_and_resets() {
    let schema =
        json!({"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}});
    let (root, state, _m) = form(leak(schema), json!({"a": "1", "b": "2"}), FormMode::Edit).await;
    let dirty = state.is_dirty();
    assert!(!dirty.get_untracked());
    type_into(&control(&root, "A"), "one").await;
    type_into(&control(&root, "B"), "").await;
    assert!(dirty.get_untracked());
    assert_eq!(
        Value::Object(state.changed_top_level()),
        json!({"a": "one", "b": null})
    );
    type_into(&control(&root, "A"), "1").await;
    type_into(&control(&root, "B"), "2").await;
    assert!(!dirty.get_untracked(), "back to the baseline is not dirty");
    state.reset(json!({"a": "x"}));
    settle().await;
    assert_eq!(prop_string(&control(&root, "A"), "value"), "x");
    assert!(!dirty.get_untracked());
    state.set_disabled(true);
    settle().await;
    assert!(query(&root, "fieldset.schema-fields[disabled]").is_some());
}

#[wasm_bindgen_test]
async fn hostile_schema_renders_what_it_can_quickly_and_as_text() {
    let mut deep = json!({"type": "string"});
    for _ in 0..1000 {
        // Built by hand: `json!` would serialise `deep` again at every level.
        let mut properties = serde_json::Map::new();
        properties.insert("x".to_owned(), deep);
        let mut object = serde_json::Map::new();
        object.insert("type".to_owned(), json!("object"));
        object.insert("properties".to_owned(), Value::Object(properties));
        deep = Value::Object(object);
    }
    let many: Vec<String> = (0..10_000).map(|i| format!("v{i}")).collect();
    let mut schema = json!({
        "type": "object",
        "definitions": {"node": {"type": "object", "properties": {"next": {"$ref": "#/definitions/node"}}}},
        "properties": {
            "deep": null,
            "loop": {"$ref": "#/definitions/node"},
            "huge": {"type": "string", "enum": many},
            "evil": {"type": "string", "title": "<script>window.hacked = 1</script><b>bold</b>", "description": "<img src=x onerror=alert(1)>"},
            "long": {"type": "string", "title": "x".repeat(1_000_000)}
        }
    });
    schema["properties"]["deep"] = deep;
    let started = js_sys::Date::now();
    let (root, _state, _m) = form(leak(schema), json!({}), FormMode::Create).await;
    assert!(
        js_sys::Date::now() - started < 1000.0,
        "mounted within a second"
    );
    assert!(query(&root, ".schema-form script").is_none());
    assert!(query(&root, ".schema-form b").is_none());
    assert!(query(&root, ".schema-form img").is_none());
    assert!(root
        .text_content()
        .unwrap_or_default()
        .contains("<script>window.hacked = 1</script>"));
    assert!(
        query(&root, ".form-notice").is_some(),
        "a notice says what could not be used"
    );
    assert!(
        root.text_content().unwrap_or_default().len() < 100_000,
        "a megabyte title is shortened"
    );
    let huge = control(&root, "Huge");
    assert_eq!(
        huge.tag_name(),
        "INPUT",
        "10,000 choices are searched, not listed"
    );
}

#[wasm_bindgen_test]
async fn a_state_outliving_its_view_does_nothing_instead_of_panicking() {
    let schema = json!({"type": "object", "properties": {"a": {"type": "string"}}});
    let (_root, state, handle) = form(leak(schema), json!({"a": "1"}), FormMode::Edit).await;
    drop(handle);
    settle().await;
    assert_eq!(state.value(), json!({}));
    assert!(state.changed_top_level().is_empty());
    assert!(!state.validate_for_submit());
    state.set_server_errors(vec![("/a".to_owned(), "late".to_owned())]);
    state.reset(json!({"a": "2"}));
    state.set_disabled(true);
    assert!(state.notices().is_empty());
}

#[wasm_bindgen_test]
async fn a_save_the_form_already_shows_keeps_its_inputs() {
    let schema = json!({"type": "object", "properties": {
        "workspace": {"type": "string", "title": "Workspace"},
        "region": {"type": "string", "title": "Region"}
    }});
    let (root, state, _m) = form(leak(schema), json!({"region": "eu"}), FormMode::Edit).await;
    let input = control(&root, "Workspace");
    type_into(&input, "1200456").await;
    assert!(state.is_dirty().get_untracked());
    // The engine answers with what was sent, in its own key order.
    state.saved(json!({"region": "eu", "workspace": "1200456"}));
    settle().await;
    assert!(!state.is_dirty().get_untracked());
    assert!(
        input.is_connected(),
        "the input someone may be typing in stays"
    );
    // A save the form does not show (the engine changed a value) starts over.
    state.saved(json!({"workspace": "1200456", "region": "us"}));
    settle().await;
    assert!(!input.is_connected());
    assert_eq!(prop_string(&control(&root, "Region"), "value"), "us");
    assert!(!state.is_dirty().get_untracked());
}
