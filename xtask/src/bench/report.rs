//! `BENCHMARKS.md`: the latest results as tables, the targets met or missed, and a
//! hand-written part (optimizations with their before/after) that each run keeps.

use std::fmt::Write as _;
use std::process::Command;

use super::{PHASES, Results, Summary, targets};

/// Everything after this line in `BENCHMARKS.md` is written by hand and kept by each run.
pub const KEPT_MARKER: &str =
    "<!-- Written by hand below this line; cargo xtask bench keeps it. -->";

/// The whole file: the rendered results, then the part of `previous` after [`KEPT_MARKER`].
pub fn render(results: &Results, previous: &str) -> String {
    let mut out = String::new();
    header(&mut out, results);
    targets_section(&mut out, results);
    generation(&mut out, results);
    scaling(&mut out, results);
    builds(&mut out, results);
    server(&mut out, results);
    client(&mut out, results);
    out.push_str(KEPT_MARKER);
    out.push('\n');
    if let Some((_, kept)) = previous.split_once(KEPT_MARKER) {
        out.push_str(kept.trim_start_matches('\n'));
    }
    out
}

fn header(out: &mut String, r: &Results) {
    let date = Command::new("date")
        .args(["-u", "+%Y-%m-%d %H:%M UTC"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    let m = &r.machine;
    let load = |l: Option<f64>| l.map_or("unknown".to_owned(), |l| format!("{l:.2}"));
    let _ = write!(
        out,
        "# Benchmarks\n\n\
         Written by `{}` on {date}{}; the whole run took {:.0} s. Figures are medians with the \
         fastest and slowest sample; every ratio compares two things measured in this same run.\n\n\
         Machine: {} ({} cores available), {:.1} GiB memory, Linux {}, {}.\n\n\
         Load average (1 min) {} before the run and {} after it. {}\n\n",
        r.command,
        if r.quick {
            " (quick: fewer samples, no release build)"
        } else {
            ""
        },
        r.seconds,
        m.cpu,
        m.cores,
        m.memory_gib,
        m.kernel,
        m.rustc,
        load(r.load_average.0),
        load(r.load_average.1),
        concurrency_note(r.load_average),
    );
}

fn concurrency_note((before, after): (Option<f64>, Option<f64>)) -> &'static str {
    let busiest = before.unwrap_or(0.0).max(after.unwrap_or(0.0));
    if busiest >= 0.5 {
        "Other work ran on the machine at the same time (it is shared): absolute times are noisy, \
         the same-run ratios less so."
    } else {
        "The machine was otherwise idle."
    }
}

fn targets_section(out: &mut String, r: &Results) {
    out.push_str("## Targets\n\n| target | measured | limit | |\n|---|---|---|---|\n");
    for c in targets::check(r) {
        let verdict = if c.met { "met" } else { "**missed**" };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {verdict} |",
            c.name, c.measured, c.limit
        );
    }
    out.push('\n');
}

fn generation(out: &mut String, r: &Results) {
    out.push_str(
        "## Generation, per phase\n\n\
         `cargo bench -p bench --bench generation` (release profile; criterion, flat sampling). \
         Each phase is timed on the previous phase's output: load (YAML into `openapiv3`), \
         lower (to the model), emit (token streams), format (prettyplease), write (files into \
         a fresh directory, atomically, as `cargo xtask codegen` does); end to end is \
         `codegen::generate` and the write. The floor is parsing the same text into a \
         `serde_yaml::Value`.\n\n",
    );
    for (spec, rows) in &r.phases {
        let floor = rows
            .iter()
            .find(|(p, _)| p == PHASES[0])
            .map(|(_, s)| s.median_ns);
        let _ = write!(
            out,
            "### {spec}\n\n| phase | median | min – max | × floor |\n|---|---|---|---|\n"
        );
        for (phase, s) in rows {
            let ratio = floor.map_or(String::new(), |f| format!("{:.2}", s.median_ns / f));
            let _ = writeln!(
                out,
                "| {phase} | {} | {} | {ratio} |",
                time(s.median_ns),
                range(s)
            );
        }
        out.push('\n');
    }
    let a = &r.auth_get_memory;
    let _ = write!(
        out,
        "Peak resident memory of a process that generates and writes `spec/auth_get.yaml`: \
         {:.1} MB; Plaid's spec: see the last row of the next table.\n\n",
        a.peak_rss_mib * 1.048_576
    );
}

fn scaling(out: &mut String, r: &Results) {
    out.push_str(
        "## How cost grows with the number of operations\n\n\
         Subsets of Plaid's spec made by the bench: the first N operations in path order and \
         only the components they reach. Time: criterion `scaling/operations_N` (generate and \
         write, release). Memory: peak RSS of a fresh `generation-memory` process.\n\n\
         | operations | types | lines | median | min – max | per operation | peak RSS |\n\
         |---|---|---|---|---|---|---|\n",
    );
    for (g, time_summary) in &r.scaling {
        let (median, span, per_op) = match time_summary {
            Some(s) => (
                time(s.median_ns),
                range(s),
                time(s.median_ns / g.operations.max(1) as f64),
            ),
            None => ("not measured".to_owned(), String::new(), String::new()),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {median} | {span} | {per_op} | {:.1} MB |",
            g.operations,
            g.types,
            g.lines,
            g.peak_rss_mib * 1.048_576
        );
    }
    out.push('\n');
}

fn builds(out: &mut String, r: &Results) {
    let c = &r.cli;
    let _ = write!(
        out,
        "## As a user runs it\n\n\
         `{}` (the `cargo xtask` alias, dev profile, after one untimed run that builds it; \
         a fresh output directory each run): median {:.0} ms, {:.0} – {:.0} ms over {} runs.\n\n\
         The generated Plaid crate (all features), in its own target directory \
         `target/bench/plaid-target`. \"With dependencies\" starts from an empty target \
         directory in a full run (as on a fresh clone) and from the previous run's in a quick \
         one; \"crate only\" is the same command after `cargo clean -p plaid-bench`, the wait \
         after regenerating.\n\n\
         | command | with dependencies | crate only |\n|---|---|---|\n\
         | `cargo check --all-features` | {:.1} s | {:.1} s |\n",
        r.cli_command,
        c.median,
        c.min,
        c.max,
        c.count,
        r.check.with_dependencies,
        r.check.crate_only
    );
    match &r.release {
        Some(t) => {
            let _ = writeln!(
                out,
                "| `cargo build --release --all-features` | {:.1} s | {:.1} s |",
                t.with_dependencies, t.crate_only
            );
        }
        None => out.push_str(
            "| `cargo build --release --all-features` | not run (quick) | not run (quick) |\n",
        ),
    }
    out.push('\n');
}

fn server(out: &mut String, r: &Results) {
    let s = &r.server;
    let _ = write!(
        out,
        "## Generated server against a hand-written handler\n\n\
         `POST /auth/get` on loopback, driven by the bench's own load generator \
         (`bench/src/load_generator.rs`, reqwest): {}. Both answer the same 6 kB body (checked \
         byte for byte before the runs); the hand-written axum handler requires \
         `PLAID-CLIENT-ID`, decodes the body into `AuthGetRequest` with serde_json, answers a \
         clone of the fixed response (the generated `Api` returns it by value, so the bench's \
         `FixedApi` clones it too) and echoes `x-request-id`; the generated router also checks the media type, unknown, missing \
         and null fields and constraints, and builds the request context.\n\n\
         | server | throughput (req/s) | min – max | p50 | p99 | p99 min – max |\n\
         |---|---|---|---|---|---|\n",
        s.settings
    );
    for (name, v) in [
        ("generated", &s.generated),
        ("hand-written", &s.hand_written),
    ] {
        let _ = writeln!(
            out,
            "| {name} | {:.0} | {:.0} – {:.0} | {:.0} µs | {:.0} µs | {:.0} – {:.0} µs |",
            v.throughput.median,
            v.throughput.min,
            v.throughput.max,
            v.p50_micros.median,
            v.p99_micros.median,
            v.p99_micros.min,
            v.p99_micros.max
        );
    }
    let _ = write!(
        out,
        "\nRatios (generated ÷ hand-written): throughput {:.3}, p50 {:.3}, p99 {:.3}.\n\n",
        s.generated.throughput.median / s.hand_written.throughput.median,
        s.generated.p50_micros.median / s.hand_written.p50_micros.median,
        s.generated.p99_micros.median / s.hand_written.p99_micros.median
    );
}

fn client(out: &mut String, r: &Results) {
    let (generated, raw) = &r.client;
    let _ = write!(
        out,
        "## Generated client against raw reqwest\n\n\
         `cargo bench -p bench --bench client`: one `POST /auth/get` at a time to the \
         hand-written server on loopback, same `reqwest::Client`, same headers and body, both \
         decoding into `AuthGetResponse`. Each client is measured twice, in the order \
         generated, raw, raw, generated (the order alone moved the ratio by 0.1 on this \
         machine); the median is the mean of the two passes' medians, the range spans both.\n\n\
         | client | median per request | min – max |\n|---|---|---|\n\
         | generated (`Client::auth_get`) | {} | {} |\n\
         | raw reqwest | {} | {} |\n\n\
         Throughput ratio (generated ÷ raw): {:.3}.\n\n",
        time(generated.median_ns),
        range(generated),
        time(raw.median_ns),
        range(raw),
        raw.median_ns / generated.median_ns
    );
}

/// A duration in ns, in the unit that reads best.
fn time(ns: f64) -> String {
    if ns >= 1e9 {
        format!("{:.2} s", ns / 1e9)
    } else if ns >= 1e6 {
        format!("{:.1} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.1} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

fn range(s: &Summary) -> String {
    format!("{} – {}", time(s.min_ns), time(s.max_ns))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_in_their_unit() {
        assert_eq!(time(1.5e9), "1.50 s");
        assert_eq!(time(2.25e6), "2.2 ms");
        assert_eq!(time(3.0e3), "3.0 µs");
        assert_eq!(time(12.0), "12 ns");
    }
}
