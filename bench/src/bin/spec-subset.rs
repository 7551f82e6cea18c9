//! `spec-subset`: writes the first N operations of a spec, with the components they reach,
//! to a file; prints the operation count kept.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Cuts a spec down to its first N operations.
#[derive(Debug, Parser)]
struct Cli {
    /// The spec to cut.
    #[arg(long)]
    spec: PathBuf,
    /// Operations to keep.
    #[arg(long)]
    operations: usize,
    /// Where to write the smaller spec.
    #[arg(long)]
    to: PathBuf,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = bench::specs::read(&cli.spec)
        .and_then(|text| bench::subset::first_operations(&text, cli.operations))
        .and_then(|text| {
            std::fs::write(&cli.to, &text)
                .map_err(|e| format!("cannot write {}: {e}", cli.to.display()))
        });
    bench::finish("spec-subset", result.map(|()| serde_json::Value::Null))
}
