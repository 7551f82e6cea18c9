//! JSON Schema 2020-12 keywords that OpenAPI 3.0 lacks, kept for lowering in `x-codegen-*`
//! extensions (`openapiv3` drops schema members it does not know, unless they start with
//! `x-`):
//!
//! | written | kept as |
//! |---|---|
//! | `prefixItems: [A, B]` (a tuple) | `x-codegen-prefix-items: [A, B]` |
//! | `items: false` (no items beyond `prefixItems`) | removed, with `maxItems` at most the number of prefix items |
//! | `items: true` (any items) | removed: it is what no `items` means |
//! | `dependentRequired: {a: [b, c]}` | `x-codegen-dependent-required: {a: [b, c]}` |
//!
//! Runs after the other schema rewrites, so the schemas under `prefixItems` (which the document
//! grammar walks like `allOf` parts) were rewritten like any other.

use serde_yaml::{Mapping, Value};

use crate::diagnostic::Diagnostic;
use crate::load::SourceMap;
use crate::pointer;

/// Where a schema's `prefixItems` are kept: a list of schemas.
pub(crate) const PREFIX_ITEMS: &str = "x-codegen-prefix-items";

/// Where a schema's `dependentRequired` is kept: a map of property names to lists of names.
pub(crate) const DEPENDENT_REQUIRED: &str = "x-codegen-dependent-required";

/// Moves the 2020-12 keywords of one schema (at `at`) into their extensions, recording each
/// move in `map`; reports a keyword that is not of the form 2020-12 gives it.
pub(super) fn keep_json_schema_keywords(
    schema: &mut Mapping,
    at: &str,
    map: &mut SourceMap,
    found: &mut Vec<Diagnostic>,
) {
    let prefix_count = match schema.remove("prefixItems") {
        Some(Value::Sequence(items)) => {
            let count = items.len();
            schema.insert(PREFIX_ITEMS.into(), Value::Sequence(items));
            map.record(
                &pointer::join(at, ["prefixItems"]),
                &pointer::join(at, [PREFIX_ITEMS]),
            );
            Some(count)
        }
        Some(_) => {
            found.push(
                Diagnostic::error(
                    pointer::join(at, ["prefixItems"]),
                    "`prefixItems` is not a list of schemas",
                )
                .with_hint(
                    "write `prefixItems` as a list with one schema per position of the array",
                ),
            );
            None
        }
        None => None,
    };
    match schema.get("items") {
        Some(Value::Bool(true)) => {
            schema.remove("items");
        }
        Some(Value::Bool(false)) => {
            schema.remove("items");
            limit_max_items(schema, prefix_count.unwrap_or(0));
        }
        _ => {}
    }
    if let Some(dependent) = schema.remove("dependentRequired") {
        let entry_at = pointer::join(at, ["dependentRequired"]);
        if dependent_required_ok(&dependent, &entry_at, found) {
            schema.insert(DEPENDENT_REQUIRED.into(), dependent);
            map.record(&entry_at, &pointer::join(at, [DEPENDENT_REQUIRED]));
        }
    }
}

/// `items: false` allows no item beyond the prefix: the same as `maxItems` of the prefix's
/// length (or a smaller `maxItems` already there).
fn limit_max_items(schema: &mut Mapping, count: usize) {
    let written = schema.get("maxItems").and_then(Value::as_u64);
    let limit = written.map_or(count as u64, |m| m.min(count as u64));
    schema.insert("maxItems".into(), Value::from(limit));
}

/// Whether `value` is a `dependentRequired` map of names to lists of names; reports each entry
/// that is not.
fn dependent_required_ok(value: &Value, at: &str, found: &mut Vec<Diagnostic>) -> bool {
    let Value::Mapping(entries) = value else {
        found.push(
            Diagnostic::error(
                at,
                "`dependentRequired` is not a map of property names to lists of property names",
            )
            .with_hint(
                "write `dependentRequired: {a: [b, c]}`: when `a` is present, `b` and `c` must be",
            ),
        );
        return false;
    };
    let mut ok = true;
    for (key, names) in entries {
        let key_text = key.as_str().map(str::to_owned).unwrap_or_default();
        let is_names = matches!(names, Value::Sequence(list) if list.iter().all(Value::is_string));
        if !is_names {
            found.push(
                Diagnostic::error(
                    pointer::join(at, [key_text.as_str()]),
                    format!("`dependentRequired` of `{key_text}` is not a list of property names"),
                )
                .with_hint(
                    "list the names of the properties that must be present when this one is",
                ),
            );
            ok = false;
        }
    }
    ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(yaml: &str) -> (Mapping, SourceMap, Vec<Diagnostic>) {
        let mut schema: Mapping = serde_yaml::from_str(yaml).expect("YAML");
        let mut map = SourceMap::default();
        let mut found = Vec::new();
        keep_json_schema_keywords(&mut schema, "/components/schemas/T", &mut map, &mut found);
        (schema, map, found)
    }

    #[test]
    fn keeps_prefix_items_and_closes_the_tuple() {
        let (schema, map, found) = rewritten(
            "{type: array, prefixItems: [{type: string}, {type: integer}], items: false}",
        );
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(
            schema
                .get(PREFIX_ITEMS)
                .and_then(Value::as_sequence)
                .map(Vec::len),
            Some(2)
        );
        assert!(!schema.contains_key("prefixItems") && !schema.contains_key("items"));
        assert_eq!(schema.get("maxItems").and_then(Value::as_u64), Some(2));
        assert_eq!(
            map.original("/components/schemas/T/x-codegen-prefix-items/1"),
            "/components/schemas/T/prefixItems/1"
        );
    }

    #[test]
    fn a_smaller_max_items_stays() {
        let (schema, _, _) = rewritten("{prefixItems: [{}, {}, {}], items: false, maxItems: 1}");
        assert_eq!(schema.get("maxItems").and_then(Value::as_u64), Some(1));
        let (schema, _, _) = rewritten("{prefixItems: [{}], items: true}");
        assert!(!schema.contains_key("items") && !schema.contains_key("maxItems"));
    }

    #[test]
    fn keeps_dependent_required_and_refuses_other_forms() {
        let (schema, map, found) = rewritten("{dependentRequired: {a: [b, c]}}");
        assert!(found.is_empty(), "{found:?}");
        assert!(schema.contains_key(DEPENDENT_REQUIRED));
        assert_eq!(
            map.original("/components/schemas/T/x-codegen-dependent-required/a"),
            "/components/schemas/T/dependentRequired/a"
        );
        let (schema, _, found) = rewritten("{dependentRequired: {a: b}, prefixItems: {}}");
        let pointers: Vec<&str> = found.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/components/schemas/T/prefixItems",
                "/components/schemas/T/dependentRequired/a"
            ]
        );
        assert!(found.iter().all(Diagnostic::is_error));
        assert!(!schema.contains_key(DEPENDENT_REQUIRED));
    }
}
