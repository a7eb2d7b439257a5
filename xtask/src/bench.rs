//! `cargo xtask bench`: the figures the issues name. Timings are printed,
//! never asserted.

use crate::setup::{self, cargo, command, run_ok};
use crate::test::{e2e_env, engine_build, release_build, release_dist, E2E_BASE_PATH};
use crate::{bundle, release, root, wasm_size, Result};

pub fn bench() -> Result {
    setup::setup()?;
    release_build()?;
    println!("\n==> bundle sizes");
    bundle::print(&bundle::assets(&release_dist())?);
    println!("\n==> where the wasm's bytes go");
    wasm_size::print(&release::cargo_wasm())?;

    run_ok(&mut engine_build(), "engine build")?;
    println!("\n==> console timings (headless Chromium, median of several runs)");
    for script in [
        "entry.mjs",
        "console.mjs",
        "customers.mjs",
        "instances.mjs",
        "flow_editor.mjs",
    ] {
        run_ok(
            e2e_env(&mut command("node")).arg(root().join("tests/e2e/bench").join(script)),
            script,
        )?;
    }
    // The form benchmark mounts forms through a hook the console users get
    // does not ship: a build of its own, after the one measured above.
    let bench_dist = root().join("target/console-bench-dist");
    release::build(&bench_dist, E2E_BASE_PATH, &["bench"])?;
    run_ok(
        e2e_env(&mut command("node"))
            .env("CONSOLE_DIST", &bench_dist)
            .arg(root().join("tests/e2e/bench/forms.mjs")),
        "forms.mjs",
    )?;

    println!("\n==> engine latency (engine-release build, loopback)");
    run_ok(
        cargo().args([
            "run",
            "--quiet",
            "--profile",
            "engine-release",
            "-p",
            "engine",
            "--",
            "bench",
            "--customers",
            "100000",
        ]),
        "engine benchmark",
    )
}
