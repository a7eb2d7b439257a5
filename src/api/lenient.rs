//! Reading the engine's answers so that one odd value costs only itself.
//!
//! A real engine may leave out, null out or mistype any field the vendor's
//! SDK does not require. Such a field reads as absent (its default) instead
//! of failing the record: `#[serde(default, deserialize_with =
//! "lenient::field")]`. A list item that still cannot be read becomes an
//! [`Item::Unreadable`] row instead of failing the list.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// A field that reads as its default when it is null or of another type
/// than expected. With `#[serde(default)]` an absent one does too.
pub fn field<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned + Default,
{
    let value = Value::deserialize(deserializer)?;
    Ok(T::deserialize(value).unwrap_or_default())
}

/// A list field whose entries are read one by one: the ones that cannot be
/// read are left out, and a value that is not a list reads as empty.
pub fn entries<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    Ok(match Value::deserialize(deserializer)? {
        Value::Array(values) => values
            .into_iter()
            .filter_map(|v| T::deserialize(v).ok())
            .collect(),
        _ => Vec::new(),
    })
}

/// One item of a list: read, or kept as a row that says why it could not be.
#[derive(Clone, Debug, PartialEq)]
pub enum Item<T> {
    Read(T),
    Unreadable(Unreadable),
}

/// A list item the console could not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreadable {
    /// The item's `id`, when it has one a person could look up.
    pub id: Option<String>,
    /// Why, in a few words ("missing field `id`").
    pub reason: String,
}

impl Unreadable {
    fn of(value: &Value, error: &serde_json::Error) -> Self {
        let id = match value.get("id") {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        let reason = match value {
            Value::Object(_) => error.to_string(),
            Value::Null => "it is null, not an object".to_owned(),
            Value::Bool(_) => "it is true or false, not an object".to_owned(),
            Value::Number(_) => "it is a number, not an object".to_owned(),
            Value::String(_) => "it is a text, not an object".to_owned(),
            Value::Array(_) => "it is a list, not an object".to_owned(),
        };
        Unreadable { id, reason }
    }
}

impl<T> Item<T> {
    pub fn read(&self) -> Option<&T> {
        match self {
            Item::Read(t) => Some(t),
            Item::Unreadable(_) => None,
        }
    }

    pub fn into_read(self) -> Option<T> {
        match self {
            Item::Read(t) => Some(t),
            Item::Unreadable(_) => None,
        }
    }
}

/// The items that could be read, and the ones that could not, each in order.
pub fn split<T>(items: Vec<Item<T>>) -> (Vec<T>, Vec<Unreadable>) {
    let mut read = Vec::new();
    let mut unreadable = Vec::new();
    for item in items {
        match item {
            Item::Read(t) => read.push(t),
            Item::Unreadable(u) => unreadable.push(u),
        }
    }
    (read, unreadable)
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Item<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Ok(match T::deserialize(&value) {
            Ok(t) => Item::Read(t),
            Err(e) => Item::Unreadable(Unreadable::of(&value, &e)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, Default, PartialEq, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Thing {
        id: String,
        #[serde(default, deserialize_with = "field")]
        flag: bool,
        #[serde(default, deserialize_with = "field")]
        nested: Option<Nested>,
        #[serde(default, deserialize_with = "field")]
        at: Option<String>,
        #[serde(default, deserialize_with = "entries")]
        tags: Vec<String>,
    }

    #[derive(Debug, Default, PartialEq, Deserialize)]
    struct Nested {
        n: u32,
    }

    fn thing(v: Value) -> Thing {
        serde_json::from_value(v).expect("lenient")
    }

    #[test]
    fn null_and_wrong_types_read_as_absent() {
        let t = thing(json!({"id": "t1", "flag": "yes", "nested": null, "at": 5, "tags": "a"}));
        assert_eq!(
            t,
            Thing {
                id: "t1".into(),
                ..Default::default()
            }
        );
        let t = thing(
            json!({"id": "t1", "flag": true, "nested": {"n": 2}, "at": "x",
            "tags": ["a", 1, null, "b"]}),
        );
        assert!(t.flag);
        assert_eq!(t.nested, Some(Nested { n: 2 }));
        assert_eq!(t.at.as_deref(), Some("x"));
        assert_eq!(t.tags, ["a", "b"], "unreadable entries are left out");
        let t = thing(json!({"id": "t1", "nested": {"n": "two"}}));
        assert_eq!(t.nested, None, "a nested object that cannot be read");
    }

    #[test]
    fn a_required_field_still_fails_the_record() {
        let e = serde_json::from_value::<Thing>(json!({"flag": true})).expect_err("no id");
        assert!(e.to_string().contains("missing field `id`"), "{e}");
    }

    #[test]
    fn unreadable_items_keep_their_id_and_why() {
        let items: Vec<Item<Thing>> = serde_json::from_value(json!([
            {"id": "t1"},
            {"id": 7, "flag": true, "oops": 1, "at": {}},
            {"name": "no id"},
            "text",
            null,
            {"id": ["odd"]}
        ]))
        .expect("every item is kept");
        assert_eq!(items.len(), 6);
        assert_eq!(items[0].read().map(|t| t.id.as_str()), Some("t1"));
        let (read, unreadable) = split(items);
        assert_eq!(read.len(), 1);
        assert_eq!(unreadable.len(), 5);
        assert_eq!(unreadable[0].id.as_deref(), Some("7"));
        assert!(unreadable[0].reason.contains("invalid type"));
        assert_eq!(unreadable[1].id, None);
        assert!(unreadable[1].reason.contains("missing field `id`"));
        assert_eq!(unreadable[2].reason, "it is a text, not an object");
        assert_eq!(unreadable[3].reason, "it is null, not an object");
        assert_eq!(unreadable[4].id, None);
    }
}
