//! Connectors calls and models.
