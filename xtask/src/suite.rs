//! Runs checks and test suites and counts what passed.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Instant;

/// The outcome of one check or suite.
pub struct Outcome {
    pub name: String,
    pub passed: u32,
    pub failed: u32,
    pub seconds: f64,
}

impl Outcome {
    pub fn ok(&self) -> bool {
        self.failed == 0
    }
}

/// A check counts as one test: it passes when the command succeeds.
pub fn check(name: &str, cmd: &mut Command) -> Outcome {
    banner(name);
    let started = Instant::now();
    let ok = cmd.status().is_ok_and(|s| s.success());
    Outcome {
        name: name.to_owned(),
        passed: u32::from(ok),
        failed: u32::from(!ok),
        seconds: started.elapsed().as_secs_f64(),
    }
}

/// A check computed in this process.
pub fn check_with(name: &str, f: impl FnOnce() -> bool) -> Outcome {
    banner(name);
    let started = Instant::now();
    let ok = f();
    Outcome {
        name: name.to_owned(),
        passed: u32::from(ok),
        failed: u32::from(!ok),
        seconds: started.elapsed().as_secs_f64(),
    }
}

/// A test suite: its output is echoed and its test counts read from cargo's
/// `test result:` lines or node's `pass N` / `fail N` summary. A suite that
/// fails without reporting a failed test (it did not build, say) counts one.
pub fn counted(name: &str, cmd: &mut Command) -> Outcome {
    banner(name);
    let started = Instant::now();
    let (mut passed, mut failed) = (0, 0);
    let status = cmd.stdout(Stdio::piped()).spawn().and_then(|mut child| {
        if let Some(out) = child.stdout.take() {
            for line in BufReader::new(out).lines().map_while(|l| l.ok()) {
                println!("{line}");
                let (p, f) = counts(&line);
                passed += p;
                failed += f;
            }
        }
        child.wait()
    });
    if !status.is_ok_and(|s| s.success()) && failed == 0 {
        failed = 1;
    }
    Outcome {
        name: name.to_owned(),
        passed,
        failed,
        seconds: started.elapsed().as_secs_f64(),
    }
}

fn banner(name: &str) {
    println!("\n==> {name}");
}

/// Test counts in one line of output, if it is a summary line.
fn counts(line: &str) -> (u32, u32) {
    let line = line.trim();
    if let Some(rest) = line.strip_prefix("test result: ") {
        let number_before = |word: &str| {
            rest.split(';')
                .find_map(|part| {
                    part.trim()
                        .strip_suffix(word)?
                        .trim()
                        .rsplit(' ')
                        .next()?
                        .parse()
                        .ok()
                })
                .unwrap_or(0)
        };
        return (number_before("passed"), number_before("failed"));
    }
    for prefix in ["ℹ ", "# "] {
        if let Some(rest) = line.strip_prefix(prefix) {
            let mut words = rest.split_whitespace();
            let (word, n) = (words.next(), words.next().and_then(|n| n.parse().ok()));
            match (word, n) {
                (Some("pass"), Some(n)) => return (n, 0),
                (Some("fail"), Some(n)) => return (0, n),
                _ => {}
            }
        }
    }
    (0, 0)
}

/// Prints the table of outcomes and the closing `N passed, N failed` line.
pub fn summary(outcomes: &[Outcome]) -> bool {
    println!("\n==> summary");
    for o in outcomes {
        let mark = if o.ok() { "ok  " } else { "FAIL" };
        println!(
            "{mark} {:<28} {:>4} passed {:>3} failed {:>7.1} s",
            o.name, o.passed, o.failed, o.seconds
        );
    }
    let passed: u32 = outcomes.iter().map(|o| o.passed).sum();
    let failed: u32 = outcomes.iter().map(|o| o.failed).sum();
    println!("{passed} passed, {failed} failed");
    failed == 0
}

#[cfg(test)]
mod tests {
    use super::counts;

    #[test]
    fn reads_cargo_and_node_summaries() {
        assert_eq!(
            counts("test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s"),
            (12, 0)
        );
        assert_eq!(
            counts("test result: FAILED. 3 passed; 2 failed; 0 ignored"),
            (3, 2)
        );
        assert_eq!(counts("ℹ pass 7"), (7, 0));
        assert_eq!(counts("# fail 1"), (0, 1));
        assert_eq!(counts("ℹ tests 8"), (0, 0));
        assert_eq!(counts("running 3 tests"), (0, 0));
    }
}
