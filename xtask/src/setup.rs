//! Installs what the build and tests need, only where it is missing.
//!
//! Everything comes from the package registries this project's machines reach
//! (crates.io, npm, Debian): trunk and wasm-bindgen-cli from crates.io, a
//! wasm-opt from npm's binaryen (Debian's binaryen 108 breaks the wasm), and
//! Debian's chromium and chromium-driver.

use crate::{root, Result};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// trunk 0.22 needs a newer rustc than these machines have.
const TRUNK_VERSION: &str = "0.21.14";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

pub fn setup() -> Result {
    let started = Instant::now();
    wasm_target()?;
    trunk()?;
    wasm_bindgen_cli()?;
    npm_packages(&root().join("xtask/tools"))?;
    npm_packages(&root().join("tests/e2e"))?;
    chromium()?;
    // Trunk builds offline, so the crates must be here first.
    run_ok(cargo().args(["fetch", "--quiet"]), "cargo fetch")?;
    println!("setup: ready ({:.0} s)", started.elapsed().as_secs_f64());
    Ok(())
}

/// A command whose PATH finds the installed tools first.
pub fn command(program: &str) -> Command {
    let mut cmd = Command::new(program);
    cmd.current_dir(root())
        .env("PATH", tool_path())
        .env("TRUNK_SKIP_VERSION_CHECK", "true");
    cmd
}

pub fn cargo() -> Command {
    command(&std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
}

fn cargo_bin() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from("/root/.cargo"))
        .join("bin")
}

fn tool_path() -> OsString {
    let mut dirs = vec![cargo_bin(), root().join("xtask/tools/node_modules/.bin")];
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(dirs).unwrap_or_default()
}

/// Runs a command to completion, failing with a message if it fails.
pub fn run_ok(cmd: &mut Command, what: &str) -> Result {
    let status = cmd
        .status()
        .map_err(|e| format!("{what}: could not start: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({status})"))
    }
}

/// The first line a tool prints for `--version`, if it runs.
fn version_of(program: &str) -> Option<String> {
    let out = command(program)
        .arg("--version")
        .stderr(Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    out.status
        .success()
        .then(|| text.lines().next().unwrap_or_default().trim().to_owned())
}

fn timed(what: &str, f: impl FnOnce() -> Result) -> Result {
    println!("setup: installing {what}…");
    let started = Instant::now();
    f()?;
    println!(
        "setup: {what} installed in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn wasm_target() -> Result {
    let out = command("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map_err(|e| format!("rustup: {e}"))?;
    if String::from_utf8_lossy(&out.stdout).contains("wasm32-unknown-unknown") {
        return Ok(());
    }
    timed("the wasm32 target", || {
        run_ok(
            command("rustup").args(["target", "add", "wasm32-unknown-unknown"]),
            "rustup target add",
        )
    })
}

fn trunk() -> Result {
    if version_of("trunk").as_deref() == Some(&format!("trunk {TRUNK_VERSION}")) {
        return Ok(());
    }
    timed(
        &format!("trunk {TRUNK_VERSION} (a few minutes)"),
        || {
            // Without default features trunk has no TLS stack and no update check:
            // it builds and serves on loopback, downloads nothing, and installs faster.
            run_ok(
                cargo().args([
                    "install",
                    "--locked",
                    "--no-default-features",
                    "trunk",
                    "--version",
                    TRUNK_VERSION,
                ]),
                "cargo install trunk",
            )
        },
    )
}

/// wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock.
pub fn wasm_bindgen_version() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_owned());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen".to_owned())
}

fn wasm_bindgen_cli() -> Result {
    let version = wasm_bindgen_version()?;
    if version_of("wasm-bindgen").as_deref() == Some(&format!("wasm-bindgen {version}")) {
        return Ok(());
    }
    // `--locked` fails for this crate: a locked dependency is missing from the registry.
    timed(
        &format!("wasm-bindgen-cli {version} (about 4 minutes)"),
        || {
            run_ok(
                cargo().args(["install", "wasm-bindgen-cli", "--version", &version]),
                "cargo install wasm-bindgen-cli",
            )
        },
    )
}

/// `npm ci` in `dir` unless its node_modules already match its lock file.
fn npm_packages(dir: &Path) -> Result {
    let lock = std::fs::read(dir.join("package-lock.json"))
        .map_err(|e| format!("{}: {e}", dir.join("package-lock.json").display()))?;
    let stamp = dir.join("node_modules/.installed-lock");
    if std::fs::read(&stamp).ok().as_deref() == Some(lock.as_slice()) {
        return Ok(());
    }
    timed(&format!("npm packages in {}", dir.display()), || {
        run_ok(
            command("npm")
                .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
                .current_dir(dir)
                // Browsers come from Debian; no package may fetch its own.
                .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"),
            "npm ci",
        )?;
        std::fs::write(&stamp, &lock).map_err(|e| format!("{}: {e}", stamp.display()))
    })
}

fn chromium() -> Result {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return Ok(());
    }
    timed("Debian's chromium and chromium-driver", || {
        let root_user = command("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
        let apt = |args: &[&str]| {
            let mut cmd = if root_user {
                command("apt-get")
            } else {
                let mut sudo = command("sudo");
                sudo.arg("apt-get");
                sudo
            };
            cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
            run_ok(&mut cmd, "apt-get")
        };
        apt(&["update", "-qq"])?;
        apt(&["install", "-y", "-qq", "chromium", "chromium-driver"])
    })
}
