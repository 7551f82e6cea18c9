//! The measuring binaries of the `bench` crate (`bench/src/bin/`), built once in the bench
//! profile (release settings, and the artifacts `cargo bench` already built) and run as child
//! processes, so that each measures a process of its own.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use super::Error;

/// Builds the `bench` crate's binaries in the bench profile.
///
/// # Errors
/// When cargo cannot be started or the build fails.
pub fn build(root: &Path) -> Result<(), Error> {
    super::succeed(
        Command::new(super::cargo()).current_dir(root).args([
            "build",
            "--release",
            "--package",
            "bench",
            "--bins",
        ]),
        "cargo build --release --package bench --bins",
    )
}

/// The path of binary `name` built in the bench profile under `target` (cargo puts the bench
/// profile's output in `release/`).
pub fn path(target: &Path, name: &str) -> PathBuf {
    target.join("release").join(name)
}

/// Runs binary `name` with `args` and returns its stdout parsed as JSON (`Null` when the
/// binary prints nothing).
///
/// # Errors
/// When it cannot be started, fails, or prints something that is not JSON.
pub fn run_json(target: &Path, name: &str, args: &[&str]) -> Result<Value, Error> {
    let output = Command::new(path(target, name))
        .args(args)
        .output()
        .map_err(|e| Error::new(format!("cannot run {name}: {e}")))?;
    if !output.status.success() {
        return Err(Error::new(format!(
            "{name} failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    if stdout.trim().is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_str(stdout.trim())
        .map_err(|e| Error::new(format!("{name} printed no JSON: {e}")))
}
