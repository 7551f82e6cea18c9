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

/// Plaid's spec beside the checkout (`../shared/specs/plaid/`), as `cargo xtask bench` finds it.
///
/// # Errors
/// When the directory cannot be read or holds no YAML file.
pub fn plaid_path() -> Result<PathBuf, String> {
    xtask::bench::plaid_spec(&workspace_root()).map_err(|e| e.to_string())
}

/// The text of the spec at `path`.
///
/// # Errors
/// When the file cannot be read.
pub fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}
