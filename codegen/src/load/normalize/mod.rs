//! Rewrites of the document's YAML value before `openapiv3` reads it, each a reading of
//! something real specs write that has a plain meaning in OpenAPI 3.0 but not the form
//! `openapiv3` (or lowering) reads:
//!
//! - [`refs`]: a `$ref` to any place of the document, not only to a component;
//! - [`later_forms`]: OpenAPI 3.1 forms of schema keywords (silently in a 3.1 document);
//! - [`json_schema_keywords`]: JSON Schema 2020-12 keywords OpenAPI 3.0 lacks (`prefixItems`,
//!   `dependentRequired`), kept in `x-codegen-*` extensions for lowering;
//! - [`numbers`]: numbers that do not fit the Rust integers `openapiv3` holds them in;
//! - [`path_items`]: path items given by a `$ref`;
//! - [`required_members`]: required members a spec left out (`info.version`, a response's
//!   `description`).
//!
//! Each step records the nodes it moves in the [`SourceMap`], and reports where it changed the
//! meaning of what was written (a warning) or cannot read it (an error), at pointers of the
//! rewritten document.

pub(crate) mod json_schema_keywords;
pub(crate) mod later_forms;
mod numbers;
mod path_items;
mod refs;
mod required_members;
pub(crate) mod structure;

use serde_yaml::Value;

use super::SourceMap;
use super::version::SpecVersion;
use crate::diagnostic::Diagnostic;

/// Runs every rewrite on `doc`, written in `version`; returns what they found.
pub(super) fn normalize(
    doc: &mut Value,
    version: SpecVersion,
    map: &mut SourceMap,
) -> Vec<Diagnostic> {
    let written_in = match version {
        SpecVersion::OpenApi31 | SpecVersion::OpenApi32 => later_forms::Written::OpenApi31,
        SpecVersion::Swagger2 | SpecVersion::OpenApi30 => later_forms::Written::OpenApi30,
    };
    // References first: the schemas hoisted from places the grammar does not walk are then
    // where the schema rewrites find them.
    let mut found = required_members::fill_required_members(doc);
    found.extend(refs::hoist_local_refs(doc, map));
    structure::visit_schemas_mut(doc, &mut |at, schema| {
        later_forms::read_later_forms(schema, at, written_in, &mut found);
        numbers::read_numbers(schema, at, &mut found);
    });
    // After the rewrites above, which reach the schemas under `prefixItems` only while it has
    // that name.
    structure::visit_schemas_mut(doc, &mut |at, schema| {
        json_schema_keywords::keep_json_schema_keywords(schema, at, map, &mut found);
    });
    // Last, so that a copied path item carries the rewrites made in its original, and their
    // warnings are not repeated for each copy.
    found.extend(path_items::inline_path_item_refs(doc, map));
    found
}
