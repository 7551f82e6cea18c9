//! Request bodies of every media type: how each is lowered and emitted, snapshots of the
//! fixture `tests/fixtures/operations/bodies.yaml`, and that fixture generated into a crate
//! under `target/`, linted with clippy and rustdoc, and run end to end (`bodies_e2e/e2e.rs`).

mod support;

use codegen::model::{BodyKind, FormStyle, PartKind, RequestBody};
use codegen::{Generated, Options, generate};

const FIXTURE: support::E2eFixture<'static> = support::E2eFixture {
    source: "tests/fixtures/operations/bodies.yaml",
    crate_name: "bodies-fixture",
    e2e: include_str!("bodies_e2e/e2e.rs"),
    dev_dependencies: &[
        "futures-util = \"0.3.34\"",
        "reqwest = { version = \"0.13.5\", default-features = false, features = [\"stream\"] }",
    ],
};

fn run(paths: &str, components: &str) -> Generated {
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}\ncomponents:\n{components}"
    );
    generate(&text, &Options::new("t", "t.yaml"))
        .unwrap_or_else(|d| panic!("{}", d.render("t.yaml")))
}

fn body<'a>(out: &'a Generated, name: &str) -> &'a RequestBody {
    let op = out
        .api
        .operations
        .iter()
        .find(|op| op.rust_name == name)
        .unwrap_or_else(|| panic!("no operation {name}"));
    assert_eq!(op.unsupported, None, "{name} is left out");
    op.request_body.as_ref().expect("a body")
}

fn kinds(body: &RequestBody) -> Vec<(&str, &'static str)> {
    body.contents
        .iter()
        .map(|c| {
            let kind = match &c.kind {
                BodyKind::Json(_) => "json",
                BodyKind::Form(_) => "form",
                BodyKind::Multipart(_) => "multipart",
                BodyKind::Text => "text",
                BodyKind::Bytes => "bytes",
            };
            (c.media_type.as_str(), kind)
        })
        .collect()
}

#[test]
fn every_media_type_is_carried_and_none_is_left_out() {
    let out = FIXTURE.generate();
    assert!(out.api.operations.iter().all(|op| op.unsupported.is_none()));
    let expect = [
        (
            "create_note",
            vec![("application/x-www-form-urlencoded", "form")],
        ),
        (
            "put_settings",
            vec![("application/x-www-form-urlencoded", "form")],
        ),
        (
            "post_free",
            vec![("application/x-www-form-urlencoded", "form")],
        ),
        (
            "post_untyped_form",
            vec![("application/x-www-form-urlencoded", "form")],
        ),
        ("upload_files", vec![("multipart/form-data", "multipart")]),
        ("put_blob", vec![("application/octet-stream", "bytes")]),
        ("post_picture", vec![("image/*", "bytes")]),
        ("post_anything", vec![("*/*", "bytes")]),
        ("post_document", vec![("application/pdf", "bytes")]),
        ("post_lines", vec![("text/plain", "text")]),
        // Two text types are one text body whose type the caller names.
        ("post_table", vec![("text/csv", "text")]),
        ("post_markup", vec![("application/xml", "text")]),
        ("patch_note", vec![("application/merge-patch+json", "json")]),
        ("apply_patch", vec![("application/json-patch+json", "json")]),
        // Three JSON types of one schema are one body, accepted as any of them.
        ("replace_note", vec![("text/json", "json")]),
        (
            "create_profile",
            vec![
                ("application/json", "json"),
                ("application/x-www-form-urlencoded", "form"),
                ("multipart/form-data", "multipart"),
            ],
        ),
        (
            "put_avatar",
            vec![
                ("multipart/form-data", "multipart"),
                ("application/octet-stream", "bytes"),
            ],
        ),
    ];
    for (name, contents) in expect {
        assert_eq!(kinds(body(&out, name)), contents, "{name}");
    }
    assert_eq!(
        body(&out, "replace_note").contents[0].also,
        ["application/json", "application/*+json"]
    );
    assert_eq!(
        body(&out, "post_table").contents[0].also,
        ["text/tab-separated-values"]
    );
    // The XML body's object schema is not typed: said once, where the schema is.
    let warnings: Vec<(&str, &str)> = out
        .warnings
        .0
        .iter()
        .map(|d| (d.pointer.as_str(), d.message.as_str()))
        .collect();
    assert_eq!(
        warnings,
        [(
            "/paths/~1markup/post/requestBody/content/application~1xml/schema",
            "a application/xml body is carried as text: only JSON, form and multipart bodies are typed"
        )]
    );
}

#[test]
fn form_encoding_styles_come_from_the_encoding_object() {
    let out = FIXTURE.generate();
    let BodyKind::Form(form) = &body(&out, "create_note").contents[0].kind else {
        panic!("not a form");
    };
    let styles: Vec<(&str, FormStyle)> = form
        .properties
        .iter()
        .map(|(n, s)| (n.as_str(), *s))
        .collect();
    assert_eq!(
        styles,
        [
            ("expand", FormStyle::DeepObject),
            ("codes", FormStyle::PipeDelimited),
            ("words", FormStyle::SpaceDelimited),
            ("filter", FormStyle::Json),
            ("window", FormStyle::FormExploded),
        ]
    );
}

#[test]
fn multipart_parts_are_files_where_the_schema_is_binary() {
    let out = FIXTURE.generate();
    let BodyKind::Multipart(m) = &body(&out, "upload_files").contents[0].kind else {
        panic!("not multipart");
    };
    assert_eq!(m.form_type, "UploadFilesForm");
    let parts: Vec<(&str, bool, bool, Option<&str>)> = m
        .parts
        .iter()
        .map(|p| {
            (
                p.wire_name.as_str(),
                matches!(p.kind, PartKind::File | PartKind::Files),
                p.required,
                p.content_type.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        parts,
        [
            ("title", false, true, None),
            ("count", false, false, None),
            ("cover", true, true, Some("image/png")),
            ("extras", true, false, None),
            ("tags", false, false, None),
            ("meta", false, false, None),
        ]
    );
    assert_eq!(m.parts[2].headers, ["X-Checksum"]);
    assert!(matches!(m.parts[3].kind, PartKind::Files));
}

#[test]
fn one_json_body_keeps_its_plain_api() {
    let paths = r#"
  /a:
    post:
      operationId: plain
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Thing'}
      responses:
        '204': {description: ok}
"#;
    let components = "  schemas:\n    Thing:\n      type: object\n      properties:\n        a: {type: string}\n";
    let out = run(paths, components);
    let client = out.file("src/client.rs").expect("client");
    assert!(client.contains("body: &crate::types::Thing,"), "{client}");
    assert!(client.contains(".json(body)"), "{client}");
    let server = out.file("src/server.rs").expect("server");
    assert!(server.contains("body: crate::types::Thing,"), "{server}");
    assert!(
        server.contains(
            "read_json_body(\n        &headers,\n        body,\n        body_checks::check_thing,\n"
        ),
        "{server}"
    );
    assert!(!server.contains("fn plain_request_body"), "{server}");
    let manifest = out.file("Cargo.toml").expect("manifest");
    assert!(!manifest.contains("multipart"), "{manifest}");
}

#[test]
fn a_form_body_of_any_object_shape_is_kept() {
    // The shapes that used to leave the operation out.
    let paths = r#"
  /alias:
    post:
      operationId: alias
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {$ref: '#/components/schemas/Alias'}
      responses: {'204': {description: ok}}
  /map:
    post:
      operationId: map
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, additionalProperties: {type: integer}}
      responses: {'204': {description: ok}}
  /free:
    post:
      operationId: free
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {type: object}
      responses: {'204': {description: ok}}
  /none:
    post:
      operationId: none
      requestBody:
        content:
          application/x-www-form-urlencoded: {}
      responses: {'204': {description: ok}}
  /scalar:
    post:
      operationId: scalar
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {type: string}
      responses: {'204': {description: ok}}
"#;
    let components = "  schemas:\n    Thing:\n      type: object\n      properties:\n        a: {type: string}\n    Alias: {$ref: '#/components/schemas/Thing'}\n";
    let out = run(paths, components);
    for name in ["alias", "map", "free", "none"] {
        assert_eq!(
            kinds(body(&out, name)),
            [("application/x-www-form-urlencoded", "form")],
            "{name}"
        );
    }
    // A form of a string has no properties: carried as text, with a warning where it is.
    assert_eq!(
        kinds(body(&out, "scalar")),
        [("application/x-www-form-urlencoded", "text")]
    );
    assert!(out.warnings.0.iter().any(|d| d.pointer
        == "/paths/~1scalar/post/requestBody/content/application~1x-www-form-urlencoded"
        && d.message.contains("carried as text")));
}

#[test]
fn a_content_key_that_is_not_a_media_type_is_ignored_with_a_warning() {
    // A mis-indented `examples` under `content` must not turn one JSON body into two.
    let paths = r#"
  /a:
    post:
      operationId: plain
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {a: {type: string}}}
          examples:
            schema: {type: string}
      responses: {'204': {description: ok}}
"#;
    let out = run(paths, "  schemas: {}\n");
    assert_eq!(kinds(body(&out, "plain")), [("application/json", "json")]);
    assert!(out.warnings.0.iter().any(|d| d.pointer
        == "/paths/~1a/post/requestBody/content/examples"
        && d.message.contains("is not a media type")));
}

#[test]
fn multipart_needs_the_multipart_features_and_bytes_in_the_types() {
    let out = FIXTURE.generate();
    let manifest = out.file("Cargo.toml").expect("manifest");
    assert!(
        manifest.contains(r#"reqwest = { version = "0.13.5", default-features = false, features = ["json", "rustls", "multipart"], optional = true }"#),
        "{manifest}"
    );
    assert!(
        manifest.contains(r#"axum = { version = "0.8.9", default-features = false, features = ["http1", "tokio", "json", "multipart"], optional = true }"#),
        "{manifest}"
    );
    assert!(manifest.contains("bytes = \"1.12\"\n"), "{manifest}");
}

#[test]
fn the_bodies_fixture_snapshots() {
    let out = FIXTURE.generate();
    for file in &out.files {
        let name = file.path.replace(['/', '.'], "_");
        insta::assert_snapshot!(name, file.contents);
    }
}

/// Generates the fixture crate, adds the end-to-end test, and runs clippy, rustdoc and the test
/// on it. Takes a minute or two the first time.
#[test]
fn the_bodies_fixture_compiles_cleanly_and_works_end_to_end() {
    let out = FIXTURE.generate();
    FIXTURE.write_and_test(&out);
}
