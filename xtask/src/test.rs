//! `cargo xtask test`: every check and suite, one closing count.

use crate::setup::{self, cargo, command, CHROMIUM};
use crate::suite::{check, check_with, counted, summary, Outcome};
use crate::{bundle, root, Result};
use std::path::PathBuf;
use std::process::Command;

/// The path the end-to-end suite serves the console under, so that every
/// end-to-end test also proves the console works below a base path.
pub const E2E_BASE_PATH: &str = "/console/";

/// Where the release build for the end-to-end tests and the benchmark goes.
pub fn release_dist() -> PathBuf {
    root().join("target/console-dist")
}

/// The release build: optimised for size, wasm-opt run by Trunk.
pub fn release_build() -> Command {
    let mut cmd = command("trunk");
    cmd.args([
        "build",
        "--release",
        "--public-url",
        E2E_BASE_PATH,
        "--dist",
    ])
    .arg(release_dist());
    cmd
}

pub fn engine_build() -> Command {
    let mut cmd = cargo();
    cmd.args(["build", "--quiet", "-p", "engine"]);
    cmd
}

pub fn engine_bin() -> PathBuf {
    root().join("target/debug/engine")
}

/// Environment the end-to-end scripts read.
pub fn e2e_env(cmd: &mut Command) -> &mut Command {
    cmd.env("ENGINE_BIN", engine_bin())
        .env("CONSOLE_DIST", release_dist())
        .env("CONSOLE_BASE_PATH", E2E_BASE_PATH)
        .env("CHROMIUM", CHROMIUM)
        .env("SCREENSHOT_DIR", root().join("tests/e2e/screenshots"))
        .env("EXAMPLES_DIR", root().join("examples"))
}

pub fn test(args: &[String]) -> Result {
    if let Some(unknown) = args.first() {
        return Err(format!(
            "cargo xtask test takes no arguments (got {unknown})"
        ));
    }
    setup::setup()?;
    let mut outcomes: Vec<Outcome> = vec![
        check("rustfmt", cargo().args(["fmt", "--all", "--check"])),
        check(
            "clippy (native)",
            cargo().args([
                "clippy",
                "--quiet",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]),
        ),
        check(
            "clippy (wasm)",
            cargo().args([
                "clippy",
                "--quiet",
                "-p",
                "switchboard",
                "--target",
                "wasm32-unknown-unknown",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]),
        ),
        counted("host unit tests", cargo().args(["test", "--workspace"])),
        counted(
            "browser component tests",
            cargo().args([
                "test",
                "-p",
                "switchboard",
                "--target",
                "wasm32-unknown-unknown",
                "--test",
                "*",
            ]),
        ),
    ];

    let built = check("release build", &mut release_build());
    let built_ok = built.ok();
    outcomes.push(built);
    if built_ok {
        outcomes.push(check_with("bundle size", || {
            bundle::within_budget(&release_dist())
        }));
        let engine = check("engine build", &mut engine_build());
        let engine_ok = engine.ok();
        outcomes.push(engine);
        if engine_ok {
            outcomes.push(counted("end-to-end", e2e_env(&mut node_tests())));
        }
    }

    if summary(&outcomes) {
        Ok(())
    } else {
        Err("some checks failed".to_owned())
    }
}

/// Node's test runner over every `*.test.mjs` in tests/e2e, one file at a
/// time: each starts its own engine and browser, and two cores are enough
/// for one at once.
fn node_tests() -> Command {
    let dir = root().join("tests/e2e");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut cmd = command("node");
    cmd.args(["--test", "--test-concurrency=1", "--test-reporter=spec"])
        .args(files);
    cmd
}
