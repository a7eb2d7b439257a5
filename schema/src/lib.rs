//! DataSchema engine: parse, defaults, validate, diff. Pure Rust, no UI.

use serde_json::Value;
use std::fmt;

/// A parsed DataSchema.
#[derive(Debug, Clone)]
pub struct Schema {
    root: Node,
    notices: Vec<Notice>,
}

/// A problem found while parsing a schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// JSON pointer into the raw schema.
    pub pointer: String,
    /// Human message.
    pub message: String,
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pointer, self.message)
    }
}

/// A schema node.
#[derive(Debug, Clone, Default)]
pub struct Node {}

/// A validation error located by JSON pointer into the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    /// RFC 6901 pointer into the validated value.
    pub pointer: String,
    /// Human message.
    pub message: String,
}

/// One difference between two schemas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Path of the field.
    pub pointer: String,
    /// What changed.
    pub kind: ChangeKind,
}

/// The kind of change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeKind {
    /// Field added.
    Added,
    /// Field removed.
    Removed,
    /// Field type changed.
    TypeChanged {
        /// Old type in words.
        from: String,
        /// New type in words.
        to: String,
    },
    /// Field became required.
    NewlyRequired,
    /// Field is no longer required.
    NoLongerRequired,
}

/// Parse a raw schema; never fails.
pub fn parse(raw: &Value) -> Schema {
    let _ = raw;
    todo!()
}

impl Schema {
    /// The root node.
    pub fn root(&self) -> &Node {
        &self.root
    }
    /// Notices.
    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }
    /// True when there are no notices.
    pub fn is_clean(&self) -> bool {
        self.notices.is_empty()
    }
    /// Validate a value.
    pub fn validate(&self, value: &Value) -> Vec<ValidationError> {
        let _ = value;
        todo!()
    }
    /// Default value.
    pub fn defaults(&self) -> Option<Value> {
        todo!()
    }
    /// Top-level required keys missing from value.
    pub fn missing_required(&self, value: &Value) -> Vec<String> {
        let _ = value;
        todo!()
    }
}

/// Differences between two schemas.
pub fn diff(old: &Schema, new: &Schema) -> Vec<Change> {
    let _ = (old, new);
    todo!()
}
