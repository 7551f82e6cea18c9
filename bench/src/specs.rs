//! The specs the benchmarks read: the repository's own, and Plaid's from the shared corpus
//! beside the checkout (read at run time, never copied into the repository).

use std::fs;
use std::path::{Path, PathBuf};

/// The workspace root (the parent of this crate's directory).
pub fn workspace_root() -> PathBuf {
    xtask::workspace_root()
}

/// `spec/auth_get.yaml`.
pub fn auth_get_path() -> PathBuf {
    workspace_root().join(xtask::DEFAULT_SPEC)
}

/// The directory of Plaid's spec, relative to the workspace root.
pub const PLAID_DIR: &str = "../shared/specs/plaid";

/// The first `*.yml`/`*.yaml` file (by name) in [`PLAID_DIR`].
///
/// # Errors
/// When the directory cannot be read or holds no YAML file.
pub fn plaid_path() -> Result<PathBuf, String> {
    let dir = workspace_root().join(PLAID_DIR);
    let entries = fs::read_dir(&dir)
        .map_err(|e| format!("cannot read Plaid's spec directory {}: {e}", dir.display()))?;
    let mut specs: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    specs.sort();
    specs
        .into_iter()
        .next()
        .ok_or_else(|| format!("no *.yml or *.yaml spec in {}", dir.display()))
}

/// The text of the spec at `path`.
///
/// # Errors
/// When the file cannot be read.
pub fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}
