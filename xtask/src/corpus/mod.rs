//! `cargo xtask corpus [DIR]`: generate, build and check a crate for every spec of a corpus.
//!
//! For each OpenAPI document under DIR (default `../shared/specs` beside the workspace), the
//! command
//! 1. generates a standalone crate (types, client, server) into `target/corpus/<name>/` with the
//!    writer of `cargo xtask codegen`,
//! 2. builds it with `cargo build --all-features` (the `build s` column) and lints it with
//!    `cargo clippy --all-features -- -D warnings`,
//! 3. collects every example the spec carries, with the generated type it must deserialize
//!    into ([`examples`]), writes them to `target/corpus/<name>/examples.json`, and builds and
//!    runs a checker crate in `target/corpus/<name>-examples/` that deserializes each one
//!    ([`checker`]); building the checker also builds the generated crate with default features,
//! 4. compares the failures with the checked-in list of examples the specs get wrong
//!    ([`known_bad`], `xtask/corpus-known-bad.txt`).
//!
//! Every crate builds into one shared target directory, `target/corpus-target/`, so
//! dependencies are compiled once. It prints a table (also written, with the details, to
//! `target/corpus/report.md`) and each spec's logs go to `target/corpus/<name>.log`.
//!
//! A spec passes when it generates, builds and lints without a diagnostic, and every example
//! deserializes or is on the list. Listed examples that now pass, or no longer exist, are
//! reported as warnings (the list is stale) but do not fail the run.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use codegen::{DependencyStyle, Stats};

pub mod build;
pub mod checker;
pub mod coverage;
pub mod discover;
pub mod examples;
pub mod known_bad;
pub mod report;
pub mod rust_type;
pub mod stub_answers;

use checker::{Entry, Verdict, write_if_changed};
pub use coverage::Coverage;
use discover::SpecFile;
use examples::Skipped;
use known_bad::KnownBad;

/// The default corpus directory, relative to the workspace root.
pub const DEFAULT_DIR: &str = "../shared/specs";

/// How many compiler diagnostics are printed to the terminal per step (all go to the log).
const PRINTED_MESSAGES: usize = 10;

/// What `cargo xtask corpus` was asked to do.
#[derive(Clone, Debug)]
pub struct Options {
    /// The corpus directory.
    pub dir: PathBuf,
    /// How to name the directory in generated headers and messages (e.g. `../shared/specs`).
    pub dir_name: String,
    /// The known-bad list.
    pub known_bad: PathBuf,
    /// Whether the list must exist (it was named on the command line).
    pub known_bad_required: bool,
    /// The cargo target directory of the workspace; the command works in `corpus/` and
    /// `corpus-target/` below it.
    pub target: PathBuf,
    /// Whether each crate is built, linted and its examples checked; without, each spec is only
    /// generated and its operations counted.
    pub build: bool,
    /// Only the specs whose relative path is one of these or ends with `/` and one of these;
    /// every spec when empty.
    pub only: Vec<String>,
}

impl Options {
    /// Whether the spec at `relative` is one of those asked for.
    pub fn wants(&self, relative: &str) -> bool {
        self.only.is_empty()
            || self
                .only
                .iter()
                .any(|o| relative == o || relative.ends_with(&format!("/{o}")))
    }
}

/// Why the command could not reach a verdict (exit 2), as opposed to failing specs (exit 1).
#[derive(Debug)]
pub struct Error(pub String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

/// One example and what became of it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Checked {
    /// `spec#pointer`.
    pub label: String,
    /// The type it was deserialized into, as a person reads it.
    pub rust_type: String,
    /// Whether it deserialized.
    pub ok: bool,
    /// Where it failed.
    pub error_path: String,
    /// Why it failed.
    pub error: String,
    /// The reason the known-bad list gives, when it lists the example.
    pub known: Option<String>,
}

/// Everything the command found out about one spec.
#[derive(Clone, Debug, Default)]
pub struct SpecOutcome {
    /// The spec.
    pub spec: SpecFile,
    /// The generator's counts, when it generated.
    pub stats: Option<Stats>,
    /// The operations of the spec, the client and the server, when it generated.
    pub coverage: Option<Coverage>,
    /// The generator's warnings.
    pub codegen_warnings: usize,
    /// The generator's errors, counted and rendered, when it refused the spec.
    pub codegen_errors: Option<(usize, String)>,
    /// `cargo build --all-features` of the generated crate, in seconds.
    pub build_seconds: Option<f64>,
    /// Every step's wall time: generation, builds, lints, the checker run.
    pub timings: Vec<(String, f64)>,
    /// Compiler diagnostics of the generated and checker crates, rendered.
    pub build_messages: Vec<String>,
    /// Every example checked, in spec order.
    pub checked: Vec<Checked>,
    /// Examples not checked, and why.
    pub skipped: Vec<Skipped>,
    /// Known-bad entries of this spec that now pass or no longer exist.
    pub stale: Vec<String>,
    /// Why the spec fails; empty when it passes.
    pub problems: Vec<String>,
}

impl SpecOutcome {
    /// Whether the spec passed (a spec of a version the generator does not read yet passes).
    pub fn passed(&self) -> bool {
        self.problems.is_empty()
    }

    /// Whether the spec was passed over because the generator does not read its version yet.
    pub fn not_read(&self) -> bool {
        !self.spec.readable
    }
}

/// The whole run.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    /// One outcome per spec, in path order.
    pub specs: Vec<SpecOutcome>,
}

impl Summary {
    /// Whether every spec passed.
    pub fn passed(&self) -> bool {
        self.specs.iter().all(SpecOutcome::passed)
    }
}

/// Runs the command: prints progress, the table and the failing examples; writes the report.
///
/// # Errors
/// When the directory or the known-bad list cannot be read, the list is malformed, or files
/// cannot be written or cargo cannot be started.
pub fn run(options: &Options) -> Result<Summary, Error> {
    let known_bad = load_known_bad(options)?;
    let (specs, others) = discover::discover(&options.dir)
        .map_err(|e| Error(format!("cannot read the corpus: {e}")))?;
    for other in &others {
        println!(
            "corpus: skipping {}: not an OpenAPI document",
            other.relative
        );
    }
    if specs.is_empty() {
        println!("corpus: no OpenAPI documents in {}", options.dir_name);
    }
    let out = options.target.join("corpus");
    fs::create_dir_all(&out).map_err(|e| Error(format!("cannot create {}: {e}", out.display())))?;
    let mut summary = Summary::default();
    for spec in specs.into_iter().filter(|s| options.wants(&s.relative)) {
        if !spec.readable {
            println!("corpus: {}: {}: not read yet", spec.relative, spec.version);
            summary.specs.push(SpecOutcome {
                spec,
                ..SpecOutcome::default()
            });
            continue;
        }
        let outcome = SpecRun::new(options, &known_bad, spec).run()?;
        summary.specs.push(outcome);
    }
    if summary.specs.is_empty() && !options.only.is_empty() {
        return Err(Error(format!(
            "no spec under {} is named {}",
            options.dir_name,
            options.only.join(" or ")
        )));
    }

    println!();
    print!("{}", report::table(&summary.specs));
    print!("{}", report::failures(&summary.specs));
    eprint!("{}", report::stale(&summary.specs));
    let known_bad_name = known_bad_display(options);
    let report_path = out.join("report.md");
    write_if_changed(
        &report_path,
        &report::markdown(&summary.specs, &known_bad_name),
    )
    .map_err(|e| Error(format!("cannot write {}: {e}", report_path.display())))?;
    println!("\ncorpus: report in {}", report_path.display());
    Ok(summary)
}

fn load_known_bad(options: &Options) -> Result<KnownBad, Error> {
    let text = match fs::read_to_string(&options.known_bad) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !options.known_bad_required => {
            println!(
                "corpus: no known-bad list at {}; every failing example fails the run",
                options.known_bad.display()
            );
            return Ok(KnownBad::default());
        }
        Err(e) => {
            return Err(Error(format!(
                "cannot read {}: {e}",
                options.known_bad.display()
            )));
        }
    };
    known_bad::parse(&text).map_err(|errors| {
        let name = options.known_bad.display();
        Error(
            errors
                .iter()
                .map(|e| format!("{name}: {e}"))
                .collect::<Vec<_>>()
                .join("\n"),
        )
    })
}

fn known_bad_display(options: &Options) -> String {
    options
        .known_bad
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

/// The work on one spec, and what it found so far.
struct SpecRun<'a> {
    options: &'a Options,
    known_bad: &'a KnownBad,
    crate_dir: PathBuf,
    checker_dir: PathBuf,
    log: String,
    outcome: SpecOutcome,
}

impl<'a> SpecRun<'a> {
    fn new(options: &'a Options, known_bad: &'a KnownBad, spec: SpecFile) -> Self {
        let out = options.target.join("corpus");
        SpecRun {
            options,
            known_bad,
            crate_dir: out.join(&spec.crate_name),
            checker_dir: out.join(format!("{}-examples", spec.crate_name)),
            log: String::new(),
            outcome: SpecOutcome {
                spec,
                ..SpecOutcome::default()
            },
        }
    }

    fn name(&self) -> &str {
        &self.outcome.spec.relative
    }

    /// Runs every step that the previous ones allow, then writes the log.
    fn run(mut self) -> Result<SpecOutcome, Error> {
        let result = self.steps();
        let log_path = self
            .options
            .target
            .join("corpus")
            .join(format!("{}.log", self.outcome.spec.crate_name));
        write_if_changed(&log_path, &self.log)
            .map_err(|e| Error(format!("cannot write {}: {e}", log_path.display())))?;
        result?;
        Ok(self.outcome)
    }

    fn steps(&mut self) -> Result<(), Error> {
        let source_name = format!("{}/{}", self.options.dir_name, self.outcome.spec.relative);
        let text = match fs::read_to_string(&self.outcome.spec.path) {
            Ok(text) => text,
            Err(e) => {
                self.problem(format!("cannot read the spec: {e}"));
                return Ok(());
            }
        };
        let options = codegen::Options {
            dependencies: DependencyStyle::Standalone,
            ..codegen::Options::new(self.outcome.spec.crate_name.clone(), source_name.clone())
        };
        let generated = match codegen::generate(&text, &options) {
            Ok(generated) => generated,
            Err(diagnostics) => {
                let rendered = diagnostics.render(&source_name);
                eprint!("{rendered}");
                self.log.push_str(&rendered);
                let errors = diagnostics.error_count();
                self.outcome.codegen_errors = Some((errors, rendered));
                self.problem(format!("{errors} generation error(s)"));
                return Ok(());
            }
        };
        let stats = generated.stats;
        self.outcome.stats = Some(stats);
        self.outcome.codegen_warnings = generated.warnings.warning_count();
        self.outcome
            .timings
            .push(("generation".to_owned(), stats.millis / 1000.0));
        self.log.push_str(&generated.warnings.render(&source_name));
        println!(
            "corpus: {}: {} types, {} operations, {} lines in {:.0} ms; {} warning(s)",
            self.name(),
            stats.types,
            stats.operations,
            stats.lines,
            stats.millis,
            self.outcome.codegen_warnings
        );
        let changes = crate::write::plan(&self.crate_dir, &generated.files)
            .and_then(|changes| {
                crate::write::apply(&self.crate_dir, &generated.files, &changes)?;
                Ok(changes)
            })
            .map_err(|e| Error(format!("cannot write {}: {e}", self.crate_dir.display())))?;
        println!(
            "corpus: {}: {}: {} written, {} removed, {} unchanged",
            self.name(),
            self.crate_dir.display(),
            changes.write.len(),
            changes.remove.len(),
            changes.unchanged
        );
        self.count_operations(&text, &generated);
        if !self.options.build {
            return Ok(());
        }

        let entries = match examples::collect(&text, &generated.api) {
            Ok(collected) => {
                self.outcome.skipped = collected.skipped;
                collected
                    .examples
                    .into_iter()
                    .map(|e| Entry {
                        label: known_bad::label(&self.outcome.spec.relative, &e.pointer),
                        pointer: e.pointer,
                        ty: e.ty,
                        value: e.value,
                    })
                    .collect()
            }
            Err(e) => {
                self.problem(format!("cannot collect the examples: {e}"));
                Vec::new()
            }
        };
        let (answers, unanswered) =
            stub_answers::stub_answers(&self.outcome.spec.relative, &generated.api);
        if !unanswered.is_empty() {
            self.problem(format!(
                "the stub has no answer for {} operation(s): {}",
                unanswered.len(),
                unanswered.join(", ")
            ));
        }
        let entries: Vec<Entry> = entries.into_iter().chain(answers).collect();
        let examples_path = self.crate_dir.join("examples.json");
        write_if_changed(&examples_path, &checker::examples_json(&entries))
            .map_err(|e| Error(format!("cannot write {}: {e}", examples_path.display())))?;
        println!(
            "corpus: {}: {} examples to check, {} not checked (see report.md)",
            self.name(),
            entries.len(),
            self.outcome.skipped.len()
        );

        let manifest = self.crate_dir.join("Cargo.toml");
        let Some(build) = self.cargo(
            "build --all-features",
            &["build", "--all-features"],
            &manifest,
            &[],
        )?
        else {
            return Ok(());
        };
        self.outcome.build_seconds = Some(build.seconds);
        self.cargo(
            "clippy --all-features -D warnings",
            &["clippy", "--all-features"],
            &manifest,
            &["-D", "warnings"],
        )?;
        if entries.is_empty() {
            return Ok(());
        }
        self.check_examples(&entries, &examples_path)
    }

    /// Counts the operations of the spec, the generated client and the generated server, and
    /// the spec's webhooks and the generated receiver's; an operation the client or the server
    /// lacks, or a webhook the receiver lacks, is a problem.
    fn count_operations(&mut self, text: &str, generated: &codegen::Generated) {
        let side = |path: &str, read: fn(&str) -> Result<_, String>| match generated.file(path) {
            Some(source) => read(source),
            // Without the module (a types-only setting) nothing of it can be missing.
            None => Err(format!("no {path} was generated")),
        };
        let counted = coverage::spec_operations(text).and_then(|spec| {
            let webhooks = coverage::spec_webhooks(text)?;
            let receiver = match webhooks.is_empty() {
                true => Default::default(),
                false => side("src/webhooks.rs", coverage::receiver_operations)?,
            };
            Ok(Coverage {
                spec,
                client: side("src/client.rs", coverage::client_operations)?,
                server: side("src/server.rs", coverage::server_operations)?,
                webhooks,
                receiver,
            })
        });
        let coverage = match counted {
            Ok(coverage) => coverage,
            Err(e) => {
                self.problem(format!("cannot count the operations: {e}"));
                return;
            }
        };
        println!(
            "corpus: {}: operations: {} in the spec, {} in the client, {} in the server",
            self.name(),
            coverage.spec.len(),
            coverage.client.len(),
            coverage.server.len()
        );
        for (side, have) in [("client", &coverage.client), ("server", &coverage.server)] {
            self.report_missing("operation", &format!("the {side}"), &coverage.missing(have));
        }
        if !coverage.webhooks.is_empty() {
            println!(
                "corpus: {}: webhooks: {} in the spec, {} in the receiver",
                self.name(),
                coverage.webhooks.len(),
                coverage.receiver.len()
            );
        }
        self.report_missing("webhook", "the receiver", &coverage.missing_webhooks());
        self.outcome.coverage = Some(coverage);
    }

    /// Builds and runs the checker crate, and judges each example.
    fn check_examples(&mut self, entries: &[Entry], examples_path: &Path) -> Result<(), Error> {
        let package = format!("{}-examples", self.outcome.spec.crate_name);
        let generated_manifest = fs::read_to_string(self.crate_dir.join("Cargo.toml"))
            .map_err(|e| Error(format!("cannot read {}: {e}", self.crate_dir.display())))?;
        checker::write_crate(
            &self.checker_dir,
            &package,
            &self.outcome.spec.crate_name,
            &generated_manifest,
            entries,
        )
        .map_err(|e| Error(format!("cannot write {}: {e}", self.checker_dir.display())))?;
        let manifest = self.checker_dir.join("Cargo.toml");
        let Some(build) = self.cargo("build of the example checker", &["build"], &manifest, &[])?
        else {
            return Ok(());
        };
        let bin_name = format!("{package}{}", std::env::consts::EXE_SUFFIX);
        let bin = build
            .executables
            .iter()
            .find(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy() == bin_name)
            })
            .cloned()
            .unwrap_or_else(|| {
                self.options
                    .target
                    .join("corpus-target")
                    .join("debug")
                    .join(&bin_name)
            });
        let started = Instant::now();
        let output = std::process::Command::new(&bin)
            .arg(examples_path)
            .output()
            .map_err(|e| Error(format!("cannot run {}: {e}", bin.display())))?;
        let seconds = started.elapsed().as_secs_f64();
        self.outcome
            .timings
            .push(("running the example checker".to_owned(), seconds));
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            self.problem(format!("the example checker failed: {}", stderr.trim()));
            return Ok(());
        }
        let verdicts = match checker::parse_output(&String::from_utf8_lossy(&output.stdout)) {
            Ok(verdicts) => verdicts,
            Err(e) => {
                self.problem(e);
                return Ok(());
            }
        };
        self.judge(entries, &verdicts);
        Ok(())
    }

    /// Compares the verdicts with the known-bad list.
    fn judge(&mut self, entries: &[Entry], verdicts: &[Verdict]) {
        let outcome = &mut self.outcome;
        for entry in entries {
            let verdict = verdicts.iter().find(|v| v.label == entry.label);
            let known = self.known_bad.reason(&entry.label).map(str::to_owned);
            let checked = match verdict {
                Some(v) => Checked {
                    label: entry.label.clone(),
                    rust_type: rust_type::display(&entry.ty),
                    ok: v.ok,
                    error_path: v.error_path.clone(),
                    error: v.error.clone(),
                    known,
                },
                None => Checked {
                    label: entry.label.clone(),
                    rust_type: rust_type::display(&entry.ty),
                    ok: false,
                    error: "the checker said nothing about it".to_owned(),
                    known,
                    ..Checked::default()
                },
            };
            if checked.ok && checked.known.is_some() {
                outcome.stale.push(format!(
                    "{} is on the known-bad list but now deserializes; remove it",
                    checked.label
                ));
            }
            outcome.checked.push(checked);
        }
        for label in self.known_bad.labels_of(&outcome.spec.relative) {
            if !entries.iter().any(|e| known_bad::names(label, &e.label)) {
                outcome.stale.push(format!(
                    "{label} is on the known-bad list but the spec has no such example; remove it"
                ));
            }
        }
        let ok = outcome.checked.iter().filter(|c| c.ok).count();
        let known = outcome
            .checked
            .iter()
            .filter(|c| !c.ok && c.known.is_some())
            .count();
        let unexpected = outcome.checked.len() - ok - known;
        println!(
            "corpus: {}: examples: {ok} ok, {known} known bad, {unexpected} failing",
            outcome.spec.relative
        );
        if unexpected > 0 {
            self.problem(format!(
                "{unexpected} example(s) fail and are not on the known-bad list"
            ));
        }
    }

    /// Runs one cargo step, records its time and diagnostics; `None` when it failed.
    fn cargo(
        &mut self,
        what: &str,
        args: &[&str],
        manifest: &Path,
        tool_args: &[&str],
    ) -> Result<Option<build::Run>, Error> {
        let target_dir = self.options.target.join("corpus-target");
        let step = build::Step {
            args,
            manifest,
            tool_args,
            target_dir: &target_dir,
        };
        println!("corpus: {}: {} ...", self.name(), step.describe());
        let run = build::run(&step).map_err(|e| Error(e.to_string()))?;
        println!(
            "corpus: {}: {what}: {} in {:.1} s, {} diagnostic(s)",
            self.name(),
            if run.success { "done" } else { "FAILED" },
            run.seconds,
            run.diagnostic_count()
        );
        self.log.push_str(&format!(
            "\n== {} ({:.1} s, {})\n",
            step.describe(),
            run.seconds,
            if run.success { "ok" } else { "failed" }
        ));
        for m in &run.messages {
            self.log.push_str(&m.rendered);
            self.log.push_str("\n\n");
        }
        self.outcome.timings.push((what.to_owned(), run.seconds));
        for m in run.messages.iter().take(PRINTED_MESSAGES) {
            eprintln!("{}\n", m.rendered);
        }
        if run.messages.len() > PRINTED_MESSAGES {
            eprintln!(
                "... and {} more diagnostic(s); see target/corpus/{}.log",
                run.messages.len() - PRINTED_MESSAGES,
                self.outcome.spec.crate_name
            );
        }
        self.outcome
            .build_messages
            .extend(run.messages.iter().map(|m| m.rendered.clone()));
        if !run.success {
            self.log.push_str(&run.stderr);
            if run.messages.is_empty() {
                eprintln!("{}", tail(&run.stderr, 20));
            }
            if run.messages.is_empty() {
                self.problem(format!("{what} failed"));
            } else {
                self.problem(format!("{what}: {} diagnostic(s)", run.messages.len()));
            }
            return Ok(None);
        }
        if !run.messages.is_empty() {
            self.problem(format!("{what}: {} diagnostic(s)", run.messages.len()));
        }
        Ok(Some(run))
    }

    fn problem(&mut self, problem: String) {
        self.outcome.problems.push(problem);
    }

    /// Logs the `what`s (operations, webhooks) of the spec missing from `side`, and fails the
    /// spec naming the first three.
    fn report_missing(&mut self, what: &str, side: &str, missing: &[&str]) {
        if missing.is_empty() {
            return;
        }
        self.log.push_str(&format!(
            "\n{what}s missing from {side}:\n{}\n",
            missing.join("\n")
        ));
        let shown = &missing[..missing.len().min(3)];
        let more = if missing.len() > shown.len() {
            ", …"
        } else {
            ""
        };
        self.problem(format!(
            "{} {what}(s) missing from {side} ({}{more})",
            missing.len(),
            shown.join(", ")
        ));
    }
}

/// The last `n` lines of `text`.
fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(label: &str) -> Entry {
        Entry {
            label: label.to_owned(),
            pointer: String::new(),
            ty: codegen::model::TypeRef::Named("A".to_owned()),
            value: serde_json::Value::Null,
        }
    }

    fn verdict(label: &str, ok: bool) -> Verdict {
        Verdict {
            label: label.to_owned(),
            ok,
            error_path: if ok { String::new() } else { "x".to_owned() },
            error: if ok { String::new() } else { "bad".to_owned() },
        }
    }

    #[test]
    fn fails_on_unlisted_failures_and_warns_on_stale_entries() {
        let options = Options {
            dir: PathBuf::new(),
            dir_name: String::new(),
            known_bad: PathBuf::new(),
            known_bad_required: false,
            target: PathBuf::new(),
            build: true,
            only: Vec::new(),
        };
        let list = known_bad::parse(
            "a.yml#/listed-fails r1\na.yml#/listed-passes r2\na.yml#/gone r3\nb.yml#/other r4\n",
        )
        .unwrap();
        let spec = SpecFile {
            relative: "a.yml".to_owned(),
            ..SpecFile::default()
        };
        let mut run = SpecRun::new(&options, &list, spec);
        let entries = [
            entry("a.yml#/listed-fails"),
            entry("a.yml#/listed-passes"),
            entry("a.yml#/new-failure"),
            entry("a.yml#/fine"),
        ];
        let verdicts = [
            verdict("a.yml#/listed-fails", false),
            verdict("a.yml#/listed-passes", true),
            verdict("a.yml#/new-failure", false),
            verdict("a.yml#/fine", true),
        ];
        run.judge(&entries, &verdicts);
        let o = run.outcome;
        assert_eq!(
            o.problems,
            ["1 example(s) fail and are not on the known-bad list"]
        );
        assert_eq!(o.stale.len(), 2);
        assert!(o.stale[0].starts_with("a.yml#/listed-passes is on the known-bad list but now"));
        assert!(o.stale[1].starts_with("a.yml#/gone is on the known-bad list but the spec has no"));
        assert_eq!(o.checked[0].known.as_deref(), Some("r1"));
        assert!(!o.passed());
    }

    #[test]
    fn keeps_the_last_lines() {
        assert_eq!(tail("a\nb\nc\n", 2), "b\nc");
        assert_eq!(tail("a", 5), "a");
    }
}
