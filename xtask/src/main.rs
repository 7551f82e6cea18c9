//! `cargo xtask`: the project's commands.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};
use codegen::{DependencyStyle, Options};
use xtask::codegen_command::{self, Request};
use xtask::conformance;
use xtask::workspace_root;

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Project commands")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate a crate from an OpenAPI spec (by default spec/auth_get.yaml into generated/).
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
    },
    /// Build and start the sandbox, then run schemathesis against it with spec/auth_get.yaml.
    ///
    /// Installs schemathesis from PyPI into target/conformance-venv the first time; writes
    /// JUnit XML and a JSON report into target/conformance/. Exit 1 on failed checks, 2 when
    /// no verdict could be reached.
    Conformance {
        /// Test cases per operation and phase.
        #[arg(long, value_name = "N", default_value_t = conformance::DEFAULT_MAX_EXAMPLES)]
        max_examples: u32,
        /// The random seed, for reproducible runs.
        #[arg(long, value_name = "S", default_value_t = conformance::DEFAULT_SEED)]
        seed: u64,
        /// Kill schemathesis after this many seconds.
        #[arg(long, value_name = "SECS", default_value_t = conformance::DEFAULT_TIMEOUT_SECS)]
        timeout: u64,
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
        } => codegen(check, spec, out, crate_name),
        Command::Conformance {
            max_examples,
            seed,
            timeout,
        } => {
            let options = conformance::Options {
                max_examples,
                seed,
                timeout: Duration::from_secs(timeout),
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
    }
}

fn codegen(
    check: bool,
    spec: Option<PathBuf>,
    out: Option<PathBuf>,
    crate_name: Option<String>,
) -> ExitCode {
    let root = workspace_root();
    let mut request = Request::default_for(&root);
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
    if check {
        return match codegen_command::plan(&request) {
            Ok((_, changes)) if changes.is_empty() => {
                println!(
                    "{} is up to date with {}",
                    request.out.display(),
                    request.spec_name
                );
                ExitCode::SUCCESS
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
                ExitCode::from(1)
            }
            Err(failure) => {
                eprintln!("{failure}");
                ExitCode::from(2)
            }
        };
    }
    match codegen_command::run(&request) {
        Ok(outcome) => {
            eprint!("{}", outcome.warnings);
            println!("{}", outcome.summary);
            ExitCode::SUCCESS
        }
        Err(failure) => {
            eprintln!("{failure}");
            ExitCode::from(2)
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
