//! The parsed schema tree: what a form renders and what validation walks.

use crate::format::Format;
use serde_json::Value;

/// A JSON type a field accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `"string"`
    String,
    /// `"number"`
    Number,
    /// `"integer"` (3.0 counts as a whole number)
    Integer,
    /// `"boolean"`
    Boolean,
    /// `"object"`
    Object,
    /// `"array"`
    Array,
    /// `"null"`; only listed in [`Node::kinds`] when it is the sole type.
    Null,
}

impl Kind {
    /// The kind for a JSON Schema type name, if it is one.
    pub fn from_name(name: &str) -> Option<Kind> {
        Some(match name {
            "string" => Kind::String,
            "number" => Kind::Number,
            "integer" => Kind::Integer,
            "boolean" => Kind::Boolean,
            "object" => Kind::Object,
            "array" => Kind::Array,
            "null" => Kind::Null,
            _ => return None,
        })
    }

    /// The kind in human words, as a diff screen shows it ("text", "whole number", ...).
    pub fn word(self) -> &'static str {
        match self {
            Kind::String => "text",
            Kind::Number => "number",
            Kind::Integer => "whole number",
            Kind::Boolean => "yes/no",
            Kind::Object => "group",
            Kind::Array => "list",
            Kind::Null => "empty",
        }
    }

    /// The kind as the end of a "Must be ..." sentence.
    pub(crate) fn phrase(self) -> &'static str {
        match self {
            Kind::String => "text",
            Kind::Number => "a number",
            Kind::Integer => "a whole number",
            Kind::Boolean => "yes or no",
            Kind::Object => "a group of fields",
            Kind::Array => "a list",
            Kind::Null => "empty",
        }
    }

    /// The kind of a JSON value; whole numbers report [`Kind::Integer`].
    pub fn of(value: &Value) -> Kind {
        match value {
            Value::Null => Kind::Null,
            Value::Bool(_) => Kind::Boolean,
            Value::Number(n) if is_whole(n) => Kind::Integer,
            Value::Number(_) => Kind::Number,
            Value::String(_) => Kind::String,
            Value::Array(_) => Kind::Array,
            Value::Object(_) => Kind::Object,
        }
    }
}

/// True for numbers without a fractional part, including `3.0`.
pub(crate) fn is_whole(n: &serde_json::Number) -> bool {
    n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
}

/// Why a node could not be parsed into something a form can render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unsupported {
    /// A `$ref` back to one of the node's own ancestors. Validation follows it
    /// as far as the value goes; forms should show the value as raw data.
    Recursive {
        /// Pointer (without `#`) of the ancestor the reference points to.
        target: String,
    },
    /// Deeper than [`crate::MAX_DEPTH`] levels; not checked.
    TooDeep,
    /// Past the parser's work budget (hostile or runaway schema); not checked.
    TooLarge,
}

/// One choice of a `referenceRecords` list.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferenceRecord {
    /// The value stored when this record is chosen (a string or a number).
    pub id: Value,
    /// What the user sees.
    pub name: String,
}

/// A `pattern`, compiled once when the schema is parsed.
#[derive(Debug, Clone)]
pub struct Pattern {
    source: String,
    regex: regex_lite::Regex,
}

impl Pattern {
    pub(crate) fn new(source: String, regex: regex_lite::Regex) -> Pattern {
        Pattern { source, regex }
    }

    /// The pattern as written in the schema.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Whether the pattern occurs in `text` (JSON Schema patterns are not anchored).
    pub fn is_match(&self, text: &str) -> bool {
        self.regex.is_match(text)
    }
}

/// What an object accepts besides its listed properties.
#[derive(Debug, Clone, Default)]
pub enum AdditionalProperties {
    /// Anything (the default); the UI keeps such keys as extras.
    #[default]
    Allowed,
    /// `additionalProperties: false`: unlisted keys are errors.
    Forbidden,
    /// Unlisted keys must match this schema.
    Schema(Box<Node>),
}

/// A property of an object node, in schema order.
#[derive(Debug, Clone)]
pub struct Property {
    /// The key in the object.
    pub key: String,
    /// The property's schema.
    pub node: Node,
    /// Listed in the parent's `required`.
    pub required: bool,
}

impl Property {
    /// The label a form shows for this property.
    pub fn label(&self) -> String {
        self.node.label(&self.key)
    }
}

/// One `anyOf` alternative.
#[derive(Debug, Clone)]
pub struct Branch {
    /// Its title, else its type in words, else "Option N".
    pub label: String,
    /// The alternative's schema.
    pub node: Node,
}

/// One schema node, with `$ref`s resolved and keywords checked.
///
/// Fields are public so a form can render them directly; absent keywords are
/// `None`, empty or `false`.
#[derive(Debug, Clone, Default)]
pub struct Node {
    /// Where this node is in the raw schema (RFC 6901, "" for the root).
    pub pointer: String,
    /// Accepted types other than null, in schema order; empty means any type.
    pub kinds: Vec<Kind>,
    /// `null` is accepted (the type list contains "null").
    pub nullable: bool,
    /// `title`.
    pub title: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `format`.
    pub format: Option<Format>,
    /// `enum`.
    pub enum_values: Option<Vec<Value>>,
    /// `referenceRecords`: a fixed list of choices by id.
    pub reference_records: Vec<ReferenceRecord>,
    /// `allowCustom`: a free value is accepted besides `enum`/`referenceRecords`.
    pub allow_custom: bool,
    /// `isSensitive` or `writeOnly`: a secret, never shown back.
    pub is_sensitive: bool,
    /// `readOnly`.
    pub read_only: bool,
    /// `isImplied`.
    pub is_implied: bool,
    /// `isRichText`.
    pub is_rich_text: bool,
    /// `examples`; the first is the input placeholder.
    pub examples: Vec<Value>,
    /// `default`.
    pub default: Option<Value>,
    /// `minimum`.
    pub minimum: Option<f64>,
    /// `maximum`.
    pub maximum: Option<f64>,
    /// `minLength`, in characters.
    pub min_length: Option<u64>,
    /// `maxLength`, in characters.
    pub max_length: Option<u64>,
    /// `pattern`, compiled.
    pub pattern: Option<Pattern>,
    /// `maxItems`.
    pub max_items: Option<u64>,
    /// `items`: the schema of every list element.
    pub items: Option<Box<Node>>,
    /// `properties`, in schema order.
    pub properties: Vec<Property>,
    /// Every key listed in `required`, including keys without a property schema.
    pub required: Vec<String>,
    /// `additionalProperties`.
    pub additional_properties: AdditionalProperties,
    /// `anyOf` alternatives.
    pub any_of: Vec<Branch>,
    /// Set when this node stands in for a part that could not be parsed.
    pub unsupported: Option<Unsupported>,
    /// The pointer this node's keywords were resolved to; recursive
    /// placeholders find their ancestor by it.
    pub(crate) resolved: String,
}

impl Node {
    /// Accepts a value of any type.
    pub fn is_any(&self) -> bool {
        self.kinds.is_empty()
    }

    /// The kind a form should render the field as, when there is one.
    pub fn primary_kind(&self) -> Option<Kind> {
        self.kinds.first().copied()
    }

    /// Whether a value of this kind passes the type check.
    pub fn accepts_kind(&self, kind: Kind) -> bool {
        if self.kinds.is_empty() || self.kinds.contains(&kind) {
            return true;
        }
        match kind {
            Kind::Integer => self.kinds.contains(&Kind::Number),
            Kind::Null => self.nullable,
            _ => false,
        }
    }

    /// The input placeholder: the first example.
    pub fn placeholder(&self) -> Option<&Value> {
        self.examples.first()
    }

    /// Looks up a property by key.
    pub fn property(&self, key: &str) -> Option<&Property> {
        self.properties.iter().find(|p| p.key == key)
    }

    /// The type in human words ("text", "whole number or text", "any").
    pub fn type_name(&self) -> String {
        if self.kinds.is_empty() {
            return "any".to_string();
        }
        let words: Vec<&str> = self.kinds.iter().map(|k| k.word()).collect();
        words.join(" or ")
    }

    /// The label a form shows for the field stored under `key`: the title,
    /// else the key turned into words.
    pub fn label(&self, key: &str) -> String {
        match self.title.as_deref().map(str::trim) {
            Some(title) if !title.is_empty() => title.to_string(),
            _ => humanize(key),
        }
    }
}

/// Turns a key into words: "companySize" -> "Company size",
/// "api_version" -> "Api version", "HTTPServer" -> "Http server".
pub fn humanize(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c == '_' || c == '-' || c == '.' || c.is_whitespace() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        let prev = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
        let next = chars.get(i + 1).copied();
        // A capital starts a word after a lowercase letter or digit ("companySize"),
        // or ends an acronym when a lowercase letter follows ("HTTPServer").
        let boundary = c.is_uppercase()
            && prev.is_some_and(|p| {
                p.is_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_uppercase() && next.is_some_and(char::is_lowercase))
            });
        if boundary && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    let sentence = words.join(" ");
    let mut out = String::with_capacity(sentence.len());
    let mut rest = sentence.chars();
    if let Some(first) = rest.next() {
        out.extend(first.to_uppercase());
    }
    out.extend(rest);
    out
}
