//! Candidate arrays and objects: the fewest items, the required properties.

use serde_json::{Map, Value, json};

use super::synth::{LIMIT, Synthesis};

impl Synthesis<'_> {
    /// Candidate arrays: the fewest items (`minItems`), distinct with `uniqueItems`; a tuple
    /// (`items` a list) gets its items, then what `additionalItems` allows.
    pub(super) fn arrays(&mut self, map: &Map<String, Value>, depth: usize) -> Vec<Value> {
        let min = map.get("minItems").and_then(Value::as_u64).unwrap_or(0);
        let max = map
            .get("maxItems")
            .and_then(Value::as_u64)
            .unwrap_or(u64::MAX);
        if min > 1024 || min > max {
            return Vec::new();
        }
        let min = min as usize;
        let unique = map.get("uniqueItems") == Some(&Value::Bool(true));
        let mut items = Vec::new();
        let rest = match map.get("items") {
            Some(Value::Array(prefix)) => {
                for schema in prefix {
                    let found = self.candidates(schema, depth + 1);
                    let pick = found.iter().find(|c| !unique || !items.contains(*c));
                    match pick {
                        Some(value) => items.push(value.clone()),
                        None => return Vec::new(),
                    }
                }
                map.get("additionalItems").cloned().unwrap_or(json!({}))
            }
            Some(schema) => schema.clone(),
            None => json!({}),
        };
        if items.len() < min {
            let found = self.candidates(&rest, depth + 1);
            let mut next = found.iter();
            while items.len() < min {
                let value = if unique {
                    next.by_ref().find(|c| !items.contains(*c))
                } else {
                    found.first()
                };
                match value {
                    Some(v) => items.push(v.clone()),
                    None => return Vec::new(),
                }
            }
        }
        vec![Value::Array(items)]
    }

    /// Candidate objects: the required properties (and those `dependencies` ask for, and as
    /// many more as `minProperties` needs); then variants in which one property takes its next
    /// candidate.
    pub(super) fn objects(&mut self, map: &Map<String, Value>, depth: usize) -> Vec<Value> {
        let empty = Map::new();
        let properties = map
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let additional = map.get("additionalProperties");
        let closed = additional == Some(&Value::Bool(false));
        let schema_of = |name: &str| -> Value {
            match (properties.get(name), additional) {
                (Some(schema), _) => schema.clone(),
                (None, Some(Value::Object(schema))) => Value::Object(schema.clone()),
                (None, _) => json!({}),
            }
        };
        let mut names: Vec<String> = map
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|n| n.as_str().map(str::to_owned))
            .collect();
        names.dedup();
        add_dependencies(map, &mut names);
        let mut chosen: Vec<(String, Vec<Value>)> = Vec::new();
        for name in &names {
            if closed && !properties.contains_key(name) {
                return Vec::new();
            }
            let found = self.candidates(&schema_of(name), depth + 1);
            if found.is_empty() {
                return Vec::new();
            }
            chosen.push((name.clone(), found));
        }
        let min = map
            .get("minProperties")
            .and_then(Value::as_u64)
            .unwrap_or(0);
        let min = usize::try_from(min).unwrap_or(usize::MAX);
        let mut optional = properties.keys().filter(|k| !names.contains(k));
        let mut counter = 0;
        while chosen.len() < min {
            let name = match optional.next() {
                Some(name) => name.clone(),
                None if !closed && counter < 1024 => {
                    counter += 1;
                    format!("property{counter}")
                }
                None => return Vec::new(),
            };
            if chosen.iter().any(|(n, _)| *n == name) {
                continue;
            }
            let found = self.candidates(&schema_of(&name), depth + 1);
            if !found.is_empty() {
                chosen.push((name, found));
            }
        }
        let base: Map<String, Value> = chosen
            .iter()
            .map(|(name, found)| (name.clone(), found[0].clone()))
            .collect();
        let mut out = vec![Value::Object(base.clone())];
        'variants: for (name, found) in &chosen {
            for value in found.iter().skip(1) {
                if out.len() >= LIMIT {
                    break 'variants;
                }
                let mut variant = base.clone();
                variant.insert(name.clone(), value.clone());
                out.push(Value::Object(variant));
            }
        }
        out
    }
}

/// Adds to `names` the properties that `dependencies` (Draft 4's `dependentRequired`) ask for
/// when the properties in `names` are present.
fn add_dependencies(map: &Map<String, Value>, names: &mut Vec<String>) {
    let Some(dependencies) = map.get("dependencies").and_then(Value::as_object) else {
        return;
    };
    let mut i = 0;
    while i < names.len() && names.len() < 1024 {
        if let Some(Value::Array(needed)) = dependencies.get(&names[i]) {
            for n in needed.iter().filter_map(Value::as_str) {
                if !names.iter().any(|x| x == n) {
                    names.push(n.to_owned());
                }
            }
        }
        i += 1;
    }
}
