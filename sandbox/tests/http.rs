//! The sandbox over HTTP: `app()` driven with `tower::ServiceExt::oneshot`, and `serve()`
//! on a real loopback socket with a shutdown future.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use sandbox::data::DataSet;
use serde_json::{Value, json};
use tower::ServiceExt;

const URL: &str = "/plaid-compatible/auth/get";

/// Sends one POST to `app()`: the status, the `x-request-id` header and the JSON body.
async fn post(headers: &[(&str, &str)], body: Value) -> (StatusCode, String, Value) {
    let mut builder = Request::post(URL).header("content-type", "application/json");
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    let request = builder.body(Body::from(body.to_string())).expect("request");
    let response = sandbox::app(DataSet::embedded())
        .oneshot(request)
        .await
        .expect("infallible");
    let status = response.status();
    let request_id = response
        .headers()
        .get("x-request-id")
        .expect("x-request-id")
        .to_str()
        .expect("text")
        .to_owned();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .expect("body");
    let value: Value = serde_json::from_slice(&bytes).expect("JSON body");
    (status, request_id, value)
}

const HEADERS: [(&str, &str); 2] = [
    ("PLAID-CLIENT-ID", "sandbox_client_id"),
    ("PLAID-SECRET", "sandbox_secret"),
];

#[tokio::test]
async fn the_documented_call_answers_one_account() {
    let (status, request_id, body) = post(
        &[("PLAID-CLIENT-ID", "sandbox_client_id")],
        json!({
            "client_id": "sandbox_client_id",
            "secret": "sandbox_secret",
            "access_token": "access-sandbox-user-good",
            "options": {"account_ids": ["acc_chk_7Qm2Lx9PwZr4"]}
        }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["request_id"], json!(request_id));
    assert_eq!(body["accounts"].as_array().map(Vec::len), Some(1));
    assert_eq!(body["accounts"][0]["account_id"], "acc_chk_7Qm2Lx9PwZr4");
    assert_eq!(body["numbers"]["ach"][0]["routing"], "123456780");
    assert_eq!(body["numbers"]["bacs"], json!([]));
    assert_eq!(body["item"]["error"], json!(null));
    assert_eq!(body["item"]["consent_expiration_time"], json!(null));
}

#[tokio::test]
async fn a_caller_request_id_reaches_the_body_of_errors() {
    let headers = [
        ("x-request-id", "trace-42"),
        ("plaid-version", "2018-05-22"),
    ];
    let (status, request_id, body) = post(
        &headers,
        json!({"access_token": "access-sandbox-user-good"}),
    )
    .await;
    assert_eq!(
        (status, request_id.as_str()),
        (StatusCode::BAD_REQUEST, "trace-42")
    );
    assert_eq!(
        body,
        json!({
            "error_type": "INVALID_REQUEST",
            "error_code": "INCOMPATIBLE_API_VERSION",
            "error_message": "this server supports only Plaid API version 2020-09-14: send Plaid-Version: 2020-09-14 or leave the header out",
            "display_message": null,
            "request_id": "trace-42"
        })
    );
}

#[tokio::test]
async fn documented_error_messages() {
    let cases = [
        (
            &[][..],
            json!({"access_token": "t"}),
            "INVALID_HEADERS",
            "the following required headers are missing: PLAID-CLIENT-ID",
        ),
        (
            &HEADERS[1..],
            json!({"access_token": "t", "client_id": "sandbox_client_id"}),
            "INVALID_HEADERS",
            "the following required headers are missing: PLAID-CLIENT-ID",
        ),
        (
            &[("PLAID-CLIENT-ID", "")][..],
            json!({"access_token": "t", "secret": "sandbox_secret"}),
            "INVALID_HEADERS",
            "the following required headers are missing: PLAID-CLIENT-ID",
        ),
        (
            &HEADERS[..1],
            json!({"access_token": "t"}),
            "MISSING_FIELDS",
            "the following required fields are missing: secret",
        ),
        (
            &HEADERS[..],
            json!({"access_token": "t", "secret": "wrong"}),
            "INVALID_ACCESS_TOKEN",
            "could not find matching access token",
        ),
        (
            &[
                ("PLAID-CLIENT-ID", "sandbox_client_id"),
                ("PLAID-SECRET", "wrong"),
            ][..],
            json!({"access_token": "t", "secret": "sandbox_secret"}),
            "INVALID_API_KEYS",
            "invalid client_id or secret provided",
        ),
        (
            &HEADERS[..],
            json!({"access_token": "t", "client_id": "someone_else"}),
            "INVALID_API_KEYS",
            "invalid client_id or secret provided",
        ),
    ];
    for (headers, body, code, message) in cases {
        let (status, request_id, error) = post(headers, body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{code}");
        let error_type = if code == "INVALID_HEADERS" || code == "MISSING_FIELDS" {
            "INVALID_REQUEST"
        } else {
            "INVALID_INPUT"
        };
        assert_eq!(error["error_type"], json!(error_type), "{code}");
        assert_eq!(
            (
                error["error_code"].as_str(),
                error["error_message"].as_str()
            ),
            (Some(code), Some(message))
        );
        assert_eq!(error["request_id"], json!(request_id));
        assert_eq!(error["display_message"], json!(null));
    }
}

#[tokio::test]
async fn body_credentials_without_the_client_id_header_are_refused() {
    let (status, request_id, body) = post(
        &[],
        json!({
            "client_id": "sandbox_client_id",
            "secret": "sandbox_secret",
            "access_token": "access-sandbox-user-good"
        }),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!({
            "error_type": "INVALID_REQUEST",
            "error_code": "INVALID_HEADERS",
            "error_message": "the following required headers are missing: PLAID-CLIENT-ID",
            "display_message": null,
            "request_id": request_id
        })
    );
}

#[tokio::test]
async fn the_client_id_header_with_a_body_secret_is_enough() {
    let (status, _, body) = post(
        &HEADERS[..1],
        json!({"secret": "sandbox_secret", "access_token": "access-sandbox-user-good"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["accounts"].as_array().is_some_and(|a| !a.is_empty()));
}

#[tokio::test]
async fn refusals_of_the_generated_router_still_pass_through_the_log_layer() {
    let request = Request::get("/plaid-compatible/nowhere")
        .body(Body::empty())
        .expect("request");
    let response = sandbox::app(DataSet::embedded())
        .oneshot(request)
        .await
        .expect("infallible");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(response.headers().contains_key("x-request-id"));
}

/// One HTTP/1.1 request over a raw (blocking, std) socket, answered and closed.
async fn raw_call(addr: std::net::SocketAddr, body: &'static str) -> String {
    use std::io::{Read, Write};
    let call = move || {
        let mut socket = std::net::TcpStream::connect(addr).expect("connect");
        let request = format!(
            "POST {URL} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
             PLAID-CLIENT-ID: sandbox_client_id\r\nPLAID-SECRET: sandbox_secret\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        socket.write_all(request.as_bytes()).expect("write");
        let mut answer = String::new();
        socket.read_to_string(&mut answer).expect("read");
        answer
    };
    tokio::task::spawn_blocking(call)
        .await
        .expect("the call ran")
}

#[tokio::test]
async fn serve_answers_until_shutdown_then_returns() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(sandbox::serve(listener, DataSet::embedded(), async move {
        let _ = stopped.await;
    }));
    let answer = raw_call(addr, r#"{"access_token": "access-sandbox-item-error"}"#).await;
    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
    assert!(answer.contains("ITEM_LOGIN_REQUIRED"), "{answer}");

    stop.send(()).expect("server still running");
    let result = tokio::time::timeout(std::time::Duration::from_secs(10), server).await;
    assert!(
        matches!(result, Ok(Ok(Ok(())))),
        "serve did not stop cleanly: {result:?}"
    );
    assert!(
        tokio::net::TcpStream::connect(addr).await.is_err(),
        "still accepting after shutdown"
    );
}
