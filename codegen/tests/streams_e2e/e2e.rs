//! End to end for `tests/fixtures/operations/streams.yaml`: the generated client against an
//! implementation of the generated server trait (and, for bodies the server would never send,
//! a hand-written axum route), on a loopback port.
//!
//! This file is copied into the crate generated from the fixture (as `tests/e2e.rs`) by
//! `codegen/tests/streams.rs`, which then runs `cargo test` there.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_channel::mpsc::{UnboundedReceiver, UnboundedSender, unbounded};
use futures_util::StreamExt;

use streams_fixture::client::{
    Client, CompleteSuccess, Error, ExportItemsParams as ClientExportItemsParams,
    GetPictureSuccess, WatchTicksParams as ClientWatchTicksParams,
};
use streams_fixture::server::{
    Api, CompleteReply, EventStream, ExportItemsParams, ExportItemsReply, GetItemParams,
    GetItemReply, GetPictureParams, GetPictureReply, ItemSequenceReply, JsonStream,
    RequestContext, TailLogReply, WatchPhasesReply, WatchTicksParams, WatchTicksReply, router,
};
use streams_fixture::types::{
    Completion, CompletionChunk, CompletionRequest, Item, Problem, ServerSentEvent, Tick,
    WatchPhasesResponseEvent,
};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00picture";
const JPEG: &[u8] = b"\xff\xd8\xff\xe0picture";

/// The server: ticks come from a channel the test holds, so that it decides when each event
/// is sent and when the stream ends.
#[derive(Default)]
struct Server {
    ticks: Mutex<Option<UnboundedReceiver<ServerSentEvent<Tick>>>>,
}

fn accept(context: &RequestContext) -> String {
    context
        .headers
        .get("accept")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("none")
        .to_owned()
}

fn items() -> Vec<Item> {
    (1..=3)
        .map(|id| Item {
            id,
            name: format!("item {id}"),
        })
        .collect()
}

impl Api for Server {
    async fn watch_ticks(&self, _context: RequestContext, params: WatchTicksParams) -> WatchTicksReply {
        if params.from.is_some_and(|from| from < 0) {
            let problem = Problem {
                message: "from must not be negative".to_owned(),
            };
            return WatchTicksReply::Status4xx(
                axum::http::StatusCode::TOO_MANY_REQUESTS,
                std::iter::once(ServerSentEvent::new(problem).with_event("error")).collect(),
            );
        }
        let ticks = self.ticks.lock().expect("lock").take();
        match ticks {
            Some(ticks) => WatchTicksReply::Ok(EventStream::new(ticks)),
            None => WatchTicksReply::Ok(std::iter::empty().collect()),
        }
    }

    async fn tail_log(&self, _context: RequestContext) -> TailLogReply {
        let lines = ["first line", "two\nlines", "with\r\ncrlf", "{not json"];
        TailLogReply::Ok(
            lines
                .into_iter()
                .map(|line| ServerSentEvent::new(line.to_owned()))
                .collect(),
        )
    }

    async fn watch_phases(&self, _context: RequestContext) -> WatchPhasesReply {
        let phases = [
            WatchPhasesResponseEvent::Starting,
            WatchPhasesResponseEvent::Ready,
        ];
        WatchPhasesReply::Ok(phases.into_iter().map(ServerSentEvent::new).collect())
    }

    async fn complete(&self, context: RequestContext, body: CompletionRequest) -> CompleteReply {
        if body.prompt.is_empty() {
            return CompleteReply::Default(
                axum::http::StatusCode::BAD_REQUEST,
                Problem {
                    message: "empty prompt".to_owned(),
                },
            );
        }
        if body.stream != Some(true) {
            return CompleteReply::OkJson(Completion {
                text: format!("{} (accept: {})", body.prompt, accept(&context)),
            });
        }
        let chunks: Vec<ServerSentEvent<CompletionChunk>> = body
            .prompt
            .split(' ')
            .map(|word| {
                ServerSentEvent::new(CompletionChunk {
                    delta: word.to_owned(),
                })
            })
            .collect();
        CompleteReply::OkEventStream(chunks.into_iter().collect())
    }

    async fn export_items(&self, _context: RequestContext, params: ExportItemsParams) -> ExportItemsReply {
        if params.fail == Some(true) {
            let problem = Problem {
                message: "export unavailable".to_owned(),
            };
            return ExportItemsReply::Default(
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                std::iter::once(problem).collect(),
            );
        }
        ExportItemsReply::Ok(JsonStream::new(futures_util::stream::iter(items())))
    }

    async fn item_sequence(&self, _context: RequestContext) -> ItemSequenceReply {
        ItemSequenceReply::Ok(items().into_iter().collect())
    }

    async fn get_item(&self, context: RequestContext, params: GetItemParams) -> GetItemReply {
        if params.id == 404 {
            return GetItemReply::NotFound(Problem {
                message: "no such item".to_owned(),
            });
        }
        GetItemReply::Ok(Item {
            id: params.id,
            name: accept(&context),
        })
    }

    async fn get_picture(&self, _context: RequestContext, params: GetPictureParams) -> GetPictureReply {
        if params.id % 2 == 0 {
            GetPictureReply::OkPng(PNG.into())
        } else {
            GetPictureReply::OkJpeg(JPEG.into())
        }
    }
}

/// Serves `app` on a loopback port; the base URL of the API.
async fn serve_app(app: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        axum::serve(listener, app).await.expect("serve");
    });
    format!("http://{addr}/v1")
}

async fn serve(server: Server) -> Client {
    Client::new(serve_app(router(Arc::new(server))).await)
}

/// Fails the test process when a test hangs (a stream that never ends must not stall the
/// run), unless the guard is dropped first.
fn watchdog() -> std::sync::mpsc::Sender<()> {
    let (guard, dropped) = std::sync::mpsc::channel::<()>();
    std::thread::spawn(move || {
        if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
            dropped.recv_timeout(Duration::from_secs(60))
        {
            eprintln!("a streams end-to-end test hung for 60 s");
            std::process::exit(101);
        }
    });
    guard
}

fn tick(seq: i64) -> Tick {
    Tick { seq, note: None }
}

#[tokio::test]
async fn events_arrive_one_by_one_before_the_stream_ends() {
    let _watchdog = watchdog();
    let (sender, receiver): (UnboundedSender<ServerSentEvent<Tick>>, _) = unbounded();
    let server = Server {
        ticks: Mutex::new(Some(receiver)),
    };
    let client = serve(server).await;
    // The response head comes before any event: the call returns while the stream is open.
    let mut events = client.watch_ticks().await.expect("the event stream");
    assert_eq!(events.status(), 200);
    assert!(events.request_id().is_some(), "every response carries a request id");

    sender
        .unbounded_send(
            ServerSentEvent::new(tick(1))
                .with_event("tick")
                .with_id("1")
                .with_retry(Duration::from_millis(1500)),
        )
        .expect("send");
    let first = events.next().await.expect("an event").expect("a tick");
    assert_eq!(first.data, Some(tick(1)));
    assert_eq!(first.event.as_deref(), Some("tick"));
    assert_eq!(first.id.as_deref(), Some("1"));
    assert_eq!(first.retry, Some(Duration::from_millis(1500)));

    // The second event is sent only after the first arrived: the body is still open.
    sender
        .unbounded_send(ServerSentEvent::new(tick(2)).with_event("reset").with_id("2"))
        .expect("send");
    let second = events.next().await.expect("an event").expect("a tick");
    assert_eq!(second.data, Some(tick(2)));
    assert_eq!(second.event.as_deref(), Some("reset"));
    assert_eq!(second.retry, None);

    sender
        .unbounded_send(ServerSentEvent::without_data().with_retry(Duration::from_secs(3)))
        .expect("send");
    let retry_only = events.next().await.expect("an event").expect("a retry");
    assert_eq!(retry_only.data, None);
    assert_eq!(retry_only.retry, Some(Duration::from_secs(3)));

    drop(sender);
    assert!(events.next().await.is_none(), "the stream ends with the body");
}

#[tokio::test]
async fn an_error_sent_as_events_is_an_api_error_with_its_typed_body() {
    let _watchdog = watchdog();
    let client = serve(Server::default()).await;
    let error = client
        .watch_ticks_with(&ClientWatchTicksParams { from: Some(-1) })
        .await
        .expect_err("refused");
    assert_eq!(error.status(), Some(429));
    assert_eq!(
        error.error_body().map(|p| p.message.as_str()),
        Some("from must not be negative")
    );
    match error {
        Error::Api(api) => assert!(api.body.contains("event: error"), "{}", api.body),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn text_data_is_the_text_itself() {
    let _watchdog = watchdog();
    let client = serve(Server::default()).await;
    let lines: Vec<String> = client
        .tail_log()
        .await
        .expect("the log")
        .map(|event| event.expect("a line").data.expect("data"))
        .collect()
        .await;
    assert_eq!(lines, ["first line", "two\nlines", "with\ncrlf", "{not json"]);

    let phases: Vec<WatchPhasesResponseEvent> = client
        .watch_phases()
        .await
        .expect("the phases")
        .map(|event| event.expect("a phase").data.expect("data"))
        .collect()
        .await;
    assert_eq!(
        phases,
        [
            WatchPhasesResponseEvent::Starting,
            WatchPhasesResponseEvent::Ready
        ]
    );
}

#[tokio::test]
async fn one_status_with_json_or_events_is_told_apart_by_content_type() {
    let _watchdog = watchdog();
    let client = serve(Server::default()).await;
    let whole = client
        .complete(&CompletionRequest {
            prompt: "say hello".to_owned(),
            stream: None,
        })
        .await
        .expect("a completion");
    match whole {
        CompleteSuccess::OkJson(completion) => assert_eq!(
            completion.text,
            "say hello (accept: application/json, text/event-stream)"
        ),
        other => panic!("{other:?}"),
    }

    let streamed = client
        .complete(&CompletionRequest {
            prompt: "say hello".to_owned(),
            stream: Some(true),
        })
        .await
        .expect("a completion");
    let CompleteSuccess::OkEventStream(chunks) = streamed else {
        panic!("{streamed:?}");
    };
    let deltas: Vec<String> = chunks
        .map(|chunk| chunk.expect("a chunk").data.expect("data").delta)
        .collect()
        .await;
    assert_eq!(deltas, ["say", "hello"]);

    let error = client
        .complete(&CompletionRequest {
            prompt: String::new(),
            stream: Some(true),
        })
        .await
        .expect_err("refused");
    assert_eq!(error.status(), Some(400));
    assert_eq!(
        error.error_body().map(|p| p.message.as_str()),
        Some("empty prompt")
    );
}

#[tokio::test]
async fn json_lines_and_json_seq_are_streams_of_values() {
    let _watchdog = watchdog();
    let client = serve(Server::default()).await;
    let exported: Vec<Item> = client
        .export_items()
        .await
        .expect("the export")
        .map(|item| item.expect("an item"))
        .collect()
        .await;
    assert_eq!(exported, items());

    let sequence: Vec<Item> = client
        .item_sequence()
        .await
        .expect("the sequence")
        .map(|item| item.expect("an item"))
        .collect()
        .await;
    assert_eq!(sequence, items());

    let error = client
        .export_items_with(&ClientExportItemsParams { fail: Some(true) })
        .await
        .expect_err("refused");
    assert_eq!(error.status(), Some(503));
    assert_eq!(
        error.error_body().map(|p| p.message.as_str()),
        Some("export unavailable")
    );
}

#[tokio::test]
async fn the_server_writes_streams_in_their_wire_formats() {
    let _watchdog = watchdog();
    let base = serve_app(router(Arc::new(Server::default()))).await;
    let http = reqwest::Client::new();
    let lines = http
        .get(format!("{base}/items/export"))
        .send()
        .await
        .expect("export");
    assert_eq!(lines.headers()["content-type"], "application/x-ndjson");
    assert_eq!(
        lines.text().await.expect("text"),
        "{\"id\":1,\"name\":\"item 1\"}\n{\"id\":2,\"name\":\"item 2\"}\n{\"id\":3,\"name\":\"item 3\"}\n"
    );

    let sequence = http
        .get(format!("{base}/items/sequence"))
        .send()
        .await
        .expect("sequence");
    assert_eq!(sequence.headers()["content-type"], "application/json-seq");
    let text = sequence.text().await.expect("text");
    assert!(
        text.starts_with("\u{1e}{\"id\":1,\"name\":\"item 1\"}\n\u{1e}{\"id\":2"),
        "{text:?}"
    );

    let log = http
        .get(format!("{base}/log"))
        .send()
        .await
        .expect("log");
    assert_eq!(log.headers()["content-type"], "text/event-stream");
    let text = log.text().await.expect("text");
    assert!(
        text.contains("data: first line\n\n") && text.contains("data: two\ndata: lines\n\n"),
        "{text:?}"
    );
}

#[tokio::test]
async fn accept_lists_the_bodies_the_client_reads() {
    let _watchdog = watchdog();
    let client = serve(Server::default()).await;
    // The spec also offers XML here; the client asks for the JSON it decodes.
    let item = client.get_item(7).await.expect("an item");
    assert_eq!(item.name, "application/json");
    // An `Accept` set on the builder replaces the generated one.
    let base = client.base_url().to_owned();
    let custom = Client::builder(base)
        .header("accept", "application/json; q=1, */*; q=0.1", false)
        .build()
        .expect("a client");
    let item = custom.get_item(7).await.expect("an item");
    assert_eq!(item.name, "application/json; q=1, */*; q=0.1");
    let error = client.get_item(404).await.expect_err("missing");
    assert_eq!(error.status(), Some(404));

    match client.get_picture(2).await.expect("a picture") {
        GetPictureSuccess::OkPng(bytes) => assert_eq!(&bytes[..], PNG),
        other => panic!("{other:?}"),
    }
    match client.get_picture(3).await.expect("a picture") {
        GetPictureSuccess::OkJpeg(bytes) => assert_eq!(&bytes[..], JPEG),
        other => panic!("{other:?}"),
    }
}

/// A route that answers `body` as `content_type`, standing in for a server that sends what
/// its spec does not allow.
async fn serve_raw(path: &'static str, content_type: &'static str, body: &'static str) -> Client {
    let app = axum::Router::new().route(
        path,
        axum::routing::get(move || async move { ([("content-type", content_type)], body) }),
    );
    Client::new(serve_app(app).await)
}

#[tokio::test]
async fn an_event_that_does_not_match_its_schema_is_an_item_error() {
    let _watchdog = watchdog();
    let body = "id: 1\nevent: tick\ndata: {\"seq\": 1}\n\n\
                id: 2\ndata: {\"seq\": \"two\"}\n\n\
                : a comment\n\
                data: {\"seq\": 3}\n\n";
    let client = serve_raw("/v1/ticks", "text/event-stream", body).await;
    let mut events = client.watch_ticks().await.expect("the event stream");
    let first = events.next().await.expect("an item").expect("a tick");
    assert_eq!(first.data, Some(tick(1)));
    match events.next().await.expect("an item") {
        Err(Error::Decode(e)) => {
            assert_eq!(e.status, 200);
            assert_eq!(e.path, "seq");
            assert_eq!(e.body, "{\"seq\": \"two\"}");
        }
        other => panic!("{other:?}"),
    }
    let third = events.next().await.expect("an item").expect("a tick");
    assert_eq!(third.data, Some(tick(3)));
    assert!(events.next().await.is_none());
}

#[tokio::test]
async fn a_line_that_does_not_match_its_schema_is_an_item_error() {
    let _watchdog = watchdog();
    // Blank lines are skipped, CR LF ends a line, and the last line needs no line break.
    let body = "{\"id\": 1, \"name\": \"a\"}\n\n{\"id\": \"x\"}\r\n{\"id\": 3, \"name\": \"c\"}";
    let client = serve_raw("/v1/items/export", "application/x-ndjson", body).await;
    let items: Vec<Result<Item, Error<Problem>>> = client
        .export_items()
        .await
        .expect("the export")
        .collect()
        .await;
    assert_eq!(items.len(), 3, "{items:?}");
    assert_eq!(items[0].as_ref().map(|i| i.id).ok(), Some(1));
    match &items[1] {
        Err(Error::Decode(e)) => assert_eq!(e.path, "id"),
        other => panic!("{other:?}"),
    }
    assert_eq!(items[2].as_ref().map(|i| i.name.as_str()).ok(), Some("c"));
}
