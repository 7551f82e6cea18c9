//! `cargo check` and `cargo build --release` of the crate generated from Plaid's spec, in a
//! target directory of their own (`target/bench/plaid-target`).
//!
//! Each is timed twice: "with dependencies" (a full run mode starts from an empty target
//! directory, as on a fresh clone; a quick run keeps what an earlier run built) and "crate
//! only" (`cargo clean -p` of the generated crate, then the same command: the time a user
//! waits after regenerating).

use std::path::Path;
use std::process::{Command, Stdio};

use codegen::Options;

use super::Error;
use crate::corpus::build::{self, Step};
use crate::write;

/// The generated crate's package name.
pub const CRATE_NAME: &str = "plaid-bench";

/// Times of one cargo command, in seconds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Timed {
    /// With the dependencies (cold in a full run).
    pub with_dependencies: f64,
    /// The generated crate alone, dependencies already built.
    pub crate_only: f64,
}

/// Generates the crate from `spec` into `dir` (a standalone crate with all features).
///
/// # Errors
/// When the spec cannot be read or generated, or a file cannot be written.
pub fn generate(spec: &Path, dir: &Path) -> Result<(), Error> {
    let text = std::fs::read_to_string(spec)
        .map_err(|e| Error::new(format!("cannot read {}: {e}", spec.display())))?;
    let options = Options::new(CRATE_NAME, spec.display().to_string());
    let generated = codegen::generate(&text, &options)
        .map_err(|d| Error::new(d.render(&spec.display().to_string())))?;
    let changes = write::plan(dir, &generated.files).map_err(|e| Error::new(e.to_string()))?;
    write::apply(dir, &generated.files, &changes).map_err(|e| Error::new(e.to_string()))
}

/// Times `cargo <args> --all-features` on the crate in `dir`.
///
/// # Errors
/// When cargo fails.
pub fn time(dir: &Path, target_dir: &Path, args: &[&str]) -> Result<Timed, Error> {
    let manifest = dir.join("Cargo.toml");
    let mut full: Vec<&str> = args.to_vec();
    full.push("--all-features");
    let step = Step {
        args: &full,
        manifest: &manifest,
        tool_args: &[],
        target_dir,
    };
    let with_dependencies = timed(&step)?;
    clean_crate(&manifest, target_dir, args.contains(&"--release"))?;
    let crate_only = timed(&step)?;
    Ok(Timed {
        with_dependencies,
        crate_only,
    })
}

fn timed(step: &Step<'_>) -> Result<f64, Error> {
    let run = build::run(step).map_err(|e| Error::new(e.to_string()))?;
    if run.success {
        Ok(run.seconds)
    } else {
        Err(Error::new(format!(
            "{} failed:\n{}",
            step.describe(),
            run.stderr.trim()
        )))
    }
}

fn clean_crate(manifest: &Path, target_dir: &Path, release: bool) -> Result<(), Error> {
    let mut command = Command::new(super::cargo());
    command
        .args(["clean", "--package", CRATE_NAME, "--manifest-path"])
        .arg(manifest)
        .env("CARGO_TARGET_DIR", target_dir)
        .stderr(Stdio::null());
    if release {
        command.arg("--release");
    }
    super::succeed(&mut command, &format!("cargo clean -p {CRATE_NAME}"))
}
