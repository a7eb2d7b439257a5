//! The Customers area: the list, the "New customer" dialog and the
//! customer page.

mod create;
mod details;
mod list;
mod page;

pub(crate) use details::{
    identity_form, place_identity_error, trimmed_identity, unplaced_error, EditDetails,
};
pub(crate) use list::customer_list_reads;
pub use list::CustomerList;
pub(crate) use page::FieldsPart;
pub(crate) use page::{customer_overview_reads, customer_page_reads};
pub use page::{
    use_customer_page_title, CustomerConnectionsSection, CustomerOverview, CustomerPage,
};
