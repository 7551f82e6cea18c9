//! End to end on an ephemeral loopback port: the generated client, and raw HTTP, against the
//! sandbox built on the generated server.

use std::collections::BTreeSet;

use generated::client::{Client, Error};
use generated::types::{
    AuthGetRequest, AuthGetRequestOptions, PlaidError, PlaidErrorType, SecretString,
};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::sync::oneshot;

const CLIENT_ID: &str = "sandbox_client_id";
const SECRET: &str = "sandbox_secret";
const GOOD_TOKEN: &str = "access-sandbox-user-good";
const ITEM_ERROR_TOKEN: &str = "access-sandbox-item-error";

/// A sandbox on a free loopback port, stopped when dropped.
struct Sandbox {
    base_url: String,
    stop: Option<oneshot::Sender<()>>,
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

async fn start() -> Sandbox {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("local addr");
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(sandbox::serve(
        listener,
        sandbox::data::DataSet::embedded(),
        async move {
            let _ = stopped.await;
        },
    ));
    Sandbox {
        base_url: format!("http://{addr}/plaid-compatible"),
        stop: Some(stop),
    }
}

fn client(base_url: &str) -> Client {
    Client::builder(base_url)
        .client_id(CLIENT_ID)
        .secret(SECRET)
        .plaid_version("2020-09-14")
        .timeout(std::time::Duration::from_secs(10))
        .build()
        .expect("client")
}

fn request(token: &str, account_ids: Option<Vec<String>>) -> AuthGetRequest {
    AuthGetRequest {
        client_id: None,
        secret: None,
        access_token: SecretString::new(token),
        options: account_ids.map(|ids| AuthGetRequestOptions {
            account_ids: Some(ids),
        }),
    }
}

/// The status, error_type and error_code of a failed call, checked to be a Plaid error whose
/// request id matches the one the client saw.
fn plaid_error<T: std::fmt::Debug>(
    result: Result<T, Error<PlaidError>>,
) -> (u16, PlaidErrorType, String) {
    let err = result.expect_err("the call should fail");
    let status = err.status().expect("the server answered");
    let request_id = err.request_id().expect("a request id").to_owned();
    let body = err
        .error_body()
        .unwrap_or_else(|| panic!("not a Plaid error: {err}"));
    assert_eq!(body.request_id.as_deref(), Some(request_id.as_str()));
    assert_eq!(body.display_message, None);
    (status, body.error_type.clone(), body.error_code.clone())
}

#[tokio::test]
async fn the_good_item_answers_with_accounts_and_every_kind_of_number() {
    let sandbox = start().await;
    let response = client(&sandbox.base_url)
        .auth_get(&request(GOOD_TOKEN, None))
        .await
        .expect("200");
    assert!(response.accounts.len() >= 5, "{:?}", response.accounts);
    assert!(response.numbers.ach.len() >= 2);
    assert!(!response.numbers.eft.is_empty());
    assert!(!response.numbers.international.is_empty());
    assert!(!response.numbers.bacs.is_empty());
    assert!(!response.request_id.is_empty());
    assert!(response.item.error.is_none());
    let ids: BTreeSet<&str> = response
        .accounts
        .iter()
        .map(|a| a.account_id.as_str())
        .collect();
    for n in &response.numbers.ach {
        assert!(
            ids.contains(n.account_id.as_str()),
            "ACH numbers of an account not listed: {}",
            n.account_id
        );
    }
}

#[tokio::test]
async fn account_ids_filter_accounts_and_numbers() {
    let sandbox = start().await;
    let api = client(&sandbox.base_url);
    let all = api.auth_get(&request(GOOD_TOKEN, None)).await.expect("200");
    let wanted = all.numbers.ach[0].account_id.clone();
    let filtered = api
        .auth_get(&request(GOOD_TOKEN, Some(vec![wanted.clone()])))
        .await
        .expect("200");
    assert_eq!(filtered.accounts.len(), 1);
    assert_eq!(filtered.accounts[0].account_id, wanted);
    assert_eq!(filtered.numbers.ach.len(), 1);
    assert_eq!(filtered.numbers.ach[0].account_id, wanted);
    let n = &filtered.numbers;
    let numbered: BTreeSet<&str> = n
        .ach
        .iter()
        .map(|x| x.account_id.as_str())
        .chain(n.eft.iter().map(|x| x.account_id.as_str()))
        .chain(n.international.iter().map(|x| x.account_id.as_str()))
        .chain(n.bacs.iter().map(|x| x.account_id.as_str()))
        .collect();
    assert_eq!(numbered, BTreeSet::from([wanted.as_str()]));
}

#[tokio::test]
async fn the_secret_may_come_in_the_body() {
    let sandbox = start().await;
    // PLAID-CLIENT-ID is a required header; the secret may be in the body instead of PLAID-SECRET,
    // and the body may repeat the client id.
    let header_id_only = Client::builder(&sandbox.base_url)
        .client_id(CLIENT_ID)
        .build()
        .expect("client");
    let mut body = request(GOOD_TOKEN, None);
    body.client_id = Some(CLIENT_ID.to_owned());
    body.secret = Some(SecretString::new(SECRET));
    header_id_only
        .auth_get(&body)
        .await
        .expect("the secret in the body is enough");
    body.client_id = None;
    header_id_only
        .auth_get(&body)
        .await
        .expect("the client id in the header is enough");
}

#[tokio::test]
async fn an_item_in_error_still_answers() {
    let sandbox = start().await;
    let response = client(&sandbox.base_url)
        .auth_get(&request(ITEM_ERROR_TOKEN, None))
        .await
        .expect("200");
    let error = response.item.error.expect("item.error is set");
    assert_eq!(error.error_code, "ITEM_LOGIN_REQUIRED");
    assert_eq!(error.error_type, PlaidErrorType::ItemError);
}

#[tokio::test]
async fn every_error_path_comes_back_typed() {
    let sandbox = start().await;
    let good = client(&sandbox.base_url);
    let cases: Vec<(&str, Client, AuthGetRequest, u16, PlaidErrorType, &str)> = vec![
        (
            "wrong secret",
            Client::builder(&sandbox.base_url)
                .client_id(CLIENT_ID)
                .secret("not-the-secret")
                .build()
                .expect("client"),
            request(GOOD_TOKEN, None),
            400,
            PlaidErrorType::InvalidInput,
            "INVALID_API_KEYS",
        ),
        (
            "wrong client id",
            Client::builder(&sandbox.base_url)
                .client_id("someone_else")
                .secret(SECRET)
                .build()
                .expect("client"),
            request(GOOD_TOKEN, None),
            400,
            PlaidErrorType::InvalidInput,
            "INVALID_API_KEYS",
        ),
        (
            "no credentials",
            Client::new(sandbox.base_url.clone()),
            request(GOOD_TOKEN, None),
            400,
            PlaidErrorType::InvalidRequest,
            "INVALID_HEADERS",
        ),
        (
            "no PLAID-CLIENT-ID header",
            Client::builder(&sandbox.base_url)
                .secret(SECRET)
                .build()
                .expect("client"),
            AuthGetRequest {
                client_id: Some(CLIENT_ID.to_owned()),
                ..request(GOOD_TOKEN, None)
            },
            400,
            PlaidErrorType::InvalidRequest,
            "INVALID_HEADERS",
        ),
        (
            "body client id differs from the header",
            good.clone(),
            AuthGetRequest {
                client_id: Some("someone_else".to_owned()),
                ..request(GOOD_TOKEN, None)
            },
            400,
            PlaidErrorType::InvalidInput,
            "INVALID_API_KEYS",
        ),
        (
            "unknown token",
            good.clone(),
            request("access-sandbox-nobody", None),
            400,
            PlaidErrorType::InvalidInput,
            "INVALID_ACCESS_TOKEN",
        ),
        (
            "account not on the item",
            good.clone(),
            request(GOOD_TOKEN, Some(vec!["not-an-account".to_owned()])),
            400,
            PlaidErrorType::InvalidInput,
            "INVALID_ACCOUNT_ID",
        ),
        (
            "unknown API version",
            Client::builder(&sandbox.base_url)
                .client_id(CLIENT_ID)
                .secret(SECRET)
                .plaid_version("1999-01-01")
                .build()
                .expect("client"),
            request(GOOD_TOKEN, None),
            400,
            PlaidErrorType::InvalidRequest,
            "INCOMPATIBLE_API_VERSION",
        ),
    ];
    for (name, api, body, status, error_type, code) in cases {
        let got = plaid_error(api.auth_get(&body).await);
        assert_eq!(got, (status, error_type, code.to_owned()), "{name}");
        good.auth_get(&request(GOOD_TOKEN, None))
            .await
            .unwrap_or_else(|e| panic!("after {name}, a good call failed: {e}"));
    }
}

#[tokio::test]
async fn a_missing_credential_is_named() {
    let sandbox = start().await;
    let no_secret = Client::builder(&sandbox.base_url)
        .client_id(CLIENT_ID)
        .build()
        .expect("client");
    let err = no_secret
        .auth_get(&request(GOOD_TOKEN, None))
        .await
        .expect_err("no secret");
    let body = err.error_body().expect("Plaid error");
    assert_eq!(body.error_code, "MISSING_FIELDS");
    assert!(
        body.error_message.contains("secret"),
        "{}",
        body.error_message
    );
}

/// One raw HTTP request: its status, the `x-request-id` header and the JSON body.
async fn raw(
    method: reqwest::Method,
    url: &str,
    content_type: Option<&str>,
    body: Vec<u8>,
) -> (StatusCode, String, Value) {
    let mut req = reqwest::Client::new()
        .request(method, url)
        .header("PLAID-CLIENT-ID", CLIENT_ID)
        .header("PLAID-SECRET", SECRET);
    if let Some(ct) = content_type {
        req = req.header("content-type", ct);
    }
    let response = req.body(body).send().await.expect("the server answers");
    let status = response.status();
    let request_id = response
        .headers()
        .get("x-request-id")
        .expect("x-request-id on every response")
        .to_str()
        .expect("ascii")
        .to_owned();
    let text = response.text().await.expect("body");
    let value: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{status}: body is not JSON ({e}): {text}"));
    (status, request_id, value)
}

/// One raw request and the refusal it must get.
struct RawCase {
    name: &'static str,
    method: reqwest::Method,
    url: String,
    content_type: Option<&'static str>,
    body: Vec<u8>,
    status: u16,
    code: &'static str,
}

/// A JSON `POST` to `url`.
fn post_json(
    name: &'static str,
    url: &str,
    body: impl Into<Vec<u8>>,
    status: u16,
    code: &'static str,
) -> RawCase {
    RawCase {
        name,
        method: reqwest::Method::POST,
        url: url.to_owned(),
        content_type: Some("application/json"),
        body: body.into(),
        status,
        code,
    }
}

#[tokio::test]
async fn requests_refused_before_the_handler_get_plaid_errors() {
    let sandbox = start().await;
    let url = format!("{}/auth/get", sandbox.base_url);
    let good_body = json!({"access_token": GOOD_TOKEN}).to_string().into_bytes();
    let mut huge = br#"{"access_token": ""#.to_vec();
    huge.extend(std::iter::repeat_n(b'a', 2 * 1024 * 1024));
    huge.extend(br#""}"#);
    let cases = vec![
        post_json("bad_json", &url, "{\"access_token\": ", 400, "INVALID_BODY"),
        RawCase {
            content_type: Some("text/plain"),
            ..post_json(
                "wrong_content_type",
                &url,
                good_body.clone(),
                400,
                "INVALID_BODY",
            )
        },
        RawCase {
            content_type: None,
            ..post_json(
                "missing_content_type",
                &url,
                good_body.clone(),
                400,
                "INVALID_BODY",
            )
        },
        post_json(
            "missing_access_token",
            &url,
            r#"{"options": {}}"#,
            400,
            "MISSING_FIELDS",
        ),
        post_json(
            "wrong_field_type",
            &url,
            r#"{"access_token": 42}"#,
            400,
            "INVALID_FIELD",
        ),
        post_json(
            "null_where_not_nullable",
            &url,
            r#"{"access_token": "t", "options": {"account_ids": null}}"#,
            400,
            "INVALID_FIELD",
        ),
        post_json(
            "wrong_nested_type",
            &url,
            r#"{"access_token": "t", "options": {"account_ids": "one"}}"#,
            400,
            "INVALID_FIELD",
        ),
        post_json(
            "unknown_field",
            &url,
            r#"{"access_token": "t", "surprise": 1}"#,
            400,
            "UNKNOWN_FIELDS",
        ),
        post_json("huge_body", &url, huge, 413, "PAYLOAD_TOO_LARGE"),
        RawCase {
            method: reqwest::Method::GET,
            content_type: None,
            ..post_json("wrong_method", &url, Vec::new(), 405, "METHOD_NOT_ALLOWED")
        },
        post_json(
            "unknown_path",
            &format!("{}/auth/nothing", sandbox.base_url),
            good_body.clone(),
            404,
            "NOT_FOUND",
        ),
        post_json(
            "outside_base_path",
            &url.replace("/plaid-compatible", ""),
            good_body.clone(),
            404,
            "NOT_FOUND",
        ),
    ];
    let api = client(&sandbox.base_url);
    for case in cases {
        let RawCase {
            name,
            method,
            url: target,
            content_type,
            body,
            status,
            code,
        } = case;
        let (got_status, request_id, envelope) = raw(method, &target, content_type, body).await;
        assert_eq!(got_status.as_u16(), status, "{name}: {envelope}");
        let error: PlaidError = serde_json::from_value(envelope.clone())
            .unwrap_or_else(|e| panic!("{name}: not a Plaid error ({e}): {envelope}"));
        assert_eq!(error.error_type, PlaidErrorType::InvalidRequest, "{name}");
        assert_eq!(error.error_code, code, "{name}");
        assert_eq!(
            error.request_id.as_deref(),
            Some(request_id.as_str()),
            "{name}: body and header request ids differ"
        );
        insta::assert_json_snapshot!(format!("rejection_{name}"), envelope, {".request_id" => "[request_id]"});
        api.auth_get(&request(GOOD_TOKEN, None))
            .await
            .unwrap_or_else(|e| panic!("after {name}, a good call failed: {e}"));
    }
}

#[tokio::test]
async fn a_caller_request_id_is_kept() {
    let sandbox = start().await;
    let response = reqwest::Client::new()
        .post(format!("{}/auth/get", sandbox.base_url))
        .header("x-request-id", "trace-me-123")
        .header("PLAID-CLIENT-ID", CLIENT_ID)
        .header("PLAID-SECRET", SECRET)
        .json(&json!({"access_token": GOOD_TOKEN}))
        .send()
        .await
        .expect("answer");
    assert_eq!(response.headers()["x-request-id"], "trace-me-123");
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["request_id"], "trace-me-123");
}
