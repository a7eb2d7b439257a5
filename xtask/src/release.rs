//! The release build users get: Trunk builds the page and the wasm, then
//! the wasm is split by area (src/app/screens.rs) so a first visit fetches
//! the shell and the area it opens. Trunk 0.21 cannot split (trunk-rs/trunk
//! issue 1022), so this does what cargo-leptos does after cargo: split, then
//! wasm-bindgen and wasm-opt on every piece.

use crate::setup::{command, run_ok};
use crate::{root, Result};
use base64::prelude::*;
use sha2::{Digest, Sha384};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Where the release build's unsplit wasm, as cargo links it, lives.
pub fn cargo_wasm() -> PathBuf {
    root().join("target/wasm32-unknown-unknown/release/switchboard.wasm")
}

/// `cargo xtask build [--public-url PATH]`: the release build into `dist/`,
/// for a host that serves it under PATH (default `/`).
pub fn build_for_host(args: &[String]) -> Result {
    let public_url = match args {
        [] => "/",
        [flag, url] if flag == "--public-url" => url,
        _ => {
            return Err(format!(
                "cargo xtask build takes --public-url PATH (got {})",
                args.join(" ")
            ))
        }
    };
    crate::setup::setup()?;
    let dist = root().join("dist");
    build(&dist, public_url, &[])?;
    println!(
        "release build in {} (served under {public_url})",
        dist.display()
    );
    Ok(())
}

/// Builds the console into `dist`, served under `public_url`, with the
/// crate features named.
pub fn build(dist: &Path, public_url: &str, features: &[&str]) -> Result {
    let mut trunk = command("trunk");
    trunk
        .args(["build", "--release", "--public-url", public_url, "--dist"])
        .arg(dist)
        // Added to .cargo/config.toml's flags, not instead of them. The
        // relocations tell the splitter which function calls which; clippy
        // sees only the unsplit code, so warnings in the split code fail here.
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
            "--cfg switchboard_split -Clink-args=--emit-relocs -Dwarnings",
        );
    if !features.is_empty() {
        trunk.args(["--features", &features.join(",")]);
    }
    run_ok(&mut trunk, "release build")?;
    split(dist)
}

fn split(dist: &Path) -> Result {
    let input =
        std::fs::read(cargo_wasm()).map_err(|e| format!("{}: {e}", cargo_wasm().display()))?;
    let work = root().join("target/wasm-split");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let main = work.join("switchboard.wasm");
    let split = wasm_split_cli_support::transform({
        let mut opts = wasm_split_cli_support::Options::new(&input);
        opts.output_dir = dist;
        opts.main_out_path = &main;
        // Both relative to the glue (switchboard.js), which sits beside them.
        opts.main_module = "./switchboard.js";
        opts.link_name = "./__wasm_split.js";
        opts
    })
    .map_err(|e| format!("splitting the wasm: {e:#}"))?;

    run_ok(
        command("wasm-bindgen")
            .args([
                "--target",
                "web",
                "--keep-lld-exports",
                "--no-demangle",
                "--out-name",
                "switchboard",
                "--out-dir",
            ])
            .arg(dist)
            .arg(&main),
        "wasm-bindgen on the split wasm",
    )?;
    let mut wasms = vec![dist.join("switchboard_bg.wasm")];
    wasms.extend(split.split_modules.iter().cloned());
    optimise(&wasms)?;
    name_by_content(dist, &split.split_modules)?;
    // Trunk wrote the page's integrity hashes for the files it built; the
    // glue and the main wasm are new.
    for file in ["switchboard.js", "switchboard_bg.wasm"] {
        set_integrity(
            &dist.join("index.html"),
            file,
            &std::fs::read(dist.join(file)).map_err(|e| format!("{file}: {e}"))?,
        )?;
    }
    Ok(())
}

/// wasm-opt on every piece, as many at a time as there are cores: npm's
/// wasm-opt is single-threaded.
fn optimise(wasms: &[PathBuf]) -> Result {
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| -> Result {
                    while let Some(wasm) = wasms.get(next.fetch_add(1, Ordering::Relaxed)) {
                        // Its output is a warning per piece about a name
                        // subsection it does not know: shown only on failure.
                        // The producers and target-features sections are
                        // for tools, not browsers: ~150 bytes per piece.
                        let out = command("wasm-opt")
                            .args(["-Oz", "--strip-producers", "--strip-target-features"])
                            .arg(wasm)
                            .arg("-o")
                            .arg(wasm)
                            .output()
                            .map_err(|e| format!("wasm-opt: could not start: {e}"))?;
                        if !out.status.success() {
                            return Err(format!(
                                "wasm-opt on {} failed ({}): {}",
                                wasm.display(),
                                out.status,
                                String::from_utf8_lossy(&out.stderr)
                            ));
                        }
                    }
                    Ok(())
                })
            })
            .collect();
        handles.into_iter().try_for_each(|h| {
            h.join()
                .unwrap_or_else(|_| Err("a wasm-opt worker panicked".to_owned()))
        })
    })
}

/// Renames each piece after its content and points the loader at the new
/// names. A tab still running the previous deploy then asks for the pieces
/// it was built with (found while the host keeps them, a clear error with a
/// retry otherwise), never for new pieces that would not fit its main wasm.
fn name_by_content(dist: &Path, pieces: &[PathBuf]) -> Result {
    let loader = dist.join("__wasm_split.js");
    let mut js =
        std::fs::read_to_string(&loader).map_err(|e| format!("{}: {e}", loader.display()))?;
    for piece in pieces {
        let read = |e: std::io::Error| format!("{}: {e}", piece.display());
        let content = std::fs::read(piece).map_err(read)?;
        let (Some(stem), Some(name)) = (
            piece.file_stem().and_then(|s| s.to_str()),
            piece.file_name().and_then(|s| s.to_str()),
        ) else {
            return Err(format!("{}: not a file name", piece.display()));
        };
        let hash: String = Sha384::digest(&content)[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let hashed = format!("{stem}-{hash}.wasm");
        let reference = format!("\"./{name}\"");
        if !js.contains(&reference) {
            return Err(format!("{}: does not load {name}", loader.display()));
        }
        js = js.replace(&reference, &format!("\"./{hashed}\""));
        std::fs::rename(piece, dist.join(&hashed)).map_err(read)?;
    }
    std::fs::write(&loader, js).map_err(|e| format!("{}: {e}", loader.display()))
}

/// Rewrites the `integrity` of the tag in `page` that loads `file`.
fn set_integrity(page: &Path, file: &str, content: &[u8]) -> Result {
    let html = std::fs::read_to_string(page).map_err(|e| format!("{}: {e}", page.display()))?;
    let hash = format!("sha384-{}", BASE64_STANDARD.encode(Sha384::digest(content)));
    let mut out = String::with_capacity(html.len());
    let mut found = false;
    for tag in html.split_inclusive('>') {
        let names_file = tag.contains(&format!("/{file}\""));
        match tag.find("integrity=\"sha384-") {
            Some(at) if names_file => {
                let value = at + "integrity=\"".len();
                let end = tag[value..].find('"').map_or(tag.len(), |e| value + e);
                out.push_str(&tag[..value]);
                out.push_str(&hash);
                out.push_str(&tag[end..]);
                found = true;
            }
            _ => out.push_str(tag),
        }
    }
    if !found {
        return Err(format!("{}: no integrity for {file}", page.display()));
    }
    std::fs::write(page, out).map_err(|e| format!("{}: {e}", page.display()))
}
