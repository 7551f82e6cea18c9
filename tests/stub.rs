//! The generated stub server (the `stub` feature) on an ephemeral loopback port: it answers
//! with the spec's example, the same for every request; it refuses requests that lack the
//! credentials their operation requires; an implementation overrides one operation and keeps
//! the stub's answers for the others.

use std::sync::Arc;

use generated::server::{AuthGetReply, RequestContext};
use generated::stub::{self, Credentials, Stub, StubApi};
use generated::types::{AuthGetRequest, AuthGetResponse};
use serde_json::{Value, json};
use tokio::sync::oneshot;

/// A server on a free loopback port, stopped when dropped.
struct Running {
    url: String,
    stop: Option<oneshot::Sender<()>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

async fn serve(app: axum::Router) -> Running {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("local addr");
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = stopped.await;
            })
            .await;
    });
    Running {
        url: format!("http://{addr}/plaid-compatible/auth/get"),
        stop: Some(stop),
    }
}

fn request_body() -> Value {
    json!({"client_id": "any", "secret": "any", "access_token": "access-anything"})
}

async fn post(url: &str, client_id: Option<&str>) -> (u16, String) {
    let mut request = reqwest::Client::new().post(url).json(&request_body());
    if let Some(id) = client_id {
        request = request.header("PLAID-CLIENT-ID", id);
    }
    let response = request.send().await.expect("request");
    let status = response.status().as_u16();
    (status, response.text().await.expect("body"))
}

/// The spec's first example of the 200 response of `POST /auth/get`.
fn spec_example() -> Value {
    let root = xtask::workspace_root();
    let text = std::fs::read_to_string(root.join("spec/auth_get.yaml")).expect("spec");
    let spec: Value = serde_yaml::from_str(&text).expect("YAML");
    spec.pointer("/paths/~1auth~1get/post/responses/200/content/application~1json/examples")
        .and_then(|examples| examples.as_object()?.values().next()?.get("value").cloned())
        .expect("the spec has an example of its 200 response")
}

#[tokio::test]
async fn answers_the_spec_example_the_same_every_time() {
    let stub = Arc::new(Stub::new().expect("every answer reads as its type"));
    let server = serve(stub::router(stub)).await;
    let (status, first) = post(
        &server.url,
        Some(stub::Credentials::default().api_key.as_str()),
    )
    .await;
    assert_eq!(status, 200, "{first}");
    let (_, second) = post(&server.url, Some("stub-api-key")).await;
    assert_eq!(first, second, "the same request gets the same answer");
    let answer: AuthGetResponse = serde_json::from_str(&first).expect("reads as the response type");
    let expected: AuthGetResponse =
        serde_json::from_value(spec_example()).expect("the example reads as the response type");
    assert_eq!(answer, expected);
}

#[tokio::test]
async fn refuses_requests_without_the_credentials_the_operation_requires() {
    let stub = Arc::new(Stub::new().expect("answers"));
    let server = serve(stub::router(stub)).await;
    for client_id in [None, Some("not-the-key"), Some("")] {
        let (status, body) = post(&server.url, client_id).await;
        assert_eq!(status, 401, "{client_id:?}: {body}");
    }
    // A request with the credential but an invalid body is refused by the server's checks.
    let response = reqwest::Client::new()
        .post(&server.url)
        .header("PLAID-CLIENT-ID", "stub-api-key")
        .json(&json!({"secret": 1}))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 400);
}

#[tokio::test]
async fn accepts_the_credentials_it_is_given() {
    let mut credentials = Credentials::default();
    credentials.api_key = "my key".to_owned();
    let stub = Arc::new(Stub::new().expect("answers").with_credentials(credentials));
    let server = serve(stub::router(stub)).await;
    assert_eq!(post(&server.url, Some("my key")).await.0, 200);
    assert_eq!(post(&server.url, Some("stub-api-key")).await.0, 401);
}

/// Answers `POST /auth/get` itself; everything else as the stub does.
struct Partly {
    stub: Stub,
}

impl StubApi for Partly {
    fn stub(&self) -> &Stub {
        &self.stub
    }

    async fn auth_get(&self, _context: RequestContext, body: AuthGetRequest) -> AuthGetReply {
        let mut answer: AuthGetResponse =
            serde_json::from_value(spec_example()).expect("the example reads");
        answer.request_id = format!("for {}", body.access_token.expose_secret());
        AuthGetReply::Ok(answer)
    }
}

#[tokio::test]
async fn an_implementation_overrides_the_operations_it_answers_itself() {
    let api = Arc::new(Partly {
        stub: Stub::new().expect("answers"),
    });
    let server = serve(stub::router(api)).await;
    let (status, body) = post(&server.url, Some("stub-api-key")).await;
    assert_eq!(status, 200, "{body}");
    let answer: AuthGetResponse = serde_json::from_str(&body).expect("reads");
    assert_eq!(answer.request_id, "for access-anything");
}

#[test]
fn lists_the_operations_it_serves() {
    assert_eq!(stub::OPERATIONS, &[("POST", "/auth/get")]);
}
