//! `cargo xtask codegen --spec <Plaid's spec> --out DIR` timed as a user runs it: through the
//! `cargo xtask` alias (dev profile), after one untimed run that builds what needs building.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use super::{Error, Spread};

/// Wall times of `runs` timed runs, in ms.
///
/// # Errors
/// When a run fails.
pub fn time_codegen(root: &Path, spec: &Path, out: &Path, runs: usize) -> Result<Spread, Error> {
    run_once(root, spec, out)?;
    let mut millis = Vec::with_capacity(runs);
    for _ in 0..runs {
        // A fresh directory each time, so every run writes every file.
        if out.exists() {
            std::fs::remove_dir_all(out)
                .map_err(|e| Error::new(format!("cannot remove {}: {e}", out.display())))?;
        }
        let started = Instant::now();
        run_once(root, spec, out)?;
        millis.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    Spread::of(&millis).ok_or_else(|| Error::new("no timed run of cargo xtask codegen"))
}

/// The command as the README shows it.
pub fn describe(spec: &Path, out: &Path) -> String {
    format!(
        "cargo xtask codegen --spec {} --out {}",
        spec.display(),
        out.display()
    )
}

fn run_once(root: &Path, spec: &Path, out: &Path) -> Result<(), Error> {
    let output = Command::new(super::cargo())
        .current_dir(root)
        .args(["xtask", "codegen", "--spec"])
        .arg(spec)
        .arg("--out")
        .arg(out)
        .stdout(Stdio::null())
        .output()
        .map_err(|e| Error::new(format!("cannot run cargo xtask codegen: {e}")))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(Error::new(format!(
            "{} failed ({}): {}",
            describe(spec, out),
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        )))
    }
}
