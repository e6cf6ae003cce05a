//! `cargo run -p xtask -- build-frontend`: compiles the Yew app to wasm32, runs wasm-bindgen
//! (as a library pinned to the exact version the app links, so it can never drift), shrinks
//! it with wasm-opt when the npm `binaryen` package is installed, and lays out
//! `frontend/dist/` for the backend to serve.
//! `cargo run -p xtask -- sizes`: prints the raw and brotli sizes of the built bundle.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

const PROFILE: &str = "wasm-release";
const TARGET: &str = "wasm32-unknown-unknown";

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("build-frontend") => build_frontend(),
        Some("sizes") => print_sizes(&dist_dir()),
        _ => bail!("usage: cargo run -p xtask -- build-frontend | sizes"),
    }
}

/// This crate's folder, asked of `cargo run` at run time: the build cache is shared between
/// clones, so a path compiled in may name another checkout.
fn manifest_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

fn root() -> PathBuf {
    manifest_dir().parent().unwrap().to_path_buf()
}

fn dist_dir() -> PathBuf {
    std::env::var_os("DUBAN_STATIC_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("frontend/dist"))
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

fn build_frontend() -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(root())
        .args([
            "build",
            "-p",
            "duban-frontend",
            "--target",
            TARGET,
            "--profile",
            PROFILE,
        ])
        .status()
        .context("running cargo build for the frontend")?;
    if !status.success() {
        bail!("the frontend did not compile");
    }
    let wasm = target_dir().join(TARGET).join(PROFILE).join("duban-frontend.wasm");
    let dist = dist_dir();
    let src = root().join("frontend");
    // wasm-bindgen and wasm-opt take most of a minute: skip them when the compiled app is
    // the one the bundle was made from (the page and the stylesheets are copied anyway).
    let stamp = fingerprint(&fs::read(&wasm).context("reading the compiled app")?);
    let stamp_file = dist.join(".built-from");
    if dist.join("duban_bg.wasm").exists() && fs::read_to_string(&stamp_file).is_ok_and(|s| s == stamp) {
        fs::copy(src.join("index.html"), dist.join("index.html"))?;
        copy_dir(&src.join("assets"), &dist)?;
        println!("xtask: the web app is unchanged since its last bundle; kept it");
        return Ok(());
    }
    let staging = dist.with_extension("new");
    let _ = fs::remove_dir_all(&staging);
    fs::create_dir_all(&staging)?;

    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&wasm)
        .out_name("duban")
        .web(true)?
        .typescript(false)
        .generate(&staging)
        .context("wasm-bindgen")?;

    let bg = staging.join("duban_bg.wasm");
    match wasm_opt() {
        Some(opt) => {
            let status = Command::new(&opt)
                .args(["-Oz", "--enable-bulk-memory", "--enable-nontrapping-float-to-int"])
                .arg(&bg)
                .arg("-o")
                .arg(&bg)
                .status()
                .with_context(|| format!("running {}", opt.display()))?;
            if !status.success() {
                bail!("wasm-opt failed");
            }
        }
        None => {
            eprintln!("xtask: wasm-opt not found (npm binaryen in tools/); bundle left unoptimised")
        }
    }

    fs::copy(src.join("index.html"), staging.join("index.html"))?;
    copy_dir(&src.join("assets"), &staging)?;
    fs::write(staging.join(".built-from"), &stamp)?;

    // Swap in the new bundle whole, so a running server never serves half of one.
    let old = dist.with_extension("old");
    let _ = fs::remove_dir_all(&old);
    if dist.exists() {
        fs::rename(&dist, &old)?;
    }
    fs::rename(&staging, &dist)?;
    let _ = fs::remove_dir_all(&old);
    print_sizes(&dist)
}

/// A stamp of the compiled app (FNV-1a over its bytes, with its length): equal bytes, equal stamp.
fn fingerprint(bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("{}-{hash:016x}", bytes.len())
}

fn wasm_opt() -> Option<PathBuf> {
    let local = root().join("tools/node_modules/.bin/wasm-opt");
    local.exists().then_some(local)
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    if !from.exists() {
        return Ok(());
    }
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let dest = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            fs::create_dir_all(&dest)?;
            copy_dir(&entry.path(), &dest)?;
        } else {
            fs::copy(entry.path(), dest)?;
        }
    }
    Ok(())
}

fn brotli_len(bytes: &[u8]) -> Result<usize> {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        w.write_all(bytes)?;
    }
    Ok(out.len())
}

fn print_sizes(dist: &Path) -> Result<()> {
    println!("{:<18} {:>10} {:>10}", "file", "raw", "brotli");
    for name in ["duban_bg.wasm", "duban.js"] {
        let bytes = fs::read(dist.join(name)).with_context(|| format!("reading {name}; build first"))?;
        println!("{:<18} {:>10} {:>10}", name, bytes.len(), brotli_len(&bytes)?);
    }
    Ok(())
}
