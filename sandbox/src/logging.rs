//! One log line per request: method, path, status, latency and request id.
//!
//! Only those fields are logged: never headers (they carry `PLAID-SECRET`), the query
//! string or the body (it may carry the secret and the access token).

use std::time::Instant;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;

/// axum middleware (for `axum::middleware::from_fn`) that logs each request at `info`
/// once its response is ready. The request id is read from the response's `x-request-id`
/// header, which the generated router sets on every response.
pub(crate) async fn log_request(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
    let request_id = response
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    tracing::info!(
        %method,
        path = %path,
        status = response.status().as_u16(),
        latency_ms = %format_args!("{latency_ms:.3}"),
        request_id,
        "request"
    );
    response
}
