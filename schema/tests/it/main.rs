//! Host tests of the public API, one module per area (one binary keeps
//! linking cheap).

mod defaults;
mod diff;
mod format;
mod parse;
mod perf;
mod props;
mod validate;

use serde_json::Value;
use switchboard_schema::{parse, Notice, Schema};

/// Parses a schema that is expected to be clean.
fn clean(raw: Value) -> Schema {
    let schema = parse(&raw);
    assert!(
        schema.is_clean(),
        "unexpected notices: {:?}",
        schema.notices()
    );
    schema
}

/// The notice at `pointer`, failing the test when there is none.
fn notice_at<'a>(schema: &'a Schema, pointer: &str) -> &'a Notice {
    schema
        .notices()
        .iter()
        .find(|n| n.pointer == pointer)
        .unwrap_or_else(|| panic!("no notice at {pointer:?}; got {:?}", schema.notices()))
}
