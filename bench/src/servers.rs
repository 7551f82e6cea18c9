//! The two servers compared: the generated router with an `Api` that answers a fixed
//! response, and a hand-written axum handler that parses the same request and answers the
//! same bytes. Each runs on its own thread with the same tokio runtime settings.

use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use generated::server::{Api, AuthGetReply, RequestContext};
use generated::types::{AuthGetRequest, AuthGetResponse};
use tokio::sync::oneshot;

/// The path of `POST /auth/get` under the generated router's base path.
pub const AUTH_GET_PATH: &str = "/plaid-compatible/auth/get";

/// The client id both servers expect in `PLAID-CLIENT-ID`.
pub const CLIENT_ID: &str = "sandbox_client_id";

/// Worker threads of each server's tokio runtime (the machine has 2 cores; the load generator
/// gets the other one).
pub const SERVER_WORKER_THREADS: usize = 1;

/// The request body every benchmark sends (as the README's example call).
pub const REQUEST_JSON: &str = r#"{"client_id":"sandbox_client_id","secret":"sandbox_secret","access_token":"access-sandbox-user-good","options":{"account_ids":["acc_chk_7Qm2Lx9PwZr4"]}}"#;

/// The response both servers answer: the sandbox's answer for `access-sandbox-user-good`.
pub const RESPONSE_JSON: &str = include_str!("../fixtures/auth_get_response.json");

/// The fixed response, decoded.
///
/// # Errors
/// When the fixture does not match the generated type (a broken checkout).
pub fn response() -> Result<AuthGetResponse, String> {
    serde_json::from_str(RESPONSE_JSON)
        .map_err(|e| format!("bench/fixtures/auth_get_response.json: {e}"))
}

/// The request, decoded.
///
/// # Errors
/// When [`REQUEST_JSON`] does not match the generated type.
pub fn request() -> Result<AuthGetRequest, String> {
    serde_json::from_str(REQUEST_JSON).map_err(|e| format!("the benchmark request: {e}"))
}

/// Which server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `generated::server::router` with [`FixedApi`].
    Generated,
    /// [`hand_written_router`].
    HandWritten,
}

impl Kind {
    /// A short name for reports.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Generated => "generated",
            Kind::HandWritten => "hand-written",
        }
    }
}

/// The generated server's `Api`: answers every request with the fixed response.
pub struct FixedApi {
    response: AuthGetResponse,
}

impl FixedApi {
    /// An `Api` that answers `response` to every request.
    pub fn new(response: AuthGetResponse) -> Self {
        FixedApi { response }
    }
}

impl Api for FixedApi {
    async fn auth_get(&self, _context: RequestContext, _body: AuthGetRequest) -> AuthGetReply {
        AuthGetReply::Ok(self.response.clone())
    }
}

/// A hand-written `POST /auth/get`: requires `PLAID-CLIENT-ID` and a JSON body that decodes
/// as [`AuthGetRequest`], answers (a clone of) the fixed response as JSON and echoes
/// `x-request-id`.
pub fn hand_written_router(response: AuthGetResponse) -> axum::Router {
    let response = Arc::new(response);
    axum::Router::new().route(
        AUTH_GET_PATH,
        axum::routing::post(move |headers: HeaderMap, body: Bytes| {
            let response = Arc::clone(&response);
            async move { hand_written_auth_get(&headers, &body, &response) }
        }),
    )
}

fn hand_written_auth_get(headers: &HeaderMap, body: &[u8], response: &AuthGetResponse) -> Response {
    let request_id = headers.get("x-request-id").cloned();
    if headers.get("plaid-client-id").is_none() {
        return StatusCode::BAD_REQUEST.into_response();
    }
    if serde_json::from_slice::<AuthGetRequest>(body).is_err() {
        return StatusCode::BAD_REQUEST.into_response();
    }
    // An owned response, as a handler builds one per request (the generated `Api` returns
    // it by value, so `FixedApi` clones it too).
    let response = response.clone();
    let Ok(bytes) = serde_json::to_vec(&response) else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let mut reply = (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        bytes,
    )
        .into_response();
    if let Some(id) = request_id {
        reply.headers_mut().insert("x-request-id", id);
    }
    reply
}

/// A server running on its own thread and runtime; stopped and joined when dropped.
pub struct RunningServer {
    /// Where it listens.
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl RunningServer {
    /// The URL of `POST /auth/get`.
    pub fn auth_get_url(&self) -> String {
        format!("http://{}{AUTH_GET_PATH}", self.addr)
    }

    /// The generated client's base URL.
    pub fn base_url(&self) -> String {
        format!("http://{}{}", self.addr, generated::server::BASE_PATH)
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Starts `kind` on a free loopback port, on a runtime with [`SERVER_WORKER_THREADS`] workers.
///
/// # Errors
/// When the port cannot be bound or the runtime cannot be built.
pub fn spawn(kind: Kind) -> Result<RunningServer, String> {
    let response = response()?;
    let app = match kind {
        Kind::Generated => generated::server::router(Arc::new(FixedApi::new(response))),
        Kind::HandWritten => hand_written_router(response),
    };
    let listener =
        std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| format!("cannot bind: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    listener.set_nonblocking(true).map_err(|e| e.to_string())?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(SERVER_WORKER_THREADS)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot build the server runtime: {e}"))?;
    let (stop, stopped) = oneshot::channel::<()>();
    let thread = std::thread::spawn(move || {
        runtime.block_on(async move {
            let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                return;
            };
            let shutdown = async move {
                let _ = stopped.await;
            };
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(shutdown)
                .await;
        });
    });
    Ok(RunningServer {
        addr,
        stop: Some(stop),
        thread: Some(thread),
    })
}
