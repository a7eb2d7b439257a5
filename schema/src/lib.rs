//! DataSchema engine: parse, defaults, validate, diff. Pure Rust, no UI.
//!
//! A DataSchema is JSON Schema plus a few engine extensions
//! (`referenceRecords`, `allowCustom`, `isSensitive`, `isImplied`,
//! `isRichText`). [`parse`] never fails: problems become [`Notice`]s and the
//! rest of the schema stays usable, because connectors ship schemas we do not
//! control and a form must still render.
//!
//! ```
//! use serde_json::json;
//! let schema = switchboard_schema::parse(&json!({
//!     "type": "object",
//!     "required": ["email"],
//!     "properties": {"email": {"type": "string", "format": "email"}}
//! }));
//! assert!(schema.is_clean());
//! let errors = schema.validate(&json!({"email": "nope"}));
//! assert_eq!(errors[0].pointer, "/email");
//! assert_eq!(schema.missing_required(&json!({})), vec!["email"]);
//! ```

#![warn(missing_docs)]

mod defaults;
mod diff;
mod format;
mod node;
mod parse;
mod validate;

pub use diff::{Change, ChangeKind};
pub use format::Format;
pub use node::{
    humanize, AdditionalProperties, Branch, Kind, Node, Pattern, Property, ReferenceRecord,
    Unsupported,
};
pub use parse::MAX_DEPTH;
pub use validate::{is_formula, ValidationError};

use serde_json::Value;
use std::fmt;

/// A parsed DataSchema: the node tree and the problems found in the raw JSON.
#[derive(Debug, Clone)]
pub struct Schema {
    root: Node,
    notices: Vec<Notice>,
}

/// A problem in the raw schema. Parsing went on without the offending part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// RFC 6901 pointer into the raw schema ("" for the root).
    pub pointer: String,
    /// What is wrong, for a person.
    pub message: String,
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.pointer.is_empty() {
            "(root)"
        } else {
            &self.pointer
        };
        write!(f, "{at}: {}", self.message)
    }
}

/// Parses a raw DataSchema. Never fails and never panics; see [`Schema::notices`].
pub fn parse(raw: &Value) -> Schema {
    let (root, notices) = parse::parse_root(raw);
    Schema { root, notices }
}

impl Schema {
    /// The root node (usually an object whose properties are the form fields).
    pub fn root(&self) -> &Node {
        &self.root
    }

    /// Problems found while parsing, in the order they were found (at most
    /// about 200; a definition used many times reports once).
    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    /// True for a valid DataSchema: parsing found nothing to report.
    pub fn is_clean(&self) -> bool {
        self.notices.is_empty()
    }

    /// Checks `value`; an empty list means valid. Formulas (`{"$var": ..}`)
    /// are accepted anywhere, and keys the schema does not list are not
    /// errors unless `additionalProperties` is false.
    pub fn validate(&self, value: &Value) -> Vec<ValidationError> {
        validate::validate(&self.root, value)
    }

    /// The value a new form starts with: explicit defaults, with objects
    /// filled from their properties' defaults. `None` when nothing has one.
    pub fn defaults(&self) -> Option<Value> {
        defaults::defaults(&self.root)
    }

    /// Top-level required keys whose value is absent, null or "" (in schema order).
    pub fn missing_required(&self, value: &Value) -> Vec<String> {
        validate::missing_required(&self.root, value)
    }
}

/// Field-level changes from `old` to `new`, recursing into nested objects
/// and list elements, in a stable order.
pub fn diff(old: &Schema, new: &Schema) -> Vec<Change> {
    diff::diff(&old.root, &new.root)
}
