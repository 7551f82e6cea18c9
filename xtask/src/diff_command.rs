//! `cargo xtask diff OLD [NEW]`: what a spec change does to the API, rule by rule, with the
//! effect on the generated Rust code.
//!
//! OLD and NEW are spec files; or OLD is a git revision, and then every spec in `spec/` at that
//! revision is compared with the working tree (or only NEW, when it is given). Exit codes: 0
//! nothing at or above `--fail-on`, 1 something is, 2 a usage, I/O, git or spec error.

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::diff::{self, DiffError, Level, Report, Spec};

/// The directory of the specs a git revision is compared in, relative to the workspace root.
pub const SPEC_DIR: &str = "spec";

/// How the report is written.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    /// Lines for a terminal.
    Text,
    /// A JSON array of reports, one per spec compared.
    Json,
    /// Markdown tables, e.g. for a pull-request comment.
    Markdown,
}

/// The least severe level that makes the command exit with status 1.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    /// A breaking change.
    Breaking,
    /// A warning or a breaking change.
    Warning,
    /// Never: always exit 0 when the specs could be compared.
    Never,
}

impl FailOn {
    fn fails(self, worst: Option<Level>) -> bool {
        match self {
            FailOn::Breaking => worst >= Some(Level::Breaking),
            FailOn::Warning => worst >= Some(Level::Warning),
            FailOn::Never => false,
        }
    }
}

/// What to compare and how to report it.
#[derive(Clone, Debug)]
pub struct Request {
    /// A spec file, or a git revision.
    pub old: String,
    /// A spec file; required when `old` is a file.
    pub new: Option<PathBuf>,
    /// The report's format.
    pub format: OutputFormat,
    /// When to exit with status 1.
    pub fail_on: FailOn,
    /// The workspace root: the git repository, and where `spec/` is.
    pub root: PathBuf,
}

/// What a comparison produced.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The rendered report (for standard output).
    pub report: String,
    /// Notes about spec files that exist on one side only (for standard error).
    pub notes: Vec<String>,
    /// 1 when a change at or above `--fail-on` was found, else 0.
    pub status: u8,
}

/// Why nothing could be compared.
#[derive(Debug)]
pub enum Failure {
    /// The arguments do not make sense together.
    Usage(String),
    /// A file could not be read.
    Read(PathBuf, std::io::Error),
    /// Git failed or the revision does not exist.
    Git(String),
    /// A spec has errors.
    Spec(DiffError),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Usage(message) => write!(f, "error: {message}"),
            Failure::Read(path, e) => write!(f, "error: cannot read {}: {e}", path.display()),
            Failure::Git(message) => write!(f, "error: {message}"),
            Failure::Spec(e) => write!(f, "{e}"),
        }
    }
}

/// Compares the specs `request` names and renders the report.
///
/// # Errors
/// A [`Failure`]: the command should exit with status 2.
pub fn run(request: &Request) -> Result<Outcome, Failure> {
    let mut notes = Vec::new();
    // A spec file that only the old revision has is gone for every client: breaking.
    let mut removed_spec = false;
    let pairs = if Path::new(&request.old).is_file() {
        let Some(new) = &request.new else {
            return Err(Failure::Usage(format!(
                "{} is a file, so give the new spec too: cargo xtask diff OLD NEW",
                request.old
            )));
        };
        let old_path = PathBuf::from(&request.old);
        vec![(
            request.old.clone(),
            read(&old_path)?,
            new.display().to_string(),
            read(new)?,
        )]
    } else {
        let rev = &request.old;
        verify_revision(&request.root, rev)?;
        match &request.new {
            Some(new) => {
                let relative = repository_path(&request.root, new)?;
                let old = git_show(&request.root, rev, &relative)?.ok_or_else(|| {
                    Failure::Git(format!("{relative} does not exist at revision {rev}"))
                })?;
                vec![(
                    format!("{rev}:{relative}"),
                    old,
                    new.display().to_string(),
                    read(new)?,
                )]
            }
            None => {
                let mut pairs = Vec::new();
                for relative in spec_files(&request.root, rev)? {
                    let old = git_show(&request.root, rev, &relative)?;
                    let new_path = request.root.join(&relative);
                    match (old, new_path.is_file()) {
                        (Some(old), true) => {
                            pairs.push((
                                format!("{rev}:{relative}"),
                                old,
                                relative.clone(),
                                read(&new_path)?,
                            ));
                        }
                        (Some(_), false) => {
                            removed_spec = true;
                            notes.push(format!(
                                "breaking: {relative} exists at {rev} but was removed"
                            ));
                        }
                        (None, _) => notes.push(format!(
                            "info: {relative} is new since {rev}; nothing to compare"
                        )),
                    }
                }
                if pairs.is_empty() {
                    notes.push(format!(
                        "info: no spec file in {SPEC_DIR}/ exists both at {rev} and in the working tree"
                    ));
                }
                pairs
            }
        }
    };
    let mut reports: Vec<Report> = Vec::new();
    for (old_name, old_text, new_name, new_text) in &pairs {
        let report = diff::compare(
            &Spec {
                name: old_name,
                text: old_text,
            },
            &Spec {
                name: new_name,
                text: new_text,
            },
        )
        .map_err(Failure::Spec)?;
        reports.push(report);
    }
    let worst = reports
        .iter()
        .filter_map(Report::worst)
        .chain(removed_spec.then_some(Level::Breaking))
        .max();
    let format = match request.format {
        OutputFormat::Text => diff::Format::Text,
        OutputFormat::Json => diff::Format::Json,
        OutputFormat::Markdown => diff::Format::Markdown,
    };
    Ok(Outcome {
        report: diff::render(&reports, format),
        notes,
        status: u8::from(request.fail_on.fails(worst)),
    })
}

fn read(path: &Path) -> Result<String, Failure> {
    std::fs::read_to_string(path).map_err(|e| Failure::Read(path.to_path_buf(), e))
}

/// Runs git in `root` and returns its standard output, or `None` when git says no.
fn git(root: &Path, args: &[&str]) -> Result<Option<String>, Failure> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|e| Failure::Git(format!("cannot run git: {e}")))?;
    if !output.status.success() {
        return Ok(None);
    }
    String::from_utf8(output.stdout).map(Some).map_err(|_| {
        Failure::Git(format!(
            "git {} printed text that is not UTF-8",
            args.join(" ")
        ))
    })
}

fn verify_revision(root: &Path, rev: &str) -> Result<(), Failure> {
    let commit = format!("{rev}^{{commit}}");
    match git(root, &["rev-parse", "--verify", "--quiet", &commit])? {
        Some(_) => Ok(()),
        None => Err(Failure::Usage(format!(
            "`{rev}` is neither a spec file nor a git revision of {}; give two spec files, or a revision such as origin/main",
            root.display()
        ))),
    }
}

/// `path` relative to the repository root, with `/`, for `git show REV:path`.
fn repository_path(root: &Path, path: &Path) -> Result<String, Failure> {
    let absolute = path
        .canonicalize()
        .map_err(|e| Failure::Read(path.to_path_buf(), e))?;
    let root = root
        .canonicalize()
        .map_err(|e| Failure::Read(root.to_path_buf(), e))?;
    let relative = absolute.strip_prefix(&root).map_err(|_| {
        Failure::Usage(format!(
            "{} is outside the repository {}, so it has no old version to compare with",
            path.display(),
            root.display()
        ))
    })?;
    Ok(relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/"))
}

/// The file at `relative` at revision `rev`, or `None` when it does not exist there.
fn git_show(root: &Path, rev: &str, relative: &str) -> Result<Option<String>, Failure> {
    // `./` makes the path relative to the workspace root (git runs there), not to the top of
    // the repository, which may be a parent of the workspace.
    git(root, &["show", &format!("{rev}:./{relative}")])
}

/// Every spec file (`.yaml`, `.yml`, `.json`) directly in `spec/`, at `rev` or in the working
/// tree, sorted, as paths relative to the root.
fn spec_files(root: &Path, rev: &str) -> Result<Vec<String>, Failure> {
    let is_spec = |name: &str| [".yaml", ".yml", ".json"].iter().any(|e| name.ends_with(e));
    let mut files = std::collections::BTreeSet::new();
    let listed = git(
        root,
        &["ls-tree", "--name-only", rev, &format!("{SPEC_DIR}/")],
    )?
    .unwrap_or_default();
    files.extend(listed.lines().filter(|l| is_spec(l)).map(str::to_owned));
    let dir = root.join(SPEC_DIR);
    let entries = std::fs::read_dir(&dir).map_err(|e| Failure::Read(dir.clone(), e))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_spec(&name) && entry.path().is_file() {
            files.insert(format!("{SPEC_DIR}/{name}"));
        }
    }
    Ok(files.into_iter().collect())
}
