//! The table and the details of a corpus run, for the terminal and `target/corpus/report.md`.

use std::fmt::Write;

use super::{Checked, SpecOutcome};

/// The columns of the table, in order.
const HEADERS: [&str; 13] = [
    "spec",
    "operations",
    "client",
    "server",
    "webhooks",
    "types",
    "generated lines",
    "generation ms",
    "build s",
    "build warnings",
    "examples ok/total",
    "generator diagnostics",
    "result",
];

/// The columns of text, left-aligned; numbers are right-aligned.
const TEXT_COLUMNS: [usize; 3] = [0, 11, 12];

/// The table: one row per spec, columns padded to a fixed width (a Markdown table that also
/// reads in a terminal).
pub fn table(outcomes: &[SpecOutcome]) -> String {
    let rows: Vec<[String; 13]> = outcomes.iter().map(row).collect();
    let mut widths = HEADERS.map(str::len);
    for r in &rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let line = |out: &mut String, cells: &[String]| {
        out.push('|');
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            let cell = if TEXT_COLUMNS.contains(&i) {
                format!(" {cell:<w$} |")
            } else {
                format!(" {cell:>w$} |")
            };
            out.push_str(&cell);
        }
        out.push('\n');
    };
    line(&mut out, &HEADERS.map(str::to_owned));
    let rule: Vec<String> = widths
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if TEXT_COLUMNS.contains(&i) {
                "-".repeat(*w)
            } else {
                format!("{}:", "-".repeat(w - 1))
            }
        })
        .collect();
    line(&mut out, &rule);
    for r in &rows {
        line(&mut out, r);
    }
    out
}

fn row(o: &SpecOutcome) -> [String; 13] {
    let dash = || "-".to_owned();
    if o.not_read() {
        let mut cells = [(); 13].map(|()| dash());
        cells[0] = o.spec.relative.clone();
        cells[12] = format!("not read yet ({})", o.spec.version);
        return cells;
    }
    let stats = o.stats;
    let examples = if o.checked.is_empty() && o.build_seconds.is_none() {
        dash()
    } else {
        let ok = o.checked.iter().filter(|c| c.ok).count();
        let known = o
            .checked
            .iter()
            .filter(|c| !c.ok && c.known.is_some())
            .count();
        let mut cell = format!("{ok}/{}", o.checked.len());
        if known > 0 {
            cell.push_str(&format!(" ({known} known bad)"));
        }
        cell
    };
    let diagnostics = match &o.codegen_errors {
        Some((errors, _)) => format!("{errors} error(s)"),
        None => match o.codegen_warnings {
            1 => "1 warning".to_owned(),
            n => format!("{n} warnings"),
        },
    };
    let result = if o.problems.is_empty() {
        "ok".to_owned()
    } else {
        format!("FAIL: {}", o.problems.join("; "))
    };
    let count = |side: fn(&super::Coverage) -> usize| {
        o.coverage
            .as_ref()
            .map_or_else(dash, |c| side(c).to_string())
    };
    let build_warnings = if o.build_seconds.is_some() {
        o.build_messages.len().to_string()
    } else {
        dash()
    };
    [
        o.spec.relative.clone(),
        count(|c| c.spec.len()),
        count(|c| c.client.len()),
        count(|c| c.server.len()),
        o.coverage.as_ref().map_or_else(dash, webhooks_cell),
        stats.map_or_else(dash, |s| s.types.to_string()),
        stats.map_or_else(dash, |s| s.lines.to_string()),
        stats.map_or_else(dash, |s| format!("{:.0}", s.millis)),
        o.build_seconds.map_or_else(dash, |s| format!("{s:.1}")),
        build_warnings,
        examples,
        diagnostics,
        result,
    ]
}

/// The webhooks the receiver has of the spec's, `received/total`; `0` for a spec without
/// webhooks.
fn webhooks_cell(coverage: &super::Coverage) -> String {
    match coverage.webhooks.len() {
        0 => "0".to_owned(),
        total => {
            let received = coverage.webhooks.intersection(&coverage.receiver).count();
            format!("{received}/{total}")
        }
    }
}

/// The failing examples of every spec: label, type, path, error and verdict.
pub fn failures(outcomes: &[SpecOutcome]) -> String {
    let mut out = String::new();
    for o in outcomes {
        let failing: Vec<&Checked> = o.checked.iter().filter(|c| !c.ok).collect();
        if failing.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\nFailing examples of {}:", o.spec.relative);
        for c in failing {
            let verdict = match &c.known {
                Some(reason) => format!("known bad: {reason}"),
                None => "NOT ON THE LIST (a generator bug, or a spec bug to list)".to_owned(),
            };
            let _ = writeln!(out, "- {}", c.label);
            let _ = writeln!(
                out,
                "  into {} at `{}`: {}",
                c.rust_type, c.error_path, c.error
            );
            let _ = writeln!(out, "  {verdict}");
        }
    }
    out
}

/// The listed examples that now pass or no longer exist.
pub fn stale(outcomes: &[SpecOutcome]) -> String {
    let mut out = String::new();
    for o in outcomes {
        for s in &o.stale {
            let _ = writeln!(out, "warning: {s}");
        }
    }
    out
}

/// `target/corpus/report.md`: the table, the timings, the failing, stale and skipped examples.
pub fn markdown(outcomes: &[SpecOutcome], known_bad: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# cargo xtask corpus\n");
    out.push_str(&table(outcomes));
    let _ = writeln!(
        out,
        "\n`operations`, `client` and `server` count the spec's operations and the generated \
         client's and server's methods for them. `build s` is `cargo build --all-features` of \
         the generated crate (client and server included); `build warnings` counts the \
         diagnostics of that build and of `cargo clippy --all-features -- -D warnings`. \
         Known-bad examples are listed in `{known_bad}`."
    );
    for o in outcomes {
        let _ = writeln!(out, "\n## {}\n", o.spec.relative);
        let _ = writeln!(out, "- crate: `{}`", o.spec.crate_name);
        for (what, seconds) in &o.timings {
            let _ = writeln!(out, "- {what}: {seconds:.1} s");
        }
        if let Some((_, rendered)) = &o.codegen_errors {
            let _ = writeln!(out, "\n```text\n{}```", rendered);
        }
        for p in &o.problems {
            let _ = writeln!(out, "- **problem**: {p}");
        }
        if !o.build_messages.is_empty() {
            let _ = writeln!(out, "\nCompiler diagnostics:\n\n```text");
            for m in &o.build_messages {
                let _ = writeln!(out, "{m}\n");
            }
            let _ = writeln!(out, "```");
        }
        let failing: Vec<&Checked> = o.checked.iter().filter(|c| !c.ok).collect();
        if !failing.is_empty() {
            let _ = writeln!(out, "\n### Failing examples\n");
            for c in failing {
                let verdict = match &c.known {
                    Some(reason) => format!("known bad: {reason}"),
                    None => "**not on the list**".to_owned(),
                };
                let _ = writeln!(
                    out,
                    "- `{}`  \n  into `{}` at `{}`: {}  \n  {verdict}",
                    c.label, c.rust_type, c.error_path, c.error
                );
            }
        }
        if !o.stale.is_empty() {
            let _ = writeln!(out, "\n### Stale entries of the known-bad list\n");
            for s in &o.stale {
                let _ = writeln!(out, "- {s}");
            }
        }
        if !o.skipped.is_empty() {
            let _ = writeln!(out, "\n### Examples not checked ({})\n", o.skipped.len());
            for s in &o.skipped {
                let _ = writeln!(out, "- `{}`: {}", s.pointer, s.reason);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::discover::SpecFile;

    #[test]
    fn pads_columns_and_summarises_examples() {
        let outcome = SpecOutcome {
            spec: SpecFile {
                path: "specs/a.yml".into(),
                relative: "a.yml".to_owned(),
                crate_name: "a".to_owned(),
                version: "OpenAPI 3.0.3".to_owned(),
                readable: true,
            },
            coverage: Some(crate::corpus::Coverage {
                spec: ["GET /a".to_owned(), "GET /b".to_owned()].into(),
                client: ["GET /a".to_owned(), "GET /b".to_owned()].into(),
                server: ["GET /a".to_owned()].into(),
                webhooks: ["POST /ping".to_owned(), "POST /pong".to_owned()].into(),
                receiver: ["POST /ping".to_owned()].into(),
            }),
            stats: Some(codegen::Stats {
                types: 3,
                operations: 1,
                lines: 250,
                millis: 4.2,
            }),
            codegen_warnings: 1,
            build_seconds: Some(12.34),
            checked: vec![
                Checked {
                    label: "a.yml#/x".to_owned(),
                    rust_type: "A".to_owned(),
                    ok: false,
                    error_path: "n".to_owned(),
                    error: "invalid type".to_owned(),
                    known: Some("n is a string".to_owned()),
                },
                Checked {
                    label: "a.yml#/y".to_owned(),
                    rust_type: "A".to_owned(),
                    ok: true,
                    error_path: String::new(),
                    error: String::new(),
                    known: None,
                },
            ],
            ..SpecOutcome::default()
        };
        let not_read = SpecOutcome {
            spec: SpecFile {
                relative: "b.json".to_owned(),
                version: "Swagger 2.0".to_owned(),
                readable: false,
                ..SpecFile::default()
            },
            ..SpecOutcome::default()
        };
        let table = table(&[outcome, not_read]);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 4, "{table}");
        assert!(
            lines[0].starts_with("| spec   | operations | client | server | webhooks | types |")
        );
        assert!(
            lines[2].contains("| a.yml  |          2 |      2 |      1 |      1/2 |     3 |"),
            "{table}"
        );
        assert!(
            lines[2].contains("|    12.3 |              0 | 1/2 (1 known bad) | 1 warning "),
            "{table}"
        );
        assert!(lines[3].contains("| not read yet (Swagger 2.0) |"));
        assert!(
            lines
                .iter()
                .all(|l| l.chars().count() == lines[0].chars().count())
        );
    }
}
