//! Building the sandbox, and starting and stopping it as a child process.

use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use super::venv::run_to_end;
use super::{Context, Error};

/// How long the sandbox may take to print its address.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(60);

/// How long the sandbox may take to exit after SIGTERM before it is killed.
const STOP_TIMEOUT: Duration = Duration::from_secs(10);

/// `cargo build -p sandbox` with the cargo that runs this xtask; returns the binary's path.
pub(super) fn build_sandbox(root: &Path, target: &Path) -> Result<PathBuf, Error> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    println!("conformance: cargo build -p sandbox");
    let mut build = Command::new(cargo);
    build.args(["build", "-p", "sandbox"]).current_dir(root);
    run_to_end(&mut build, "cargo build -p sandbox")?;
    let bin = target
        .join("debug")
        .join(format!("sandbox{}", std::env::consts::EXE_SUFFIX));
    if bin.is_file() {
        Ok(bin)
    } else {
        Err(Error(format!(
            "cargo built the sandbox, but {} is not there",
            bin.display()
        )))
    }
}

/// A running sandbox; it is stopped when dropped.
pub(super) struct Sandbox {
    child: Child,
    /// The API's base URL, e.g. `http://127.0.0.1:40123/plaid-compatible`.
    pub(super) url: String,
    stopped: bool,
}

impl Sandbox {
    /// Starts `bin --addr 127.0.0.1:0` and waits for its `listening on URL` line.
    ///
    /// Its stderr goes to `log`; its stdout is read to the end by a helper thread.
    pub(super) fn start(bin: &Path, log: &Path) -> Result<Sandbox, Error> {
        let log_file = File::create(log).context(|| format!("cannot create {}", log.display()))?;
        let child = Command::new(bin)
            .args(["--addr", "127.0.0.1:0"])
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log_file)
            .spawn()
            .context(|| format!("cannot start {}", bin.display()))?;
        let mut sandbox = Sandbox {
            child,
            url: String::new(),
            stopped: false,
        };
        let stdout = sandbox
            .child
            .stdout
            .take()
            .ok_or_else(|| Error("the sandbox's stdout was not captured".to_owned()))?;
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            let _ = tx.send(lines.next());
            // Keep reading so that the sandbox never blocks on a full pipe.
            for _ in lines {}
        });
        let first = rx.recv_timeout(STARTUP_TIMEOUT);
        let line = match first {
            Ok(Some(Ok(line))) => line,
            Ok(Some(Err(e))) => {
                return Err(Error(format!("cannot read the sandbox's stdout: {e}")));
            }
            Ok(None) | Err(mpsc::RecvTimeoutError::Disconnected) => {
                let status = sandbox.child.wait().map(|s| s.to_string());
                sandbox.stopped = true;
                return Err(Error(format!(
                    "the sandbox exited ({}) without printing its address; see {}:\n{}",
                    status.unwrap_or_else(|e| e.to_string()),
                    log.display(),
                    tail(log)
                )));
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                return Err(Error(format!(
                    "the sandbox printed no `listening on` line within {}s; see {}:\n{}",
                    STARTUP_TIMEOUT.as_secs(),
                    log.display(),
                    tail(log)
                )));
            }
        };
        sandbox.url = parse_listening_line(&line)?;
        Ok(sandbox)
    }

    /// Sends SIGTERM, waits up to [`STOP_TIMEOUT`], then kills; reports an unclean stop.
    pub(super) fn stop(&mut self) {
        if self.stopped {
            return;
        }
        self.stopped = true;
        if let Ok(Some(status)) = self.child.try_wait() {
            eprintln!("conformance: warning: the sandbox had already exited ({status})");
            return;
        }
        let pid = self.child.id().to_string();
        let signalled = Command::new("kill")
            .args(["-TERM", &pid])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if signalled {
            if let Some(status) = wait_until(&mut self.child, Instant::now() + STOP_TIMEOUT) {
                if !status.success() {
                    eprintln!("conformance: warning: the sandbox exited with {status} on SIGTERM");
                }
                return;
            }
            eprintln!(
                "conformance: warning: the sandbox did not stop within {}s of SIGTERM; killing it",
                STOP_TIMEOUT.as_secs()
            );
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The URL in `listening on http://127.0.0.1:PORT/plaid-compatible`; it must be on loopback.
fn parse_listening_line(line: &str) -> Result<String, Error> {
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .ok_or_else(|| Error(format!("unexpected first line from the sandbox: {line:?}")))?;
    if url.starts_with("http://127.0.0.1:") {
        Ok(url.trim_end_matches('/').to_owned())
    } else {
        Err(Error(format!(
            "the sandbox should listen on http://127.0.0.1:PORT/..., but printed {line:?}"
        )))
    }
}

/// Waits for `child` until `deadline`; `None` if it is still running then.
pub(super) fn wait_until(child: &mut Child, deadline: Instant) -> Option<ExitStatus> {
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status),
            Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(50)),
            _ => return None,
        }
    }
}

/// The last lines of a log file, for error messages.
fn tail(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(20)..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_url_from_the_listening_line() {
        let url = parse_listening_line("listening on http://127.0.0.1:40123/plaid-compatible\n");
        assert_eq!(
            url.ok().as_deref(),
            Some("http://127.0.0.1:40123/plaid-compatible")
        );
        assert!(parse_listening_line("hello").is_err());
        assert!(parse_listening_line("listening on http://0.0.0.0:80/plaid-compatible").is_err());
    }
}
