use axum::http::{HeaderMap, HeaderValue};
use generated::types::{AuthGetRequest, PlaidErrorType, SecretString};

use super::*;

fn context(client_id: Option<&[u8]>, secret: Option<&[u8]>) -> RequestContext {
    let mut headers = HeaderMap::new();
    for (name, value) in [("plaid-client-id", client_id), ("plaid-secret", secret)] {
        if let Some(v) = value {
            headers.insert(
                name,
                HeaderValue::from_bytes(v).expect("valid header bytes"),
            );
        }
    }
    RequestContext::from_headers(headers)
}

fn body(client_id: Option<&str>, secret: Option<&str>) -> AuthGetRequest {
    AuthGetRequest {
        client_id: client_id.map(str::to_owned),
        secret: secret.map(SecretString::from),
        access_token: SecretString::from("access-sandbox-user-good"),
        options: None,
    }
}

/// The outcome of reading and checking the credentials against the embedded data set.
fn check(context: &RequestContext, body: &AuthGetRequest) -> Result<(), Refusal> {
    let data = DataSet::embedded();
    from_request(context, body).and_then(|c| verify(&data, c))
}

const ID: &[u8] = b"sandbox_client_id";
const SECRET: &[u8] = b"sandbox_secret";

#[test]
fn the_client_id_comes_from_its_header_and_the_secret_from_its_header_or_the_body() {
    assert_eq!(
        check(&context(Some(ID), Some(SECRET)), &body(None, None)),
        Ok(())
    );
    // Header-only client id, secret in the body.
    assert_eq!(
        check(
            &context(Some(ID), None),
            &body(None, Some("sandbox_secret"))
        ),
        Ok(())
    );
    // The body may repeat the header's client id.
    assert_eq!(
        check(
            &context(Some(ID), None),
            &body(Some("sandbox_client_id"), Some("sandbox_secret"))
        ),
        Ok(())
    );
    assert_eq!(
        check(
            &context(Some(ID), Some(SECRET)),
            &body(Some("sandbox_client_id"), None)
        ),
        Ok(())
    );
}

#[test]
fn the_client_id_header_is_required_even_when_the_body_has_one() {
    let missing = Err(Refusal::MissingClientIdHeader);
    assert_eq!(
        check(
            &context(None, None),
            &body(Some("sandbox_client_id"), Some("sandbox_secret"))
        ),
        missing
    );
    assert_eq!(
        check(
            &context(None, Some(SECRET)),
            &body(Some("sandbox_client_id"), None)
        ),
        missing
    );
    assert_eq!(
        check(&context(None, Some(SECRET)), &body(None, None)),
        missing
    );
    // An empty header is no header.
    assert_eq!(
        check(
            &context(Some(b""), Some(SECRET)),
            &body(Some("sandbox_client_id"), None)
        ),
        missing
    );
    // The missing header is reported before a missing secret.
    assert_eq!(check(&context(None, None), &body(None, None)), missing);
    let e = Refusal::MissingClientIdHeader.to_plaid_error("req-1");
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
    assert_eq!(e.request_id.as_deref(), Some("req-1"));
}

#[test]
fn a_body_client_id_must_equal_the_header() {
    for other in ["someone", "sandbox_client_ID", "sandbox_client_id "] {
        assert_eq!(
            check(&context(Some(ID), Some(SECRET)), &body(Some(other), None)),
            Err(Refusal::InvalidApiKeys),
            "{other:?}"
        );
    }
    // Even when the body names a real client and the header an unknown one.
    assert_eq!(
        check(
            &context(Some(b"nobody"), None),
            &body(Some("sandbox_client_id"), Some("sandbox_secret"))
        ),
        Err(Refusal::InvalidApiKeys)
    );
    // An empty body client id counts as not sent.
    assert_eq!(
        check(&context(Some(ID), Some(SECRET)), &body(Some(""), None)),
        Ok(())
    );
}

#[test]
fn the_header_secret_wins_over_the_body() {
    // A wrong header is not rescued by a right body...
    assert_eq!(
        check(
            &context(Some(ID), Some(b"nope")),
            &body(None, Some("sandbox_secret"))
        ),
        Err(Refusal::InvalidApiKeys)
    );
    // ...and a right header is not spoilt by a wrong body.
    assert_eq!(
        check(&context(Some(ID), Some(SECRET)), &body(None, Some("nope"))),
        Ok(())
    );
}

#[test]
fn a_missing_secret_is_named() {
    assert_eq!(
        check(&context(Some(ID), None), &body(None, None)),
        Err(Refusal::MissingFields(vec!["secret"]))
    );
    assert_eq!(
        check(
            &context(Some(ID), Some(b"")),
            &body(Some("sandbox_client_id"), Some(""))
        ),
        Err(Refusal::MissingFields(vec!["secret"]))
    );
    assert_eq!(
        Refusal::MissingFields(vec!["secret"]).message(),
        "the following required fields are missing: secret"
    );
    // An empty secret header falls back to the body.
    assert_eq!(
        check(
            &context(Some(ID), Some(b"")),
            &body(None, Some("sandbox_secret"))
        ),
        Ok(())
    );
}

#[test]
fn wrong_or_unknown_credentials_are_invalid_api_keys() {
    let cases: [(&[u8], &[u8]); 6] = [
        (ID, b"sandbox_secreT"),
        (ID, b"sandbox_secret "),
        (ID, b"sandbox_secre"),
        (ID, b"x"),
        (b"sandbox_client_ID", SECRET),
        (b"nobody", SECRET),
    ];
    for (id, secret) in cases {
        assert_eq!(
            check(&context(Some(id), Some(secret)), &body(None, None)),
            Err(Refusal::InvalidApiKeys)
        );
    }
    let e = Refusal::InvalidApiKeys.to_plaid_error("req-1");
    assert_eq!(e.error_message, "invalid client_id or secret provided");
    assert_eq!(e.request_id.as_deref(), Some("req-1"));
    assert_eq!(e.display_message, None);
}

#[test]
fn an_unreadable_header_matches_nothing_and_does_not_fall_back() {
    let unreadable_secret = context(Some(ID), Some(b"sandbox_secret\xff"));
    assert_eq!(
        check(&unreadable_secret, &body(None, Some("sandbox_secret"))),
        Err(Refusal::InvalidApiKeys)
    );
    // An unreadable client id header is present, so not INVALID_HEADERS.
    let unreadable_id = context(Some(b"sandbox_client_id\xff"), Some(SECRET));
    assert_eq!(
        check(&unreadable_id, &body(Some("sandbox_client_id"), None)),
        Err(Refusal::InvalidApiKeys)
    );
    assert_eq!(
        check(&unreadable_id, &body(None, None)),
        Err(Refusal::InvalidApiKeys)
    );
}

#[test]
fn secret_eq_is_plain_equality() {
    let cases: [(&[u8], &[u8], bool); 8] = [
        (b"sandbox_secret", b"sandbox_secret", true),
        (b"", b"", true),
        (b"sandbox_secreu", b"sandbox_secret", false),
        (b"Sandbox_secret", b"sandbox_secret", false),
        (b"sandbox_secre", b"sandbox_secret", false),
        (b"sandbox_secret\0", b"sandbox_secret", false),
        (b"sandbox_secret_and_more", b"sandbox_secret", false),
        (b"", b"sandbox_secret", false),
    ];
    for (given, expected, equal) in cases {
        assert_eq!(
            secret_eq(given, expected),
            equal,
            "{given:?} vs {expected:?}"
        );
    }
    // Padding with zero bytes past the end of `given` must not make a prefix match.
    assert!(!secret_eq(b"ab", b"ab\0"));
}

#[test]
fn debug_output_hides_the_secret() {
    let ctx = context(Some(ID), Some(SECRET));
    let b = body(None, None);
    let credentials = from_request(&ctx, &b).expect("both given");
    let text = format!("{credentials:?}");
    assert!(
        text.contains("sandbox_client_id") && !text.contains("sandbox_secret"),
        "{text}"
    );
}
