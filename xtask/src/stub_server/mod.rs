//! A runnable stub server for any spec: the generated crate (with its `stub` feature) and a
//! small binary crate that serves it, both under `target/stub/`, built into
//! `target/stub-target/`. `cargo xtask serve` runs it; `cargo xtask conformance --spec` tests it.
//!
//! The binary prints `listening on URL` as its first line of stdout, then the operations it
//! serves; it logs one line per request on stderr (method, path, status, latency, request id)
//! and stops on Ctrl-C or SIGTERM.

mod runner;

use std::ffi::OsString;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::model::{Api, SecurityKind};
use codegen::{DependencyStyle, Options};

use crate::corpus::discover::crate_name_for;
use crate::write;

/// Why a stub server could not be prepared.
#[derive(Debug)]
pub struct Error(pub String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

/// A built stub server of one spec.
#[derive(Clone, Debug)]
pub struct StubServer {
    /// The generated crate's name (from the spec's file name).
    pub crate_name: String,
    /// The binary.
    pub binary: PathBuf,
    /// The path the API is served under (the spec's first server URL's path), e.g. `/v1`.
    pub base_path: String,
    /// The security schemes of the spec, by key, with how their credential is sent.
    pub schemes: Vec<(String, SecurityKind)>,
    /// How many operations it serves.
    pub operations: usize,
    /// The spec as the generator read it.
    pub api: Api,
}

/// Generates the crate of `spec` and its server binary under `target/stub/`, writing only
/// files that changed, and builds the binary.
///
/// # Errors
/// When the spec cannot be read or has errors, a file cannot be written, or cargo fails.
pub fn prepare(spec: &Path, target: &Path) -> Result<StubServer, Error> {
    let text = fs::read_to_string(spec)
        .map_err(|e| Error(format!("cannot read {}: {e}", spec.display())))?;
    let spec_name = spec.display().to_string();
    let file_name = spec
        .file_name()
        .map_or_else(|| "api".to_owned(), |n| n.to_string_lossy().into_owned());
    let crate_name = crate_name_for(&file_name);
    let options = Options {
        dependencies: DependencyStyle::Standalone,
        ..Options::new(&crate_name, &spec_name)
    };
    let generated = codegen::generate(&text, &options).map_err(|d| {
        Error(format!(
            "{}error: {spec_name} has {} error(s); no stub server was built",
            d.render(&spec_name),
            d.error_count()
        ))
    })?;
    let warnings = generated.warnings.render(&spec_name);
    if !warnings.is_empty() {
        eprintln!("{warnings}");
    }
    let root = target.join("stub");
    let crate_dir = root.join(&crate_name);
    let server_dir = root.join(format!("{crate_name}-server"));
    write_files(&crate_dir, &generated.files)?;
    write_files(&server_dir, &runner::files(&crate_name))?;
    let lock = server_dir.join("Cargo.lock");
    if !lock.exists() {
        // The workspace's lock file pins the versions the generated code is tested with;
        // cargo keeps what the server needs of it.
        let workspace_lock = crate::workspace_root().join("Cargo.lock");
        fs::copy(&workspace_lock, &lock)
            .map_err(|e| Error(format!("cannot copy {}: {e}", workspace_lock.display())))?;
    }
    let binary = build(&server_dir, &target.join("stub-target"), &crate_name)?;
    let api = &generated.api;
    Ok(StubServer {
        crate_name,
        binary,
        base_path: api.base_path.clone(),
        schemes: api
            .security_schemes
            .iter()
            .map(|s| (s.key.clone(), s.kind.clone()))
            .collect(),
        operations: api
            .operations
            .iter()
            .filter(|o| o.unsupported.is_none())
            .count(),
        api: generated.api,
    })
}

/// Writes `files` into `dir` where they differ, so that cargo rebuilds only what changed.
fn write_files(dir: &Path, files: &[codegen::GeneratedFile]) -> Result<(), Error> {
    let fail = |e: std::io::Error| Error(format!("cannot write {}: {e}", dir.display()));
    let changes = write::plan(dir, files).map_err(fail)?;
    write::apply(dir, files, &changes).map_err(fail)
}

/// `cargo build` of the server crate in `dir`; returns the binary.
fn build(dir: &Path, target_dir: &Path, crate_name: &str) -> Result<PathBuf, Error> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let manifest = dir.join("Cargo.toml");
    println!("stub: cargo build --manifest-path {}", manifest.display());
    let status = Command::new(cargo)
        .arg("build")
        .arg("--manifest-path")
        .arg(&manifest)
        .arg("--target-dir")
        .arg(target_dir)
        .status()
        .map_err(|e| Error(format!("cannot run cargo: {e}")))?;
    if !status.success() {
        return Err(Error(format!(
            "cargo build of the stub server in {} failed ({status})",
            dir.display()
        )));
    }
    let binary = target_dir.join("debug").join(format!(
        "{}{}",
        runner::binary_name(crate_name),
        std::env::consts::EXE_SUFFIX
    ));
    if binary.is_file() {
        Ok(binary)
    } else {
        Err(Error(format!(
            "cargo built the stub server, but {} is not there",
            binary.display()
        )))
    }
}
