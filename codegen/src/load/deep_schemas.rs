//! Deeply nested schemas, read on their own from the bottom up before the whole document is.
//!
//! `openapiv3` reads a schema through untagged enums (`ReferenceOr`, `SchemaKind`): when a
//! nested schema fails to read, every schema around it is read again once for each variant
//! tried, so the time to reject a document doubles with each level of nesting (a wrong value 30
//! levels down never finishes). Reading every [`SPAN`]-th level of nesting alone first, deepest
//! first, bounds that: the first failure is found at most [`SPAN`] levels above the wrong
//! value, and reported at its own pointer. Documents with shallower schemas (all real ones seen
//! so far) are not read twice.

use openapiv3::{ReferenceOr, Schema};
use serde_yaml::Value;

use super::checks::holds_data;
use super::{key_token, read_located};
use crate::diagnostic::Diagnostic;

/// Every how many levels of schema nesting a schema is read on its own.
const SPAN: usize = 6;

/// Reads every schema nested a multiple of [`SPAN`] levels deep on its own, deepest first; the
/// error of the first that fails.
pub(super) fn check_deep_schemas(doc: &Value) -> Result<(), Diagnostic> {
    let mut checkpoints = Vec::new();
    find_schema_roots(doc, &mut Vec::new(), &mut checkpoints);
    for (tokens, schema) in checkpoints {
        read_located::<ReferenceOr<Schema>>(schema, &tokens)?;
    }
    Ok(())
}

/// A schema to read on its own: its reference tokens and its node.
type Checkpoint<'v> = (Vec<String>, &'v Value);

/// Walks the parts of the document that are not schemas, to the schemas: the members of
/// `components/schemas` and every `schema` member. Members that hold data ([`holds_data`]) are
/// not looked into.
fn find_schema_roots<'v>(value: &'v Value, at: &mut Vec<String>, out: &mut Vec<Checkpoint<'v>>) {
    match value {
        Value::Mapping(m) => {
            let in_components = at.len() == 1 && at[0] == "components";
            for (k, v) in m {
                let Some(key) = key_token(k) else { continue };
                if holds_data(&key) {
                    continue;
                }
                at.push(key);
                if in_components && at[1] == "schemas" {
                    if let Value::Mapping(schemas) = v {
                        for (name, schema) in schemas {
                            let Some(name) = key_token(name) else {
                                continue;
                            };
                            at.push(name);
                            walk_schema(schema, at, 0, out);
                            at.pop();
                        }
                    }
                } else if at.last().is_some_and(|k| k == "schema") {
                    walk_schema(v, at, 0, out);
                } else {
                    find_schema_roots(v, at, out);
                }
                at.pop();
            }
        }
        Value::Sequence(s) => {
            for (i, v) in s.iter().enumerate() {
                at.push(i.to_string());
                find_schema_roots(v, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

/// Walks the schemas inside the schema `value`, nested `depth` levels deep, and records the
/// checkpoints among them after those below them.
fn walk_schema<'v>(
    value: &'v Value,
    at: &mut Vec<String>,
    depth: usize,
    out: &mut Vec<Checkpoint<'v>>,
) {
    let Value::Mapping(m) = value else { return };
    for (k, v) in m {
        let Some(key) = key_token(k) else { continue };
        match (key.as_str(), v) {
            ("properties", Value::Mapping(properties)) => {
                at.push(key);
                for (name, schema) in properties {
                    let Some(name) = key_token(name) else {
                        continue;
                    };
                    at.push(name);
                    walk_schema(schema, at, depth + 1, out);
                    at.pop();
                }
                at.pop();
            }
            ("allOf" | "oneOf" | "anyOf", Value::Sequence(parts)) => {
                at.push(key);
                for (i, schema) in parts.iter().enumerate() {
                    at.push(i.to_string());
                    walk_schema(schema, at, depth + 1, out);
                    at.pop();
                }
                at.pop();
            }
            ("items" | "not" | "additionalProperties", _) => {
                at.push(key);
                walk_schema(v, at, depth + 1, out);
                at.pop();
            }
            _ => {}
        }
    }
    if depth > 0 && depth % SPAN == 0 {
        out.push((at.clone(), value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested_items(depth: usize, leaf: &str) -> String {
        let mut schema = leaf.to_owned();
        for _ in 0..depth {
            schema = format!("{{type: array, items: {schema}}}");
        }
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Deep: {schema}\n"
        )
    }

    #[test]
    fn reports_a_wrong_value_deep_down_at_its_pointer() {
        let doc: Value =
            serde_yaml::from_str(&nested_items(40, "{type: string, minLength: x}")).expect("YAML");
        let e = check_deep_schemas(&doc).expect_err("minLength is a number");
        let expected = format!("/components/schemas/Deep{}/minLength", "/items".repeat(40));
        assert_eq!(e.pointer, expected);
    }

    #[test]
    fn accepts_deep_valid_schemas_and_skips_examples() {
        let doc: Value = serde_yaml::from_str(&nested_items(40, "{type: string}")).expect("YAML");
        assert!(check_deep_schemas(&doc).is_ok());
        let mut checkpoints = Vec::new();
        find_schema_roots(&doc, &mut Vec::new(), &mut checkpoints);
        let depths: Vec<usize> = checkpoints.iter().map(|(t, _)| t.len() - 3).collect();
        assert_eq!(
            depths,
            [36, 30, 24, 18, 12, 6],
            "deepest first, every {SPAN} levels"
        );
        let example = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      example: {properties: {a: {properties: {b: {items: {items: {items: {items: {type: 1}}}}}}}}}\n";
        let doc: Value = serde_yaml::from_str(example).expect("YAML");
        let mut checkpoints = Vec::new();
        find_schema_roots(&doc, &mut Vec::new(), &mut checkpoints);
        assert!(checkpoints.is_empty());
    }
}
