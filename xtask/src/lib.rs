//! The project's commands, as a library so that tests run the same code as `cargo xtask`.

pub mod bench;
pub mod codegen_command;
pub mod conformance;
pub mod corpus;
pub mod diff_command;
pub mod stub_server;
pub mod write;

use std::path::{Path, PathBuf};

/// The workspace root (the parent of this crate's directory).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// The default spec, relative to the workspace root.
pub const DEFAULT_SPEC: &str = "spec/auth_get.yaml";

/// The checked-in generated crate, relative to the workspace root.
pub const GENERATED_DIR: &str = "generated";
