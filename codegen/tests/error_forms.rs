//! Refusals in the operation's own documented error responses: how each error response is
//! lowered into an `ErrorForm` (small inline specs), snapshots of the fixture
//! `tests/fixtures/operations/error_forms.yaml`, and that fixture generated into a crate under
//! `target/`, linted with clippy and rustdoc, and run end to end (`error_forms_e2e/e2e.rs`).

mod support;

use codegen::model::{ErrorFill, ErrorFillValue, ErrorForm, ErrorFormBody, ResponseStatus};
use codegen::{Generated, Options, generate};
use serde_json::json;

const FIXTURE: &str = "tests/fixtures/operations/error_forms.yaml";

fn run(responses: &str, components: &str) -> Generated {
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {{description: ok}}\n{responses}\ncomponents:\n{components}"
    );
    generate(&text, &Options::new("t", "t.yaml"))
        .unwrap_or_else(|d| panic!("{}", d.render("t.yaml")))
}

fn forms(out: &Generated) -> &[ErrorForm] {
    &out.api.operations[0].error_forms
}

fn fill(pointer: &str, value: ErrorFillValue) -> ErrorFill {
    ErrorFill {
        pointer: pointer.to_owned(),
        value,
    }
}

#[test]
fn only_the_responses_a_refusal_may_take_are_kept_in_spec_order() {
    let out = run(
        "        '404': {description: gone}\n        '422': {description: invalid}\n        '4XX': {description: client}\n        '500': {description: server}\n        default: {description: other}\n",
        "  schemas: {}\n",
    );
    let statuses: Vec<ResponseStatus> = forms(&out).iter().map(|f| f.status).collect();
    assert_eq!(
        statuses,
        [
            ResponseStatus::Code(422),
            ResponseStatus::Range(4),
            ResponseStatus::Default
        ]
    );
    assert!(forms(&out).iter().all(|f| f.body == ErrorFormBody::Empty));
}

#[test]
fn a_sample_is_built_from_the_required_properties_and_the_message_goes_in_plain_strings() {
    let out = run(
        "        '400':\n          description: bad\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/E'}\n",
        "  schemas:\n    E:\n      type: object\n      required: [code, message, error, at, tags]\n      properties:\n        code: {type: string, enum: [BAD, WORSE]}\n        message: {type: string, minLength: 3}\n        error:\n          type: object\n          required: [detail]\n          properties:\n            detail: {type: string}\n            requestId: {type: string}\n        at: {type: string, format: date-time}\n        tags: {type: array, minItems: 1, items: {type: integer, minimum: 5, example: '7'}}\n        title: {type: string, maxLength: 10}\n        status: {type: integer}\n",
    );
    let [form] = forms(&out) else {
        panic!("{:?}", forms(&out))
    };
    let ErrorFormBody::Json {
        media_type,
        sample,
        fills,
    } = &form.body
    else {
        panic!("{form:?}")
    };
    assert_eq!(media_type, "application/json");
    assert_eq!(
        *sample,
        json!({"code": "BAD", "message": "aaa", "error": {"detail": ""}, "at": "2024-01-01T00:00:00Z", "tags": [5]})
    );
    // The example `'7'` is not an integer: not taken. `title` has a maxLength, `code` an
    // enum: the message does not go there.
    let mut fills = fills.clone();
    fills.sort_by(|a, b| a.pointer.cmp(&b.pointer));
    assert_eq!(
        fills,
        [
            fill("/error/detail", ErrorFillValue::Message),
            fill("/error/requestId", ErrorFillValue::RequestId),
            fill("/message", ErrorFillValue::Message),
            fill("/status", ErrorFillValue::Status),
        ]
    );
}

#[test]
fn the_first_json_content_and_its_example_are_taken_and_ranges_are_not_sent() {
    let out = run(
        "        '4XX':\n          description: bad\n          content:\n            text/plain: {schema: {type: string}}\n            application/*+json:\n              schema: {type: object, properties: {msg: {type: string}}}\n              examples:\n                first: {value: {msg: one}}\n                second: {value: {msg: two}}\n        default:\n          description: other\n          content:\n            text/*: {schema: {type: string}}\n",
        "  schemas: {}\n",
    );
    let [json, text] = forms(&out) else {
        panic!("{:?}", forms(&out))
    };
    assert_eq!(
        json.body,
        ErrorFormBody::Json {
            media_type: "application/json".to_owned(),
            sample: json!({"msg": "one"}),
            fills: vec![fill("/msg", ErrorFillValue::Message)],
        }
    );
    assert_eq!(
        text.body,
        ErrorFormBody::Text {
            media_type: "text/plain".to_owned()
        }
    );
}

#[test]
fn with_x_codegen_rejections_the_handlers_keep_the_template() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nx-codegen-rejections:\n  schema: '#/components/schemas/E'\n  body: {message: '{message}'}\npaths:\n  /a:\n    get:\n      parameters: [{name: n, in: query, required: true, schema: {type: integer}}]\n      responses:\n        '200': {description: ok}\n        '400':\n          description: bad\n          content:\n            application/json: {schema: {$ref: '#/components/schemas/E'}}\ncomponents:\n  schemas:\n    E: {type: object, required: [message], properties: {message: {type: string}}}\n";
    let out = generate(text, &Options::new("t", "t.yaml"))
        .unwrap_or_else(|d| panic!("{}", d.render("t.yaml")));
    assert_eq!(out.api.operations[0].error_forms.len(), 1);
    let server = out.file("src/server.rs").expect("server");
    assert!(server.contains("rejection.into_response(&request_id(&headers))"));
    assert!(!server.contains("into_documented_response"));
    assert!(!server.contains("A_ERRORS") && !server.contains("GET_A_ERRORS"));
}

fn fixture() -> support::E2eFixture<'static> {
    support::E2eFixture {
        source: FIXTURE,
        crate_name: "error-forms-fixture",
        e2e: include_str!("error_forms_e2e/e2e.rs"),
        dev_dependencies: &[],
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
        if file.path == "Cargo.toml" {
            continue;
        }
        insta::assert_snapshot!(file.path.replace(['/', '.'], "_"), file.contents);
    }
}

/// The fixture's crate passes clippy and rustdoc without a warning, and its end-to-end test
/// passes: every refusal comes in the operation's documented error response.
#[test]
fn fixture_crate_compiles_and_refuses_in_each_documented_form() {
    let fixture = fixture();
    let out = fixture.generate();
    fixture.write_and_test(&out);
}
