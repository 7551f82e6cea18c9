//! Members OpenAPI 3.0 requires that real specs leave out, or write as a number, where a
//! default loses nothing the generated crate needs:
//!
//! | written | read as |
//! |---|---|
//! | `info` without `title` | `title: API` |
//! | `info` without `version` | `version: unversioned` |
//! | `info.version: 1.0` (a YAML number) | `version: "1.0"`, as written |
//! | a Response Object without `description` | an empty description |
//!
//! Each with a warning at the object that lacks the member. A member of the wrong kind (a
//! title that is a mapping) stays an error: its meaning is not plain.

use serde_yaml::{Mapping, Value};

use super::structure::{Kind, visit_objects};
use crate::diagnostic::Diagnostic;
use crate::load::tree;
use crate::pointer;

/// Fills the members of `doc` that OpenAPI 3.0 requires and a spec left out; returns one
/// warning per member filled.
pub(super) fn fill_required_members(doc: &mut Value) -> Vec<Diagnostic> {
    let mut found = fill_info(doc);
    let mut responses: Vec<Vec<String>> = Vec::new();
    visit_objects(doc, &mut |at, kind, object| {
        if kind == Kind::Response
            && !object.contains_key("$ref")
            && !object.contains_key("description")
        {
            responses.push(at.iter().map(|t| t.to_string()).collect());
        }
    });
    for at in responses {
        let Some(Value::Mapping(response)) = tree::node_at_mut(doc, &at) else {
            continue;
        };
        response.insert("description".into(), Value::String(String::new()));
        found.push(
            Diagnostic::warning(
                pointer::join("", &at),
                "the response has no `description`, which OpenAPI 3.0 requires; it is read as an empty one",
            )
            .with_hint("add `description:` saying what the response is; the generated client and server document it with it"),
        );
    }
    found
}

/// `info.title` and `info.version` filled or read as text.
fn fill_info(doc: &mut Value) -> Vec<Diagnostic> {
    let Some(Value::Mapping(info)) = doc.get_mut("info") else {
        return Vec::new();
    };
    let mut found = Vec::new();
    fill(
        info,
        "title",
        "API",
        "add `title:` to `info`: it names the generated crate's API in its docs",
        &mut found,
    );
    fill(
        info,
        "version",
        "unversioned",
        "add `version:` to `info` (the version of the API, e.g. \"1.0.0\")",
        &mut found,
    );
    if let Some(Value::Number(n)) = info.get("version") {
        let text = n.to_string();
        found.push(
            Diagnostic::warning(
                "/info/version",
                format!(
                    "`info.version` is the number {text}, not a string; it is read as \"{text}\""
                ),
            )
            .with_hint(format!(
                "quote it (`version: \"{text}\"`): unquoted, YAML reads `1.10` as the number 1.1"
            )),
        );
        info.insert("version".into(), Value::String(text));
    }
    found
}

fn fill(info: &mut Mapping, key: &str, default: &str, hint: &str, found: &mut Vec<Diagnostic>) {
    if info.contains_key(key) {
        return;
    }
    info.insert(key.into(), Value::String(default.to_owned()));
    found.push(
        Diagnostic::warning(
            "/info",
            format!(
                "`info` has no `{key}`, which OpenAPI 3.0 requires; it is read as \"{default}\""
            ),
        )
        .with_hint(hint),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Value, Vec<String>) {
        let mut doc: Value = serde_yaml::from_str(text).expect("YAML");
        let found = fill_required_members(&mut doc);
        let found = found
            .iter()
            .map(|d| format!("{}: {}", d.pointer, d.message))
            .collect();
        (doc, found)
    }

    #[test]
    fn fills_what_is_missing_and_says_so() {
        let (doc, found) = read(
            "openapi: 3.0.3\ninfo: {version: 1.0}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {content: {}}\n        '404': {$ref: '#/components/responses/NotFound'}\ncomponents:\n  responses:\n    NotFound: {}\n",
        );
        assert_eq!(doc["info"]["title"], Value::from("API"));
        assert_eq!(doc["info"]["version"], Value::from("1.0"));
        assert_eq!(
            doc["paths"]["/a"]["get"]["responses"]["200"]["description"],
            Value::from("")
        );
        assert_eq!(
            doc["components"]["responses"]["NotFound"]["description"],
            Value::from("")
        );
        assert_eq!(found.len(), 4, "{found:?}");
        assert!(found[1].starts_with("/info/version: "), "{found:?}");
        assert!(
            found.contains(&"/paths/~1a/get/responses/200: the response has no `description`, which OpenAPI 3.0 requires; it is read as an empty one".to_owned()),
            "{found:?}"
        );
    }

    #[test]
    fn leaves_complete_documents_alone() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok}\n";
        let (doc, found) = read(text);
        assert_eq!(doc, serde_yaml::from_str::<Value>(text).expect("YAML"));
        assert!(found.is_empty(), "{found:?}");
    }
}
