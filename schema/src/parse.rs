//! Lenient parsing of a raw DataSchema into a [`Node`] tree.
//!
//! Nothing here fails: every problem becomes a [`Notice`] and the offending
//! keyword is ignored, so a slightly wrong schema still renders a usable form.
//! Work is bounded (depth, node count, copied bytes, `$ref` hops) because
//! schemas come from connectors we do not control.

use crate::format::Format;
use crate::node::{
    AdditionalProperties, Branch, Kind, Node, Pattern, Property, ReferenceRecord, Unsupported,
};
use crate::Notice;
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

/// Nodes nested deeper than this become [`Unsupported::TooDeep`].
pub const MAX_DEPTH: usize = 32;
/// Past this many nodes (a `$ref` used twice is parsed twice) the rest is
/// [`Unsupported::TooLarge`]; caps exponential `$ref` fan-out.
const MAX_NODES: usize = 50_000;
/// Bytes of titles, defaults, enums, ... copied into the tree; stops a large
/// value referenced thousands of times from exhausting memory.
const MAX_COPIED_BYTES: usize = 64 * 1024 * 1024;
/// Longest `$ref` chain followed (a -> b -> c ...).
const MAX_REF_HOPS: usize = 32;
/// More notices than this only repeat the same problem.
const MAX_NOTICES: usize = 200;
/// Longer patterns are ignored: compile and match time grow with them.
const MAX_PATTERN_LEN: usize = 1_000;
/// Compiled-program budget per pattern, so `a{1000}{1000}` is refused quickly.
const PATTERN_SIZE_LIMIT: usize = 256 * 1024;

/// Parses `raw` into a node tree and the notices found on the way.
pub(crate) fn parse_root(raw: &Value) -> (Node, Vec<Notice>) {
    let mut parser = Parser {
        root: raw,
        notices: Vec::new(),
        seen: HashSet::new(),
        stack: Vec::new(),
        nodes: 0,
        copied: 0,
        exhausted: false,
        patterns: HashMap::new(),
    };
    let node = parser.node(raw, String::new());
    (node, parser.notices)
}

/// Escapes a key for use as a JSON pointer segment (RFC 6901).
pub(crate) fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

struct Parser<'a> {
    root: &'a Value,
    notices: Vec<Notice>,
    /// (pointer, message) already reported: a definition used many times
    /// should report its problems once.
    seen: HashSet<(String, String)>,
    /// Resolved pointers of the nodes being parsed, root first; a `$ref` to
    /// one of them is recursion.
    stack: Vec<String>,
    nodes: usize,
    copied: usize,
    exhausted: bool,
    /// Compiled patterns by source; `None` for ones that failed to compile.
    patterns: HashMap<String, Option<regex_lite::Regex>>,
}

/// The schema objects a node is made of, each with its pointer: the node
/// itself, then each `$ref` target in turn.
type Layers<'a> = Vec<(&'a Map<String, Value>, String)>;

/// A keyword's value and the pointer of the schema object it came from.
#[derive(Clone, Copy)]
struct Kw<'a, 'k> {
    value: &'a Value,
    base: &'k str,
    key: &'static str,
}

impl Kw<'_, '_> {
    fn pointer(&self) -> String {
        format!("{}/{}", self.base, self.key)
    }
}

/// The keywords of one node, merged over its `$ref` chain (nearest wins).
#[derive(Default)]
struct Keywords<'a, 'k> {
    ty: Option<Kw<'a, 'k>>,
    title: Option<Kw<'a, 'k>>,
    description: Option<Kw<'a, 'k>>,
    format: Option<Kw<'a, 'k>>,
    properties: Option<Kw<'a, 'k>>,
    required: Option<Kw<'a, 'k>>,
    items: Option<Kw<'a, 'k>>,
    additional_properties: Option<Kw<'a, 'k>>,
    enum_values: Option<Kw<'a, 'k>>,
    default: Option<Kw<'a, 'k>>,
    examples: Option<Kw<'a, 'k>>,
    min_length: Option<Kw<'a, 'k>>,
    max_length: Option<Kw<'a, 'k>>,
    pattern: Option<Kw<'a, 'k>>,
    minimum: Option<Kw<'a, 'k>>,
    maximum: Option<Kw<'a, 'k>>,
    max_items: Option<Kw<'a, 'k>>,
    read_only: Option<Kw<'a, 'k>>,
    write_only: Option<Kw<'a, 'k>>,
    any_of: Option<Kw<'a, 'k>>,
    reference_records: Option<Kw<'a, 'k>>,
    allow_custom: Option<Kw<'a, 'k>>,
    is_sensitive: Option<Kw<'a, 'k>>,
    is_implied: Option<Kw<'a, 'k>>,
    is_rich_text: Option<Kw<'a, 'k>>,
}

impl<'a, 'k> Keywords<'a, 'k> {
    /// Collects keywords from `layers`, the first (the node itself) winning
    /// over the `$ref` targets after it, so `{"$ref": .., "title": ..}` can
    /// rename a shared definition.
    fn collect(layers: &'k [(&'a Map<String, Value>, String)]) -> Keywords<'a, 'k> {
        let mut kw = Keywords::default();
        for (map, base) in layers.iter().rev() {
            for (key, value) in map.iter() {
                let (slot, key) = match key.as_str() {
                    "type" => (&mut kw.ty, "type"),
                    "title" => (&mut kw.title, "title"),
                    "description" => (&mut kw.description, "description"),
                    "format" => (&mut kw.format, "format"),
                    "properties" => (&mut kw.properties, "properties"),
                    "required" => (&mut kw.required, "required"),
                    "items" => (&mut kw.items, "items"),
                    "additionalProperties" => {
                        (&mut kw.additional_properties, "additionalProperties")
                    }
                    "enum" => (&mut kw.enum_values, "enum"),
                    "default" => (&mut kw.default, "default"),
                    "examples" => (&mut kw.examples, "examples"),
                    "minLength" => (&mut kw.min_length, "minLength"),
                    "maxLength" => (&mut kw.max_length, "maxLength"),
                    "pattern" => (&mut kw.pattern, "pattern"),
                    "minimum" => (&mut kw.minimum, "minimum"),
                    "maximum" => (&mut kw.maximum, "maximum"),
                    "maxItems" => (&mut kw.max_items, "maxItems"),
                    "readOnly" => (&mut kw.read_only, "readOnly"),
                    "writeOnly" => (&mut kw.write_only, "writeOnly"),
                    "anyOf" => (&mut kw.any_of, "anyOf"),
                    "referenceRecords" => (&mut kw.reference_records, "referenceRecords"),
                    "allowCustom" => (&mut kw.allow_custom, "allowCustom"),
                    "isSensitive" => (&mut kw.is_sensitive, "isSensitive"),
                    "isImplied" => (&mut kw.is_implied, "isImplied"),
                    "isRichText" => (&mut kw.is_rich_text, "isRichText"),
                    _ => continue,
                };
                *slot = Some(Kw {
                    value,
                    base: base.as_str(),
                    key,
                });
            }
        }
        kw
    }

    /// Bytes that parsing these keywords copies into the tree.
    fn copy_cost(&self) -> usize {
        [
            self.title,
            self.description,
            self.pattern,
            self.enum_values,
            self.default,
            self.examples,
            self.reference_records,
        ]
        .iter()
        .flatten()
        .map(|kw| value_size(kw.value))
        .sum()
    }
}

/// Approximate heap size of a value, without recursion (values may be deep).
fn value_size(value: &Value) -> usize {
    let mut total = 0;
    let mut pending = vec![value];
    while let Some(v) = pending.pop() {
        total += 16;
        match v {
            Value::String(s) => total += s.len(),
            Value::Array(items) => pending.extend(items),
            Value::Object(map) => {
                for (k, v) in map {
                    total += k.len();
                    pending.push(v);
                }
            }
            _ => {}
        }
    }
    total
}

/// The pointer a local `$ref` names ("#/definitions/a" -> "/definitions/a"),
/// or `None` for references to other documents.
fn local_pointer(reference: &str) -> Option<String> {
    let fragment = reference.strip_prefix('#')?;
    Some(percent_decode(fragment))
}

/// Decodes `%XX` escapes of a URI fragment; malformed escapes stay as written.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b, hex) {
            (b'%', Some(decoded)) => {
                out.push(decoded);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// A non-negative whole number, as `minLength` and friends need.
fn count(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 0.0)
                .map(|f| f as u64)
        }),
        _ => None,
    }
}

impl<'a> Parser<'a> {
    fn notice(&mut self, pointer: String, message: impl Into<String>) {
        let message = message.into();
        if self.notices.len() > MAX_NOTICES {
            return;
        }
        if self.notices.len() == MAX_NOTICES {
            self.notices.push(Notice {
                pointer: String::new(),
                message: format!(
                    "More problems were found; only the first {MAX_NOTICES} are listed"
                ),
            });
            return;
        }
        if self.seen.insert((pointer.clone(), message.clone())) {
            self.notices.push(Notice { pointer, message });
        }
    }

    /// Marks the work budget spent, reporting it once.
    fn exhaust(&mut self, pointer: &str) {
        if !self.exhausted {
            self.exhausted = true;
            self.notice(
                pointer.to_string(),
                "The schema is too large; this part and everything after it is not checked",
            );
        }
    }

    fn node(&mut self, raw: &'a Value, pointer: String) -> Node {
        if self.exhausted || self.nodes >= MAX_NODES {
            self.exhaust(&pointer);
            return stand_in(pointer, Unsupported::TooLarge);
        }
        if self.stack.len() >= MAX_DEPTH {
            self.notice(
                pointer.clone(),
                format!("Nested more than {MAX_DEPTH} levels deep; this part is not checked"),
            );
            return stand_in(pointer, Unsupported::TooDeep);
        }
        self.nodes += 1;

        let (layers, recursive) = self.resolve(raw, &pointer);
        let kw = Keywords::collect(&layers);
        let cost = kw.copy_cost();
        if self.copied + cost > MAX_COPIED_BYTES {
            self.exhaust(&pointer);
            return stand_in(pointer, Unsupported::TooLarge);
        }
        self.copied += cost;

        // A recursive placeholder keeps its own pointer: were it found as an
        // ancestor by its target's pointer, validation would bounce between
        // placeholders on the same value.
        let resolved = match (&recursive, layers.last()) {
            (None, Some((_, base))) => base.clone(),
            _ => pointer.clone(),
        };
        let mut node = Node {
            pointer,
            unsupported: recursive.map(|target| Unsupported::Recursive { target }),
            resolved: resolved.clone(),
            ..Node::default()
        };
        self.stack.push(resolved);
        self.fill(&mut node, &kw);
        self.stack.pop();
        node
    }

    /// Follows the node's `$ref` chain. The second value is set when a `$ref`
    /// points back to an ancestor.
    fn resolve(&mut self, raw: &'a Value, pointer: &str) -> (Layers<'a>, Option<String>) {
        let map = match raw {
            Value::Object(map) => map,
            Value::Bool(true) => return (Vec::new(), None),
            Value::Bool(false) => {
                self.notice(
                    pointer.to_string(),
                    "A schema of false (accept nothing) is not supported; treated as accepting anything",
                );
                return (Vec::new(), None);
            }
            _ => {
                self.notice(pointer.to_string(), "Expected a schema object");
                return (Vec::new(), None);
            }
        };
        let mut layers = vec![(map, pointer.to_string())];
        let mut current = map;
        let mut base = pointer.to_string();
        while let Some(reference) = current.get("$ref") {
            let at = format!("{base}/$ref");
            let Some(reference) = reference.as_str() else {
                self.notice(at, "$ref must be a string");
                break;
            };
            let Some(target) = local_pointer(reference) else {
                self.notice(
                    at,
                    format!("Only references within this schema (starting with #) are supported, not {reference:?}"),
                );
                break;
            };
            if self.stack.contains(&target) {
                self.notice(
                    at,
                    "Refers back to an enclosing part of the schema (recursive); shown as raw data",
                );
                return (layers, Some(target));
            }
            if layers.iter().any(|(_, p)| *p == target) || layers.len() > MAX_REF_HOPS {
                self.notice(at, "References form a loop and are ignored");
                break;
            }
            match self.root.pointer(&target) {
                Some(Value::Object(next)) => {
                    layers.push((next, target.clone()));
                    current = next;
                    base = target;
                }
                Some(Value::Bool(true)) => break,
                Some(_) => {
                    self.notice(at, format!("{reference:?} does not point to a schema"));
                    break;
                }
                None => {
                    self.notice(
                        at,
                        format!("{reference:?} does not point to anything in this schema"),
                    );
                    break;
                }
            }
        }
        (layers, None)
    }

    fn fill(&mut self, node: &mut Node, kw: &Keywords<'a, '_>) {
        node.title = self.string(kw.title);
        node.description = self.string(kw.description);
        node.format = self.string(kw.format).map(|f| Format::from_name(&f));
        node.allow_custom = self.flag(kw.allow_custom);
        node.is_sensitive = self.flag(kw.is_sensitive) | self.flag(kw.write_only);
        node.read_only = self.flag(kw.read_only);
        node.is_implied = self.flag(kw.is_implied);
        node.is_rich_text = self.flag(kw.is_rich_text);
        node.default = kw.default.map(|d| d.value.clone());
        node.examples = self.examples(kw.examples);
        node.enum_values = self.enum_values(kw.enum_values);
        node.reference_records = self.reference_records(kw.reference_records);
        node.minimum = self.number(kw.minimum);
        node.maximum = self.number(kw.maximum);
        if let (Some(min), Some(max), Some(at)) = (node.minimum, node.maximum, kw.minimum) {
            if min > max {
                self.notice(at.pointer(), "minimum is greater than maximum");
            }
        }
        node.min_length = self.count(kw.min_length);
        node.max_length = self.count(kw.max_length);
        if let (Some(min), Some(max), Some(at)) = (node.min_length, node.max_length, kw.min_length)
        {
            if min > max {
                self.notice(at.pointer(), "minLength is greater than maxLength");
            }
        }
        node.max_items = self.count(kw.max_items);
        node.pattern = self.pattern(kw.pattern);
        self.kinds(node, kw);
        node.required = self.required(kw.required);
        node.properties = self.properties(kw.properties, &node.required);
        node.items = self.items(kw.items);
        node.additional_properties = self.additional_properties(kw.additional_properties);
        node.any_of = self.any_of(kw.any_of);
    }

    fn string(&mut self, kw: Option<Kw<'a, '_>>) -> Option<String> {
        let kw = kw?;
        match kw.value {
            Value::String(s) => Some(s.clone()),
            _ => {
                self.notice(kw.pointer(), format!("{} must be text", kw.key));
                None
            }
        }
    }

    fn flag(&mut self, kw: Option<Kw<'a, '_>>) -> bool {
        let Some(kw) = kw else { return false };
        match kw.value {
            Value::Bool(b) => *b,
            _ => {
                self.notice(kw.pointer(), format!("{} must be true or false", kw.key));
                false
            }
        }
    }

    fn number(&mut self, kw: Option<Kw<'a, '_>>) -> Option<f64> {
        let kw = kw?;
        let number = kw.value.as_f64();
        if number.is_none() {
            self.notice(kw.pointer(), format!("{} must be a number", kw.key));
        }
        number
    }

    fn count(&mut self, kw: Option<Kw<'a, '_>>) -> Option<u64> {
        let kw = kw?;
        let n = count(kw.value);
        if n.is_none() {
            self.notice(
                kw.pointer(),
                format!("{} must be a whole number of 0 or more", kw.key),
            );
        }
        n
    }

    fn examples(&mut self, kw: Option<Kw<'a, '_>>) -> Vec<Value> {
        let Some(kw) = kw else { return Vec::new() };
        match kw.value {
            Value::Array(items) => items.clone(),
            single => {
                self.notice(
                    kw.pointer(),
                    "examples must be a list; used as a single example",
                );
                vec![single.clone()]
            }
        }
    }

    fn enum_values(&mut self, kw: Option<Kw<'a, '_>>) -> Option<Vec<Value>> {
        let kw = kw?;
        match kw.value {
            Value::Array(values) if !values.is_empty() => Some(values.clone()),
            Value::Array(_) => {
                self.notice(kw.pointer(), "enum must list at least one value; ignored");
                None
            }
            _ => {
                self.notice(kw.pointer(), "enum must be a list of values; ignored");
                None
            }
        }
    }

    fn reference_records(&mut self, kw: Option<Kw<'a, '_>>) -> Vec<ReferenceRecord> {
        let Some(kw) = kw else { return Vec::new() };
        let Value::Array(records) = kw.value else {
            self.notice(
                kw.pointer(),
                "referenceRecords must be a list of {id, name}; ignored",
            );
            return Vec::new();
        };
        let mut out = Vec::with_capacity(records.len());
        for (i, record) in records.iter().enumerate() {
            let id = record
                .get("id")
                .filter(|id| id.is_string() || id.is_number());
            let Some(id) = id else {
                self.notice(
                    format!("{}/{i}", kw.pointer()),
                    "A reference record needs an id (text or a number); skipped",
                );
                continue;
            };
            let name = match record.get("name") {
                Some(Value::String(name)) => name.clone(),
                other => {
                    if other.is_some() {
                        self.notice(
                            format!("{}/{i}/name", kw.pointer()),
                            "A reference record's name must be text",
                        );
                    }
                    match id {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    }
                }
            };
            out.push(ReferenceRecord {
                id: id.clone(),
                name,
            });
        }
        out
    }

    fn pattern(&mut self, kw: Option<Kw<'a, '_>>) -> Option<Pattern> {
        let source = self.string(kw)?;
        let at = kw.map(|k| k.pointer()).unwrap_or_default();
        if source.len() > MAX_PATTERN_LEN {
            self.notice(
                at,
                format!("pattern is longer than {MAX_PATTERN_LEN} characters; ignored"),
            );
            return None;
        }
        let compiled = self
            .patterns
            .entry(source.clone())
            .or_insert_with(|| {
                regex_lite::RegexBuilder::new(&source)
                    .size_limit(PATTERN_SIZE_LIMIT)
                    .build()
                    .ok()
            })
            .clone();
        match compiled {
            Some(regex) => Some(Pattern::new(source, regex)),
            None => {
                self.notice(at, "pattern is not a valid regular expression; ignored");
                None
            }
        }
    }

    /// Sets `kinds` and `nullable` from `type`, or infers them when absent.
    fn kinds(&mut self, node: &mut Node, kw: &Keywords<'a, '_>) {
        let mut declared: Vec<Kind> = Vec::new();
        if let Some(ty) = kw.ty {
            let names: Vec<(String, &Value)> = match ty.value {
                Value::Array(items) => {
                    if items.is_empty() {
                        self.notice(ty.pointer(), "type must name at least one type");
                    }
                    items
                        .iter()
                        .enumerate()
                        .map(|(i, v)| (format!("{}/{i}", ty.pointer()), v))
                        .collect()
                }
                single => vec![(ty.pointer(), single)],
            };
            for (at, name) in names {
                match name.as_str().map(|n| (n, Kind::from_name(n))) {
                    Some((_, Some(kind))) => {
                        if !declared.contains(&kind) {
                            declared.push(kind);
                        }
                    }
                    Some((other, None)) => self.notice(
                        at,
                        format!("Unknown type {other:?}; expected string, number, integer, boolean, object, array or null"),
                    ),
                    None => self.notice(at, "type must be a type name or a list of them"),
                }
            }
        }
        if declared.is_empty() {
            declared = infer_kinds(kw);
        }
        node.nullable = declared.contains(&Kind::Null);
        if declared.len() > 1 {
            declared.retain(|k| *k != Kind::Null);
        }
        node.kinds = declared;
    }

    fn required(&mut self, kw: Option<Kw<'a, '_>>) -> Vec<String> {
        let Some(kw) = kw else { return Vec::new() };
        let Value::Array(keys) = kw.value else {
            // The parent honours draft-3 style `required: true` in `properties`.
            let message = if kw.value == &Value::Bool(true) {
                "required: true belongs in the parent's required list"
            } else {
                "required must be a list of property names"
            };
            self.notice(kw.pointer(), message);
            return Vec::new();
        };
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for (i, key) in keys.iter().enumerate() {
            match key {
                Value::String(key) => {
                    if seen.insert(key.as_str()) {
                        out.push(key.clone());
                    }
                }
                _ => self.notice(
                    format!("{}/{i}", kw.pointer()),
                    "required must list property names (text)",
                ),
            }
        }
        out
    }

    fn properties(&mut self, kw: Option<Kw<'a, '_>>, required: &[String]) -> Vec<Property> {
        let Some(kw) = kw else { return Vec::new() };
        let Value::Object(map) = kw.value else {
            self.notice(
                kw.pointer(),
                "properties must be an object of field schemas",
            );
            return Vec::new();
        };
        let required: HashSet<&str> = required.iter().map(String::as_str).collect();
        let mut out = Vec::with_capacity(map.len());
        for (key, raw) in map {
            let at = format!("{}/{}", kw.pointer(), escape(key));
            let draft3_required = raw.get("required") == Some(&Value::Bool(true));
            let node = self.node(raw, at);
            out.push(Property {
                key: key.clone(),
                node,
                required: draft3_required || required.contains(key.as_str()),
            });
        }
        out
    }

    fn items(&mut self, kw: Option<Kw<'a, '_>>) -> Option<Box<Node>> {
        let kw = kw?;
        if kw.value.is_array() {
            self.notice(
                kw.pointer(),
                "items as a list (tuple) is not supported; ignored",
            );
            return None;
        }
        Some(Box::new(self.node(kw.value, kw.pointer())))
    }

    fn additional_properties(&mut self, kw: Option<Kw<'a, '_>>) -> AdditionalProperties {
        let Some(kw) = kw else {
            return AdditionalProperties::Allowed;
        };
        match kw.value {
            Value::Bool(true) => AdditionalProperties::Allowed,
            Value::Bool(false) => AdditionalProperties::Forbidden,
            Value::Object(_) => {
                AdditionalProperties::Schema(Box::new(self.node(kw.value, kw.pointer())))
            }
            _ => {
                self.notice(
                    kw.pointer(),
                    "additionalProperties must be true, false or a schema",
                );
                AdditionalProperties::Allowed
            }
        }
    }

    fn any_of(&mut self, kw: Option<Kw<'a, '_>>) -> Vec<Branch> {
        let Some(kw) = kw else { return Vec::new() };
        let branches = match kw.value {
            Value::Array(branches) if !branches.is_empty() => branches,
            _ => {
                self.notice(
                    kw.pointer(),
                    "anyOf must be a non-empty list of schemas; ignored",
                );
                return Vec::new();
            }
        };
        let mut out = Vec::with_capacity(branches.len());
        for (i, raw) in branches.iter().enumerate() {
            let node = self.node(raw, format!("{}/{i}", kw.pointer()));
            let label = match node.title.as_deref().map(str::trim) {
                Some(title) if !title.is_empty() => title.to_string(),
                _ if node.unsupported.is_none() && !node.kinds.is_empty() => {
                    let name = node.type_name();
                    let mut chars = name.chars();
                    chars
                        .next()
                        .map(|c| c.to_uppercase().chain(chars).collect())
                        .unwrap_or(name)
                }
                _ => format!("Option {}", i + 1),
            };
            out.push(Branch { label, node });
        }
        out
    }
}

/// Kinds for a schema without a usable `type`: from its shape or its choices.
fn infer_kinds(kw: &Keywords<'_, '_>) -> Vec<Kind> {
    if kw.properties.is_some() {
        return vec![Kind::Object];
    }
    if kw.items.is_some() {
        return vec![Kind::Array];
    }
    let choices: Vec<&Value> = match (kw.enum_values, kw.reference_records) {
        (
            Some(Kw {
                value: Value::Array(values),
                ..
            }),
            _,
        ) => values.iter().collect(),
        (
            _,
            Some(Kw {
                value: Value::Array(records),
                ..
            }),
        ) => records.iter().filter_map(|r| r.get("id")).collect(),
        _ => return Vec::new(),
    };
    let mut kinds = Vec::new();
    for choice in choices {
        // A whole-number choice does not make the field a whole number: 1 and
        // 1.5 may both be listed.
        let kind = match Kind::of(choice) {
            Kind::Integer => Kind::Number,
            other => other,
        };
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    kinds
}

fn stand_in(pointer: String, why: Unsupported) -> Node {
    Node {
        resolved: pointer.clone(),
        pointer,
        unsupported: Some(why),
        ..Node::default()
    }
}
