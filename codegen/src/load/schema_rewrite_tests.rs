//! What the unit tests of the schema rewrites share: a schema written in flow YAML, rewritten by
//! one step, and the pointers and messages of what that step found.

use serde_yaml::{Mapping, Value};

use crate::diagnostic::Diagnostic;

/// The schema `schema` (flow YAML, read as loading reads text: big numbers kept) after
/// `rewrite`, which finds its diagnostics at `/s`, and those diagnostics as `pointer: message`.
pub(crate) fn rewrite(
    schema: &str,
    rewrite: impl FnOnce(&mut Mapping, &mut Vec<Diagnostic>),
) -> (Value, Vec<String>) {
    let text = format!("s: {schema}");
    let doc = super::syntax::parse_text(&text).expect("YAML");
    let mut m = doc["s"].as_mapping().cloned().expect("a mapping");
    let mut found = Vec::new();
    rewrite(&mut m, &mut found);
    let messages = found
        .into_iter()
        .map(|d| format!("{}: {}", d.pointer, d.message))
        .collect();
    (Value::Mapping(m), messages)
}

/// `text` read as YAML.
pub(crate) fn yaml(text: &str) -> Value {
    serde_yaml::from_str(text).expect("YAML")
}
