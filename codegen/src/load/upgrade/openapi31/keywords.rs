//! The JSON Schema 2020-12 keywords of one schema that OpenAPI 3.0 does not have, read as the
//! 3.0 form with their meaning, or dropped with a warning where the generated types cannot
//! carry it (the type is then the schema without the keyword: it allows more values, never
//! fewer).
//!
//! | written | read as |
//! |---|---|
//! | `$schema`, `$id`, `$anchor`, `$dynamicAnchor`, `$comment`, `$vocabulary` | dropped |
//! | `$defs` | kept: `$ref`s into it are hoisted into the components by `normalize` |
//! | `items: true` / `items: false` | `items: {}` / no more items: `maxItems: 0` (or the `prefixItems` count) |
//! | `unevaluatedProperties: false` or a schema | `additionalProperties` of the same value (unless there is one); `true` is dropped |
//! | `patternProperties` | the values of a map (`additionalProperties`); the names are not checked (warning) |
//! | `propertyNames` | dropped; a warning unless it only says the names are strings |
//! | `contentEncoding: base64` (or `base64url`) on a string | `format: byte` |
//! | `contentMediaType`, `contentSchema` | dropped: annotations of a string |
//! | `contains`, `minContains`, `maxContains`, `if`/`then`/`else`, `dependentSchemas`, `unevaluatedItems`, `$dynamicRef` | dropped, with a warning |
//! | `examples` | kept: `openapiv3` reads past it; `cargo xtask corpus` checks each |
//! | `prefixItems`, `dependentRequired` | kept for lowering |

use serde_yaml::{Mapping, Value};

use crate::diagnostic::Diagnostic;
use crate::pointer;

/// Identifiers and annotations of JSON Schema that say nothing about the values.
const DROPPED: &[&str] = &[
    "$schema",
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "$comment",
    "$vocabulary",
    "contentMediaType",
    "contentSchema",
];

/// Keywords that restrict values in ways the generated types do not check, with what each
/// means, for the warning.
const NOT_CHECKED: &[(&str, &str)] = &[
    ("contains", "an item of the array must match this schema"),
    (
        "minContains",
        "at least this many items must match `contains`",
    ),
    (
        "maxContains",
        "at most this many items must match `contains`",
    ),
    (
        "if",
        "values that match it must match `then`, others `else`",
    ),
    ("then", "values that match `if` must match it"),
    ("else", "values that do not match `if` must match it"),
    (
        "dependentSchemas",
        "an object with one of these properties must match its schema",
    ),
    (
        "unevaluatedItems",
        "items not described by `items` or `prefixItems` must match it",
    ),
    (
        "$dynamicRef",
        "the value must match the schema this dynamic reference resolves to",
    ),
];

/// Rewrites the 2020-12 keywords of `schema`, written at `at`; warns where meaning is lost.
pub(super) fn read_keywords(schema: &mut Mapping, at: &str, found: &mut Vec<Diagnostic>) {
    for key in DROPPED {
        schema.remove(*key);
    }
    for (key, meaning) in NOT_CHECKED {
        if schema.remove(*key).is_some() {
            found.push(
                Diagnostic::warning(
                    pointer::join(at, [*key]),
                    format!("`{key}` is not checked ({meaning}); the type is read without it"),
                )
                .with_hint("the generated types and server checks do not carry this keyword; check it in your own code if it matters"),
            );
        }
    }
    read_items(schema);
    read_unevaluated_properties(schema);
    read_pattern_properties(schema, at, found);
    read_property_names(schema, at, found);
    read_content_encoding(schema, at, found);
}

/// `items: true` is any item; `items: false` allows no items beyond `prefixItems`.
fn read_items(schema: &mut Mapping) {
    match schema.get("items") {
        Some(Value::Bool(true)) => {
            schema.insert("items".into(), Value::Mapping(Mapping::new()));
        }
        Some(Value::Bool(false)) => {
            schema.remove("items");
            let prefix = match schema.get("prefixItems") {
                Some(Value::Sequence(prefix)) => prefix.len(),
                _ => 0,
            };
            let stricter = schema
                .get("maxItems")
                .and_then(Value::as_u64)
                .is_none_or(|max| max > prefix as u64);
            if stricter {
                schema.insert("maxItems".into(), Value::Number((prefix as u64).into()));
            }
        }
        _ => {}
    }
}

/// `unevaluatedProperties` as `additionalProperties`: lowering merges the `allOf` parts'
/// properties into one struct, whose unknown properties are the unevaluated ones.
fn read_unevaluated_properties(schema: &mut Mapping) {
    let Some(unevaluated) = schema.remove("unevaluatedProperties") else {
        return;
    };
    if unevaluated == Value::Bool(true) || schema.contains_key("additionalProperties") {
        return;
    }
    schema.insert("additionalProperties".into(), unevaluated);
}

/// `patternProperties` as the values of a map: properties whose name matches a pattern take
/// its schema (several patterns: any of theirs).
fn read_pattern_properties(schema: &mut Mapping, at: &str, found: &mut Vec<Diagnostic>) {
    let Some(patterns) = schema.remove("patternProperties") else {
        return;
    };
    let Value::Mapping(patterns) = patterns else {
        return;
    };
    let mut values: Vec<Value> = patterns.into_iter().map(|(_, v)| v).collect();
    let value = match values.len() {
        0 => return,
        1 => values.remove(0),
        _ => Value::Mapping(Mapping::from_iter([(
            "anyOf".into(),
            Value::Sequence(values),
        )])),
    };
    let has_properties =
        matches!(schema.get("properties"), Some(Value::Mapping(p)) if !p.is_empty());
    let at = pointer::join(at, ["patternProperties"]);
    let read = match schema.remove("additionalProperties") {
        Some(Value::Bool(false)) => value,
        Some(Value::Mapping(other)) => Value::Mapping(Mapping::from_iter([(
            "anyOf".into(),
            Value::Sequence(vec![value, Value::Mapping(other)]),
        )])),
        None | Some(_) if has_properties => {
            // Other properties may be anything: a map of the pattern's values would refuse them.
            found.push(Diagnostic::warning(at, "`patternProperties` beside `properties` and open `additionalProperties` is not typed: properties matching a pattern are read as any value").with_hint("declare the properties, or set `additionalProperties: false` so that the patterns describe every other property"));
            return;
        }
        None | Some(_) => value,
    };
    schema.insert("additionalProperties".into(), read);
    found.push(
        Diagnostic::warning(
            at,
            "`patternProperties` is read as a map whose values are of the pattern's schema; the names are not checked against the pattern",
        )
        .with_hint("check property names in your own code if they matter"),
    );
}

/// `propertyNames`: the property names of an object are strings; any more is not checked.
fn read_property_names(schema: &mut Mapping, at: &str, found: &mut Vec<Diagnostic>) {
    let Some(names) = schema.remove("propertyNames") else {
        return;
    };
    let only_strings = match &names {
        Value::Bool(true) => true,
        Value::Mapping(m) => m.iter().all(|(k, v)| match k.as_str() {
            Some("type") => v.as_str() == Some("string"),
            Some(k) => k == "description" || k == "title" || k.starts_with("x-"),
            None => false,
        }),
        _ => false,
    };
    if !only_strings {
        found.push(
            Diagnostic::warning(
                pointer::join(at, ["propertyNames"]),
                "`propertyNames` is not checked: property names are read as any string",
            )
            .with_hint("check property names in your own code if they matter"),
        );
    }
}

/// `contentEncoding` on a string: `base64` is `format: byte`; it says nothing about values of
/// other types.
fn read_content_encoding(schema: &mut Mapping, at: &str, found: &mut Vec<Diagnostic>) {
    let Some(encoding) = schema.remove("contentEncoding") else {
        return;
    };
    let is_string = match schema.get("type") {
        Some(Value::String(t)) => t == "string",
        Some(Value::Sequence(types)) => types.iter().any(|t| t.as_str() == Some("string")),
        _ => false,
    };
    if !is_string {
        return;
    }
    match encoding.as_str() {
        Some("base64" | "base64url") if !schema.contains_key("format") => {
            schema.insert("format".into(), "byte".into());
        }
        Some("base64" | "base64url") => {}
        _ => found.push(
            Diagnostic::warning(
                pointer::join(at, ["contentEncoding"]),
                format!(
                    "`contentEncoding: {}` is not decoded: the value is read as the string written",
                    serde_json::to_string(&encoding).unwrap_or_default()
                ),
            )
            .with_hint("`base64` is decoded into bytes; other encodings are left to your code"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::load::schema_rewrite_tests::{rewrite, yaml};

    fn read(schema: &str) -> (Value, Vec<String>) {
        rewrite(schema, |m, found| read_keywords(m, "/s", found))
    }

    #[test]
    fn reads_what_has_a_3_0_form() {
        let (s, w) = read("{type: string, contentEncoding: base64, $comment: c, $id: i}");
        assert_eq!(s, yaml("{type: string, format: byte}"));
        assert!(w.is_empty(), "{w:?}");
        let (s, _) = read("{type: integer, contentEncoding: int32}");
        assert_eq!(s, yaml("{type: integer}"), "only strings are encoded");
        let (s, _) = read("{type: array, prefixItems: [{}, {}], items: false}");
        assert_eq!(s, yaml("{type: array, prefixItems: [{}, {}], maxItems: 2}"));
        let (s, _) = read("{type: array, items: true}");
        assert_eq!(s, yaml("{type: array, items: {}}"));
        let (s, _) = read("{properties: {a: {}}, unevaluatedProperties: false}");
        assert_eq!(
            s,
            yaml("{properties: {a: {}}, additionalProperties: false}")
        );
        let (s, w) = read("{type: object, propertyNames: {type: string}}");
        assert_eq!(s, yaml("{type: object}"));
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn warns_where_meaning_is_lost() {
        let (s, w) = read("{type: object, patternProperties: {'^a': {type: integer}}}");
        assert_eq!(
            s,
            yaml("{type: object, additionalProperties: {type: integer}}")
        );
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].starts_with("/s/patternProperties: "), "{w:?}");
        let (s, w) =
            read("{type: array, contains: {type: string}, minContains: 1, if: {}, then: {}}");
        assert_eq!(s, yaml("{type: array}"));
        assert_eq!(
            w.iter()
                .map(|w| w.split(':').next().unwrap_or_default())
                .collect::<Vec<_>>(),
            ["/s/contains", "/s/minContains", "/s/if", "/s/then"]
        );
        let (_, w) = read("{type: object, propertyNames: {pattern: '^a'}}");
        assert_eq!(w.len(), 1, "{w:?}");
    }
}
