//! The type-mapping rules this version implements, checked on small specs.

use codegen::{Options, generate};

fn types_rs(components: &str) -> (String, Vec<String>) {
    let spec = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{components}"
    );
    let out = generate(&spec, &Options::new("t", "t.yaml"))
        .unwrap_or_else(|d| panic!("{}", d.render("t.yaml")));
    let warnings = out.warnings.0.iter().map(|d| d.message.clone()).collect();
    (
        out.file("src/types.rs").expect("types.rs").to_owned(),
        warnings,
    )
}

#[test]
fn recursion_through_an_optional_field_is_boxed() {
    let (types, _) = types_rs(
        "    Node:\n      type: object\n      properties:\n        next:\n          $ref: '#/components/schemas/Node'\n        children:\n          type: array\n          items:\n            $ref: '#/components/schemas/Node'\n",
    );
    assert!(
        types.contains("pub next: ::std::option::Option<::std::boxed::Box<Node>>"),
        "{types}"
    );
    // A Vec is on the heap already.
    assert!(types.contains("::std::vec::Vec<Node>"), "{types}");
}

#[test]
fn all_of_parts_are_merged_in_order_with_required_united() {
    let (types, _) = types_rs(
        "    Base:\n      type: object\n      required: [id]\n      properties:\n        id: {type: string}\n    Pet:\n      allOf:\n        - $ref: '#/components/schemas/Base'\n        - type: object\n          required: [name]\n          properties:\n            name: {type: string}\n            age: {type: integer, format: int32}\n",
    );
    let pet = &types[types.find("pub struct Pet").expect("Pet")..];
    let id = pet
        .find("pub id: ::std::string::String")
        .expect("id required");
    let name = pet
        .find("pub name: ::std::string::String")
        .expect("name required");
    let age = pet
        .find("pub age: ::std::option::Option<i32>")
        .expect("age optional");
    assert!(id < name && name < age, "{pet}");
}

#[test]
fn a_single_ref_all_of_with_nullable_is_the_referenced_type() {
    let (types, _) = types_rs(
        "    Owner:\n      type: object\n      properties:\n        name: {type: string}\n    Pet:\n      type: object\n      required: [owner]\n      properties:\n        owner:\n          nullable: true\n          description: who owns it\n          allOf:\n            - $ref: '#/components/schemas/Owner'\n",
    );
    assert!(
        types.contains("pub owner: ::std::option::Option<Owner>"),
        "{types}"
    );
    assert!(
        types.contains("deserialize_with = \"deserialize_nullable\""),
        "{types}"
    );
}

#[test]
fn names_come_from_keys_not_titles_and_collisions_are_reported() {
    let (types, warnings) = types_rs(
        "    pet_kind:\n      title: Shared\n      type: string\n      enum: [cat, dog]\n    PetKind:\n      title: Shared\n      type: string\n      enum: [unknown, other]\n",
    );
    assert!(types.contains("pub enum PetKind {"), "{types}");
    assert!(types.contains("pub enum PetKind2 {"), "{types}");
    assert!(
        warnings.iter().any(|w| w.contains("PetKind2")),
        "{warnings:?}"
    );
    // A spec value `unknown` keeps its name; the catch-all moves aside.
    assert!(
        types.contains("UnknownValue(::std::string::String)"),
        "{types}"
    );
}

#[test]
fn maps_json_values_and_formats() {
    let (types, _) = types_rs(
        "    Bag:\n      type: object\n      required: [counts, anything, when, day, id]\n      properties:\n        counts:\n          type: object\n          additionalProperties: {type: integer}\n        anything: {}\n        when: {type: string, format: date-time}\n        day: {type: string, format: date}\n        id: {type: string, format: uuid}\n        ratio: {type: number, format: float}\n        closed:\n          type: object\n          additionalProperties: false\n          properties:\n            a: {type: boolean}\n",
    );
    for expected in [
        "pub counts: ::std::collections::BTreeMap<::std::string::String, i64>",
        "pub anything: ::serde_json::Value",
        "pub when: ::chrono::DateTime<::chrono::FixedOffset>",
        "pub day: ::chrono::NaiveDate",
        "pub id: ::uuid::Uuid",
        "::std::option::Option<f32>",
        "#[serde(deny_unknown_fields)]",
        "pub struct BagClosed",
    ] {
        assert!(types.contains(expected), "missing {expected}:\n{types}");
    }
}

#[test]
fn descriptions_become_safe_doc_comments() {
    let (types, _) = types_rs(
        "    Pet:\n      description: |\n        A pet. See https://example.com/pets and [the docs](https://example.com).\n        Example:\n        ```\n        {\"name\": 1}\n        ```\n      type: object\n      properties:\n        name: {type: string}\n",
    );
    assert!(
        types.contains(
            "/// A pet. See <https://example.com/pets> and [the docs](https://example.com)."
        ),
        "{types}"
    );
    assert!(types.contains("/// ```text"), "{types}");
}

/// A spec with no Plaid in it: a GET without a body, a 204, bearer auth, no rejection template.
const PETS: &str = r#"
openapi: 3.0.3
info: {title: Pets, version: "1"}
servers: [{url: "https://pets.example/api/v1"}]
components:
  securitySchemes:
    token: {type: http, scheme: bearer}
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string}
    Problem:
      type: object
      properties:
        detail: {type: string}
security: [{token: []}]
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "200":
          description: the pets
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}
        default:
          description: a problem
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Problem'}
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
      responses:
        "204": {description: created}
  /pets/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "200": {description: one pet}
"#;

#[test]
fn client_and_server_follow_any_spec() {
    let out = generate(PETS, &Options::new("pets", "pets.yaml"))
        .unwrap_or_else(|d| panic!("{}", d.render("pets.yaml")));
    let client = out.file("src/client.rs").expect("client.rs");
    let server = out.file("src/server.rs").expect("server.rs");
    // GET without a body; the error type comes from `default`.
    assert!(client.contains("pub async fn list_pets(\n        &self,\n    ) -> ::std::result::Result<\n        ::std::vec::Vec<crate::types::Pet>,\n        Error<crate::types::Problem>,\n    >"), "{client}");
    // No operationId: a name from method and path; 204 has no body; no error schema: JSON.
    assert!(client.contains("pub async fn post_pets("), "{client}");
    assert!(
        client.contains("::std::result::Result<(), Error<::serde_json::Value>>"),
        "{client}"
    );
    assert!(client.contains("pub fn bearer_token("), "{client}");
    assert!(
        server.contains("pub const BASE_PATH: &str = \"/api/v1\";"),
        "{server}"
    );
    assert!(server.contains("NoContent,"), "{server}");
    // Without x-codegen-rejections the server answers RFC 9457 problem details.
    assert!(server.contains("application/problem+json"), "{server}");
    // An operation with a path parameter is served too.
    assert!(client.contains("pub async fn get_pets_id("), "{client}");
    assert!(
        !out.warnings
            .0
            .iter()
            .any(|w| w.message.contains("not supported yet")),
        "{:?}",
        out.warnings
    );
}

#[test]
fn one_of_with_and_without_discriminator() {
    let (types, _) = types_rs(
        "    Cat:\n      type: object\n      required: [kind, lives]\n      properties:\n        kind: {type: string}\n        lives: {type: integer}\n    Dog:\n      type: object\n      required: [kind]\n      properties:\n        kind: {type: string}\n    Pet:\n      oneOf:\n        - $ref: '#/components/schemas/Dog'\n        - $ref: '#/components/schemas/Cat'\n      discriminator:\n        propertyName: kind\n        mapping:\n          cat: '#/components/schemas/Cat'\n    Loose:\n      anyOf:\n        - type: string\n        - $ref: '#/components/schemas/Dog'\n        - $ref: '#/components/schemas/Cat'\n        - type: integer\n",
    );
    let pet = &types[types.find("pub enum Pet").expect("Pet")..];
    // Tagged: `Dog` by its component name, `Cat` by the mapping; unknown tags are kept.
    assert!(pet.contains("/// Tagged `Dog`.\n    Dog(Dog),"), "{pet}");
    assert!(pet.contains("/// Tagged `cat`.\n    Cat(Cat),"), "{pet}");
    assert!(pet.contains("Unknown(::serde_json::Value)"), "{pet}");
    assert!(
        squashed(&types).contains(&squashed(
            "Some(\"cat\") => { ::serde_json::from_value(value).map(Self::Cat)"
        )),
        "{types}"
    );
    // Untagged: the object with more required properties first, integers before strings.
    let loose = &types[types.find("pub enum Loose").expect("Loose")..];
    let order: Vec<usize> = [
        "Cat(Cat)",
        "Dog(Dog)",
        "Integer(i64)",
        "String(::std::string::String)",
    ]
    .iter()
    .map(|v| loose.find(v).unwrap_or_else(|| panic!("{v} in {loose}")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{loose}");
}

#[test]
fn defaults_fill_optional_fields_and_constraints_are_kept() {
    let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/Pet'}\n      responses:\n        '204': {description: ok}\ncomponents:\n  schemas:\n    Kind:\n      type: string\n      enum: [cat, dog]\n    Pet:\n      type: object\n      properties:\n        name: {type: string, default: Rex, minLength: 2, maxLength: 5, pattern: '^[A-Z]'}\n        age: {type: integer, format: int32, default: 3, minimum: 0, maximum: 30}\n        kind:\n          allOf: [{$ref: '#/components/schemas/Kind'}]\n          default: dog\n        tags: {type: array, items: {type: string}, maxItems: 3}\n        bad: {type: integer, default: nope}\n";
    let out = codegen::generate(spec, &codegen::Options::new("t", "t.yaml"))
        .unwrap_or_else(|d| panic!("{}", d.render("t.yaml")));
    let types = out.file("src/types.rs").expect("types");
    assert!(
        types.contains(
            "#[serde(default = \"default_pet_name\")]\n    pub name: ::std::string::String,"
        ),
        "{types}"
    );
    assert!(
        squashed(types).contains(&squashed("fn default_pet_age() -> i32 { 3 }")),
        "{types}"
    );
    assert!(types.contains("Kind::Dog"), "{types}");
    assert!(
        types.contains("pub bad: ::std::option::Option<i64>"),
        "{types}"
    );
    assert!(
        out.warnings
            .0
            .iter()
            .any(|w| w.pointer.ends_with("/bad/default")),
        "{:?}",
        out.warnings
    );
    let server = out.file("src/server.rs").expect("server");
    for call in [
        "check_length(child, &path, ::std::option::Option::Some(2usize), ::std::option::Option::Some(5usize), report)",
        "check_pattern(child, &path, &PATTERN, \"^[A-Z]\", report)",
        "check_range(child, &path, ::std::option::Option::Some((0f64, false)), ::std::option::Option::Some((30f64, false)), report)",
        "check_items(child, &path, ::std::option::Option::None, ::std::option::Option::Some(3usize), report)",
    ] {
        assert!(
            squashed(server).contains(&squashed(call)),
            "missing {call}:\n{server}"
        );
    }
}

/// The text without whitespace (and trailing commas), to compare code regardless of how it
/// was wrapped.
fn squashed(text: &str) -> String {
    text.split_whitespace()
        .collect::<String>()
        .replace(",)", ")")
}

#[test]
fn a_required_name_that_is_not_a_property_is_a_required_value_of_any_type() {
    let (types, warnings) = types_rs(
        "    Pet:\n      type: object\n      required: [name, tag]\n      properties:\n        name: {type: string}\n    Closed:\n      type: object\n      additionalProperties: false\n      required: [name, tag]\n      properties:\n        name: {type: string}\n",
    );
    let pet = &types[types.find("pub struct Pet").expect("Pet")..];
    let pet = &pet[..pet.find("\n}").expect("end of Pet")];
    assert!(pet.contains("pub tag: ::serde_json::Value"), "{pet}");
    // No value of a closed object can have it: it stays out, with a warning.
    let closed = &types[types.find("pub struct Closed").expect("Closed")..];
    assert!(!closed.contains("pub tag"), "{closed}");
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("`tag`") && w.contains("any JSON value")),
        "{warnings:?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("`tag`") && w.contains("no value has it")),
        "{warnings:?}"
    );
}

#[test]
fn an_object_that_forbids_every_property_is_an_empty_struct() {
    let (types, _) = types_rs(
        "    Nothing:\n      type: object\n      additionalProperties: false\n    Anything:\n      type: object\n",
    );
    let nothing = &types[types.find("pub struct Nothing").expect("Nothing struct")..];
    assert!(nothing.starts_with("pub struct Nothing {}"), "{types}");
    let before = &types[..types.find("pub struct Nothing").expect("Nothing struct")];
    assert!(before.contains("deny_unknown_fields"), "{types}");
    assert!(
        types.contains("pub type Anything = ::std::collections::BTreeMap<"),
        "{types}"
    );
}

#[test]
fn a_required_read_only_or_write_only_property_is_optional_in_the_shared_type() {
    let (types, _) = types_rs(
        "    Account:\n      type: object\n      required: [id, name, password]\n      properties:\n        id: {type: string, readOnly: true}\n        name: {type: string}\n        password: {type: string, writeOnly: true}\n",
    );
    let account = &types[types.find("pub struct Account").expect("Account")..];
    assert!(
        account.contains("pub id: ::std::option::Option<::std::string::String>"),
        "{account}"
    );
    assert!(
        account.contains("pub name: ::std::string::String"),
        "{account}"
    );
    assert!(
        account.contains("pub password: ::std::option::Option<"),
        "{account}"
    );
}

#[test]
fn additional_properties_without_a_type_are_a_map() {
    let (types, _) = types_rs(
        "    Secrets:\n      additionalProperties: {type: string}\n    Anything:\n      additionalProperties: true\n",
    );
    let flat: String = types.split_whitespace().collect();
    assert!(
        flat.contains("pubtypeSecrets=::std::collections::BTreeMap<::std::string::String,::std::string::String,>;"),
        "{types}"
    );
    // `true` says nothing of the value: it stays any JSON value.
    assert!(
        types.contains("pub type Anything = ::serde_json::Value;"),
        "{types}"
    );
}

#[test]
fn a_restated_property_keeps_the_narrower_enum_in_either_order() {
    // `allOf` holds both declarations: an enum inside the other's (or beside a plain string)
    // is the property's type, whether it comes first or last.
    let (types, _) = types_rs(concat!(
        "    Kind:\n      type: string\n      enum: [numeric, boolean, categorical]\n",
        "    Output:\n      type: object\n      properties:\n        kind: {$ref: '#/components/schemas/Kind'}\n        label: {type: string}\n",
        "    NumericFirst:\n      allOf:\n        - properties:\n            kind: {type: string, enum: [numeric]}\n            label: {type: string, enum: [x]}\n        - $ref: '#/components/schemas/Output'\n",
        "    NumericLast:\n      allOf:\n        - $ref: '#/components/schemas/Output'\n        - properties:\n            kind: {type: string, enum: [numeric]}\n",
        "    Widened:\n      allOf:\n        - properties:\n            kind: {type: string, enum: [numeric]}\n        - properties:\n            kind: {type: string, enum: [numeric, boolean]}\n",
    ));
    for name in ["NumericFirst", "NumericLast", "Widened"] {
        let start = types
            .find(&format!("pub struct {name} "))
            .unwrap_or_else(|| panic!("{name} in {types}"));
        let body = &types[start..start + types[start..].find("\n}").expect("end")];
        assert!(
            body.contains(&format!("pub kind: ::std::option::Option<{name}Kind>")),
            "{body}"
        );
        if name == "NumericFirst" {
            assert!(
                body.contains(&format!("pub label: ::std::option::Option<{name}Label>")),
                "{body}"
            );
        }
    }
    let numeric_first = &types[types.find("pub enum NumericFirstKind").expect("enum")..];
    let variants = &numeric_first[..numeric_first.find("\n}").expect("end")];
    assert!(variants.contains("Numeric"), "{variants}");
    assert!(!variants.contains("Boolean"), "{variants}");
}
