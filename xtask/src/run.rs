//! `cargo xtask run`: the local engine with demo data, and the console served
//! against it, signed in with a development admin token.

use crate::setup::{self, command, run_ok};
use crate::test::{engine_bin, engine_build};
use crate::{root, Result};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, PoisonError};

const CONSOLE_PORT: u16 = 8080;
const ENGINE_PORT: u16 = 8787;

/// The signals `run` ends on; each stops the engine and `trunk serve` first.
pub const STOP_SIGNALS: [i32; 3] = [SIGTERM, SIGINT, SIGHUP];

/// The line `run` prints once both the engine and `trunk serve` are started.
pub const READY_LINE: &str = "Switchboard: open";

/// Where `run` serves: `--port` for the console, `--engine-port` for the engine.
struct Ports {
    console: u16,
    engine: u16,
}

impl Ports {
    fn parse(args: &[String]) -> Result<Ports> {
        let mut ports = Ports {
            console: CONSOLE_PORT,
            engine: ENGINE_PORT,
        };
        let mut args = args.iter();
        while let Some(flag) = args.next() {
            let slot = match flag.as_str() {
                "--port" => &mut ports.console,
                "--engine-port" => &mut ports.engine,
                other => {
                    return Err(format!(
                        "cargo xtask run takes --port N and --engine-port N (got {other})"
                    ))
                }
            };
            *slot = args
                .next()
                .and_then(|n| n.parse().ok())
                .ok_or_else(|| format!("{flag} needs a port number"))?;
        }
        Ok(ports)
    }
}

/// The children `run` started, each the leader of its own process group, so
/// that stopping one also stops what it started (trunk's cargo and rustc).
/// Dropping this stops them all, however `run` ends.
///
/// They get their own groups because a signal sent to `run` alone (`kill
/// <pid>`, a closed terminal, a supervisor) would otherwise leave them
/// running; a terminal's Ctrl-C reaches them through `run` the same way.
#[derive(Default)]
struct Children {
    groups: Arc<Mutex<Vec<u32>>>,
}

impl Children {
    /// Stops every child group on the first stop signal, then ends `run`.
    fn stop_on_signals(&self) -> Result {
        let mut signals = signal_hook::iterator::Signals::new(STOP_SIGNALS)
            .map_err(|e| format!("listening for signals: {e}"))?;
        let groups = Arc::clone(&self.groups);
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                stop_groups(&groups);
                std::process::exit(128 + signal);
            }
        });
        Ok(())
    }

    /// Spawns `cmd` in a new process group and records it. The lock is held
    /// while spawning, so a signal arriving meanwhile still stops this child.
    fn spawn(&self, cmd: &mut Command, what: &str) -> Result<Child> {
        let mut groups = self.groups.lock().unwrap_or_else(PoisonError::into_inner);
        let child = cmd
            .process_group(0)
            .spawn()
            .map_err(|e| format!("starting {what}: {e}"))?;
        groups.push(child.id());
        Ok(child)
    }
}

impl Drop for Children {
    fn drop(&mut self) {
        stop_groups(&self.groups);
    }
}

fn stop_groups(groups: &Mutex<Vec<u32>>) {
    let groups = groups.lock().unwrap_or_else(PoisonError::into_inner);
    for &group in groups.iter() {
        if let Ok(group) = libc::pid_t::try_from(group) {
            // SAFETY: kill(2) takes plain integers; a negative pid names the
            // process group this child leads, and nothing is shared.
            unsafe { libc::kill(-group, libc::SIGTERM) };
        }
    }
}

pub fn run(args: &[String]) -> Result {
    let ports = Ports::parse(args)?;
    setup::setup()?;
    run_ok(&mut engine_build(), "building the local engine")?;

    let children = Children::default();
    children.stop_on_signals()?;
    let db = root().join("target/demo-engine.db");
    let mut engine = children.spawn(
        command(&engine_bin().to_string_lossy())
            .args(["serve", "--seed", "demo", "--listen"])
            .arg(format!("127.0.0.1:{}", ports.engine))
            .arg("--db")
            .arg(&db)
            .stdout(Stdio::piped()),
        "the engine",
    )?;
    let stdout = engine.stdout.take().ok_or("the engine has no stdout")?;
    let mut lines = BufReader::new(stdout).lines().map_while(|l| l.ok());
    let api_url = lines
        .next()
        .and_then(|l| l.strip_prefix("listening on ").map(str::to_owned))
        .ok_or_else(|| {
            format!(
                "the engine did not say where it listens (is port {} taken?)",
                ports.engine
            )
        })?;
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

    let mut trunk = children.spawn(
        command("trunk")
            .args(["serve", "--port", &ports.console.to_string()])
            .env("SWITCHBOARD_DEV_CONFIG", &config),
        "trunk serve",
    )?;
    println!(
        "\n{READY_LINE} http://127.0.0.1:{}/ (engine at {api_url}; Ctrl-C stops both)\n",
        ports.console
    );
    let served = trunk.wait();
    drop(children);
    let _ = engine.wait();
    match served {
        Ok(status) if status.success() || status.code().is_none() => Ok(()),
        Ok(status) => Err(format!("trunk serve stopped ({status})")),
        Err(e) => Err(format!("trunk serve: {e}")),
    }
}

/// The check behind `cargo xtask test`'s "run stops on signals": for each stop
/// signal, start `cargo xtask run` on free ports, wait until it has started
/// the engine and `trunk serve`, signal `run` alone (as `kill <pid>` does),
/// and require that it ends and every process it started is gone.
pub fn stops_children_on_signals() -> bool {
    STOP_SIGNALS.iter().all(|&signal| match stop_with(signal) {
        Ok(()) => {
            println!("signal {signal}: run stopped the engine and trunk serve");
            true
        }
        Err(e) => {
            println!("signal {signal}: {e}");
            false
        }
    })
}

fn stop_with(signal: i32) -> Result {
    use std::sync::mpsc;
    use std::time::{Duration, Instant};

    let exe = std::env::current_exe().map_err(|e| format!("this program: {e}"))?;
    let mut run = Command::new(exe)
        .arg("run")
        .arg("--port")
        .arg(free_port()?.to_string())
        .arg("--engine-port")
        .arg(free_port()?.to_string())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("starting run: {e}"))?;
    let stdout = run.stdout.take().ok_or("run has no stdout")?;
    let (ready, started) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(|l| l.ok()) {
            if line.starts_with(READY_LINE) {
                let _ = ready.send(());
            }
        }
    });
    let outcome = (|| {
        started
            .recv_timeout(Duration::from_secs(300))
            .map_err(|_| "run did not start the engine and trunk serve")?;
        let groups = child_pids(run.id());
        if groups.len() != 2 {
            return Err(format!("expected two children, found {groups:?}"));
        }
        let pid = libc::pid_t::try_from(run.id()).map_err(|e| e.to_string())?;
        // SAFETY: kill(2) takes plain integers and signals only `run`.
        unsafe { libc::kill(pid, signal) };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let run_ended = run.try_wait().map_err(|e| e.to_string())?.is_some();
            let left: Vec<u32> = groups.iter().flat_map(|&g| live_members(g)).collect();
            if run_ended && left.is_empty() {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "30 s after the signal: run ended {run_ended}, still running {left:?}"
                ));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    })();
    let _ = run.kill();
    let _ = run.wait();
    outcome
}

fn free_port() -> Result<u16> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("finding a free port: {e}"))
}

/// Direct children of `pid`, from procfs.
fn child_pids(pid: u32) -> Vec<u32> {
    std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children"))
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|p| p.parse().ok())
        .collect()
}

/// Processes of process group `group` that are still running (zombies, which
/// only wait for a parent to reap them, do not count).
fn live_members(group: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            // Fields after the parenthesised command: state, ppid, pgrp, ...
            let mut rest = stat
                .rsplit_once(')')
                .map(|(_, r)| r)
                .unwrap_or_default()
                .split_whitespace();
            let state = rest.next();
            let pgrp = rest.nth(1).and_then(|g| g.parse::<u32>().ok());
            pgrp == Some(group) && state != Some("Z")
        })
        .collect()
}
