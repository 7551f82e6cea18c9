//! `cargo xtask diff` as a user runs it: exit codes, formats, errors, and the git revision mode.
//!
//! Exit codes: 0 nothing at or above `--fail-on`, 1 something is, 2 usage, I/O, git or spec
//! errors.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use xtask::diff_command::{self, FailOn, OutputFormat, Request};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("the xtask binary runs")
}

fn workspace() -> PathBuf {
    xtask::workspace_root()
}

/// `tests/fixtures/diff/<case>/<side>.yaml` as an argument.
fn case(case: &str, side: &str) -> String {
    workspace()
        .join("tests/fixtures/diff")
        .join(case)
        .join(format!("{side}.yaml"))
        .to_str()
        .expect("utf-8 path")
        .to_owned()
}

fn diff(case_name: &str, extra: &[&str]) -> Output {
    let (old, new) = (case(case_name, "old"), case(case_name, "new"));
    let mut args = vec!["diff", old.as_str(), new.as_str()];
    args.extend_from_slice(extra);
    xtask(&args)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_breaking_change_exits_1_unless_fail_on_never() {
    let o = diff("request_required_property_added", &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("breaking  request-property-required-added"),
        "{out}"
    );
    assert!(
        out.contains("rust: field `PetUpdate::color: String` added"),
        "{out}"
    );

    let o = diff("request_required_property_added", &["--fail-on", "never"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn fail_on_warning_counts_warnings_and_not_info() {
    let warning = "request_property_removed";
    assert_eq!(diff(warning, &[]).status.code(), Some(0));
    assert_eq!(
        diff(warning, &["--fail-on", "warning"]).status.code(),
        Some(1)
    );
    let info = "response_enum_value_added";
    assert_eq!(diff(info, &["--fail-on", "warning"]).status.code(), Some(0));
    assert_eq!(
        diff("no_change", &["--fail-on", "warning"]).status.code(),
        Some(0)
    );
}

#[test]
fn json_and_markdown_formats() {
    let o = diff("response_property_made_optional", &["--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON on stdout");
    let change = &json[0]["changes"][0];
    assert_eq!(change["rule"], "response-property-made-optional");
    assert_eq!(change["level"], "breaking");
    assert_eq!(change["pointer"], "/components/schemas/Pet/properties/name");
    assert_eq!(json[0]["summary"]["breaking"], 1);

    let o = diff("response_property_made_optional", &["--format", "markdown"]);
    let out = stdout(&o);
    assert!(
        out.contains("| level | rule | where | change | Rust effect |"),
        "{out}"
    );
    assert!(
        out.contains("| breaking | `response-property-made-optional` |"),
        "{out}"
    );
}

#[test]
fn a_broken_spec_exits_2_with_its_location() {
    let dir = tempfile::tempdir().expect("temp dir");
    let broken = dir.path().join("broken.yaml");
    let text = fs::read_to_string(case("no_change", "new")).expect("read fixture");
    fs::write(&broken, text.replace("schemas/Error'", "schemas/Eror'")).expect("write");
    let old = case("no_change", "old");
    let o = xtask(&["diff", &old, broken.to_str().expect("utf-8 path")]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("broken.yaml:"), "{err}");
    assert!(err.contains("Eror"), "{err}");
    assert!(err.contains("nothing was compared"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    let old = case("no_change", "old");
    let o = xtask(&["diff", &old]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("give the new spec too"),
        "{}",
        stderr(&o)
    );

    let o = xtask(&["diff", "no-such-file-or-revision.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("neither a spec file nor a git revision"),
        "{}",
        stderr(&o)
    );

    let o = xtask(&["diff", &old, "/nonexistent/new.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot read /nonexistent/new.yaml"),
        "{}",
        stderr(&o)
    );

    let o = xtask(&["diff", &old, &old, "--fail-on", "sometimes"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_revision_compares_spec_dir_of_the_repository() {
    // The checked-out specs against themselves at HEAD: whatever the working tree holds,
    // the command runs git, names both sides and reads every spec in spec/.
    let o = xtask(&["diff", "HEAD", "--fail-on", "never"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("HEAD:spec/auth_get.yaml -> spec/auth_get.yaml\n"),
        "{}",
        stdout(&o)
    );
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=test", "-c", "user.email=test@example.com"])
        .args(args)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

/// A repository whose commit has `spec/pets.yaml` and `spec/gone.yaml`, with a working tree
/// where `pets.yaml` has `case`'s new version, `gone.yaml` is deleted and `fresh.yaml` is new.
fn repository(case_name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = dir.path().join("spec");
    fs::create_dir(&spec).expect("mkdir");
    let old = fs::read_to_string(case(case_name, "old")).expect("read");
    fs::write(spec.join("pets.yaml"), &old).expect("write");
    fs::write(spec.join("gone.yaml"), &old).expect("write");
    git(dir.path(), &["init", "--quiet"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "--quiet", "-m", "specs"]);
    let new = fs::read_to_string(case(case_name, "new")).expect("read");
    fs::write(spec.join("pets.yaml"), new).expect("write");
    fs::remove_file(spec.join("gone.yaml")).expect("remove");
    fs::write(spec.join("fresh.yaml"), &old).expect("write");
    dir
}

fn request(root: &Path, new: Option<PathBuf>, fail_on: FailOn) -> Request {
    Request {
        old: "HEAD".to_owned(),
        new,
        format: OutputFormat::Text,
        fail_on,
        root: root.to_path_buf(),
    }
}

#[test]
fn revision_mode_reports_changed_new_and_removed_specs() {
    let repo = repository("response_enum_value_added");
    let outcome = diff_command::run(&request(repo.path(), None, FailOn::Never)).expect("runs");
    assert!(
        outcome
            .report
            .starts_with("HEAD:spec/pets.yaml -> spec/pets.yaml\n"),
        "{}",
        outcome.report
    );
    assert!(outcome.report.contains("response-enum-value-added"));
    assert_eq!(
        outcome.notes,
        [
            "info: spec/fresh.yaml is new since HEAD; nothing to compare",
            "breaking: spec/gone.yaml exists at HEAD but was removed",
        ]
    );
    assert_eq!(outcome.status, 0);
    // A removed spec file is breaking even though the compared one has only info changes.
    let outcome = diff_command::run(&request(repo.path(), None, FailOn::Breaking)).expect("runs");
    assert_eq!(outcome.status, 1);
}

#[test]
fn revision_mode_with_one_new_file() {
    let repo = repository("request_enum_value_removed");
    let new = repo.path().join("spec/pets.yaml");
    let outcome =
        diff_command::run(&request(repo.path(), Some(new), FailOn::Breaking)).expect("runs");
    assert!(
        outcome
            .report
            .contains("breaking  request-enum-value-removed")
    );
    assert!(outcome.notes.is_empty());
    assert_eq!(outcome.status, 1);

    let missing = request(
        repo.path(),
        Some(repo.path().join("spec/fresh.yaml")),
        FailOn::Never,
    );
    let failure = diff_command::run(&missing).expect_err("fresh.yaml is not at HEAD");
    assert!(
        failure
            .to_string()
            .contains("does not exist at revision HEAD"),
        "{failure}"
    );
}
