//! The screens, by area.

pub mod apps;
pub mod connections;
pub mod customers;
pub mod instances;
mod not_found;
pub mod settings;

pub use not_found::NotFound;
