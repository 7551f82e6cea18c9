//! Why a data set could not be loaded, with the file and the JSON path of the problem.

use std::fmt;
use std::path::{Path, PathBuf};

/// A data set that could not be read, parsed or accepted.
///
/// Its `Display` names the file (when the data came from one) and the JSON path of the
/// offending value, e.g. `invalid data file my.json: at items[0].accounts[1].type: ...`.
#[derive(Debug)]
pub struct DataError {
    file: Option<PathBuf>,
    kind: Kind,
    json_path: String,
    message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// The file could not be read.
    Read,
    /// The text is not JSON, or does not match the data set's schema.
    Parse,
    /// The data parsed but breaks a rule of the data set (duplicates, dangling ids, ...).
    Invalid,
}

impl DataError {
    pub(crate) fn read(file: &Path, error: &std::io::Error) -> Self {
        DataError {
            file: Some(file.to_owned()),
            kind: Kind::Read,
            json_path: String::new(),
            message: error.to_string(),
        }
    }

    pub(crate) fn parse(json_path: String, message: String) -> Self {
        DataError {
            file: None,
            kind: Kind::Parse,
            json_path,
            message,
        }
    }

    pub(crate) fn invalid(json_path: impl Into<String>, message: impl Into<String>) -> Self {
        DataError {
            file: None,
            kind: Kind::Invalid,
            json_path: json_path.into(),
            message: message.into(),
        }
    }

    pub(crate) fn in_file(mut self, file: &Path) -> Self {
        self.file = Some(file.to_owned());
        self
    }

    /// The file the data came from, if it came from a file.
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// The JSON path of the offending value (`items[1].access_token`); empty for the
    /// top level, and for a file that could not be read.
    pub fn json_path(&self) -> &str {
        &self.json_path
    }

    /// What is wrong, without the file name and path.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.kind == Kind::Read {
            let file = self.file.as_deref().unwrap_or(Path::new(""));
            return write!(
                f,
                "cannot read data file {}: {}",
                file.display(),
                self.message
            );
        }
        match &self.file {
            Some(file) => write!(f, "invalid data file {}", file.display())?,
            None => f.write_str("invalid data set")?,
        }
        if self.json_path.is_empty() {
            write!(f, ": at the top level: {}", self.message)
        } else {
            write!(f, ": at {}: {}", self.json_path, self.message)
        }
    }
}

impl std::error::Error for DataError {}
