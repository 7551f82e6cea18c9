//! `cargo xtask conformance`: run schemathesis against the sandbox with `spec/auth_get.yaml`.
//!
//! The command
//! 1. installs a pinned schemathesis from PyPI into a venv under the target directory
//!    (once; later runs reuse it while it holds that version),
//! 2. builds the `sandbox` binary and starts it on a free loopback port,
//! 3. runs `schemathesis run` against it with the sandbox's credentials, a bounded number of
//!    examples, a fixed seed and a wall-clock limit, writing JUnit XML and a JSON run report
//!    into `target/conformance/`,
//! 4. prints a one-line summary and stops the sandbox (SIGTERM, then kill), also on errors.
//!
//! Only loopback is contacted once schemathesis is installed: the sandbox listens on
//! 127.0.0.1 and proxy variables are removed from schemathesis' environment.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod sandbox_process;
mod schemathesis;
mod summary;
mod venv;

use sandbox_process::{Sandbox, build_sandbox};
use schemathesis::run_schemathesis;
pub use summary::Summary;
pub use venv::SCHEMATHESIS_VERSION;
use venv::ensure_schemathesis;

/// Default `--max-examples`: test cases per operation and phase.
pub const DEFAULT_MAX_EXAMPLES: u32 = 500;

/// Default `--seed`.
pub const DEFAULT_SEED: u64 = 1;

/// Default `--timeout` in seconds: the most the schemathesis run may take before it is killed.
pub const DEFAULT_TIMEOUT_SECS: u64 = 150;

/// Credentials of the sandbox's default data set.
const CLIENT_ID: &str = "sandbox_client_id";
const SECRET: &str = "sandbox_secret";

/// What `cargo xtask conformance` was asked to do.
#[derive(Clone, Debug)]
pub struct Options {
    /// Test cases per operation and phase (`schemathesis run --max-examples`).
    pub max_examples: u32,
    /// The random seed (`schemathesis run --seed`).
    pub seed: u64,
    /// The most the schemathesis run may take; it is killed after that.
    pub timeout: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_examples: DEFAULT_MAX_EXAMPLES,
            seed: DEFAULT_SEED,
            timeout: Duration::from_secs(DEFAULT_TIMEOUT_SECS),
        }
    }
}

/// Why the command could not produce a verdict (exit 2), as opposed to failing checks (exit 1).
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

/// Adds a description of what was being done to an error.
trait Context<T> {
    fn context(self, what: impl FnOnce() -> String) -> Result<T, Error>;
}

impl<T, E: fmt::Display> Context<T> for Result<T, E> {
    fn context(self, what: impl FnOnce() -> String) -> Result<T, Error> {
        self.map_err(|e| Error(format!("{}: {e}", what())))
    }
}

/// Runs the whole command; prints progress and, at the end, the summary.
///
/// Returns the summary of a finished run, whether it passed or not: see [`Summary::passed`].
///
/// # Errors
/// When schemathesis cannot be installed, the sandbox does not build or start, or schemathesis
/// does not finish within the timeout or writes no report.
pub fn run(root: &Path, options: &Options) -> Result<Summary, Error> {
    let started = Instant::now();
    let target = target_dir(root);
    let out = target.join("conformance");
    fs::create_dir_all(&out).context(|| format!("cannot create {}", out.display()))?;

    let schemathesis = ensure_schemathesis(&target.join("conformance-venv"))?;
    let sandbox_bin = build_sandbox(root, &target)?;
    let mut sandbox = Sandbox::start(&sandbox_bin, &out.join("sandbox.log"))?;
    println!("conformance: sandbox is listening on {}", sandbox.url);

    let result = run_schemathesis(&schemathesis, root, &out, &sandbox.url, options);
    sandbox.stop();
    let summary = result?;
    println!(
        "conformance: {} (seed {}, max examples {}); {:.0}s in all",
        summary,
        options.seed,
        options.max_examples,
        started.elapsed().as_secs_f64()
    );
    println!(
        "conformance: reports in {} (junit.xml, report.json, schemathesis.log)",
        out.display()
    );
    Ok(summary)
}

/// The cargo target directory: `CARGO_TARGET_DIR` (relative to the workspace) or `target/`.
fn target_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => root.join(dir),
        _ => root.join("target"),
    }
}
