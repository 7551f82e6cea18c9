//! `generation-memory`: generates a crate from one spec into a temporary directory, as
//! `cargo xtask codegen --spec FILE --out DIR` does, and prints one JSON object with the
//! counts, the wall time and the process's peak resident memory.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;

/// Generates one spec and reports its peak memory.
#[derive(Debug, Parser)]
struct Cli {
    /// The spec to generate from.
    #[arg(long)]
    spec: PathBuf,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    bench::finish("generation-memory", run(&cli))
}

fn run(cli: &Cli) -> Result<serde_json::Value, String> {
    let before = bench::memory::peak_rss_kib();
    let started = Instant::now();
    let text = bench::specs::read(&cli.spec)?;
    let options = bench::phases::standalone_options("bench-api", &cli.spec.display().to_string());
    let generated = codegen::generate(&text, &options).map_err(|d| d.render("spec"))?;
    let dir = tempfile::tempdir().map_err(|e| format!("cannot make a temporary directory: {e}"))?;
    bench::phases::write(dir.path(), &generated.files)?;
    let millis = started.elapsed().as_secs_f64() * 1000.0;
    Ok(serde_json::json!({
        "operations": generated.stats.operations,
        "types": generated.stats.types,
        "lines": generated.stats.lines,
        "millis": millis,
        "peak_rss_kib_at_start": before,
        "peak_rss_kib": bench::memory::peak_rss_kib(),
    }))
}
