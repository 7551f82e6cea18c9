//! `cargo xtask bench`: runs every benchmark, checks the performance targets and writes
//! `BENCHMARKS.md`.
//!
//! The measurements live in the `bench` crate (criterion benches and measuring binaries);
//! this module runs them in order, times `cargo xtask codegen` and the generated Plaid crate's
//! builds, and renders the report. See the README's "Benchmarks" section.

pub mod binaries;
pub mod cli;
pub mod crate_build;
pub mod criterion;
pub mod machine;
pub mod memory;
pub mod report;
pub mod server_load;
pub mod targets;

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Instant;

use machine::Machine;
use memory::Generation;
use server_load::{LoadPlan, LoadResults};

/// The generation phases, as criterion ids in `generation_<spec>`, in pipeline order.
pub const PHASES: [&str; 7] = [
    "yaml_parse_floor",
    "load",
    "lower",
    "emit",
    "format",
    "write",
    "end_to_end",
];

/// The specs of the generation groups: criterion group and how the report names it.
pub const GENERATION_GROUPS: [(&str, &str); 2] = [
    ("generation_auth_get", "spec/auth_get.yaml"),
    (
        "generation_plaid",
        "Plaid 2020-09-14 (../shared/specs/plaid/)",
    ),
];

/// What to run.
#[derive(Clone, Debug)]
pub struct Options {
    /// The workspace root.
    pub root: PathBuf,
    /// The cargo target directory.
    pub target: PathBuf,
    /// Fewer samples and rounds, no release build, the Plaid target directory kept.
    pub quick: bool,
    /// The command line, for the report.
    pub command: String,
}

/// A failure that stops the benchmarks.
#[derive(Debug)]
pub struct Error(String);

impl Error {
    /// An error with `message`.
    pub fn new(message: impl Into<String>) -> Self {
        Error(message.into())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A criterion result per iteration, in nanoseconds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    /// Criterion's median estimate.
    pub median_ns: f64,
    /// The fastest sample.
    pub min_ns: f64,
    /// The slowest sample.
    pub max_ns: f64,
    /// Samples taken.
    pub samples: usize,
}

/// The median and range of a few measurements.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spread {
    /// The median (the mean of the middle two for an even count).
    pub median: f64,
    /// The smallest.
    pub min: f64,
    /// The largest.
    pub max: f64,
    /// How many.
    pub count: usize,
}

impl Spread {
    /// The spread of `values`, or `None` when there are none.
    pub fn of(values: &[f64]) -> Option<Self> {
        let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len();
        let median = match n {
            0 => return None,
            _ if n % 2 == 1 => sorted[n / 2],
            _ => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
        };
        Some(Spread {
            median,
            min: sorted[0],
            max: sorted[n - 1],
            count: n,
        })
    }
}

/// One spec's generation phases: how the report names the spec, and each phase's result (in
/// [`PHASES`] order).
pub type PhaseResults = (String, Vec<(String, Summary)>);

/// Everything one run measured.
#[derive(Clone, Debug)]
pub struct Results {
    /// The machine.
    pub machine: Machine,
    /// As given in [`Options`].
    pub command: String,
    /// Whether this was a quick run.
    pub quick: bool,
    /// Load average before and after.
    pub load_average: (Option<f64>, Option<f64>),
    /// Wall time of the whole run, s.
    pub seconds: f64,
    /// Per generation group, each phase's result (in [`PHASES`] order).
    pub phases: Vec<PhaseResults>,
    /// Scaling rows: a fresh process's counts and memory, and criterion's time.
    pub scaling: Vec<(Generation, Option<Summary>)>,
    /// Peak memory of generating `spec/auth_get.yaml`.
    pub auth_get_memory: Generation,
    /// `cargo xtask codegen` of Plaid's spec as a user runs it, ms.
    pub cli: Spread,
    /// How [`Results::cli`] was run.
    pub cli_command: String,
    /// `cargo check` of the generated Plaid crate.
    pub check: crate_build::Timed,
    /// `cargo build --release` of it (not in a quick run).
    pub release: Option<crate_build::Timed>,
    /// Generated server against the hand-written handler.
    pub server: LoadResults,
    /// Generated client and raw reqwest.
    pub client: (Summary, Summary),
}

/// `$CARGO`, or `cargo`.
pub fn cargo() -> OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"))
}

/// Runs everything and writes `BENCHMARKS.md` at the workspace root.
///
/// # Errors
/// The first failure.
pub fn run(options: &Options) -> Result<Results, Error> {
    let started = Instant::now();
    let load_before = machine::load_average();
    let plaid = plaid_spec(&options.root)?;
    let work = options.target.join("bench");
    std::fs::create_dir_all(&work)
        .map_err(|e| Error::new(format!("cannot create {}: {e}", work.display())))?;
    let home = work.join("criterion");
    let timing = if options.quick {
        criterion::Timing {
            warm_up: 0.5,
            measurement: 1.0,
        }
    } else {
        criterion::Timing {
            warm_up: 2.0,
            measurement: 5.0,
        }
    };

    progress("generation and client benches (criterion)");
    for bench in criterion::BENCHES {
        criterion::run(&options.root, &home, bench, timing)?;
    }
    let phases = read_phases(&home)?;
    let client = (
        criterion::read_passes(&home, "client", &["generated_a", "generated_b"])?,
        criterion::read_passes(&home, "client", &["raw_reqwest_a", "raw_reqwest_b"])?,
    );

    progress("peak memory and scaling (fresh processes)");
    binaries::build(&options.root)?;
    let scaling = memory::scaling(&options.target, &work, &plaid)?
        .into_iter()
        .map(|g| {
            let time = criterion::read(&home, "scaling", &g.scaling_id).ok();
            (g, time)
        })
        .collect();
    let auth_get = options.root.join(crate::DEFAULT_SPEC);
    let auth_get_memory = memory::generate(&options.target, &auth_get, "auth_get".to_owned())?;

    progress("generated server against the hand-written handler (loopback load)");
    let plan = if options.quick {
        LoadPlan {
            rounds: 2,
            seconds: 1.0,
            max_requests: 50_000,
            connections: 16,
        }
    } else {
        LoadPlan {
            rounds: 4,
            seconds: 3.0,
            max_requests: 200_000,
            connections: 16,
        }
    };
    let server = server_load::run(&options.target, plan)?;

    progress("cargo xtask codegen of Plaid's spec, as a user runs it");
    let cli_out = work.join("plaid-cli");
    let runs = if options.quick { 3 } else { 5 };
    let cli = cli::time_codegen(&options.root, &plaid, &cli_out, runs)?;
    let cli_command = cli::describe(
        &relative(&options.root, &plaid),
        &relative(&options.root, &cli_out),
    );

    progress("cargo check / cargo build --release of the generated Plaid crate");
    let crate_dir = work.join("plaid-crate");
    let crate_target = work.join("plaid-target");
    if !options.quick && crate_target.exists() {
        std::fs::remove_dir_all(&crate_target)
            .map_err(|e| Error::new(format!("cannot remove {}: {e}", crate_target.display())))?;
    }
    crate_build::generate(&plaid, &crate_dir)?;
    let check = crate_build::time(&crate_dir, &crate_target, &["check"])?;
    let release = if options.quick {
        None
    } else {
        Some(crate_build::time(
            &crate_dir,
            &crate_target,
            &["build", "--release"],
        )?)
    };

    let results = Results {
        machine: Machine::describe(),
        command: options.command.clone(),
        quick: options.quick,
        load_average: (load_before, machine::load_average()),
        seconds: started.elapsed().as_secs_f64(),
        phases,
        scaling,
        auth_get_memory,
        cli,
        cli_command,
        check,
        release,
        server,
        client,
    };
    let path = options.root.join("BENCHMARKS.md");
    let previous = std::fs::read_to_string(&path).unwrap_or_default();
    std::fs::write(&path, report::render(&results, &previous))
        .map_err(|e| Error::new(format!("cannot write {}: {e}", path.display())))?;
    Ok(results)
}

/// Where Plaid's spec is, relative to the workspace root.
pub const PLAID_DIR: &str = "../shared/specs/plaid";

/// Plaid's spec beside the checkout: the first `*.yml`/`*.yaml` file (by name) in
/// [`PLAID_DIR`].
///
/// # Errors
/// When the directory cannot be read or holds no YAML file.
pub fn plaid_spec(root: &Path) -> Result<PathBuf, Error> {
    let dir = root.join(PLAID_DIR);
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| {
            Error::new(format!(
                "cannot read {} (Plaid's spec must be beside the checkout): {e}",
                dir.display()
            ))
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    specs.sort();
    specs
        .into_iter()
        .next()
        .ok_or_else(|| Error::new(format!("no *.yml or *.yaml spec in {}", dir.display())))
}

fn read_phases(home: &Path) -> Result<Vec<PhaseResults>, Error> {
    GENERATION_GROUPS
        .iter()
        .map(|(group, name)| {
            let rows = PHASES
                .iter()
                .map(|phase| Ok(((*phase).to_owned(), criterion::read(home, group, phase)?)))
                .collect::<Result<Vec<_>, Error>>()?;
            Ok(((*name).to_owned(), rows))
        })
        .collect()
}

/// `path` relative to `root` when inside or beside it, as the README writes paths.
fn relative(root: &Path, path: &Path) -> PathBuf {
    if let Ok(inside) = path.strip_prefix(root) {
        return inside.to_path_buf();
    }
    match (
        root.parent(),
        path.strip_prefix(root.parent().unwrap_or(root)),
    ) {
        (Some(_), Ok(beside)) => Path::new("..").join(beside),
        _ => path.to_path_buf(),
    }
}

/// Runs `command` to the end; an error naming `what` when it cannot start or fails.
fn succeed(command: &mut std::process::Command, what: &str) -> Result<(), Error> {
    let status = command
        .status()
        .map_err(|e| Error::new(format!("cannot run {what}: {e}")))?;
    if status.success() {
        Ok(())
    } else {
        Err(Error::new(format!("{what} failed ({status})")))
    }
}

fn progress(step: &str) {
    eprintln!("bench: {step}");
}
