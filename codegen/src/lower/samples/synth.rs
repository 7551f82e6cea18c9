//! Candidate values of a converted schema, the most minimal first: what synthesis tries, in
//! order, until one conforms.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use super::combine::{merge_all_of, without};
use super::convert::{NULLABLE, ref_pointer};
use super::scalar;
use super::validate::Validators;

/// How many candidates one schema gives at most.
pub(super) const LIMIT: usize = 6;

/// How deep synthesis goes through nested schemas before it gives up on a branch.
const MAX_DEPTH: usize = 64;

/// How many schemas one synthesis visits at most.
const MAX_STEPS: usize = 200_000;

/// One synthesis: the converted document, its validators, and what was found for `$ref`s.
pub(super) struct Synthesis<'a> {
    /// The converted document `$ref`s point into.
    pub(super) document: &'a Value,
    /// Checks candidates where a choice depends on conformance (`oneOf`, `anyOf`, `not`).
    pub(super) validators: &'a mut Validators,
    /// Candidates of each `$ref` whose synthesis did not depend on the `$ref`s being expanded
    /// around it.
    pub(super) memo: &'a mut HashMap<String, Vec<Value>>,
    /// The `$ref`s being expanded, innermost last.
    pub(super) expanding: Vec<String>,
    /// Whether a branch was cut (a cycle, the depth or step limit) since this flag was reset.
    pub(super) cut: bool,
    /// Schemas visited.
    pub(super) steps: usize,
}

impl Synthesis<'_> {
    /// Candidates for `schema`, most minimal first, at most [`LIMIT`]; empty when none could
    /// be built.
    pub(super) fn candidates(&mut self, schema: &Value, depth: usize) -> Vec<Value> {
        self.steps += 1;
        if depth > MAX_DEPTH || self.steps > MAX_STEPS {
            self.cut = true;
            return Vec::new();
        }
        let Value::Object(map) = schema else {
            return match schema {
                Value::Bool(false) => Vec::new(),
                _ => any_values(),
            };
        };
        if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
            return self.reference(reference, depth);
        }
        if map.get(NULLABLE) == Some(&Value::Bool(true)) {
            let mut out = match map.get("anyOf").and_then(|a| a.get(0)) {
                Some(inner) => self.candidates(inner, depth + 1),
                None => Vec::new(),
            };
            out.truncate(LIMIT - 1);
            out.push(Value::Null);
            return out;
        }
        if let Some(values) = map.get("enum").and_then(Value::as_array) {
            let typ = map.get("type").and_then(Value::as_str);
            return values
                .iter()
                .filter(|v| typ.is_none_or(|t| has_type(t, v)))
                .take(LIMIT)
                .cloned()
                .collect();
        }
        if map.contains_key("allOf") {
            let merged = merge_all_of(self.document, map);
            return self.candidates(&Value::Object(merged), depth + 1);
        }
        if map.contains_key("oneOf") || map.contains_key("anyOf") {
            return self.alternatives(schema, map, depth);
        }
        if map.contains_key("not") {
            let rest = Value::Object(without(map, "not"));
            let mut tried = self.candidates(&rest, depth + 1);
            tried.extend(any_values());
            return tried
                .into_iter()
                .filter(|v| self.validators.conforms(schema, v))
                .take(LIMIT)
                .collect();
        }
        match type_of(map) {
            Some("string") => scalar::strings(map),
            Some("integer") => scalar::numbers(map, true),
            Some("number") => scalar::numbers(map, false),
            Some("boolean") => vec![json!(false), json!(true)],
            Some("null") => vec![Value::Null],
            Some("array") => self.arrays(map, depth),
            Some("object") => self.objects(map, depth),
            Some(_) => Vec::new(),
            None => any_values(),
        }
    }

    /// Candidates of the schema a `$ref` names; none when it is already being expanded (a
    /// cycle that only ends by leaving something out).
    fn reference(&mut self, reference: &str, depth: usize) -> Vec<Value> {
        if let Some(found) = self.memo.get(reference) {
            return found.clone();
        }
        if self.expanding.iter().any(|r| r == reference) {
            self.cut = true;
            return Vec::new();
        }
        let document = self.document;
        let Some(target) = ref_pointer(reference).and_then(|p| document.pointer(&p)) else {
            return Vec::new();
        };
        let cut_before = std::mem::replace(&mut self.cut, false);
        self.expanding.push(reference.to_owned());
        let found = self.candidates(target, depth + 1);
        self.expanding.pop();
        if !self.cut {
            self.memo.insert(reference.to_owned(), found.clone());
        }
        self.cut |= cut_before;
        found
    }

    /// Candidates of a `oneOf` or `anyOf` (with the schema's other keywords): each
    /// alternative in order, merged with the rest of the schema, its candidates kept when they
    /// conform to the whole schema; with a `discriminator`, the tag set to the alternative's
    /// name.
    fn alternatives(
        &mut self,
        schema: &Value,
        map: &Map<String, Value>,
        depth: usize,
    ) -> Vec<Value> {
        let keyword = if map.contains_key("oneOf") {
            "oneOf"
        } else {
            "anyOf"
        };
        let Some(alternatives) = map.get(keyword).and_then(Value::as_array) else {
            return Vec::new();
        };
        let rest = without(map, keyword);
        let tag = map
            .get("discriminator")
            .and_then(|d| d.get("propertyName"))
            .and_then(Value::as_str);
        let combined_all: Vec<Value> = alternatives
            .iter()
            .map(|alternative| {
                if rest.is_empty() {
                    alternative.clone()
                } else {
                    let mut both = Map::new();
                    both.insert(
                        "allOf".into(),
                        json!([Value::Object(rest.clone()), alternative]),
                    );
                    Value::Object(merge_all_of(self.document, &both))
                }
            })
            .collect();
        let mut conforming = Vec::new();
        let mut others = Vec::new();
        for (i, (alternative, combined)) in alternatives.iter().zip(&combined_all).enumerate() {
            let name = tag.and_then(|_| discriminator_value(map, alternative));
            let tagged = |mut candidate: Value| {
                if let (Some(tag), Some(name), Some(object)) =
                    (tag, &name, candidate.as_object_mut())
                {
                    object.insert(tag.to_owned(), Value::String(name.clone()));
                }
                candidate
            };
            let mut found = None;
            for candidate in self.candidates(combined, depth + 1) {
                let candidate = tagged(candidate);
                if self.validators.conforms(schema, &candidate) {
                    found = Some(candidate);
                    break;
                }
                if others.len() < LIMIT {
                    others.push(candidate);
                }
            }
            if found.is_none() {
                found = self.richer(schema, combined, &tagged, depth);
            }
            if found.is_none() && keyword == "oneOf" {
                // Held by other alternatives too: a value of this one that they refuse.
                let rivals: Vec<Value> = combined_all
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .map(|(_, c)| c.clone())
                    .collect();
                found = self
                    .apart(combined, &rivals, depth)
                    .map(&tagged)
                    .filter(|c| self.validators.conforms(schema, c));
            }
            conforming.extend(found);
            if conforming.len() >= LIMIT {
                break;
            }
        }
        conforming.extend(others);
        conforming.truncate(LIMIT);
        conforming
    }

    /// An object of the alternative `combined` with its optional properties added one at a
    /// time until it conforms to the whole `schema`: what tells apart alternatives whose
    /// minimal objects all of them match.
    fn richer(
        &mut self,
        schema: &Value,
        combined: &Value,
        tagged: &dyn Fn(Value) -> Value,
        depth: usize,
    ) -> Option<Value> {
        let map = self.resolved_map(combined)?;
        let properties = map.get("properties")?.as_object()?;
        let first = self.candidates(combined, depth + 1).into_iter().next()?;
        let mut object = first.as_object()?.clone();
        for (name, property) in properties.iter().take(64) {
            if object.contains_key(name) {
                continue;
            }
            let Some(value) = self.candidates(property, depth + 1).into_iter().next() else {
                continue;
            };
            object.insert(name.clone(), value);
            let candidate = tagged(Value::Object(object.clone()));
            if self.validators.conforms(schema, &candidate) {
                return Some(candidate);
            }
        }
        None
    }
}

/// The tag a discriminated alternative answers to: the `mapping` key that names its `$ref`,
/// else the last segment of the `$ref`.
fn discriminator_value(map: &Map<String, Value>, alternative: &Value) -> Option<String> {
    let reference = alternative.get("$ref").and_then(Value::as_str)?;
    let pointer = ref_pointer(reference)?;
    let name = pointer
        .rsplit('/')
        .next()?
        .replace("~1", "/")
        .replace("~0", "~");
    let mapping = map
        .get("discriminator")
        .and_then(|d| d.get("mapping"))
        .and_then(Value::as_object);
    let mapped = mapping.and_then(|m| {
        m.iter().find_map(|(key, target)| {
            let target = target.as_str()?;
            let names_it = match target.strip_prefix('#') {
                Some(fragment) => fragment == pointer,
                None => target == name,
            };
            names_it.then(|| key.clone())
        })
    });
    Some(mapped.unwrap_or(name))
}

/// The type a schema declares, or the one its keywords imply; None when it constrains none.
fn type_of(map: &Map<String, Value>) -> Option<&str> {
    if let Some(t) = map.get("type") {
        return match t {
            Value::String(t) => Some(t.as_str()),
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).find(|t| *t != "null"),
            _ => None,
        };
    }
    let has = |keys: &[&str]| keys.iter().any(|k| map.contains_key(*k));
    if has(&[
        "properties",
        "required",
        "additionalProperties",
        "minProperties",
        "dependencies",
    ]) {
        Some("object")
    } else if has(&["items", "minItems", "uniqueItems"]) {
        Some("array")
    } else if has(&["pattern", "minLength", "maxLength", "format"]) {
        Some("string")
    } else if has(&["minimum", "maximum", "multipleOf"]) {
        Some("number")
    } else {
        None
    }
}

/// Whether `value` is of the JSON Schema type `t`.
fn has_type(t: &str, value: &Value) -> bool {
    match t {
        "string" => value.is_string(),
        "integer" => value.as_f64().is_some_and(|f| f.fract() == 0.0),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        "null" => value.is_null(),
        _ => true,
    }
}

/// Candidates for a schema that constrains nothing: one of each kind.
fn any_values() -> Vec<Value> {
    vec![
        json!({}),
        json!(""),
        json!(0),
        json!(false),
        json!([]),
        Value::Null,
    ]
}
