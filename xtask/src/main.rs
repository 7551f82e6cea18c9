//! `cargo xtask`: the project's commands.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};
use codegen::{DateTimeCrate, DependencyStyle, EnumStyle, Options, Outputs, Settings};
use xtask::bench;
use xtask::codegen_command::{self, Request};
use xtask::conformance;
use xtask::corpus;
use xtask::diff_command::{self, FailOn, OutputFormat};
use xtask::stub_server;
use xtask::workspace_root;

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Project commands")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate a crate from an OpenAPI spec.
    ///
    /// Without --spec and --out: every checked-in generated crate (spec/auth_get.yaml into
    /// generated/, tests/fixtures/types/behaviour.yaml into tests/generated-behaviour/,
    /// tests/fixtures/types/webhooks.yaml into tests/generated-webhooks/).
    Codegen {
        /// Change nothing; exit 1 and name the files that are out of date.
        #[arg(long)]
        check: bool,
        /// The spec to read (YAML or JSON).
        #[arg(long, value_name = "FILE")]
        spec: Option<PathBuf>,
        /// Write a standalone crate (with its own Cargo.toml) into DIR instead of generated/.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// The package name of a standalone crate (default: DIR's name).
        #[arg(long, value_name = "NAME", requires = "out")]
        crate_name: Option<String>,
        #[command(flatten)]
        settings: SettingsArgs,
    },
    /// Run schemathesis against the sandbox (with spec/auth_get.yaml), or against the stub
    /// server of any spec (--spec).
    ///
    /// Installs schemathesis from PyPI into target/conformance-venv the first time. Against
    /// the sandbox: the checks that suit Plaid's conventions; reports in target/conformance/.
    /// With --spec: generates and builds the spec's stub server (as `cargo xtask serve`), runs
    /// every check schemathesis has except the stateful ones (use_after_free,
    /// ensure_resource_availability, object_level_authorization) with the stub's credentials,
    /// and reports per operation; reports in target/conformance/<crate>/. Exit 1 on failed
    /// checks, 2 when no verdict could be reached.
    Conformance {
        /// The spec whose stub server is tested (YAML or JSON; OpenAPI 3.x or Swagger 2.0).
        #[arg(long, value_name = "FILE")]
        spec: Option<PathBuf>,
        /// Test cases per operation and phase (default: 500 for the sandbox, 25 for a spec).
        #[arg(long, value_name = "N")]
        max_examples: Option<u32>,
        /// The random seed, for reproducible runs.
        #[arg(long, value_name = "S", default_value_t = conformance::DEFAULT_SEED)]
        seed: u64,
        /// Kill schemathesis after this many seconds (default: 150 for the sandbox; for a
        /// spec, 150 and 30 per operation).
        #[arg(long, value_name = "SECS")]
        timeout: Option<u64>,
    },
    /// Serve the stub server of any spec: every operation answers its documented success
    /// response with a value that conforms to the spec.
    ///
    /// Generates the spec's crate and a server binary into target/stub/ (files rewritten only
    /// when they change), builds them into target/stub-target/, and runs the server in the
    /// foreground. It prints its base URL, the operations it serves and the credentials it
    /// accepts, then logs one line per request (method, path, status, latency, request id).
    /// Ctrl-C stops it.
    Serve {
        /// The spec to serve (YAML or JSON; OpenAPI 3.x or Swagger 2.0).
        #[arg(long, value_name = "FILE")]
        spec: PathBuf,
        /// The address to listen on.
        #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:8080")]
        addr: String,
    },
    /// Generate, build and check a crate for every OpenAPI spec in DIR.
    ///
    /// For each spec (*.yaml, *.yml, *.json, recursively): generates a standalone crate into
    /// target/corpus/<name>/, counts the operations of the spec, the client and the server,
    /// builds the crate with all features, lints it with clippy, and deserializes every example
    /// the spec carries into its generated type. Specs of a version the generator does not read
    /// yet are listed as such. Prints a table (also in target/corpus/report.md). Exit 1 when a
    /// spec fails to generate, the client or server lacks one of its operations, the crate does
    /// not build warning-free, or an example fails that is not on the known-bad list; 2 on
    /// usage or I/O errors.
    Corpus {
        /// The corpus directory (default: ../shared/specs beside the workspace).
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
        /// The list of examples the specs themselves get wrong.
        #[arg(long, value_name = "FILE")]
        known_bad: Option<PathBuf>,
        /// Only generate each crate and count its operations: no build, lint or examples.
        #[arg(long)]
        generate_only: bool,
        /// Only this spec (its path under DIR, or its file name); may be repeated.
        #[arg(long, value_name = "SPEC")]
        only: Vec<String>,
    },
    /// Compare two versions of a spec: every change with a rule id, a level (breaking,
    /// warning, info), a JSON pointer, an explanation and its effect on the Rust API.
    ///
    /// OLD and NEW are spec files; or OLD is a git revision, and every spec in spec/ at that
    /// revision is compared with the working tree (only NEW, when given). Exit 1 when a change
    /// at or above --fail-on is found, 2 on usage, I/O, git or spec errors.
    Diff {
        /// The old spec file, or a git revision (e.g. origin/main).
        #[arg(value_name = "OLD")]
        old: String,
        /// The new spec file.
        #[arg(value_name = "NEW")]
        new: Option<PathBuf>,
        /// How to write the report.
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        /// The least severe change that makes the command exit with status 1.
        #[arg(long, value_enum, default_value_t = FailOn::Breaking)]
        fail_on: FailOn,
    },
    /// Run the benchmarks, check the performance targets and write BENCHMARKS.md.
    ///
    /// Generation of spec/auth_get.yaml and of Plaid's spec (../shared/specs/plaid/) per
    /// phase against a YAML-parse floor, peak memory, scaling with the number of operations,
    /// `cargo xtask codegen` as a user runs it, `cargo check` and `cargo build --release` of
    /// the generated Plaid crate, the generated server against a hand-written handler and the
    /// generated client against raw reqwest. Takes about 10 minutes on 2 cores (quick: about 6).
    /// Exit 1 when a target is missed, 2 when a benchmark cannot run.
    Bench {
        /// Fewer samples and rounds, no release build, and the Plaid crate's target directory
        /// kept from the last run: for iterating, not for the record.
        #[arg(long)]
        quick: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Codegen {
            check,
            spec,
            out,
            crate_name,
            settings,
        } => codegen(check, spec, out, crate_name, settings),
        Command::Conformance {
            spec,
            max_examples,
            seed,
            timeout,
        } => {
            let default_examples = if spec.is_some() {
                conformance::DEFAULT_SPEC_MAX_EXAMPLES
            } else {
                conformance::DEFAULT_MAX_EXAMPLES
            };
            let options = conformance::Options {
                max_examples: max_examples.unwrap_or(default_examples),
                seed,
                timeout: timeout.map(Duration::from_secs),
                spec,
            };
            match conformance::run(&workspace_root(), &options) {
                Ok(summary) if summary.passed() => ExitCode::SUCCESS,
                Ok(_) => ExitCode::from(1),
                Err(error) => {
                    eprintln!("error: {error}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Serve { spec, addr } => serve_command(&spec, &addr),
        Command::Corpus {
            dir,
            known_bad,
            generate_only,
            only,
        } => corpus_command(dir, known_bad, !generate_only, only),
        Command::Diff {
            old,
            new,
            format,
            fail_on,
        } => {
            let request = diff_command::Request {
                old,
                new,
                format,
                fail_on,
                root: workspace_root(),
            };
            match diff_command::run(&request) {
                Ok(outcome) => {
                    for note in &outcome.notes {
                        eprintln!("{note}");
                    }
                    print!("{}", outcome.report);
                    ExitCode::from(outcome.status)
                }
                Err(failure) => {
                    eprintln!("{failure}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Bench { quick } => bench_command(quick),
    }
}

fn serve_command(spec: &std::path::Path, addr: &str) -> ExitCode {
    let root = workspace_root();
    let server = match stub_server::prepare(spec, &target_dir(&root)) {
        Ok(server) => server,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    match std::process::Command::new(&server.binary)
        .args(["--addr", addr])
        .status()
    {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(status) => {
            eprintln!("error: the stub server stopped: {status}");
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("error: cannot run {}: {e}", server.binary.display());
            ExitCode::from(2)
        }
    }
}

fn bench_command(quick: bool) -> ExitCode {
    let root = workspace_root();
    let options = bench::Options {
        target: target_dir(&root),
        root,
        quick,
        command: if quick {
            "cargo xtask bench --quick".to_owned()
        } else {
            "cargo xtask bench".to_owned()
        },
    };
    match bench::run(&options) {
        Ok(results) => {
            let checks = bench::targets::check(&results);
            for c in &checks {
                let verdict = if c.met { "met" } else { "MISSED" };
                println!("{verdict:>6}  {}: {} ({})", c.name, c.measured, c.limit);
            }
            println!("results written to BENCHMARKS.md");
            if checks.iter().all(|c| c.met) {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}

fn corpus_command(
    dir: Option<PathBuf>,
    known_bad: Option<PathBuf>,
    build: bool,
    only: Vec<String>,
) -> ExitCode {
    let root = workspace_root();
    let (dir, dir_name) = match dir {
        Some(dir) => {
            if !dir.is_dir() {
                eprintln!("error: {} is not a directory", dir.display());
                return ExitCode::from(2);
            }
            let name = dir.display().to_string();
            (dir, name)
        }
        None => {
            let dir = root.join(corpus::DEFAULT_DIR);
            if !dir.is_dir() {
                println!(
                    "corpus: {} does not exist (looked for {}); nothing to check",
                    corpus::DEFAULT_DIR,
                    dir.display()
                );
                return ExitCode::SUCCESS;
            }
            (dir, corpus::DEFAULT_DIR.to_owned())
        }
    };
    let options = corpus::Options {
        dir,
        dir_name,
        known_bad_required: known_bad.is_some(),
        known_bad: known_bad.unwrap_or_else(|| root.join(corpus::known_bad::DEFAULT_PATH)),
        target: target_dir(&root),
        build,
        only,
    };
    match corpus::run(&options) {
        Ok(summary) if summary.passed() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}

/// The cargo target directory: `CARGO_TARGET_DIR` (relative to the workspace) or `target/`.
fn target_dir(root: &std::path::Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => root.join(dir),
        _ => root.join("target"),
    }
}

fn codegen(
    check: bool,
    spec: Option<PathBuf>,
    out: Option<PathBuf>,
    crate_name: Option<String>,
    settings: SettingsArgs,
) -> ExitCode {
    let root = workspace_root();
    let settings = settings.settings();
    if spec.is_none() && out.is_none() && settings != Settings::default() {
        eprintln!(
            "error: generator settings apply to a crate written with --spec and --out; the checked-in crates use the defaults"
        );
        return ExitCode::from(2);
    }
    // Without `--spec` and `--out`: every checked-in generated crate. With either: one job,
    // `--spec` defaulting to spec/auth_get.yaml and `--out` to generated/.
    let requests = if spec.is_none() && out.is_none() {
        Request::default_jobs(&root)
    } else {
        let mut request = custom_request(&root, spec, out, crate_name);
        request.options.settings = settings;
        vec![request]
    };
    // Every job runs even when an earlier one fails; the worst outcome decides the status
    // (2: a spec could not be generated, 1: `--check` found stale files).
    let worst = requests
        .iter()
        .map(|request| {
            if check {
                check_job(request)
            } else {
                run_job(request)
            }
        })
        .max()
        .unwrap_or(0);
    ExitCode::from(worst)
}

/// The generator's settings (see the README's "Generator settings").
#[derive(clap::Args, Clone, Copy, Debug)]
struct SettingsArgs {
    /// Open enums keep unknown values in a catch-all variant; closed enums refuse them.
    #[arg(long, value_enum, default_value_t = EnumArg::Open)]
    enums: EnumArg,
    /// The crate for `date` and `date-time`.
    #[arg(long, value_enum, default_value_t = DateTimeArg::Chrono)]
    date_time: DateTimeArg,
    /// Leave out the client module (and its `client` feature).
    #[arg(long)]
    no_client: bool,
    /// Leave out the server module (and its `server` feature).
    #[arg(long)]
    no_server: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum EnumArg {
    Open,
    Closed,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum DateTimeArg {
    Chrono,
    Time,
}

impl SettingsArgs {
    fn settings(self) -> Settings {
        Settings {
            enums: match self.enums {
                EnumArg::Open => EnumStyle::Open,
                EnumArg::Closed => EnumStyle::Closed,
            },
            date_time: match self.date_time {
                DateTimeArg::Chrono => DateTimeCrate::Chrono,
                DateTimeArg::Time => DateTimeCrate::Time,
            },
            outputs: Outputs {
                client: !self.no_client,
                server: !self.no_server,
            },
        }
    }
}

/// The one job `--spec` and `--out` describe.
fn custom_request(
    root: &std::path::Path,
    spec: Option<PathBuf>,
    out: Option<PathBuf>,
    crate_name: Option<String>,
) -> Request {
    let mut request = Request::default_for(root);
    if let Some(spec) = spec {
        request.spec_name = spec.display().to_string();
        request.options.source_name = request.spec_name.clone();
        request.spec = spec;
    }
    if let Some(out) = out {
        let name = crate_name.unwrap_or_else(|| crate_name_for(&out));
        request.options = Options {
            crate_name: name,
            dependencies: DependencyStyle::Standalone,
            ..request.options
        };
        request.out = out;
    }
    request
}

/// `--check` for one job: 0 when up to date, 1 when stale, 2 when the spec fails.
fn check_job(request: &Request) -> u8 {
    match codegen_command::plan(request) {
        Ok((_, changes)) if changes.is_empty() => {
            println!(
                "{} is up to date with {}",
                request.out.display(),
                request.spec_name
            );
            0
        }
        Ok((_, changes)) => {
            eprintln!(
                "{} is out of date with {}:",
                request.out.display(),
                request.spec_name
            );
            for f in &changes.write {
                eprintln!("  stale: {f}");
            }
            for f in &changes.remove {
                eprintln!("  no longer generated: {f}");
            }
            eprintln!("run `cargo xtask codegen` and commit the result");
            1
        }
        Err(failure) => {
            eprintln!("{failure}");
            2
        }
    }
}

/// Regenerates one job: 0 on success with its one-line summary, 2 when the spec fails.
fn run_job(request: &Request) -> u8 {
    match codegen_command::run(request) {
        Ok(outcome) => {
            eprint!("{}", outcome.warnings);
            println!("{}", outcome.summary);
            0
        }
        Err(failure) => {
            eprintln!("{failure}");
            2
        }
    }
}

/// A package name from a directory name: `target/plaid-api` gives `plaid-api`.
fn crate_name_for(out: &std::path::Path) -> String {
    let base = out
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("generated");
    let name: String = base
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name
    } else {
        format!("api-{name}")
    }
}
