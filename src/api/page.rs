//! The engine's list shape: `{items, cursor}`; no cursor means the last page.

use serde::Deserialize;

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub struct Page<T> {
    #[serde(default = "Vec::new")]
    pub items: Vec<T>,
    #[serde(default)]
    pub cursor: Option<String>,
}

impl<T> Page<T> {
    /// Whether another page can be asked for.
    pub fn has_more(&self) -> bool {
        self.cursor.as_deref().is_some_and(|c| !c.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_cursor_means_last_page() {
        let p: Page<u32> = serde_json::from_str(r#"{"items":[1,2]}"#).expect("valid page");
        assert_eq!(p.items, vec![1, 2]);
        assert!(!p.has_more());
        let p: Page<u32> =
            serde_json::from_str(r#"{"items":[],"cursor":"abc","total":9}"#).expect("valid page");
        assert!(p.has_more());
        let p: Page<u32> = serde_json::from_str(r#"{"cursor":""}"#).expect("valid page");
        assert!(p.items.is_empty() && !p.has_more());
    }
}
