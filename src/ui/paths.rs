//! Links that work whatever path the console is served under.

use leptos::prelude::*;

/// The path the console is served under, "" at the root.
#[derive(Clone, Debug)]
pub struct BasePath(pub String);

/// Turns an app path ("/customers/42") into a link under the base path, for
/// `href`s. The router's own navigation (`use_navigate`, `<Redirect>`)
/// already adds the base, so it takes plain app paths.
pub fn app_href(path: &str) -> String {
    let base = use_context::<BasePath>().map(|b| b.0).unwrap_or_default();
    format!("{base}{path}")
}

/// A link to one record, `record_href("/customers", id)`: the id is
/// percent-encoded so that no id can change the path.
pub fn record_href(prefix: &str, id: &str) -> String {
    app_href(&format!("{prefix}/{}", crate::api::encode(id)))
}
