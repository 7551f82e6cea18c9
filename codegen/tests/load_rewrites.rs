//! What loading rewrites before lowering (references to any place, OpenAPI 3.1 forms, numbers
//! beyond Rust's integers), and that everything the user sees afterwards still names the place
//! they wrote: diagnostics (with their lines) and the model's pointers.

use codegen::load::{self, Loaded};
use codegen::{Diagnostic, Options, generate};
use openapiv3::{ReferenceOr, Schema, SchemaKind};

fn spec(paths: &str, schemas: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:{paths}\ncomponents:\n  schemas:\n{schemas}"
    )
}

fn loaded(text: &str) -> Loaded {
    load::load_document(text).unwrap_or_else(|d| panic!("{}", d.render("t.yaml")))
}

fn schema<'a>(loaded: &'a Loaded, key: &str) -> &'a ReferenceOr<Schema> {
    let components = loaded.document.components.as_ref().expect("components");
    components
        .schemas
        .get(key)
        .unwrap_or_else(|| panic!("no schema {key}: {:?}", components.schemas.keys()))
}

/// The 1-based line of `text` on which `needle` first occurs.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("`{needle}` is not in the text"))
        + 1
}

const PETS_PATH: &str = r"
  /pets:
    get:
      operationId: listPets
      responses:
        '200':
          description: pets
          content:
            application/json:
              schema:
                type: object
                properties:
                  data:
                    type: object
                    properties:
                      name: {type: string}
                      size: {type: integer, default: large}
";

#[test]
fn a_hoisted_schema_is_named_by_where_it_is_written() {
    let text = spec(
        PETS_PATH,
        "    Page:\n      type: object\n      properties:\n        data:\n          $ref: '#/paths/~1pets/get/responses/200/content/application~1json/schema/properties/data'\n",
    );
    let out = generate(&text, &Options::new("t", "t.yaml")).expect("generates");
    let original =
        "/paths/~1pets/get/responses/200/content/application~1json/schema/properties/data";
    let hoisted = out
        .api
        .types
        .iter()
        .find(|t| t.name == "ListPetsResponses200ApplicationJsonData")
        .unwrap_or_else(|| {
            panic!(
                "{:?}",
                out.api.types.iter().map(|t| &t.name).collect::<Vec<_>>()
            )
        });
    assert_eq!(
        hoisted.pointer, original,
        "the model's pointer is the original"
    );
    // Lowering's warning about the hoisted schema's default names the original place and line.
    let warning: &Diagnostic = out
        .warnings
        .0
        .iter()
        .find(|d| d.message.contains("default"))
        .unwrap_or_else(|| panic!("{}", out.warnings.render("t.yaml")));
    assert_eq!(
        warning.pointer,
        format!("{original}/properties/size/default")
    );
    assert_eq!(
        warning.position.map(|p| p.0),
        Some(line_of(&text, "size: {type: integer, default: large}"))
    );
}

#[test]
fn a_load_error_inside_a_hoisted_schema_names_where_it_is_written() {
    let text = spec(
        &PETS_PATH.replace(
            "                    type: object\n                    properties:\n                      name",
            "                    type: object\n                    required: yes\n                    properties:\n                      name",
        ),
        "    Page:\n      type: object\n      properties:\n        data:\n          $ref: '#/paths/~1pets/get/responses/200/content/application~1json/schema/properties/data'\n",
    );
    let errors = generate(&text, &Options::new("t", "t.yaml")).expect_err("required is a list");
    let e = &errors.0[0];
    assert_eq!(
        e.pointer,
        "/paths/~1pets/get/responses/200/content/application~1json/schema/properties/data/required"
    );
    assert_eq!(
        e.position.map(|p| p.0),
        Some(line_of(&text, "required: yes"))
    );
}

#[test]
fn the_source_map_gives_the_original_of_every_moved_node() {
    let text = spec(
        " {}",
        "    A:\n      type: object\n      properties:\n        b:\n          type: object\n          properties:\n            c: {type: object, properties: {d: {type: string}}}\n    Refs:\n      type: object\n      properties:\n        b: {$ref: '#/components/schemas/A/properties/b'}\n        c: {$ref: '#/components/schemas/A/properties/b/properties/c'}\n",
    );
    let loaded = loaded(&text);
    let map = &loaded.source_map;
    assert_eq!(
        map.original("/components/schemas/A_b"),
        "/components/schemas/A/properties/b"
    );
    assert_eq!(
        map.original("/components/schemas/A_b_c/properties/d"),
        "/components/schemas/A/properties/b/properties/c/properties/d"
    );
    assert_eq!(
        map.original("/components/schemas/Refs"),
        "/components/schemas/Refs"
    );
    // Nested targets: the outer one holds a `$ref` to the inner one, in place of it.
    let ReferenceOr::Item(outer) = schema(&loaded, "A_b") else {
        panic!("A_b is a schema");
    };
    let SchemaKind::Type(openapiv3::Type::Object(o)) = &outer.schema_kind else {
        panic!("an object");
    };
    assert_eq!(
        o.properties.get("c"),
        Some(&ReferenceOr::ref_("#/components/schemas/A_b_c"))
    );
}

#[test]
fn percent_encoded_fragments_are_decoded_and_literal_percent_signs_still_found() {
    let text = spec(
        " {}",
        "    Foo Bar: {type: string}\n    a%20b: {type: integer}\n    User:\n      type: object\n      properties:\n        foo: {$ref: '#/components/schemas/Foo%20Bar'}\n        ab: {$ref: '#/components/schemas/a%20b'}\n",
    );
    let loaded = loaded(&text);
    let ReferenceOr::Item(user) = schema(&loaded, "User") else {
        panic!("User is a schema");
    };
    let SchemaKind::Type(openapiv3::Type::Object(o)) = &user.schema_kind else {
        panic!("an object");
    };
    assert_eq!(
        o.properties.get("foo"),
        Some(&ReferenceOr::ref_("#/components/schemas/Foo Bar"))
    );
    assert_eq!(
        o.properties.get("ab"),
        Some(&ReferenceOr::ref_("#/components/schemas/a%20b"))
    );
}

#[test]
fn references_among_definitions_outside_the_components_are_followed() {
    // A 3.0 document with schemas kept where 3.0 does not put them, referring to each other.
    let text = format!(
        "{}x-definitions:\n  Owner:\n    type: object\n    properties:\n      pet: {{$ref: '#/x-definitions/Pet'}}\n  Pet:\n    type: object\n    properties:\n      owner: {{$ref: '#/x-definitions/Owner'}}\n      name: {{type: string}}\n",
        spec(
            " {}",
            "    Shop:\n      type: object\n      properties:\n        owner: {$ref: '#/x-definitions/Owner'}\n"
        )
    );
    let out = generate(&text, &Options::new("t", "t.yaml"))
        .unwrap_or_else(|d| panic!("{}", d.render("t.yaml")));
    let types = out.file("src/types.rs").expect("types");
    assert!(types.contains("pub struct XDefinitionsOwner {"), "{types}");
    assert!(types.contains("pub struct XDefinitionsPet {"), "{types}");
    let pet = out
        .api
        .types
        .iter()
        .find(|t| t.name == "XDefinitionsPet")
        .expect("Pet");
    assert_eq!(pet.pointer, "/x-definitions/Pet");
}

#[test]
fn discriminator_mappings_may_point_anywhere_in_the_document() {
    let text = spec(
        " {}",
        "    Dog: {type: object, properties: {kind: {type: string}}}\n    Cat: {type: object, properties: {kind: {type: string}}}\n    Pet:\n      oneOf:\n        - $ref: '#/components/schemas/Dog'\n        - $ref: '#/components/schemas/Cat'\n      discriminator:\n        propertyName: kind\n        mapping:\n          dog: '#/components/schemas/Pet/oneOf/0'\n          cat: Cat\n",
    );
    let loaded = loaded(&text);
    let ReferenceOr::Item(pet) = schema(&loaded, "Pet") else {
        panic!("Pet is a schema");
    };
    let mapping = &pet
        .schema_data
        .discriminator
        .as_ref()
        .expect("discriminator")
        .mapping;
    assert_eq!(
        mapping["dog"], "#/components/schemas/Dog",
        "through the bare $ref"
    );
    assert_eq!(mapping["cat"], "Cat", "a schema name is left as written");
}

#[test]
fn a_dangling_reference_the_generator_does_not_read_is_a_warning() {
    let paths = r"
  /pets:
    get:
      responses:
        '200':
          description: pets
          headers:
            X-Rate: {$ref: '#/paths/~1pets/get/responses/200/headers/X-Limit'}
          content:
            application/json:
              schema: {type: string}
              examples:
                one: {$ref: '#/paths/~1pets/get/responses/404/content/application~1json/examples/one'}
";
    let text = spec(paths, "    Unused: {type: string}\n");
    let loaded = loaded(&text);
    let messages: Vec<(&str, &str)> = loaded
        .warnings
        .iter()
        .map(|d| (d.pointer.as_str(), d.message.as_str()))
        .collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert_eq!(
        messages[0].0,
        "/paths/~1pets/get/responses/200/headers/X-Rate"
    );
    assert!(
        messages[0].1.contains("has no `X-Limit`") && messages[0].1.ends_with("so it is ignored"),
        "{messages:?}"
    );
    assert!(messages[1].1.contains("has no `404`"), "{messages:?}");
}

#[test]
fn later_forms_and_numbers_are_warnings_with_lines() {
    let text = spec(
        " {}",
        "    Reading:\n      type: object\n      properties:\n        count: {type: integer, exclusiveMinimum: 0, minimum: 1e300}\n        label: {type: [string, 'null']}\n",
    );
    let out = generate(&text, &Options::new("t", "t.yaml"))
        .unwrap_or_else(|d| panic!("{}", d.render("t.yaml")));
    let rendered = out.warnings.render("t.yaml");
    let count = line_of(&text, "count:");
    let label = line_of(&text, "label:");
    // The inclusive bound is the stricter one, then found beyond every i64.
    assert!(
        rendered.contains(&format!("warning: t.yaml:{count}:"))
            && rendered.contains("`minimum: 1e+300` is stricter"),
        "{rendered}"
    );
    assert!(
        rendered.contains("beyond every 64-bit integer"),
        "{rendered}"
    );
    assert!(
        rendered.contains(&format!("warning: t.yaml:{label}:"))
            && rendered.contains("`type: string, nullable: true`"),
        "{rendered}"
    );
    let types = out.file("src/types.rs").expect("types");
    assert!(
        types.contains("pub label: ::std::option::Option<::std::string::String>"),
        "{types}"
    );
}

#[test]
fn the_error_schema_of_the_rejections_extension_may_be_a_deep_ref() {
    let text = format!(
        "{}x-codegen-rejections:\n  schema: '#/components/schemas/Wrapper/properties/error'\n  body: {{code: '{{code}}', message: '{{message}}'}}\n",
        spec(
            " {}",
            "    Wrapper:\n      type: object\n      properties:\n        error:\n          type: object\n          required: [code, message]\n          properties:\n            code: {type: string}\n            message: {type: string}\n",
        )
    );
    let loaded = loaded(&text);
    let extension = &loaded.document.extensions["x-codegen-rejections"];
    assert_eq!(extension["schema"], "#/components/schemas/Wrapper_error");
    let out = generate(&text, &Options::new("t", "t.yaml"))
        .unwrap_or_else(|d| panic!("{}", d.render("t.yaml")));
    let rejections = out.api.rejections.expect("the envelope");
    assert_eq!(rejections.type_name, "WrapperError");
}
