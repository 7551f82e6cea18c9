//! Smaller specs cut from a large one: the first N operations (in path order) and only the
//! components they reach through `$ref`s, so that the cost of generation can be shown as a
//! function of the number of operations.

use std::collections::{BTreeSet, VecDeque};

use serde_yaml::{Mapping, Value};

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The number of operations in `spec` (a parsed document).
pub fn operation_count(spec: &Value) -> usize {
    paths(spec).map_or(0, |paths| {
        paths
            .values()
            .filter_map(Value::as_mapping)
            .map(|item| item.keys().filter(|k| is_method(k)).count())
            .sum()
    })
}

/// `text` cut down to its first `operations` operations and the components they reach
/// (security schemes are kept whole), as YAML text.
///
/// # Errors
/// When `text` is not YAML or has no `paths` mapping.
pub fn first_operations(text: &str, operations: usize) -> Result<String, String> {
    let mut spec: Value = serde_yaml::from_str(text).map_err(|e| e.to_string())?;
    let kept = keep_operations(&spec, operations)?;
    let reached = reachable_components(&kept, spec.get("components"));
    if let Some(root) = spec.as_mapping_mut() {
        root.insert(Value::from("paths"), Value::Mapping(kept));
        if let Some(Value::Mapping(components)) = root.get_mut("components") {
            prune_components(components, &reached);
        }
    }
    serde_yaml::to_string(&spec).map_err(|e| e.to_string())
}

fn paths(spec: &Value) -> Option<&Mapping> {
    spec.get("paths").and_then(Value::as_mapping)
}

fn is_method(key: &Value) -> bool {
    key.as_str().is_some_and(|k| METHODS.contains(&k))
}

/// The `paths` mapping with operations beyond the first `wanted` removed (and paths left
/// without operations dropped).
fn keep_operations(spec: &Value, wanted: usize) -> Result<Mapping, String> {
    let all = paths(spec).ok_or("the spec has no `paths` mapping")?;
    let mut kept = Mapping::new();
    let mut count = 0;
    for (path, item) in all {
        let Some(item) = item.as_mapping() else {
            continue;
        };
        let mut trimmed = Mapping::new();
        for (key, value) in item {
            if is_method(key) {
                if count == wanted {
                    continue;
                }
                count += 1;
            }
            trimmed.insert(key.clone(), value.clone());
        }
        if trimmed.keys().any(is_method) {
            kept.insert(path.clone(), Value::Mapping(trimmed));
        }
    }
    Ok(kept)
}

/// Every `#/components/KIND/NAME` reached from `roots`, following `$ref`s through components.
fn reachable_components(roots: &Mapping, components: Option<&Value>) -> BTreeSet<(String, String)> {
    let mut reached = BTreeSet::new();
    let mut queue: VecDeque<(String, String)> = VecDeque::new();
    let mut found = Vec::new();
    collect_refs(&Value::Mapping(roots.clone()), &mut found);
    queue.extend(found.drain(..));
    while let Some(target) = queue.pop_front() {
        if !reached.insert(target.clone()) {
            continue;
        }
        let node = components
            .and_then(|c| c.get(target.0.as_str()))
            .and_then(|kind| kind.get(target.1.as_str()));
        if let Some(node) = node {
            collect_refs(node, &mut found);
            queue.extend(found.drain(..));
        }
    }
    reached
}

/// The `(kind, name)` of every local component `$ref` in `value`.
fn collect_refs(value: &Value, found: &mut Vec<(String, String)>) {
    match value {
        Value::Mapping(m) => {
            for (key, child) in m {
                if key.as_str() == Some("$ref") {
                    if let Some(target) = child.as_str().and_then(component_of) {
                        found.push(target);
                    }
                } else {
                    collect_refs(child, found);
                }
            }
        }
        Value::Sequence(items) => items.iter().for_each(|item| collect_refs(item, found)),
        Value::Tagged(tagged) => collect_refs(&tagged.value, found),
        _ => {}
    }
}

/// `#/components/schemas/Foo` as `("schemas", "Foo")`.
fn component_of(reference: &str) -> Option<(String, String)> {
    let rest = reference.strip_prefix("#/components/")?;
    let (kind, name) = rest.split_once('/')?;
    let name = name.replace("~1", "/").replace("~0", "~");
    Some((kind.to_owned(), name))
}

fn prune_components(components: &mut Mapping, reached: &BTreeSet<(String, String)>) {
    for (kind, entries) in components.iter_mut() {
        let Some(kind) = kind.as_str() else {
            continue;
        };
        if kind == "securitySchemes" {
            continue;
        }
        if let Value::Mapping(entries) = entries {
            entries.retain(|name, _| {
                name.as_str()
                    .is_some_and(|n| reached.contains(&(kind.to_owned(), n.to_owned())))
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = r##"
openapi: 3.0.3
info: { title: T, version: "1" }
paths:
  /a:
    get:
      responses:
        "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/A" } } } }
    post:
      responses:
        "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/B" } } } }
  /c:
    get:
      responses:
        "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/C" } } } }
components:
  schemas:
    A: { type: object, properties: { inner: { $ref: "#/components/schemas/Inner" } } }
    Inner: { type: string }
    B: { type: integer }
    C: { type: boolean }
"##;

    #[test]
    fn keeps_the_first_operations_and_what_they_reach() {
        let one: Value = serde_yaml::from_str(&first_operations(SPEC, 1).unwrap()).unwrap();
        assert_eq!(operation_count(&one), 1);
        let schemas = one["components"]["schemas"].as_mapping().unwrap();
        let names: Vec<&str> = schemas.keys().filter_map(Value::as_str).collect();
        assert_eq!(names, ["A", "Inner"]);

        let all: Value = serde_yaml::from_str(&first_operations(SPEC, 10).unwrap()).unwrap();
        assert_eq!(operation_count(&all), 3);
        assert_eq!(all["components"]["schemas"].as_mapping().unwrap().len(), 4);
    }
}
