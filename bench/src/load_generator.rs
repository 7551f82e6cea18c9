//! A loopback load generator: a fixed number of connections, each sending `POST /auth/get`
//! back to back, bounded by a duration and a request count; latency of every request.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::servers::{CLIENT_ID, REQUEST_JSON};

/// Worker threads of the load generator's tokio runtime.
pub const LOAD_WORKER_THREADS: usize = 1;

/// How much load, for how long.
#[derive(Clone, Copy, Debug)]
pub struct Settings {
    /// Concurrent connections, each with one request in flight.
    pub connections: usize,
    /// Requests sent before measuring (not counted).
    pub warmup_requests: u64,
    /// Stop after this long…
    pub duration: Duration,
    /// …or after this many requests, whichever comes first.
    pub max_requests: u64,
}

/// What one run measured.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Measured {
    /// Successful requests.
    pub requests: u64,
    /// Requests that failed or did not answer 200.
    pub failures: u64,
    /// Wall time of the measured part.
    pub seconds: f64,
    /// Median latency, in microseconds.
    pub p50_micros: f64,
    /// 99th-percentile latency, in microseconds.
    pub p99_micros: f64,
}

impl Measured {
    /// Successful requests per second.
    pub fn throughput(&self) -> f64 {
        self.requests as f64 / self.seconds
    }
}

/// Loads `url` (the full URL of `POST /auth/get`) with `settings`.
///
/// # Errors
/// When the runtime or the HTTP client cannot be built.
pub fn run(url: &str, settings: Settings) -> Result<Measured, String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(LOAD_WORKER_THREADS)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot build the load runtime: {e}"))?;
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(settings.connections)
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
    let measured = runtime.block_on(async {
        let warmup = Settings {
            duration: settings.duration,
            max_requests: settings.warmup_requests,
            ..settings
        };
        drive(&http, url, warmup).await;
        drive(&http, url, settings).await
    });
    drop(http);
    Ok(measured)
}

/// Sends requests on `settings.connections` tasks until the time or the count runs out.
async fn drive(http: &reqwest::Client, url: &str, settings: Settings) -> Measured {
    let started = Instant::now();
    let deadline = started + settings.duration;
    let issued = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::with_capacity(settings.connections);
    for _ in 0..settings.connections {
        let http = http.clone();
        let url = url.to_owned();
        let issued = Arc::clone(&issued);
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut failures = 0u64;
            while Instant::now() < deadline
                && issued.fetch_add(1, Ordering::Relaxed) < settings.max_requests
            {
                let sent = Instant::now();
                if send_one(&http, &url).await {
                    latencies.push(sent.elapsed().as_nanos() as u64);
                } else {
                    failures += 1;
                }
            }
            (latencies, failures)
        }));
    }
    let mut latencies = Vec::new();
    let mut failures = 0;
    for task in tasks {
        if let Ok((mut some, failed)) = task.await {
            latencies.append(&mut some);
            failures += failed;
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    latencies.sort_unstable();
    Measured {
        requests: latencies.len() as u64,
        failures,
        seconds,
        p50_micros: percentile(&latencies, 0.50) / 1000.0,
        p99_micros: percentile(&latencies, 0.99) / 1000.0,
    }
}

/// One request; whether it answered 200 with a whole body.
async fn send_one(http: &reqwest::Client, url: &str) -> bool {
    match benchmark_request(http, url).send().await {
        Ok(response) if response.status() == reqwest::StatusCode::OK => {
            response.bytes().await.is_ok()
        }
        _ => false,
    }
}

/// The benchmark request: `POST url` with the client id, a request id and the JSON body.
fn benchmark_request(http: &reqwest::Client, url: &str) -> reqwest::RequestBuilder {
    http.post(url)
        .header("content-type", "application/json")
        .header("plaid-client-id", CLIENT_ID)
        .header("x-request-id", "bench")
        .body(REQUEST_JSON)
}

/// The value at quantile `q` of sorted `values` (nearest rank), or 0 when empty.
pub fn percentile(sorted: &[u64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1] as f64
}

/// The body and content type `url` answers to the benchmark request, to check that two
/// servers answer the same bytes.
///
/// # Errors
/// When the request fails.
pub fn fetch_once(url: &str) -> Result<(u16, Vec<u8>), String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let response = benchmark_request(&reqwest::Client::new(), url)
            .send()
            .await
            .map_err(|e| format!("{url}: {e}"))?;
        let status = response.status().as_u16();
        let body = response.bytes().await.map_err(|e| format!("{url}: {e}"))?;
        Ok((status, body.to_vec()))
    })
}

#[cfg(test)]
mod tests {
    use super::percentile;

    #[test]
    fn nearest_rank_percentiles() {
        let values: Vec<u64> = (1..=100).collect();
        assert_eq!(percentile(&values, 0.5), 50.0);
        assert_eq!(percentile(&values, 0.99), 99.0);
        assert_eq!(percentile(&[7], 0.99), 7.0);
        assert_eq!(percentile(&[], 0.5), 0.0);
    }
}
