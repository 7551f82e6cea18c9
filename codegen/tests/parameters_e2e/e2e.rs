//! End to end for `tests/fixtures/operations/parameters.yaml`: the generated client against an
//! implementation of the generated server trait, on a loopback port. Every operation answers
//! with what the server read (`Debug` of each parameter), so each test asserts the values as
//! the server sees them; raw requests check the wire format and the refusals.
//!
//! This file is copied into the crate generated from the fixture (as `tests/e2e.rs`) by
//! `codegen/tests/parameters.rs`, which then runs `cargo test` there.

use std::collections::BTreeMap;
use std::sync::Arc;

use parameters_fixture::client::{
    Client, HeadersAndCookiesParams, QueryMapParams, QueryStylesParams, UntypedParams,
};
use parameters_fixture::server::*;
use parameters_fixture::types::{
    Color, Extension, Filter, FilterRange, Page, Seen, UntypedChoice,
};

struct Server;

fn seen(operation: &str, values: &[(&str, String)]) -> Seen {
    Seen {
        operation: operation.to_owned(),
        values: values
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
    }
}

fn debug(value: impl std::fmt::Debug) -> String {
    format!("{value:?}")
}

impl Api for Server {
    async fn get_file(&self, _: RequestContext, p: GetFileParams) -> GetFileReply {
        GetFileReply::Ok(seen(
            "get_file",
            &[("name", debug(p.name)), ("ext", debug(p.ext))],
        ))
    }

    async fn get_file_by_id(&self, _: RequestContext, p: GetFileByIdParams) -> GetFileByIdReply {
        GetFileByIdReply::Ok(seen("get_file_by_id", &[("id", debug(p.id))]))
    }

    async fn delete_file(&self, _: RequestContext, p: DeleteFileParams) -> DeleteFileReply {
        DeleteFileReply::Ok(seen("delete_file", &[("key", debug(p.key))]))
    }

    async fn cancel_job(&self, _: RequestContext, p: CancelJobParams) -> CancelJobReply {
        CancelJobReply::Ok(seen("cancel_job", &[("name", debug(p.name))]))
    }

    async fn update_job(&self, _: RequestContext, p: UpdateJobParams) -> UpdateJobReply {
        UpdateJobReply::Ok(seen("update_job", &[("job_name", debug(p.job_name))]))
    }

    async fn year_report(&self, _: RequestContext, p: YearReportParams) -> YearReportReply {
        YearReportReply::Ok(seen("year_report", &[("year", debug(p.year))]))
    }

    async fn undeclared(&self, _: RequestContext, p: UndeclaredParams) -> UndeclaredReply {
        UndeclaredReply::Ok(seen("undeclared", &[("thing", debug(p.thing))]))
    }

    async fn twin_a(&self, _: RequestContext, p: TwinAParams) -> TwinAReply {
        TwinAReply::Ok(seen("twin_a", &[("a", debug(p.a))]))
    }

    async fn twin_b(&self, _: RequestContext, p: TwinBParams) -> TwinBReply {
        TwinBReply::Ok(seen("twin_b", &[("b", debug(p.b))]))
    }

    async fn path_styles(&self, _: RequestContext, p: PathStylesParams) -> PathStylesReply {
        PathStylesReply::Ok(seen(
            "path_styles",
            &[
                ("label_list", debug(p.label_list)),
                ("label_object", debug(p.label_object)),
                ("matrix_scalar", debug(p.matrix_scalar)),
                ("matrix_list", debug(p.matrix_list)),
                ("matrix_object", debug(p.matrix_object)),
                ("simple_object", debug(p.simple_object)),
                ("simple_exploded", debug(p.simple_exploded)),
            ],
        ))
    }

    async fn query_styles(&self, _: RequestContext, p: QueryStylesParams2) -> QueryStylesReply {
        QueryStylesReply::Ok(seen(
            "query_styles",
            &[
                ("where", debug(p.where_)),
                ("page", debug(p.page)),
                ("color", debug(p.color)),
                ("ids", debug(p.ids)),
                ("tags", debug(p.tags)),
                ("shade", debug(p.shade)),
                ("sort", debug(p.sort)),
            ],
        ))
    }

    async fn query_map(&self, _: RequestContext, p: QueryMapParams2) -> QueryMapReply {
        QueryMapReply::Ok(seen(
            "query_map",
            &[("limit", debug(p.limit)), ("labels", debug(p.labels))],
        ))
    }

    async fn query_union(&self, _: RequestContext, p: QueryUnionParams) -> QueryUnionReply {
        QueryUnionReply::Ok(seen(
            "query_union",
            &[("who", debug(p.who)), ("type", debug(p.type_))],
        ))
    }

    async fn query_values(&self, _: RequestContext, p: QueryValuesParams) -> QueryValuesReply {
        QueryValuesReply::Ok(seen(
            "query_values",
            &[
                ("mode", debug(p.mode)),
                ("modes", debug(p.modes)),
                ("verbose", debug(p.verbose)),
            ],
        ))
    }

    async fn untyped(&self, _: RequestContext, p: UntypedParams2) -> UntypedReply {
        UntypedReply::Ok(seen(
            "untyped",
            &[
                ("any", debug(p.any)),
                ("choice", debug(p.choice)),
                ("grid", debug(p.grid)),
                ("query", debug(p.query)),
            ],
        ))
    }

    async fn headers_and_cookies(
        &self,
        context: RequestContext,
        p: HeadersAndCookiesParams2,
    ) -> HeadersAndCookiesReply {
        HeadersAndCookiesReply::Ok(seen(
            "headers_and_cookies",
            &[
                ("doc", debug(p.doc)),
                ("session", debug(p.session)),
                ("prefs", debug(p.prefs)),
                ("recent", debug(p.recent)),
                ("x_color", debug(context.x_color)),
                ("x_filter", debug(context.x_filter)),
            ],
        ))
    }
}

// The server's `{Op}Params` of operations whose client also has one.
use parameters_fixture::server::{
    HeadersAndCookiesParams as HeadersAndCookiesParams2, QueryMapParams as QueryMapParams2,
    QueryStylesParams as QueryStylesParams2, UntypedParams as UntypedParams2,
};

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
    format!("http://{addr}/v1")
}

#[track_caller]
fn assert_seen(seen: &Seen, operation: &str, expected: &[(&str, &str)]) {
    assert_eq!(seen.operation, operation, "{seen:#?}");
    for (key, value) in expected {
        assert_eq!(
            seen.values.get(*key).map(String::as_str),
            Some(*value),
            "{key}: {seen:#?}"
        );
    }
}

/// A raw GET (with optional headers): its status and body.
async fn raw(url: String, headers: &[(&str, &str)]) -> (u16, serde_json::Value) {
    let mut request = reqwest::Client::new().get(url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("send");
    let status = response.status().as_u16();
    let body = response.json().await.unwrap_or_default();
    (status, body)
}

/// A refusal of kind `code` mentioning `mentions`. It comes in the operations' documented
/// `default` error (`Error`), whose one property, `message`, says the kind in words; a path
/// that does not match (`NOT_FOUND`) in the global problem details.
#[track_caller]
fn assert_refused(answer: &(u16, serde_json::Value), status: u16, code: &str, mentions: &str) {
    let (got, body) = answer;
    assert_eq!(*got, status, "{body}");
    if code == "NOT_FOUND" {
        // Not routed to an operation: the global problem details.
        assert_eq!(body["title"], code, "{body}");
        return;
    }
    let message = body["message"].as_str().unwrap_or_default();
    let kind = match code {
        "INVALID_FIELD" => "parameter ",
        "MISSING_FIELDS" => "parameters are missing",
        other => panic!("no wording known for {other}"),
    };
    assert!(message.contains(kind), "{code}: {message:?}");
    assert!(message.contains(mentions), "{mentions:?} not in {message:?}");
}

fn color() -> Color {
    Color { r: 1, g: 2, b: 3 }
}

const COLOR: &str = "Color { r: 1, g: 2, b: 3 }";

#[tokio::test]
async fn path_templates_with_parameters_inside_segments_route_to_their_operation() {
    let base = serve().await;
    let client = Client::new(&base);
    let file = client
        .get_file("report.v2", &Extension::Json)
        .await
        .expect("get_file");
    assert_seen(&file, "get_file", &[("name", r#""report.v2""#), ("ext", "Json")]);
    let by_id = client.get_file_by_id(42).await.expect("get_file_by_id");
    assert_seen(&by_id, "get_file_by_id", &[("id", "42")]);
    // Another parameter name at the same place, another method: one route.
    let deleted = client.delete_file("k/1 ü").await.expect("delete_file");
    assert_seen(&deleted, "delete_file", &[("key", r#""k/1 ü""#)]);
    // A value holding the literal that follows it is percent-encoded by the client.
    let cancelled = client.cancel_job("nightly:a").await.expect("cancel_job");
    assert_seen(&cancelled, "cancel_job", &[("name", r#""nightly:a""#)]);
    let updated = client.update_job("nightly").await.expect("update_job");
    assert_seen(&updated, "update_job", &[("job_name", r#""nightly""#)]);
    let report = client.year_report(2024).await.expect("year_report");
    assert_seen(&report, "year_report", &[("year", "2024")]);
    let undeclared = client.undeclared("x y").await.expect("undeclared");
    assert_seen(&undeclared, "undeclared", &[("thing", r#""x y""#)]);
    // Twins no request can tell apart: the first one declared gets them.
    let twin = client.twin_b("t").await.expect("twin_b");
    assert_seen(&twin, "twin_a", &[("a", r#""t""#)]);
}

#[tokio::test]
async fn path_templates_are_matched_on_the_raw_path() {
    let base = serve().await;
    let (status, body) = raw(format!("{base}/files/a.b.txt"), &[]).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["operation"], "get_file");
    assert_eq!(body["values"]["name"], r#""a.b""#);
    assert_eq!(body["values"]["ext"], "Txt");
    // An encoded dot is part of the value, not the template's: this is `/files/{id}`.
    assert_refused(
        &raw(format!("{base}/files/a%2Etxt"), &[]).await,
        400,
        "INVALID_FIELD",
        "parameter id:",
    );
    let response = reqwest::Client::new()
        .post(format!("{base}/jobs/x%3Ay:cancel"))
        .send()
        .await
        .expect("send");
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["operation"], "cancel_job");
    assert_eq!(body["values"]["name"], r#""x:y""#);

    assert_refused(
        &raw(format!("{base}/files/abc"), &[]).await,
        400,
        "INVALID_FIELD",
        "id",
    );
    assert_refused(
        &raw(format!("{base}/files/0"), &[]).await,
        400,
        "INVALID_FIELD",
        "must be at least 1",
    );
    assert_refused(
        &raw(format!("{base}/reports/annual"), &[]).await,
        404,
        "NOT_FOUND",
        "",
    );
    assert_refused(
        &raw(format!("{base}/reports/report-MMXXIV"), &[]).await,
        400,
        "INVALID_FIELD",
        "year",
    );
    assert_refused(
        &raw(format!("{base}/files/%FF"), &[]).await,
        400,
        "INVALID_FIELD",
        "percent-encoded UTF-8",
    );
    let response = reqwest::Client::new()
        .delete(format!("{base}/files/much-too-long"))
        .send()
        .await
        .expect("send");
    assert_eq!(response.status(), 400);
}

#[tokio::test]
async fn path_styles_label_matrix_and_simple_round_trip() {
    let base = serve().await;
    let client = Client::new(&base);
    let seen = client
        .path_styles(
            &["a.b".to_owned(), "c,d".to_owned()],
            &color(),
            "m;x=y",
            &[1, 2],
            &color(),
            &color(),
            &color(),
        )
        .await
        .expect("path_styles");
    assert_seen(
        &seen,
        "path_styles",
        &[
            ("label_list", r#"["a.b", "c,d"]"#),
            ("label_object", COLOR),
            ("matrix_scalar", r#""m;x=y""#),
            ("matrix_list", "[1, 2]"),
            ("matrix_object", COLOR),
            ("simple_object", COLOR),
            ("simple_exploded", COLOR),
        ],
    );
    // The wire format of OpenAPI's style examples; a label array with dots (3.0.3's table) too.
    let path = "/path-styles/.a.b/.r=1.g=2.b=3/;matrixScalar=m/;matrixList=1;matrixList=2/;matrixObject=r,1,g,2,b,3/r,1,g,2,b,3/r=1,g=2,b=3";
    let (status, body) = raw(format!("{base}{path}"), &[]).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["values"]["label_list"], r#"["a", "b"]"#);
    assert_eq!(body["values"]["matrix_list"], "[1, 2]");
    assert_eq!(body["values"]["matrix_object"], COLOR);
    for (wrong, name) in [
        ("/path-styles/a,b/.r=1.g=2.b=3/;matrixScalar=m/;matrixList=1/;matrixObject=r,1,g,2,b,3/r,1,g,2,b,3/r=1,g=2,b=3", "labelList"),
        ("/path-styles/.a/.r=1.g=2.b=3/;other=m/;matrixList=1/;matrixObject=r,1,g,2,b,3/r,1,g,2,b,3/r=1,g=2,b=3", "matrixScalar"),
        ("/path-styles/.a/.r=1.g=2.b=3/;matrixScalar=m/;matrixList=x/;matrixObject=r,1,g,2,b,3/r,1,g,2,b,3/r=1,g=2,b=3", "matrixList"),
        ("/path-styles/.a/.r=1.g=2.b=3/;matrixScalar=m/;matrixList=1/;matrixObject=r,1,g,2,b,3/r,1,g/r=1,g=2,b=3", "simpleObject"),
    ] {
        assert_refused(&raw(format!("{base}{wrong}"), &[]).await, 400, "INVALID_FIELD", name);
    }
}

fn filter() -> Filter {
    Filter {
        name: "n&x=[y]".to_owned(),
        tags: Some(vec!["a".to_owned(), "b c".to_owned()]),
        range: Some(FilterRange {
            min: Some(1),
            max: Some(9),
        }),
        active: Some(true),
    }
}

const FILTER: &str = r#"Filter { name: "n&x=[y]", tags: Some(["a", "b c"]), range: Some(FilterRange { min: Some(1), max: Some(9) }), active: Some(true) }"#;

#[tokio::test]
async fn query_styles_form_delimited_and_deep_object_round_trip() {
    let base = serve().await;
    let client = Client::new(&base);
    let params = QueryStylesParams {
        page: Some(Page {
            limit: Some(10),
            token: Some("t&u".to_owned()),
        }),
        color: Some(color()),
        ids: Some(vec![1, 2, 3]),
        tags: Some(vec!["x|y".to_owned(), "z".to_owned()]),
        shade: Some(color()),
        sort: Some(BTreeMap::from([("name".to_owned(), "asc".to_owned())])),
    };
    let seen = client
        .query_styles_with(&filter(), &params)
        .await
        .expect("query_styles");
    assert_seen(
        &seen,
        "query_styles",
        &[
            ("where", FILTER),
            ("page", r#"Some(Page { limit: Some(10), token: Some("t&u") })"#),
            ("color", &format!("Some({COLOR})")),
            ("ids", "Some([1, 2, 3])"),
            ("tags", r#"Some(["x|y", "z"])"#),
            ("shade", &format!("Some({COLOR})")),
            ("sort", r#"Some({"name": "asc"})"#),
        ],
    );
    let seen = client
        .query_styles(&Filter {
            name: "only".to_owned(),
            tags: None,
            range: None,
            active: None,
        })
        .await
        .expect("query_styles");
    assert_seen(
        &seen,
        "query_styles",
        &[
            ("where", r#"Filter { name: "only", tags: None, range: None, active: None }"#),
            ("page", "None"),
            ("sort", "None"),
        ],
    );
}

#[tokio::test]
async fn query_styles_read_the_wire_format_of_the_spec_and_of_real_clients() {
    let base = serve().await;
    let query = "where[name]=n&where[tags][]=a&where[tags][]=b&where[range][min]=2&limit=5&token=t&color=r,1,g,2,b,3&ids=1%202+3&tags=a|b&shade=r|1|g|2|b|3";
    let (status, body) = raw(format!("{base}/query-styles?{query}"), &[]).await;
    assert_eq!(status, 200, "{body}");
    let values = &body["values"];
    assert_eq!(
        values["where"],
        r#"Filter { name: "n", tags: Some(["a", "b"]), range: Some(FilterRange { min: Some(2), max: None }), active: None }"#
    );
    assert_eq!(values["page"], r#"Some(Page { limit: Some(5), token: Some("t") })"#);
    assert_eq!(values["color"], format!("Some({COLOR})"));
    assert_eq!(values["ids"], "Some([1, 2, 3])");
    assert_eq!(values["tags"], r#"Some(["a", "b"])"#);
    assert_eq!(values["shade"], format!("Some({COLOR})"));

    // In the name of an object's property, `[]` is the property `""`, alone or beside others.
    for (query, sort) in [
        ("where[name]=n&sort[]=x", r#"Some({"": "x"})"#),
        ("where[name]=n&sort[a]=1&sort[]=2", r#"Some({"": "2", "a": "1"})"#),
        ("where[name]=n&sort[]=2&sort[a]=1", r#"Some({"": "2", "a": "1"})"#),
    ] {
        let (status, body) = raw(format!("{base}/query-styles?{query}"), &[]).await;
        assert_eq!(status, 200, "{query}: {body}");
        assert_eq!(body["values"]["sort"], sort, "{query}");
    }

    assert_refused(
        &raw(format!("{base}/query-styles?page[limit]=1"), &[]).await,
        400,
        "MISSING_FIELDS",
        "where",
    );
    for (query, name) in [
        ("where[name]=n&where[range][min]=low", "where"),
        ("where[tags][0]=a", "where"),
        ("where[name]=n&limit=ten", "page"),
        ("where[name]=n&color=r,1,g", "color"),
        ("where[name]=n&ids=1%20two", "ids"),
        ("where[name=n", "where"),
    ] {
        assert_refused(
            &raw(format!("{base}/query-styles?{query}"), &[]).await,
            400,
            "INVALID_FIELD",
            name,
        );
    }
}

#[tokio::test]
async fn enum_values_the_spec_does_not_list_are_refused_and_empty_values_are_absent_where_allowed() {
    let base = serve().await;
    let (status, body) = raw(format!("{base}/query-values?mode=json&modes=txt&modes=json&verbose="), &[]).await;
    assert_eq!(status, 200, "{body}");
    let values = &body["values"];
    assert_eq!(values["mode"], "Some(Json)");
    assert_eq!(values["modes"], "Some([Txt, Json])");
    assert_eq!(values["verbose"], "None");
    let (status, body) = raw(format!("{base}/query-values?verbose=true"), &[]).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["values"]["verbose"], "Some(true)");
    for (query, name) in [("mode=pdf", "mode"), ("modes=txt&modes=pdf", "modes"), ("verbose=maybe", "verbose")] {
        assert_refused(
            &raw(format!("{base}/query-values?{query}"), &[]).await,
            400,
            "INVALID_FIELD",
            name,
        );
    }
}

#[tokio::test]
async fn an_exploded_map_takes_the_pairs_no_other_parameter_takes() {
    let base = serve().await;
    let client = Client::new(&base);
    let params = QueryMapParams {
        limit: Some(5),
        labels: Some(BTreeMap::from([
            ("env".to_owned(), "prod & test".to_owned()),
            ("tier".to_owned(), "1".to_owned()),
        ])),
    };
    let seen = client.query_map_with(&params).await.expect("query_map");
    assert_seen(
        &seen,
        "query_map",
        &[
            ("limit", "Some(5)"),
            ("labels", r#"Some({"env": "prod & test", "tier": "1"})"#),
        ],
    );
    let seen = client.query_map().await.expect("query_map");
    assert_seen(&seen, "query_map", &[("labels", "None")]);
}

#[tokio::test]
async fn an_exploded_union_of_objects_takes_the_pairs_of_its_alternatives() {
    let base = serve().await;
    let (status, body) = raw(format!("{base}/query-union?type=t&email=a%40b"), &[]).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["values"]["who"], r#"Variant2(QueryUnionWhoVariant2 { email: "a@b" })"#, "{body}");
    assert_eq!(body["values"]["type"], r#"Some("t")"#, "{body}");
    let (status, body) = raw(format!("{base}/query-union?user_id=u"), &[]).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = raw(format!("{base}/query-union?type=t"), &[]).await;
    assert_eq!(status, 400, "{body}");
}

#[tokio::test]
async fn untyped_unions_nested_arrays_and_json_content_round_trip() {
    let base = serve().await;
    let client = Client::new(&base);
    let params = UntypedParams {
        any: Some("anything, really".to_owned()),
        choice: Some(UntypedChoice::Integer(7)),
        grid: Some(vec![vec![1, 2], vec![3]]),
        query: Some(filter()),
    };
    let seen = client.untyped_with(&params).await.expect("untyped");
    assert_seen(
        &seen,
        "untyped",
        &[
            ("any", r#"Some("anything, really")"#),
            ("choice", "Some(Integer(7))"),
            ("grid", "Some([[1, 2], [3]])"),
            ("query", &format!("Some({FILTER})")),
        ],
    );
    let params = UntypedParams {
        choice: Some(UntypedChoice::String("seven".to_owned())),
        ..UntypedParams::default()
    };
    let seen = client.untyped_with(&params).await.expect("untyped");
    assert_seen(&seen, "untyped", &[("choice", r#"Some(String("seven"))"#)]);
    assert_refused(
        &raw(format!("{base}/untyped?query=%7Bnot%20json"), &[]).await,
        400,
        "INVALID_FIELD",
        "query",
    );
}

#[tokio::test]
async fn headers_cookies_and_json_in_a_path_round_trip() {
    let base = serve().await;
    let client = Client::new(&base);
    let doc = Page {
        limit: Some(1),
        token: Some("a/b".to_owned()),
    };
    let params = HeadersAndCookiesParams {
        x_color: Some(color()),
        x_filter: Some(filter()),
        prefs: Some(color()),
        recent: Some(vec![4, 5]),
    };
    let seen = client
        .headers_and_cookies_with(&doc, "abc+d; e=f", &params)
        .await
        .expect("headers_and_cookies");
    assert_seen(
        &seen,
        "headers_and_cookies",
        &[
            ("doc", r#"Page { limit: Some(1), token: Some("a/b") }"#),
            ("session", r#""abc+d; e=f""#),
            ("prefs", &format!("Some({COLOR})")),
            ("recent", "Some([4, 5])"),
            ("x_color", &format!("Some({COLOR})")),
        ],
    );
    // JSON text stays text in the context (`Debug` escapes its quotes).
    assert!(
        seen.values["x_filter"].contains(r#"\"name\":\"n&x=[y]\""#),
        "{seen:#?}"
    );
    let seen = client
        .headers_and_cookies(&doc, "abc")
        .await
        .expect("headers_and_cookies");
    assert_seen(
        &seen,
        "headers_and_cookies",
        &[("prefs", "None"), ("recent", "None"), ("x_color", "None")],
    );

    let path = format!("{base}/headers-and-cookies/%7B%7D");
    assert_refused(&raw(path.clone(), &[]).await, 400, "MISSING_FIELDS", "session");
    assert_refused(
        &raw(path.clone(), &[("cookie", "session=ab")]).await,
        400,
        "INVALID_FIELD",
        "at least 3",
    );
    assert_refused(
        &raw(path.clone(), &[("cookie", "session=abc; prefs=r,1")]).await,
        400,
        "INVALID_FIELD",
        "prefs",
    );
    assert_refused(
        &raw(path.clone(), &[("cookie", "session=abc"), ("x-color", "r=x,g=2,b=3")]).await,
        400,
        "INVALID_FIELD",
        "X-Color",
    );
    assert_refused(
        &raw(format!("{base}/headers-and-cookies/nope"), &[("cookie", "session=abc")]).await,
        400,
        "INVALID_FIELD",
        "doc",
    );
    let (status, body) = raw(
        path,
        &[("cookie", "session=abc; recent=1"), ("cookie", "recent=2")],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["values"]["recent"], "Some([1, 2])");
}
