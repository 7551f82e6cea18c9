//! Peak memory and time of generation in a process of its own, for subsets of Plaid's spec
//! (the first 1, 10, 100 and all operations) and for `spec/auth_get.yaml`.

use std::path::Path;

use super::{Error, binaries};

/// The operation counts of the scaling table; `None` is the whole spec.
pub const SUBSETS: [Option<usize>; 4] = [Some(1), Some(10), Some(100), None];

/// One generation in a fresh process.
#[derive(Clone, Debug, PartialEq)]
pub struct Generation {
    /// The criterion id of the same spec's time in the scaling group (`operations_10`, …).
    pub scaling_id: String,
    /// Operations generated.
    pub operations: u64,
    /// Named types generated.
    pub types: u64,
    /// Lines generated.
    pub lines: u64,
    /// Wall time of that one run, ms (criterion's median is the figure to quote).
    pub millis: f64,
    /// Peak resident memory, MiB.
    pub peak_rss_mib: f64,
}

/// Writes the subsets of `plaid` under `work` and generates each (and the whole spec) in a
/// fresh `generation-memory` process.
///
/// # Errors
/// When a subset cannot be made or a generation fails.
pub fn scaling(target: &Path, work: &Path, plaid: &Path) -> Result<Vec<Generation>, Error> {
    let mut rows = Vec::new();
    for subset in SUBSETS {
        let (spec, id) = match subset {
            Some(n) => {
                let file = work.join(format!("plaid-first-{n}-operations.yaml"));
                let n_text = n.to_string();
                let args = [
                    "--spec",
                    &path_str(plaid)?,
                    "--operations",
                    &n_text,
                    "--to",
                    &path_str(&file)?,
                ];
                binaries::run_json(target, "spec-subset", &args)?;
                (file, format!("operations_{n}"))
            }
            None => (plaid.to_path_buf(), "operations_all".to_owned()),
        };
        rows.push(generate(target, &spec, id)?);
    }
    Ok(rows)
}

/// Generates `spec` in a fresh `generation-memory` process.
///
/// # Errors
/// When the process fails or its report is incomplete.
pub fn generate(target: &Path, spec: &Path, scaling_id: String) -> Result<Generation, Error> {
    let json = binaries::run_json(target, "generation-memory", &["--spec", &path_str(spec)?])?;
    let number = |key: &str| {
        json[key].as_f64().ok_or_else(|| {
            Error::new(format!(
                "generation-memory reported no {key} for {}",
                spec.display()
            ))
        })
    };
    Ok(Generation {
        scaling_id,
        operations: number("operations")? as u64,
        types: number("types")? as u64,
        lines: number("lines")? as u64,
        millis: number("millis")?,
        peak_rss_mib: number("peak_rss_kib")? / 1024.0,
    })
}

fn path_str(path: &Path) -> Result<String, Error> {
    path.to_str()
        .map(str::to_owned)
        .ok_or_else(|| Error::new(format!("{} is not UTF-8", path.display())))
}
