//! `dependentRequired` (JSON Schema 2020-12), kept by loading in
//! `x-codegen-dependent-required`: properties that must be present when another one is,
//! gathered from an object and its `allOf` parts, and checked by the server.

use openapiv3::Schema;

use super::Lowerer;
use super::merge::Merged;
use crate::load::normalize::json_schema_keywords::DEPENDENT_REQUIRED;
use crate::model::DependentRequired;
use crate::pointer;

/// Whether a schema has a `dependentRequired` (as loading keeps it).
pub(super) fn has_dependent_required(schema: &Schema) -> bool {
    schema
        .schema_data
        .extensions
        .contains_key(DEPENDENT_REQUIRED)
}

/// The entries of a schema's `dependentRequired` at `at`, by property name. Loading checked their
/// form; anything else reads as no entry.
pub(super) fn dependent_required(schema: &Schema, at: &str) -> Vec<DependentRequired> {
    let Some(serde_json::Value::Object(entries)) =
        schema.schema_data.extensions.get(DEPENDENT_REQUIRED)
    else {
        return Vec::new();
    };
    let entries_at = pointer::join(at, [DEPENDENT_REQUIRED]);
    entries
        .iter()
        .map(|(property, names)| DependentRequired {
            property: property.clone(),
            requires: names
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|n| n.as_str().map(str::to_owned))
                .collect(),
            pointer: pointer::join(&entries_at, [property.as_str()]),
        })
        .filter(|d| !d.requires.is_empty())
        .collect()
}

impl Lowerer<'_> {
    /// Warns about each name a struct's `dependentRequired` entries give that is not one of its
    /// properties: with unknown properties ignored, such a rule may still hold, so it is checked
    /// all the same, but it likely names a property wrongly.
    pub(super) fn note_unknown_dependents(&mut self, merged: &Merged<'_>, declared: &[&str]) {
        let known = |name: &str| {
            merged.properties.iter().any(|p| p.name == name) || declared.contains(&name)
        };
        let mut unknown = Vec::new();
        for entry in &merged.dependent_required {
            for name in std::iter::once(&entry.property).chain(&entry.requires) {
                if !known(name) {
                    unknown.push((entry.pointer.clone(), name.clone()));
                }
            }
        }
        for (at, name) in unknown {
            self.warn(
                &at,
                format!("`dependentRequired` names `{name}`, which is not a property of this object; the server checks it all the same"),
                "declare the property, or correct its name",
            );
        }
    }
}
