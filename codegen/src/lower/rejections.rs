//! `x-codegen-rejections`: how the generated server words a request it refuses.

use openapiv3::{ReferenceOr, Schema};
use serde_json::Value;

use super::Lowerer;
use super::object::object_properties;
use crate::model::RejectionEnvelope;

/// The extension's key at the document root.
pub const EXTENSION: &str = "x-codegen-rejections";

const AT: &str = "/x-codegen-rejections";

impl<'a> Lowerer<'a> {
    /// Reads and checks the extension: the schema exists and is an object, every template
    /// property is one of its properties, and every required property is in the template.
    pub(super) fn lower_rejections(&mut self) -> Option<RejectionEnvelope> {
        let doc = self.doc;
        let ext = doc.extensions.get(EXTENSION)?;
        let Some(ext) = ext.as_object() else {
            self.error(
                AT,
                "must be a mapping with `schema` and `body`",
                "see the README: Error envelope",
            );
            return None;
        };
        let Some(reference) = ext.get("schema").and_then(Value::as_str) else {
            self.error(
                AT,
                "has no `schema`: the $ref of the error schema, e.g. '#/components/schemas/Error'",
                "add `schema`",
            );
            return None;
        };
        let Some(template) = ext.get("body").filter(|b| b.is_object()) else {
            self.error(
                AT,
                "has no `body` mapping: the template of a rejection body",
                "add `body`",
            );
            return None;
        };
        let overrides = match ext.get("overrides") {
            None => serde_json::Map::new(),
            Some(Value::Object(o)) if o.values().all(Value::is_object) => o.clone(),
            Some(_) => {
                self.error(
                    &format!("{AT}/overrides"),
                    "must map error codes to mappings of properties",
                    "e.g. `INTERNAL_SERVER_ERROR: {error_type: API_ERROR}`",
                );
                return None;
            }
        };
        let (key, schema) = self.schema_ref(reference, &format!("{AT}/schema"))?;
        let schema: &'a Schema = match schema {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { .. } => {
                self.error(
                    &format!("{AT}/schema"),
                    "must name a schema that is defined, not another $ref",
                    "point at the final schema",
                );
                return None;
            }
        };
        let Some((properties, required)) = object_properties(schema) else {
            self.error(
                &format!("{AT}/schema"),
                format!("`{key}` is not an object schema"),
                "the error schema must be an object with properties",
            );
            return None;
        };
        let mut bodies = vec![(format!("{AT}/body"), template)];
        bodies.extend(
            overrides
                .iter()
                .map(|(code, o)| (format!("{AT}/overrides/{code}"), o)),
        );
        for (at, body) in bodies {
            for name in body.as_object().into_iter().flat_map(|o| o.keys()) {
                if !properties.iter().any(|p| p == name) {
                    self.error(
                        &format!("{at}/{name}"),
                        format!("`{key}` has no property `{name}`"),
                        format!("use properties of `{key}`: {}", properties.join(", ")),
                    );
                }
            }
        }
        for name in &required {
            if template.get(name.as_str()).is_none() {
                self.error(
                    &format!("{AT}/body"),
                    format!("the template lacks `{name}`, which `{key}` requires"),
                    format!("add `{name}` to the template"),
                );
            }
        }
        Some(RejectionEnvelope {
            type_name: self.component_types[key].clone(),
            template: template.clone(),
            overrides,
        })
    }
}
