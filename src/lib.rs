//! Switchboard: a console for an embedded-integrations engine.
//!
//! Layout: `api` talks to the engine (one module per resource, one error
//! type); `config` decides which engine and token to use;
//! `connector_versions` compares connector versions and previews what a
//! switch changes; `forms` renders DataSchema-driven forms on top of the
//! `switchboard-schema` crate; `ui` holds shared components; `pages` holds
//! the screens by area; `app` is the shell and the routes; `embed` is the
//! JavaScript entry that mounts the console.

pub mod api;
mod app;
pub mod config;
pub mod connector_versions;
mod embed;
pub mod flow;
pub mod forms;
pub mod pages;
pub mod ui;

pub use app::App;
pub use embed::{mount, MountedConsole};
