//! The generated server against the hand-written handler: runs `server-load` and summarises
//! its rounds per server.

use std::path::Path;

use serde_json::Value;

use super::{Error, Spread, binaries};

/// Load settings for a full and a quick run.
#[derive(Clone, Copy, Debug)]
pub struct LoadPlan {
    /// Rounds per server.
    pub rounds: u32,
    /// Seconds per round at most.
    pub seconds: f64,
    /// Requests per round at most.
    pub max_requests: u64,
    /// Concurrent connections.
    pub connections: usize,
}

/// One server's results over its rounds.
#[derive(Clone, Debug, PartialEq)]
pub struct ServerResult {
    /// Requests per second.
    pub throughput: Spread,
    /// Median latency, µs.
    pub p50_micros: Spread,
    /// 99th-percentile latency, µs.
    pub p99_micros: Spread,
    /// Requests measured, over all rounds.
    pub requests: u64,
}

/// Both servers, and how they were loaded.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadResults {
    /// The generated router.
    pub generated: ServerResult,
    /// The hand-written handler.
    pub hand_written: ServerResult,
    /// What `server-load` reported about its settings.
    pub settings: String,
}

/// Runs `server-load` with `plan`.
///
/// # Errors
/// When the binary fails or reports no rounds for a server.
pub fn run(target: &Path, plan: LoadPlan) -> Result<LoadResults, Error> {
    let rounds = plan.rounds.to_string();
    let seconds = plan.seconds.to_string();
    let max = plan.max_requests.to_string();
    let connections = plan.connections.to_string();
    let args = [
        "--rounds",
        &rounds,
        "--seconds",
        &seconds,
        "--max-requests",
        &max,
        "--connections",
        &connections,
    ];
    let json = binaries::run_json(target, "server-load", &args)?;
    let settings = format!(
        "{} connections, {} s or {} requests per round at most (whichever first), {} rounds per server in A-B-B-A order, {} unmeasured warm-up requests per round; server runtime {} worker thread(s), load generator runtime {} worker thread(s)",
        json["connections"],
        json["seconds_per_round"],
        json["max_requests_per_round"],
        plan.rounds,
        json["warmup_requests"],
        json["server_worker_threads"],
        json["load_worker_threads"],
    );
    Ok(LoadResults {
        generated: summarise(&json, "generated")?,
        hand_written: summarise(&json, "hand-written")?,
        settings,
    })
}

fn summarise(json: &Value, server: &str) -> Result<ServerResult, Error> {
    let rounds: Vec<&Value> = json["rounds"]
        .as_array()
        .map(|r| r.iter().filter(|r| r["server"] == server).collect())
        .unwrap_or_default();
    let values =
        |key: &str| -> Vec<f64> { rounds.iter().filter_map(|r| r[key].as_f64()).collect() };
    let spread = |key: &str| {
        Spread::of(&values(key))
            .ok_or_else(|| Error::new(format!("server-load reported no {key} for {server}")))
    };
    Ok(ServerResult {
        throughput: spread("throughput")?,
        p50_micros: spread("p50_micros")?,
        p99_micros: spread("p99_micros")?,
        requests: rounds.iter().filter_map(|r| r["requests"].as_u64()).sum(),
    })
}
