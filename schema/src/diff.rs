//! What changed between two versions of a schema, field by field.

use crate::node::{Node, Property};
use crate::parse::escape;
use std::collections::{HashMap, HashSet};
use std::fmt;

/// One difference between two schemas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The field: "/apiVersion", "/auth/clientId"; list elements are "*"
    /// ("/lines/*/sku"); "" is the root.
    pub pointer: String,
    /// What changed.
    pub kind: ChangeKind,
}

/// What changed about a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeKind {
    /// The field is new.
    Added,
    /// The field is gone.
    Removed,
    /// The field's type changed; both in human words ("text", "whole number").
    TypeChanged {
        /// The old type.
        from: String,
        /// The new type.
        to: String,
    },
    /// The field is required now and was not before (also reported for a new
    /// required field, after [`ChangeKind::Added`]).
    NewlyRequired,
    /// The field was required and is not any more.
    NoLongerRequired,
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChangeKind::Added => f.write_str("added"),
            ChangeKind::Removed => f.write_str("removed"),
            ChangeKind::TypeChanged { from, to } => write!(f, "changed from {from} to {to}"),
            ChangeKind::NewlyRequired => f.write_str("now required"),
            ChangeKind::NoLongerRequired => f.write_str("no longer required"),
        }
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.pointer, self.kind)
    }
}

/// Changes from `old` to `new`: per object, the new schema's fields in order,
/// then removed fields in the old order.
pub(crate) fn diff(old: &Node, new: &Node) -> Vec<Change> {
    let mut changes = Vec::new();
    compare_type(old, new, "", &mut changes);
    compare_children(old, new, "", &mut changes);
    changes
}

fn push(changes: &mut Vec<Change>, pointer: &str, kind: ChangeKind) {
    changes.push(Change {
        pointer: pointer.to_string(),
        kind,
    });
}

fn compare_type(old: &Node, new: &Node, pointer: &str, changes: &mut Vec<Change>) {
    // A placeholder's type says nothing about the real field.
    if old.unsupported.is_some() || new.unsupported.is_some() {
        return;
    }
    let (from, to) = (old.type_name(), new.type_name());
    if from != to {
        push(changes, pointer, ChangeKind::TypeChanged { from, to });
    }
}

fn compare_children(old: &Node, new: &Node, pointer: &str, changes: &mut Vec<Change>) {
    if old.unsupported.is_some() || new.unsupported.is_some() {
        return;
    }
    let old_by_key: HashMap<&str, &Property> =
        old.properties.iter().map(|p| (p.key.as_str(), p)).collect();
    for property in &new.properties {
        let at = format!("{pointer}/{}", escape(&property.key));
        match old_by_key.get(property.key.as_str()) {
            None => {
                push(changes, &at, ChangeKind::Added);
                if property.required {
                    push(changes, &at, ChangeKind::NewlyRequired);
                }
            }
            Some(before) => {
                compare_type(&before.node, &property.node, &at, changes);
                match (before.required, property.required) {
                    (false, true) => push(changes, &at, ChangeKind::NewlyRequired),
                    (true, false) => push(changes, &at, ChangeKind::NoLongerRequired),
                    _ => {}
                }
                compare_children(&before.node, &property.node, &at, changes);
            }
        }
    }
    let new_keys: HashSet<&str> = new.properties.iter().map(|p| p.key.as_str()).collect();
    for property in &old.properties {
        if !new_keys.contains(property.key.as_str()) {
            let at = format!("{pointer}/{}", escape(&property.key));
            push(changes, &at, ChangeKind::Removed);
        }
    }
    if let (Some(old_items), Some(new_items)) = (&old.items, &new.items) {
        let at = format!("{pointer}/*");
        compare_type(old_items, new_items, &at, changes);
        compare_children(old_items, new_items, &at, changes);
    }
}
