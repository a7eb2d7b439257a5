//! Edits to a raw DataSchema made by the visual field editor. They work on the
//! JSON itself so keywords the editor does not know stay exactly as they were,
//! and key order (serde_json's preserve_order) is the field order.

use serde_json::{Map, Value};

/// The field types the visual editor offers, as JSON Schema `type` names.
pub const KINDS: [(&str, &str); 5] = [
    ("string", "Text"),
    ("number", "Number"),
    ("integer", "Whole number"),
    ("boolean", "Yes/no"),
    ("object", "Group of fields"),
];

/// The `format`s offered for text fields.
pub const FORMATS: [(&str, &str); 6] = [
    ("", "Any text"),
    ("email", "Email address"),
    ("uri", "Web address (URL)"),
    ("date", "Date"),
    ("date-time", "Date and time"),
    ("time", "Time"),
];

/// An empty customer field schema.
pub fn empty_schema() -> Value {
    serde_json::json!({"type": "object", "properties": {}})
}

/// The object schema of the group at `path` (property keys from the root).
pub fn group<'v>(root: &'v Value, path: &[String]) -> Option<&'v Map<String, Value>> {
    let mut node = root.as_object()?;
    for key in path {
        node = node.get("properties")?.get(key)?.as_object()?;
    }
    Some(node)
}

fn group_mut<'v>(root: &'v mut Value, path: &[String]) -> Option<&'v mut Map<String, Value>> {
    let mut node = root.as_object_mut()?;
    for key in path {
        node = node.get_mut("properties")?.get_mut(key)?.as_object_mut()?;
    }
    Some(node)
}

/// The properties of the group at `path`, created when missing.
fn properties_mut<'v>(root: &'v mut Value, path: &[String]) -> Option<&'v mut Map<String, Value>> {
    let group = group_mut(root, path)?;
    let properties = group
        .entry("properties")
        .or_insert_with(|| Value::Object(Map::new()));
    if !properties.is_object() {
        *properties = Value::Object(Map::new());
    }
    properties.as_object_mut()
}

/// The field keys of the group at `path`, in order.
pub fn field_keys(root: &Value, path: &[String]) -> Vec<String> {
    group(root, path)
        .and_then(|g| g.get("properties"))
        .and_then(Value::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default()
}

/// The schema of field `key` in the group at `path`.
pub fn field<'v>(root: &'v Value, path: &[String], key: &str) -> Option<&'v Map<String, Value>> {
    group(root, path)?.get("properties")?.get(key)?.as_object()
}

/// Changes field `key`'s schema in place.
pub fn update_field(
    root: &mut Value,
    path: &[String],
    key: &str,
    f: impl FnOnce(&mut Map<String, Value>),
) {
    if let Some(Value::Object(field)) = properties_mut(root, path).and_then(|p| p.get_mut(key)) {
        f(field);
    }
}

/// Adds a text field with a fresh key at the end; returns the key.
pub fn add_field(root: &mut Value, path: &[String]) -> Option<String> {
    let properties = properties_mut(root, path)?;
    let key = (1..)
        .map(|n| format!("newField{n}"))
        .find(|k| !properties.contains_key(k))?;
    properties.insert(key.clone(), serde_json::json!({"type": "string"}));
    Some(key)
}

/// Renames field `from` to `to`, keeping its place and its `required` entry.
pub fn rename_field(root: &mut Value, path: &[String], from: &str, to: &str) -> Result<(), String> {
    let to = to.trim();
    if to.is_empty() {
        return Err("Enter a key.".to_owned());
    }
    if from == to {
        return Ok(());
    }
    let properties = properties_mut(root, path).ok_or("This group is gone.")?;
    if properties.contains_key(to) {
        return Err(format!("Another field already uses the key “{to}”."));
    }
    let renamed: Map<String, Value> = std::mem::take(properties)
        .into_iter()
        .map(|(k, v)| {
            if k == from {
                (to.to_owned(), v)
            } else {
                (k, v)
            }
        })
        .collect();
    *properties = renamed;
    if let Some(Value::Array(required)) = group_mut(root, path).and_then(|g| g.get_mut("required"))
    {
        for entry in required.iter_mut() {
            if entry.as_str() == Some(from) {
                *entry = Value::String(to.to_owned());
            }
        }
    }
    Ok(())
}

/// Removes field `key` and its `required` entry.
pub fn remove_field(root: &mut Value, path: &[String], key: &str) {
    if let Some(properties) = properties_mut(root, path) {
        properties.shift_remove(key);
    }
    set_required(root, path, key, false);
}

/// Moves field `key` one place up (`-1`) or down (`1`).
pub fn move_field(root: &mut Value, path: &[String], key: &str, by: isize) {
    let Some(properties) = properties_mut(root, path) else {
        return;
    };
    let mut entries: Vec<(String, Value)> = std::mem::take(properties).into_iter().collect();
    let from = entries.iter().position(|(k, _)| k == key);
    let to = from
        .and_then(|f| f.checked_add_signed(by))
        .filter(|to| *to < entries.len());
    if let (Some(from), Some(to)) = (from, to) {
        entries.swap(from, to);
    }
    *properties = entries.into_iter().collect();
}

/// Whether field `key` is listed in its group's `required`.
pub fn is_required(root: &Value, path: &[String], key: &str) -> bool {
    group(root, path)
        .and_then(|g| g.get("required"))
        .and_then(Value::as_array)
        .is_some_and(|r| r.iter().any(|k| k.as_str() == Some(key)))
}

/// Adds `key` to or removes it from its group's `required` (dropped when empty).
pub fn set_required(root: &mut Value, path: &[String], key: &str, required: bool) {
    let Some(group) = group_mut(root, path) else {
        return;
    };
    let mut list: Vec<Value> = group
        .get("required")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    list.retain(|k| k.as_str() != Some(key));
    if required {
        list.push(Value::String(key.to_owned()));
    }
    if list.is_empty() {
        group.shift_remove("required");
    } else {
        group.insert("required".to_owned(), Value::Array(list));
    }
}

/// Sets a text keyword (`title`, `description`); empty text removes it.
pub fn set_text(field: &mut Map<String, Value>, keyword: &str, text: &str) {
    if text.trim().is_empty() {
        field.shift_remove(keyword);
    } else {
        field.insert(keyword.to_owned(), Value::String(text.to_owned()));
    }
}

/// Sets a yes/no keyword (`isSensitive`); false removes it.
pub fn set_flag(field: &mut Map<String, Value>, keyword: &str, on: bool) {
    if on {
        field.insert(keyword.to_owned(), Value::Bool(true));
    } else {
        field.shift_remove(keyword);
    }
}

/// The field's `type` when it is one the editor offers.
pub fn kind_of(field: &Map<String, Value>) -> Option<&str> {
    let name = field.get("type")?.as_str()?;
    KINDS.iter().any(|(k, _)| *k == name).then_some(name)
}

/// Changes the field's type, dropping keywords that only fit the old one.
pub fn set_kind(field: &mut Map<String, Value>, kind: &str) {
    if kind_of(field) == Some(kind) {
        return;
    }
    field.insert("type".to_owned(), Value::String(kind.to_owned()));
    if kind != "string" {
        field.shift_remove("format");
    }
    if kind == "object" {
        field.shift_remove("enum");
        field
            .entry("properties")
            .or_insert_with(|| Value::Object(Map::new()));
    } else {
        field.shift_remove("properties");
        field.shift_remove("required");
        // Choices typed for the old type would no longer validate.
        field.shift_remove("enum");
    }
}

/// The field's choices as lines of text.
pub fn enum_lines(field: &Map<String, Value>) -> String {
    field
        .get("enum")
        .and_then(Value::as_array)
        .map(|values| {
            values
                .iter()
                .map(|v| match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default()
}

/// Sets the choices from lines of text (numbers for number fields); no
/// lines removes `enum`.
pub fn set_enum_lines(field: &mut Map<String, Value>, text: &str) {
    let numeric = matches!(kind_of(field), Some("number" | "integer"));
    let values: Vec<Value> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| match line.parse::<serde_json::Number>() {
            Ok(n) if numeric => Value::Number(n),
            _ => Value::String(line.to_owned()),
        })
        .collect();
    if values.is_empty() {
        field.shift_remove("enum");
    } else {
        field.insert("enum".to_owned(), Value::Array(values));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn path(keys: &[&str]) -> Vec<String> {
        keys.iter().map(|k| (*k).to_owned()).collect()
    }

    #[test]
    fn add_rename_move_and_remove_keep_order_and_required() {
        let mut schema = json!({"type": "object", "x-custom": 1, "required": ["a"], "properties": {"a": {"type": "string", "x-keep": true}, "b": {"type": "integer"}}});
        let key = add_field(&mut schema, &[]).expect("added");
        assert_eq!(key, "newField1");
        rename_field(&mut schema, &[], "a", "alpha").expect("renamed");
        assert_eq!(field_keys(&schema, &[]), ["alpha", "b", "newField1"]);
        assert_eq!(schema["required"], json!(["alpha"]));
        assert_eq!(
            rename_field(&mut schema, &[], "b", "alpha"),
            Err("Another field already uses the key “alpha”.".to_owned())
        );
        move_field(&mut schema, &[], "newField1", -1);
        move_field(&mut schema, &[], "alpha", -1);
        assert_eq!(field_keys(&schema, &[]), ["alpha", "newField1", "b"]);
        remove_field(&mut schema, &[], "alpha");
        assert_eq!(field_keys(&schema, &[]), ["newField1", "b"]);
        assert!(schema.get("required").is_none());
        assert_eq!(schema["x-custom"], 1, "unknown keywords stay");
    }

    #[test]
    fn nested_groups_are_edited_by_path() {
        let mut schema = empty_schema();
        let key = add_field(&mut schema, &[]).expect("added");
        update_field(&mut schema, &[], &key, |f| set_kind(f, "object"));
        let inner = add_field(&mut schema, &path(&[&key])).expect("nested");
        set_required(&mut schema, &path(&[&key]), &inner, true);
        assert_eq!(
            schema,
            json!({"type": "object", "properties": {"newField1": {"type": "object", "properties": {"newField1": {"type": "string"}}, "required": ["newField1"]}}})
        );
        assert!(is_required(&schema, &path(&["newField1"]), "newField1"));
    }

    #[test]
    fn keywords_are_set_and_cleared() {
        let mut field = Map::new();
        set_kind(&mut field, "string");
        set_text(&mut field, "title", "Plan");
        set_enum_lines(&mut field, "free\n\n pro \n");
        set_flag(&mut field, "isSensitive", true);
        field.insert("format".to_owned(), json!("email"));
        assert_eq!(enum_lines(&field), "free\npro");
        set_kind(&mut field, "integer");
        set_enum_lines(&mut field, "1\n2");
        set_text(&mut field, "title", " ");
        set_flag(&mut field, "isSensitive", false);
        assert_eq!(
            Value::Object(field),
            json!({"type": "integer", "enum": [1, 2]})
        );
    }
}
