//! Integrations calls and models.
