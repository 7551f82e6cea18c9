//! An operation's documented error responses, as the generated server writes a refusal in
//! them: the status key, the media type, a sample body, and where the message goes.

use openapiv3::{MediaType, Operation as SpecOperation, StatusCode};
use serde_json::{Map, Value};

use super::answer::media_examples;
use super::error_sample::error_body_sample;
use crate::lower::Lowerer;
use crate::media_type::{essence, is_json, json_framing};
use crate::model::JsonFraming;
use crate::model::{ErrorFill, ErrorFillValue, ErrorForm, ErrorFormBody, ResponseStatus};
use crate::pointer;

/// How many `$ref`s deep a schema is inlined for its sample; deeper references are `{}`.
const MAX_INLINE_DEPTH: usize = 8;

/// The codes of the responses a refusal may be answered in: an invalid request (400, 422), a
/// missing credential (401, 403), a body too large (413), of a media type not taken (415), or
/// a reply of none accepted (406).
const REFUSAL_CODES: &[u16] = &[400, 401, 403, 406, 413, 415, 422];

/// Names of the string properties that get the refusal's message, lower case without `_`.
const MESSAGE_NAMES: &[&str] = &[
    "message",
    "msg",
    "detail",
    "details",
    "error",
    "errormessage",
    "errordescription",
    "title",
    "description",
];

/// Names of the string properties that get the request id, lower case without `_`.
const REQUEST_ID_NAMES: &[&str] = &["requestid"];

/// Names of the integer properties that get the status, lower case without `_`.
const STATUS_NAMES: &[&str] = &["status", "code", "statuscode"];

impl<'a> Lowerer<'a> {
    /// The operation's documented responses a refusal may be answered in (those of
    /// [`REFUSAL_CODES`], `4XX` and `default`), in spec order.
    pub(super) fn lower_error_forms(&mut self, op: &'a SpecOperation, at: &str) -> Vec<ErrorForm> {
        let components = self.doc.components.as_ref().map(|c| &c.responses);
        let listed = op.responses.responses.iter().filter_map(|(code, r)| {
            let status = match code {
                StatusCode::Code(c) if REFUSAL_CODES.contains(c) => ResponseStatus::Code(*c),
                StatusCode::Range(4) => ResponseStatus::Range(4),
                _ => return None,
            };
            Some((status, code.to_string(), r))
        });
        let default = op
            .responses
            .default
            .iter()
            .map(|r| (ResponseStatus::Default, "default".to_owned(), r));
        let mut forms = Vec::new();
        for (status, key, r) in listed.chain(default) {
            let r_at = pointer::join(&format!("{at}/responses"), [&key]);
            let Some(response) = self.component(r, components, "responses", &r_at) else {
                continue;
            };
            let json = response.content.iter().find(|(m, _)| carries_json(m));
            let body = match (json, response.content.first()) {
                (Some((media_type, media)), _) => self.json_error_body(media_type, media),
                (None, Some((media_type, _))) => ErrorFormBody::Text {
                    media_type: sendable(media_type, "text/plain"),
                },
                (None, None) => ErrorFormBody::Empty,
            };
            forms.push(ErrorForm { status, body });
        }
        forms
    }

    /// The JSON body of an error response: the sample and where the message goes.
    fn json_error_body(&mut self, media_type: &str, media: &'a MediaType) -> ErrorFormBody {
        let media_type = sendable(media_type, "application/json");
        let Some(schema) = &media.schema else {
            // Any JSON: the message in a `message` property.
            return ErrorFormBody::Json {
                media_type,
                sample: serde_json::json!({ "message": "" }),
                fills: vec![ErrorFill {
                    pointer: "/message".to_owned(),
                    value: ErrorFillValue::Message,
                }],
            };
        };
        let written = serde_json::to_value(schema).unwrap_or_default();
        let schema = self.inlined(&written, 0);
        let examples = media_examples(self.doc, media);
        // A value the validator finds conforming; failing that (a schema no value conforms
        // to), the best a minimal construction gives.
        let sample = self
            .sampler()
            .answer(&written, &examples)
            .or_else(|| error_body_sample(&schema, &examples))
            .unwrap_or(Value::Null);
        let fills = fills(&schema, &sample);
        ErrorFormBody::Json {
            media_type,
            sample,
            fills,
        }
    }

    /// `schema` as JSON with its `#/components/schemas/…` references replaced by their
    /// definitions, down to [`MAX_INLINE_DEPTH`] (then `{}`). References are checked where
    /// the schemas are lowered; one that does not resolve here is `{}`.
    pub(super) fn inlined(&self, schema: &Value, depth: usize) -> Value {
        match schema {
            Value::Object(map) => {
                if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
                    let target = reference
                        .strip_prefix("#/components/schemas/")
                        .and_then(|key| self.schemas.get(&pointer::unescape(key)));
                    return match target {
                        Some(target) if depth < MAX_INLINE_DEPTH => self
                            .inlined(&serde_json::to_value(target).unwrap_or_default(), depth + 1),
                        _ => Value::Object(Map::new()),
                    };
                }
                Value::Object(
                    map.iter()
                        .map(|(k, v)| (k.clone(), self.inlined(v, depth)))
                        .collect(),
                )
            }
            Value::Array(items) => {
                Value::Array(items.iter().map(|v| self.inlined(v, depth)).collect())
            }
            other => other.clone(),
        }
    }
}

/// Whether a body of `media_type` is written as one JSON value: JSON, or a stream of JSON
/// values one per line (one value is such a stream).
fn carries_json(media_type: &str) -> bool {
    is_json(media_type) || json_framing(media_type) == Some(JsonFraming::Lines)
}

/// A media type a response may carry: a range (`application/*+json`, `text/*`) is not one, so
/// it becomes `fallback`.
fn sendable(media_type: &str, fallback: &str) -> String {
    if essence(media_type).contains('*') {
        fallback.to_owned()
    } else {
        media_type.to_owned()
    }
}

/// Where the server writes the message, request id and status into `sample`: the matching
/// plain properties of the schema at the top level, and one level down in objects the sample
/// has (`/error/message`) or in the first object of an array it has (`/errors/0/message`).
fn fills(schema: &Value, sample: &Value) -> Vec<ErrorFill> {
    let mut out = Vec::new();
    if !sample.is_object() {
        return out;
    }
    for (name, property) in properties(schema) {
        let pointer = pointer::join("", [&name]);
        if let Some(value) = fill_value(&name, property) {
            out.push(ErrorFill { pointer, value });
            continue;
        }
        let (inner_at, inner_schema) = match sample.get(&name) {
            Some(Value::Object(_)) => (pointer, property),
            Some(Value::Array(items)) if items.first().is_some_and(Value::is_object) => {
                match property.get("items") {
                    Some(items) => (pointer::join(&pointer, ["0"]), items),
                    None => continue,
                }
            }
            _ => continue,
        };
        for (inner, schema) in properties(inner_schema) {
            if let Some(value) = fill_value(&inner, schema) {
                out.push(ErrorFill {
                    pointer: pointer::join(&inner_at, [&inner]),
                    value,
                });
            }
        }
    }
    out
}

/// What a property named `name` of schema `schema` gets, if anything.
fn fill_value(name: &str, schema: &Value) -> Option<ErrorFillValue> {
    let key: String = name
        .chars()
        .filter(|c| *c != '_' && *c != '-')
        .collect::<String>()
        .to_ascii_lowercase();
    let has = |k: &str| schema.get(k).is_some();
    let kind = schema.get("type").and_then(Value::as_str);
    let plain_string = kind == Some("string")
        && ![
            "enum",
            "pattern",
            "format",
            "maxLength",
            "const",
            "allOf",
            "oneOf",
            "anyOf",
        ]
        .iter()
        .any(|k| has(k));
    let plain_integer = kind == Some("integer")
        && !["enum", "minimum", "maximum", "multipleOf", "const"]
            .iter()
            .any(|k| has(k));
    if plain_string && MESSAGE_NAMES.contains(&key.as_str()) {
        Some(ErrorFillValue::Message)
    } else if plain_string && REQUEST_ID_NAMES.contains(&key.as_str()) {
        Some(ErrorFillValue::RequestId)
    } else if plain_integer && STATUS_NAMES.contains(&key.as_str()) {
        Some(ErrorFillValue::Status)
    } else {
        None
    }
}

/// The properties of an object schema, its `allOf` parts' included, in order (the first
/// declaration of a name wins).
fn properties(schema: &Value) -> Vec<(String, &Value)> {
    let mut out: Vec<(String, &Value)> = Vec::new();
    let own = schema
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten();
    let parts = schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .flat_map(properties);
    for (name, property) in own.map(|(k, v)| (k.clone(), v)).chain(parts) {
        if !out.iter().any(|(n, _)| *n == name) {
            out.push((name, property));
        }
    }
    out
}
