//! `oneOf`/`anyOf` where real specs write them: the names of inline union types, unions shared
//! through `allOf`, and alternatives that only name required properties, on small specs read
//! through the API surface.

use codegen::{Generated, Options, generate};

fn generate_ok(spec: &str) -> Generated {
    generate(spec, &Options::new("t", "t.yaml"))
        .unwrap_or_else(|d| panic!("{}", d.render("t.yaml")))
}

fn surface(out: &Generated) -> &str {
    out.file("api-surface.txt").expect("api-surface.txt")
}

fn assert_lines(out: &Generated, lines: &[&str]) {
    let surface = surface(out);
    for line in lines {
        assert!(
            surface.lines().any(|l| l == *line),
            "missing `{line}` in:\n{surface}"
        );
    }
}

const PLACES: &str = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /things:
    post:
      operationId: addThing
      requestBody:
        required: true
        content:
          application/json:
            schema:
              oneOf:
                - {type: string}
                - {type: integer}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                anyOf:
                  - {type: boolean}
                  - {type: array, items: {type: string}}
components:
  schemas:
    Holder:
      type: object
      properties:
        one:
          oneOf: [{type: string}, {type: number}]
        many:
          type: array
          items:
            anyOf: [{type: string}, {type: boolean}]
        named:
          type: object
          additionalProperties:
            oneOf: [{type: integer}, {type: boolean}]
"#;

#[test]
fn inline_union_types_are_named_after_where_they_stand() {
    let out = generate_ok(PLACES);
    assert_lines(
        &out,
        &[
            "add_thing request body application/json: AddThingRequest, required",
            "add_thing response 200 application/json: AddThingResponse",
            "AddThingRequest::Integer(i64)",
            "AddThingResponse::StringList(Vec<String>)",
            "Holder.one: Option<HolderOne> = \"one\", optional",
            "Holder.many: Option<Vec<HolderManyItem>> = \"many\", optional",
            "Holder.named: Option<BTreeMap<String, HolderNamedValueItem>> = \"named\", optional",
        ],
    );
    assert!(
        out.warnings.0.is_empty(),
        "{}",
        out.warnings.render("t.yaml")
    );
}

const SHARED: &str = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    X:
      type: object
      required: [x]
      properties:
        x: {type: string}
    Y:
      type: object
      required: [y]
      properties:
        y: {type: string}
    Extended:
      allOf:
        - $ref: '#/components/schemas/Base'
        - type: object
          properties:
            extra: {type: string}
    Base:
      type: object
      properties:
        common: {type: string}
      oneOf:
        - $ref: '#/components/schemas/X'
        - $ref: '#/components/schemas/Y'
    Ids:
      anyOf:
        - required: [a]
        - required: [b]
    Thing:
      allOf:
        - type: object
          properties:
            a: {type: string}
            b: {type: string}
        - $ref: '#/components/schemas/Ids'
"#;

#[test]
fn alternatives_included_by_several_structs_are_one_type_named_after_their_schema() {
    let out = generate_ok(SHARED);
    assert_lines(
        &out,
        &[
            "Extended.common: Option<String> = \"common\", optional",
            "Extended.extra: Option<String> = \"extra\", optional",
            "Extended.one_of: BaseOneOf, flattened",
            "Base.one_of: BaseOneOf, flattened",
            "BaseOneOf::X(X)",
        ],
    );
    assert!(!surface(&out).contains("BaseOneOf2"), "{}", surface(&out));
    assert!(
        !surface(&out).contains("ExtendedOneOf"),
        "{}",
        surface(&out)
    );
}

#[test]
fn a_component_of_required_only_alternatives_included_by_all_of_is_a_presence_rule() {
    let out = generate_ok(SHARED);
    assert_lines(
        &out,
        &[
            "struct Thing: ignores unknown fields",
            "Thing requires at least one of: [a] | [b]",
        ],
    );
    assert!(!surface(&out).contains("Thing.ids"), "{}", surface(&out));
}

#[test]
fn lowering_the_same_spec_twice_gives_the_same_files() {
    let a = generate_ok(SHARED);
    let b = generate_ok(SHARED);
    assert_eq!(a.files, b.files);
}

const NULL_ALTERNATIVES: &str = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    A:
      type: object
      properties:
        a: {type: string}
    B:
      type: object
      properties:
        b: {type: string}
    Maybe:
      type: object
      required: [name, pick, only]
      properties:
        name:
          anyOf: [{type: string}, {type: 'null'}]
        pick:
          oneOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}, {type: 'null'}]
        only:
          oneOf: [{$ref: '#/components/schemas/A'}]
"#;

#[test]
fn a_null_alternative_makes_the_union_nullable_and_a_union_of_one_stays_a_union() {
    let out = generate_ok(NULL_ALTERNATIVES);
    assert_lines(
        &out,
        &[
            "Maybe.name: Option<String> = \"name\", required nullable",
            "Maybe.pick: Option<MaybePick> = \"pick\", required nullable",
            "Maybe.only: MaybeOnly = \"only\", required",
            "MaybeOnly::A(A)",
            "MaybePick::A(A)",
            "MaybePick::B(B)",
        ],
    );
    assert!(!surface(&out).contains("MaybeName"), "{}", surface(&out));
    // `{type: 'null'}` is the 3.1 spelling: each is warned about in a 3.0 document, nothing else.
    let warnings = out.warnings.render("t.yaml");
    assert_eq!(out.warnings.0.len(), 2, "{warnings}");
    assert!(
        out.warnings
            .0
            .iter()
            .all(|w| w.message.contains("type: \"null\"")),
        "{warnings}"
    );
}
