//! The Apps area: the apps list, adding an app from the catalogue, and an
//! app's page with its connector version, parameters and connector.

mod add;
mod lifecycle;
mod list;
mod page;
mod parameters;
mod parts;
mod switch;

pub use list::AppList;
pub use page::AppPage;
