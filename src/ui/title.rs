//! The document title per route, when the console owns the page.

use leptos::prelude::*;

/// Whether the console may set `document.title` (standalone yes; embedded in
/// a host page, only when the host asks for it).
#[derive(Clone, Copy)]
pub struct DocumentTitle(pub bool);

/// Sets the document title to "`title` · Switchboard" while the calling page
/// is shown.
pub fn use_page_title(title: impl Fn() -> String + Send + Sync + 'static) {
    let enabled = use_context::<DocumentTitle>().is_some_and(|d| d.0);
    if !enabled {
        return;
    }
    crate::ui::effect(move |_| {
        document().set_title(&format!("{} · Switchboard", title()));
    });
}
