//! Synthesis and conformance on small hand-written schemas, one rule at a time.

use serde_json::{Value, json};

use super::Sampler;

/// A sampler of a document whose `components.schemas` are `schemas` (YAML).
fn sampler(schemas: &str) -> Sampler {
    let indented: String = schemas.lines().map(|l| format!("    {l}\n")).collect();
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{indented}"
    );
    let doc = crate::load::load(&text).unwrap_or_else(|e| panic!("{e:?}\n{text}"));
    Sampler::new(&doc)
}

/// The schema `{"$ref": "#/components/schemas/<name>"}`.
fn r(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// The value synthesized for component `name`, which must conform.
fn sample(sampler: &mut Sampler, name: &str) -> Value {
    let value = sampler
        .synthesize(&r(name))
        .unwrap_or_else(|| panic!("no value for {name}"));
    assert!(sampler.conforms(&r(name), &value), "{name}: {value}");
    value
}

#[test]
fn strings_follow_format_pattern_and_length() {
    let mut s = sampler(
        "D: {type: string, format: date}
T: {type: string, format: date-time}
U: {type: string, format: uuid}
E: {type: string, format: email}
P: {type: string, pattern: '^[A-Z]{3}-\\d+$'}
Unanchored: {type: string, pattern: 'ab', minLength: 5}
Long: {type: string, pattern: '^[a-z]+$', minLength: 4, maxLength: 6}
Min: {type: string, minLength: 3}
Ip: {type: string, format: ipv4}",
    );
    assert_eq!(sample(&mut s, "D"), json!("2024-01-01"));
    assert_eq!(sample(&mut s, "T"), json!("2024-01-01T00:00:00Z"));
    assert_eq!(sample(&mut s, "P"), json!("AAA-0"));
    assert_eq!(sample(&mut s, "Unanchored"), json!("abaaa"));
    assert_eq!(sample(&mut s, "Long"), json!("aaaa"));
    assert_eq!(sample(&mut s, "Min"), json!("aaa"));
    for name in ["U", "E", "Ip"] {
        sample(&mut s, name);
    }
    assert!(!s.conforms(&r("D"), &json!("2024-13-45")));
    assert!(!s.conforms(&r("U"), &json!("not-a-uuid")));
    assert!(!s.conforms(&r("E"), &json!("nobody")));
    assert!(!s.conforms(&r("P"), &json!("AB-1")));
}

#[test]
fn numbers_follow_bounds_and_multiples() {
    let mut s = sampler(
        "Plain: {type: integer}
Above: {type: integer, minimum: 5}
Exclusive: {type: integer, minimum: 5, exclusiveMinimum: true}
Below: {type: number, maximum: -2.5}
Multiple: {type: integer, minimum: 7, multipleOf: 5}
Between: {type: number, minimum: 0.5, maximum: 0.75, exclusiveMinimum: true}",
    );
    assert_eq!(sample(&mut s, "Plain"), json!(0));
    assert_eq!(sample(&mut s, "Above"), json!(5));
    assert_eq!(sample(&mut s, "Exclusive"), json!(6));
    assert_eq!(sample(&mut s, "Below"), json!(-2.5));
    assert_eq!(sample(&mut s, "Multiple"), json!(10));
    assert_eq!(sample(&mut s, "Between"), json!(0.625));
    assert!(!s.conforms(&r("Exclusive"), &json!(5)));
}

#[test]
fn enums_take_their_first_value_and_nullable_prefers_a_value() {
    let mut s = sampler(
        "Color: {type: string, enum: [red, green]}
Maybe: {type: string, enum: [a], nullable: true}
MaybeObject: {type: object, nullable: true, required: [x], properties: {x: {type: boolean}}}",
    );
    assert_eq!(sample(&mut s, "Color"), json!("red"));
    assert_eq!(sample(&mut s, "Maybe"), json!("a"));
    assert_eq!(sample(&mut s, "MaybeObject"), json!({"x": false}));
    assert!(s.conforms(&r("Maybe"), &Value::Null));
    assert!(!s.conforms(&r("Color"), &Value::Null));
    assert!(!s.conforms(&r("Color"), &json!("blue")));
}

#[test]
fn objects_get_their_required_properties() {
    let mut s = sampler(
        "Pet:
  type: object
  required: [id, name]
  properties:
    id: {type: integer, format: int64}
    name: {type: string, minLength: 1}
    tag: {type: string}
Closed:
  type: object
  additionalProperties: false
  minProperties: 1
  properties: {a: {type: string}}
Dependent:
  type: object
  required: [card]
  properties: {card: {type: string}, billing: {type: string}}
  x-codegen-dependent-required: {card: [billing]}
Map:
  type: object
  minProperties: 2
  additionalProperties: {type: integer, minimum: 1}",
    );
    assert_eq!(sample(&mut s, "Pet"), json!({"id": 0, "name": "a"}));
    assert_eq!(sample(&mut s, "Closed"), json!({"a": ""}));
    assert_eq!(
        sample(&mut s, "Dependent"),
        json!({"card": "", "billing": ""})
    );
    assert_eq!(
        sample(&mut s, "Map"),
        json!({"property1": 1, "property2": 1})
    );
    assert!(!s.conforms(&r("Dependent"), &json!({"card": ""})));
    assert!(!s.conforms(&r("Closed"), &json!({"b": ""})));
}

#[test]
fn arrays_get_the_fewest_items_distinct_when_unique() {
    let mut s = sampler(
        "Empty: {type: array, items: {type: string}}
Unique: {type: array, minItems: 3, uniqueItems: true, items: {type: string, enum: [x, y, z]}}
UniqueNumbers: {type: array, minItems: 2, uniqueItems: true, items: {type: integer, minimum: 3}}
Impossible: {type: array, minItems: 3, uniqueItems: true, items: {type: boolean}}
Tuple: {type: array, x-codegen-prefix-items: [{type: string}, {type: integer}], maxItems: 2}",
    );
    assert_eq!(sample(&mut s, "Empty"), json!([]));
    assert_eq!(sample(&mut s, "Unique"), json!(["x", "y", "z"]));
    assert_eq!(sample(&mut s, "UniqueNumbers"), json!([3, 4]));
    assert_eq!(s.synthesize(&r("Impossible")), None);
    assert_eq!(sample(&mut s, "Tuple"), json!(["", 0]));
    assert!(!s.conforms(&r("Tuple"), &json!([0, ""])));
}

#[test]
fn all_of_merges_its_parts() {
    let mut s = sampler(
        "Base: {type: object, required: [id], properties: {id: {type: string, format: uuid}}}
Named:
  allOf:
    - $ref: '#/components/schemas/Base'
    - type: object
      required: [name]
      properties: {name: {type: string, pattern: '^n'}}
Bounded: {allOf: [{type: integer, minimum: 3}, {maximum: 10, multipleOf: 4}]}",
    );
    assert_eq!(
        sample(&mut s, "Named"),
        json!({"id": "00000000-0000-4000-8000-000000000001", "name": "n"})
    );
    assert_eq!(sample(&mut s, "Bounded"), json!(4));
}

#[test]
fn one_of_keeps_the_first_candidate_that_one_alternative_alone_matches() {
    let mut s = sampler(
        "Overlap:
  oneOf:
    - {type: string}
    - {type: string, maxLength: 0}
NumberOrInteger:
  oneOf:
    - {type: number}
    - {type: integer}
Optional:
  oneOf:
    - {type: object, properties: {a: {type: string}}}
    - {type: object, required: [b], properties: {b: {type: integer}}}
AnyOf:
  anyOf:
    - {type: string, enum: [only]}
    - {type: integer}
Distinct:
  oneOf:
    - {type: object, properties: {a: {type: string}}, additionalProperties: false}
    - {type: object, properties: {b: {type: string}, c: {type: integer}}}
Both:
  oneOf:
    - {type: boolean}
    - {type: boolean}",
    );
    // "" matches both alternatives, "a" only the first.
    assert_eq!(sample(&mut s, "Overlap"), json!("a"));
    // Every integer is a number: only a number with a fraction matches exactly one.
    assert_eq!(sample(&mut s, "NumberOrInteger"), json!(0.5));
    assert_eq!(sample(&mut s, "Optional"), json!({}));
    assert_eq!(sample(&mut s, "AnyOf"), json!("only"));
    // `{}` matches both; the first alternative's optional `a` tells it from the second (which
    // allows it), the second's `b` from the first.
    assert_eq!(sample(&mut s, "Distinct"), json!({"b": ""}));
    assert_eq!(s.synthesize(&r("Both")), None);
}

#[test]
fn a_discriminator_tags_the_alternative_with_its_name() {
    let mut s = sampler(
        "Cat:
  type: object
  required: [kind, lives]
  properties: {kind: {type: string}, lives: {type: integer, minimum: 1}}
Dog:
  type: object
  required: [kind, good]
  properties: {kind: {type: string}, good: {type: boolean}}
CatFirst:
  oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
  discriminator: {propertyName: kind}
DogFirst:
  oneOf: [{$ref: '#/components/schemas/Dog'}, {$ref: '#/components/schemas/Cat'}]
  discriminator: {propertyName: kind, mapping: {doggo: '#/components/schemas/Dog'}}",
    );
    assert_eq!(
        sample(&mut s, "CatFirst"),
        json!({"kind": "Cat", "lives": 1})
    );
    assert_eq!(
        sample(&mut s, "DogFirst"),
        json!({"kind": "doggo", "good": false})
    );
}

#[test]
fn cycles_end_by_leaving_optional_properties_out() {
    let mut s = sampler(
        "Node:
  type: object
  required: [value, children]
  properties:
    value: {type: integer}
    next: {$ref: '#/components/schemas/Node'}
    children: {type: array, items: {$ref: '#/components/schemas/Node'}}
Loop:
  type: object
  required: [again]
  properties: {again: {$ref: '#/components/schemas/Loop'}}
Tree:
  oneOf: [{$ref: '#/components/schemas/Branch'}, {type: string}]
Branch:
  type: object
  required: [left]
  properties: {left: {$ref: '#/components/schemas/Tree'}}",
    );
    assert_eq!(sample(&mut s, "Node"), json!({"value": 0, "children": []}));
    assert_eq!(s.synthesize(&r("Loop")), None);
    assert_eq!(sample(&mut s, "Tree"), json!(""));
    assert_eq!(sample(&mut s, "Branch"), json!({"left": ""}));
    assert!(s.conforms(&r("Tree"), &json!({"left": {"left": "x"}})));
    assert!(!s.conforms(&r("Tree"), &json!({"left": {"left": 1}})));
}

#[test]
fn not_and_answers_with_examples() {
    let mut s = sampler(
        "NotEmpty: {type: string, not: {enum: ['']}}
Code: {type: string, pattern: '^[a-z]{2}$'}",
    );
    assert_eq!(sample(&mut s, "NotEmpty"), json!("a"));
    let examples = [json!("toolong"), json!("ok")];
    assert_eq!(s.answer(&r("Code"), &examples), Some(json!("ok")));
    assert_eq!(s.answer(&r("Code"), &examples[..1]), Some(json!("aa")));
}

#[test]
fn properties_without_a_type_hold_objects_only_as_the_struct_does() {
    let mut s = sampler(
        "Form: {properties: {id: {type: string}}}
View: {oneOf: [{type: object, required: [id], properties: {id: {type: string}}}, {$ref: '#/components/schemas/Form'}]}",
    );
    // JSON Schema lets any value that is not an object meet `properties`; the struct does not.
    assert!(!s.conforms(&r("Form"), &json!([{"id": "a"}])));
    assert!(!s.conforms(&r("Form"), &json!(null)));
    assert!(s.conforms(&r("Form"), &json!({"id": "a"})));
    // An answer the generated union cannot read is passed over for one it can.
    let examples = [json!([{"id": "a"}, {"id": "b"}]), json!({"x": 1})];
    assert_eq!(s.answer(&r("View"), &examples), Some(json!({"x": 1})));
}

#[test]
fn inline_schemas_refer_into_the_document() {
    let mut s = sampler("Id: {type: string, format: uuid}");
    let inline = json!({
        "type": "object",
        "required": ["ids"],
        "properties": {"ids": {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/Id"}}}
    });
    assert_eq!(
        s.synthesize(&inline),
        Some(json!({"ids": ["00000000-0000-4000-8000-000000000001"]}))
    );
    assert!(!s.conforms(&inline, &json!({"ids": ["x"]})));
}

#[test]
fn bad_input_gives_no_value_and_no_panic() {
    let mut s = sampler(
        "Broken: {type: string, pattern: '(unclosed'}
Lookbehind: {type: string, pattern: '(?<=a)b'}
Dangling: {type: object, required: [a], properties: {a: {$ref: '#/components/schemas/Nowhere'}}}",
    );
    assert_eq!(s.synthesize(&r("Broken")), None);
    assert!(!s.conforms(&r("Broken"), &json!("x")));
    assert_eq!(s.synthesize(&r("Lookbehind")), None);
    assert_eq!(s.synthesize(&r("Dangling")), None);
    assert_eq!(s.synthesize(&json!({"$ref": "other.yaml#/X"})), None);
    assert_eq!(s.synthesize(&json!("not a schema")), Some(json!({})));
}

#[test]
fn one_of_alternatives_held_together_are_told_apart_deep_inside() {
    // A minimal value of either alternative is both: only an optional property's enum, one
    // level down, tells them apart.
    let mut s = sampler(
        "ViewResponse:
  oneOf:
    - {type: object, properties: {view: {type: object, properties: {type: {type: string, enum: [list]}}}}}
    - {type: object, properties: {view: {type: object, properties: {type: {type: string, enum: [form]}}}}}
Cell: {type: object, properties: {id: {type: string}}}
NamedCell:
  allOf:
    - $ref: '#/components/schemas/Cell'
    - {type: object, properties: {name: {type: string}}}
Board:
  type: object
  required: [name]
  properties:
    name: {type: string}
    cells: {type: array, items: {$ref: '#/components/schemas/Cell'}}
NamedBoard:
  type: object
  required: [name]
  properties:
    name: {type: string}
    cells: {type: array, items: {$ref: '#/components/schemas/NamedCell'}}
BoardResponse:
  oneOf:
    - $ref: '#/components/schemas/Board'
    - $ref: '#/components/schemas/NamedBoard'",
    );
    assert_eq!(
        sample(&mut s, "ViewResponse"),
        json!({"view": {"type": "list"}})
    );
    // Every named board is a board: a board is one only with a cell whose `name` a named
    // cell refuses, which a `Cell` (no `name`, no further properties) would not keep. The
    // generator warns instead.
    assert_eq!(s.synthesize(&r("BoardResponse")), None);
    let mut s = sampler(
        "Cell: {type: object, properties: {id: {type: string}}, additionalProperties: {type: integer}}
NamedCell:
  allOf:
    - $ref: '#/components/schemas/Cell'
    - {type: object, properties: {name: {type: integer, minimum: 5}}}
Cells:
  oneOf:
    - $ref: '#/components/schemas/Cell'
    - $ref: '#/components/schemas/NamedCell'",
    );
    let cell = sample(&mut s, "Cells");
    assert!(!s.conforms(&r("NamedCell"), &cell), "{cell}");
}
