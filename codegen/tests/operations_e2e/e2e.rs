//! End to end for `tests/fixtures/operations.yaml`: the generated client against an
//! implementation of the generated server trait, on a loopback port.
//!
//! This file is copied into the crate generated from the fixture (as `tests/e2e.rs`) by
//! `codegen/tests/operations.rs`, which then runs `cargo test` there.

#![allow(deprecated)] // `GET /items` is deprecated in the spec; calling it is the point

use std::collections::BTreeMap;
use std::sync::Arc;

use operations_fixture::client::{
    Client, CreateItemSuccess, Error, GetItemParams, GetItemsParams, GetItemsSuccess,
};
use operations_fixture::server::{
    Api, CreateItemReply, DownloadReportParams, DownloadReportReply,
    GetItemParams as ServerGetItemParams, GetItemReply, GetItemsParams as ServerGetItemsParams,
    GetItemsReply, GetRootReply, HealthReply, ItemSummaryParams, ItemSummaryReply, ListKeysReply, LoginReply,
    RequestContext, UploadReply, router,
};
use operations_fixture::types::{
    Created, GetItemXRequestMode, Health, Item, Kind, NewItem, UploadForm,
};

/// The PDF the server sends: not UTF-8, so a text decoding would break it.
const PDF: &[u8] = b"%PDF-1.4\n\xff\xfe\x00binary\n%%EOF\n";

struct Server;

impl Api for Server {
    async fn get_item(&self, context: RequestContext, params: ServerGetItemParams) -> GetItemReply {
        let mut seen = BTreeMap::new();
        seen.insert("item_id".to_owned(), params.item_id.to_string());
        seen.insert("tags".to_owned(), format!("{:?}", params.tags));
        seen.insert("kind".to_owned(), params.kind.to_string());
        seen.insert("limit".to_owned(), format!("{:?}", params.limit));
        seen.insert("include".to_owned(), format!("{:?}", params.include));
        seen.insert("fields".to_owned(), format!("{:?}", params.fields));
        seen.insert("verbose".to_owned(), format!("{:?}", params.verbose));
        seen.insert("since".to_owned(), format!("{:?}", params.since));
        seen.insert("q".to_owned(), format!("{:?}", params.q));
        seen.insert("session".to_owned(), format!("{:?}", params.session));
        seen.insert(
            "x_request_mode".to_owned(),
            format!("{:?}", context.x_request_mode),
        );
        seen.insert("x_limit".to_owned(), format!("{:?}", context.x_limit));
        seen.insert("x_trace".to_owned(), format!("{:?}", context.x_trace));
        seen.insert(
            "authorization".to_owned(),
            format!(
                "{:?}",
                context
                    .authorization
                    .as_ref()
                    .map(|a| a.expose_secret().to_owned())
            ),
        );
        seen.insert(
            "api_key".to_owned(),
            format!(
                "{:?}",
                context
                    .api_key_query
                    .as_ref()
                    .map(|a| a.expose_secret().to_owned())
            ),
        );
        GetItemReply::Ok(Item {
            id: params.item_id,
            name: "item".to_owned(),
            kind: Some(params.kind),
            tags: Some(params.tags),
            seen: Some(seen),
        })
    }

    async fn get_items(
        &self,
        _context: RequestContext,
        params: ServerGetItemsParams,
    ) -> GetItemsReply {
        match params.q.as_deref() {
            Some("none") => GetItemsReply::NoContent,
            q => GetItemsReply::Ok(vec![Item {
                id: 1,
                name: q.unwrap_or_default().to_owned(),
                kind: None,
                tags: None,
                seen: None,
            }]),
        }
    }

    async fn create_item(&self, _context: RequestContext, body: NewItem) -> CreateItemReply {
        if body.name == "existing" {
            return CreateItemReply::Ok(Item {
                id: 7,
                name: body.name,
                kind: body.kind,
                tags: body.tags,
                seen: None,
            });
        }
        // The id tells the test what arrived.
        let ok = body.name == "new & shiny"
            && body.quantity == Some(3)
            && body.price == Some(2.5)
            && body.gift == Some(true)
            && body.kind == Some(Kind::Film)
            && body.tags == Some(vec!["a".to_owned(), "b c".to_owned()]);
        CreateItemReply::Created(Created {
            id: if ok { 42 } else { 0 },
        })
    }

    async fn download_report(
        &self,
        _context: RequestContext,
        params: DownloadReportParams,
    ) -> DownloadReportReply {
        if params.item_id == 404 {
            return DownloadReportReply::NotFound(operations_fixture::types::Error {
                message: "no such item".to_owned(),
            });
        }
        DownloadReportReply::Ok(axum::body::Bytes::from_static(PDF))
    }

    async fn item_summary(
        &self,
        _context: RequestContext,
        params: ItemSummaryParams,
    ) -> ItemSummaryReply {
        ItemSummaryReply::Ok(format!("item {} – fine", params.item_id))
    }

    async fn health(&self, context: RequestContext) -> HealthReply {
        let credentials = context.authorization.is_some()
            || context.tenant_key.is_some()
            || context.api_key_query.is_some();
        HealthReply::Ok(Health {
            status: "up".to_owned(),
            credentials,
        })
    }

    async fn get_root(&self, _context: RequestContext) -> GetRootReply {
        GetRootReply::NoContent
    }

    async fn upload(&self, _context: RequestContext, _body: Option<UploadForm>) -> UploadReply {
        UploadReply::NoContent
    }

    async fn login(&self, context: RequestContext) -> LoginReply {
        LoginReply::Ok(
            context
                .authorization
                .map(|a| a.expose_secret().to_owned())
                .unwrap_or_default(),
        )
    }

    async fn list_keys(&self, context: RequestContext) -> ListKeysReply {
        let mut keys = Vec::new();
        keys.extend(
            context
                .api_key_query
                .map(|k| format!("query:{}", k.expose_secret())),
        );
        keys.extend(
            context
                .tenant_key
                .map(|k| format!("header:{}", k.expose_secret())),
        );
        ListKeysReply::Ok(keys)
    }
}

/// Serves the API on a free loopback port; returns the base URL.
async fn serve() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        axum::serve(listener, router(Arc::new(Server)))
            .await
            .expect("serve");
    });
    format!("http://{addr}/api")
}

fn client(base: &str) -> Client {
    Client::builder(base)
        .bearer_token("token-1")
        .api_key_query("key & 1")
        .tenant_key("tenant-9")
        .build()
        .expect("client")
}

#[tokio::test]
async fn parameters_round_trip() {
    let base = serve().await;
    let client = client(&base);
    let params = GetItemParams {
        limit: Some(5),
        include: Some(vec![Kind::Book, Kind::Song]),
        fields: Some(vec!["name".to_owned(), "a,b".to_owned()]),
        verbose: Some(true),
        since: Some("2024-02-29".parse().expect("date")),
        q: Some("x&y=z ü+".to_owned()),
        x_request_mode: Some(GetItemXRequestMode::Safe),
        x_limit: Some(9),
        x_trace: Some(vec!["t1".to_owned(), "t2".to_owned()]),
        session: Some("s-1; x".to_owned()),
    };
    let tags = ["red".to_owned(), "blue sky/ü".to_owned()];
    let item = client
        .get_item_with(17, &tags, &Kind::Film, &params)
        .await
        .expect("get_item");
    let seen = item.seen.expect("seen");
    let expect = |key: &str, value: &str| assert_eq!(seen[key], value, "{key}: {seen:#?}");
    expect("item_id", "17");
    expect("tags", r#"["red", "blue sky/ü"]"#);
    expect("kind", "film");
    expect("limit", "Some(5)");
    expect("include", "Some([Book, Song])");
    // Not exploded: the items are comma-separated, so an item's own comma is escaped and kept.
    expect("fields", r#"Some(["name", "a,b"])"#);
    expect("verbose", "Some(true)");
    expect("since", "Some(2024-02-29)");
    expect("q", r#"Some("x&y=z ü+")"#);
    expect("session", r#"Some("s-1; x")"#);
    expect("x_request_mode", "Some(Safe)");
    expect("x_limit", "Some(9)");
    expect("x_trace", r#"Some(["t1", "t2"])"#);
    expect("authorization", r#"Some("Bearer token-1")"#);
    expect("api_key", r#"Some("key & 1")"#);
}

#[tokio::test]
async fn a_required_header_can_come_from_the_builder() {
    let base = serve().await;
    let client = Client::builder(&base)
        .x_request_mode("fast")
        .build()
        .expect("client");
    let item = client
        .get_item(1, &["t".to_owned()], &Kind::Book)
        .await
        .expect("get_item");
    let seen = item.seen.expect("seen");
    assert_eq!(seen["x_request_mode"], "Some(Fast)");
    assert_eq!(seen["limit"], "None");
    assert_eq!(seen["include"], "None");
}

#[tokio::test]
async fn refused_parameters_are_written_in_the_error_envelope() {
    let base = serve().await;
    let http = reqwest::Client::new();
    let get = |path: &str, mode: Option<&str>| {
        let mut request = http.get(format!("{base}{path}"));
        if let Some(mode) = mode {
            request = request.header("X-Request-Mode", mode);
        }
        request.send()
    };
    // The required query parameter and the required header are both missing: one rejection,
    // in the operation's documented `default` error (`Error`, with a `message`).
    let response = get("/items/1/tags/a", None).await.expect("send");
    assert_eq!(response.status(), 400);
    assert_eq!(response.headers()["content-type"], "application/json");
    let body: serde_json::Value = response.json().await.expect("json");
    let detail = body["message"].as_str().expect("message");
    assert!(
        detail.contains("missing") && detail.contains("kind") && detail.contains("X-Request-Mode"),
        "{detail}"
    );

    for (path, mode, name) in [
        ("/items/x/tags/a?kind=book", Some("fast"), "itemId"),
        (
            "/items/1/tags/a?kind=book&limit=many",
            Some("fast"),
            "limit",
        ),
        (
            "/items/1/tags/a?kind=book&verbose=yes",
            Some("fast"),
            "verbose",
        ),
        (
            "/items/1/tags/a?kind=book&since=2024-13-01",
            Some("fast"),
            "since",
        ),
        ("/items/1/tags/a?kind=book&q=%ZZ", Some("fast"), "q"),
    ] {
        let response = get(path, mode).await.expect("send");
        assert_eq!(response.status(), 400, "{path}");
        let body: serde_json::Value = response.json().await.expect("json");
        let detail = body["message"].as_str().expect("message");
        assert!(detail.starts_with("parameter ") && detail.contains(name), "{path}: {detail}");
    }

    let response = http
        .get(format!("{base}/items/1/tags/a?kind=book"))
        .header("X-Request-Mode", "fast")
        .header("X-Limit", "lots")
        .send()
        .await
        .expect("send");
    assert_eq!(response.status(), 400);
    let body: serde_json::Value = response.json().await.expect("json");
    assert!(
        body["message"]
            .as_str()
            .unwrap_or_default()
            .contains("parameter X-Limit"),
        "{body}"
    );
}

#[tokio::test]
async fn parameter_limits_are_checked_by_the_server() {
    let base = serve().await;
    let http = reqwest::Client::new();
    let cases = [
        ("/items/0/tags/a?kind=book", None, "itemId: must be at least 1"),
        ("/items/1/tags/a?kind=book&limit=101", None, "limit: must be at most 100"),
        ("/items/1/tags/a?kind=book&fields=a,b,c,d", None, "fields: must have at most 3 items"),
        ("/items/1/tags/a?kind=book&fields=a,abcdefghi", None, "fields[1]: must be at most 8 characters long"),
        ("/items/1/tags/a?kind=book&q=abcdefghijklm", None, "q: must be at most 12 characters long"),
        ("/items/1/tags/a?kind=book", Some("51"), "X-Limit: must be at most 50"),
    ];
    for (path, limit, expected) in cases {
        let mut request = http
            .get(format!("{base}{path}"))
            .header("X-Request-Mode", "fast");
        if let Some(limit) = limit {
            request = request.header("X-Limit", limit);
        }
        let response = request.send().await.expect("send");
        assert_eq!(response.status(), 400, "{path}");
        let body: serde_json::Value = response.json().await.expect("json");
        assert_eq!(body["message"], format!("parameter {expected}"), "{path}: {body}");
    }
    // At the limits, the request reaches the handler.
    let response = http
        .get(format!("{base}/items/1/tags/a?kind=book&limit=100&fields=a,abcdefgh,c&q=abcdefghijkl"))
        .header("X-Request-Mode", "fast")
        .header("X-Limit", "50")
        .send()
        .await
        .expect("send");
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn a_form_body_arrives_and_each_success_status_has_its_variant() {
    let base = serve().await;
    let client = client(&base);
    let new = NewItem {
        name: "new & shiny".to_owned(),
        quantity: Some(3),
        price: Some(2.5),
        gift: Some(true),
        kind: Some(Kind::Film),
        tags: Some(vec!["a".to_owned(), "b c".to_owned()]),
    };
    let created = client.create_item(&new).await.expect("create");
    assert_eq!(created, CreateItemSuccess::Created(Created { id: 42 }));

    let existing = NewItem {
        name: "existing".to_owned(),
        quantity: None,
        price: None,
        gift: None,
        kind: None,
        tags: None,
    };
    match client.create_item(&existing).await.expect("create") {
        CreateItemSuccess::Ok(item) => assert_eq!(item.id, 7),
        other => panic!("expected 200, got {other:?}"),
    }

    // A form the schema refuses is refused like a JSON body: by field, in the envelope.
    let response = reqwest::Client::new()
        .post(format!("{base}/items"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("name=x&quantity=three")
        .send()
        .await
        .expect("send");
    assert_eq!(response.status(), 400);
    let body: serde_json::Value = response.json().await.expect("json");
    assert!(body["message"].as_str().unwrap_or_default().starts_with("quantity: "), "{body}");
    let response = reqwest::Client::new()
        .post(format!("{base}/items"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("quantity=3")
        .send()
        .await
        .expect("send");
    let body: serde_json::Value = response.json().await.expect("json");
    assert!(body["message"].as_str().unwrap_or_default().contains("missing: name"), "{body}");
    let response = reqwest::Client::new()
        .post(format!("{base}/items"))
        .header("content-type", "application/json")
        .body(r#"{"name": "x"}"#)
        .send()
        .await
        .expect("send");
    let body: serde_json::Value = response.json().await.expect("json");
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.contains("application/x-www-form-urlencoded")),
        "{body}"
    );
}

#[tokio::test]
async fn several_successes_without_and_with_a_body() {
    let base = serve().await;
    let client = client(&base);
    let none = GetItemsParams {
        q: Some("none".to_owned()),
    };
    assert_eq!(
        client.get_items_with(&none).await.expect("list"),
        GetItemsSuccess::NoContent
    );
    match client.get_items().await.expect("list") {
        GetItemsSuccess::Ok(items) => assert_eq!(items.len(), 1),
        other => panic!("expected 200, got {other:?}"),
    }
}

#[tokio::test]
async fn binary_and_text_bodies_arrive_as_sent() {
    let base = serve().await;
    let client = client(&base);
    let pdf = client.download_report(3).await.expect("pdf");
    assert_eq!(&pdf[..], PDF);
    let response = reqwest::get(format!("{base}/items/3/report"))
        .await
        .expect("send");
    assert_eq!(response.headers()["content-type"], "application/pdf");

    // An error status keeps working as before: the typed error body.
    let err = client.download_report(404).await.expect_err("404");
    assert_eq!(err.status(), Some(404));
    match err {
        Error::Api(e) => assert_eq!(e.error.expect("typed").message, "no such item"),
        other => panic!("{other}"),
    }

    let text = client.item_summary(5).await.expect("text");
    assert_eq!(text, "item 5 – fine");
    let response = reqwest::get(format!("{base}/items/5/summary"))
        .await
        .expect("send");
    assert_eq!(
        response.headers()["content-type"],
        "text/plain; charset=utf-8"
    );
}

#[tokio::test]
async fn security_schemes() {
    let base = serve().await;
    let client = client(&base);
    // `security: []`: no credential is sent, though the client has them.
    let health = client.health().await.expect("health");
    assert_eq!(
        health,
        Health {
            status: "up".to_owned(),
            credentials: false
        }
    );

    // API keys in the query string and in a header.
    let keys = client.list_keys().await.expect("keys");
    assert_eq!(keys, ["query:key & 1", "header:tenant-9"]);

    // HTTP basic.
    let basic = Client::builder(&base)
        .basic_auth("ada", "p:w")
        .build()
        .expect("client");
    let authorization = basic.login().await.expect("login");
    assert_eq!(authorization, "Basic YWRhOnA6dw==");
}

#[tokio::test]
async fn an_optional_multipart_body_may_be_left_out() {
    let base = serve().await;
    let http = reqwest::Client::new();
    let response = http.post(format!("{base}/upload")).send().await.unwrap();
    assert_eq!(response.status(), 204);
    let form = reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(&b"data"[..]));
    let response = http.post(format!("{base}/upload")).multipart(form).send().await.unwrap();
    assert_eq!(response.status(), 204);
    // A body without a Content-Type is not an absent one.
    let response = http.post(format!("{base}/upload")).body("data").send().await.unwrap();
    assert_eq!(response.status(), 400);
}

#[tokio::test]
async fn the_root_path_answers_at_the_base_path_with_or_without_its_slash() {
    let base = serve().await;
    let http = reqwest::Client::new();
    for url in [base.clone(), format!("{base}/")] {
        let response = http.get(&url).send().await.unwrap();
        assert_eq!(response.status(), 204, "{url}");
    }
    assert_eq!(client(&base).get_root().await.unwrap(), ());
}
