//! `allOf` merged into one schema that synthesis reads: properties and `required` unioned,
//! bounds tightened, the first of other keywords kept. Only a guide for synthesis: the value
//! it leads to is always checked against the schema as written.

use serde_json::{Map, Value, json};

use super::convert::{NULLABLE, ref_pointer};

/// How many `$ref`s and nested `allOf`s merging follows before it stops.
const MAX_DEPTH: usize = 32;

/// `map` without `key`.
pub(super) fn without(map: &Map<String, Value>, key: &str) -> Map<String, Value> {
    let mut rest = map.clone();
    rest.remove(key);
    rest
}

/// The schema `map` (which has an `allOf`) with every part of its `allOf` merged in.
pub(super) fn merge_all_of(document: &Value, map: &Map<String, Value>) -> Map<String, Value> {
    let mut merged = Map::new();
    merge_into(document, &mut merged, map, 0);
    merged
}

/// Merges `part` (and its own `allOf` parts, and what its `$ref` names) into `merged`.
fn merge_into(
    document: &Value,
    merged: &mut Map<String, Value>,
    part: &Map<String, Value>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    if let Some(reference) = part.get("$ref").and_then(Value::as_str) {
        if let Some(Value::Object(target)) =
            ref_pointer(reference).and_then(|p| document.pointer(&p))
        {
            merge_into(document, merged, target, depth + 1);
        } else {
            // Nothing conforms to a `$ref` that leads nowhere; keep it to fail the check.
            merged.insert("not".into(), json!({}));
        }
        return;
    }
    if part.get(NULLABLE) == Some(&Value::Bool(true)) {
        // Every part must accept the value; a value that is not null is preferred.
        if let Some(Value::Object(inner)) = part.get("anyOf").and_then(|a| a.get(0)) {
            merge_into(document, merged, inner, depth + 1);
        }
        return;
    }
    for (key, value) in part {
        match key.as_str() {
            "allOf" => {
                for sub in value.as_array().into_iter().flatten() {
                    if let Value::Object(sub) = sub {
                        merge_into(document, merged, sub, depth + 1);
                    }
                }
            }
            "properties" => {
                let Value::Object(props) = value else {
                    continue;
                };
                let slot = merged
                    .entry("properties")
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(existing) = slot {
                    for (name, schema) in props {
                        match existing.get_mut(name) {
                            Some(before) => {
                                *before = json!({ "allOf": [before.clone(), schema] });
                            }
                            None => {
                                existing.insert(name.clone(), schema.clone());
                            }
                        }
                    }
                }
            }
            "required" => {
                let slot = merged.entry("required").or_insert_with(|| json!([]));
                if let (Value::Array(existing), Value::Array(more)) = (slot, value) {
                    for name in more {
                        if !existing.contains(name) {
                            existing.push(name.clone());
                        }
                    }
                }
            }
            "minimum" | "minLength" | "minItems" | "minProperties" => {
                tighten(merged, key, value, |new, old| new > old);
            }
            "maximum" | "maxLength" | "maxItems" | "maxProperties" => {
                tighten(merged, key, value, |new, old| new < old);
            }
            "uniqueItems" | "exclusiveMinimum" | "exclusiveMaximum" => {
                if value == &Value::Bool(true) {
                    merged.insert(key.clone(), value.clone());
                }
            }
            "additionalProperties" => {
                if value == &Value::Bool(false) || !merged.contains_key(key) {
                    merged.insert(key.clone(), value.clone());
                }
            }
            _ => {
                if !merged.contains_key(key) {
                    merged.insert(key.clone(), value.clone());
                }
            }
        }
    }
}

/// Sets the numeric keyword `key` to `value` unless it holds one that `better` does not beat.
fn tighten(
    merged: &mut Map<String, Value>,
    key: &str,
    value: &Value,
    better: fn(f64, f64) -> bool,
) {
    let new = value.as_f64();
    let old = merged.get(key).and_then(Value::as_f64);
    match (new, old) {
        (Some(n), Some(o)) if !better(n, o) => {}
        (Some(_), _) => {
            merged.insert(key.to_owned(), value.clone());
        }
        (None, _) => {}
    }
}
