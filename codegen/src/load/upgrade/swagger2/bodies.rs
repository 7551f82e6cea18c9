//! Body and form parameters into an operation's `requestBody`.
//!
//! A 2.0 operation sends its body either as one `in: body` parameter, whose schema is the
//! body's, or as `in: formData` parameters, each a field of a form: OpenAPI 3.0 describes both
//! by a request body whose content holds a schema per media type.

use serde_yaml::{Mapping, Value};

use super::media_types::content_of;
use super::parameters::value_schema;
use super::str_member;
use crate::diagnostic::Diagnostic;
use crate::load::SourceMap;
use crate::media_type::essence;
use crate::pointer;

/// A form's media type where the fields are text.
const URL_ENCODED: &str = "application/x-www-form-urlencoded";
/// A form's media type where a field is a file (or where `consumes` says so).
const MULTIPART: &str = "multipart/form-data";

/// A body or form parameter, as written or copied from the document's `parameters`.
pub(super) struct Written<'p> {
    /// The parameter.
    pub(super) value: &'p Mapping,
    /// Its pointer in the rewritten document (the document's `parameters` are not moved).
    pub(super) at: &'p str,
}

/// The request body an `in: body` parameter describes, for an operation at `operation` that
/// consumes `media_types`.
pub(super) fn body_request(
    body: &Written<'_>,
    operation: &str,
    media_types: &[String],
    map: &mut SourceMap,
) -> Mapping {
    let to = pointer::join(operation, ["requestBody"]);
    map.record(body.at, &to);
    let mut request = Mapping::new();
    if let Some(description) = body.value.get("description") {
        request.insert("description".into(), description.clone());
    }
    let schema = body
        .value
        .get("schema")
        .cloned()
        .unwrap_or_else(|| Value::Mapping(Mapping::new()));
    let content = content_of(&schema, media_types, body.at, &to, map);
    request.insert("content".into(), Value::Mapping(content));
    if body.value.get("required").and_then(Value::as_bool) == Some(true) {
        request.insert("required".into(), true.into());
    }
    copy_extensions(body.value, &mut request);
    request
}

/// The request body the `in: formData` parameters `fields` describe, for an operation at
/// `operation` that consumes `media_types`: an object of the fields, sent as a multipart form
/// where `consumes` says so or a field is a file, else as a URL-encoded form. Returns the
/// request body and its first media type.
pub(super) fn form_request(
    fields: &[Written<'_>],
    operation: &str,
    media_types: &[String],
    map: &mut SourceMap,
    found: &mut Vec<Diagnostic>,
) -> (Mapping, String) {
    let to = pointer::join(operation, ["requestBody"]);
    let forms = form_media_types(fields, media_types);
    let mut properties = Mapping::new();
    let mut required = Vec::new();
    let mut encoding = Mapping::new();
    for field in fields {
        let Some(name) = str_member(field.value, "name") else {
            continue;
        };
        // Diagnostics about the field name the first form's copy of it.
        let field_at = pointer::join(&to, ["content", &forms[0], "schema", "properties", name]);
        let (schema, style) = field_schema(field.value, &field_at, found);
        if field.value.get("required").and_then(Value::as_bool) == Some(true) {
            required.push(Value::from(name));
        }
        if let Some(style) = style {
            encoding.insert(name.into(), Value::Mapping(style));
        }
        properties.insert(name.into(), Value::Mapping(schema));
    }
    let mut schema = Mapping::new();
    schema.insert("type".into(), "object".into());
    schema.insert("properties".into(), Value::Mapping(properties));
    let any_required = !required.is_empty();
    if any_required {
        schema.insert("required".into(), Value::Sequence(required));
    }
    if let Some(first) = fields.first() {
        map.record(first.at, &to);
    }
    let mut content = Mapping::new();
    for form in &forms {
        for field in fields {
            if let Some(name) = str_member(field.value, "name") {
                let property = pointer::join(&to, ["content", form, "schema", "properties", name]);
                map.record(field.at, &property);
            }
        }
        let mut media = Mapping::new();
        media.insert("schema".into(), Value::Mapping(schema.clone()));
        if !encoding.is_empty() {
            media.insert("encoding".into(), Value::Mapping(encoding.clone()));
        }
        content.insert(form.as_str().into(), Value::Mapping(media));
    }
    let mut request = Mapping::new();
    request.insert("content".into(), Value::Mapping(content));
    if any_required {
        request.insert("required".into(), true.into());
    }
    let first = forms.into_iter().next().unwrap_or_default();
    (request, first)
}

/// The form media types of `media_types`, or the one the fields call for where it names none.
fn form_media_types(fields: &[Written<'_>], media_types: &[String]) -> Vec<String> {
    let forms: Vec<String> = media_types
        .iter()
        .filter(|m| {
            let essence = essence(m);
            essence == URL_ENCODED || essence == MULTIPART
        })
        .cloned()
        .collect();
    if !forms.is_empty() {
        return forms;
    }
    let has_file = fields
        .iter()
        .any(|f| str_member(f.value, "type") == Some("file"));
    vec![if has_file { MULTIPART } else { URL_ENCODED }.to_owned()]
}

/// The schema of a form field (`at` is where the rewritten document holds it), and the
/// encoding that says how an array is written where that is not the default.
fn field_schema(
    field: &Mapping,
    at: &str,
    found: &mut Vec<Diagnostic>,
) -> (Mapping, Option<Mapping>) {
    let mut field = field.clone();
    let format = field.remove("collectionFormat");
    let mut schema = value_schema(&mut field, at, found);
    if let Some(description) = field.get("description") {
        schema.insert("description".into(), description.clone());
    }
    if str_member(&schema, "type") == Some("file") {
        schema.insert("type".into(), "string".into());
        schema.insert("format".into(), "binary".into());
    }
    if str_member(&schema, "type") != Some("array") {
        return (schema, None);
    }
    let (style, explode) = match format.as_ref().and_then(Value::as_str).unwrap_or("csv") {
        "multi" => ("form", true),
        "ssv" => ("spaceDelimited", false),
        "pipes" => ("pipeDelimited", false),
        other => {
            found.push(
                Diagnostic::warning(
                    pointer::join(at, ["collectionFormat"]),
                    format!(
                        "a form field written with `collectionFormat: {other}` (one value whose items are joined) is read as one string, in which the caller joins the items: the generator writes form arrays as one pair per item"
                    ),
                )
                .with_hint("write `collectionFormat: multi` if the API accepts one pair per item"),
            );
            let mut joined = Mapping::new();
            joined.insert("type".into(), "string".into());
            if let Some(description) = schema.get("description") {
                joined.insert("description".into(), description.clone());
            }
            return (joined, None);
        }
    };
    let mut encoding = Mapping::new();
    encoding.insert("style".into(), style.into());
    encoding.insert("explode".into(), explode.into());
    (schema, Some(encoding))
}

/// Copies the `x-` members of `from` into `to`.
fn copy_extensions(from: &Mapping, to: &mut Mapping) {
    for (key, value) in from {
        if key.as_str().is_some_and(|k| k.starts_with("x-")) {
            to.insert(key.clone(), value.clone());
        }
    }
}
