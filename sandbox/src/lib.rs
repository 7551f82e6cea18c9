//! A runnable Plaid-compatible `POST /plaid-compatible/auth/get` server, built on the
//! generated server stubs (`generated::server`).
//!
//! [`app`] is the router (the generated one plus a request log); [`serve`] runs it on a
//! listener until a shutdown future completes. The answers come from a [`data::DataSet`];
//! [`api::Sandbox`] implements the generated `Api` trait over it.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod api;
pub mod data;

mod credentials;
mod eligibility;
mod logging;
mod refusal;
mod response;
mod version;

use std::future::Future;
use std::sync::Arc;

pub use version::SUPPORTED_API_VERSION;

use crate::api::Sandbox;
use crate::data::DataSet;

/// The sandbox as an axum router: the generated router (under `/plaid-compatible`, with
/// request ids and Plaid-style rejections) serving [`Sandbox`], wrapped in a per-request log.
pub fn app(data: DataSet) -> axum::Router {
    generated::server::router(Arc::new(Sandbox::new(data)))
        .layer(axum::middleware::from_fn(logging::log_request))
}

/// Serves [`app`] on `listener` until `shutdown` completes, then stops accepting
/// connections and waits for the ones in flight to finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    data: DataSet,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app(data))
        .with_graceful_shutdown(shutdown)
        .await
}
