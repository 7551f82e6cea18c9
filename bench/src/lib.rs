//! Benchmarks of the generator, the generated server and the generated client.
//!
//! The criterion benches (`benches/`) and the measuring binaries (`src/bin/`) share what is
//! here: where the specs are, subsets of Plaid's spec with fewer operations, the pipeline's
//! phases one at a time, the two servers under comparison, a loopback load generator and the
//! process's peak memory. `cargo xtask bench` runs them all and writes `BENCHMARKS.md`.

pub mod load_generator;
pub mod memory;
pub mod phases;
pub mod servers;
pub mod specs;
pub mod subset;

/// The end of a measuring binary's `main`: the JSON result on stdout, or the error on stderr
/// with exit status 2.
pub fn finish(binary: &str, result: Result<serde_json::Value, String>) -> std::process::ExitCode {
    match result {
        Ok(serde_json::Value::Null) => std::process::ExitCode::SUCCESS,
        Ok(json) => {
            println!("{json}");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{binary}: {e}");
            std::process::ExitCode::from(2)
        }
    }
}
