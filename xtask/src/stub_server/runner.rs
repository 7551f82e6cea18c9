//! The binary crate that serves a generated crate's stub: its `Cargo.toml` and `main.rs`.

use codegen::GeneratedFile;

/// The binary's name for the generated crate `crate_name`.
pub(super) fn binary_name(crate_name: &str) -> String {
    format!("{crate_name}-stub-server")
}

/// The server crate's files, for the generated crate `crate_name` beside it.
pub(super) fn files(crate_name: &str) -> Vec<GeneratedFile> {
    let library = crate_name.replace('-', "_");
    let manifest = format!(
        r#"# Written by `cargo xtask serve` / `cargo xtask conformance --spec`; overwritten on every run.
[package]
name = "{binary}"
version = "0.1.0"
edition = "2024"
license = "MIT OR Apache-2.0"
publish = false

[workspace]

[dependencies]
{crate_name} = {{ path = "../{crate_name}", features = ["stub"] }}
axum = {{ version = "0.8.9", default-features = false, features = ["http1", "tokio"] }}
tokio = {{ version = "1.54", features = ["macros", "rt-multi-thread", "net", "signal"] }}
"#,
        binary = binary_name(crate_name),
    );
    let main = MAIN.replace("GENERATED_CRATE", &library);
    vec![
        GeneratedFile {
            path: "Cargo.toml".to_owned(),
            contents: manifest,
        },
        GeneratedFile {
            path: "src/main.rs".to_owned(),
            contents: main,
        },
    ]
}

/// `src/main.rs`; `GENERATED_CRATE` is replaced by the generated crate's library name.
const MAIN: &str = r#"//! Serves the stub of a generated crate. Written by `cargo xtask serve`; overwritten on every run.
//!
//! `--addr HOST:PORT` (default 127.0.0.1:8080). The first line of stdout is
//! `listening on URL`; then the operations served. One line per request on stderr.

use std::sync::Arc;
use std::time::Instant;

use GENERATED_CRATE::stub;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match serve().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn serve() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mut addr = String::from("127.0.0.1:8080");
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--addr" => addr = args.next().ok_or("--addr needs HOST:PORT")?,
            other => return Err(format!("unknown argument {other:?}; usage: --addr HOST:PORT").into()),
        }
    }
    let stub = Arc::new(stub::Stub::new()?);
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let local = listener.local_addr()?;
    let base = GENERATED_CRATE::server::BASE_PATH.trim_end_matches('/');
    println!("listening on http://{local}{base}");
    println!("serving {} operation(s):", stub::OPERATIONS.len());
    for (method, path) in stub::OPERATIONS {
        println!("  {method} {base}{path}");
    }
    let credentials = stub.credentials();
    println!(
        "credentials: API key {:?}, bearer token {:?}, basic {:?} / {:?}",
        credentials.api_key, credentials.bearer_token, credentials.basic_user, credentials.basic_password
    );
    println!("stop with Ctrl-C");
    let app = stub::router(stub).layer(axum::middleware::from_fn(log_request));
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown())
        .await?;
    Ok(())
}

/// Logs a request once answered: method, path, status, latency and request id, and why it was
/// refused.
async fn log_request(request: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let request_id = response
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    let refused = response
        .extensions()
        .get::<GENERATED_CRATE::server::RefusalReason>()
        .map_or(String::new(), |r| format!(" refused: {}", r.0));
    eprintln!(
        "{method} {path} {} {:.1}ms {request_id}{refused}",
        response.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    response
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}
"#;
