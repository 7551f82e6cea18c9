//! The report as text for a terminal, JSON for tools, or Markdown for a pull-request comment.

use std::fmt::Write as _;

use super::{Report, RustEffect};

/// An output format of the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Lines for a terminal.
    Text,
    /// A JSON array of reports.
    Json,
    /// Markdown tables.
    Markdown,
}

/// `reports` in `format`.
pub fn render(reports: &[Report], format: Format) -> String {
    match format {
        Format::Text => reports
            .iter()
            .map(render_text)
            .collect::<Vec<_>>()
            .join("\n"),
        Format::Json => render_json(reports),
        Format::Markdown => reports
            .iter()
            .map(render_markdown)
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// One report as text: a heading, one block per change, and the Rust-level summary.
pub fn render_text(report: &Report) -> String {
    let mut out = format!("{} -> {}\n", report.old, report.new);
    let _ = writeln!(out, "{}", counts(report));
    for change in &report.changes {
        let _ = writeln!(
            out,
            "\n{:<8}  {}  #{}\n          {}\n          rust: {}",
            change.level.as_str(),
            change.rule,
            change.pointer,
            change.message,
            change.rust
        );
    }
    let rust = rust_lines(&report.rust);
    if !rust.is_empty() {
        out.push_str("\nRust API:\n");
        for (what, names) in rust {
            let _ = writeln!(out, "  {what}: {names}");
        }
    }
    out
}

/// Every report as a pretty-printed JSON array.
pub fn render_json(reports: &[Report]) -> String {
    // Serializing plain structs of strings and numbers cannot fail; an empty array is the
    // honest fallback should it ever.
    let mut json = serde_json::to_string_pretty(reports).unwrap_or_else(|_| "[]".to_owned());
    json.push('\n');
    json
}

/// One report as Markdown: a heading, a table of changes, and the Rust-level summary.
pub fn render_markdown(report: &Report) -> String {
    let mut out = format!(
        "### `{}` → `{}`\n\n{}\n",
        report.old,
        report.new,
        counts(report)
    );
    if !report.changes.is_empty() {
        out.push_str("\n| level | rule | where | change | Rust effect |\n|---|---|---|---|---|\n");
        for c in &report.changes {
            let _ = writeln!(
                out,
                "| {} | `{}` | `#{}` | {} | {} |",
                c.level.as_str(),
                c.rule,
                cell(&c.pointer),
                cell(&c.message),
                cell(&c.rust)
            );
        }
    }
    let rust = rust_lines(&report.rust);
    if !rust.is_empty() {
        out.push_str("\n**Rust API**\n\n");
        for (what, names) in rust {
            let _ = writeln!(out, "- {what}: {}", cell(&names));
        }
    }
    out
}

fn counts(report: &Report) -> String {
    let s = report.summary;
    let total = s.breaking + s.warning + s.info;
    if total == 0 {
        return "no changes".to_owned();
    }
    format!(
        "{total} change(s): {} breaking, {} warning, {} info",
        s.breaking, s.warning, s.info
    )
}

/// The non-empty lists of the Rust effect, each as a label and comma-separated names.
fn rust_lines(effect: &RustEffect) -> Vec<(&'static str, String)> {
    let renamed: Vec<String> = effect
        .types_renamed
        .iter()
        .map(|r| format!("{} -> {}", r.from, r.to))
        .collect();
    [
        ("types added", &effect.types_added),
        ("types removed", &effect.types_removed),
        ("types renamed", &renamed),
        ("types changed", &effect.types_changed),
        ("fields and variants added", &effect.members_added),
        ("fields and variants removed", &effect.members_removed),
        ("fields and variants changed", &effect.members_changed),
        ("methods added", &effect.methods_added),
        ("methods removed", &effect.methods_removed),
        ("methods changed", &effect.methods_changed),
    ]
    .into_iter()
    .filter(|(_, names)| !names.is_empty())
    .map(|(what, names)| (what, names.join(", ")))
    .collect()
}

/// Text safe inside a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
