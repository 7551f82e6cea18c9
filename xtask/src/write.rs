//! Writing a generated crate: atomically, only what changed, and removing what is stale.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use codegen::GeneratedFile;
use codegen::format::GENERATED_MARKER;

/// What bringing a directory up to date takes.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Files that are missing or differ, relative to the directory.
    pub write: Vec<String>,
    /// Generated files (they start with the `@generated` marker) that are no longer generated.
    pub remove: Vec<String>,
    /// Files already up to date.
    pub unchanged: usize,
}

impl Changes {
    /// Whether the directory is already up to date.
    pub fn is_empty(&self) -> bool {
        self.write.is_empty() && self.remove.is_empty()
    }
}

/// Compares `files` with what is in `dir`.
///
/// # Errors
/// When a file exists but cannot be read.
pub fn plan(dir: &Path, files: &[GeneratedFile]) -> io::Result<Changes> {
    let mut changes = Changes::default();
    for f in files {
        match fs::read_to_string(dir.join(&f.path)) {
            Ok(existing) if existing == f.contents => changes.unchanged += 1,
            Ok(_) => changes.write.push(f.path.clone()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => changes.write.push(f.path.clone()),
            Err(e) => {
                return Err(io::Error::new(
                    e.kind(),
                    format!("{}: {e}", dir.join(&f.path).display()),
                ));
            }
        }
    }
    let src = dir.join("src");
    if src.is_dir() {
        let mut entries: Vec<PathBuf> = fs::read_dir(&src)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for path in entries {
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            let relative = format!("src/{name}");
            let is_rust = path.extension().is_some_and(|e| e == "rs");
            if !is_rust || files.iter().any(|f| f.path == relative) {
                continue;
            }
            if fs::read_to_string(&path).is_ok_and(|text| text.starts_with(GENERATED_MARKER)) {
                changes.remove.push(relative);
            }
        }
    }
    Ok(changes)
}

/// Applies `changes`: each file is written to a temporary file beside it and renamed into place,
/// so a reader never sees half a file.
///
/// # Errors
/// The first I/O error; files written before it stay written (each is whole).
pub fn apply(dir: &Path, files: &[GeneratedFile], changes: &Changes) -> io::Result<()> {
    for path in &changes.write {
        let Some(file) = files.iter().find(|f| &f.path == path) else {
            continue;
        };
        write_atomically(&dir.join(path), file.contents.as_bytes())?;
    }
    for path in &changes.remove {
        fs::remove_file(dir.join(path))?;
    }
    Ok(())
}

/// Writes `contents` to `path` through a temporary file in the same directory and a rename.
///
/// # Errors
/// When the directory cannot be created or the file cannot be written or renamed.
pub fn write_atomically(path: &Path, contents: &[u8]) -> io::Result<()> {
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent)?;
    let mut tmp = tempfile::NamedTempFile::new_in(parent)?;
    tmp.write_all(contents)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
