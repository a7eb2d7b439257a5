//! `cargo xtask test`: every check and suite, one closing count.

use crate::setup::{self, cargo, command, run_ok, CHROMIUM};
use crate::suite::{check, check_with, counted, summary, Outcome};
use crate::{bundle, release, root, run, Result};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

/// The path the end-to-end suite serves the console under, so that every
/// end-to-end test also proves the console works below a base path.
pub const E2E_BASE_PATH: &str = "/console/";

/// Where the release build for the end-to-end tests and the benchmark goes.
pub fn release_dist() -> PathBuf {
    root().join("target/console-dist")
}

/// The release build, into [`release_dist`].
pub fn release_build() -> Result {
    release::build(&release_dist(), E2E_BASE_PATH, &[])
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
        .env(
            "FIRST_VISIT_BUDGET_BYTES",
            bundle::FIRST_VISIT_BUDGET_GZIP_BYTES.to_string(),
        )
}

pub fn test(args: &[String]) -> Result {
    match args {
        [] => all(),
        [flag, n] if flag == "--repeat" => match n.parse::<u32>() {
            Ok(n) if n > 0 => repeat_e2e(n),
            _ => Err(format!("--repeat takes a number of runs (got {n})")),
        },
        _ => Err(format!(
            "cargo xtask test takes nothing, or --repeat N (got {})",
            args.join(" ")
        )),
    }
}

/// Every check and suite.
fn all() -> Result {
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

    let built = check_with("release build", || match release_build() {
        Ok(()) => true,
        Err(e) => {
            eprintln!("{e}");
            false
        }
    });
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
            outcomes.push(check_with(
                "run stops on signals",
                run::stops_children_on_signals,
            ));
            outcomes.push(counted("end-to-end", e2e_env(&mut node_tests(&[]))));
        }
    }

    if summary(&outcomes) {
        Ok(())
    } else {
        Err("some checks failed".to_owned())
    }
}

/// `--repeat N`: the end-to-end suite N times on one build, then each test
/// that failed in some run, by name, with how often. A test that fails only
/// sometimes is a flake to fix at its root.
fn repeat_e2e(runs: u32) -> Result {
    setup::setup()?;
    release_build()?;
    run_ok(&mut engine_build(), "engine build")?;
    let tap = root().join("target/e2e-repeat.tap");
    let mut failures: BTreeMap<String, u32> = BTreeMap::new();
    let mut failed_runs = 0;
    for n in 1..=runs {
        let started = Instant::now();
        // The spec report goes to the terminal; a TAP copy names each result.
        let mut cmd = node_tests(&[
            "--test-reporter-destination=stdout".to_owned(),
            "--test-reporter=tap".to_owned(),
            format!("--test-reporter-destination={}", tap.display()),
        ]);
        let outcome = counted(&format!("end-to-end run {n} of {runs}"), e2e_env(&mut cmd));
        let report = std::fs::read_to_string(&tap).unwrap_or_default();
        let failed = failed_tests(&report);
        if !outcome.ok() {
            failed_runs += 1;
        }
        println!(
            "run {n}: {} passed, {} failed in {:.0} s",
            outcome.passed,
            outcome.failed,
            started.elapsed().as_secs_f64()
        );
        for name in failed {
            *failures.entry(name).or_default() += 1;
        }
    }
    println!("\n==> {runs} end-to-end runs: {failed_runs} with failures");
    for (name, count) in &failures {
        let kind = if *count == runs {
            "fails every run"
        } else {
            "FLAKY"
        };
        println!("{kind}: {name} (failed {count} of {runs})");
    }
    if failed_runs == 0 {
        Ok(())
    } else {
        Err(format!("{failed_runs} of {runs} end-to-end runs failed"))
    }
}

/// The failed tests of a node TAP report, each as `file › test`: node puts
/// the test's `location: '/path/file.test.mjs:47:1'` in the block below its
/// `not ok` line.
fn failed_tests(report: &str) -> Vec<String> {
    let lines: Vec<&str> = report.lines().collect();
    let mut failed = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(rest) = line.trim_start().strip_prefix("not ok ") else {
            continue;
        };
        let name = rest
            .split_once(" - ")
            .map(|(_, name)| name)
            .unwrap_or(rest)
            .split(" # ")
            .next()
            .unwrap_or_default()
            .trim();
        let file = lines[i + 1..]
            .iter()
            .take_while(|l| l.trim() != "...")
            .find_map(|l| l.trim().strip_prefix("location: "))
            .map(|location| {
                let path = location.trim_matches('\'');
                let path = path.split(':').next().unwrap_or(path);
                path.rsplit('/').next().unwrap_or(path).to_owned()
            });
        failed.push(match file {
            Some(file) => format!("{file} › {name}"),
            None => name.to_owned(),
        });
    }
    failed
}

/// Node's test runner over every `*.test.mjs` in tests/e2e, one file at a
/// time: each starts its own engine and browser, and two cores are enough
/// for one at once.
fn node_tests(reporters: &[String]) -> Command {
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
        .args(reporters)
        .args(files);
    cmd
}

#[cfg(test)]
mod tests {
    use super::failed_tests;

    #[test]
    fn names_failed_tests_with_their_file() {
        let report = "TAP version 13
# Subtest: the apps list shows connectors
ok 1 - the apps list shows connectors
  ---
  duration_ms: 12
  ...
# Subtest: test and archived filters, with badges
not ok 2 - test and archived filters, with badges
  ---
  duration_ms: 30766.4
  location: '/repo/tests/e2e/customers.test.mjs:47:1'
  error: 'page.waitForFunction: Timeout 30000ms exceeded.'
  ...
# Subtest: shell
ok 3 - shell # SKIP
not ok 4 - a file that did not load
";
        assert_eq!(
            failed_tests(report),
            vec![
                "customers.test.mjs › test and archived filters, with badges".to_owned(),
                "a file that did not load".to_owned(),
            ]
        );
    }
}
