//! Responses beyond one JSON body: server-sent events, JSON streams (NDJSON, JSON Lines,
//! `json-seq`), several bodies under one status, and errors sent as streams. Small inline specs
//! assert the model and the emitted code; the fixture `tests/fixtures/operations/streams.yaml`
//! is snapshotted, generated into a crate under `target/`, linted with clippy and rustdoc, and
//! run end to end (`streams_e2e/e2e.rs`).

mod support;

use support::source_text::{assert_has, assert_lacks};

use codegen::model::{JsonFraming, Primitive, Response, ResponseBody, ResponseStatus, TypeRef};
use codegen::{Generated, Options, Outputs, Settings, generate};

const FIXTURE: &str = "tests/fixtures/operations/streams.yaml";

/// A spec with these `paths` and `components`.
fn spec(paths: &str, components: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}\ncomponents:\n{components}"
    )
}

const SCHEMAS: &str = "  schemas:\n    Tick:\n      type: object\n      properties:\n        seq: {type: integer}\n    Problem:\n      type: object\n      properties:\n        message: {type: string}\n";

fn run(text: &str) -> Generated {
    generate(text, &Options::new("t", "t.yaml"))
        .unwrap_or_else(|d| panic!("{}", d.render("t.yaml")))
}

fn file<'a>(out: &'a Generated, path: &str) -> &'a str {
    out.file(path).unwrap_or_else(|| panic!("no {path}"))
}

/// The response of the first operation with `status`.
fn response(out: &Generated, status: ResponseStatus) -> &Response {
    out.api.operations[0]
        .responses
        .iter()
        .find(|r| r.status == status)
        .unwrap_or_else(|| panic!("no {status:?} response"))
}

/// Every body of the response, as (media types, body).
fn bodies(r: &Response) -> Vec<(Vec<&str>, &ResponseBody)> {
    r.contents
        .iter()
        .map(|c| (c.media_types.iter().map(String::as_str).collect(), &c.body))
        .collect()
}

fn named(name: &str) -> TypeRef {
    TypeRef::Named(name.to_owned())
}

const EVERY_KIND: &str = r#"
  /a:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json: {schema: {$ref: '#/components/schemas/Tick'}}
            application/problem+json: {schema: {$ref: '#/components/schemas/Tick'}}
            text/event-stream: {schema: {$ref: '#/components/schemas/Tick'}}
            application/x-ndjson: {schema: {$ref: '#/components/schemas/Tick'}}
            application/jsonl: {schema: {$ref: '#/components/schemas/Tick'}}
            application/json-seq: {schema: {$ref: '#/components/schemas/Tick'}}
            application/xml: {schema: {$ref: '#/components/schemas/Tick'}}
            text/plain: {schema: {type: string}}
        '201':
          description: events without a schema, and with string data
          content:
            text/event-stream: {}
        '202':
          description: string data with a format
          content:
            text/event-stream: {schema: {type: string, format: date-time}}
        '203':
          description: events whose data is a number, and untyped lines
          content:
            text/event-stream: {schema: {type: integer}}
            application/x-jsonl: {}
        '204':
          description: two untyped bodies
          content:
            image/png: {}
            text/csv: {}
"#;

#[test]
fn every_media_type_of_a_status_is_kept_by_how_it_is_carried() {
    let out = run(&spec(EVERY_KIND, SCHEMAS));
    let ok = response(&out, ResponseStatus::Code(200));
    let tick = named("Tick");
    assert_eq!(
        bodies(ok),
        [
            (
                vec!["application/json", "application/problem+json"],
                &ResponseBody::Json(tick.clone())
            ),
            (
                vec!["text/event-stream"],
                &ResponseBody::EventStream {
                    data: tick.clone(),
                    text: false
                }
            ),
            (
                vec!["application/x-ndjson", "application/jsonl"],
                &ResponseBody::JsonStream {
                    item: tick.clone(),
                    framing: JsonFraming::Lines
                }
            ),
            (
                vec!["application/json-seq"],
                &ResponseBody::JsonStream {
                    item: tick.clone(),
                    framing: JsonFraming::Sequence
                }
            ),
        ]
    );
    // Untyped alternatives of a typed body are left out, and said so.
    assert_eq!(ok.other_media_types, ["application/xml", "text/plain"]);
    assert_eq!(ok.ty, Some(tick));
    assert_eq!(ok.media_type.as_deref(), Some("application/json"));

    let string = TypeRef::Primitive(Primitive::String);
    assert_eq!(
        bodies(response(&out, ResponseStatus::Code(201))),
        [(
            vec!["text/event-stream"],
            &ResponseBody::EventStream {
                data: string,
                text: true
            }
        )]
    );
    let date_time = response(&out, ResponseStatus::Code(202));
    assert!(matches!(
        date_time.contents[0].body,
        ResponseBody::EventStream { text: true, .. }
    ));
    assert_eq!(
        bodies(response(&out, ResponseStatus::Code(203))),
        [
            (
                vec!["text/event-stream"],
                &ResponseBody::EventStream {
                    data: TypeRef::Primitive(Primitive::I64),
                    text: false
                }
            ),
            (
                vec!["application/x-jsonl"],
                &ResponseBody::JsonStream {
                    item: TypeRef::Primitive(Primitive::Json),
                    framing: JsonFraming::Lines
                }
            ),
        ]
    );
    // Without a typed body each media type is its own, so the server can say which it sends.
    let untyped = response(&out, ResponseStatus::Code(204));
    assert_eq!(
        bodies(untyped),
        [
            (vec!["image/png"], &ResponseBody::Bytes),
            (vec!["text/csv"], &ResponseBody::Text)
        ]
    );
    assert!(untyped.other_media_types.is_empty());
    assert_eq!(out.api.operations[0].unsupported, None);
}

#[test]
fn a_status_with_several_bodies_has_a_variant_per_body_told_apart_by_content_type() {
    let out = run(&spec(EVERY_KIND, SCHEMAS));
    let client = file(&out, "src/client.rs");
    for variant in [
        "OkJson(crate::types::Tick)",
        "OkEventStream(EventStream<crate::types::Tick, ::serde_json::Value>)",
        "OkNdjson(JsonStream<crate::types::Tick, ::serde_json::Value>)",
        "OkJsonSeq(JsonStream<crate::types::Tick, ::serde_json::Value>)",
        "Created(EventStream<::std::string::String, ::serde_json::Value>)",
        "NonAuthoritativeInformationEventStream(EventStream<i64, ::serde_json::Value>)",
        "NoContentPng(::bytes::Bytes)",
        "NoContentCsv(::std::string::String)",
    ] {
        assert_has(client, variant);
    }
    assert_has(
        client,
        r#"match content_essence(&response).as_str() {
            "text/event-stream" => { ::std::result::Result::Ok(GetASuccess::OkEventStream(EventStream::new(response, false))) }
            "application/x-ndjson" | "application/jsonl" => { ::std::result::Result::Ok(GetASuccess::OkNdjson(JsonStream::new(response, b'\n'))) }
            "application/json-seq" => { ::std::result::Result::Ok(GetASuccess::OkJsonSeq(JsonStream::new(response, 0x1E))) }
            _ => { Reply::read(response).await.map_err(Error::Transport)?.json().map(GetASuccess::OkJson) }
        }"#,
    );
    // The body of a stream is not cut short by the client's timeout.
    assert_has(client, "self.send_head(request, false)");
    // A stream is read once: the enum is neither `Clone` nor `PartialEq`.
    assert_has(
        client,
        "#[derive(::std::fmt::Debug)] #[allow(clippy::large_enum_variant)] pub enum GetASuccess",
    );
    assert_has(
        client,
        r#".header(::reqwest::header::ACCEPT, "application/json, application/problem+json, text/event-stream, application/x-ndjson, application/jsonl, application/json-seq, application/x-jsonl, image/png, text/csv")"#,
    );
    let server = file(&out, "src/server.rs");
    assert_has(
        server,
        "Self::OkEventStream(body) => { event_stream_response(::axum::http::StatusCode::from_u16(200u16).unwrap_or(::axum::http::StatusCode::OK), body, false) }",
    );
    assert_has(
        server,
        r#"Self::OkJsonSeq(body) => { json_stream_response(::axum::http::StatusCode::from_u16(200u16).unwrap_or(::axum::http::StatusCode::OK), "application/json-seq", body, true) }"#,
    );
    assert_has(server, "Created(EventStream<::std::string::String>)");
    assert_has(
        server,
        "NonAuthoritativeInformationJsonl(JsonStream<::serde_json::Value>)",
    );
    assert_has(server, "NoContentPng(::axum::body::Bytes)");
}

const ONE_STREAM: &str = r#"
  /ticks:
    get:
      operationId: ticks
      responses:
        '200':
          description: ticks
          content:
            text/event-stream: {schema: {$ref: '#/components/schemas/Tick'}}
        default:
          description: an error event
          content:
            text/event-stream: {schema: {$ref: '#/components/schemas/Problem'}}
  /lines:
    get:
      operationId: lines
      responses:
        2XX:
          description: lines
          content:
            application/x-ndjson: {schema: {$ref: '#/components/schemas/Tick'}}
"#;

#[test]
fn a_single_stream_is_the_method_result_and_its_error_events_are_typed() {
    let out = run(&spec(ONE_STREAM, SCHEMAS));
    let client = file(&out, "src/client.rs");
    assert_has(
        client,
        "pub async fn ticks(&self) -> ::std::result::Result<EventStream<crate::types::Tick, crate::types::Problem>, Error<crate::types::Problem>>",
    );
    assert_has(
        client,
        "self.send_stream(request, &[200u16], |response| EventStream::new(response, false)).await",
    );
    assert_has(
        client,
        "pub async fn lines(&self) -> ::std::result::Result<JsonStream<crate::types::Tick, ::serde_json::Value>, Error<::serde_json::Value>>",
    );
    assert_has(client, "self.send_stream(request, &[200u16, 201u16,");
    assert_has(client, "|response| JsonStream::new(response, b'\\n')");
    // The error body of an error sent as events is read from its first event.
    assert_has(client, "error: decode_error_body(&self.body)");
    assert_has(
        client,
        "::sse_stream::SseByteStream::new(::futures_util::stream::iter([chunk]))",
    );
    assert_lacks(client, "content_essence");
    let types = file(&out, "src/types.rs");
    assert_has(types, "pub struct ServerSentEvent<T> {");
    let manifest = file(&out, "Cargo.toml");
    assert!(
        manifest.contains(r#"client = ["dep:base64", "dep:bytes", "dep:futures-util", "dep:reqwest", "dep:serde_json", "dep:serde_path_to_error", "dep:sse-stream"]"#),
        "{manifest}"
    );
    assert!(
        manifest.contains(r#"server = ["dep:axum", "dep:futures-util","#),
        "{manifest}"
    );
}

#[test]
fn json_only_operations_stay_as_they_were() {
    let paths = r#"
  /tick:
    get:
      operationId: tick
      responses:
        '200':
          description: one tick
          content:
            application/json: {schema: {$ref: '#/components/schemas/Tick'}}
        default:
          description: an error
          content:
            application/json: {schema: {$ref: '#/components/schemas/Problem'}}
"#;
    let out = run(&spec(paths, SCHEMAS));
    let client = file(&out, "src/client.rs");
    // No `Accept`, no stream support, no new dependency.
    assert_lacks(client, "ACCEPT");
    assert_lacks(client, "send_head");
    assert_lacks(client, "EventStream");
    assert_has(client, "error: ::serde_json::from_slice(&self.body).ok()");
    assert_lacks(file(&out, "src/types.rs"), "ServerSentEvent");
    assert_lacks(file(&out, "src/server.rs"), "EventStream");
    let manifest = file(&out, "Cargo.toml");
    assert!(!manifest.contains("futures-util"), "{manifest}");
    assert!(!manifest.contains("sse-stream"), "{manifest}");
}

#[test]
fn a_spec_type_named_like_the_event_type_is_renamed() {
    let components = "  schemas:\n    ServerSentEvent:\n      type: object\n      properties:\n        seq: {type: integer}\n";
    let paths = r#"
  /e:
    get:
      responses:
        '200':
          description: events
          content:
            text/event-stream: {schema: {$ref: '#/components/schemas/ServerSentEvent'}}
"#;
    let out = run(&spec(paths, components));
    let types = file(&out, "src/types.rs");
    assert_has(types, "pub struct ServerSentEvent2 {");
    assert_has(types, "pub struct ServerSentEvent<T> {");
    assert_has(
        file(&out, "src/client.rs"),
        "EventStream<crate::types::ServerSentEvent2, ::serde_json::Value>",
    );
}

#[test]
fn streams_only_in_the_server_need_no_client_dependency() {
    let options = Options {
        settings: Settings {
            outputs: Outputs {
                client: false,
                server: true,
            },
            ..Settings::default()
        },
        ..Options::new("t", "t.yaml")
    };
    let out = generate(&spec(ONE_STREAM, SCHEMAS), &options)
        .unwrap_or_else(|d| panic!("{}", d.render("t.yaml")));
    let manifest = file(&out, "Cargo.toml");
    assert!(manifest.contains("futures-util"), "{manifest}");
    assert!(!manifest.contains("sse-stream"), "{manifest}");
}

#[test]
fn the_api_surface_lists_each_body() {
    let out = run(&spec(EVERY_KIND, SCHEMAS));
    let surface = file(&out, "api-surface.txt");
    for line in [
        "get_a response 200 application/json | application/problem+json: Tick",
        "get_a response 200 text/event-stream: stream of ServerSentEvent<Tick>",
        "get_a response 200 application/x-ndjson | application/jsonl: stream of Tick, one per line",
        "get_a response 200 application/json-seq: stream of Tick, one per json-seq record",
        "get_a response 200 application/xml: not read or written (another body of this status is)",
        "get_a response 201 text/event-stream: stream of ServerSentEvent<String>, data as text",
        "get_a response 204 image/png: raw body",
    ] {
        assert!(
            surface.contains(&format!("{line}\n")),
            "missing {line:?} in:\n{surface}"
        );
    }
}

/// The rule ids a spec change reports.
fn diff_rules(old: &str, new: &str) -> Vec<(String, codegen::diff::Level)> {
    let spec = |name, text| codegen::diff::Spec { name, text };
    let report = codegen::diff::compare(&spec("old.yaml", old), &spec("new.yaml", new))
        .unwrap_or_else(|e| panic!("{e}"));
    report
        .changes
        .into_iter()
        .map(|c| (c.rule, c.level))
        .collect()
}

#[test]
fn the_diff_compares_stream_bodies() {
    use codegen::diff::Level;
    let events = |schema: &str, extra: &str| {
        spec(
            &format!(
                r#"
  /e:
    get:
      operationId: e
      responses:
        '200':
          description: events
          content:
            text/event-stream: {{schema: {schema}}}{extra}
"#
            ),
            SCHEMAS,
        )
    };
    let tick = "{$ref: '#/components/schemas/Tick'}";
    assert_eq!(diff_rules(&events(tick, ""), &events(tick, "")), []);
    assert_eq!(
        diff_rules(&events(tick, ""), &events("{type: string}", "")),
        [("response-body-type-changed".to_owned(), Level::Breaking)]
    );
    // A JSON body beside the events turns the answer into an enum: the media types changed.
    let with_json = "
            application/json: {schema: {$ref: '#/components/schemas/Tick'}}";
    assert_eq!(
        diff_rules(&events(tick, ""), &events(tick, with_json)),
        [("response-media-type-changed".to_owned(), Level::Breaking)]
    );
}

fn fixture() -> support::E2eFixture<'static> {
    support::E2eFixture {
        source: FIXTURE,
        crate_name: "streams-fixture",
        e2e: include_str!("streams_e2e/e2e.rs"),
        dev_dependencies: &[
            r#"futures-util = { version = "0.3.34", default-features = false, features = ["std"] }"#,
            r#"futures-channel = "0.3.34""#,
        ],
    }
}

#[test]
fn the_fixture_matches_its_snapshots() {
    let out = fixture().generate();
    assert!(
        out.warnings.0.is_empty(),
        "{}",
        out.warnings.render(FIXTURE)
    );
    for file in &out.files {
        insta::assert_snapshot!(file.path.replace(['/', '.'], "_"), file.contents);
    }
}

/// The fixture's crate passes clippy and rustdoc without a warning, and its end-to-end test
/// passes: the generated server streams events the generated client receives one by one.
#[test]
fn fixture_crate_compiles_and_streams_end_to_end() {
    let fixture = fixture();
    let out = fixture.generate();
    assert_eq!(
        out.api
            .operations
            .iter()
            .filter(|op| op.unsupported.is_none())
            .count(),
        8
    );
    fixture.write_and_test(&out);
}
