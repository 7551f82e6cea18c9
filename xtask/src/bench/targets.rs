//! The performance targets of issue 6, checked against one run's results.

use super::{Results, Summary};

/// One target: what was measured, the limit, and whether it was met.
#[derive(Clone, Debug, PartialEq)]
pub struct Check {
    /// What is measured.
    pub name: String,
    /// The measured value, with its unit.
    pub measured: String,
    /// The limit, with its unit.
    pub limit: String,
    /// Whether the measured value is within the limit.
    pub met: bool,
}

/// Every target, in the order.
pub fn check(results: &Results) -> Vec<Check> {
    let mut checks = Vec::new();
    if let Some(plaid) = phase(results, "Plaid", "end_to_end") {
        let ms = plaid.median_ns / 1e6;
        checks.push(at_most(
            "Plaid generation, end to end (median, release)",
            ms,
            1000.0,
            "ms",
        ));
        if let Some(floor) = phase(results, "Plaid", "yaml_parse_floor") {
            let ratio = plaid.median_ns / floor.median_ns;
            checks.push(at_most(
                "Plaid generation ÷ YAML parse floor",
                ratio,
                3.0,
                "×",
            ));
        }
    }
    if let Some((all, _)) = results
        .scaling
        .iter()
        .find(|(g, _)| g.scaling_id == "operations_all")
    {
        checks.push(at_most(
            "Plaid generation, peak RSS",
            all.peak_rss_mib * 1.048_576,
            300.0,
            "MB",
        ));
    }
    checks.push(at_most(
        "`cargo xtask codegen --spec <Plaid> --out DIR` (dev profile, median)",
        results.cli.median,
        1000.0,
        "ms",
    ));
    let (generated, hand) = (&results.server.generated, &results.server.hand_written);
    checks.push(at_least(
        "generated server throughput ÷ hand-written",
        generated.throughput.median / hand.throughput.median,
        0.95,
    ));
    checks.push(at_most(
        "generated server p99 ÷ hand-written",
        generated.p99_micros.median / hand.p99_micros.median,
        1.1,
        "×",
    ));
    let (client, raw) = results.client;
    checks.push(at_least(
        "generated client throughput ÷ raw reqwest",
        raw.median_ns / client.median_ns,
        0.95,
    ));
    checks.push(at_most(
        "generated Plaid crate `cargo check --all-features` (crate only)",
        results.check.crate_only,
        60.0,
        "s",
    ));
    checks
}

/// The result of `phase` in the generation group whose name starts with `spec`.
pub fn phase<'r>(results: &'r Results, spec: &str, phase: &str) -> Option<&'r Summary> {
    results
        .phases
        .iter()
        .find(|(name, _)| name.starts_with(spec))
        .and_then(|(_, rows)| rows.iter().find(|(p, _)| p == phase))
        .map(|(_, s)| s)
}

fn at_most(name: &str, measured: f64, limit: f64, unit: &str) -> Check {
    Check {
        name: name.to_owned(),
        measured: format!("{measured:.2} {unit}"),
        limit: format!("≤ {limit} {unit}"),
        met: measured <= limit,
    }
}

fn at_least(name: &str, measured: f64, limit: f64) -> Check {
    Check {
        name: name.to_owned(),
        measured: format!("{measured:.3} ×"),
        limit: format!("≥ {limit} ×"),
        met: measured >= limit,
    }
}
