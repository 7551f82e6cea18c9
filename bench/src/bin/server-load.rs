//! `server-load`: the generated server against the hand-written handler under the same load,
//! in alternating rounds; prints one JSON object (each round of each server) to stdout.

use std::process::ExitCode;
use std::time::Duration;

use bench::load_generator::{self, Measured, Settings};
use bench::servers::{self, Kind};
use clap::Parser;

/// Loads both servers in turn with POST /auth/get over loopback.
#[derive(Debug, Parser)]
struct Cli {
    /// Rounds per server (generated and hand-written alternate: G H, H G, G H, …).
    #[arg(long, default_value_t = 4)]
    rounds: u32,
    /// Seconds per round at most.
    #[arg(long, default_value_t = 3.0)]
    seconds: f64,
    /// Requests per round at most.
    #[arg(long, default_value_t = 200_000)]
    max_requests: u64,
    /// Concurrent connections.
    #[arg(long, default_value_t = 16)]
    connections: usize,
    /// Unmeasured requests before each round.
    #[arg(long, default_value_t = 2_000)]
    warmup_requests: u64,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    bench::finish("server-load", run(&cli))
}

fn run(cli: &Cli) -> Result<serde_json::Value, String> {
    if !(cli.seconds > 0.0 && cli.seconds.is_finite()) {
        return Err("--seconds must be a positive number".to_owned());
    }
    let settings = Settings {
        connections: cli.connections.max(1),
        warmup_requests: cli.warmup_requests,
        duration: Duration::from_secs_f64(cli.seconds),
        max_requests: cli.max_requests,
    };
    check_same_answer()?;
    let mut rounds = Vec::new();
    for round in 0..cli.rounds {
        // A-B-B-A over pairs of rounds, so that drift in the machine's speed favours neither.
        let order = if round % 2 == 0 {
            [Kind::Generated, Kind::HandWritten]
        } else {
            [Kind::HandWritten, Kind::Generated]
        };
        for kind in order {
            let server = servers::spawn(kind)?;
            let measured = load_generator::run(&server.auth_get_url(), settings)?;
            drop(server);
            if measured.failures > 0 {
                return Err(format!(
                    "{} failed {} request(s)",
                    kind.name(),
                    measured.failures
                ));
            }
            rounds.push(round_json(round, kind, &measured));
        }
    }
    Ok(serde_json::json!({
        "connections": settings.connections,
        "seconds_per_round": cli.seconds,
        "max_requests_per_round": cli.max_requests,
        "warmup_requests": cli.warmup_requests,
        "server_worker_threads": servers::SERVER_WORKER_THREADS,
        "load_worker_threads": load_generator::LOAD_WORKER_THREADS,
        "rounds": rounds,
    }))
}

/// Both servers must answer the benchmark request with status 200 and the same body bytes.
fn check_same_answer() -> Result<(), String> {
    let mut answers = Vec::new();
    for kind in [Kind::Generated, Kind::HandWritten] {
        let server = servers::spawn(kind)?;
        answers.push(load_generator::fetch_once(&server.auth_get_url())?);
    }
    match answers.as_slice() {
        [a, b] if a == b && a.0 == 200 => Ok(()),
        [a, b] => Err(format!(
            "the servers answer differently: generated {} ({} bytes), hand-written {} ({} bytes)",
            a.0,
            a.1.len(),
            b.0,
            b.1.len()
        )),
        _ => Err("no answers".to_owned()),
    }
}

fn round_json(round: u32, kind: Kind, m: &Measured) -> serde_json::Value {
    serde_json::json!({
        "round": round,
        "server": kind.name(),
        "requests": m.requests,
        "seconds": m.seconds,
        "throughput": m.throughput(),
        "p50_micros": m.p50_micros,
        "p99_micros": m.p99_micros,
    })
}
