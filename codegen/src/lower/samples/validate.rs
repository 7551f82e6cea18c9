//! Whether a value conforms to a converted schema: the document registered once, a validator
//! compiled per distinct schema when first asked for, and kept.

use std::collections::HashMap;

use jsonschema::{Draft, Registry, Validator};
use serde_json::Value;

use super::convert::DOCUMENT;

/// The URI of each schema compiled (not the document's, or the schema would hide it).
const SCHEMA: &str = "https://codegen.invalid/schema.json";

/// The validators of one converted document.
pub(super) struct Validators {
    /// The converted document, under [`DOCUMENT`]; None when it could not be registered (then
    /// nothing conforms).
    registry: Option<Registry<'static>>,
    /// Validators by the JSON text of their converted schema; None when the schema did not
    /// compile (an invalid pattern, a `$ref` that leads nowhere).
    compiled: HashMap<String, Option<Validator>>,
}

impl Validators {
    /// Registers the converted document.
    pub(super) fn new(document: Value) -> Validators {
        let registry = Registry::new()
            .draft(Draft::Draft4)
            .retrieve_known_draft_meta_schemas(false)
            .add(DOCUMENT, document)
            .and_then(|builder| builder.prepare())
            .ok();
        Validators {
            registry,
            compiled: HashMap::new(),
        }
    }

    /// Whether `value` conforms to the converted `schema`; false when the schema cannot be
    /// compiled.
    pub(super) fn conforms(&mut self, schema: &Value, value: &Value) -> bool {
        let key = schema.to_string();
        if !self.compiled.contains_key(&key) {
            let validator = self.compile(schema);
            self.compiled.insert(key.clone(), validator);
        }
        match self.compiled.get(&key) {
            Some(Some(validator)) => validator.is_valid(value),
            _ => false,
        }
    }

    /// Why `value` does not conform to the converted `schema`, for the corpus measurement.
    #[cfg(test)]
    pub(super) fn errors(&mut self, schema: &Value, value: &Value) -> Vec<String> {
        match self.compile(schema) {
            Some(validator) => validator
                .iter_errors(value)
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .collect(),
            None => vec!["the schema does not compile".to_owned()],
        }
    }

    /// Compiles one schema against the registered document, with format validation.
    fn compile(&self, schema: &Value) -> Option<Validator> {
        let registry = self.registry.as_ref()?;
        let options = jsonschema::options()
            .with_draft(Draft::Draft4)
            .with_registry(registry)
            .with_base_uri(SCHEMA)
            .should_validate_formats(true)
            .with_format("uuid", is_uuid)
            .offline();
        // The validator compiles what a schema refers to as it goes; a deep chain of `$ref`s
        // and a panic inside it must not take the generator down.
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| options.build(schema)))
            .ok()?
            .ok()
    }
}

/// Whether `s` is a UUID in its hyphenated text form (`format: uuid`, which Draft 4 does not
/// know).
fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}
