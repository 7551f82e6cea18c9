use axum::http::{HeaderMap, HeaderValue, StatusCode};
use generated::types::{AuthGetRequestOptions, PlaidError, PlaidErrorType, SecretString};
use serde_json::json;

use super::*;

/// Request headers: (lower-case name, value).
type Headers<'a> = &'a [(&'static str, &'a str)];

fn context(headers: &[(&'static str, &str)]) -> RequestContext {
    let mut map = HeaderMap::new();
    map.insert("x-request-id", HeaderValue::from_static("req-abc"));
    for (name, value) in headers {
        map.insert(*name, HeaderValue::from_str(value).expect("header value"));
    }
    RequestContext::from_headers(map)
}

const CREDENTIALS: [(&str, &str); 2] = [
    ("plaid-client-id", "sandbox_client_id"),
    ("plaid-secret", "sandbox_secret"),
];

fn request(token: &str, account_ids: Option<&[&str]>) -> AuthGetRequest {
    AuthGetRequest {
        client_id: None,
        secret: None,
        access_token: SecretString::from(token),
        options: account_ids.map(|ids| AuthGetRequestOptions {
            account_ids: Some(ids.iter().map(|s| (*s).to_owned()).collect()),
        }),
    }
}

async fn call(headers: &[(&'static str, &str)], body: AuthGetRequest) -> AuthGetReply {
    Sandbox::new(DataSet::embedded())
        .auth_get(context(headers), body)
        .await
}

fn refused(reply: AuthGetReply) -> (StatusCode, PlaidError) {
    match reply {
        AuthGetReply::Default(status, error) => (status, error),
        AuthGetReply::Ok(r) => panic!("answered 200: {r:?}"),
    }
}

#[tokio::test]
async fn a_good_call_answers_with_the_request_id() {
    match call(&CREDENTIALS, request("access-sandbox-user-good", None)).await {
        AuthGetReply::Ok(r) => {
            assert_eq!(r.request_id, "req-abc");
            assert!(r.accounts.len() >= 5);
        }
        AuthGetReply::Default(s, e) => panic!("{s}: {e:?}"),
    }
}

#[tokio::test]
async fn every_refusal_is_a_plaid_error_with_the_request_id_and_no_display_message() {
    let with_version = [
        CREDENTIALS[0],
        CREDENTIALS[1],
        ("plaid-version", "2019-05-29"),
    ];
    let cases: Vec<(Headers<'_>, AuthGetRequest, PlaidErrorType, &str)> = vec![
        (
            &[],
            request("access-sandbox-user-good", None),
            PlaidErrorType::InvalidRequest,
            "INVALID_HEADERS",
        ),
        (
            &CREDENTIALS[..1],
            request("access-sandbox-user-good", None),
            PlaidErrorType::InvalidRequest,
            "MISSING_FIELDS",
        ),
        (
            &with_version,
            request("access-sandbox-user-good", None),
            PlaidErrorType::InvalidRequest,
            "INCOMPATIBLE_API_VERSION",
        ),
        (
            &[
                ("plaid-client-id", "sandbox_client_id"),
                ("plaid-secret", "x"),
            ],
            request("x", None),
            PlaidErrorType::InvalidInput,
            "INVALID_API_KEYS",
        ),
        (
            &CREDENTIALS,
            request("access-sandbox-nobody", None),
            PlaidErrorType::InvalidInput,
            "INVALID_ACCESS_TOKEN",
        ),
        (
            &CREDENTIALS,
            request("access-sandbox-user-good", Some(&["x"])),
            PlaidErrorType::InvalidInput,
            "INVALID_ACCOUNT_ID",
        ),
        (
            &CREDENTIALS,
            request("access-sandbox-no-auth-accounts", None),
            PlaidErrorType::ItemError,
            "NO_AUTH_ACCOUNTS",
        ),
    ];
    for (headers, body, error_type, code) in cases {
        let (status, error) = refused(call(headers, body).await);
        assert_eq!(status, StatusCode::BAD_REQUEST, "{code}");
        assert_eq!(
            (error.error_type.clone(), error.error_code.as_str()),
            (error_type, code)
        );
        assert_eq!(error.request_id.as_deref(), Some("req-abc"), "{code}");
        let wire = serde_json::to_value(&error).expect("json");
        assert_eq!(
            wire["display_message"],
            json!(null),
            "{code}: display_message is written as null"
        );
    }
}

#[tokio::test]
async fn the_version_is_checked_before_the_credentials_and_those_before_the_token() {
    let (_, e) = refused(
        call(
            &[("plaid-version", "1")],
            request("access-sandbox-nobody", None),
        )
        .await,
    );
    assert_eq!(e.error_code, "INCOMPATIBLE_API_VERSION");
    let (_, e) = refused(call(&[], request("access-sandbox-nobody", None)).await);
    assert_eq!(e.error_code, "INVALID_HEADERS");
    let (_, e) = refused(
        call(
            &[("plaid-client-id", "c")],
            request("access-sandbox-nobody", None),
        )
        .await,
    );
    assert_eq!(e.error_code, "MISSING_FIELDS");
    let (_, e) = refused(
        call(
            &[("plaid-client-id", "c"), ("plaid-secret", "s")],
            request("access-sandbox-nobody", None),
        )
        .await,
    );
    assert_eq!(e.error_code, "INVALID_API_KEYS");
}

#[tokio::test]
async fn the_supported_version_and_a_body_secret_are_accepted() {
    let mut body = request("access-sandbox-item-error", None);
    body.secret = Some(SecretString::from("sandbox_secret"));
    let headers = [
        ("plaid-version", "2020-09-14"),
        ("plaid-client-id", "sandbox_client_id"),
    ];
    match call(&headers, body.clone()).await {
        AuthGetReply::Ok(r) => assert_eq!(
            r.item.error.map(|e| e.error_type),
            Some(PlaidErrorType::ItemError)
        ),
        AuthGetReply::Default(s, e) => panic!("{s}: {e:?}"),
    }
    // The body may repeat the header's client id...
    body.client_id = Some("sandbox_client_id".to_owned());
    assert!(matches!(
        call(&headers, body.clone()).await,
        AuthGetReply::Ok(_)
    ));
    // ...but not name another one.
    body.client_id = Some("someone_else".to_owned());
    let (_, e) = refused(call(&headers, body).await);
    assert_eq!(e.error_code, "INVALID_API_KEYS");
}

#[tokio::test]
async fn body_credentials_without_the_client_id_header_are_refused() {
    let mut body = request("access-sandbox-user-good", None);
    body.client_id = Some("sandbox_client_id".to_owned());
    body.secret = Some(SecretString::from("sandbox_secret"));
    let (status, e) = refused(call(&[("plaid-version", "2020-09-14")], body).await);
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        (
            e.error_type,
            e.error_code.as_str(),
            e.error_message.as_str()
        ),
        (
            PlaidErrorType::InvalidRequest,
            "INVALID_HEADERS",
            "the following required headers are missing: PLAID-CLIENT-ID"
        )
    );
    assert_eq!(e.display_message, None);
    assert_eq!(e.request_id.as_deref(), Some("req-abc"));
}
