//! Components shared by every area.

mod dialog;
mod feedback;
mod paths;
mod theme;
mod title;

pub use dialog::Dialog;
pub use feedback::{error_fallback, ErrorPanel, Loading};
pub use paths::{app_href, BasePath};
pub use theme::{Theme, ThemeToggle};
pub use title::{use_page_title, DocumentTitle};
