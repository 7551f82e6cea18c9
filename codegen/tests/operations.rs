//! Operations in the generated client and server: parameters, bodies, responses, security, and
//! what is still left out. Small inline specs assert the emitted code; the fixture
//! `tests/fixtures/operations.yaml` is generated into a crate under `target/`, linted with
//! clippy, and run end to end (`operations_e2e/e2e.rs`).

mod support;

use support::source_text::{assert_has, assert_lacks};

use codegen::model::ParameterLocation;
use codegen::{Generated, Options, generate};

/// A spec with these `paths` and `components`.
fn spec(paths: &str, components: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}\ncomponents:\n{components}"
    )
}

const ERROR_SCHEMA: &str = "  schemas:\n    Error:\n      type: object\n      properties:\n        message: {type: string}\n";

fn run(text: &str) -> Generated {
    generate(text, &Options::new("t", "t.yaml"))
        .unwrap_or_else(|d| panic!("{}", d.render("t.yaml")))
}

fn file<'a>(out: &'a Generated, path: &str) -> &'a str {
    out.file(path).unwrap_or_else(|| panic!("no {path}"))
}

fn warnings(out: &Generated) -> Vec<String> {
    out.warnings.0.iter().map(|d| d.message.clone()).collect()
}

const PARAMETERS: &str = r#"
  /pets/{petId}/toys/{toys}:
    get:
      operationId: getPet
      parameters:
        - {name: petId, in: path, required: true, schema: {type: integer, format: int64}}
        - {name: toys, in: path, required: true, schema: {type: array, items: {type: string}}}
        - {name: kind, in: query, required: true, schema: {type: string, enum: [cat, dog]}}
        - {name: limit, in: query, schema: {type: integer, format: int32}}
        - {name: tags, in: query, schema: {type: array, items: {type: string}}}
        - {name: ids, in: query, explode: false, schema: {type: array, items: {type: integer}}}
        - {name: X-Trace, in: header, required: true, schema: {type: array, items: {type: string}}}
        - {name: X-Mode, in: header, schema: {type: string}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: string}}}}
"#;

#[test]
fn parameters_are_lowered_with_location_type_and_style() {
    let out = run(&spec(PARAMETERS, ERROR_SCHEMA));
    let op = &out.api.operations[0];
    assert_eq!(op.unsupported, None);
    let summary: Vec<(&str, ParameterLocation, bool, bool)> = op
        .parameters
        .iter()
        .map(|p| (p.wire_name.as_str(), p.location, p.required, p.explode))
        .collect();
    assert_eq!(
        summary,
        [
            ("petId", ParameterLocation::Path, true, false),
            ("toys", ParameterLocation::Path, true, false),
            ("kind", ParameterLocation::Query, true, true),
            ("limit", ParameterLocation::Query, false, true),
            ("tags", ParameterLocation::Query, false, true),
            ("ids", ParameterLocation::Query, false, false),
            ("X-Trace", ParameterLocation::Header, true, false),
            ("X-Mode", ParameterLocation::Header, false, false),
        ]
    );
    assert!(warnings(&out).is_empty(), "{:?}", warnings(&out));
}

#[test]
fn the_client_takes_path_and_required_query_parameters_as_arguments() {
    let out = run(&spec(PARAMETERS, ERROR_SCHEMA));
    let client = file(&out, "src/client.rs");
    assert_has(
        client,
        "pub async fn get_pet(&self, pet_id: i64, toys: &[::std::string::String], kind: &crate::types::GetPetKind,)",
    );
    assert_has(
        client,
        "self.get_pet_with(pet_id, toys, kind, &::std::default::Default::default()).await",
    );
    assert_has(
        client,
        "pub async fn get_pet_with(&self, pet_id: i64, toys: &[::std::string::String], kind: &crate::types::GetPetKind, params: &GetPetParams,)",
    );
    // Optional query parameters and header parameters are per-call, all optional.
    assert_has(client, "pub struct GetPetParams {");
    assert_has(client, "pub limit: ::std::option::Option<i32>,");
    assert_has(
        client,
        "pub ids: ::std::option::Option<::std::vec::Vec<i64>>,",
    );
    assert_has(
        client,
        "pub x_trace: ::std::option::Option<::std::vec::Vec<::std::string::String>>,",
    );
    assert_has(client, "::std::default::Default,");
    // Style simple in the path: items percent-encoded one by one, joined with commas.
    assert_has(
        client,
        r#"&::std::format!("/pets/{}/toys/{}", encode_component(&pet_id.to_string()), toys.iter().map(|item| encode_component(item)).collect::<::std::vec::Vec<_>>().join(","))"#,
    );
    // Style form: exploded arrays repeat the key, others are comma-separated.
    assert_has(client, r#".pairs("kind", [kind.to_string()])"#);
    assert_has(
        client,
        r#".pairs("tags", params.tags.iter().flatten().map(|item| item.to_string()))"#,
    );
    assert_has(
        client,
        r#".list("ids", params.ids.as_ref().map(|items| items.iter().map(|item| item.to_string())))"#,
    );
    // Header parameters replace the builder's value for the call.
    assert_has(
        client,
        r#"("X-Mode", params.x_mode.as_ref().map(|value| value.to_string()), false)"#,
    );
    assert_has(client, "fn with_headers(");
    assert_has(
        client,
        "pub fn x_mode(self, value: impl ::std::convert::Into<::std::string::String>) -> Self",
    );
}

#[test]
fn the_server_reads_parameters_into_a_params_struct_or_refuses_them() {
    let out = run(&spec(PARAMETERS, ERROR_SCHEMA));
    let server = file(&out, "src/server.rs");
    assert_has(
        server,
        "fn get_pet(&self, context: RequestContext, params: GetPetParams,) -> impl ::std::future::Future<Output = GetPetReply> + ::std::marker::Send;",
    );
    assert_has(server, "pub struct GetPetParams {");
    assert_has(server, "pub pet_id: i64,");
    assert_has(server, "pub toys: ::std::vec::Vec<::std::string::String>,");
    assert_has(server, "pub kind: crate::types::GetPetKind,");
    assert_has(server, "pub limit: ::std::option::Option<i32>,");
    // Every required query and header parameter is checked for presence first, all reported
    // together; path parameters are there when the route matched.
    assert_has(
        server,
        r#"missing_parameters(&[("kind", query.iter().any(|(name, _)| name == "kind")), ("X-Trace", headers.contains_key("x-trace"))])?;"#,
    );
    assert_has(
        server,
        r#"pet_id: required("petId", path_value(path.first().copied(), "petId", parse_text::<i64>)?)?,"#,
    );
    assert_has(
        server,
        r#"toys: required("toys", path_list(path.get(1usize).copied(), "toys", parse_text::<::std::string::String>)?)?,"#,
    );
    assert_has(
        server,
        r#"tags: query_list(query, "tags", true, parse_text::<::std::string::String>)?,"#,
    );
    assert_has(
        server,
        r#"ids: query_list(query, "ids", false, parse_text::<i64>)?,"#,
    );
    assert_has(
        server,
        "MissingParameters(::std::vec::Vec<::std::string::String>),",
    );
    assert_has(
        server,
        r#"Rejection::MissingParameters(_) => "MISSING_FIELDS","#,
    );
    assert_has(
        server,
        r#"Rejection::InvalidParameter { .. } => "INVALID_FIELD","#,
    );
    // Header parameters stay in the context, typed when they are not text.
    assert_has(
        server,
        "pub x_trace: ::std::option::Option<::std::vec::Vec<::std::string::String>>,",
    );
    assert_has(
        server,
        "pub x_mode: ::std::option::Option<::std::string::String>,",
    );
    // Path parameters are read from the raw path against the template (axum's own path
    // extractor and its rejection are never used): routes have positional parameters.
    assert_has(server, r#".route(&mounted("/pets/{p0}/toys/{p1}"),"#);
    assert_has(
        server,
        r#"let ::std::option::Option::Some(path) = path_pieces(uri.path(), &[(2usize, &["", ""]), (0usize, &["", ""])]) else {"#,
    );
    assert_lacks(server, "RawPathParams");
}

#[test]
fn a_form_body_is_sent_and_read_as_a_form() {
    let paths = r#"
  /pets:
    post:
      operationId: createPet
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              required: [name]
              properties:
                name: {type: string}
                age: {type: integer}
                weight: {type: number}
                vaccinated: {type: boolean}
                tags: {type: array, items: {type: string}}
      responses:
        "204": {description: created}
"#;
    let out = run(&spec(paths, ERROR_SCHEMA));
    assert_eq!(out.api.operations[0].unsupported, None);
    let client = file(&out, "src/client.rs");
    assert_has(
        client,
        "pub async fn create_pet(&self, body: &crate::types::CreatePetRequest,)",
    );
    assert_has(
        client,
        r#".header(::reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded").body(form_body(body, &[]))"#,
    );
    assert_has(
        client,
        "fn form_body<T: ::serde::Serialize>(body: &T, styles: &[(&str, FormStyle)]) -> ::std::string::String",
    );
    let server = file(&out, "src/server.rs");
    assert_has(
        server,
        r#"form_from_bytes(&bytes, body_checks::check_create_pet_request, FormShape::Object(form_shape_create_pet_request, &[]), &[])"#,
    );
    assert_has(
        server,
        r#"::std::option::Option::Some(FormShape::List(&FormShape::Scalar(FormKind::Text)))"#,
    );
    assert_has(
        server,
        r#""age" => ::std::option::Option::Some(FormShape::Scalar(FormKind::Integer)),"#,
    );
    assert_lacks(server, "fn read_json_body");
}

#[test]
fn several_success_bodies_make_an_enum_and_one_body_stays_one_type() {
    let paths = r#"
  /a:
    post:
      operationId: differ
      responses:
        "200": {description: found, content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
        "201": {description: made, content: {application/json: {schema: {type: string}}}}
        "204": {description: nothing}
  /b:
    post:
      operationId: same
      responses:
        "200": {description: found, content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
        "201": {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
"#;
    let out = run(&spec(paths, ERROR_SCHEMA));
    let client = file(&out, "src/client.rs");
    assert_has(
        client,
        "-> ::std::result::Result<DifferSuccess, Error<::serde_json::Value>>",
    );
    assert_has(
        client,
        "pub enum DifferSuccess { /// 200: found\n Ok(crate::types::Error), /// 201: made\n Created(::std::string::String), /// 204: nothing\n NoContent, }",
    );
    assert_has(client, "200u16 => reply.json().map(DifferSuccess::Ok),");
    assert_has(
        client,
        "204u16 => ::std::result::Result::Ok(DifferSuccess::NoContent),",
    );
    assert_has(
        client,
        "-> ::std::result::Result<crate::types::Error, Error<::serde_json::Value>>",
    );
    assert_has(client, "self.send_json(request, &[200u16, 201u16]).await");
    assert_lacks(client, "SameSuccess");
    let server = file(&out, "src/server.rs");
    assert_has(server, "Created(::std::string::String),");
    assert_has(server, "NoContent,");
}

#[test]
fn binary_and_text_responses_are_bytes_and_strings() {
    let paths = r#"
  /report:
    get:
      operationId: report
      responses:
        "200": {description: pdf, content: {application/pdf: {schema: {type: string, format: binary}}}}
        default: {description: error, content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
  /archive:
    get:
      operationId: archive
      responses:
        "200": {description: zip, content: {application/zip: {}}}
  /readme:
    get:
      operationId: readme
      responses:
        "200": {description: text, content: {text/plain: {schema: {type: string}}}}
"#;
    let out = run(&spec(paths, ERROR_SCHEMA));
    assert!(out.api.operations.iter().all(|op| op.unsupported.is_none()));
    assert!(warnings(&out).is_empty(), "{:?}", warnings(&out));
    let client = file(&out, "src/client.rs");
    assert_has(
        client,
        "pub async fn report(&self,) -> ::std::result::Result<::bytes::Bytes, Error<crate::types::Error>>",
    );
    assert_has(client, "self.send_bytes(request, &[200u16]).await");
    assert_has(
        client,
        "pub async fn readme(&self,) -> ::std::result::Result<::std::string::String, Error<::serde_json::Value>>",
    );
    assert_has(client, "self.send_text(request, &[200u16]).await");
    let server = file(&out, "src/server.rs");
    assert_has(server, "Ok(::axum::body::Bytes),");
    assert_has(
        server,
        r#"[(::axum::http::header::CONTENT_TYPE, "application/pdf")]"#,
    );
    assert_has(
        server,
        r#"[(::axum::http::header::CONTENT_TYPE, "application/zip")]"#,
    );
    assert_has(
        server,
        r#"[(::axum::http::header::CONTENT_TYPE, "text/plain; charset=utf-8")]"#,
    );
    assert_has(
        server,
        "Default(::axum::http::StatusCode, crate::types::Error),",
    );
}

#[test]
fn names_without_operation_id_and_deprecation() {
    let paths = r#"
  /pets/{petId}:
    get:
      deprecated: true
      parameters:
        - {name: petId, in: path, required: true, schema: {type: string}}
      responses:
        "204": {description: ok}
"#;
    let out = run(&spec(paths, ERROR_SCHEMA));
    let client = file(&out, "src/client.rs");
    assert_has(
        client,
        "#[deprecated] pub async fn get_pets_pet_id(&self, pet_id: &str,)",
    );
    let server = file(&out, "src/server.rs");
    assert_has(
        server,
        "#[deprecated] fn get_pets_pet_id(&self, context: RequestContext, params: GetPetsPetIdParams,)",
    );
    assert_has(file(&out, "src/lib.rs"), "#![allow(deprecated)]");
}

#[test]
fn security_schemes_set_credentials_and_security_none_sends_none() {
    let paths = r#"
  /open:
    get:
      operationId: open
      security: []
      responses:
        "204": {description: ok}
  /closed:
    get:
      operationId: closed
      responses:
        "204": {description: ok}
"#;
    let components = r#"  securitySchemes:
    bearer: {type: http, scheme: bearer}
    basic: {type: http, scheme: basic}
    queryKey: {type: apiKey, in: query, name: api_key}
    headerKey: {type: apiKey, in: header, name: X-Api-Key}
"#;
    let out = run(&spec(paths, components));
    let client = file(&out, "src/client.rs");
    assert_has(
        client,
        "pub fn bearer_token(self, token: impl ::std::convert::Into<::std::string::String>) -> Self",
    );
    assert_has(
        client,
        "pub fn basic_auth(self, user: impl ::std::fmt::Display, password: impl ::std::fmt::Display) -> Self",
    );
    assert_has(
        client,
        "::base64::Engine::encode(&::base64::engine::general_purpose::STANDARD, ::std::format!(\"{user}:{password}\"))",
    );
    assert_has(
        client,
        "pub fn query_key(mut self, value: impl ::std::convert::Into<::std::string::String>) -> Self",
    );
    assert_has(client, r#"self.query.push(("api_key", value.into()));"#);
    assert_has(
        client,
        r#"self.credential_header("X-Api-Key", value, true)"#,
    );
    // `security: []`: headers without credentials, no query key.
    let open = &client[client.find("pub async fn open").expect("open")
        ..client.find("pub async fn closed").expect("closed")];
    assert_has(open, "self.public_headers.clone()");
    assert_lacks(open, ".credentials(");
    let closed = &client[client.find("pub async fn closed").expect("closed")..];
    assert_has(closed, ".headers(self.headers.clone())");
    assert_has(closed, ".credentials(&self.query_credentials)");
    let server = file(&out, "src/server.rs");
    assert_has(
        server,
        "pub query_key: ::std::option::Option<crate::types::SecretString>,",
    );
    assert_has(
        server,
        "RequestContext::from_headers(headers).with_query(uri.query())",
    );
    assert_has(file(&out, "Cargo.toml"), "client = [\"dep:base64\"");
}

#[test]
fn cookies_content_and_deep_object_parameters_are_carried() {
    let paths = r#"
  /cookie:
    get:
      operationId: needsCookie
      parameters:
        - {name: session, in: cookie, required: true, schema: {type: string}}
      responses:
        "204": {description: ok}
  /optional-cookie:
    get:
      operationId: optionalCookie
      parameters:
        - {name: session, in: cookie, schema: {type: string}}
      responses:
        "204": {description: ok}
  /filter:
    get:
      operationId: filter
      parameters:
        - name: filter
          in: query
          required: true
          content:
            application/json:
              schema: {type: object}
      responses:
        "204": {description: ok}
  /deep:
    get:
      operationId: deep
      parameters:
        - {name: where, in: query, required: true, style: deepObject, schema: {type: object, properties: {a: {type: string}}}}
        - {name: near, in: query, schema: {type: object, properties: {a: {type: string}}}}
      responses:
        "204": {description: ok}
"#;
    let out = run(&spec(paths, ERROR_SCHEMA));
    let reason = |name: &str| {
        out.api
            .operations
            .iter()
            .find(|op| op.rust_name == name)
            .and_then(|op| op.unsupported.clone())
    };
    // Cookies, `content` and every style are carried (see `tests/parameters.rs`).
    assert_eq!(reason("needs_cookie"), None);
    assert_eq!(reason("optional_cookie"), None);
    assert_eq!(reason("filter"), None);
    assert_eq!(reason("deep"), None);
    // Nothing is left out, and nothing needs a warning.
    assert!(out.warnings.0.is_empty(), "{:#?}", out.warnings.0);
    let client = file(&out, "src/client.rs");
    assert_has(client, "pub async fn optional_cookie(");
    assert_has(client, "pub async fn needs_cookie(&self, session: &str,)");
    assert_has(
        client,
        "pub async fn deep(&self, where_: &crate::types::DeepWhere,)",
    );
}

#[test]
fn a_path_template_must_match_its_parameters() {
    let paths = r#"
  /a/{x}:
    get:
      operationId: undeclared
      responses:
        "204": {description: ok}
  /b/{x}.json:
    get:
      operationId: partial
      parameters:
        - {name: x, in: path, required: true, schema: {type: string}}
      responses:
        "204": {description: ok}
  /c/{id}:
    get:
      operationId: first
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "204": {description: ok}
  /c/{key}:
    delete:
      operationId: sameShape
      parameters:
        - {name: key, in: path, required: true, schema: {type: string}}
      responses:
        "204": {description: ok}
"#;
    let out = run(&spec(paths, ERROR_SCHEMA));
    let reasons: Vec<String> = out
        .api
        .operations
        .iter()
        .map(|op| op.unsupported.clone().unwrap_or_default())
        .collect();
    // A name no parameter declares is read as a string; a parameter may be part of a segment;
    // templates that differ only in names are one route, each method its own.
    assert_eq!(reasons, ["", "", "", ""]);
    assert_eq!(out.api.operations[0].parameters[0].wire_name, "x");
    let warnings = warnings(&out);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("`{x}`, which no path parameter declares: it is read as a string"),
        "{warnings:?}"
    );
    let server = file(&out, "src/server.rs");
    assert_has(
        server,
        r#".route(&mounted("/c/{p0}"), ::axum::routing::get(first_handler::<A>).delete(same_shape_handler::<A>),)"#,
    );
}

// --- the fixture, compiled and run ------------------------------------------------------------

/// Generates the fixture crate (as `cargo xtask codegen --spec tests/fixtures/operations.yaml
/// --out target/operations-fixture` does), adds the end-to-end test, and runs clippy, rustdoc
/// and the test on it. Takes a minute or two the first time.
#[test]
fn the_operations_fixture_compiles_cleanly_and_works_end_to_end() {
    let fixture = support::E2eFixture {
        source: "tests/fixtures/operations.yaml",
        crate_name: "operations-fixture",
        e2e: include_str!("operations_e2e/e2e.rs"),
        dev_dependencies: &[],
    };
    let out = fixture.generate();
    assert_eq!(warnings(&out).len(), 0, "{:?}", warnings(&out));
    assert!(out.api.operations.iter().all(|op| op.unsupported.is_none()));
    fixture.write_and_test(&out);
}
