//! Components shared by every area.

mod copy;
mod feedback;
mod paths;
mod theme;
mod time;
mod title;
mod toast;

pub use copy::CopyButton;
pub use feedback::{error_fallback, ErrorPanel, Loading};
pub use paths::{app_href, BasePath};
pub use theme::{Theme, ThemeToggle};
pub use time::{parse_iso, relative, RelativeTime};
pub use title::{use_page_title, DocumentTitle};
pub use toast::{use_toasts, ToastRegion, Toasts};
