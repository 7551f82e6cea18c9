//! Spec text (YAML or JSON) into `openapiv3::OpenAPI`, with located errors and without panics.
//!
//! The text is read into a YAML value first: that reports syntax errors and duplicate keys with a
//! line, resolves merge keys, and keeps `openapiv3`'s own deserializers (which can panic on some
//! malformed maps when fed from a streaming YAML parser) away from raw text. The value is then
//! deserialized through `serde_path_to_error`, so a wrong type is reported at its JSON pointer.

use serde_path_to_error::Segment;
use serde_yaml::Value;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::pointer;

/// Parses `text` into an OpenAPI 3.0 document. Errors carry a JSON pointer and, where the parser
/// knows it, a line; positions of the others are filled in by [`crate::locate_diagnostics`].
pub fn load(text: &str) -> Result<openapiv3::OpenAPI, Diagnostics> {
    let mut value = parse_text(text).map_err(|d| Diagnostics(vec![d]))?;
    value
        .apply_merge()
        .map_err(|e| Diagnostics(vec![Diagnostic::error("", format!("invalid merge key: {e}"))]))?;
    check_version(&value).map_err(|d| Diagnostics(vec![d]))?;
    serde_path_to_error::deserialize(value).map_err(|e| {
        let pointer = path_pointer(e.path());
        let message = e.inner().to_string();
        Diagnostics(vec![
            Diagnostic::error(pointer, format!("not a valid OpenAPI 3.0 document here: {message}"))
                .with_hint("compare this node with the OpenAPI 3.0.3 specification's object of that name"),
        ])
    })
}

fn parse_text(text: &str) -> Result<Value, Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::error("", "the document is empty")
            .with_hint("write an OpenAPI 3.0 document: `openapi: 3.0.3`, `info` and `paths` at least"));
    }
    let parsed = if text.trim_start().starts_with('{') {
        serde_json::from_str::<Value>(text).map_err(|e| {
            Diagnostic::error("", format!("JSON syntax error: {e}")).at(e.line(), e.column())
        })
    } else {
        serde_yaml::from_str::<Value>(text).map_err(|e| {
            let message = strip_position(&e.to_string());
            let d = Diagnostic::error("", format!("YAML syntax error: {message}"));
            match e.location() {
                Some(l) => d.at(l.line(), l.column()),
                None => d,
            }
        })
    }?;
    match parsed {
        Value::Mapping(_) => Ok(parsed),
        Value::Null => Err(Diagnostic::error("", "the document is empty")
            .with_hint("write an OpenAPI 3.0 document: `openapi: 3.0.3`, `info` and `paths` at least")),
        _ => Err(Diagnostic::error("", "the document is not a mapping")
            .with_hint("an OpenAPI document is a mapping with `openapi`, `info` and `paths` keys")),
    }
}

/// serde_yaml appends " at line L column C" to its messages; we report the position separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

fn check_version(doc: &Value) -> Result<(), Diagnostic> {
    if doc.get("swagger").is_some() {
        return Err(Diagnostic::error("/swagger", "this is a Swagger 2.0 document; only OpenAPI 3.0 is read")
            .with_hint("convert it to OpenAPI 3.0 first (for example with swagger2openapi)"));
    }
    let Some(version) = doc.get("openapi") else {
        return Err(Diagnostic::error("", "the document has no `openapi` field")
            .with_hint("start the document with `openapi: 3.0.3`"));
    };
    let Some(version) = version.as_str() else {
        return Err(Diagnostic::error("/openapi", "`openapi` must be a string such as \"3.0.3\"")
            .with_hint("quote the version: `openapi: \"3.0.3\"` (an unquoted 3.0 is read as a number)"));
    };
    if version.starts_with("3.1") {
        return Err(Diagnostic::error(
            "/openapi",
            format!("OpenAPI {version} is not supported; this generator reads OpenAPI 3.0.x"),
        )
        .with_hint("write the spec as OpenAPI 3.0.3 (e.g. `nullable: true` instead of `type: [T, \"null\"]`)"));
    }
    if !version.starts_with("3.0") {
        return Err(Diagnostic::error("/openapi", format!("unknown OpenAPI version {version:?}"))
            .with_hint("this generator reads OpenAPI 3.0.x documents"));
    }
    Ok(())
}

fn path_pointer(path: &serde_path_to_error::Path) -> String {
    let mut tokens = Vec::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => tokens.push(index.to_string()),
            Segment::Map { key } => tokens.push(key.clone()),
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    pointer::join("", tokens)
}
