//! Checks on the parsed value before `openapiv3` reads it: keys that are
//! not strings, and what `openapiv3` would panic on or silently drop.

use serde_yaml::{Mapping, Value};

use super::key_token;
use crate::diagnostic::Diagnostic;
use crate::pointer;

/// Turns number, boolean and null mapping keys into the strings JSON would have (`200:` is
/// `"200":`), as `openapiv3` expects string keys everywhere. A key that is a mapping or a list has
/// no JSON form, and two keys may become one (`1:` and `"1":`): both are errors.
pub(super) fn stringify_keys(value: &mut Value, at: &str, errors: &mut Vec<Diagnostic>) {
    match value {
        Value::Mapping(m) => {
            if m.keys().any(|k| !k.is_string()) {
                let mut fixed = Mapping::with_capacity(m.len());
                for (k, v) in std::mem::take(m) {
                    let key = match &k {
                        Value::Null => "null".to_owned(),
                        other => match key_token(other) {
                            Some(token) => token,
                            None => {
                                errors.push(
                                    Diagnostic::error(
                                        at,
                                        "a mapping key here is itself a mapping or a list",
                                    )
                                    .with_hint(
                                        "keys in an OpenAPI document are strings, as in JSON",
                                    ),
                                );
                                continue;
                            }
                        },
                    };
                    if fixed.contains_key(key.as_str()) {
                        errors.push(
                            Diagnostic::error(pointer::join(at, [&key]), format!("key `{key}` is written twice, once quoted and once not"))
                                .with_hint("keys are strings, as in JSON: `1` and `\"1\"` are the same key; keep one"),
                        );
                        continue;
                    }
                    fixed.insert(Value::String(key), v);
                }
                *m = fixed;
            }
            for (k, v) in m.iter_mut() {
                if let Some(token) = key_token(k) {
                    stringify_keys(v, &pointer::join(at, [token]), errors);
                }
            }
        }
        Value::Sequence(s) => {
            for (i, v) in s.iter_mut().enumerate() {
                stringify_keys(v, &pointer::join(at, [i.to_string()]), errors);
            }
        }
        Value::Tagged(t) => stringify_keys(&mut t.value, at, errors),
        _ => {}
    }
}

/// `allOf`, `oneOf` and `anyOf` must list at least one schema (JSON Schema says so); an empty
/// one means nothing, and the generator cannot type it. Examples, defaults, enums and extensions
/// hold data, not schemas, and are not looked into.
pub(super) fn empty_compositions(doc: &Value) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    find_empty_compositions(doc, "", false, &mut found);
    found
}

/// Whether the member `key` of an OpenAPI object holds data (examples, defaults, enum values,
/// extensions) rather than more of the document: walks over the document do not look into it.
pub(super) fn holds_data(key: &str) -> bool {
    ["example", "examples", "default", "enum"].contains(&key) || key.starts_with("x-")
}

/// `names` is set in a mapping whose keys are names (`properties`, `schemas`), which may be
/// spelled like the data keywords.
fn find_empty_compositions(value: &Value, at: &str, names: bool, found: &mut Vec<Diagnostic>) {
    match value {
        Value::Mapping(m) => {
            for (k, v) in m {
                let Some(key) = key_token(k) else { continue };
                let child = pointer::join(at, [&key]);
                let is_data = !names && holds_data(&key);
                let is_composition = !names && ["allOf", "oneOf", "anyOf"].contains(&key.as_str());
                if is_composition && v.as_sequence().is_some_and(Vec::is_empty) {
                    found.push(
                        Diagnostic::error(child, format!("`{key}` lists no schemas")).with_hint(
                            format!("list at least one schema in `{key}`, or remove it"),
                        ),
                    );
                } else if !is_data {
                    let holds_names = !names && ["properties", "schemas"].contains(&key.as_str());
                    find_empty_compositions(v, &child, holds_names, found);
                }
            }
        }
        Value::Sequence(s) => {
            for (i, v) in s.iter().enumerate() {
                find_empty_compositions(v, &pointer::join(at, [i.to_string()]), false, found);
            }
        }
        _ => {}
    }
}

/// Values with no JSON form, which no OpenAPI document holds: `.nan` and `.inf` (`openapiv3`
/// panics on some, such as a schema `title: .nan`, and turns others into `null`), and values
/// with a YAML tag such as `!Ref` (read in some places and refused with a puzzling message in
/// others).
pub(super) fn non_json_values(doc: &Value) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    visit(doc, "", &mut |v, at| {
        match v {
        Value::Number(n) if n.as_f64().is_some_and(|f| !f.is_finite()) => found.push(
            Diagnostic::error(at, format!("`{n}` is not a number JSON can represent")).with_hint(
                "an OpenAPI document must be valid JSON: write a finite number, or quote the value to make it a string",
            ),
        ),
        Value::Tagged(t) => found.push(
            Diagnostic::error(at, format!("the YAML tag `{}` has no meaning in an OpenAPI document", t.tag))
                .with_hint("remove the tag, or run the tool that understands it before generating"),
        ),
        _ => {}
    }
    });
    found
}

/// Calls `f` on every node with its pointer, in document order.
fn visit(value: &Value, at: &str, f: &mut impl FnMut(&Value, &str)) {
    f(value, at);
    match value {
        Value::Mapping(m) => {
            for (k, v) in m {
                if let Some(token) = key_token(k) {
                    visit(v, &pointer::join(at, [token]), f);
                }
            }
        }
        Value::Sequence(s) => {
            for (i, v) in s.iter().enumerate() {
                visit(v, &pointer::join(at, [i.to_string()]), f);
            }
        }
        _ => {}
    }
}

/// Keys `openapiv3` skips without an error: paths that do not start with `/`, and responses
/// whose key is not a status code, a range like `2XX`, or `default`. Code generated without them
/// would be silently incomplete.
pub(super) fn silently_dropped_keys(doc: &Value) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some(Value::Mapping(paths)) = doc.get("paths") else {
        return out;
    };
    for (key, item) in paths {
        let Some(path) = key_token(key) else { continue };
        let at = pointer::join("/paths", [&path]);
        if !path.starts_with('/') && !path.starts_with("x-") {
            out.push(
                Diagnostic::error(&at, format!("path `{path}` does not start with `/`")).with_hint(
                    format!(
                        "write `/{path}`: paths are relative to a server URL and start with a slash"
                    ),
                ),
            );
            continue;
        }
        let Value::Mapping(item) = item else { continue };
        for (method, op) in item {
            let Some(method) = key_token(method).filter(|m| HTTP_METHODS.contains(&m.as_str()))
            else {
                continue;
            };
            let Some(Value::Mapping(responses)) = op.get("responses") else {
                continue;
            };
            for key in responses.keys() {
                if is_response_key(key) {
                    continue;
                }
                let shown = key_token(key).unwrap_or_else(|| "?".to_owned());
                let r_at = pointer::join(&at, [method.as_str(), "responses", shown.as_str()]);
                out.push(
                    Diagnostic::error(r_at, format!("response key `{shown}` is not an HTTP status code"))
                        .with_hint("key a response by a status code such as `200`, a range such as `2XX`, or `default`"),
                );
            }
        }
    }
    out
}

const HTTP_METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn is_response_key(key: &Value) -> bool {
    match key {
        Value::Number(n) => n.as_u64().is_some_and(|c| (100..1000).contains(&c)),
        Value::String(s) if s == "default" || s.starts_with("x-") => true,
        Value::String(s) => match s.as_bytes() {
            [a, b, c] if s.bytes().all(|b| b.is_ascii_digit()) => {
                let code =
                    u16::from(a - b'0') * 100 + u16::from(b - b'0') * 10 + u16::from(c - b'0');
                code >= 100
            }
            [a, b, c] => {
                a.is_ascii_digit() && b.eq_ignore_ascii_case(&b'X') && c.eq_ignore_ascii_case(&b'X')
            }
            _ => false,
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_response_keys() {
        for ok in ["200", "2XX", "5xx", "default", "x-extra"] {
            assert!(is_response_key(&Value::from(ok)), "{ok}");
        }
        assert!(is_response_key(&Value::from(404)));
        for bad in ["OK", "20", "2000", "099", "X00", "é00"] {
            assert!(!is_response_key(&Value::from(bad)), "{bad}");
        }
        assert!(!is_response_key(&Value::from(42)));
    }
}
