//! Sample values of schemas, made at generation time: what a generated stub server answers.
//!
//! The document is converted once into JSON Schema Draft 4 ([`convert`]), which the
//! `jsonschema` validator reads ([`validate`]); values are synthesized from the converted
//! schemas ([`synth`]) and every value handed out has been checked to conform.

mod apart;
mod collections;
mod combine;
mod convert;
#[cfg(test)]
mod measure;
mod pattern;
mod scalar;
mod synth;
#[cfg(test)]
mod tests;
mod validate;

use std::collections::HashMap;

use serde_json::Value;

use convert::{convert_document, convert_schema};
use synth::Synthesis;
use validate::Validators;

/// Produces and checks JSON values for schemas of one loaded document.
pub(crate) struct Sampler {
    /// The document converted to JSON Schema Draft 4; `$ref`s point into it.
    document: Value,
    /// Validators of converted schemas, compiled when first needed.
    validators: Validators,
    /// Candidates found for each `$ref`.
    memo: HashMap<String, Vec<Value>>,
}

impl Sampler {
    /// Converts the document once (it is the normalized OpenAPI 3.0 form the lowering reads).
    pub(crate) fn new(doc: &openapiv3::OpenAPI) -> Sampler {
        let document = serde_json::to_value(doc)
            .map(|d| convert_document(&d))
            .unwrap_or(Value::Null);
        Sampler {
            validators: Validators::new(document.clone()),
            document,
            memo: HashMap::new(),
        }
    }

    /// Whether `value` conforms to `schema` (a schema object or
    /// `{"$ref": "#/components/schemas/X"}`, as serde_json of `openapiv3::ReferenceOr<Schema>`).
    #[cfg(test)]
    pub(crate) fn conforms(&mut self, schema: &Value, value: &Value) -> bool {
        self.validators.conforms(&convert_schema(schema), value)
    }

    /// A value that conforms to `schema`: the first of `examples` that conforms, else one
    /// synthesized from the schema that conforms; None when neither exists. Deterministic.
    pub(crate) fn answer(&mut self, schema: &Value, examples: &[Value]) -> Option<Value> {
        let converted = convert_schema(schema);
        examples
            .iter()
            .find(|e| self.validators.conforms(&converted, e))
            .cloned()
            .or_else(|| self.synthesize_converted(&converted))
    }

    /// A synthesized conforming value (no examples); None when none could be built.
    #[cfg(test)]
    pub(crate) fn synthesize(&mut self, schema: &Value) -> Option<Value> {
        self.synthesize_converted(&convert_schema(schema))
    }

    /// The candidates synthesis tried for `schema`, each with why it does not conform.
    #[cfg(test)]
    pub(crate) fn explain(&mut self, schema: &Value) -> Vec<(Value, Vec<String>)> {
        let converted = convert_schema(schema);
        let mut synthesis = Synthesis {
            document: &self.document,
            validators: &mut self.validators,
            memo: &mut self.memo,
            expanding: Vec::new(),
            cut: false,
            steps: 0,
        };
        let candidates = synthesis.candidates(&converted, 0);
        candidates
            .into_iter()
            .map(|c| {
                let errors = self.validators.errors(&converted, &c);
                (c, errors)
            })
            .collect()
    }

    /// [`Sampler::synthesize`] of a converted schema.
    fn synthesize_converted(&mut self, converted: &Value) -> Option<Value> {
        let mut synthesis = Synthesis {
            document: &self.document,
            validators: &mut self.validators,
            memo: &mut self.memo,
            expanding: Vec::new(),
            cut: false,
            steps: 0,
        };
        let candidates = synthesis.candidates(converted, 0);
        candidates
            .into_iter()
            .find(|c| self.validators.conforms(converted, c))
    }
}
