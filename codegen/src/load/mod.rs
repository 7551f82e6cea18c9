//! Spec text (YAML or JSON) into `openapiv3::OpenAPI`, with located errors and without panics.
//!
//! The text is read into a YAML value first: that reports syntax errors and duplicate keys with a
//! line, resolves merge keys, and keeps `openapiv3`'s own deserializers (which can panic on some
//! malformed maps when fed from a streaming YAML parser) away from raw text. The value is then
//! checked for what `openapiv3` would panic on or silently drop, brought to the form `openapiv3`
//! and lowering read where real specs write something with a plain meaning in another form (see
//! `normalize`: references to any place, OpenAPI 3.1 forms, numbers beyond Rust's integers), and
//! deserialized through `serde_path_to_error`, so a wrong type is reported at its JSON pointer.
//! The nodes those rewrites move are recorded in a [`SourceMap`], through which every
//! diagnostic names the place the user wrote.
//!
//! `openapiv3` buffers the contents of schemas, parameters, `paths` and `responses` (serde's
//! `flatten` and untagged enums), below which `serde_path_to_error` loses the path. When an error
//! is reported at such a node, `narrow` finds the child it comes from by deserializing copies
//! of the document with one child left out. Deeply nested schemas are read on their own first
//! (see `deep_schemas`), which keeps the time to reject a document linear in its depth.

mod checks;
mod deep_schemas;
mod narrow;
pub(crate) mod normalize;
mod source_map;
mod syntax;
mod tree;
mod upgrade;
mod version;
pub mod webhooks;
mod yaml_value;

#[cfg(test)]
pub(crate) mod schema_rewrite_tests;

use serde_path_to_error::Segment;
use serde_yaml::Value;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::pointer;
use checks::{empty_compositions, non_json_values, silently_dropped_keys, stringify_keys};
use deep_schemas::check_deep_schemas;
use narrow::narrow;
pub use source_map::SourceMap;
use syntax::{merge_error, parse_text};
pub use upgrade::IGNORED_HEADERS;
pub(crate) use upgrade::{KEPT_HEADER, WEBHOOKS};

/// Whether loading reads documents of this `openapi` (or `swagger`) version.
pub(crate) fn reads_version(version: &str) -> bool {
    version::read_version(version).is_some()
}

/// A loaded document, and what loading it found and changed.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The document, in the form lowering reads.
    pub document: openapiv3::OpenAPI,
    /// Things read with a plain meaning they were not written in (a 3.1 form, a `$ref` that
    /// cannot be followed where the generator does not need it), at original pointers.
    pub warnings: Vec<Diagnostic>,
    /// Where the nodes loading moved came from: pointers into `document` to pointers into the
    /// text (for lowering's diagnostics and the model's pointers).
    pub source_map: SourceMap,
}

/// Parses `text` into an OpenAPI 3.0 document; see [`load_document`], whose warnings this
/// drops.
pub fn load(text: &str) -> Result<openapiv3::OpenAPI, Diagnostics> {
    load_document(text).map(|loaded| loaded.document)
}

/// Parses `text` into an OpenAPI 3.0 document, with the warnings and source map of its
/// rewrites. Errors (and the warnings found with them) carry a JSON pointer into the text and,
/// where the parser knows it, a line; positions of the others are filled in by
/// [`crate::locate_diagnostics`].
pub fn load_document(text: &str) -> Result<Loaded, Diagnostics> {
    let one = |d| Diagnostics(vec![d]);
    let mut value = parse_text(text).map_err(one)?;
    if let Err(e) = value.apply_merge() {
        return Err(one(merge_error(text, &e.to_string())));
    }
    let version = version::detect(&value).map_err(one)?;
    let mut errors = Vec::new();
    stringify_keys(&mut value, "", &mut errors);
    // `openapiv3` panics on some of these, so nothing else is tried while they remain.
    errors.extend(non_json_values(&value));
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    let mut source_map = SourceMap::default();
    let mut found = upgrade::upgrade(&mut value, version, &mut source_map);
    found.extend(normalize::normalize(&mut value, version, &mut source_map));
    let doc = check_deep_schemas(&value)
        .and_then(|()| deserialize(&value))
        .and_then(|mut document| webhooks::keep(&value, &mut document).map(|()| document))
        .map_err(|d| found.push(d))
        .ok();
    found.extend(silently_dropped_keys(&value));
    found.extend(empty_compositions(&value));
    source_map.restore(&mut found);
    match doc {
        Some(document) if !found.iter().any(Diagnostic::is_error) => Ok(Loaded {
            document,
            warnings: found,
            source_map,
        }),
        _ => {
            let (mut errors, warnings): (Vec<_>, Vec<_>) =
                found.into_iter().partition(Diagnostic::is_error);
            errors.extend(warnings);
            Err(Diagnostics(errors))
        }
    }
}

/// A failed deserialization: where `serde_path_to_error` lost track, and the message.
struct Failure {
    tokens: Vec<String>,
    message: String,
}

fn try_deserialize<T: serde::de::DeserializeOwned>(node: &Value) -> Result<T, Failure> {
    serde_path_to_error::deserialize(node).map_err(|e| Failure {
        tokens: path_tokens(e.path()),
        message: e.inner().to_string(),
    })
}

/// Reads `node` as a `T`; on failure, the error at the node it comes from, below `at`.
fn read_located<T: serde::de::DeserializeOwned>(
    node: &Value,
    at: &[String],
) -> Result<T, Diagnostic> {
    let failure = match try_deserialize::<T>(node) {
        Ok(read) => return Ok(read),
        Err(f) => f,
    };
    let tokens = narrow(node, failure.tokens, &failure.message, |v| {
        try_deserialize::<T>(v).map(drop)
    });
    let (message, hint) = explain(&failure.message);
    let pointer = pointer::join("", at.iter().chain(&tokens));
    Err(Diagnostic::error(pointer, message).with_hint(hint))
}

fn deserialize(doc: &Value) -> Result<openapiv3::OpenAPI, Diagnostic> {
    read_located(doc, &[])
}

/// The tokens of the path `serde_path_to_error` followed, up to the first step it could not name.
fn path_tokens(path: &serde_path_to_error::Path) -> Vec<String> {
    let mut tokens = Vec::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => tokens.push(index.to_string()),
            Segment::Map { key } => tokens.push(key.clone()),
            // The variant of a unit enum is the value itself, not a step into it.
            Segment::Enum { .. } => {}
            // An unnamed step: what follows would not be a path in the document.
            Segment::Unknown => break,
        }
    }
    tokens
}

/// The message and hint for a deserialization error, from serde's wording.
fn explain(inner: &str) -> (String, String) {
    let message = format!("not a valid OpenAPI 3.0 document here: {inner}");
    if let Some(field) = between(inner, "missing field `", "`") {
        let hint = format!("add the required field `{field}` to this object");
        return (message, hint);
    }
    if let Some(variant) = between(inner, "unknown variant `", "`") {
        let hint = match variant {
            "body" | "formData" => "OpenAPI 3.0 has no body or form parameters: describe the body with the operation's `requestBody`".to_owned(),
            _ => match inner.split_once("expected ") {
                Some((_, expected)) => format!("write {expected}"),
                None => "use one of the values the OpenAPI 3.0.3 specification allows here".to_owned(),
            },
        };
        return (message, hint);
    }
    if inner.starts_with("invalid type: ") || inner.starts_with("invalid value: ") {
        if let Some((_, expected)) = inner.rsplit_once(", expected ") {
            return (message, format!("this must be {}", plain_kind(expected)));
        }
    }
    if inner.contains("did not match any variant") {
        let hint = "this value has none of the forms allowed here; compare it with the OpenAPI 3.0.3 specification".to_owned();
        return (message, hint);
    }
    let hint = "compare this node with the OpenAPI 3.0.3 specification's object of that name";
    (message, hint.to_owned())
}

fn between<'s>(text: &'s str, start: &str, end: &str) -> Option<&'s str> {
    let rest = &text[text.find(start)? + start.len()..];
    Some(&rest[..rest.find(end)?])
}

/// serde's names for kinds of value, in the words of YAML and OpenAPI.
fn plain_kind(expected: &str) -> String {
    match expected {
        "a sequence" => "a list".to_owned(),
        "a map" => "a mapping".to_owned(),
        _ => match expected.strip_prefix("struct ") {
            Some(name) => format!("a mapping (an OpenAPI {name} object)"),
            None => expected.to_owned(),
        },
    }
}

/// The reference token a mapping key stands for, if it is a scalar.
fn key_token(key: &Value) -> Option<String> {
    match key {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}
