//! `cargo xtask codegen`: regenerate a crate from a spec, or check that it is up to date.

use std::path::{Path, PathBuf};
use std::{fmt, fs};

use codegen::{DependencyStyle, Diagnostics, Generated, Options};

use crate::write::{self, Changes};
use crate::{DEFAULT_SPEC, GENERATED_DIR};

/// What to generate and where.
#[derive(Clone, Debug)]
pub struct Request {
    /// The spec file.
    pub spec: PathBuf,
    /// How the spec is named in `@generated` headers.
    pub spec_name: String,
    /// The crate directory.
    pub out: PathBuf,
    /// Generator options.
    pub options: Options,
}

/// The spec of the type-mapping rows whose behaviour is tested by running generated code,
/// relative to the workspace root.
pub const BEHAVIOUR_SPEC: &str = "tests/fixtures/types/behaviour.yaml";

/// The checked-in crate generated from [`BEHAVIOUR_SPEC`], relative to the workspace root.
pub const BEHAVIOUR_DIR: &str = "tests/generated-behaviour";

/// The spec of the webhook receiver tests (OpenAPI 3.1 webhooks, received by generated code
/// on a loopback port), relative to the workspace root.
pub const WEBHOOKS_SPEC: &str = "tests/fixtures/types/webhooks.yaml";

/// The checked-in crate generated from [`WEBHOOKS_SPEC`], relative to the workspace root.
pub const WEBHOOKS_DIR: &str = "tests/generated-webhooks";

impl Request {
    /// The repository's own job: `spec/auth_get.yaml` into `generated/`, as a workspace member.
    pub fn default_for(root: &Path) -> Self {
        Self::workspace_job(root, DEFAULT_SPEC, GENERATED_DIR, "generated")
    }

    /// The behaviour tests' job: [`BEHAVIOUR_SPEC`] into [`BEHAVIOUR_DIR`], as a workspace
    /// member named `generated-behaviour`.
    pub fn behaviour_for(root: &Path) -> Self {
        Self::workspace_job(root, BEHAVIOUR_SPEC, BEHAVIOUR_DIR, "generated-behaviour")
    }

    /// The webhook tests' job: [`WEBHOOKS_SPEC`] into [`WEBHOOKS_DIR`], as a workspace member
    /// named `generated-webhooks`.
    pub fn webhooks_for(root: &Path) -> Self {
        Self::workspace_job(root, WEBHOOKS_SPEC, WEBHOOKS_DIR, "generated-webhooks")
    }

    /// Every checked-in generated crate: what `cargo xtask codegen` without `--spec` or `--out`
    /// regenerates (and `--check` checks), in this order.
    pub fn default_jobs(root: &Path) -> Vec<Self> {
        vec![
            Self::default_for(root),
            Self::behaviour_for(root),
            Self::webhooks_for(root),
        ]
    }

    fn workspace_job(root: &Path, spec: &str, out: &str, crate_name: &str) -> Self {
        Request {
            spec: root.join(spec),
            spec_name: spec.to_owned(),
            out: root.join(out),
            options: Options {
                dependencies: DependencyStyle::Workspace,
                ..Options::new(crate_name, spec)
            },
        }
    }
}

/// Why a run did not produce a crate.
#[derive(Debug)]
pub enum Failure {
    /// The spec could not be read.
    Read(PathBuf, std::io::Error),
    /// The spec has errors (rendered with the spec's name).
    Spec(String, Diagnostics),
    /// Writing or comparing files failed.
    Io(std::io::Error),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Read(path, e) => write!(f, "error: cannot read spec {}: {e}", path.display()),
            Failure::Spec(name, d) => {
                write!(f, "{}", d.render(name))?;
                write!(
                    f,
                    "error: {} has {} error(s); nothing was written",
                    name,
                    d.error_count()
                )
            }
            Failure::Io(e) => write!(f, "error: {e}"),
        }
    }
}

/// Generates the crate in memory and compares it with the directory.
///
/// # Errors
/// When the spec cannot be read, has errors, or the directory cannot be read.
pub fn plan(request: &Request) -> Result<(Generated, Changes), Failure> {
    let text =
        fs::read_to_string(&request.spec).map_err(|e| Failure::Read(request.spec.clone(), e))?;
    let generated = codegen::generate(&text, &request.options)
        .map_err(|d| Failure::Spec(request.spec_name.clone(), d))?;
    let changes = write::plan(&request.out, &generated.files).map_err(Failure::Io)?;
    Ok((generated, changes))
}

/// Brings the directory up to date and returns the summary line and the warnings.
///
/// # Errors
/// As [`plan`], or when a file cannot be written.
pub fn run(request: &Request) -> Result<Outcome, Failure> {
    let (generated, changes) = plan(request)?;
    write::apply(&request.out, &generated.files, &changes).map_err(Failure::Io)?;
    Ok(Outcome {
        summary: summary(request, &generated, &changes),
        warnings: generated.warnings.render(&request.spec_name),
    })
}

/// What a successful run reports.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The one-line summary.
    pub summary: String,
    /// The warnings, rendered (empty when there are none).
    pub warnings: String,
}

/// The one-line summary: counts, time, and what changed on disk.
pub fn summary(request: &Request, generated: &Generated, changes: &Changes) -> String {
    let s = generated.stats;
    let mut line = format!(
        "{} -> {}: {} types, {} operations, {} lines in {:.1} ms; {} written, {} removed, {} unchanged",
        request.spec_name,
        display_path(&request.out),
        s.types,
        s.operations,
        s.lines,
        s.millis,
        changes.write.len(),
        changes.remove.len(),
        changes.unchanged,
    );
    let warnings = generated.warnings.warning_count();
    if warnings > 0 {
        line.push_str(&format!("; {warnings} warning(s)"));
    }
    line
}

/// `path` relative to the current directory when it is inside it, as a person would type it.
fn display_path(path: &Path) -> String {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf));
    relative
        .unwrap_or_else(|| path.to_path_buf())
        .display()
        .to_string()
}
