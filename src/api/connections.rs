//! Connections calls and models.
