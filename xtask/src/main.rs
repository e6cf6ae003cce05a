//! `cargo run -p xtask -- build-frontend`: compiles the Yew app to wasm32, runs wasm-bindgen
//! (as a library pinned to the exact version the app links, so it can never drift), shrinks
//! it with wasm-opt when the npm `binaryen` package is installed, and lays out
//! `frontend/dist/` for the backend to serve: every file the page loads under a name with
//! its content's hash (`duban_bg.<hash>.wasm`), so browsers may keep it for good, each
//! with a brotli (`.br`) and a gzip (`.gz`) copy made once here, not per request.
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
    let plain = target_dir().join("duban-web");
    fs::create_dir_all(&plain)?;
    // A fresh clone gives every file a new mtime, and cargo then compiles the app again
    // (over a minute here) though nothing in it changed. So the app's inputs are also taken
    // by content: when they are the ones the compiled files were last made from, and those
    // files are still the ones that build left, cargo is not asked.
    let record = plain.join(".compiled-from");
    let sources = sources_digest()?;
    let unchanged = compiled_digest()
        .is_some_and(|compiled| fs::read_to_string(&record).is_ok_and(|r| r == format!("{sources} {compiled}")));
    if unchanged {
        println!("xtask: the app's sources are those of its last build; not compiled again");
    } else {
        let _ = fs::remove_file(&record);
        compile_frontend()?;
        let compiled = compiled_digest().context("the compiled app is missing")?;
        fs::write(&record, format!("{sources} {compiled}"))?;
    }
    let dist = dist_dir();
    let src = root().join("frontend");
    // wasm-bindgen and wasm-opt take most of a minute per bundle: skip them when the
    // compiled app is the one the bindings were made from (kept beside the build cache).
    // The bundles are made side by side, one thread each.
    let out: &Path = &plain;
    std::thread::scope(|scope| {
        let jobs: Vec<_> = BUNDLES
            .iter()
            .map(|bundle| scope.spawn(move || bundle.bind_if_changed(out)))
            .collect();
        jobs.into_iter()
            .try_for_each(|job| job.join().unwrap_or_else(|_| bail!("a bundle's build panicked")))
    })?;
    lay_out(&plain, &src, &dist)?;
    print_sizes(&dist)
}

fn compile_frontend() -> Result<()> {
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
    Ok(())
}

/// One digest of what the app is compiled from: the frontend's and the shared crate's
/// sources, the workspace's manifests and lock file, the toolchain, and the environment
/// cargo takes flags from.
fn sources_digest() -> Result<String> {
    use sha2::{Digest, Sha256};
    let root = root();
    let mut files = Vec::new();
    for dir in ["frontend/src", "shared/src"] {
        files_under(&root.join(dir), &mut files)?;
    }
    for file in [
        "frontend/Cargo.toml",
        "shared/Cargo.toml",
        "Cargo.toml",
        "Cargo.lock",
        "rust-toolchain.toml",
        ".cargo/config.toml",
    ] {
        let path = root.join(file);
        if path.exists() {
            files.push(path);
        }
    }
    files.sort();
    let mut hasher = Sha256::new();
    for file in &files {
        let bytes = fs::read(file).with_context(|| format!("reading {}", file.display()))?;
        hasher.update(file.strip_prefix(&root)?.to_string_lossy().as_bytes());
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(&bytes);
    }
    // The rustc the toolchain file picks, as rustup runs it in the workspace.
    let rustc = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
        .arg("-vV")
        .current_dir(&root)
        .output()
        .context("asking rustc its version")?;
    hasher.update(&rustc.stdout);
    let mut vars: Vec<(String, String)> = std::env::vars()
        .filter(|(k, _)| {
            k.contains("RUSTFLAGS")
                || k.starts_with("CARGO_PROFILE_")
                || (k.starts_with("CARGO_TARGET_") && k != "CARGO_TARGET_DIR")
        })
        .collect();
    vars.sort();
    for (k, v) in vars {
        hasher.update(format!("{k}={v}\0").as_bytes());
    }
    Ok(hex(&hasher.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            files_under(&entry.path(), out)?;
        } else {
            out.push(entry.path());
        }
    }
    Ok(())
}

/// The compiled app's binaries as they stand (none: one is missing).
fn compiled_digest() -> Option<String> {
    let dir = target_dir().join(TARGET).join(PROFILE);
    let mut parts = Vec::new();
    for bundle in &BUNDLES {
        parts.push(fingerprint(
            &fs::read(dir.join(format!("{}.wasm", bundle.binary))).ok()?,
        ));
    }
    Some(parts.join(","))
}

/// A wasm binary of the frontend crate and the name its bundle goes by.
struct Bundle {
    /// The cargo binary (`duban-frontend.wasm`).
    binary: &'static str,
    /// wasm-bindgen's out name: `<name>.js` and `<name>_bg.wasm`.
    name: &'static str,
}

/// The login's bundle, the units', the leaders', the common one, then the office's: `dist`
/// and the sizes list them that way.
const BUNDLES: [Bundle; 5] = [
    Bundle {
        binary: "duban-login",
        name: "duban_login",
    },
    Bundle {
        binary: "duban-frontend",
        name: "duban",
    },
    Bundle {
        binary: "duban-overview",
        name: "duban_overview",
    },
    Bundle {
        binary: "duban-common",
        name: "duban_common",
    },
    Bundle {
        binary: "duban-office",
        name: "duban_office",
    },
];

impl Bundle {
    fn files(&self) -> [String; 2] {
        [format!("{}_bg.wasm", self.name), format!("{}.js", self.name)]
    }

    fn bind_if_changed(&self, plain: &Path) -> Result<()> {
        let wasm = target_dir()
            .join(TARGET)
            .join(PROFILE)
            .join(format!("{}.wasm", self.binary));
        let stamp = fingerprint(&fs::read(&wasm).context("reading the compiled app")?);
        let out = plain.join(self.name);
        let stamp_file = out.join(".built-from");
        if self.files().iter().all(|f| out.join(f).exists())
            && fs::read_to_string(&stamp_file).is_ok_and(|s| s == stamp)
        {
            println!("xtask: {} is unchanged since its last bundle; kept it", self.binary);
            return Ok(());
        }
        bind(&wasm, self.name, &out)?;
        fs::write(&stamp_file, &stamp)?;
        Ok(())
    }
}

/// wasm-bindgen's `<name>.js` and `<name>_bg.wasm` (shrunk by wasm-opt) into `out`.
fn bind(wasm: &Path, name: &str, out: &Path) -> Result<()> {
    let staging = out.with_extension("new");
    let _ = fs::remove_dir_all(&staging);
    fs::create_dir_all(&staging)?;

    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(wasm)
        .out_name(name)
        .web(true)?
        .typescript(false)
        .generate(&staging)
        .context("wasm-bindgen")?;

    let bg = staging.join(format!("{name}_bg.wasm"));
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

    let _ = fs::remove_dir_all(out);
    fs::rename(&staging, out)?;
    Ok(())
}

/// `dist`: index.html and the assets from `src`, the app from `plain`; every file the page
/// loads renamed to carry its hash, the names rewritten where they are referred to, and a
/// `.br` and `.gz` beside each. The old bundle is swapped out whole, so a running server
/// never serves half of one.
fn lay_out(plain: &Path, src: &Path, dist: &Path) -> Result<()> {
    let staging = dist.with_extension("new");
    let _ = fs::remove_dir_all(&staging);
    fs::create_dir_all(&staging)?;
    for bundle in &BUNDLES {
        for name in bundle.files() {
            fs::copy(plain.join(bundle.name).join(&name), staging.join(&name))?;
        }
    }
    copy_dir(&src.join("assets"), &staging)?;
    // Leaves first: a file's hash is taken after the names inside it are rewritten (each
    // bundle's script names its wasm, boot.js every bundle's script). The icon keeps its
    // name (browsers ask for it by name).
    let order: Vec<String> = BUNDLES
        .iter()
        .flat_map(Bundle::files)
        .chain(["boot.js", "style.css", "unit.css", "office.css"].map(String::from))
        .collect();
    let mut renamed: Vec<(String, String)> = Vec::new();
    // The compressed copies are kept in the build cache, by hashed name: a fresh clone (CI)
    // has no earlier `dist`, and brotli at its best takes most of a minute for the bundles.
    let compressed = plain.join("compressed");
    fs::create_dir_all(&compressed)?;
    let mut used: Vec<String> = Vec::new();
    let mut to_compress: Vec<(String, Vec<u8>)> = Vec::new();
    for name in &order {
        let path = staging.join(name);
        let mut bytes = fs::read(&path).with_context(|| format!("reading {name}"))?;
        if name.ends_with(".js") {
            let mut text = String::from_utf8(bytes).with_context(|| format!("{name} is not UTF-8"))?;
            for (from, to) in &renamed {
                text = text.replace(&format!("'/{from}'"), &format!("'/{to}'"));
            }
            bytes = text.into_bytes();
        }
        let hashed = hashed_name(name, &bytes);
        fs::remove_file(&path)?;
        fs::write(staging.join(&hashed), &bytes)?;
        used.extend([format!("{hashed}.br"), format!("{hashed}.gz")]);
        to_compress.push((hashed.clone(), bytes));
        renamed.push((name.clone(), hashed));
    }
    // Brotli at its best takes 40 s for the bundles on one core: a fresh build compresses
    // the files side by side, the biggest first, one per core.
    to_compress.sort_by_key(|(_, bytes)| std::cmp::Reverse(bytes.len()));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..cores)
            .map(|_| {
                scope.spawn(|| loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some((name, bytes)) = to_compress.get(i) else {
                        return Ok(());
                    };
                    precompress(&staging, name, bytes, &compressed)?;
                })
            })
            .collect();
        workers
            .into_iter()
            .try_for_each(|w| w.join().unwrap_or_else(|_| bail!("compressing a file panicked")))
    })?;
    let mut index = fs::read_to_string(src.join("index.html")).context("reading index.html")?;
    for (from, to) in &renamed {
        index = index.replace(&format!("\"/{from}\""), &format!("\"/{to}\""));
    }
    for (from, _) in &renamed {
        if index.contains(&format!("/{from}\"")) {
            bail!("index.html still names /{from}");
        }
    }
    fs::write(staging.join("index.html"), index)?;
    // Only this bundle's copies stay in the cache.
    for entry in fs::read_dir(&compressed)? {
        let entry = entry?;
        if !used.iter().any(|u| *u == entry.file_name().to_string_lossy()) {
            let _ = fs::remove_file(entry.path());
        }
    }

    let old = dist.with_extension("old");
    let _ = fs::remove_dir_all(&old);
    if dist.exists() {
        fs::rename(dist, &old)?;
    }
    fs::rename(&staging, dist)?;
    let _ = fs::remove_dir_all(&old);
    Ok(())
}

/// `stem.<16 hex of its SHA-256>.ext`.
fn hashed_name(name: &str, bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(bytes);
    let hex = hex(&digest[..8]);
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{hex}.{ext}"),
        None => format!("{name}.{hex}"),
    }
}

/// `name.br` and `name.gz` in `dir`, from `cache` when it has them (a copy named by the
/// content's hash is the same bytes), else made now and kept there.
fn precompress(dir: &Path, name: &str, bytes: &[u8], cache: &Path) -> Result<()> {
    for (ext, make) in [
        ("br", brotli as fn(&[u8]) -> Result<Vec<u8>>),
        ("gz", gzip as fn(&[u8]) -> Result<Vec<u8>>),
    ] {
        let file = format!("{name}.{ext}");
        let kept = cache.join(&file);
        if !kept.exists() {
            // Written aside and renamed, so an interrupted build leaves no half copy.
            let partial = cache.join(format!("{file}.partial"));
            fs::write(&partial, make(bytes)?)?;
            fs::rename(&partial, &kept)?;
        }
        fs::copy(&kept, dir.join(&file))?;
    }
    Ok(())
}

fn brotli(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        w.write_all(bytes)?;
    }
    Ok(out)
}

fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut w = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    w.write_all(bytes)?;
    Ok(w.finish()?)
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

/// The raw and brotli sizes of the app's files (the hashed names, as laid out).
fn print_sizes(dist: &Path) -> Result<()> {
    println!("{:<34} {:>10} {:>10}", "file", "raw", "brotli");
    let mut names: Vec<String> = fs::read_dir(dist)
        .with_context(|| format!("reading {}; build first", dist.display()))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".wasm") || n.ends_with(".js"))
        .collect();
    names.sort();
    for name in names {
        let raw = fs::metadata(dist.join(&name))?.len();
        let br = fs::metadata(dist.join(format!("{name}.br")))
            .map(|m| m.len())
            .unwrap_or(0);
        println!("{name:<34} {raw:>10} {br:>10}");
    }
    Ok(())
}
