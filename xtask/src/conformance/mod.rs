//! `cargo xtask conformance`: run schemathesis against the sandbox with `spec/auth_get.yaml`,
//! or (`--spec FILE`) against the stub server of any spec.
//!
//! The command
//! 1. installs a pinned schemathesis from PyPI into a venv under the target directory
//!    (once; later runs reuse it while it holds that version),
//! 2. builds the `sandbox` binary, or generates and builds the spec's stub server (see
//!    [`crate::stub_server`]), and starts it on a free loopback port,
//! 3. runs `schemathesis run` against it with the server's credentials, a bounded number of
//!    examples, a fixed seed and a wall-clock limit, writing JUnit XML and a JSON run report
//!    into `target/conformance/` (`target/conformance/<crate>/` for a spec),
//! 4. prints a summary (per operation, for a spec) and stops the server (SIGTERM, then kill),
//!    also on errors.
//!
//! Only loopback is contacted once schemathesis is installed: the sandbox listens on
//! 127.0.0.1 and proxy variables are removed from schemathesis' environment.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::{DEFAULT_SPEC, stub_server};

mod findings;
mod known;
mod limits;
mod sandbox_process;
mod schemathesis;
mod stub_target;
mod summary;
mod venv;

use sandbox_process::{Sandbox, build_sandbox};
use schemathesis::{Target, run_schemathesis};
pub use summary::Summary;
pub use venv::SCHEMATHESIS_VERSION;
use venv::ensure_schemathesis;

/// Default `--max-examples` against the sandbox: test cases per operation and phase.
pub const DEFAULT_MAX_EXAMPLES: u32 = 500;

/// Default `--max-examples` against a spec's stub server, whose specs have hundreds of
/// operations.
pub const DEFAULT_SPEC_MAX_EXAMPLES: u32 = 25;

/// Default `--seed`.
pub const DEFAULT_SEED: u64 = 1;

/// Default `--timeout` in seconds against the sandbox: the most the schemathesis run may take
/// before it is killed.
pub const DEFAULT_TIMEOUT_SECS: u64 = 150;

/// Default `--timeout` against a spec's stub server: this many seconds per operation, and
/// [`DEFAULT_TIMEOUT_SECS`] besides.
pub const DEFAULT_TIMEOUT_SECS_PER_OPERATION: u64 = 30;

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
    /// The most the schemathesis run may take; it is killed after that. `None`: the default
    /// of the target.
    pub timeout: Option<Duration>,
    /// The spec whose stub server is tested; `None` tests the sandbox.
    pub spec: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_examples: DEFAULT_MAX_EXAMPLES,
            seed: DEFAULT_SEED,
            timeout: None,
            spec: None,
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
    let schemathesis = ensure_schemathesis(&target.join("conformance-venv"))?;
    let (summary, out) = match &options.spec {
        None => {
            let out = target.join("conformance");
            fs::create_dir_all(&out).context(|| format!("cannot create {}", out.display()))?;
            let sandbox_bin = build_sandbox(root, &target)?;
            let mut sandbox = Sandbox::start(&sandbox_bin, &out.join("sandbox.log"))?;
            println!("conformance: sandbox is listening on {}", sandbox.url);
            let spec = root.join(DEFAULT_SPEC);
            let timeout = options
                .timeout
                .unwrap_or(Duration::from_secs(DEFAULT_TIMEOUT_SECS));
            let target = Target::sandbox(&spec, &sandbox.url);
            let result = run_schemathesis(&schemathesis, &target, &out, options, timeout);
            sandbox.stop();
            (result?, out)
        }
        Some(spec) => {
            let spec =
                std::path::absolute(spec).context(|| format!("cannot find {}", spec.display()))?;
            let server = stub_server::prepare(&spec, &target).map_err(|e| Error(e.0))?;
            let out = target.join("conformance").join(&server.crate_name);
            fs::create_dir_all(&out).context(|| format!("cannot create {}", out.display()))?;
            let mut stub = Sandbox::start(&server.binary, &out.join("stub.log"))?;
            println!(
                "conformance: the stub server of {} is listening on {} ({} operations)",
                spec.display(),
                stub.url,
                server.operations
            );
            let timeout = options.timeout.unwrap_or(Duration::from_secs(
                DEFAULT_TIMEOUT_SECS
                    + DEFAULT_TIMEOUT_SECS_PER_OPERATION * server.operations as u64,
            ));
            let target = Target::stub(&spec, &stub.url, &server.schemes);
            let result = run_schemathesis(&schemathesis, &target, &out, options, timeout);
            stub.stop();
            let spec_name = spec
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            let facts = server
                .api
                .operations
                .iter()
                .map(|o| {
                    let label = format!("{} {}", o.method, o.path);
                    (label, limits::OperationFacts::of(&server.api, o))
                })
                .collect();
            let summary = judge_per_operation(result?, &out, &facts, root, &spec_name)?;
            (summary, out)
        }
    };
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

/// Reads the per-operation findings of a stub server's run, prints and writes them
/// (`operations.md`), and counts in the summary only the failures of the server.
fn judge_per_operation(
    mut summary: Summary,
    out: &Path,
    facts: &std::collections::BTreeMap<String, limits::OperationFacts>,
    root: &Path,
    spec_name: &str,
) -> Result<Summary, Error> {
    let junit = out.join("junit.xml");
    let text = fs::read_to_string(&junit).context(|| format!("cannot read {}", junit.display()))?;
    let mut findings = findings::read_junit(&text, facts).map_err(Error)?;
    let list = root.join(known::KNOWN_FINDINGS);
    let known_text =
        fs::read_to_string(&list).context(|| format!("cannot read {}", list.display()))?;
    let known = known::parse(&known_text).map_err(Error)?;
    let (aside, stale) = known::set_aside(&mut findings, spec_name, &known);
    for (label, finding, cases, reason) in &aside {
        println!(
            "conformance: known {label}: {} {} ({cases} test case(s)): {reason}",
            finding.code, finding.title
        );
    }
    for entry in &stale {
        eprintln!(
            "conformance: warning: {} lists a finding of {spec_name} that did not occur: {}",
            known::KNOWN_FINDINGS,
            entry.reason
        );
    }
    for (label, op) in &findings {
        for ((finding, limit), cases) in &op.limits {
            println!(
                "conformance: limit {label}: {} {} ({cases} test case(s)): {}",
                finding.code,
                finding.title,
                limit.reason()
            );
        }
    }
    summary.known = aside
        .iter()
        .map(|(_, _, cases, _)| u64::from(*cases))
        .sum::<u64>()
        + findings
            .values()
            .flat_map(|f| f.limits.values())
            .map(|&n| u64::from(n))
            .sum::<u64>();
    let report = findings::render(&findings);
    let path = out.join("operations.md");
    fs::write(&path, &report).context(|| format!("cannot write {}", path.display()))?;
    let failing: Vec<&String> = findings
        .iter()
        .filter(|(_, f)| !f.failures.is_empty())
        .map(|(label, _)| label)
        .collect();
    for (label, op) in &findings {
        for (finding, cases) in &op.failures {
            let status = finding
                .status
                .map_or(String::new(), |s| format!(" (status {s})"));
            eprintln!(
                "conformance: FAIL {label}: {} {}{status}, {cases} test case(s)",
                finding.code, finding.title
            );
        }
    }
    summary.failed_cases = findings
        .values()
        .flat_map(|f| f.failures.values())
        .map(|&n| u64::from(n))
        .sum();
    summary.spec_gaps = findings
        .values()
        .flat_map(|f| f.spec_gaps.values())
        .map(|&n| u64::from(n))
        .sum();
    let mut unique: Vec<String> = findings
        .values()
        .flat_map(|f| f.failures.keys())
        .map(|f| format!("{} {}", f.code, f.title))
        .collect();
    unique.sort();
    unique.dedup();
    summary.failures = unique;

    println!(
        "conformance: {} operation(s) with failures; per operation: {}",
        failing.len(),
        path.display()
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
