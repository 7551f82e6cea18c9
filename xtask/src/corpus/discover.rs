//! Finding the specs of a corpus directory, and naming the crate generated from each.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// One spec file of the corpus.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpecFile {
    /// The file.
    pub path: PathBuf,
    /// Its path relative to the corpus directory, with `/` (e.g. `plaid/2020-09-14.yml`): how
    /// the table and example labels name it.
    pub relative: String,
    /// The package name of the crate generated from it (e.g. `plaid-2020-09-14`).
    pub crate_name: String,
    /// The version it declares: `openapi: 3.0.3` gives `OpenAPI 3.0.3`, `swagger: "2.0"`
    /// gives `Swagger 2.0`.
    pub version: String,
    /// Whether the generator reads documents of that version.
    pub readable: bool,
}

/// A file with a spec's extension that is not an OpenAPI document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotASpec {
    /// Its path relative to the corpus directory.
    pub relative: String,
}

/// Every OpenAPI document under `dir` (recursively; `*.yaml`, `*.yml`, `*.json`), sorted by
/// relative path, and the files with those extensions that are not OpenAPI documents. Other
/// files (`SOURCE.txt`, licences) are passed over silently; so are hidden entries.
///
/// # Errors
/// When a directory cannot be listed or a candidate file cannot be read.
pub fn discover(dir: &Path) -> io::Result<(Vec<SpecFile>, Vec<NotASpec>)> {
    let mut candidates = Vec::new();
    collect_candidates(dir, &mut candidates)?;
    let mut relatives: Vec<(String, PathBuf)> = candidates
        .into_iter()
        .map(|path| (relative_name(dir, &path), path))
        .collect();
    relatives.sort();
    let mut specs: Vec<SpecFile> = Vec::new();
    let mut others = Vec::new();
    for (relative, path) in relatives {
        let text = fs::read_to_string(&path)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        let Some(declared) = declared_version(&text) else {
            others.push(NotASpec { relative });
            continue;
        };
        let mut crate_name = crate_name_for(&relative);
        let base = crate_name.clone();
        let mut n = 2;
        while specs.iter().any(|s| s.crate_name == crate_name) {
            crate_name = format!("{base}-{n}");
            n += 1;
        }
        specs.push(SpecFile {
            path,
            relative,
            crate_name,
            readable: declared.is_read(),
            version: declared.to_string(),
        });
    }
    Ok((specs, others))
}

fn collect_candidates(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    let entries = fs::read_dir(dir)
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", dir.display())))?;
    for entry in entries {
        let entry = entry?;
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if hidden {
            continue;
        }
        if entry.file_type()?.is_dir() {
            collect_candidates(&path, out)?;
        } else if has_spec_extension(&path) {
            out.push(path);
        }
    }
    Ok(())
}

fn has_spec_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "yaml" | "yml" | "json"))
}

fn relative_name(dir: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(dir).unwrap_or(path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The version an OpenAPI or Swagger document declares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeclaredVersion {
    /// `openapi: <version>`.
    OpenApi(String),
    /// `swagger: <version>`.
    Swagger(String),
}

impl DeclaredVersion {
    /// Whether the generator reads documents of this version.
    pub fn is_read(&self) -> bool {
        match self {
            DeclaredVersion::OpenApi(v) => codegen::reads_openapi_version(v),
            DeclaredVersion::Swagger(v) => codegen::reads_openapi_version(v),
        }
    }
}

impl std::fmt::Display for DeclaredVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DeclaredVersion::OpenApi(v) => write!(f, "OpenAPI {v}"),
            DeclaredVersion::Swagger(v) => write!(f, "Swagger {v}"),
        }
    }
}

/// The version `text` declares when it is an OpenAPI or Swagger document: a YAML mapping or
/// JSON object with a top-level `openapi` (or `swagger`) member. `None` for anything else,
/// including text that does not parse.
pub fn declared_version(text: &str) -> Option<DeclaredVersion> {
    let doc: serde_yaml::Value = serde_yaml::from_str(text).ok()?;
    let version = |key: &str| {
        doc.get(key).and_then(|v| match v {
            serde_yaml::Value::String(s) => Some(s.clone()),
            serde_yaml::Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
    };
    version("openapi")
        .map(DeclaredVersion::OpenApi)
        .or_else(|| version("swagger").map(DeclaredVersion::Swagger))
}

/// A package name from a spec's relative path: the path without its extension, every run of
/// characters other than ASCII letters and digits made one `-`, lower case, prefixed with
/// `api-` unless it starts with a letter. `plaid/2020-09-14.yml` gives `plaid-2020-09-14`.
pub fn crate_name_for(relative: &str) -> String {
    let stem = match relative.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => relative,
    };
    let mut name = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.is_empty() && !name.ends_with('-') {
            name.push('-');
        }
    }
    let name = name.trim_end_matches('-');
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name.to_owned()
    } else if name.is_empty() {
        "api".to_owned()
    } else {
        format!("api-{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_crates_after_the_relative_path() {
        assert_eq!(crate_name_for("plaid/2020-09-14.yml"), "plaid-2020-09-14");
        assert_eq!(crate_name_for("2020-09-14.yml"), "api-2020-09-14");
        assert_eq!(crate_name_for("Stripe API/spec3.json"), "stripe-api-spec3");
        assert_eq!(crate_name_for("..yaml"), "api");
    }

    #[test]
    fn reads_the_declared_version() {
        let openapi = |v: &str| Some(DeclaredVersion::OpenApi(v.to_owned()));
        assert_eq!(
            declared_version("openapi: 3.0.0\ninfo: {}\n"),
            openapi("3.0.0")
        );
        assert_eq!(
            declared_version("info:\n  title: x\nopenapi: '3.1.0'\n"),
            openapi("3.1.0")
        );
        assert_eq!(
            declared_version("{\n  \"info\": {},\n  \"openapi\" : \"3.0.1\"\n}"),
            openapi("3.0.1")
        );
        assert_eq!(
            declared_version("{\"swagger\": \"2.0\"}"),
            Some(DeclaredVersion::Swagger("2.0".to_owned()))
        );
        assert_eq!(declared_version("name: ci\non: push\n"), None);
        assert_eq!(declared_version("info:\n  openapi: 3.0.0\n"), None);
        assert_eq!(declared_version("openapi: [unclosed"), None);
        assert!(openapi("3.0.3").is_some_and(|v| v.is_read()));
        assert!(DeclaredVersion::Swagger("2.0".to_owned()).is_read());
        assert!(!openapi("4.0.0").is_some_and(|v| v.is_read()));
    }

    #[test]
    fn finds_specs_recursively_and_sorted() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("b/nested")).unwrap();
        fs::create_dir_all(root.join("a")).unwrap();
        fs::write(root.join("b/nested/x.yaml"), "openapi: 3.0.0\n").unwrap();
        fs::write(root.join("a/one.json"), "{\"openapi\": \"3.0.0\"}").unwrap();
        fs::write(root.join("a/SOURCE.txt"), "openapi: 3.0.0\n").unwrap();
        fs::write(root.join("a/config.yml"), "name: not a spec\n").unwrap();
        fs::write(root.join("a/old.json"), "{\"swagger\": \"2.0\"}").unwrap();
        fs::write(root.join("a/next.yaml"), "openapi: 4.0.0\n").unwrap();
        let (specs, others) = discover(root).unwrap();
        let names: Vec<_> = specs
            .iter()
            .map(|s| (s.relative.as_str(), s.crate_name.as_str(), s.readable))
            .collect();
        assert_eq!(
            names,
            [
                ("a/next.yaml", "a-next", false),
                ("a/old.json", "a-old", true),
                ("a/one.json", "a-one", true),
                ("b/nested/x.yaml", "b-nested-x", true)
            ]
        );
        assert_eq!(specs[1].version, "Swagger 2.0");
        assert_eq!(
            others,
            [NotASpec {
                relative: "a/config.yml".to_owned()
            }]
        );
    }
}
