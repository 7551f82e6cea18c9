//! End to end for `tests/fixtures/operations/error_forms.yaml`: the generated server on a
//! loopback port, sent requests it refuses; each refusal must come in the operation's own
//! documented error response (status, `Content-Type`, a body of the documented schema carrying
//! the message).
//!
//! This file is copied into the crate generated from the fixture (as `tests/e2e.rs`) by
//! `codegen/tests/error_forms.rs`, which then runs `cargo test` there.

use std::sync::Arc;

use error_forms_fixture::server::*;
use error_forms_fixture::types::{
    Envelope, Error, ErrorList, HttpValidationError, Item, Problem, Tagged, TaggedKind,
};

struct Server;

impl Api for Server {
    async fn get_documented(&self, _: RequestContext, p: GetDocumentedParams) -> GetDocumentedReply {
        GetDocumentedReply::Ok(p.count)
    }

    async fn post_documented(&self, _: RequestContext, _: Item) -> PostDocumentedReply {
        PostDocumentedReply::Ok(1)
    }

    async fn get_range(&self, _: RequestContext, p: GetRangeParams) -> GetRangeReply {
        GetRangeReply::Ok(p.count)
    }

    async fn get_validation(&self, _: RequestContext, p: GetValidationParams) -> GetValidationReply {
        GetValidationReply::Ok(p.count)
    }

    async fn get_fallback(&self, _: RequestContext, p: GetFallbackParams) -> GetFallbackReply {
        GetFallbackReply::Ok(p.count)
    }

    async fn get_listed(&self, _: RequestContext, p: GetListedParams) -> GetListedReply {
        GetListedReply::Ok(p.count)
    }

    async fn get_forbidden(&self, _: RequestContext, p: GetForbiddenParams) -> GetForbiddenReply {
        GetForbiddenReply::Ok(p.count)
    }

    async fn get_text(&self, _: RequestContext, p: GetTextParams) -> GetTextReply {
        GetTextReply::Ok(p.count)
    }

    async fn get_bodiless(&self, _: RequestContext, p: GetBodilessParams) -> GetBodilessReply {
        GetBodilessReply::Ok(p.count)
    }

    async fn get_example(&self, _: RequestContext, p: GetExampleParams) -> GetExampleReply {
        GetExampleReply::Ok(p.count)
    }

    async fn get_undocumented(&self, _: RequestContext, p: GetUndocumentedParams) -> GetUndocumentedReply {
        GetUndocumentedReply::Ok(p.count)
    }
}

/// Serves the API on a loopback port, with a body limit of 64 bytes; gives its base URL.
async fn start() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let mut options = RouterOptions::default();
    options.body_limit = 64;
    tokio::spawn(async move {
        axum::serve(listener, router_with_options(Arc::new(Server), options))
            .await
            .expect("serve");
    });
    format!("http://{addr}/v1")
}

/// A refused request's answer: status, `Content-Type`, body text.
struct Answer {
    status: u16,
    content_type: Option<String>,
    body: String,
}

impl Answer {
    async fn of(request: reqwest::RequestBuilder) -> Answer {
        let response = request
            .header("x-request-id", "rid-7")
            .send()
            .await
            .expect("send");
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().expect("ascii").to_owned());
        let body = response.text().await.expect("body");
        Answer {
            status,
            content_type,
            body,
        }
    }

    /// The body as `T`, which it must deserialize into.
    fn json<T: serde::de::DeserializeOwned>(&self) -> T {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {} is not of the documented schema", self.body))
    }
}

async fn get(base: &str, path: &str) -> Answer {
    Answer::of(reqwest::Client::new().get(format!("{base}{path}"))).await
}

#[tokio::test]
async fn a_documented_400_error_carries_message_status_and_request_id() {
    let base = start().await;
    let answer = get(&base, "/documented?count=many").await;
    assert_eq!(answer.status, 400, "{}", answer.body);
    assert_eq!(answer.content_type.as_deref(), Some("application/json"));
    let error: Error = answer.json();
    assert!(error.message.contains("count"), "{error:?}");
    assert_eq!(error.status, 400);
    assert_eq!(error.request_id, "rid-7");
    assert_eq!(error.kind, None);
    // A valid request still reaches the implementation.
    assert_eq!(get(&base, "/documented?count=3").await.body, "3");
}

#[tokio::test]
async fn a_bad_body_is_answered_in_400_and_a_large_one_in_4xx() {
    let base = start().await;
    let client = reqwest::Client::new();
    let post = |body: String| {
        client
            .post(format!("{base}/documented"))
            .header("content-type", "application/json")
            .body(body)
    };
    let answer = Answer::of(post("{\"name\": 5}".to_owned())).await;
    assert_eq!(answer.status, 400, "{}", answer.body);
    assert_eq!(answer.content_type.as_deref(), Some("application/json"));
    let error: Error = answer.json();
    assert!(error.message.contains("name"), "{error:?}");
    // Over the 64-byte limit: 413 is not documented, `4XX` is.
    let long = format!("{{\"name\": \"{}\"}}", "x".repeat(100));
    let answer = Answer::of(post(long)).await;
    assert_eq!(answer.status, 413, "{}", answer.body);
    assert_eq!(
        answer.content_type.as_deref(),
        Some("application/problem+json")
    );
    let problem: Problem = answer.json();
    assert_eq!(problem.status, Some(413));
    assert!(problem.detail.is_some_and(|d| !d.is_empty()));
}

#[tokio::test]
async fn only_4xx_documented_gives_400_in_its_schema() {
    let base = start().await;
    let answer = get(&base, "/range").await;
    assert_eq!(answer.status, 400, "{}", answer.body);
    assert_eq!(
        answer.content_type.as_deref(),
        Some("application/problem+json")
    );
    let problem: Problem = answer.json();
    assert!(problem.title.contains("count"), "{problem:?}");
    assert_eq!(problem.status, Some(400));
}

#[tokio::test]
async fn only_422_documented_gives_422_in_its_schema() {
    let base = start().await;
    let answer = get(&base, "/validation?count=0").await;
    assert_eq!(answer.status, 422, "{}", answer.body);
    assert_eq!(answer.content_type.as_deref(), Some("application/json"));
    let _: HttpValidationError = answer.json();
}

#[tokio::test]
async fn only_default_documented_gives_400_with_the_message_one_level_down() {
    let base = start().await;
    let answer = get(&base, "/fallback").await;
    assert_eq!(answer.status, 400, "{}", answer.body);
    assert_eq!(answer.content_type.as_deref(), Some("application/json"));
    let envelope: Envelope = answer.json();
    assert!(envelope.error.message.contains("count"), "{envelope:?}");
    assert_eq!(envelope.error.code, 400);
    assert!(!envelope.error.retry);
}

#[tokio::test]
async fn a_text_error_is_the_message_as_text() {
    let base = start().await;
    let answer = get(&base, "/text").await;
    assert_eq!(answer.status, 400, "{}", answer.body);
    assert_eq!(answer.content_type.as_deref(), Some("text/plain"));
    assert!(answer.body.contains("count"), "{}", answer.body);
}

#[tokio::test]
async fn an_error_without_content_has_no_body() {
    let base = start().await;
    let answer = get(&base, "/bodiless").await;
    assert_eq!(answer.status, 400);
    assert_eq!(answer.body, "");
    assert_eq!(answer.content_type, None);
}

#[tokio::test]
async fn an_example_is_the_body_with_the_message_written_in() {
    let base = start().await;
    let answer = get(&base, "/example").await;
    assert_eq!(answer.status, 400, "{}", answer.body);
    let tagged: Tagged = answer.json();
    assert_eq!(tagged.kind, TaggedKind::Refused);
    assert_eq!(tagged.hint.as_deref(), Some("ask again"));
    assert!(tagged.message.contains("count"), "{tagged:?}");
}

#[tokio::test]
async fn an_example_with_a_list_of_errors_gets_the_message_in_its_first() {
    let base = start().await;
    let answer = get(&base, "/listed").await;
    assert_eq!(answer.status, 400, "{}", answer.body);
    let list: ErrorList = answer.json();
    assert_eq!(list.type_, "error.list");
    assert_eq!(list.errors.len(), 1);
    assert_eq!(list.errors[0].code, "invalid");
    assert!(list.errors[0].message.contains("count"), "{list:?}");
}

#[tokio::test]
async fn no_documented_error_keeps_problem_details() {
    let base = start().await;
    let answer = get(&base, "/undocumented").await;
    assert_eq!(answer.status, 400, "{}", answer.body);
    assert_eq!(
        answer.content_type.as_deref(),
        Some("application/problem+json")
    );
    let body: serde_json::Value = answer.json();
    assert_eq!(body["title"], "MISSING_FIELDS", "{body}");
    // Unknown paths keep the global answer too.
    let answer = get(&base, "/nowhere").await;
    assert_eq!(answer.status, 404);
    assert_eq!(
        answer.content_type.as_deref(),
        Some("application/problem+json")
    );
}

/// The answer `Rejection::into_documented_response` writes: status, `Content-Type`, body.
async fn documented(table: &[DocumentedError], rejection: Rejection) -> (u16, String, String) {
    let response = rejection.into_documented_response(table, "rid-9");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().expect("ascii").to_owned())
        .unwrap_or_default();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .expect("body");
    (status, content_type, String::from_utf8(bytes.to_vec()).expect("utf-8"))
}

#[tokio::test]
async fn a_missing_credential_takes_401_then_403_then_4xx_then_default() {
    let unauthorized = || Rejection::Unauthorized("no API key".to_owned());
    // Only 400 documented: the global 401.
    let (status, content_type, body) = documented(GET_DOCUMENTED_ERRORS, unauthorized()).await;
    assert_eq!((status, content_type.as_str()), (401, "application/problem+json"), "{body}");
    // 4XX documented.
    let (status, content_type, body) = documented(POST_DOCUMENTED_ERRORS, unauthorized()).await;
    assert_eq!((status, content_type.as_str()), (401, "application/problem+json"), "{body}");
    let problem: Problem = serde_json::from_str(&body).expect("a Problem");
    assert_eq!(problem.status, Some(401));
    assert_eq!(problem.detail.as_deref(), Some("no API key"));
    // default documented.
    let (status, _, body) = documented(GET_FALLBACK_ERRORS, unauthorized()).await;
    assert_eq!(status, 401, "{body}");
    let envelope: Envelope = serde_json::from_str(&body).expect("an Envelope");
    assert_eq!(envelope.error.code, 401);
    assert_eq!(envelope.error.message, "no API key");
    // Only 403 documented: its body, but the status of a missing credential (RFC 9110).
    let (status, _, body) = documented(GET_FORBIDDEN_ERRORS, unauthorized()).await;
    assert_eq!(status, 401, "{body}");
    let error: Error = serde_json::from_str(&body).expect("an Error");
    assert_eq!((error.status, error.message.as_str()), (401, "no API key"));
}

#[tokio::test]
async fn a_refusal_keeps_its_reason_for_logs_whatever_its_body() {
    // The documented body has no place for the message; the extension keeps it.
    let response = Rejection::Unauthorized("no API key".to_owned())
        .into_documented_response(GET_BODILESS_ERRORS, "rid-9");
    assert_eq!(
        response.extensions().get::<RefusalReason>(),
        Some(&RefusalReason("no API key".to_owned()))
    );
    let response = Rejection::Unauthorized("no API key".to_owned()).into_response("rid-9");
    assert_eq!(
        response.extensions().get::<RefusalReason>().map(|r| r.0.as_str()),
        Some("no API key")
    );
}
