//! `sandbox`: serves the Plaid-compatible `/auth/get` on a local address.
//!
//! Prints exactly one line to stdout once listening,
//! `listening on http://IP:PORT/plaid-compatible`; logs go to stderr (`RUST_LOG`, default
//! `info`). Stops gracefully on Ctrl-C or SIGTERM. Exit codes: 0 after a clean stop, 1 if
//! the address cannot be bound or serving fails, 2 for a bad command line or data file.

use std::io::{IsTerminal, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use sandbox::data::DataSet;
use tracing_subscriber::EnvFilter;

/// A Plaid-compatible POST /plaid-compatible/auth/get server with fixed sandbox data.
#[derive(Debug, Parser)]
#[command(name = "sandbox", version)]
struct Cli {
    /// Address to listen on (IP:PORT; port 0 picks a free port).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// A JSON data set to serve instead of the embedded default one.
    #[arg(long, value_name = "FILE")]
    data: Option<PathBuf>,
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();

    let data = match &cli.data {
        Some(path) => match DataSet::load(path) {
            Ok(data) => data,
            Err(e) => {
                eprintln!("sandbox: {e}");
                return ExitCode::from(2);
            }
        },
        None => DataSet::embedded(),
    };
    tracing::info!(
        clients = data.client_count(),
        items = data.item_count(),
        "data set loaded"
    );

    let shutdown = match shutdown_signal() {
        Ok(shutdown) => shutdown,
        Err(e) => {
            eprintln!("sandbox: cannot listen for shutdown signals: {e}");
            return ExitCode::from(1);
        }
    };
    let listener = match tokio::net::TcpListener::bind(cli.addr).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("sandbox: cannot listen on {}: {e}", cli.addr);
            return ExitCode::from(1);
        }
    };
    let local = match listener.local_addr() {
        Ok(local) => local,
        Err(e) => {
            eprintln!("sandbox: cannot read the bound address: {e}");
            return ExitCode::from(1);
        }
    };
    if let Err(e) = announce(local) {
        eprintln!("sandbox: cannot write to stdout: {e}");
        return ExitCode::from(1);
    }

    match sandbox::serve(listener, data, shutdown).await {
        Ok(()) => {
            tracing::info!("stopped");
            ExitCode::SUCCESS
        }
        Err(e) => {
            tracing::error!(error = %e, "serving failed");
            ExitCode::from(1)
        }
    }
}

/// Logs to stderr, filtered by `RUST_LOG` (default `info`); colours only on a terminal.
fn init_logging() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
}

/// The one stdout line other tools parse, flushed at once.
fn announce(local: SocketAddr) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    writeln!(
        stdout,
        "listening on http://{local}{}",
        generated::server::BASE_PATH
    )?;
    stdout.flush()
}

/// Registers the Ctrl-C and SIGTERM handlers now, so that a signal sent as soon as the
/// address is announced is not lost, and returns a future that completes on the first one.
#[cfg(unix)]
fn shutdown_signal() -> std::io::Result<impl Future<Output = ()> + Send + 'static> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => tracing::info!("Ctrl-C received, shutting down"),
            _ = terminate.recv() => tracing::info!("SIGTERM received, shutting down"),
        }
    })
}

/// Completes on Ctrl-C (the only shutdown signal off Unix).
#[cfg(not(unix))]
fn shutdown_signal() -> std::io::Result<impl Future<Output = ()> + Send + 'static> {
    Ok(async {
        match tokio::signal::ctrl_c().await {
            Ok(()) => tracing::info!("Ctrl-C received, shutting down"),
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for Ctrl-C");
                std::future::pending::<()>().await;
            }
        }
    })
}
