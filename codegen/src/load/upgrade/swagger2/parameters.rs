//! Parameters other than body and form ones: the keywords that describe their value move into a
//! `schema`, and `collectionFormat` becomes a `style`.

use serde_yaml::{Mapping, Value};

use super::str_member;
use crate::diagnostic::Diagnostic;
use crate::load::SourceMap;
use crate::pointer;

/// Keywords of a 2.0 parameter, header or items object that describe its value; in 3.0 they
/// are the keywords of its `schema`.
const VALUE_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
];

/// Marks a header parameter named `Accept`, `Content-Type` or `Authorization` of a 2.0
/// document, which OpenAPI 3 ignores (its media types and security schemes say these) but 2.0
/// reads as any other parameter.
pub(crate) const KEPT_HEADER: &str = "x-codegen-kept-header";

/// The header names OpenAPI 3 ignores as parameters (lower case).
pub const IGNORED_HEADERS: [&str; 3] = ["accept", "content-type", "authorization"];

/// Rewrites the query, path or header parameter `param`, at `at` in the rewritten document,
/// into its 3.0 form.
pub(super) fn upgrade_parameter(
    param: &mut Mapping,
    at: &str,
    map: &mut SourceMap,
    found: &mut Vec<Diagnostic>,
) {
    if param.contains_key("$ref") || param.contains_key("schema") {
        return;
    }
    let location = str_member(param, "in").unwrap_or_default().to_owned();
    let name = str_member(param, "name")
        .unwrap_or_default()
        .to_ascii_lowercase();
    if location == "header" && IGNORED_HEADERS.contains(&name.as_str()) {
        param.insert(KEPT_HEADER.into(), true.into());
    }
    let collection_format = param.remove("collectionFormat");
    let mut schema = value_schema(param, at, found);
    if str_member(&schema, "type") == Some("file") {
        found.push(
            Diagnostic::warning(
                pointer::join(at, ["type"]),
                "`type: file` is allowed on form parameters only: read as a string",
            )
            .with_hint("move the file into a `formData` parameter of a multipart operation"),
        );
        schema.insert("type".into(), "string".into());
    }
    if str_member(&schema, "type") == Some("array") {
        let format = collection_format.as_ref().and_then(Value::as_str);
        match style(&location, format) {
            Style::Written(style, explode) => {
                param.insert("style".into(), style.into());
                param.insert("explode".into(), explode.into());
            }
            Style::Default => {}
            Style::None => {
                found.push(unsupported_format(at, &location, format.unwrap_or("csv")));
                schema = joined_string(&schema);
            }
        }
    }
    param.insert("schema".into(), Value::Mapping(schema));
    map.record(at, &pointer::join(at, ["schema"]));
}

/// How a parameter's array is written in 3.0.
enum Style {
    /// A `style` and `explode`.
    Written(&'static str, bool),
    /// The location's default style (`simple` for paths and headers).
    Default,
    /// No 3.0 style writes it.
    None,
}

/// The style of an array parameter in `location` whose 2.0 `collectionFormat` is `format`
/// (absent: `csv`).
fn style(location: &str, format: Option<&str>) -> Style {
    match (location, format.unwrap_or("csv")) {
        ("query", "csv") => Style::Written("form", false),
        ("query", "multi") => Style::Written("form", true),
        ("query", "ssv") => Style::Written("spaceDelimited", false),
        ("query", "pipes") => Style::Written("pipeDelimited", false),
        ("path" | "header", "csv") => Style::Default,
        _ => Style::None,
    }
}

/// The warning for a `collectionFormat` no 3.0 style of `location` writes.
fn unsupported_format(at: &str, location: &str, format: &str) -> Diagnostic {
    Diagnostic::warning(
        pointer::join(at, ["collectionFormat"]),
        format!(
            "`collectionFormat: {format}` has no OpenAPI 3.0 style for a {location} parameter: the parameter is read as one string, in which the caller joins the items"
        ),
    )
    .with_hint("use `csv` (or `multi` in a query) if the API accepts it")
}

/// The schema of a string in which an array's items are joined, keeping the array's
/// description of its items in the text only.
fn joined_string(array: &Mapping) -> Mapping {
    let mut schema = Mapping::new();
    schema.insert("type".into(), "string".into());
    if let Some(nullable) = array.get("nullable") {
        schema.insert("nullable".into(), nullable.clone());
    }
    schema
}

/// Takes the keywords describing a value out of `owner` (a parameter, a header or an items
/// object at `at`) into a schema; an `items` object becomes a schema too, and `x-nullable`
/// becomes `nullable`.
pub(super) fn value_schema(owner: &mut Mapping, at: &str, found: &mut Vec<Diagnostic>) -> Mapping {
    let mut schema = Mapping::new();
    for keyword in VALUE_KEYWORDS {
        if let Some(value) = owner.remove(*keyword) {
            schema.insert((*keyword).into(), value);
        }
    }
    if let Some(nullable) = owner.remove("x-nullable") {
        schema.insert("nullable".into(), nullable);
    }
    if let Some(Value::Mapping(items)) = schema.get_mut("items") {
        let items_at = pointer::join(at, ["items"]);
        if let Some(format) = items.remove("collectionFormat") {
            let nested = str_member(items, "type") == Some("array");
            if nested && format.as_str().is_some_and(|f| f != "csv") {
                found.push(
                    Diagnostic::warning(
                        pointer::join(&items_at, ["collectionFormat"]),
                        "an array nested in an array is written with the outer array's style only in OpenAPI 3.0: this `collectionFormat` is left out",
                    )
                    .with_hint("flatten the nested array if the API allows it"),
                );
            }
        }
        let mut rest = std::mem::take(items);
        *items = value_schema(&mut rest, &items_at, found);
        // What is neither a value keyword nor `collectionFormat` (extensions) stays beside.
        items.extend(rest);
    }
    schema
}
