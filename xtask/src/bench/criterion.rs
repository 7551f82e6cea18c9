//! Running the criterion benches of the `bench` crate and reading their results.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use super::{Error, Summary};

/// The benches of the `bench` crate (`bench/benches/*.rs`).
pub const BENCHES: [&str; 2] = ["generation", "client"];

/// How long criterion warms up and measures each benchmark, in seconds.
#[derive(Clone, Copy, Debug)]
pub struct Timing {
    /// `--warm-up-time`.
    pub warm_up: f64,
    /// `--measurement-time`.
    pub measurement: f64,
}

/// Runs one bench with `cargo bench -p bench --bench NAME`, criterion's results going to
/// `home`.
///
/// # Errors
/// When cargo cannot be started or the bench fails.
pub fn run(root: &Path, home: &Path, bench: &str, timing: Timing) -> Result<(), Error> {
    super::succeed(
        Command::new(super::cargo())
            .current_dir(root)
            .args(["bench", "--package", "bench", "--bench", bench, "--"])
            .args(["--warm-up-time", &timing.warm_up.to_string()])
            .args(["--measurement-time", &timing.measurement.to_string()])
            .env("CRITERION_HOME", home),
        &format!("cargo bench --bench {bench}"),
    )
}

/// The result of benchmark `group/id` under criterion's `home`: the median of criterion's
/// estimate and the fastest and slowest sample, per iteration.
///
/// # Errors
/// When the benchmark has no result (it did not run) or its files do not parse.
pub fn read(home: &Path, group: &str, id: &str) -> Result<Summary, Error> {
    let dir = home.join(group).join(id).join("new");
    let estimates = read_json(&dir.join("estimates.json"))?;
    let median = estimates["median"]["point_estimate"]
        .as_f64()
        .ok_or_else(|| Error::new(format!("{group}/{id}: no median in estimates.json")))?;
    let sample = read_json(&dir.join("sample.json"))?;
    let per_iteration = per_iteration(&sample)
        .ok_or_else(|| Error::new(format!("{group}/{id}: sample.json has no samples")))?;
    let min = per_iteration.iter().copied().fold(f64::INFINITY, f64::min);
    let max = per_iteration.iter().copied().fold(0.0, f64::max);
    Ok(Summary {
        median_ns: median,
        min_ns: min,
        max_ns: max,
        samples: per_iteration.len(),
    })
}

/// The results of several benchmarks of the same thing (passes in A-B-B-A order) as one: the
/// mean of their medians, the fastest and slowest sample of all.
///
/// # Errors
/// As [`read`], for any of them.
pub fn read_passes(home: &Path, group: &str, ids: &[&str]) -> Result<Summary, Error> {
    let passes = ids
        .iter()
        .map(|id| read(home, group, id))
        .collect::<Result<Vec<_>, Error>>()?;
    let count = passes.len().max(1) as f64;
    Ok(Summary {
        median_ns: passes.iter().map(|p| p.median_ns).sum::<f64>() / count,
        min_ns: passes
            .iter()
            .map(|p| p.min_ns)
            .fold(f64::INFINITY, f64::min),
        max_ns: passes.iter().map(|p| p.max_ns).fold(0.0, f64::max),
        samples: passes.iter().map(|p| p.samples).sum(),
    })
}

fn read_json(path: &PathBuf) -> Result<Value, Error> {
    let text = fs::read_to_string(path)
        .map_err(|e| Error::new(format!("cannot read {}: {e}", path.display())))?;
    serde_json::from_str(&text).map_err(|e| Error::new(format!("{}: {e}", path.display())))
}

/// Each sample's time per iteration (criterion stores total times and iteration counts).
fn per_iteration(sample: &Value) -> Option<Vec<f64>> {
    let iters = sample["iters"].as_array()?;
    let times = sample["times"].as_array()?;
    let values: Vec<f64> = iters
        .iter()
        .zip(times)
        .filter_map(|(n, t)| Some(t.as_f64()? / n.as_f64()?))
        .collect();
    (!values.is_empty()).then_some(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn divides_sample_times_by_iterations() {
        let sample: Value = serde_json::json!({"sampling_mode": "Flat", "iters": [2.0, 4.0], "times": [10.0, 40.0]});
        assert_eq!(per_iteration(&sample), Some(vec![5.0, 10.0]));
        assert_eq!(per_iteration(&serde_json::json!({})), None);
    }
}
