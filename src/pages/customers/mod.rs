//! The Customers area: the list, the "New customer" dialog and the
//! customer page.

mod create;
mod list;
mod page;

pub use list::CustomerList;
pub use page::CustomerPage;
