//! Running schemathesis against a server: the checks, configuration and command line, for
//! the sandbox (with `spec/auth_get.yaml`) and for the stub server of any spec.

use std::fs::{self, File};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::sandbox_process::wait_until;
use super::summary::Summary;
use super::{CLIENT_ID, Context, Error, Options, SECRET};

/// The checks run on every response of the sandbox.
///
/// Left out, on purpose:
/// - `positive_data_acceptance`: a schema-valid but unknown access token is refused with the
///   documented 400 `INVALID_ACCESS_TOKEN`, which that check counts as a failure;
/// - `ignored_auth`: like Plaid, the sandbox refuses missing or wrong API keys with
///   400 `INVALID_API_KEYS`, where that check wants 401 or 403;
/// - `use_after_free`, `ensure_resource_availability`, `object_level_authorization`: they need
///   stateful links between operations, and the spec has one operation.
const CHECKS: &[&str] = &[
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
    "missing_required_header",
    "unsupported_method",
    "allow_header_conformance",
];

/// The checks left out against a stub server: they need a stateful backend (resources that
/// one operation creates and another reads or deletes, identities that own them).
pub const STATEFUL_CHECKS: &[&str] = &[
    "use_after_free",
    "ensure_resource_availability",
    "object_level_authorization",
];

/// What schemathesis tests: a spec, the server's URL, and how.
pub(super) struct Target<'a> {
    /// The spec file.
    pub spec: &'a Path,
    /// The API's base URL.
    pub url: &'a str,
    /// `--header` values sent with every request.
    pub headers: Vec<String>,
    /// The configuration file's text.
    pub config: String,
    /// `--checks` and, when given, `--exclude-checks`.
    pub checks: (String, Option<String>),
    /// Whether a failed run's whole output is printed (else the caller reports it).
    pub print_failures: bool,
}

impl<'a> Target<'a> {
    /// The sandbox with `spec/auth_get.yaml`, its credentials and its access tokens.
    pub(super) fn sandbox(spec: &'a Path, url: &'a str) -> Self {
        Target {
            spec,
            url,
            headers: vec![
                format!("PLAID-CLIENT-ID: {CLIENT_ID}"),
                format!("PLAID-SECRET: {SECRET}"),
            ],
            config: CONFIG.to_owned(),
            checks: (CHECKS.join(","), None),
            print_failures: true,
        }
    }
}

/// schemathesis' configuration: half of the generated bodies carry an access token that the
/// sandbox knows, so that 200 replies are exercised as well as the documented errors.
const CONFIG: &str = r#"# Written by `cargo xtask conformance`; it is overwritten on every run.
[dictionaries.sandbox-access-tokens]
values = ["access-sandbox-user-good"]

[parameters]
"body.access_token" = { dictionary = "sandbox-access-tokens", probability = 0.5 }
"#;

/// Runs schemathesis against `url`; its output goes to `out/schemathesis.log` and, when the
/// run fails, to stderr.
pub(super) fn run_schemathesis(
    schemathesis: &Path,
    target: &Target<'_>,
    out: &Path,
    options: &Options,
    timeout: Duration,
) -> Result<Summary, Error> {
    let config = out.join("schemathesis.toml");
    fs::write(&config, &target.config).context(|| format!("cannot write {}", config.display()))?;
    let report = out.join("report.json");
    let junit = out.join("junit.xml");
    for stale in [&report, &junit] {
        let _ = fs::remove_file(stale);
    }
    let log_path = out.join("schemathesis.log");
    let log =
        File::create(&log_path).context(|| format!("cannot create {}", log_path.display()))?;
    let log_err = log
        .try_clone()
        .context(|| format!("cannot reopen {}", log_path.display()))?;

    let mut command = Command::new(schemathesis);
    command
        .arg("--config-file")
        .arg(&config)
        .arg("run")
        .arg(target.spec)
        .args(["--url", target.url]);
    for header in &target.headers {
        command.args(["--header", header]);
    }
    command.args(["--checks", &target.checks.0]);
    if let Some(excluded) = &target.checks.1 {
        command.args(["--exclude-checks", excluded]);
    }
    command
        .args(["--phases", "examples,coverage,fuzzing", "--mode", "all"])
        .args(["--max-examples", &options.max_examples.to_string()])
        .args(["--seed", &options.seed.to_string()])
        .args([
            "--workers",
            "1",
            "--generation-database",
            "none",
            "--continue-on-failure",
        ])
        .args(["--request-timeout", "10", "--output-sanitize", "false"])
        .args(["--no-color", "--report", "junit,json", "--report-dir"])
        .arg(out)
        .arg("--report-junit-path")
        .arg(&junit)
        .arg("--report-json-path")
        .arg(&report)
        .current_dir(out)
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(log_err);
    for proxy in [
        "http_proxy",
        "https_proxy",
        "all_proxy",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
    ] {
        command.env_remove(proxy);
    }
    command
        .env("NO_PROXY", "*")
        .env_remove("SCHEMATHESIS_HOOKS");
    println!("conformance: {}", shell_words(&command));

    let mut child = command
        .spawn()
        .context(|| format!("cannot run {}", schemathesis.display()))?;
    let Some(status) = wait_until(&mut child, Instant::now() + timeout) else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(Error(format!(
            "schemathesis did not finish within {}s (--timeout); its output so far:\n{}",
            timeout.as_secs(),
            fs::read_to_string(&log_path).unwrap_or_default()
        )));
    };
    let output = fs::read_to_string(&log_path).unwrap_or_default();
    let summary = match fs::read_to_string(&report) {
        Ok(text) => Summary::from_json_report(&text)?,
        Err(e) => {
            return Err(Error(format!(
                "schemathesis exited ({status}) without writing {}: {e}; its output:\n{output}",
                report.display()
            )));
        }
    };
    if target.print_failures && (!summary.passed() || !status.success()) {
        eprintln!("{output}");
        for failure in &summary.failures {
            eprintln!("conformance: failure: {failure}");
        }
    }
    // schemathesis exits with 1 for its own errors too, which the summary counts apart.
    if summary.passed() && !status.success() && summary.tool_errors == 0 {
        eprintln!("{output}");
        return Err(Error(format!(
            "schemathesis exited with {status} but reported no failures; see its output above"
        )));
    }
    Ok(summary)
}

/// The command line, quoted for a POSIX shell where needed, for the log and reproduction.
fn shell_words(command: &Command) -> String {
    std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(|word| {
            let word = word.to_string_lossy();
            let plain = !word.is_empty()
                && word
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_./:=,@".contains(c));
            if plain {
                word.into_owned()
            } else {
                format!("'{}'", word.replace('\'', r"'\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_words_for_the_shell() {
        let mut command = Command::new("st");
        command.args(["run", "--header", "PLAID-SECRET: it's"]);
        assert_eq!(
            shell_words(&command),
            r"st run --header 'PLAID-SECRET: it'\''s'"
        );
    }
}
