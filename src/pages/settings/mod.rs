//! Settings: the engine connection and the customer field schema.

mod engine;

pub use engine::EngineSettings;
