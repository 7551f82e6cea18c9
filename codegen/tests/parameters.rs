//! Parameters in every style and location, and path templates with parameters inside a
//! segment: how they are lowered (small inline specs), what is generated for them (snapshots of
//! the fixture `tests/fixtures/operations/parameters.yaml`), and that the generated client and
//! server carry them end to end (`parameters_e2e/e2e.rs`, run in a crate generated under
//! `target/`).

mod support;

use codegen::model::{ParameterLocation, ParameterStyle};
use codegen::{Generated, Options, generate};

const SOURCE: &str = "tests/fixtures/operations/parameters.yaml";

fn spec(paths: &str) -> String {
    format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}")
}

fn run(text: &str) -> Generated {
    generate(text, &Options::new("t", "t.yaml"))
        .unwrap_or_else(|d| panic!("{}", d.render("t.yaml")))
}

fn located_warnings(out: &Generated) -> Vec<(String, String)> {
    out.warnings
        .0
        .iter()
        .map(|d| (d.pointer.clone(), d.message.clone()))
        .collect()
}

fn fixture() -> support::E2eFixture<'static> {
    support::E2eFixture {
        source: SOURCE,
        crate_name: "parameters-fixture",
        e2e: include_str!("parameters_e2e/e2e.rs"),
        dev_dependencies: &[],
    }
}

#[test]
fn styles_and_explode_follow_the_spec_and_its_defaults() {
    let out = run(&spec(
        r#"
  /a/{p}/{q}:
    get:
      parameters:
        - {name: p, in: path, required: true, style: label, schema: {type: array, items: {type: string}}}
        - {name: q, in: path, required: true, style: matrix, explode: true, schema: {type: string}}
        - {name: f, in: query, schema: {type: object, properties: {x: {type: string}}}}
        - {name: d, in: query, style: deepObject, schema: {type: object, properties: {x: {type: string}}}}
        - {name: s, in: query, style: spaceDelimited, schema: {type: array, items: {type: integer}}}
        - {name: i, in: query, style: pipeDelimited, explode: false, schema: {type: array, items: {type: integer}}}
        - {name: h, in: header, schema: {type: object, properties: {x: {type: string}}}}
        - {name: c, in: cookie, required: true, schema: {type: string}}
        - {name: j, in: query, content: {application/json: {schema: {type: object, properties: {x: {type: integer}}}}}}
      responses:
        "204": {description: ok}
"#,
    ));
    let op = &out.api.operations[0];
    assert_eq!(op.unsupported, None);
    let summary: Vec<(&str, ParameterLocation, ParameterStyle, bool, Option<&str>)> = op
        .parameters
        .iter()
        .map(|p| {
            (
                p.wire_name.as_str(),
                p.location,
                p.style,
                p.explode,
                p.content_type.as_deref(),
            )
        })
        .collect();
    use ParameterLocation::*;
    use ParameterStyle::*;
    assert_eq!(
        summary,
        [
            ("p", Path, Label, false, None),
            ("q", Path, Matrix, true, None),
            ("f", Query, Form, true, None),
            ("d", Query, DeepObject, false, None),
            ("s", Query, SpaceDelimited, false, None),
            ("i", Query, PipeDelimited, false, None),
            ("h", Header, Simple, false, None),
            ("c", Cookie, Form, true, None),
            ("j", Query, Form, true, Some("application/json")),
        ]
    );
    assert!(out.warnings.0.is_empty(), "{:?}", located_warnings(&out));
}

#[test]
fn what_a_style_cannot_write_is_kept_with_a_located_warning() {
    let out = run(&spec(
        r#"
  /a:
    get:
      parameters:
        - {name: any, in: query, required: true, schema: {}}
        - {name: grid, in: header, schema: {type: array, items: {type: array, items: {type: string}}}}
        - {name: deep, in: query, style: deepObject, schema: {type: array, items: {type: array, items: {type: string}}}}
        - {name: text, in: query, content: {text/plain: {schema: {type: string}}}}
      responses:
        "204": {description: ok}
"#,
    ));
    let op = &out.api.operations[0];
    assert_eq!(op.unsupported, None);
    assert_eq!(op.parameters.len(), 4);
    let warnings = located_warnings(&out);
    let at = |i: usize| format!("/paths/~1a/get/parameters/{i}");
    assert!(
        warnings
            .iter()
            .any(|(p, m)| *p == at(0) && m.contains("without a type")),
        "{warnings:#?}"
    );
    assert!(
        warnings.iter().any(|(p, m)| *p == at(1)
            && m.contains("style `simple` cannot write")
            && m.contains("JSON text")),
        "{warnings:#?}"
    );
    // deepObject writes nesting as it is.
    assert!(!warnings.iter().any(|(p, _)| *p == at(2)), "{warnings:#?}");
    assert!(
        warnings
            .iter()
            .any(|(p, m)| *p == at(3) && m.contains("`text/plain` is not JSON")),
        "{warnings:#?}"
    );
    assert_eq!(warnings.len(), 3, "{warnings:#?}");
}

#[test]
fn accept_content_type_and_authorization_headers_are_ignored_in_openapi_3_only() {
    let headers = r#"
  /a:
    get:
      parameters:
        - {name: Accept, in: header, schema: {type: string, enum: [application/json]}}
        - {name: content-type, in: header, schema: {type: string}}
        - {name: Authorization, in: header, required: true, schema: {type: string}}
        - {name: Accept-Encoding, in: header, schema: {type: string}}
      responses:
        "204": {description: ok}
"#;
    let out = run(&spec(headers));
    let names: Vec<&str> = out.api.operations[0]
        .parameters
        .iter()
        .map(|p| p.wire_name.as_str())
        .collect();
    assert_eq!(names, ["Accept-Encoding"]);
    let warnings = located_warnings(&out);
    for i in 0..3 {
        let at = format!("/paths/~1a/get/parameters/{i}");
        assert!(
            warnings
                .iter()
                .any(|(p, m)| *p == at && m.contains("is ignored, as OpenAPI 3 says")),
            "{warnings:#?}"
        );
    }
    // Swagger 2.0 has no such rule: the same parameters are parameters there.
    let swagger = format!(
        "swagger: '2.0'\ninfo: {{title: t, version: '1'}}\npaths:\n{}",
        headers
            .replace(
                ", schema: {type: string, enum: [application/json]}",
                ", type: string, enum: [application/json]"
            )
            .replace(", schema: {type: string}", ", type: string")
    );
    let out = run(&swagger);
    let names: Vec<&str> = out.api.operations[0]
        .parameters
        .iter()
        .map(|p| p.wire_name.as_str())
        .collect();
    assert_eq!(
        names,
        ["Accept", "content-type", "Authorization", "Accept-Encoding"]
    );
}

#[test]
fn path_templates_are_split_into_literals_and_parameters() {
    let out = run(&spec(
        r#"
  /a/{x}.{y}/report-{z}:
    get:
      parameters:
        - {name: x, in: path, required: true, schema: {type: string}}
        - {name: y, in: path, required: true, schema: {type: string}}
        - {name: z, in: path, required: true, schema: {type: integer}}
      responses:
        "204": {description: ok}
  /b/{undeclared}:
    get:
      responses:
        "204": {description: ok}
  /c/{open:
    get:
      responses:
        "204": {description: ok}
"#,
    ));
    let ops = &out.api.operations;
    assert_eq!(ops[0].unsupported, None);
    let names: Vec<&str> = ops[0].template.parameter_names().collect();
    assert_eq!(names, ["x", "y", "z"]);
    // A name no parameter declares is a string parameter, with a warning.
    assert_eq!(ops[1].unsupported, None);
    assert_eq!(ops[1].parameters[0].wire_name, "undeclared");
    assert_eq!(ops[1].parameters[0].location, ParameterLocation::Path);
    // A template that is not one leaves the operation out, with a located warning.
    assert!(
        ops[2]
            .unsupported
            .as_deref()
            .is_some_and(|r| r.contains("`{open`")),
        "{:?}",
        ops[2].unsupported
    );
    let warnings = located_warnings(&out);
    assert!(
        warnings
            .iter()
            .any(|(p, m)| p == "/paths/~1b~1{undeclared}/get"
                && m.contains("`{undeclared}`, which no path parameter declares")),
        "{warnings:#?}"
    );
    assert!(
        warnings
            .iter()
            .any(|(p, m)| p == "/paths/~1c~1{open/get" && m.contains("leave this operation out")),
        "{warnings:#?}"
    );
}

#[test]
fn templates_a_router_cannot_tell_apart_share_a_route() {
    let out = run(&spec(
        r#"
  /a/{id}:
    get:
      operationId: byId
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "204": {description: ok}
  /a/{name}.json:
    get:
      operationId: asJson
      parameters:
        - {name: name, in: path, required: true, schema: {type: string}}
      responses:
        "204": {description: ok}
  /a/{key}:
    post:
      operationId: create
      parameters:
        - {name: key, in: path, required: true, schema: {type: string}}
      responses:
        "204": {description: ok}
    get:
      operationId: twin
      parameters:
        - {name: key, in: path, required: true, schema: {type: string}}
      responses:
        "204": {description: ok}
"#,
    ));
    assert!(
        out.api.operations.iter().all(|op| op.unsupported.is_none()),
        "{:?}",
        out.api.operations
    );
    let warnings = located_warnings(&out);
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert_eq!(warnings[0].0, "/paths/~1a~1{key}/get");
    assert!(
        warnings[0]
            .1
            .contains("the server sends such requests to `by_id`, never to `twin`"),
        "{warnings:#?}"
    );
    let server = out.file("src/server.rs").expect("server");
    let squashed: String = server.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(
        squashed.contains(
            r#".route(&mounted("/a/{p0}"),::axum::routing::get(dispatch_0::<A>).post(create_handler::<A>),)"#
        ),
        "{server}"
    );
    // The more literal template is tried first.
    let dispatcher = &squashed[squashed.find("asyncfndispatch_0").expect("dispatcher")..];
    let json = dispatcher.find("as_json_handler").expect("as_json");
    let by_id = dispatcher.find("by_id_handler").expect("by_id");
    assert!(json < by_id, "{dispatcher}");
}

#[test]
fn parameters_fixture_generated_files() {
    let out = fixture().generate();
    let warnings = located_warnings(&out);
    let at: Vec<&str> = warnings.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        at,
        [
            "/paths/~1undeclared~1{thing}/get",
            "/paths/~1twins~1{b}/get",
            "/paths/~1untyped/get/parameters/0",
            "/paths/~1untyped/get/parameters/2",
        ],
        "{warnings:#?}"
    );
    assert!(out.api.operations.iter().all(|op| op.unsupported.is_none()));
    for file in &out.files {
        if file.path == "Cargo.toml" {
            continue;
        }
        let name = format!("parameters__{}", file.path.replace(['/', '.'], "_"));
        insta::assert_snapshot!(name, file.contents);
    }
}

/// Generates the fixture crate, adds the end-to-end test, and runs clippy, rustdoc and the
/// test on it. Takes a minute or two the first time.
#[test]
fn the_parameters_fixture_compiles_cleanly_and_works_end_to_end() {
    let fixture = fixture();
    let out = fixture.generate();
    fixture.write_and_test(&out);
}
