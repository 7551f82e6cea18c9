//! Schema keywords in their OpenAPI 3.1 (JSON Schema 2020-12) form read as the 3.0 form with the
//! same meaning. In a document that says it is 3.0 each is a warning (the writer mixed in a later
//! form); in a 3.1 or 3.2 document it is the form, read silently, with a warning only where
//! the 3.0 form cannot say all of it ([`Written::OpenApi31`]):
//!
//! | written | read as |
//! |---|---|
//! | `type: [string, "null"]` | `type: string, nullable: true` |
//! | `type: "null"` | kept: a value that is only `null`; as a union's alternative, it makes the union nullable |
//! | `type: [string, integer]` | `anyOf` of one schema per type, each with the keywords of its type |
//! | `exclusiveMinimum: 0` (a number) | `minimum: 0, exclusiveMinimum: true` (the stricter of it and a `minimum`) |
//! | `const: x` | `enum: [x]` |

use serde_yaml::{Mapping, Value};

use crate::diagnostic::Diagnostic;

/// Marks the one-value `enum` a `const` was read as: lowering makes it a closed enum, which
/// reads only that value.
pub(crate) const CONSTANT: &str = "x-codegen-const";
use crate::pointer;

/// The version of the specification a document says it is written in, as far as the schema
/// forms go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Written {
    /// OpenAPI 3.0 (or Swagger 2.0): a 3.1 form is a mistake read kindly, with a warning.
    OpenApi30,
    /// OpenAPI 3.1 or 3.2: the 3.1 forms are the document's own; read without a warning.
    OpenApi31,
}

/// Rewrites the 3.1 forms of one schema (its members only; the schemas in it are visited on
/// their own); in a 3.0 document, warns about each at `at`.
pub(crate) fn read_later_forms(
    schema: &mut Mapping,
    at: &str,
    written_in: Written,
    found: &mut Vec<Diagnostic>,
) {
    let mut lost = |key: &str, message: String, hint: &str| {
        found.push(Diagnostic::warning(pointer::join(at, [key]), message).with_hint(hint));
    };
    let mut later = Vec::new();
    let mut warn = |key: &str, message: String, hint: &str| {
        later.push(Diagnostic::warning(pointer::join(at, [key]), message).with_hint(hint));
    };
    match schema.get("type") {
        Some(Value::Sequence(types)) if types.iter().all(Value::is_string) => {
            let written = written(&Value::Sequence(types.clone()));
            let (read, exact) = type_list(schema);
            if exact {
                warn(
                    "type",
                    format!("`type: {written}` is the OpenAPI 3.1 form; it is read as {read}"),
                    "in OpenAPI 3.0, `type` is one type name, and `nullable: true` allows null",
                );
            } else {
                lost(
                    "type",
                    format!("`type: {written}` is read as {read}"),
                    "write the types inside the `anyOf` alternatives",
                );
            }
        }
        Some(Value::String(t)) if t == "null" => {
            // Kept as written: lowering reads `{type: 'null'}` as a value that is only
            // `null`, and as an alternative of a union, as making the union nullable.
            warn("type", "`type: \"null\"` is the OpenAPI 3.1 form; it is read as a value that can only be null".to_owned(), "OpenAPI 3.0 has no null type: write `nullable: true` on the schema whose values may be null");
        }
        _ => {}
    }
    for (exclusive, inclusive) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(Value::Number(bound)) = schema.get(exclusive).cloned() {
            let inclusive_bound = schema.get(inclusive).map(written).unwrap_or_default();
            let read = match exclusive_bound(schema, exclusive, inclusive, bound.clone()) {
                true => format!("it is read as `{inclusive}: {bound}` with `{exclusive}: true`"),
                false => format!("`{inclusive}: {inclusive_bound}` is stricter, so it is ignored"),
            };
            warn(
                exclusive,
                format!("`{exclusive}: {bound}` is the OpenAPI 3.1 form; {read}"),
                &format!(
                    "in OpenAPI 3.0, `{exclusive}` is a boolean that makes `{inclusive}` exclusive"
                ),
            );
        }
    }
    if let Some(value) = schema.remove("const") {
        let written = written(&value);
        schema.insert("enum".into(), Value::Sequence(vec![value]));
        schema.insert(CONSTANT.into(), Value::Bool(true));
        warn(
            "const",
            format!(
                "`const: {written}` is the OpenAPI 3.1 form; it is read as `enum: [{written}]`"
            ),
            "in OpenAPI 3.0, write an `enum` of one value",
        );
    }
    if written_in == Written::OpenApi30 {
        found.extend(later);
    }
}

/// A value as it would be written in flow YAML, for messages.
fn written(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "…".to_owned())
}

/// Applies a numeric `exclusive` bound: it replaces the inclusive one unless that is stricter.
/// Whether it did.
fn exclusive_bound(
    schema: &mut Mapping,
    exclusive: &str,
    inclusive: &str,
    bound: serde_yaml::Number,
) -> bool {
    let lower = inclusive == "minimum";
    let stricter = match schema.get(inclusive).and_then(Value::as_f64) {
        None => true,
        Some(existing) => {
            let b = bound.as_f64().unwrap_or(f64::NAN);
            if lower { b >= existing } else { b <= existing }
        }
    };
    if stricter {
        schema.insert(inclusive.into(), Value::Number(bound));
        schema.insert(exclusive.into(), Value::Bool(true));
    } else {
        schema.remove(exclusive);
    }
    stricter
}

/// Keywords that only apply to values of one JSON type.
const KEYWORDS_BY_TYPE: &[(&str, &[&str])] = &[
    ("string", &["minLength", "maxLength", "pattern"]),
    (
        "number",
        &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
    ),
    (
        "integer",
        &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
    ),
    ("array", &["items", "minItems", "maxItems", "uniqueItems"]),
    (
        "object",
        &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
        ],
    ),
];

/// Rewrites a list of type names; returns how it was read, for the warning, and whether that
/// has the meaning written.
fn type_list(schema: &mut Mapping) -> (String, bool) {
    let Some(Value::Sequence(list)) = schema.remove("type") else {
        return ("written".to_owned(), true);
    };
    let mut types: Vec<String> = Vec::new();
    let mut nullable = false;
    for t in list.iter().filter_map(Value::as_str) {
        match t {
            "null" => nullable = true,
            t if !types.iter().any(|seen| seen == t) => types.push(t.to_owned()),
            _ => {}
        }
    }
    if nullable {
        schema.insert("nullable".into(), Value::Bool(true));
    }
    let null = if nullable { ", nullable: true" } else { "" };
    match types.as_slice() {
        [] => (format!("a schema of any type{null}"), true),
        [one] => {
            schema.insert("type".into(), Value::String(one.clone()));
            (format!("`type: {one}{null}`"), true)
        }
        several if schema.contains_key("anyOf") => {
            // The schema is already an `anyOf` of other schemas; one per type cannot be added
            // to it, so every type is allowed.
            let read = format!(
                "a schema of any type{null} (it has an `anyOf` already, which says more than {} would)",
                several.join(" or ")
            );
            (read, false)
        }
        several => {
            let branches = several.iter().map(|t| branch(schema, t)).collect();
            for (_, keywords) in KEYWORDS_BY_TYPE {
                for k in *keywords {
                    schema.remove(*k);
                }
            }
            schema.remove("format");
            schema.remove("enum");
            schema.insert("anyOf".into(), Value::Sequence(branches));
            let read = format!(
                "`anyOf` of one schema per type ({}){null}",
                several.join(", ")
            );
            (read, true)
        }
    }
}

/// One `anyOf` alternative of a type list: the type, with the keywords of the schema that apply
/// to it and the enum values of that type.
fn branch(schema: &Mapping, t: &str) -> Value {
    let mut out = Mapping::new();
    out.insert("type".into(), Value::String(t.to_owned()));
    let own = KEYWORDS_BY_TYPE
        .iter()
        .filter(|(of, _)| *of == t)
        .flat_map(|(_, keywords)| keywords.iter());
    for k in own.chain(&["format"]) {
        if let Some(v) = schema.get(*k) {
            out.insert((*k).into(), v.clone());
        }
    }
    if let Some(Value::Sequence(values)) = schema.get("enum") {
        let of_type: Vec<Value> = values
            .iter()
            .filter(|v| is_of_type(v, t))
            .cloned()
            .collect();
        if !of_type.is_empty() {
            out.insert("enum".into(), Value::Sequence(of_type));
        }
    }
    Value::Mapping(out)
}

fn is_of_type(value: &Value, t: &str) -> bool {
    match (value, t) {
        (Value::String(_), "string") | (Value::Bool(_), "boolean") => true,
        (Value::Number(_), "number") => true,
        (Value::Number(n), "integer") => {
            n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
        }
        (Value::Sequence(_), "array") | (Value::Mapping(_), "object") => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::load::schema_rewrite_tests::{rewrite, yaml};

    fn read(schema: &str) -> (Value, Vec<String>) {
        rewrite(schema, |m, found| {
            read_later_forms(m, "/s", Written::OpenApi30, found)
        })
    }

    #[test]
    fn reads_type_lists() {
        let (s, w) = read("{type: [string, 'null'], maxLength: 3}");
        assert_eq!(s, yaml("{maxLength: 3, nullable: true, type: string}"));
        assert_eq!(
            w,
            [
                "/s/type: `type: [\"string\",\"null\"]` is the OpenAPI 3.1 form; it is read as `type: string, nullable: true`"
            ]
        );
        let (s, w) = read("{type: 'null'}");
        assert_eq!(s, yaml("{type: 'null'}"));
        assert_eq!(w.len(), 1, "{w:?}");
        let (s, w) = read(
            "{type: [string, integer, 'null'], description: d, maxLength: 3, minimum: 1, format: int64, enum: [a, 1, null]}",
        );
        assert_eq!(
            s,
            yaml(
                "{description: d, nullable: true, anyOf: [{type: string, maxLength: 3, format: int64, enum: [a]}, {type: integer, minimum: 1, format: int64, enum: [1]}]}"
            )
        );
        assert!(
            w[0].ends_with("`anyOf` of one schema per type (string, integer), nullable: true"),
            "{w:?}"
        );
    }

    #[test]
    fn reads_numeric_exclusive_bounds_and_const() {
        let (s, w) = read("{type: integer, exclusiveMinimum: 0, exclusiveMaximum: 10, maximum: 5}");
        assert_eq!(
            s,
            yaml("{type: integer, minimum: 0, exclusiveMinimum: true, maximum: 5}"),
            "the inclusive maximum 5 is stricter than the exclusive 10"
        );
        assert_eq!(w.len(), 2);
        assert!(
            w[1].ends_with("`maximum: 5` is stricter, so it is ignored"),
            "{w:?}"
        );
        assert!(w[0].starts_with("/s/exclusiveMinimum: `exclusiveMinimum: 0` is the OpenAPI 3.1 form; it is read as `minimum: 0` with `exclusiveMinimum: true`"), "{w:?}");
        let (s, _) = read("{exclusiveMinimum: true, minimum: 1}");
        assert_eq!(
            s,
            yaml("{exclusiveMinimum: true, minimum: 1}"),
            "the 3.0 form is left alone"
        );
        let (s, w) = read("{type: string, const: on}");
        assert_eq!(
            s,
            yaml("{type: string, enum: ['on'], x-codegen-const: true}")
        );
        assert_eq!(
            w,
            ["/s/const: `const: \"on\"` is the OpenAPI 3.1 form; it is read as `enum: [\"on\"]`"]
        );
    }
}
