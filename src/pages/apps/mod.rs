//! The Apps area: the apps list, adding an app from the catalogue, and an
//! app's page with its connector version, parameters and connector.

mod add;
mod lifecycle;
mod list;
mod page;
mod parameters;
mod parts;
mod switch;

pub(crate) use list::app_list_reads;
pub use list::AppList;
pub(crate) use page::app_page_reads;
pub use page::AppPage;
