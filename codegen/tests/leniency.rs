//! What real specs bend, accepted with the obvious meaning and a located warning, never an
//! error and never a dropped operation: `not`, `allOf` parts that cannot all hold, properties
//! restated with another type, `required` names that are not properties (in every form), a
//! security requirement naming an undefined scheme, and names that meet the server's fixed
//! helpers.

use codegen::{Diagnostic, Generated, Options, generate};

fn generate_ok(spec: &str) -> Generated {
    generate(spec, &Options::new("t", "t.yaml"))
        .unwrap_or_else(|d| panic!("{}", d.render("t.yaml")))
}

/// A spec with `components` (schemas indented under it) and no paths.
fn with_schemas(schemas: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
    )
}

/// The warning at `pointer`, or a failure listing every warning.
fn warning_at<'a>(out: &'a Generated, pointer: &str) -> &'a Diagnostic {
    out.warnings
        .0
        .iter()
        .find(|w| w.pointer == pointer)
        .unwrap_or_else(|| {
            panic!(
                "no warning at {pointer}:\n{}",
                out.warnings.render("t.yaml")
            )
        })
}

fn types(out: &Generated) -> &str {
    out.file("src/types.rs").expect("types.rs")
}

#[test]
fn an_all_of_part_that_is_not_an_object_is_ignored_with_a_warning() {
    let out = generate_ok(&with_schemas(
        "    Name:\n      type: string\n    Pet:\n      allOf:\n        - type: object\n          properties:\n            id: { type: integer }\n        - $ref: '#/components/schemas/Name'\n",
    ));
    let w = warning_at(&out, "/components/schemas/Pet/allOf/1");
    assert!(w.message.contains("not an object"), "{w}");
    assert!(types(&out).contains("pub struct Pet {"), "{}", types(&out));
    assert!(types(&out).contains("pub id: ::std::option::Option<i64>"));
}

#[test]
fn all_of_parts_of_different_kinds_are_any_json_value() {
    let out = generate_ok(&with_schemas(
        "    Odd:\n      allOf:\n        - type: string\n        - type: integer\n",
    ));
    let w = warning_at(&out, "/components/schemas/Odd");
    assert!(w.message.contains("different kinds"), "{w}");
    assert!(
        types(&out).contains("pub type Odd = ::serde_json::Value;"),
        "{}",
        types(&out)
    );
}

#[test]
fn not_is_ignored_with_a_warning() {
    let out = generate_ok(&with_schemas(
        "    Pet:\n      type: object\n      properties:\n        name:\n          not:\n            type: integer\n        nick:\n          type: string\n          not: {enum: [x]}\n",
    ));
    for at in [
        "/components/schemas/Pet/properties/name/not",
        "/components/schemas/Pet/properties/nick/not",
    ] {
        assert!(warning_at(&out, at).message.contains("`not`"));
    }
    let t = types(&out);
    assert!(
        t.contains("pub name: ::std::option::Option<::serde_json::Value>"),
        "{t}"
    );
    assert!(
        t.contains("pub nick: ::std::option::Option<::std::string::String>"),
        "{t}"
    );
}

#[test]
fn a_property_restated_with_another_type_takes_the_later_one() {
    let out = generate_ok(&with_schemas(
        "    Base:\n      type: object\n      properties:\n        id: { type: string }\n    Pet:\n      allOf:\n        - $ref: '#/components/schemas/Base'\n        - type: object\n          properties:\n            id: { type: integer }\n",
    ));
    let w = warning_at(&out, "/components/schemas/Pet/allOf/1/properties/id");
    assert!(w.message.contains("declared again as number"), "{w}");
    let t = types(&out);
    let pet = &t[t.find("pub struct Pet").expect("Pet")..];
    assert!(pet.contains("pub id: ::std::option::Option<i64>"), "{pet}");
}

#[test]
fn required_names_that_are_not_properties_are_warnings_in_every_form() {
    let out = generate_ok(&with_schemas(concat!(
        "    Plain:\n      type: object\n      required: [ghost]\n      properties:\n        a: {type: string}\n",
        "    Merged:\n      allOf:\n        - $ref: '#/components/schemas/Plain'\n        - type: object\n          required: [phantom]\n          properties:\n            b: {type: string}\n",
        "    Union:\n      oneOf:\n        - type: object\n          required: [spirit]\n          properties:\n            c: {type: string}\n        - type: string\n",
        "    Beside:\n      type: object\n      properties:\n        d: {type: string}\n      anyOf:\n        - required: [d]\n        - required: [wraith]\n",
    )));
    for (at, name) in [
        ("/components/schemas/Plain", "ghost"),
        ("/components/schemas/Merged", "ghost"),
        ("/components/schemas/Merged", "phantom"),
        ("/components/schemas/Union/oneOf/0", "spirit"),
    ] {
        assert!(
            out.warnings
                .0
                .iter()
                .any(|w| w.pointer == at && w.message.contains(&format!("`{name}`"))),
            "no warning for `{name}` at {at}:\n{}",
            out.warnings.render("t.yaml")
        );
    }
    // An alternative may require a property the struct does not declare: the server checks
    // that it is present in the JSON.
    let surface = out.file("api-surface.txt").expect("surface");
    assert!(
        surface.contains("Beside requires at least one of: [d] | [wraith]"),
        "{surface}"
    );
}

const UNDEFINED_SCHEME: &str = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
security:
  - apiKey: []
paths:
  /pets:
    get:
      operationId: listPets
      security:
        - bearer: []
          session: []
      responses:
        "204": {description: none}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
"#;

#[test]
fn a_security_requirement_naming_an_undefined_scheme_is_ignored_with_a_warning() {
    let out = generate_ok(UNDEFINED_SCHEME);
    assert!(
        warning_at(&out, "/security/0/apiKey")
            .message
            .contains("`apiKey`")
    );
    assert!(
        warning_at(&out, "/paths/~1pets/get/security/0/session")
            .message
            .contains("not in components/securitySchemes")
    );
    let client = out.file("src/client.rs").expect("client");
    assert!(client.contains("pub async fn list_pets("), "{client}");
    assert!(client.contains("pub fn bearer_token("), "{client}");
    let surface = out.file("api-surface.txt").expect("surface");
    assert!(!surface.contains("not in client or server"), "{surface}");
}

const HELPER_NAMES: &str = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /ranges/{path}:
    post:
      operationId: putRange
      parameters:
        - {name: path, in: path, required: true, schema: {type: string, pattern: '^(?!api/).*'}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: array
              items: {$ref: '#/components/schemas/Range'}
      responses:
        "204": {description: stored}
components:
  schemas:
    Range:
      type: object
      required: [low]
      properties:
        low: {type: integer, minimum: 0}
        items: {$ref: '#/components/schemas/Items'}
    Items:
      type: object
      properties:
        count: {type: integer, maximum: 3}
        length: {type: string, maxLength: 2}
"#;

#[test]
fn check_functions_cannot_meet_the_fixed_helpers() {
    let out = generate_ok(HELPER_NAMES);
    let server = out.file("src/server.rs").expect("server");
    // The helpers once, at the module's top level; the types' checks in their own module.
    assert_eq!(server.matches("fn check_range(").count(), 2, "{server}");
    assert_eq!(server.matches("\nfn check_range(").count(), 1, "{server}");
    assert_eq!(server.matches("\nfn check_items(").count(), 1, "{server}");
    assert!(server.contains("mod body_checks {"), "{server}");
    // An array body is checked item by item through a closure; the parameter's pattern cannot
    // be checked, so it gets no check (and no closure with unused arguments).
    assert!(
        server.contains("body_checks::check_range(item, &item_path, report)"),
        "{server}"
    );
    assert!(!server.contains("check_parameter("), "{server}");
    let w = warning_at(&out, "/paths/~1ranges~1{path}/post/parameters/0/schema");
    assert!(w.message.contains("not checked"), "{w}");
}

#[test]
fn a_blank_description_gives_the_generic_doc_line() {
    let out = generate_ok(&with_schemas(
        "    Pet:\n      type: object\n      description: ''\n      properties:\n        kind:\n          type: string\n          description: ' '\n          enum: [cat]\n",
    ));
    let t = types(&out);
    assert!(t.contains("/// The `Pet` schema."), "{t}");
    assert!(t.contains("/// The `kind` property."), "{t}");
    assert!(t.contains("/// The `PetKind` schema."), "{t}");
}

const SCHEMES: &str = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
security: [{oauth: []}, {oidc: []}, {session: []}, {digest: []}]
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "204": {description: none}
components:
  securitySchemes:
    oauth:
      type: oauth2
      flows: {clientCredentials: {tokenUrl: 'https://example.com/token', scopes: {}}}
    oidc: {type: openIdConnect, openIdConnectUrl: 'https://example.com/.well-known/openid-configuration'}
    session: {type: apiKey, in: cookie, name: sid}
    digest: {type: http, scheme: digest}
"#;

#[test]
fn oauth2_and_openid_connect_send_a_bearer_token_and_unsent_schemes_are_warned_about() {
    let out = generate_ok(SCHEMES);
    let client = out.file("src/client.rs").expect("client");
    // The access token of OAuth2 and OpenID Connect goes in `Authorization: Bearer`.
    assert!(client.contains("pub fn bearer_token("), "{client}");
    assert!(
        warning_at(&out, "/components/securitySchemes/session")
            .message
            .contains("cookie `sid`")
    );
    assert!(
        warning_at(&out, "/components/securitySchemes/digest")
            .message
            .contains("`http digest`")
    );
    assert!(
        out.warnings
            .0
            .iter()
            .all(|w| !w.pointer.contains("oauth") && !w.pointer.contains("oidc")),
        "{}",
        out.warnings.render("t.yaml")
    );
}
