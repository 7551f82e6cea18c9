//! OpenAPI 3.0 schemas to the JSON Schema (Draft 4) the validator reads.
//!
//! | OpenAPI 3.0 | Draft 4 |
//! |---|---|
//! | `nullable: true` | `anyOf: [the schema, {type: null}]`, marked with [`NULLABLE`] |
//! | `$ref: '#/…'` (siblings ignored) | `$ref: '<DOCUMENT>#/…'`, the fragment percent-encoded |
//! | `x-codegen-prefix-items: [A, B]`, `items: C` | `items: [A, B]`, `additionalItems: C` |
//! | `x-codegen-dependent-required: {a: [b]}` | `dependencies: {a: [b]}` |
//! | `properties` or an `additionalProperties` schema without `type` | `type: object` added: the generated type is a struct or a map |
//! | `required: []`, `enum: []`, annotations, other `x-*` | removed |
//!
//! `discriminator` is kept (the validator ignores it; synthesis reads it).

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde_json::{Map, Value, json};

/// The URI the converted document is registered under; every `$ref` is made absolute on it.
pub(super) const DOCUMENT: &str = "https://codegen.invalid/document.json";

/// Marks the `anyOf` a `nullable: true` schema was converted to: its first part is the schema,
/// its second `{type: null}`.
pub(super) const NULLABLE: &str = "x-sampler-nullable";

/// Characters a `$ref`'s fragment cannot hold as they are.
const FRAGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'|')
    .add(b'\\')
    .add(b'^')
    .add(b'[')
    .add(b']')
    .add(b'#');

/// Keys of a schema that only annotate it, removed so that converted schemas are small (they
/// key the validator cache).
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "example",
    "examples",
    "default",
    "readOnly",
    "writeOnly",
    "xml",
    "externalDocs",
    "deprecated",
];

/// How deep conversion goes before it gives up on a branch (documents are trees here, but
/// malformed input must not exhaust the stack).
const MAX_DEPTH: usize = 256;

/// Converts a whole document: every schema in it (under `components.schemas` and at every
/// `schema` member of the other objects) is converted; the rest is kept as it is, so that every
/// pointer into the document still names the same place.
pub(super) fn convert_document(doc: &Value) -> Value {
    convert_container(doc, 0)
}

/// Walks a part of the document that is not a schema.
fn convert_container(node: &Value, depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return Value::Null;
    }
    match node {
        Value::Object(map) => {
            let mut out = Map::new();
            for (key, value) in map {
                let converted = match key.as_str() {
                    "schema" => convert_schema_at(value, depth + 1),
                    "schemas" => match value {
                        Value::Object(schemas) => Value::Object(
                            schemas
                                .iter()
                                .map(|(k, v)| (k.clone(), convert_schema_at(v, depth + 2)))
                                .collect(),
                        ),
                        other => other.clone(),
                    },
                    // User data: nothing in it is a schema.
                    "example" | "examples" => continue,
                    _ => convert_container(value, depth + 1),
                };
                out.insert(key.clone(), converted);
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|v| convert_container(v, depth + 1))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Converts one schema (a schema object or a `$ref`), as serde_json of
/// `openapiv3::ReferenceOr<Schema>`.
pub(super) fn convert_schema(schema: &Value) -> Value {
    convert_schema_at(schema, 0)
}

fn convert_schema_at(schema: &Value, depth: usize) -> Value {
    let Value::Object(map) = schema else {
        // Not a schema object: the empty schema (OpenAPI 3.0 has no boolean schemas).
        return json!({});
    };
    if depth > MAX_DEPTH {
        return json!({});
    }
    if let Some(reference) = map.get("$ref") {
        return match reference.as_str() {
            Some(r) => json!({ "$ref": absolute_ref(r) }),
            None => json!({}),
        };
    }
    let sub = |v: &Value| convert_schema_at(v, depth + 1);
    let mut out = Map::new();
    let mut nullable = false;
    for (key, value) in map {
        match key.as_str() {
            "nullable" => nullable = value.as_bool() == Some(true),
            "properties" => {
                if let Value::Object(props) = value {
                    let props = props.iter().map(|(k, v)| (k.clone(), sub(v))).collect();
                    out.insert(key.clone(), Value::Object(props));
                }
            }
            "items" | "not" => {
                out.insert(key.clone(), sub(value));
            }
            "additionalProperties" => {
                let converted = match value {
                    Value::Bool(b) => Value::Bool(*b),
                    other => sub(other),
                };
                out.insert(key.clone(), converted);
            }
            "allOf" | "oneOf" | "anyOf" => {
                if let Value::Array(parts) = value {
                    if !parts.is_empty() {
                        out.insert(key.clone(), parts.iter().map(sub).collect());
                    }
                }
            }
            "required" => {
                if value.as_array().is_some_and(|r| !r.is_empty()) {
                    out.insert(key.clone(), value.clone());
                }
            }
            "enum" => {
                if value.as_array().is_some_and(|e| !e.is_empty()) {
                    out.insert(key.clone(), value.clone());
                }
            }
            "x-codegen-prefix-items" => {
                if let Value::Array(parts) = value {
                    out.insert("x-prefix".into(), parts.iter().map(sub).collect());
                }
            }
            "x-codegen-dependent-required" => {
                out.insert("dependencies".into(), value.clone());
            }
            k if ANNOTATIONS.contains(&k) || k.starts_with("x-") => {}
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    // Lowering reads properties, or a schema of the other properties, without a type as a
    // struct or a map, which hold objects only.
    let object_like = out
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty())
        || out
            .get("additionalProperties")
            .is_some_and(Value::is_object);
    if !out.contains_key("type") && object_like {
        out.insert("type".into(), "object".into());
    }
    // Draft 4 tuples: `items` a list, what follows the prefix under `additionalItems`.
    if let Some(prefix) = out.remove("x-prefix") {
        if let Some(rest) = out.remove("items") {
            out.insert("additionalItems".into(), rest);
        }
        out.insert("items".into(), prefix);
    }
    let converted = Value::Object(out);
    if nullable {
        json!({ "anyOf": [converted, { "type": "null" }], NULLABLE: true })
    } else {
        converted
    }
}

/// A `$ref` of the document made absolute on [`DOCUMENT`]; one to another document is kept
/// (the validator is offline, so it fails to resolve and nothing conforms to it).
fn absolute_ref(reference: &str) -> String {
    match reference.strip_prefix('#') {
        Some(fragment) => {
            // A fragment may already be percent-encoded; `%` is kept as it is.
            format!("{DOCUMENT}#{}", utf8_percent_encode(fragment, FRAGMENT))
        }
        None => reference.to_owned(),
    }
}

/// The JSON pointer a converted `$ref` names in the document, decoded; None for a reference
/// to another document.
pub(super) fn ref_pointer(reference: &str) -> Option<String> {
    let fragment = reference.strip_prefix(DOCUMENT)?.strip_prefix('#')?;
    percent_encoding::percent_decode_str(fragment)
        .decode_utf8()
        .ok()
        .map(|s| s.into_owned())
}
