//! Running cargo on the generated and checker crates, and reading its JSON messages.

use std::ffi::OsString;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde_json::Value;

/// One cargo invocation: `cargo <args> --manifest-path M --message-format=json [-- <rustc args>]`.
#[derive(Clone, Debug)]
pub struct Step<'a> {
    /// The subcommand and its flags, e.g. `["clippy", "--all-features"]`.
    pub args: &'a [&'a str],
    /// The crate's `Cargo.toml`.
    pub manifest: &'a Path,
    /// Arguments after `--` (for clippy: `-D warnings`).
    pub tool_args: &'a [&'a str],
    /// The shared `CARGO_TARGET_DIR`.
    pub target_dir: &'a Path,
}

impl Step<'_> {
    /// The command as a person would type it, for progress lines and logs.
    pub fn describe(&self) -> String {
        let mut words = vec!["cargo".to_owned()];
        words.extend(self.args.iter().map(|a| (*a).to_owned()));
        words.push("--manifest-path".to_owned());
        words.push(self.manifest.display().to_string());
        if !self.tool_args.is_empty() {
            words.push("--".to_owned());
            words.extend(self.tool_args.iter().map(|a| (*a).to_owned()));
        }
        words.join(" ")
    }
}

/// A compiler diagnostic from one of our crates (not from registry dependencies).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompilerMessage {
    /// `warning`, `error`, …
    pub level: String,
    /// As rustc prints it.
    pub rendered: String,
}

/// What one cargo invocation did.
#[derive(Clone, Debug)]
pub struct Run {
    /// Whether cargo succeeded.
    pub success: bool,
    /// Wall time, in seconds.
    pub seconds: f64,
    /// Diagnostics about local (path) packages, in the order cargo gave them.
    pub messages: Vec<CompilerMessage>,
    /// Executables cargo built.
    pub executables: Vec<PathBuf>,
    /// Cargo's own output (progress, and errors that are not compiler messages).
    pub stderr: String,
}

impl Run {
    /// The number of warnings and errors in our crates.
    pub fn diagnostic_count(&self) -> usize {
        self.messages.len()
    }
}

/// Runs `step` to the end.
///
/// # Errors
/// When cargo cannot be started.
pub fn run(step: &Step<'_>) -> io::Result<Run> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let mut command = Command::new(cargo);
    command
        .args(step.args)
        .arg("--manifest-path")
        .arg(step.manifest)
        .arg("--message-format=json")
        .env("CARGO_TARGET_DIR", step.target_dir)
        // Each crate is built once: incremental artifacts would only fill the disk (about
        // 1 GB a spec).
        .env("CARGO_INCREMENTAL", "0")
        .env("CARGO_TERM_COLOR", "never");
    if !step.tool_args.is_empty() {
        command.arg("--").args(step.tool_args);
    }
    let started = Instant::now();
    let output = command
        .output()
        .map_err(|e| io::Error::new(e.kind(), format!("cannot run {}: {e}", step.describe())))?;
    let seconds = started.elapsed().as_secs_f64();
    let (messages, executables) = read_messages(&String::from_utf8_lossy(&output.stdout));
    Ok(Run {
        success: output.status.success(),
        seconds,
        messages,
        executables,
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    })
}

/// The compiler messages of local packages and the executables in cargo's JSON output.
pub fn read_messages(stdout: &str) -> (Vec<CompilerMessage>, Vec<PathBuf>) {
    let mut messages = Vec::new();
    let mut executables = Vec::new();
    for line in stdout.lines() {
        let Ok(value) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        match value["reason"].as_str() {
            Some("compiler-message") if is_local(&value["package_id"]) => {
                let message = &value["message"];
                let text = message["message"].as_str().unwrap_or_default();
                if is_summary(text) {
                    continue;
                }
                messages.push(CompilerMessage {
                    level: message["level"].as_str().unwrap_or_default().to_owned(),
                    rendered: message["rendered"]
                        .as_str()
                        .unwrap_or(text)
                        .trim_end()
                        .to_owned(),
                });
            }
            Some("compiler-artifact") => {
                if let Some(exe) = value["executable"].as_str() {
                    executables.push(PathBuf::from(exe));
                }
            }
            _ => {}
        }
    }
    (messages, executables)
}

/// A package of ours (a path dependency or the root), as opposed to one from a registry.
fn is_local(package_id: &Value) -> bool {
    package_id
        .as_str()
        .is_some_and(|id| id.contains("path+file://"))
}

/// rustc's closing lines (`aborting due to 2 previous errors`, `3 warnings emitted`), which
/// count nothing new.
fn is_summary(message: &str) -> bool {
    message.starts_with("aborting due to")
        || message.ends_with("warning emitted")
        || message.ends_with("warnings emitted")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_messages_of_local_packages_only() {
        let out = [
            r#"{"reason":"compiler-message","package_id":"registry+https://github.com/rust-lang/crates.io-index#serde@1.0.0","message":{"level":"warning","message":"x","rendered":"warning: x"}}"#,
            r#"{"reason":"compiler-message","package_id":"path+file:///t/corpus/shop#0.1.0","message":{"level":"warning","message":"unused import","rendered":"warning: unused import\n"}}"#,
            r#"{"reason":"compiler-message","package_id":"path+file:///t/corpus/shop#0.1.0","message":{"level":"warning","message":"1 warning emitted","rendered":"warning: 1 warning emitted"}}"#,
            r#"{"reason":"compiler-artifact","package_id":"path+file:///t/corpus/shop-examples#0.1.0","executable":"/t/debug/shop-examples"}"#,
            r#"{"reason":"build-finished","success":true}"#,
            "not json",
        ]
        .join("\n");
        let (messages, executables) = read_messages(&out);
        assert_eq!(
            messages,
            [CompilerMessage {
                level: "warning".to_owned(),
                rendered: "warning: unused import".to_owned()
            }]
        );
        assert_eq!(executables, [PathBuf::from("/t/debug/shop-examples")]);
    }
}
