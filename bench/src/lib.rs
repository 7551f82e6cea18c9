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
