//! `cargo xtask run`: the local engine with demo data, and the console served
//! against it, signed in with a development admin token.

use crate::setup::{self, command, run_ok};
use crate::test::{engine_bin, engine_build};
use crate::{root, Result};
use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};

const CONSOLE_PORT: u16 = 8080;
const ENGINE_LISTEN: &str = "127.0.0.1:8787";

/// Stops the engine when `run` returns, however it returns.
struct Engine(Child);

impl Drop for Engine {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn run(args: &[String]) -> Result {
    if let Some(unknown) = args.first() {
        return Err(format!(
            "cargo xtask run takes no arguments (got {unknown})"
        ));
    }
    setup::setup()?;
    run_ok(&mut engine_build(), "building the local engine")?;

    let db = root().join("target/demo-engine.db");
    let mut child = command(&engine_bin().to_string_lossy())
        .args(["serve", "--listen", ENGINE_LISTEN, "--seed", "demo", "--db"])
        .arg(&db)
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("starting the engine: {e}"))?;
    let stdout = child.stdout.take().ok_or("the engine has no stdout")?;
    let engine = Engine(child);
    let mut lines = BufReader::new(stdout).lines().map_while(|l| l.ok());
    let api_url = lines
        .next()
        .and_then(|l| l.strip_prefix("listening on ").map(str::to_owned))
        .ok_or("the engine did not say where it listens (is port 8787 taken?)")?;
    let token = lines
        .next()
        .and_then(|l| l.strip_prefix("admin token: ").map(str::to_owned))
        .ok_or("the engine did not print an admin token")?;
    // Keep reading so the engine never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(|l| println!("engine: {l}")));

    // A development token in config.json is for demos on loopback only: anyone
    // who can load the page can read it.
    let config_dir = root().join("target/dev-config");
    std::fs::create_dir_all(&config_dir).map_err(|e| e.to_string())?;
    let config = config_dir.join("config.json");
    let json = format!("{{\"apiUrl\": \"{api_url}\", \"token\": \"{token}\"}}\n");
    std::fs::write(&config, json).map_err(|e| format!("{}: {e}", config.display()))?;

    println!("\nSwitchboard: open http://127.0.0.1:{CONSOLE_PORT}/ (engine at {api_url}; Ctrl-C stops both)\n");
    let served = command("trunk")
        .args(["serve", "--port", &CONSOLE_PORT.to_string()])
        .env("SWITCHBOARD_DEV_CONFIG", &config)
        .status();
    drop(engine);
    match served {
        Ok(status) if status.success() || status.code().is_none() => Ok(()),
        Ok(status) => Err(format!("trunk serve stopped ({status})")),
        Err(e) => Err(format!("trunk serve: {e}")),
    }
}
