//! The engine's list shape: `{items, cursor}`; no cursor means the last page.
//! Each item is read on its own, so one odd item costs one row.

use super::lenient::{self, Item};
use serde::de::DeserializeOwned;
use serde::Deserialize;

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(bound(deserialize = "T: DeserializeOwned"))]
pub struct Page<T> {
    #[serde(default)]
    pub items: Vec<Item<T>>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub cursor: Option<String>,
}

/// Lists the console reads whole (apps, connectors, the catalogue) are few;
/// one page this size holds them all.
pub(crate) const WHOLE_LIST: u32 = 1000;

impl<T> Page<T> {
    /// Whether another page can be asked for.
    pub fn has_more(&self) -> bool {
        self.cursor.as_deref().is_some_and(|c| !c.is_empty())
    }

    /// The items that could be read, for lookups that show no rows of their own.
    pub fn into_read(self) -> Vec<T> {
        self.items.into_iter().filter_map(Item::into_read).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Unreadable;

    #[test]
    fn missing_cursor_means_last_page() {
        let p: Page<u32> = serde_json::from_str(r#"{"items":[1,2]}"#).expect("valid page");
        assert_eq!(p.items, vec![Item::Read(1), Item::Read(2)]);
        assert!(!p.has_more());
        let p: Page<u32> =
            serde_json::from_str(r#"{"items":[],"cursor":"abc","total":9}"#).expect("valid page");
        assert!(p.has_more());
        let p: Page<u32> = serde_json::from_str(r#"{"cursor":""}"#).expect("valid page");
        assert!(p.items.is_empty() && !p.has_more());
        let p: Page<u32> =
            serde_json::from_str(r#"{"items":[],"cursor":{"odd":1}}"#).expect("odd cursor");
        assert!(!p.has_more(), "a cursor that is not a text is no cursor");
    }

    #[test]
    fn one_unreadable_item_costs_one_row() {
        let p: Page<u32> = serde_json::from_str(r#"{"items":[1,{"id":"x9"},3]}"#).expect("page");
        assert_eq!(p.items.len(), 3);
        assert!(matches!(
            &p.items[1],
            Item::Unreadable(Unreadable { id: Some(id), .. }) if id == "x9"
        ));
        assert_eq!(p.into_read(), [1, 3]);
    }
}
