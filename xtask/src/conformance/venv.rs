//! The Python venv that holds a pinned schemathesis, and running its setup commands.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{Context, Error};

/// The schemathesis release installed from PyPI.
pub const SCHEMATHESIS_VERSION: &str = "4.32.5";

/// Makes sure `venv` holds schemathesis [`SCHEMATHESIS_VERSION`]; returns its executable.
pub(super) fn ensure_schemathesis(venv: &Path) -> Result<PathBuf, Error> {
    let bin = venv.join("bin");
    let schemathesis = bin.join("schemathesis");
    let wanted = format!("version {SCHEMATHESIS_VERSION}");
    let installed = Command::new(&schemathesis)
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success() && String::from_utf8_lossy(&o.stdout).contains(&wanted));
    if installed.is_some() {
        println!(
            "conformance: reusing schemathesis {SCHEMATHESIS_VERSION} in {}",
            venv.display()
        );
        return Ok(schemathesis);
    }
    if !bin.join("python").exists() {
        println!("conformance: creating a Python venv in {}", venv.display());
        let mut create = Command::new("python3");
        create.args(["-m", "venv", "--clear"]).arg(venv);
        run_to_end(
            &mut create,
            "python3 -m venv (on Debian, python3-venv is needed)",
        )?;
    }
    println!("conformance: installing schemathesis=={SCHEMATHESIS_VERSION} from PyPI");
    let mut install = Command::new(bin.join("python"));
    install
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
        ])
        .arg(format!("schemathesis=={SCHEMATHESIS_VERSION}"));
    run_to_end(&mut install, "pip install schemathesis")?;
    Ok(schemathesis)
}

/// Runs a command with inherited output; an error names `what` when it fails.
pub(super) fn run_to_end(command: &mut Command, what: &str) -> Result<(), Error> {
    let status = command.status().context(|| format!("cannot run {what}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(Error(format!("{what} failed ({status})")))
    }
}
