//! Responses: a `schema` becomes `content` by the media types the operation produces, the
//! `examples` by media type become each media type's `example`, and headers get a `schema`.

use serde_yaml::{Mapping, Value};

use super::media_types::content_of;
use super::parameters::value_schema;
use super::str_member;
use crate::diagnostic::Diagnostic;
use crate::load::{SourceMap, key_token};
use crate::pointer;

/// Rewrites each response of `responses` (at `at`) of an operation that produces
/// `media_types`.
pub(super) fn upgrade_responses(
    responses: &mut Mapping,
    at: &str,
    media_types: &[String],
    map: &mut SourceMap,
    found: &mut Vec<Diagnostic>,
) {
    for (status, response) in responses.iter_mut() {
        let Some(status) = key_token(status) else {
            continue;
        };
        if status.starts_with("x-") {
            continue;
        }
        if let Value::Mapping(response) = response {
            upgrade_response(
                response,
                &pointer::join(at, [&status]),
                media_types,
                map,
                found,
            );
        }
    }
}

/// Rewrites the response `response` at `at`. A response without a schema has no content.
pub(super) fn upgrade_response(
    response: &mut Mapping,
    at: &str,
    media_types: &[String],
    map: &mut SourceMap,
    found: &mut Vec<Diagnostic>,
) {
    if response.contains_key("$ref") {
        return;
    }
    let examples = response.remove("examples");
    if let Some(schema) = response.remove("schema") {
        let mut content = content_of(&schema, media_types, at, at, map);
        if let Some(Value::Mapping(examples)) = examples {
            add_examples(&mut content, examples, at, map);
        }
        response.insert("content".into(), Value::Mapping(content));
    }
    if let Some(Value::Mapping(headers)) = response.get_mut("headers") {
        for (name, header) in headers.iter_mut() {
            let (Some(name), Value::Mapping(header)) = (key_token(name), header) else {
                continue;
            };
            upgrade_header(header, &pointer::join(at, ["headers", &name]), map, found);
        }
    }
}

/// Each example of a media type the response has content for becomes that content's
/// `example`; the others describe bodies the operation does not produce.
fn add_examples(content: &mut Mapping, examples: Mapping, at: &str, map: &mut SourceMap) {
    for (media_type, example) in examples {
        let Some(media_type) = key_token(&media_type) else {
            continue;
        };
        if let Some(Value::Mapping(media)) = content.get_mut(media_type.as_str()) {
            media.insert("example".into(), example);
            map.record(
                &pointer::join(at, ["examples", &media_type]),
                &pointer::join(at, ["content", &media_type, "example"]),
            );
        }
    }
}

/// Rewrites the response header `header` at `at`: the keywords describing its value move into
/// a `schema`.
fn upgrade_header(
    header: &mut Mapping,
    at: &str,
    map: &mut SourceMap,
    found: &mut Vec<Diagnostic>,
) {
    if header.contains_key("$ref") || header.contains_key("schema") {
        return;
    }
    let format = header.remove("collectionFormat");
    let mut schema = value_schema(header, at, found);
    let format = format.as_ref().and_then(Value::as_str).unwrap_or("csv");
    if str_member(&schema, "type") == Some("array") && format != "csv" {
        found.push(
            Diagnostic::warning(
                pointer::join(at, ["collectionFormat"]),
                format!(
                    "`collectionFormat: {format}` has no OpenAPI 3.0 style for a header: the header is read as one string"
                ),
            )
            .with_hint("use `csv`, the style of 3.0 headers, if the API writes it"),
        );
        schema = Mapping::new();
        schema.insert("type".into(), "string".into());
    }
    header.insert("schema".into(), Value::Mapping(schema));
    map.record(at, &pointer::join(at, ["schema"]));
}
