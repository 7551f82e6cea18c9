//! Boolean schemas and `$ref`s with sibling keywords, as OpenAPI 3.1 reads them, in the 3.0
//! forms with the same meaning:
//!
//! | written | read as |
//! |---|---|
//! | `true` (a schema) | `{}`: any value |
//! | `false` (a schema) | `{not: {}}`: no value (lowering warns that `not` is not checked) |
//! | `{$ref: R, description: d, default: v, ...}` | `{allOf: [{$ref: R}], description: d, default: v, ...}`: the referenced type, reused, with the siblings applied |
//!
//! `additionalProperties` and `unevaluatedProperties` keep their boolean (3.0 reads it), and
//! `items` is read in [`super::keywords`], where `false` bounds the array. In a Reference Object
//! of another kind (a parameter, a response), 3.1 allows `summary` and `description` beside
//! `$ref`, overriding the referenced object's: documentation only, which `openapiv3` reads past.
//! Members whose name starts with `x-` or `$` (`$comment`) carry no meaning beside a `$ref`,
//! which stays as written then.

use serde_yaml::{Mapping, Value};

use crate::load::normalize::structure::{Kind, Slot};
use crate::load::{SourceMap, key_token};
use crate::pointer;

/// Rewrites every boolean schema and schema `$ref` with siblings in `doc`.
pub(super) fn read_references(doc: &mut Value, map: &mut SourceMap) {
    walk(
        doc,
        Slot::ROOT,
        "",
        &mut String::new(),
        map,
        Reading::OpenApi31,
    );
}

/// Rewrites every schema `$ref` with `nullable: true` beside it in an OpenAPI 3.0 document into
/// `{allOf: [{$ref}], nullable: true}`. OpenAPI 3.0 says the siblings of a `$ref` are ignored,
/// yet specs write `nullable` there to mean a nullable reference, and validators (schemathesis,
/// for one) read it so: a server that refused `null` there would refuse what they send as valid.
pub(in crate::load) fn read_nullable_references(doc: &mut Value, map: &mut SourceMap) {
    walk(
        doc,
        Slot::ROOT,
        "",
        &mut String::new(),
        map,
        Reading::NullableOnly,
    );
}

/// Which `$ref` siblings are read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// All of them, and boolean schemas (OpenAPI 3.1).
    OpenApi31,
    /// Only `nullable: true` (OpenAPI 3.0).
    NullableOnly,
}

/// Schema keywords whose boolean value is read where the keyword is.
const BOOLEAN_KEYWORDS: &[&str] = &["additionalProperties", "unevaluatedProperties", "items"];

fn walk(
    value: &mut Value,
    slot: Slot,
    key: &str,
    at: &mut String,
    map: &mut SourceMap,
    reading: Reading,
) {
    if slot == Slot::Object(Kind::Schema) {
        match (reading, &mut *value) {
            (Reading::NullableOnly, Value::Mapping(schema))
                if schema.get("nullable").and_then(Value::as_bool) == Some(true) =>
            {
                wrap_reference(schema, at, map);
            }
            (Reading::OpenApi31, Value::Bool(b)) => {
                if !BOOLEAN_KEYWORDS.contains(&key) {
                    *value = boolean_schema(*b);
                }
                return;
            }
            (Reading::OpenApi31, Value::Mapping(schema)) => wrap_reference(schema, at, map),
            _ => {}
        }
    }
    match (slot, value) {
        (Slot::Object(_) | Slot::Map(_), Value::Mapping(members)) => {
            for (k, v) in members.iter_mut() {
                let Some(token) = key_token(k) else { continue };
                let child = slot.child(&token);
                if child == Slot::Other {
                    continue;
                }
                let len = at.len();
                at.push('/');
                at.push_str(&pointer::escape(&token));
                walk(v, child, &token, at, map, reading);
                at.truncate(len);
            }
        }
        (Slot::List(_), Value::Sequence(items)) => {
            for (i, v) in items.iter_mut().enumerate() {
                let len = at.len();
                at.push('/');
                at.push_str(&i.to_string());
                walk(v, slot.child(""), "", at, map, reading);
                at.truncate(len);
            }
        }
        _ => {}
    }
}

/// The 3.0 schema a boolean schema means.
fn boolean_schema(allows_everything: bool) -> Value {
    let mut schema = Mapping::new();
    if !allows_everything {
        schema.insert("not".into(), Value::Mapping(Mapping::new()));
    }
    Value::Mapping(schema)
}

/// Whether a member beside a `$ref` says something about the value (a description, a default,
/// a constraint, `nullable`), rather than nothing (`x-` extensions, `$comment`).
fn carries_meaning(key: &Value) -> bool {
    key.as_str()
        .is_some_and(|k| k != "$ref" && !k.starts_with("x-") && !k.starts_with('$'))
}

/// `{$ref, siblings}` into `{allOf: [{$ref}], siblings}`, recording that the reference moved.
fn wrap_reference(schema: &mut Mapping, at: &str, map: &mut SourceMap) {
    if !schema.contains_key("$ref") || !schema.keys().any(carries_meaning) {
        return;
    }
    let Some(reference) = schema.remove("$ref") else {
        return;
    };
    let mut part = Mapping::new();
    part.insert("$ref".into(), reference);
    // A part of the schema already there (`allOf` beside `$ref`) keeps its place after it.
    let mut parts = vec![Value::Mapping(part)];
    let had_parts = match schema.remove("allOf") {
        Some(Value::Sequence(existing)) => {
            let count = existing.len();
            parts.extend(existing);
            count
        }
        Some(other) => {
            schema.insert("allOf".into(), other);
            schema.insert("$ref".into(), parts.remove(0));
            return;
        }
        None => 0,
    };
    for i in (0..had_parts).rev() {
        map.record(&format!("{at}/allOf/{i}"), &format!("{at}/allOf/{}", i + 1));
    }
    schema.insert("allOf".into(), Value::Sequence(parts));
    map.record(at, &format!("{at}/allOf/0"));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(doc: &str) -> (Value, SourceMap) {
        let mut doc: Value = serde_yaml::from_str(doc).expect("YAML");
        let mut map = SourceMap::default();
        read_references(&mut doc, &mut map);
        (doc, map)
    }

    fn yaml(text: &str) -> Value {
        serde_yaml::from_str(text).expect("YAML")
    }

    #[test]
    fn reads_boolean_schemas_where_a_schema_can_be() {
        let (doc, _) = read(
            "components: {schemas: {A: true, B: {properties: {x: false, y: true}, additionalProperties: false, allOf: [true]}}}",
        );
        assert_eq!(
            doc,
            yaml(
                "components: {schemas: {A: {}, B: {properties: {x: {not: {}}, y: {}}, additionalProperties: false, allOf: [{}]}}}"
            )
        );
        let (doc, _) = read("components: {examples: {A: {value: true}}}");
        assert_eq!(
            doc,
            yaml("components: {examples: {A: {value: true}}}"),
            "data is not a schema"
        );
    }

    #[test]
    fn keeps_the_meaning_beside_a_reference() {
        let (doc, map) = read(
            "components: {schemas: {A: {properties: {b: {$ref: '#/components/schemas/B', description: d, nullable: true}, c: {$ref: '#/components/schemas/B', x-note: n}}}}}",
        );
        assert_eq!(
            doc,
            yaml(
                "components: {schemas: {A: {properties: {b: {description: d, nullable: true, allOf: [{$ref: '#/components/schemas/B'}]}, c: {$ref: '#/components/schemas/B', x-note: n}}}}}"
            )
        );
        assert_eq!(
            map.original("/components/schemas/A/properties/b/allOf/0/$ref"),
            "/components/schemas/A/properties/b/$ref"
        );
        let (doc, _) = read(
            "components: {parameters: {P: {$ref: '#/components/parameters/Q', description: d}}}",
        );
        assert_eq!(
            doc,
            yaml(
                "components: {parameters: {P: {$ref: '#/components/parameters/Q', description: d}}}"
            ),
            "other Reference Objects stay: their summary and description only document"
        );
    }
}
