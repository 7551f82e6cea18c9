//! Exact JSON pointers for what the model keeps no pointer for: a parameter (by its index in
//! the operation or path item), a property merged from an `allOf` part, an enum value.
//!
//! The model knows where each type and operation is; this reads the spec document itself to
//! find the member. Where the document is not at hand, or the member is not found (a property
//! that comes from a `$ref`'d `allOf` part outside the type, say), the caller falls back to the
//! pointer of the enclosing node.

use serde_json::Value;

use crate::pointer;

/// A loaded spec as a JSON tree, or nothing (then every lookup answers `None`).
#[derive(Clone, Debug, Default)]
pub struct Document(Option<Value>);

/// How many `$ref`s a lookup follows before giving up (a spec can contain reference cycles).
const MAX_REFS: usize = 16;

impl Document {
    /// The spec `text` as a JSON tree; nothing when it does not load.
    pub fn parse(text: &str) -> Self {
        let tree = crate::load::load(text)
            .ok()
            .and_then(|doc| serde_json::to_value(doc).ok());
        Document(tree)
    }

    fn at(&self, pointer: &str) -> Option<&Value> {
        self.0.as_ref()?.pointer(pointer)
    }

    /// Follows `$ref`s from `value` to the node they point at.
    fn resolve<'a>(&'a self, mut value: &'a Value) -> Option<&'a Value> {
        for _ in 0..MAX_REFS {
            match value.get("$ref").and_then(Value::as_str) {
                Some(target) => value = self.at(target.strip_prefix('#')?)?,
                None => return Some(value),
            }
        }
        None
    }

    /// The parameter `name` in `location` of the operation at `operation`: in the operation's
    /// own list, else in its path item's.
    pub fn parameter(&self, operation: &str, location: &str, name: &str) -> Option<String> {
        let tokens = pointer::tokens(operation);
        let (_, path_item) = tokens.split_last()?;
        let path_item = pointer::join("", path_item);
        [operation.to_owned(), path_item]
            .into_iter()
            .find_map(|owner| {
                let list = self.at(&format!("{owner}/parameters"))?.as_array()?;
                let index = list.iter().position(|p| {
                    self.resolve(p).is_some_and(|p| {
                        p.get("name").and_then(Value::as_str) == Some(name)
                            && p.get("in").and_then(Value::as_str) == Some(location)
                    })
                })?;
                Some(format!("{owner}/parameters/{index}"))
            })
    }

    /// The property `name` of the schema at `schema`: directly, or in one of its `allOf`
    /// parts (inline, then at the pointer of a referenced part).
    pub fn property(&self, schema: &str, name: &str) -> Option<String> {
        self.property_within(schema, name, MAX_REFS)
    }

    fn property_within(&self, schema: &str, name: &str, depth: usize) -> Option<String> {
        let direct = pointer::join(schema, ["properties", name]);
        if self.at(&direct).is_some() {
            return Some(direct);
        }
        let parts = self.at(&format!("{schema}/allOf"))?.as_array()?;
        let depth = depth.checked_sub(1)?;
        parts.iter().enumerate().find_map(|(i, part)| {
            let at = match part.get("$ref").and_then(Value::as_str) {
                Some(target) => target.strip_prefix('#')?.to_owned(),
                None => format!("{schema}/allOf/{i}"),
            };
            self.property_within(&at, name, depth)
        })
    }

    /// The enum value `value` of the schema at `schema`.
    pub fn enum_value(&self, schema: &str, value: &str) -> Option<String> {
        let values = self.at(&format!("{schema}/enum"))?.as_array()?;
        let index = values.iter().position(|v| v.as_str() == Some(value))?;
        Some(format!("{schema}/enum/{index}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /pets/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
    get:
      parameters:
        - $ref: '#/components/parameters/Verbose'
      responses:
        '200': {description: ok}
components:
  parameters:
    Verbose: {name: verbose, in: query, schema: {type: boolean}}
  schemas:
    Base: {type: object, properties: {id: {type: string}}}
    Pet:
      allOf:
        - $ref: '#/components/schemas/Base'
        - {type: object, properties: {name: {type: string}}}
    Kind: {type: string, enum: [cat, dog]}
"#;

    #[test]
    fn finds_parameters_in_the_operation_and_the_path_item() {
        let doc = Document::parse(SPEC);
        let op = "/paths/~1pets~1{id}/get";
        assert_eq!(
            doc.parameter(op, "query", "verbose").as_deref(),
            Some("/paths/~1pets~1{id}/get/parameters/0")
        );
        assert_eq!(
            doc.parameter(op, "path", "id").as_deref(),
            Some("/paths/~1pets~1{id}/parameters/0")
        );
        assert_eq!(doc.parameter(op, "header", "id"), None);
    }

    #[test]
    fn finds_properties_in_all_of_parts_and_enum_values() {
        let doc = Document::parse(SPEC);
        let pet = "/components/schemas/Pet";
        assert_eq!(
            doc.property(pet, "name").as_deref(),
            Some("/components/schemas/Pet/allOf/1/properties/name")
        );
        assert_eq!(
            doc.property(pet, "id").as_deref(),
            Some("/components/schemas/Base/properties/id")
        );
        assert_eq!(
            doc.enum_value("/components/schemas/Kind", "dog").as_deref(),
            Some("/components/schemas/Kind/enum/1")
        );
    }
}
