//! Checking a value against a [`Node`] tree, with messages a form can show
//! next to the field.

use crate::node::{is_whole, AdditionalProperties, Kind, Node, Unsupported};
use crate::parse::escape;
use serde_json::{Map, Number, Value};
use std::collections::{HashMap, HashSet};

/// Recursive schemas are followed as deep as the value goes; this bounds it
/// for values built in code (parsed JSON is already limited to 128 levels).
const MAX_VALIDATION_DEPTH: usize = 128;

/// A problem with a value, located by JSON pointer into the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    /// RFC 6901 pointer into the value: "" for the root, "/address/city", "/tags/2".
    pub pointer: String,
    /// What a form shows next to the field.
    pub message: String,
}

impl std::fmt::Display for ValidationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.pointer.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.pointer, self.message)
        }
    }
}

/// A formula such as `{"$var": "..."}`: any single-key object whose key starts
/// with `$`. It is evaluated by the engine later, so validation accepts it anywhere.
pub fn is_formula(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.len() == 1 && map.keys().all(|k| k.starts_with('$')),
        _ => false,
    }
}

/// A value that does not satisfy `required`: absent, null or "".
pub(crate) fn is_blank(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.is_empty(),
        Some(_) => false,
    }
}

/// Validates `value` against `node`; errors come in schema order.
pub(crate) fn validate(node: &Node, value: &Value) -> Vec<ValidationError> {
    let mut validator = Validator {
        errors: Vec::new(),
        chain: Vec::new(),
        jumps: HashMap::new(),
    };
    validator.node(node, value, "");
    validator.errors
}

/// Top-level required keys that are blank in `value`, in schema order.
pub(crate) fn missing_required(node: &Node, value: &Value) -> Vec<String> {
    let object = value.as_object();
    let listed: HashSet<&str> = node.required.iter().map(String::as_str).collect();
    let mut keys: Vec<&str> = node.required.iter().map(String::as_str).collect();
    // Draft-3 `required: true` marks the property without listing it.
    keys.extend(
        node.properties
            .iter()
            .filter(|p| p.required && !listed.contains(p.key.as_str()))
            .map(|p| p.key.as_str()),
    );
    keys.into_iter()
        .filter(|key| is_blank(object.and_then(|o| o.get(*key))))
        .map(str::to_string)
        .collect()
}

struct Validator<'s> {
    errors: Vec<ValidationError>,
    /// Nodes from the root to the current one; recursive placeholders jump
    /// back to one of them.
    chain: Vec<&'s Node>,
    /// Results of recursive jumps by (ancestor, value) address; `None` while
    /// being computed. Without it `anyOf` inside a recursive schema retries
    /// both branches at every level: exponential in the value's depth.
    jumps: HashMap<(usize, usize), Option<Vec<ValidationError>>>,
}

impl<'s> Validator<'s> {
    fn error(&mut self, pointer: &str, message: impl Into<String>) {
        self.errors.push(ValidationError {
            pointer: pointer.to_string(),
            message: message.into(),
        });
    }

    fn node(&mut self, node: &'s Node, value: &Value, pointer: &str) {
        if self.chain.len() >= MAX_VALIDATION_DEPTH || is_formula(value) {
            return;
        }
        self.chain.push(node);
        match &node.unsupported {
            None => self.constraints(node, value, pointer),
            Some(Unsupported::Recursive { target }) => {
                self.constraints(node, value, pointer);
                let ancestor = self
                    .chain
                    .iter()
                    .rev()
                    .skip(1)
                    .find(|n| n.resolved == *target)
                    .copied();
                if let Some(ancestor) = ancestor {
                    self.jump(ancestor, value, pointer);
                }
            }
            // Parts the parser gave up on are not checked.
            Some(Unsupported::TooDeep | Unsupported::TooLarge) => {}
        }
        self.chain.pop();
    }

    fn jump(&mut self, ancestor: &'s Node, value: &Value, pointer: &str) {
        let key = (
            std::ptr::from_ref(ancestor) as usize,
            std::ptr::from_ref(value) as usize,
        );
        match self.jumps.get(&key) {
            Some(Some(known)) => {
                let known = known.clone();
                self.errors.extend(known);
                return;
            }
            // The schema loops back to itself without going deeper into the
            // value (`{"anyOf": [{"$ref": "#"}]}`); nothing new to check.
            Some(None) => return,
            None => {}
        }
        self.jumps.insert(key, None);
        let outer = std::mem::take(&mut self.errors);
        self.node(ancestor, value, pointer);
        let found = std::mem::replace(&mut self.errors, outer);
        self.errors.extend(found.iter().cloned());
        self.jumps.insert(key, Some(found));
    }

    fn constraints(&mut self, node: &'s Node, value: &Value, pointer: &str) {
        if value.is_null() && node.nullable {
            return;
        }
        if !node.accepts_kind(Kind::of(value)) {
            let message = type_message(node, value);
            self.error(pointer, message);
            return;
        }
        if !node.allow_custom && !is_listed(node, value) {
            self.error(pointer, "Choose one of the listed values");
        }
        match value {
            Value::String(text) => self.string(node, text, pointer),
            Value::Number(n) => self.number(node, n, pointer),
            Value::Array(items) => self.array(node, items, pointer),
            Value::Object(map) => self.object(node, map, pointer),
            Value::Null | Value::Bool(_) => {}
        }
        if !node.any_of.is_empty() {
            self.any_of(node, value, pointer);
        }
    }

    fn string(&mut self, node: &Node, text: &str, pointer: &str) {
        if node.min_length.is_some() || node.max_length.is_some() {
            let length = text.chars().count() as u64;
            if let Some(min) = node.min_length.filter(|min| length < *min) {
                self.error(
                    pointer,
                    format!("Must be at least {}", plural(min, "character")),
                );
            }
            if let Some(max) = node.max_length.filter(|max| length > *max) {
                self.error(
                    pointer,
                    format!("Must be {} or fewer", plural(max, "character")),
                );
            }
        }
        // An empty optional field has nothing to format; `required` and
        // `minLength` are what reject it.
        if text.is_empty() {
            return;
        }
        if let Some(format) = &node.format {
            if let Some(hint) = format.hint().filter(|_| !format.matches(text)) {
                self.error(pointer, hint);
            }
        }
        if let Some(pattern) = &node.pattern {
            if !pattern.is_match(text) {
                self.error(pointer, "Doesn't match the expected format");
            }
        }
    }

    fn number(&mut self, node: &Node, n: &Number, pointer: &str) {
        let Some(f) = n.as_f64() else { return };
        if let Some(min) = node.minimum.filter(|min| f < *min) {
            self.error(pointer, format!("Must be {} or more", show_number(min)));
        }
        if let Some(max) = node.maximum.filter(|max| f > *max) {
            self.error(pointer, format!("Must be {} or less", show_number(max)));
        }
    }

    fn array(&mut self, node: &'s Node, items: &[Value], pointer: &str) {
        if let Some(max) = node.max_items.filter(|max| items.len() as u64 > *max) {
            self.error(pointer, format!("Must be {} or fewer", plural(max, "item")));
        }
        if let Some(item_node) = &node.items {
            for (i, item) in items.iter().enumerate() {
                self.node(item_node, item, &format!("{pointer}/{i}"));
            }
        }
    }

    fn object(&mut self, node: &'s Node, map: &Map<String, Value>, pointer: &str) {
        for property in &node.properties {
            let at = format!("{pointer}/{}", escape(&property.key));
            let value = map.get(&property.key);
            if property.required && is_blank(value) {
                self.error(&at, "This field is required");
            } else if let Some(value) = value {
                self.node(&property.node, value, &at);
            }
        }
        let only_listed_checks =
            matches!(node.additional_properties, AdditionalProperties::Allowed)
                && node.required.is_empty();
        if only_listed_checks {
            return;
        }
        let known: HashSet<&str> = node.properties.iter().map(|p| p.key.as_str()).collect();
        for key in &node.required {
            if !known.contains(key.as_str()) && is_blank(map.get(key)) {
                self.error(
                    &format!("{pointer}/{}", escape(key)),
                    "This field is required",
                );
            }
        }
        for (key, value) in map {
            if known.contains(key.as_str()) {
                continue;
            }
            let at = format!("{pointer}/{}", escape(key));
            match &node.additional_properties {
                AdditionalProperties::Allowed => {}
                AdditionalProperties::Forbidden => self.error(&at, "This field isn't allowed here"),
                AdditionalProperties::Schema(extra) => self.node(extra, value, &at),
            }
        }
    }

    /// Valid when any branch is; otherwise reports the closest branch: the one
    /// of the value's type with the fewest errors.
    fn any_of(&mut self, node: &'s Node, value: &Value, pointer: &str) {
        let outer = std::mem::take(&mut self.errors);
        let kind = Kind::of(value);
        let mut best: Option<Vec<ValidationError>> = None;
        let mut matched = false;
        for branch in &node.any_of {
            self.node(&branch.node, value, pointer);
            let errors = std::mem::take(&mut self.errors);
            if errors.is_empty() {
                matched = true;
                break;
            }
            let fits = branch.node.accepts_kind(kind) || (value.is_null() && branch.node.nullable);
            if fits && best.as_ref().is_none_or(|b| errors.len() < b.len()) {
                best = Some(errors);
            }
        }
        self.errors = outer;
        match (matched, best) {
            (true, _) => {}
            (false, Some(errors)) => self.errors.extend(errors),
            (false, None) => self.error(pointer, "Doesn't match any of the allowed options"),
        }
    }
}

/// Whether `value` is among the node's `enum` and `referenceRecords` choices
/// (true when the node has none).
fn is_listed(node: &Node, value: &Value) -> bool {
    let in_enum = node
        .enum_values
        .as_ref()
        .is_none_or(|values| values.iter().any(|v| same_value(v, value)));
    let in_records = node.reference_records.is_empty()
        || node.reference_records.iter().any(|r| same_id(&r.id, value));
    in_enum && in_records
}

/// JSON equality, except that numbers compare by value (3 equals 3.0).
fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            match (x.as_i64(), y.as_i64(), x.as_u64(), y.as_u64()) {
                (Some(x), Some(y), _, _) => x == y,
                (_, _, Some(x), Some(y)) => x == y,
                _ => x.as_f64() == y.as_f64(),
            }
        }
        _ => a == b,
    }
}

/// Record ids match across text and numbers, since forms often store "42" for 42.
fn same_id(id: &Value, value: &Value) -> bool {
    same_value(id, value)
        || match (id, value) {
            (Value::String(s), Value::Number(n)) | (Value::Number(n), Value::String(s)) => {
                *s == n.to_string()
            }
            _ => false,
        }
}

fn type_message(node: &Node, value: &Value) -> String {
    let fractional = matches!(value, Value::Number(n) if !is_whole(n));
    if fractional && node.kinds.contains(&Kind::Integer) {
        return "Must be a whole number".to_string();
    }
    let phrases: Vec<&str> = node.kinds.iter().map(|k| k.phrase()).collect();
    format!("Must be {}", phrases.join(" or "))
}

fn plural(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// 100.0 shows as "100", 2.5 as "2.5".
fn show_number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}
