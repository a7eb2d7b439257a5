//! What each field of a form renders as, decided once from the parsed schema
//! so that rendering and reading values never walk the schema again.

use serde_json::Value;
use std::sync::Arc;
use switchboard_schema::{Format, Kind, Node, Unsupported};

/// Labels and help longer than this (in characters) are shortened.
const LABEL_CHARS: usize = 300;
const HELP_CHARS: usize = 3000;

/// Lists longer than this get a searchable input instead of a drop-down.
const SEARCHABLE_OVER: usize = 15;
/// Strings allowed to be longer than this get a multi-line input.
const MULTILINE_OVER: u64 = 200;

/// One field: its label and help, and the widget it renders as.
#[derive(Debug)]
pub(crate) struct Spec {
    pub label: String,
    pub description: Option<String>,
    pub placeholder: Option<String>,
    pub required: bool,
    pub read_only: bool,
    pub nullable: bool,
    /// Accepted types, to pick the `anyOf` branch an existing value belongs to.
    pub kinds: Vec<Kind>,
    pub widget: Widget,
}

/// A choice in a select: the stored value and what the user sees.
#[derive(Debug, Clone)]
pub(crate) struct Choice {
    pub value: Value,
    pub label: String,
}

#[derive(Debug)]
pub(crate) enum Widget {
    Text {
        input_type: &'static str,
        multiline: bool,
    },
    Number {
        integer: bool,
        min: Option<f64>,
        max: Option<f64>,
    },
    Boolean,
    Select {
        choices: Arc<[Choice]>,
        allow_custom: bool,
        searchable: bool,
    },
    DateTime,
    Secret,
    /// Any value, edited as JSON text; `reason` says why there is no better widget.
    Json {
        reason: Option<&'static str>,
    },
    Group {
        properties: Vec<(String, Arc<Spec>)>,
        /// Keys not in the schema are kept and shown as extras.
        keeps_extras: bool,
    },
    List {
        items: Arc<Spec>,
        max_items: Option<u64>,
    },
    OneOf {
        branches: Vec<Arc<Spec>>,
    },
}

impl Spec {
    /// The spec for the form's root node.
    pub fn root(node: &Node) -> Arc<Spec> {
        Spec::build(node, String::new(), false)
    }

    fn build(node: &Node, label: String, required: bool) -> Arc<Spec> {
        let nonblank = |s: &Option<String>| s.clone().filter(|s| !s.trim().is_empty());
        let placeholder = node.placeholder().map(|example| match example {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        });
        Arc::new(Spec {
            label: clip(&label, LABEL_CHARS),
            description: nonblank(&node.description).map(|d| clip(&d, HELP_CHARS)),
            placeholder,
            required,
            read_only: node.read_only,
            nullable: node.nullable && !node.kinds.is_empty(),
            kinds: node.kinds.clone(),
            widget: widget(node),
        })
    }
}

fn widget(node: &Node) -> Widget {
    match &node.unsupported {
        Some(Unsupported::Recursive { .. }) => {
            return Widget::Json {
                reason: Some("This part of the schema refers to itself, so it is edited as JSON."),
            }
        }
        Some(Unsupported::TooDeep | Unsupported::TooLarge) => {
            return Widget::Json {
                reason: Some("This part of the schema is too large or deep to show as fields, so it is edited as JSON."),
            }
        }
        None => {}
    }
    if !node.any_of.is_empty() {
        let branches = node
            .any_of
            .iter()
            .map(|branch| Spec::build(&branch.node, branch.label.clone(), false))
            .collect();
        return Widget::OneOf { branches };
    }
    if node.enum_values.is_some() || !node.reference_records.is_empty() {
        let choices: Arc<[Choice]> = choices(node).into();
        let searchable = node.allow_custom || choices.len() > SEARCHABLE_OVER;
        return Widget::Select {
            choices,
            allow_custom: node.allow_custom,
            searchable,
        };
    }
    if node.is_sensitive {
        return Widget::Secret;
    }
    let has_properties = !node.properties.is_empty();
    match node.primary_kind() {
        Some(Kind::String) => string_widget(node),
        Some(Kind::Integer) => Widget::Number {
            integer: true,
            min: node.minimum,
            max: node.maximum,
        },
        Some(Kind::Number) => Widget::Number {
            integer: false,
            min: node.minimum,
            max: node.maximum,
        },
        Some(Kind::Boolean) => Widget::Boolean,
        Some(Kind::Object) => group(node),
        None if has_properties => group(node),
        Some(Kind::Array) => match &node.items {
            Some(items) => Widget::List {
                items: Spec::build(items, "Item".to_owned(), false),
                max_items: node.max_items,
            },
            None => Widget::Json { reason: None },
        },
        Some(Kind::Null) | None => Widget::Json { reason: None },
    }
}

fn string_widget(node: &Node) -> Widget {
    let input_type = match &node.format {
        Some(Format::Email) => "email",
        Some(Format::Uri) => "url",
        Some(Format::Date) => "date",
        Some(Format::Time) => "time",
        Some(Format::DateTime) => return Widget::DateTime,
        Some(Format::Other(_)) | None => "text",
    };
    let multiline = input_type == "text"
        && (node.is_rich_text || node.max_length.is_some_and(|max| max > MULTILINE_OVER));
    Widget::Text {
        input_type,
        multiline,
    }
}

fn group(node: &Node) -> Widget {
    let properties = node
        .properties
        .iter()
        .map(|p| (p.key.clone(), Spec::build(&p.node, p.label(), p.required)))
        .collect();
    Widget::Group {
        properties,
        keeps_extras: !matches!(
            node.additional_properties,
            switchboard_schema::AdditionalProperties::Forbidden
        ),
    }
}

fn choices(node: &Node) -> Vec<Choice> {
    if !node.reference_records.is_empty() {
        return node
            .reference_records
            .iter()
            .map(|r| Choice {
                value: r.id.clone(),
                label: r.name.clone(),
            })
            .collect();
    }
    node.enum_values
        .iter()
        .flatten()
        .map(|value| Choice {
            value: value.clone(),
            label: match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            },
        })
        .collect()
}

/// Shortens text from the schema so a megabyte title cannot swamp the page.
pub(crate) fn clip(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}
