//! The Customers area: the list, the "New customer" dialog and the
//! customer page.

mod create;
mod details;
mod list;
mod page;

pub(crate) use details::{
    identity_form, place_identity_error, trimmed_identity, unplaced_error, EditDetails,
};
pub use list::CustomerList;
pub use page::CustomerPage;
pub(crate) use page::FieldsPart;
