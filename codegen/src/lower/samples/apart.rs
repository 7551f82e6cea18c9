//! Values of one schema that other schemas do not hold: what makes a `oneOf` alternative's
//! value exactly one alternative when its minimal values are held by others too (an
//! alternative that differs only in an optional property's enum, deep inside, or in the items
//! of an optional array).
//!
//! The search goes down the schema: a candidate the others refuse; else, in an object, one
//! property at a time set to a value its schema holds and the others' schemas for it do not
//! (also a property only the others declare, where the schema's further properties have a
//! schema); in an array, one such item. Every value it returns has been checked against all
//! the schemas.

use serde_json::{Map, Value};

use super::combine::merge_all_of;
use super::convert::ref_pointer;
use super::synth::Synthesis;

/// How deep the search goes into properties and items.
const MAX_DEPTH: usize = 6;

/// How many properties of one object the search tries.
const MAX_PROPERTIES: usize = 64;

impl Synthesis<'_> {
    /// A value that conforms to `schema` and to none of `others`; None when the search finds
    /// none.
    pub(super) fn apart(
        &mut self,
        schema: &Value,
        others: &[Value],
        depth: usize,
    ) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        let candidates = self.candidates(schema, depth + 1);
        if let Some(found) = candidates
            .iter()
            .find(|c| self.conforms_apart(schema, others, c))
        {
            return Some(found.clone());
        }
        let base = candidates
            .into_iter()
            .find(|c| self.validators.conforms(schema, c))?;
        let own = self.resolved_map(schema)?;
        match base {
            Value::Object(object) => self.object_apart(schema, &own, object, others, depth),
            Value::Array(_) => {
                let items = own.get("items").filter(|i| i.is_object())?;
                let other_items: Vec<Value> = others
                    .iter()
                    .filter_map(|o| self.resolved_map(o)?.get("items").cloned())
                    .collect();
                let item = self.apart(items, &other_items, depth + 1)?;
                let value = Value::Array(vec![item]);
                self.conforms_apart(schema, others, &value).then_some(value)
            }
            _ => None,
        }
    }

    /// [`Synthesis::apart`] for an object schema whose minimal value `object` the others
    /// hold: properties set one at a time, kept while the value still conforms to `schema`.
    fn object_apart(
        &mut self,
        schema: &Value,
        own: &Map<String, Value>,
        mut object: Map<String, Value>,
        others: &[Value],
        depth: usize,
    ) -> Option<Value> {
        let other_maps: Vec<Map<String, Value>> =
            others.iter().filter_map(|o| self.resolved_map(o)).collect();
        let empty = Map::new();
        let properties = own
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        // The schema's own properties, then those only the others name where the schema
        // gives further properties a schema of their own: the generated type keeps those (in
        // its map of further properties) and drops other unknown ones, which would leave the
        // answer it serves held by the others again.
        let open = own
            .get("additionalProperties")
            .is_some_and(Value::is_object);
        let mut names: Vec<(String, Value)> = properties
            .iter()
            .map(|(name, s)| (name.clone(), s.clone()))
            .collect();
        if open {
            for other in &other_maps {
                for name in other
                    .get("properties")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flat_map(|p| p.keys())
                {
                    if !properties.contains_key(name) && !names.iter().any(|(n, _)| n == name) {
                        let further = own.get("additionalProperties").cloned();
                        names.push((name.clone(), further.unwrap_or(Value::Object(Map::new()))));
                    }
                }
            }
        }
        for (name, property) in names.into_iter().take(MAX_PROPERTIES) {
            let theirs: Vec<Value> = other_maps
                .iter()
                .filter_map(|o| property_schema(o, &name))
                .collect();
            if theirs.is_empty() {
                continue;
            }
            let Some(value) = self.apart(&property, &theirs, depth + 1) else {
                continue;
            };
            let before = object.insert(name.clone(), value);
            let candidate = Value::Object(object.clone());
            if self.conforms_apart(schema, others, &candidate) {
                return Some(candidate);
            }
            if !self.validators.conforms(schema, &candidate) {
                match before {
                    Some(v) => object.insert(name, v),
                    None => object.remove(&name),
                };
            }
        }
        None
    }

    /// Whether `value` conforms to `schema` and to none of `others`.
    fn conforms_apart(&mut self, schema: &Value, others: &[Value], value: &Value) -> bool {
        self.validators.conforms(schema, value)
            && others.iter().all(|o| !self.validators.conforms(o, value))
    }

    /// The schema with its `$ref`s followed and its `allOf` merged; None when a `$ref` leads
    /// nowhere or the schema is not a JSON object (`true`).
    pub(super) fn resolved_map(&self, schema: &Value) -> Option<Map<String, Value>> {
        let document = self.document;
        let mut current = schema;
        for _ in 0..32 {
            match current.get("$ref").and_then(Value::as_str) {
                Some(r) => current = document.pointer(&ref_pointer(r)?)?,
                None => break,
            }
        }
        let map = current.as_object()?;
        Some(if map.contains_key("allOf") {
            merge_all_of(document, map)
        } else {
            map.clone()
        })
    }
}

/// The schema `map` gives property `name`: its own, or its `additionalProperties` schema;
/// None when it takes any value there.
fn property_schema(map: &Map<String, Value>, name: &str) -> Option<Value> {
    if let Some(s) = map
        .get("properties")
        .and_then(Value::as_object)
        .and_then(|p| p.get(name))
    {
        return Some(s.clone());
    }
    match map.get("additionalProperties") {
        // Nothing is allowed there: a schema Draft 4 can say that with.
        Some(Value::Bool(false)) => Some(serde_json::json!({"not": {}})),
        Some(s @ Value::Object(_)) => Some(s.clone()),
        _ => None,
    }
}
