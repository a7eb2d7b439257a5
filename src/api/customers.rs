//! Customers calls and models.
