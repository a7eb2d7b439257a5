//! The default value a new form starts from.

use crate::node::Node;
use serde_json::{Map, Value};

/// The node's `default`, with nested objects filled from their properties'
/// defaults. Required-ness never invents a value.
pub(crate) fn defaults(node: &Node) -> Option<Value> {
    // Placeholders stand for parts that were not parsed; following a
    // recursive one would never end.
    if node.unsupported.is_some() || node.properties.is_empty() {
        return node.default.clone();
    }
    let mut object = match &node.default {
        Some(Value::Object(explicit)) => explicit.clone(),
        Some(other) => return Some(other.clone()),
        None => Map::new(),
    };
    for property in &node.properties {
        if object.contains_key(&property.key) {
            continue;
        }
        if let Some(value) = defaults(&property.node) {
            object.insert(property.key.clone(), value);
        }
    }
    if object.is_empty() && node.default.is_none() {
        None
    } else {
        Some(Value::Object(object))
    }
}
