//! End to end for `tests/fixtures/operations/bodies.yaml`: every request body media type sent
//! by the generated client to an implementation of the generated server trait on a loopback
//! port. Each handler answers with what it read, as text per part, so the test asserts what
//! arrived; raw requests check the refusals.
//!
//! This file is copied into the crate generated from the fixture (as `tests/e2e.rs`) by
//! `codegen/tests/bodies.rs`, which then runs `cargo test` there.

use std::collections::BTreeMap;
use std::sync::Arc;

use bodies_fixture::client::{Client, CreateProfileBody, PutAvatarBody};
use bodies_fixture::server::{
    Api, ApplyPatchReply, CreateMergedNoteReply, CreateNoteAliasReply, CreateNoteReply,
    CreateProfileBody as ServerProfileBody, CreateLoginReply, CreateMemoReply, CreatePingReply, CreateProfileReply, CreateRosterReply, PatchNoteParams, PatchNoteReply,
    PostAnythingReply, PostAttachmentReply, PostDocumentReply, PostFreeReply, PostLinesReply, PostMarkupReply,
    PostPictureReply, PostTableReply, PostUntypedFormReply, PutAvatarBody as ServerAvatarBody,
    PutAvatarReply, PutBlobParams, PutBlobReply, PutMemoReply, PutSettingsReply, ReplaceNoteParams,
    ReplaceNoteReply, RequestContext, RouterOptions, UploadFilesReply, router_with_options,
};
use bodies_fixture::types::{
    ApplyPatchRequestItem, CreateMergedNoteRequest, CreateProfileForm, Echo, FilePart, LineItem,
    NoteForm, NoteFormFilter, NoteFormWindow, Person, PersonContact, Profile, PutAvatarForm,
    CodeLogin, CreatePingRequest, Login, Memo, PasswordLogin, Roster, RosterWindow, Stamp, UploadFilesForm, UploadFilesRequestMeta,
};

/// Bytes that are not UTF-8, so a text reading anywhere would break them.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\xff\xfe binary";

fn echo(pairs: &[(&str, String)]) -> Echo {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

fn file_text(file: &FilePart) -> String {
    format!(
        "{:?} {:?} {:?} {:?}",
        file.file_name, file.content_type, file.bytes, file.headers
    )
}

fn content_type(context: &RequestContext) -> String {
    context
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

struct Server;

impl Api for Server {
    async fn create_note(&self, _context: RequestContext, body: NoteForm) -> CreateNoteReply {
        CreateNoteReply::Ok(echo(&[("body", format!("{body:?}"))]))
    }

    async fn create_note_alias(
        &self,
        _context: RequestContext,
        body: Stamp,
    ) -> CreateNoteAliasReply {
        CreateNoteAliasReply::Ok(echo(&[("body", format!("{body:?}"))]))
    }

    async fn create_merged_note(
        &self,
        _context: RequestContext,
        body: CreateMergedNoteRequest,
    ) -> CreateMergedNoteReply {
        CreateMergedNoteReply::Ok(echo(&[("body", format!("{body:?}"))]))
    }

    async fn put_settings(
        &self,
        _context: RequestContext,
        body: BTreeMap<String, String>,
    ) -> PutSettingsReply {
        PutSettingsReply::Ok(body)
    }

    async fn create_login(&self, _context: RequestContext, body: Login) -> CreateLoginReply {
        CreateLoginReply::Ok(echo(&[("body", format!("{body:?}"))]))
    }

    async fn create_memo(&self, _context: RequestContext, body: Option<Memo>) -> CreateMemoReply {
        CreateMemoReply::Ok(echo(&[("body", format!("{body:?}"))]))
    }

    async fn put_memo(&self, _context: RequestContext, body: Option<Memo>) -> PutMemoReply {
        PutMemoReply::Ok(echo(&[("body", format!("{body:?}"))]))
    }

    async fn create_ping(&self, _context: RequestContext, body: CreatePingRequest) -> CreatePingReply {
        CreatePingReply::Ok(echo(&[("body", format!("{body:?}"))]))
    }

    async fn create_roster(&self, _context: RequestContext, body: Roster) -> CreateRosterReply {
        CreateRosterReply::Ok(echo(&[("body", format!("{body:?}"))]))
    }

    async fn post_free(
        &self,
        _context: RequestContext,
        body: Option<BTreeMap<String, serde_json::Value>>,
    ) -> PostFreeReply {
        let body = body.map_or_else(|| "absent".to_owned(), |b| serde_json::to_string(&b).unwrap());
        PostFreeReply::Ok(echo(&[("body", body)]))
    }

    async fn post_untyped_form(
        &self,
        _context: RequestContext,
        body: Option<serde_json::Value>,
    ) -> PostUntypedFormReply {
        let body = body.map_or_else(|| "absent".to_owned(), |b| b.to_string());
        PostUntypedFormReply::Ok(echo(&[("body", body)]))
    }

    async fn upload_files(
        &self,
        _context: RequestContext,
        body: UploadFilesForm,
    ) -> UploadFilesReply {
        let extras: Vec<String> = body.extras.iter().map(file_text).collect();
        UploadFilesReply::Ok(echo(&[
            ("title", body.title),
            ("count", format!("{:?}", body.count)),
            ("cover", file_text(&body.cover)),
            ("extras", extras.join(" | ")),
            ("tags", format!("{:?}", body.tags)),
            ("meta", format!("{:?}", body.meta)),
        ]))
    }

    async fn put_blob(
        &self,
        context: RequestContext,
        params: PutBlobParams,
        body: bytes::Bytes,
    ) -> PutBlobReply {
        PutBlobReply::Ok(echo(&[
            ("name", params.name),
            ("content_type", content_type(&context)),
            ("body", format!("{body:?}")),
        ]))
    }

    async fn post_picture(&self, context: RequestContext, body: bytes::Bytes) -> PostPictureReply {
        PostPictureReply::Ok(echo(&[
            ("content_type", content_type(&context)),
            ("body", format!("{body:?}")),
        ]))
    }

    async fn post_anything(
        &self,
        context: RequestContext,
        body: Option<bytes::Bytes>,
    ) -> PostAnythingReply {
        PostAnythingReply::Ok(echo(&[
            ("content_type", content_type(&context)),
            ("body", body.map_or_else(|| "absent".to_owned(), |b| format!("{b:?}"))),
        ]))
    }

    async fn post_attachment(
        &self,
        context: RequestContext,
        body: bytes::Bytes,
    ) -> PostAttachmentReply {
        PostAttachmentReply::Ok(echo(&[
            ("content_type", content_type(&context)),
            ("body", format!("{body:?}")),
        ]))
    }

    async fn post_document(
        &self,
        context: RequestContext,
        body: bytes::Bytes,
    ) -> PostDocumentReply {
        PostDocumentReply::Ok(echo(&[
            ("content_type", content_type(&context)),
            ("body", format!("{body:?}")),
        ]))
    }

    async fn post_lines(&self, context: RequestContext, body: String) -> PostLinesReply {
        PostLinesReply::Ok(echo(&[
            ("content_type", content_type(&context)),
            ("body", body),
        ]))
    }

    async fn post_table(&self, context: RequestContext, body: String) -> PostTableReply {
        PostTableReply::Ok(echo(&[
            ("content_type", content_type(&context)),
            ("body", body),
        ]))
    }

    async fn post_markup(&self, context: RequestContext, body: String) -> PostMarkupReply {
        PostMarkupReply::Ok(echo(&[
            ("content_type", content_type(&context)),
            ("body", body),
        ]))
    }

    async fn replace_note(
        &self,
        context: RequestContext,
        params: ReplaceNoteParams,
        body: Stamp,
    ) -> ReplaceNoteReply {
        ReplaceNoteReply::Ok(echo(&[
            ("id", params.id.to_string()),
            ("content_type", content_type(&context)),
            ("body", format!("{body:?}")),
        ]))
    }

    async fn patch_note(
        &self,
        context: RequestContext,
        params: PatchNoteParams,
        body: Stamp,
    ) -> PatchNoteReply {
        PatchNoteReply::Ok(echo(&[
            ("id", params.id.to_string()),
            ("content_type", content_type(&context)),
            ("body", format!("{body:?}")),
        ]))
    }

    async fn apply_patch(
        &self,
        context: RequestContext,
        body: Vec<ApplyPatchRequestItem>,
    ) -> ApplyPatchReply {
        ApplyPatchReply::Ok(echo(&[
            ("content_type", content_type(&context)),
            ("body", format!("{body:?}")),
        ]))
    }

    async fn create_profile(
        &self,
        _context: RequestContext,
        body: ServerProfileBody,
    ) -> CreateProfileReply {
        let (kind, text) = match body {
            ServerProfileBody::Json(p) => ("json", format!("{p:?}")),
            ServerProfileBody::Form(p) => ("form", format!("{p:?}")),
            ServerProfileBody::Multipart(f) => (
                "multipart",
                format!(
                    "{} {:?} {}",
                    f.name,
                    f.age,
                    f.avatar.as_ref().map_or_else(|| "no file".to_owned(), file_text)
                ),
            ),
        };
        CreateProfileReply::Ok(echo(&[("kind", kind.to_owned()), ("body", text)]))
    }

    async fn put_avatar(&self, context: RequestContext, body: ServerAvatarBody) -> PutAvatarReply {
        let (kind, text) = match body {
            ServerAvatarBody::Multipart(f) => ("multipart", format!("{:?}", f.file.as_ref().map(file_text))),
            ServerAvatarBody::Bytes(b) => ("bytes", format!("{} {b:?}", content_type(&context))),
        };
        PutAvatarReply::Ok(echo(&[("kind", kind.to_owned()), ("body", text)]))
    }
}

/// The server on a free loopback port (with a small body limit), and a client of it.
async fn start() -> (Client, String) {
    let mut options = RouterOptions::default();
    options.base_path = "/v1".to_owned();
    options.body_limit = 64 * 1024;
    let app = router_with_options(Arc::new(Server), options);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/v1", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (Client::new(base.clone()), base)
}

fn note() -> NoteForm {
    NoteForm {
        title: "a & b = c".to_owned(),
        priority: Some(3),
        score: Some(2.5),
        pinned: Some(true),
        tags: Some(vec!["x".to_owned(), "y z".to_owned()]),
        labels: Some(BTreeMap::from([
            ("colour".to_owned(), "red".to_owned()),
            ("size x".to_owned(), "L&XL".to_owned()),
        ])),
        author: Some(Person {
            name: "Ada".to_owned(),
            contact: Some(PersonContact {
                email: Some("ada@example.test".to_owned()),
                phones: Some(vec!["1".to_owned(), "2".to_owned()]),
            }),
        }),
        items: Some(vec![
            LineItem {
                sku: "s1".to_owned(),
                qty: Some(2),
            },
            LineItem {
                sku: "s2".to_owned(),
                qty: None,
            },
        ]),
        expand: Some(vec!["author".to_owned(), "items".to_owned()]),
        codes: Some(vec![1, 22, 333]),
        words: Some(vec!["one".to_owned(), "two".to_owned()]),
        filter: Some(NoteFormFilter {
            field: Some("f".to_owned()),
            value: Some(9),
        }),
        window: Some(NoteFormWindow {
            from: Some("mon".to_owned()),
            until: Some("fri".to_owned()),
        }),
    }
}

#[tokio::test]
async fn a_nested_form_arrives_whole() {
    let (client, _) = start().await;
    let sent = note();
    let echo = client.create_note(&sent).await.unwrap();
    assert_eq!(echo["body"], format!("{sent:?}"));
}

#[tokio::test]
async fn a_form_is_written_in_bracket_notation_and_the_encoding_styles() {
    let (_, base) = start().await;
    // What the server reads when a client other than the generated one writes a form: the
    // bracket notation of real APIs, indexes and `[]` alike, and each encoding style.
    let form = "title=t&author[name]=Ada&author[contact][phones][]=1&author[contact][phones][]=2\
        &items[1][sku]=s2&items[0][sku]=s1&items[0][qty]=2&labels[k]=v&expand[]=a&expand[]=b\
        &codes=1|2&words=p%20q&filter=%7B%22value%22%3A5%7D&from=mon&tags=a&tags=b";
    let response = reqwest::Client::new()
        .post(format!("{base}/notes"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let echo: Echo = response.json().await.unwrap();
    let expected = NoteForm {
        title: "t".to_owned(),
        priority: None,
        score: None,
        pinned: None,
        tags: Some(vec!["a".to_owned(), "b".to_owned()]),
        labels: Some(BTreeMap::from([("k".to_owned(), "v".to_owned())])),
        author: Some(Person {
            name: "Ada".to_owned(),
            contact: Some(PersonContact {
                email: None,
                phones: Some(vec!["1".to_owned(), "2".to_owned()]),
            }),
        }),
        items: Some(vec![
            LineItem {
                sku: "s1".to_owned(),
                qty: Some(2),
            },
            LineItem {
                sku: "s2".to_owned(),
                qty: None,
            },
        ]),
        expand: Some(vec!["a".to_owned(), "b".to_owned()]),
        codes: Some(vec![1, 2]),
        words: Some(vec!["p".to_owned(), "q".to_owned()]),
        filter: Some(NoteFormFilter {
            field: None,
            value: Some(5),
        }),
        window: Some(NoteFormWindow {
            from: Some("mon".to_owned()),
            until: None,
        }),
    };
    assert_eq!(echo["body"], format!("{expected:?}"));
}

#[tokio::test]
async fn a_form_is_refused_by_path() {
    let (_, base) = start().await;
    let http = reqwest::Client::new();
    let post = |form: &'static str, content_type: &'static str| {
        http.post(format!("{base}/notes"))
            .header("content-type", content_type)
            .body(form)
            .send()
    };
    let form = "application/x-www-form-urlencoded";
    let text = |r: reqwest::Response| async move { (r.status().as_u16(), r.text().await.unwrap()) };
    let (status, body) = text(post("priority=1", form).await.unwrap()).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("MISSING_FIELDS") && body.contains("title"), "{body}");
    let (status, body) = text(post("title=t&author[name]=A&author[nick]=x&colour=red", form).await.unwrap()).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("UNKNOWN_FIELDS") && body.contains("colour"), "{body}");
    let (status, body) = text(post("title=t&items[0][sku]=s&items[0][qty]=0", form).await.unwrap()).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("INVALID_FIELD") && body.contains("items[0].qty"), "{body}");
    let (status, body) = text(post("title=t&priority=high", form).await.unwrap()).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("INVALID_FIELD") && body.contains("priority"), "{body}");
    let (status, body) = text(post("title=t&title=u", form).await.unwrap()).await;
    assert!(status == 400 && body.contains("more than once"), "{body}");
    let deep: &'static str = Box::leak(format!("title=t&labels{}=x", "[a]".repeat(5000)).into_boxed_str());
    let (status, body) = text(post(deep, form).await.unwrap()).await;
    assert!(status == 400 && body.contains("nested more than 32 levels"), "{body}");
    let (status, body) = text(post("title=t", "application/json").await.unwrap()).await;
    assert!(status == 400 && body.contains("INVALID_BODY") && body.contains("application/x-www-form-urlencoded"), "{body}");
}

#[tokio::test]
async fn a_form_leaves_out_empty_required_values_and_the_server_puts_them_back() {
    let (_, base) = start().await;
    let http = reqwest::Client::new();
    let post = |form: &'static str| {
        http.post(format!("{base}/rosters"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form)
            .send()
    };
    // `[]`, `{}` and a free-form value write no pairs: the required properties come back
    // empty, the optional one stays absent.
    let response = post("name=n").await.unwrap();
    assert_eq!(response.status(), 200);
    let echo: Echo = response.json().await.unwrap();
    let expected = Roster {
        name: "n".to_owned(),
        members: Vec::new(),
        labels: BTreeMap::new(),
        extra: serde_json::Value::Null,
        window: RosterWindow { from: None },
        leads: None,
        rank: None,
    };
    assert_eq!(echo["body"], format!("{expected:?}"));
    let response = post("name=n&members=a&labels[k]=v&extra=5&window[from]=x").await.unwrap();
    let echo: Echo = response.json().await.unwrap();
    let expected = Roster {
        name: "n".to_owned(),
        members: vec!["a".to_owned()],
        labels: BTreeMap::from([("k".to_owned(), "v".to_owned())]),
        extra: serde_json::json!(5),
        window: RosterWindow { from: Some("x".to_owned()) },
        leads: None,
        rank: None,
    };
    assert_eq!(echo["body"], format!("{expected:?}"));
    // `null` is the text `null` where the property may be null.
    let response = post("name=n&rank=null").await.unwrap();
    let echo: Echo = response.json().await.unwrap();
    assert!(echo["body"].ends_with("leads: None, rank: None }"), "{echo:?}");
    let response = post("name=n&rank=7").await.unwrap();
    let echo: Echo = response.json().await.unwrap();
    assert!(echo["body"].ends_with("rank: Some(7) }"), "{echo:?}");
    // Where it may not, `null` is text like any other.
    let response = post("name=null").await.unwrap();
    let echo: Echo = response.json().await.unwrap();
    assert!(echo["body"].starts_with("Roster { name: \"null\""), "{echo:?}");
    // A required string has no empty form: it is still missing.
    let response = post("members=a").await.unwrap();
    assert_eq!(response.status(), 400);
    let body = response.text().await.unwrap();
    assert!(body.contains("MISSING_FIELDS") && body.contains("name") && !body.contains("labels"), "{body}");
}

#[tokio::test]
async fn a_form_of_a_union_is_read_as_the_alternative_its_tag_names() {
    let (client, base) = start().await;
    let sent = Login::PasswordLogin(PasswordLogin {
        method: "password".to_owned(),
        identifier: "ada".to_owned(),
        remember: Some(true),
    });
    let echo = client.create_login(&sent).await.unwrap();
    assert_eq!(echo["body"], format!("{sent:?}"));
    let http = reqwest::Client::new();
    let post = |form: &'static str| {
        http.post(format!("{base}/logins"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form)
            .send()
    };
    // Each property is read in its own alternative's shape: the code is a number; the hints,
    // an empty array a form writes as nothing, come back once the tag says `code`.
    let echo: Echo = post("method=code&code=123").await.unwrap().json().await.unwrap();
    let expected = Login::CodeLogin(CodeLogin {
        method: "code".to_owned(),
        code: 123,
        hints: Vec::new(),
    });
    assert_eq!(echo["body"], format!("{expected:?}"));
    let response = post("identifier=ada").await.unwrap();
    assert_eq!(response.status(), 400);
    let body = response.text().await.unwrap();
    assert!(body.contains("method"), "{body}");
}

#[tokio::test]
async fn an_object_that_forbids_every_property_must_be_empty() {
    let (_, base) = start().await;
    let http = reqwest::Client::new();
    let post = |form: &'static str| {
        http.post(format!("{base}/pings"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form)
            .send()
    };
    let echo: Echo = post("").await.unwrap().json().await.unwrap();
    assert_eq!(echo["body"], "CreatePingRequest");
    let response = post("x=1").await.unwrap();
    assert_eq!(response.status(), 400);
    let body = response.text().await.unwrap();
    assert!(body.contains("UNKNOWN_FIELDS") && body.contains('x'), "{body}");
}

#[tokio::test]
async fn a_json_body_whose_schema_allows_null_may_be_null() {
    let (client, base) = start().await;
    let memo = Some(Memo {
        text: "hi".to_owned(),
    });
    assert_eq!(client.create_memo(&memo).await.unwrap()["body"], format!("{memo:?}"));
    assert_eq!(client.create_memo(&None).await.unwrap()["body"], "None");
    assert_eq!(client.put_memo(&None).await.unwrap()["body"], "None");
    let http = reqwest::Client::new();
    // Optional too: no body is `None` as well; a required one must come.
    let response = http.put(format!("{base}/memos")).send().await.unwrap();
    let echo: Echo = response.json().await.unwrap();
    assert_eq!(echo["body"], "None");
    // Zero bytes are no JSON value: announced as JSON, they are no body all the same.
    let response = http
        .put(format!("{base}/memos"))
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    let echo: Echo = response.json().await.unwrap();
    assert_eq!(echo["body"], "None");
    let response = http.post(format!("{base}/memos")).send().await.unwrap();
    assert_eq!(response.status(), 400);
    // A memo that comes is still checked.
    let response = http
        .post(format!("{base}/memos"))
        .json(&serde_json::json!({"text": "more than ten"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
}

#[tokio::test]
async fn an_optional_body_may_be_left_out_and_a_required_one_may_not() {
    let (_, base) = start().await;
    let http = reqwest::Client::new();
    for path in ["free", "untyped-form", "anything"] {
        let response = http.post(format!("{base}/{path}")).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        let echo: Echo = response.json().await.unwrap();
        assert_eq!(echo["body"], "absent", "{path}");
    }
    // An empty form is a form with no pairs, not an absent body.
    let response = http
        .post(format!("{base}/free"))
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap();
    let echo: Echo = response.json().await.unwrap();
    assert_eq!(echo["body"], "{}");
    // Bytes without a Content-Type are a body (of `*/*`), not its absence.
    let response = http.post(format!("{base}/anything")).body("x").send().await.unwrap();
    let echo: Echo = response.json().await.unwrap();
    assert_eq!(echo["body"], "b\"x\"");
    for path in ["notes", "attachments"] {
        let response = http.post(format!("{base}/{path}")).send().await.unwrap();
        assert_eq!(response.status(), 400, "{path}");
        let body = response.text().await.unwrap();
        assert!(body.contains("INVALID_BODY") && body.contains("no Content-Type"), "{path}: {body}");
    }
    // Where any media type is, bytes without a Content-Type are the required body.
    let response = http.post(format!("{base}/attachments")).body("x").send().await.unwrap();
    let echo: Echo = response.json().await.unwrap();
    assert_eq!(echo["body"], "b\"x\"");
}

#[tokio::test]
async fn forms_of_aliases_allof_maps_and_free_form_objects() {
    let (client, _) = start().await;
    let stamp = Stamp {
        at: "noon".to_owned(),
        by: Some("me".to_owned()),
    };
    let echo = client.create_note_alias(&stamp).await.unwrap();
    assert_eq!(echo["body"], format!("{stamp:?}"));
    let merged = CreateMergedNoteRequest {
        at: "dawn".to_owned(),
        by: None,
        body: "text".to_owned(),
    };
    let echo = client.create_merged_note(&merged).await.unwrap();
    assert_eq!(echo["body"], format!("{merged:?}"));
    let settings = BTreeMap::from([
        ("theme".to_owned(), "dark".to_owned()),
        ("lang".to_owned(), "en=GB&x".to_owned()),
    ]);
    assert_eq!(client.put_settings(&settings).await.unwrap(), settings);
    let free = BTreeMap::from([
        ("n".to_owned(), serde_json::json!(5)),
        ("o".to_owned(), serde_json::json!({"a": "b", "list": ["x", "y"]})),
    ]);
    let echo = client.post_free(&free).await.unwrap();
    assert_eq!(echo["body"], r#"{"n":5,"o":{"a":"b","list":["x","y"]}}"#);
    let echo = client
        .post_untyped_form(&serde_json::json!({"k": "v", "m": {"n": "1"}}))
        .await
        .unwrap();
    assert_eq!(echo["body"], r#"{"k":"v","m":{"n":1}}"#);
}

fn upload() -> UploadFilesForm {
    UploadFilesForm {
        title: "holiday".to_owned(),
        count: Some(2),
        cover: FilePart::new(PNG)
            .with_file_name("cover.png")
            .with_header("x-checksum", "abc"),
        extras: vec![
            FilePart::new(&b"first"[..]).with_file_name("1.txt").with_content_type("text/plain"),
            FilePart::new(&b"second"[..]),
        ],
        tags: Some(vec!["sea".to_owned(), "sun".to_owned()]),
        meta: Some(UploadFilesRequestMeta {
            source: Some("camera".to_owned()),
            rank: Some(1),
        }),
    }
}

#[tokio::test]
async fn a_multipart_form_arrives_with_its_files_and_fields() {
    let (client, _) = start().await;
    let echo = client.upload_files(&upload()).await.unwrap();
    assert_eq!(echo["title"], "holiday");
    assert_eq!(echo["count"], "Some(2)");
    // The file's own name, the encoding's content type, the part header.
    assert_eq!(
        echo["cover"],
        format!(
            "Some(\"cover.png\") Some(\"image/png\") {:?} [(\"x-checksum\", \"abc\")]",
            bytes::Bytes::from_static(PNG)
        )
    );
    assert_eq!(
        echo["extras"],
        "Some(\"1.txt\") Some(\"text/plain\") b\"first\" [] | None Some(\"application/octet-stream\") b\"second\" []"
    );
    assert_eq!(echo["tags"], "Some([\"sea\", \"sun\"])");
    assert_eq!(
        echo["meta"],
        "Some(UploadFilesRequestMeta { source: Some(\"camera\"), rank: Some(1) })"
    );
}

/// A multipart body written by hand, with `boundary`.
fn multipart(parts: &[(&str, Option<&str>, &str)]) -> String {
    let mut body = String::new();
    for (name, file_name, value) in parts {
        body.push_str("--XyZ\r\n");
        match file_name {
            Some(f) => body.push_str(&format!(
                "Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )),
            None => body.push_str(&format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n")),
        }
        body.push_str(value);
        body.push_str("\r\n");
    }
    body.push_str("--XyZ--\r\n");
    body
}

#[tokio::test]
async fn a_multipart_form_is_refused_as_a_json_body_is() {
    let (_, base) = start().await;
    let http = reqwest::Client::new();
    let send = |body: String, content_type: &'static str| {
        http.post(format!("{base}/uploads"))
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let multipart_type = "multipart/form-data; boundary=XyZ";
    let text = |r: reqwest::Response| async move { (r.status().as_u16(), r.text().await.unwrap()) };
    // A missing file part.
    let (status, body) = text(send(multipart(&[("title", None, "t")]), multipart_type).await.unwrap()).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("MISSING_FIELDS") && body.contains("cover"), "{body}");
    // An unknown part (the schema forbids unknown properties).
    let parts = multipart(&[("title", None, "t"), ("cover", Some("c.bin"), "x"), ("colour", None, "red")]);
    let (status, body) = text(send(parts, multipart_type).await.unwrap()).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("UNKNOWN_FIELDS") && body.contains("colour"), "{body}");
    // An invalid field: not an integer, and a title over its limit.
    let parts = multipart(&[("title", None, "t"), ("cover", Some("c.bin"), "x"), ("count", None, "many")]);
    let (status, body) = text(send(parts, multipart_type).await.unwrap()).await;
    assert!(status == 400 && body.contains("INVALID_FIELD") && body.contains("count"), "{body}");
    let long = "t".repeat(41);
    let parts = multipart(&[("title", None, &long), ("cover", Some("c.bin"), "x")]);
    let (status, body) = text(send(parts, multipart_type).await.unwrap()).await;
    assert!(status == 400 && body.contains("INVALID_FIELD") && body.contains("title"), "{body}");
    // A wrong content type.
    let (status, body) = text(send("{}".to_owned(), "application/json").await.unwrap()).await;
    assert!(status == 400 && body.contains("INVALID_BODY") && body.contains("multipart/form-data"), "{body}");
    // Too large.
    let big = "x".repeat(100 * 1024);
    let parts = multipart(&[("title", None, "t"), ("cover", Some("c.bin"), &big)]);
    let (status, body) = text(send(parts, multipart_type).await.unwrap()).await;
    assert_eq!(status, 413, "{body}");
    // What the hand-written form carried, read back.
    let parts = multipart(&[("title", None, "t"), ("cover", Some("c.bin"), "x"), ("tags", None, "a"), ("tags", None, "b")]);
    let (status, body) = text(send(parts, multipart_type).await.unwrap()).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(r#""tags":"Some([\"a\", \"b\"])""#), "{body}");
}

#[tokio::test]
async fn raw_bytes_of_a_type_or_a_range_and_a_stream() {
    let (client, base) = start().await;
    let echo = client.put_blob("a b", PNG.to_vec()).await.unwrap();
    assert_eq!(echo["name"], "a b");
    assert_eq!(echo["content_type"], "application/octet-stream");
    assert_eq!(echo["body"], format!("{:?}", bytes::Bytes::from_static(PNG)));
    let echo = client.post_picture("image/png", bytes::Bytes::from_static(PNG)).await.unwrap();
    assert_eq!(echo["content_type"], "image/png");
    assert_eq!(echo["body"], format!("{:?}", bytes::Bytes::from_static(PNG)));
    // A body streamed in chunks arrives whole.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = vec![Ok(b"chunk one, ".to_vec()), Ok(b"chunk two".to_vec())];
    let stream = reqwest::Body::wrap_stream(futures_util::stream::iter(chunks));
    let echo = client.post_anything("application/x-custom", stream).await.unwrap();
    assert_eq!(echo["content_type"], "application/x-custom");
    assert_eq!(echo["body"], "b\"chunk one, chunk two\"");
    let echo = client.post_document(&b"%PDF-1.4"[..]).await.unwrap();
    assert_eq!(echo["content_type"], "application/pdf");
    // A range refuses what it does not cover; a type refuses any other.
    let http = reqwest::Client::new();
    let response = http
        .post(format!("{base}/pictures"))
        .header("content-type", "text/plain")
        .body("x")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let response = http.post(format!("{base}/documents")).body("x").send().await.unwrap();
    assert_eq!(response.status(), 400);
    assert!(response.text().await.unwrap().contains("no Content-Type"));
    // `*/*` takes a body without a content type too.
    let response = http.post(format!("{base}/anything")).body("x").send().await.unwrap();
    assert_eq!(response.status(), 200);
    // Too large.
    let response = http
        .put(format!("{base}/blobs/b"))
        .header("content-type", "application/octet-stream")
        .body(vec![0u8; 100 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
}

#[tokio::test]
async fn text_bodies_are_strings() {
    let (client, base) = start().await;
    let echo = client.post_lines("line one\nline two ✓").await.unwrap();
    assert_eq!(echo["body"], "line one\nline two ✓");
    assert_eq!(echo["content_type"], "text/plain");
    let echo = client.post_table("text/csv", "a,b\n1,2\n").await.unwrap();
    assert_eq!(echo["content_type"], "text/csv");
    assert_eq!(echo["body"], "a,b\n1,2\n");
    let echo = client
        .post_table("text/tab-separated-values", "a\tb\n")
        .await
        .unwrap();
    assert_eq!(echo["content_type"], "text/tab-separated-values");
    let response = reqwest::Client::new()
        .post(format!("{base}/table"))
        .header("content-type", "text/plain")
        .body("x")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let echo = client.post_markup("<stamp at=\"noon\"/>").await.unwrap();
    assert_eq!(echo["content_type"], "application/xml");
    assert_eq!(echo["body"], "<stamp at=\"noon\"/>");
    let response = reqwest::Client::new()
        .post(format!("{base}/lines"))
        .header("content-type", "text/plain")
        .body(vec![0xffu8, 0xfe])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert!(response.text().await.unwrap().contains("not UTF-8"));
}

#[tokio::test]
async fn json_like_media_types_are_json() {
    let (client, base) = start().await;
    let stamp = Stamp {
        at: "noon".to_owned(),
        by: None,
    };
    let echo = client.patch_note(7, &stamp).await.unwrap();
    assert_eq!(echo["content_type"], "application/merge-patch+json");
    assert_eq!(echo["body"], format!("{stamp:?}"));
    let echo = client.replace_note(7, &stamp).await.unwrap();
    assert_eq!(echo["content_type"], "application/json");
    let patch = vec![ApplyPatchRequestItem {
        op: "add".to_owned(),
        path: "/a".to_owned(),
        value: Some(serde_json::json!(1)),
    }];
    let echo = client.apply_patch(&patch).await.unwrap();
    assert_eq!(echo["content_type"], "application/json-patch+json");
    assert_eq!(echo["body"], format!("{patch:?}"));
    let http = reqwest::Client::new();
    // Every JSON type of one schema is accepted.
    for content_type in ["text/json", "application/vnd.note+json"] {
        let response = http
            .put(format!("{base}/notes/7"))
            .header("content-type", content_type)
            .body(r#"{"at": "noon"}"#)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{content_type}");
    }
    // The items of an array body are checked.
    let response = http
        .post(format!("{base}/patches"))
        .header("content-type", "application/json-patch+json")
        .body(r#"[{"op": "add"}]"#)
        .send()
        .await
        .unwrap();
    let body = response.text().await.unwrap();
    assert!(body.contains("MISSING_FIELDS") && body.contains("[0].path"), "{body}");
}

#[tokio::test]
async fn the_caller_chooses_the_media_type_and_the_handler_learns_which() {
    let (client, base) = start().await;
    let profile = Profile {
        name: "Ada".to_owned(),
        age: Some(36),
        avatar: None,
    };
    let echo = client.create_profile(CreateProfileBody::Json(profile.clone())).await.unwrap();
    assert_eq!((echo["kind"].as_str(), echo["body"].clone()), ("json", format!("{profile:?}")));
    let echo = client.create_profile(CreateProfileBody::Form(profile.clone())).await.unwrap();
    assert_eq!((echo["kind"].as_str(), echo["body"].clone()), ("form", format!("{profile:?}")));
    let form = CreateProfileForm {
        name: "Ada".to_owned(),
        age: None,
        avatar: Some(FilePart::new(PNG).with_file_name("me.png").with_content_type("image/png")),
    };
    let echo = client.create_profile(CreateProfileBody::Multipart(form)).await.unwrap();
    assert_eq!(echo["kind"], "multipart");
    assert_eq!(
        echo["body"],
        format!(
            "Ada None Some(\"me.png\") Some(\"image/png\") {:?} []",
            bytes::Bytes::from_static(PNG)
        )
    );
    let echo = client
        .put_avatar(PutAvatarBody::Bytes(PNG.to_vec().into()))
        .await
        .unwrap();
    assert_eq!(echo["kind"], "bytes");
    assert!(echo["body"].starts_with("application/octet-stream "), "{echo:?}");
    let avatar = PutAvatarForm {
        file: Some(FilePart::new(&b"gif"[..]).with_file_name("a.gif")),
    };
    let echo = client.put_avatar(PutAvatarBody::Multipart(avatar)).await.unwrap();
    assert_eq!(echo["kind"], "multipart");
    assert_eq!(
        echo["body"],
        "Some(\"Some(\\\"a.gif\\\") Some(\\\"application/octet-stream\\\") b\\\"gif\\\" []\")"
    );
    // A media type the operation does not take names the ones it does.
    let response = reqwest::Client::new()
        .post(format!("{base}/profiles"))
        .header("content-type", "text/plain")
        .body("x")
        .send()
        .await
        .unwrap();
    let body = response.text().await.unwrap();
    assert!(
        body.contains("application/json, application/x-www-form-urlencoded or multipart/form-data"),
        "{body}"
    );
}
