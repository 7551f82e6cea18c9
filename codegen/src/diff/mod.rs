//! Comparing two versions of a spec: every change with a rule id, a level, a JSON pointer, a
//! one-line explanation and its effect on the generated Rust API.
//!
//! Both specs go through the whole pipeline ([`crate::generate`]), so a broken spec gives the
//! usual located diagnostics, and the comparison reads two [`crate::model::Api`]s: `$ref`s are
//! resolved, types are named as the generated crate names them. Direction matters: a type
//! reached from a request body or parameter is rated as a request (narrowing breaks clients),
//! one reached from a response as a response (widening breaks clients that do not tolerate it;
//! the generated client tolerates new fields and new enum values). A type reached from both is
//! reported once for each direction.
//!
//! ```
//! let old = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet: {type: object, properties: {name: {type: string}}}\n";
//! let new = old.replace("properties:", "required: [name], properties:");
//! let report = codegen::diff::compare(
//!     &codegen::diff::Spec { name: "old.yaml", text: old },
//!     &codegen::diff::Spec { name: "new.yaml", text: &new },
//! ).unwrap();
//! assert_eq!(report.changes[0].rule, "schema-property-made-required");
//! ```

mod constraints;
mod locate;
mod operations;
mod renames;
mod render;
mod rules;
mod rust_effect;
mod types;
mod usage;
mod webhooks;

pub use render::{Format, render, render_json, render_markdown, render_text};
pub use rust_effect::{RenamedType, RustEffect};

use serde::Serialize;

use crate::model::Api;
use crate::{Diagnostics, Options};
use locate::Document;

/// How much a change matters to the API's users.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Nothing breaks: an addition clients tolerate, a loosening.
    Info,
    /// Nothing breaks on the wire, but someone should look: the Rust API changes, or behaviour
    /// does for some clients.
    Warning,
    /// Existing clients (or servers) stop working: a request is refused, a response no longer
    /// decodes, an operation is gone.
    Breaking,
}

impl Level {
    /// `info`, `warning` or `breaking`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Breaking => "breaking",
        }
    }
}

/// One change between two versions of a spec.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// A stable kebab-case rule id, e.g. `request-property-required-added`.
    pub rule: String,
    /// How much it matters.
    pub level: Level,
    /// Where it is: a JSON pointer into the new spec, or into the old one for removals.
    pub pointer: String,
    /// One line saying what changed and why it has this level.
    pub message: String,
    /// Its effect on the generated Rust API, in one line.
    pub rust: String,
}

/// The comparison of two versions of one spec.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    /// How the old spec is named (a path, or `REV:path`).
    pub old: String,
    /// How the new spec is named.
    pub new: String,
    /// Every change, most severe first, then in spec order.
    pub changes: Vec<Change>,
    /// How many changes of each level.
    pub summary: Summary,
    /// The effect on the generated Rust API as a whole.
    pub rust: RustEffect,
}

impl Report {
    /// The level of the most severe change, if there is any change.
    pub fn worst(&self) -> Option<Level> {
        self.changes.iter().map(|c| c.level).max()
    }
}

/// Counts of changes by level.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Changes that break existing clients or servers.
    pub breaking: usize,
    /// Changes worth a look.
    pub warning: usize,
    /// Harmless changes.
    pub info: usize,
}

/// One version of a spec: its text and how to name it in messages.
#[derive(Clone, Copy, Debug)]
pub struct Spec<'a> {
    /// E.g. `spec/auth_get.yaml` or `origin/main:spec/auth_get.yaml`.
    pub name: &'a str,
    /// The YAML or JSON text.
    pub text: &'a str,
}

/// Why two specs could not be compared.
#[derive(Clone, Debug, thiserror::Error)]
pub enum DiffError {
    /// A spec has errors; nothing was compared.
    #[error("{}error: {name} has {} error(s); nothing was compared", .diagnostics.render(.name), .diagnostics.error_count())]
    Spec {
        /// The spec's name.
        name: String,
        /// Its problems, located.
        diagnostics: Diagnostics,
    },
}

/// Compares `old` with `new`.
///
/// # Errors
/// When either spec has errors (each with its pointer and line).
pub fn compare(old: &Spec<'_>, new: &Spec<'_>) -> Result<Report, DiffError> {
    let old_api = lower(old)?;
    let new_api = lower(new)?;
    let documents = Documents {
        old: Document::parse(old.text),
        new: Document::parse(new.text),
    };
    Ok(build_report(
        (old.name, &old_api),
        (new.name, &new_api),
        &documents,
    ))
}

fn lower(spec: &Spec<'_>) -> Result<Api, DiffError> {
    crate::generate(spec.text, &Options::new("diff", spec.name))
        .map(|generated| generated.api)
        .map_err(|diagnostics| DiffError::Spec {
            name: spec.name.to_owned(),
            diagnostics,
        })
}

/// Compares two models, named `old_name` and `new_name` in the report. Without the spec
/// documents, parameters are located at their operation's `parameters` and properties at
/// their type's `properties`.
pub fn compare_apis(old_name: &str, old: &Api, new_name: &str, new: &Api) -> Report {
    build_report((old_name, old), (new_name, new), &Documents::default())
}

fn build_report(
    (old_name, old): (&str, &Api),
    (new_name, new): (&str, &Api),
    documents: &Documents,
) -> Report {
    let renames = renames::detect(old, new);
    let context = Context {
        old,
        new,
        old_usage: usage::of(old),
        new_usage: usage::of(new),
        renames: &renames,
        documents,
    };
    let mut changes = operations::compare(&context);
    changes.extend(types::compare(&context));
    // Most severe first; within a level, spec order (the sort is stable).
    changes.sort_by_key(|c| std::cmp::Reverse(c.level));
    let mut summary = Summary::default();
    for change in &changes {
        match change.level {
            Level::Breaking => summary.breaking += 1,
            Level::Warning => summary.warning += 1,
            Level::Info => summary.info += 1,
        }
    }
    Report {
        old: old_name.to_owned(),
        new: new_name.to_owned(),
        changes,
        summary,
        rust: rust_effect::of(old, new, &renames),
    }
}

/// What the comparing functions share.
pub(crate) struct Context<'a> {
    pub old: &'a Api,
    pub new: &'a Api,
    pub old_usage: usage::Usages,
    pub new_usage: usage::Usages,
    pub renames: &'a renames::Renames,
    pub documents: &'a Documents,
}

/// The two spec documents, for exact pointers.
#[derive(Default)]
pub(crate) struct Documents {
    pub old: Document,
    pub new: Document,
}
