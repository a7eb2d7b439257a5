//! `cargo xtask <command>`: the project's own tasks, so a fresh machine needs
//! nothing installed by hand.
//!
//! - `run`: set up what is missing, start the local engine with demo data and
//!   serve the console against it.
//! - `test`: set up, then every check and test suite, ending with one line
//!   `N passed, N failed`.
//! - `build`: the release build users get, split by area, into `dist/`.
//! - `bench`: the figures the issues ask for (sizes, timings, engine latency).
//! - `setup`: only install what is missing.

mod bench;
mod bundle;
mod release;
mod run;
mod setup;
mod suite;
mod test;
mod wasm_size;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::setup(),
        Some("run") => run::run(&args[1..]),
        Some("test") => test::test(&args[1..]),
        Some("bench") => bench::bench(),
        Some("build") => release::build_for_host(&args[1..]),
        // The size report for the last release build, or for a wasm named.
        Some("wasm-size") => match args.get(1) {
            Some(wasm) => wasm_size::print(std::path::Path::new(wasm)),
            None => wasm_size::print(&release::cargo_wasm()),
        },
        Some("bundle") => match bundle::within_budget(&test::release_dist()) {
            true => Ok(()),
            false => Err("the bundle is over its budget".to_owned()),
        },
        _ => {
            eprintln!("usage: cargo xtask <run|test|build|bench|setup|wasm-size|bundle>");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Errors are messages for a person at a terminal.
type Result<T = ()> = std::result::Result<T, String>;

/// The workspace root (xtask lives one level below it).
fn root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.parent().map(PathBuf::from).unwrap_or(here)
}
