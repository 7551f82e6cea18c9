//! The generated client against raw reqwest: the same `POST /auth/get` (same headers, same
//! body) to the same hand-written server on loopback, each decoding the response into
//! `AuthGetResponse`. Criterion ids: `client/generated_a`, `client/raw_reqwest_a`,
//! `client/raw_reqwest_b`, `client/generated_b` (in that order).

use bench::load_generator::LOAD_WORKER_THREADS;
use bench::servers::{self, CLIENT_ID, Kind};
use criterion::{Criterion, criterion_group, criterion_main};
use generated::types::{AuthGetRequest, AuthGetResponse};

fn client(c: &mut Criterion) {
    let setup =
        servers::spawn(Kind::HandWritten).and_then(|server| Ok((server, servers::request()?)));
    let (server, request) = match setup {
        Ok(setup) => setup,
        Err(e) => panic!("cannot start the client benchmark: {e}"),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(LOAD_WORKER_THREADS)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => panic!("cannot build the client runtime: {e}"),
    };
    let http = reqwest::Client::new();
    let generated = generated::client::Client::builder(server.base_url())
        .client_id(CLIENT_ID)
        .http_client(http.clone())
        .build();
    let generated = match generated {
        Ok(client) => client,
        Err(e) => panic!("cannot build the generated client: {e}"),
    };
    let url = server.auth_get_url();

    // A-B-B-A: each client is measured before and after the other, so that a machine that
    // speeds up or slows down during the run favours neither. `cargo xtask bench` merges the
    // two passes of each.
    let mut group = c.benchmark_group("client");
    for id in [
        "generated_a",
        "raw_reqwest_a",
        "raw_reqwest_b",
        "generated_b",
    ] {
        if id.starts_with("generated") {
            group.bench_function(id, |b| {
                b.to_async(&runtime).iter(|| async {
                    match generated.auth_get(&request).await {
                        Ok(response) => response,
                        Err(e) => panic!("generated client: {e}"),
                    }
                })
            });
        } else {
            group.bench_function(id, |b| {
                b.to_async(&runtime).iter(|| async {
                    match raw_auth_get(&http, &url, &request).await {
                        Ok(response) => response,
                        Err(e) => panic!("raw reqwest: {e}"),
                    }
                })
            });
        }
    }
    group.finish();
    drop(generated);
    drop(http);
    drop(server);
}

/// What a hand-written call does: the same headers and body, status check, JSON decode.
async fn raw_auth_get(
    http: &reqwest::Client,
    url: &str,
    request: &AuthGetRequest,
) -> Result<AuthGetResponse, String> {
    let response = http
        .post(url)
        .header("PLAID-CLIENT-ID", CLIENT_ID)
        .json(request)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if response.status() != reqwest::StatusCode::OK {
        return Err(format!("status {}", response.status()));
    }
    let bytes = response.bytes().await.map_err(|e| e.to_string())?;
    serde_json::from_slice(&bytes).map_err(|e| e.to_string())
}

criterion_group!(benches, client);
criterion_main!(benches);
