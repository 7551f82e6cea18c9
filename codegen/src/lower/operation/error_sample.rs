//! The fallback sample of an error response's body, where the validated sampler
//! (`lower/samples/`) finds no value that conforms to the schema.

use serde_json::{Map, Value, json};

/// How deep the built value nests before it stops at `null`.
const MAX_DEPTH: usize = 8;

/// A JSON value for a body of `schema` (its references inlined): the first of `examples` (the
/// media type's `example`, its `examples`, the schema's `example`, taken as the spec gives
/// them), else a minimal value built from the schema: its required properties, each a value
/// of its type (the first enum value, `""`, `0`, `false`, `[]`, `{}`, lengths and bounds
/// respected where they are plain).
///
/// Used only where `Sampler::answer` finds no conforming value (a schema no value conforms
/// to, or one the validator cannot compile).
pub(super) fn error_body_sample(schema: &Value, examples: &[Value]) -> Option<Value> {
    match examples.first() {
        Some(example) => Some(example.clone()),
        None => Some(minimal(schema, 0)),
    }
}

/// A minimal value of `schema`.
fn minimal(schema: &Value, depth: usize) -> Value {
    let Some(s) = schema.as_object() else {
        return json!({});
    };
    if depth > MAX_DEPTH {
        return Value::Null;
    }
    // A property's example or default, where it has the schema's type (specs get some wrong).
    if let Some(value) = ["const", "example", "default"]
        .iter()
        .filter_map(|k| s.get(*k))
        .find(|v| has_type(v, s))
    {
        return value.clone();
    }
    if let Some(first) = s
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|e| e.first())
    {
        return first.clone();
    }
    if let Some(first) = ["oneOf", "anyOf"]
        .iter()
        .find_map(|k| s.get(*k).and_then(Value::as_array).and_then(|a| a.first()))
    {
        return minimal(first, depth + 1);
    }
    if let Some(parts) = s.get("allOf").and_then(Value::as_array) {
        let mut merged = object(s, depth);
        for part in parts {
            if let (Value::Object(into), Value::Object(from)) =
                (&mut merged, minimal(part, depth + 1))
            {
                for (k, v) in from {
                    into.entry(k).or_insert(v);
                }
            }
        }
        return merged;
    }
    match s.get("type").and_then(Value::as_str) {
        Some("string") => Value::String(string(s)),
        Some("integer") => json!(number(s, 1.0).ceil() as i64),
        Some("number") => json!(number(s, 0.5)),
        Some("boolean") => Value::Bool(false),
        Some("array") => {
            let count = s.get("minItems").and_then(Value::as_u64).unwrap_or(0);
            let item = s.get("items").cloned().unwrap_or_else(|| json!({}));
            Value::Array((0..count).map(|_| minimal(&item, depth + 1)).collect())
        }
        _ => object(s, depth),
    }
}

/// Whether `value` is of the schema's `type` (any value when it has none).
fn has_type(value: &Value, s: &Map<String, Value>) -> bool {
    match s.get("type").and_then(Value::as_str) {
        None => true,
        Some("string") => value.is_string(),
        Some("integer") => value.is_i64() || value.is_u64(),
        Some("number") => value.is_number(),
        Some("boolean") => value.is_boolean(),
        Some("array") => value.is_array(),
        Some("object") => value.is_object(),
        Some(_) => false,
    }
}

/// An object with the schema's required properties.
fn object(s: &Map<String, Value>, depth: usize) -> Value {
    let properties = s.get("properties").and_then(Value::as_object);
    let required = s
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten();
    let mut out = Map::new();
    for name in required.filter_map(Value::as_str) {
        let property = properties
            .and_then(|p| p.get(name))
            .cloned()
            .unwrap_or_else(|| json!({}));
        out.insert(name.to_owned(), minimal(&property, depth + 1));
    }
    Value::Object(out)
}

/// `0`, or the nearest value within `minimum` and `maximum` (`step` inside an exclusive bound).
fn number(s: &Map<String, Value>, step: f64) -> f64 {
    let exclusive = |k: &str| s.get(k).and_then(Value::as_bool) == Some(true);
    let mut value = 0.0;
    if let Some(min) = s.get("minimum").and_then(Value::as_f64) {
        value = if exclusive("exclusiveMinimum") {
            min + step
        } else {
            min
        };
    }
    if let Some(max) = s.get("maximum").and_then(Value::as_f64) {
        let top = if exclusive("exclusiveMaximum") {
            max - step
        } else {
            max
        };
        value = value.min(top);
    }
    value
}

/// A string of the schema's format, or `minLength` letters.
fn string(s: &Map<String, Value>) -> String {
    let by_format = match s.get("format").and_then(Value::as_str) {
        Some("date-time") => "1970-01-01T00:00:00Z",
        Some("date") => "1970-01-01",
        Some("time") => "00:00:00Z",
        Some("uuid") => "00000000-0000-0000-0000-000000000000",
        Some("email") => "user@example.com",
        Some("uri" | "url") => "https://example.com/",
        Some("ipv4") => "127.0.0.1",
        Some("ipv6") => "::1",
        _ => "",
    };
    let min = s.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
    if by_format.len() >= min {
        by_format.to_owned()
    } else {
        "a".repeat(min)
    }
}
