//! What the tests share: where things are, how to read a spec's examples, and JSON comparison.

use std::path::PathBuf;

use serde_json::Value;

/// The workspace root.
pub fn root() -> PathBuf {
    xtask::workspace_root()
}

/// Plaid's public spec, beside the checkout (never copied into the repository).
pub fn plaid_spec_path() -> PathBuf {
    root().join("../shared/specs/plaid/2020-09-14.yml")
}

/// A spec file as JSON.
///
/// # Panics
/// When the file cannot be read or parsed: these are test inputs.
pub fn read_spec(path: &std::path::Path) -> Value {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("parse {}: {e}", path.display()))
}

/// One example a spec carries for a body.
#[derive(Debug, Clone)]
pub struct BodyExample {
    /// Where it is, for messages: `POST /auth/get 200 example-1`.
    pub label: String,
    /// The component schema the body references (`AuthGetResponse`).
    pub schema: String,
    /// The example value.
    pub value: Value,
}

/// Every `example`/`examples` of every request and response body of the operation at
/// `method path`, with the schema it must match.
pub fn body_examples(spec: &Value, method: &str, path: &str) -> Vec<BodyExample> {
    let op = &spec["paths"][path][method];
    let mut contents: Vec<(String, &Value)> = Vec::new();
    if let Some(content) = op["requestBody"]["content"].as_object() {
        contents.extend(content.values().map(|m| ("request".to_owned(), m)));
    }
    if let Some(responses) = op["responses"].as_object() {
        for (status, response) in responses {
            if let Some(content) = response["content"].as_object() {
                contents.extend(content.values().map(|m| (status.clone(), m)));
            }
        }
    }
    let mut out = Vec::new();
    for (place, media) in contents {
        let schema = media["schema"]["$ref"]
            .as_str()
            .unwrap_or_default()
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_owned();
        let label = format!("{} {path} {place}", method.to_uppercase());
        if let Some(value) = media.get("example") {
            out.push(BodyExample {
                label: format!("{label} example"),
                schema: schema.clone(),
                value: value.clone(),
            });
        }
        if let Some(examples) = media["examples"].as_object() {
            for (name, example) in examples {
                out.push(BodyExample {
                    label: format!("{label} {name}"),
                    schema: schema.clone(),
                    value: example["value"].clone(),
                });
            }
        }
    }
    out
}

/// Compares two JSON values as JSON means them: numbers by value (`100` equals `100.0`), objects
/// regardless of key order. Returns the first difference, by path.
///
/// # Errors
/// A description of the first difference.
pub fn json_equivalent(expected: &Value, actual: &Value) -> Result<(), String> {
    compare(expected, actual, "$")
}

fn compare(expected: &Value, actual: &Value, path: &str) -> Result<(), String> {
    match (expected, actual) {
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => Ok(()),
        (Value::Object(a), Value::Object(b)) => {
            for key in a.keys().chain(b.keys()) {
                match (a.get(key), b.get(key)) {
                    (Some(x), Some(y)) => compare(x, y, &format!("{path}.{key}"))?,
                    (Some(x), None) => return Err(format!("{path}.{key}: expected {x}, missing")),
                    (None, Some(y)) => return Err(format!("{path}.{key}: unexpected {y}")),
                    (None, None) => {}
                }
            }
            Ok(())
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                compare(x, y, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        (a, b) if a == b => Ok(()),
        (a, b) => Err(format!("{path}: expected {a}, got {b}")),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::json_equivalent;

    #[test]
    fn numbers_compare_by_value_and_differences_are_located() {
        assert!(
            json_equivalent(
                &json!({"a": [1, {"b": 100}]}),
                &json!({"a": [1, {"b": 100.0}]})
            )
            .is_ok()
        );
        let err = json_equivalent(&json!({"a": [1, {"b": 1}]}), &json!({"a": [1, {"b": 2}]}))
            .unwrap_err();
        assert_eq!(err, "$.a[1].b: expected 1, got 2");
        assert!(json_equivalent(&json!({"a": null}), &json!({})).is_err());
    }
}
