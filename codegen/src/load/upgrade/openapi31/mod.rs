//! OpenAPI 3.1 (and 3.2) documents into OpenAPI 3.0.
//!
//! The steps, in order, each in its own module:
//!
//! - [`document`]: the members of the document around the schemas: `webhooks` (kept in
//!   [`WEBHOOKS`]), `paths` (optional in 3.1), `jsonSchemaDialect`, and the 3.2 operations that
//!   3.0 has no place for (`query`, `additionalOperations`);
//! - [`references`]: boolean schemas (`true`, `false`) and `$ref`s with sibling keywords, which
//!   3.1 applies and 3.0 ignores, brought to the 3.0 forms with the same meaning;
//! - [`streams`]: a 3.2 streamed media type's `itemSchema`, as the schema of each item;
//! - [`keywords`]: the JSON Schema 2020-12 keywords of each schema that 3.0 does not have.
//!
//! The 3.1 forms 3.0 documents also mix in (type lists, `const`, numeric exclusive bounds) are
//! read afterwards by `normalize`, silently for a 3.1 document (see `later_forms`).

mod document;
mod keywords;
mod references;

pub(super) use references::read_nullable_references;
mod streams;

use serde_yaml::Value;

use crate::diagnostic::Diagnostic;
use crate::load::SourceMap;
use crate::load::normalize::structure::visit_schemas_mut;
use crate::load::version::SpecVersion;

/// Where the webhooks of a 3.1 document are kept in the 3.0 form: a map of names to path items,
/// walked and lowered like `paths`.
pub(crate) const WEBHOOKS: &str = "x-codegen-webhooks";

/// Rewrites an OpenAPI 3.1 or 3.2 `doc` into OpenAPI 3.0; returns the warnings (meaning the
/// 3.0 form cannot carry) at pointers of the rewritten document.
pub(super) fn upgrade(
    doc: &mut Value,
    version: SpecVersion,
    map: &mut SourceMap,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    document::read_members(doc, version, map, &mut found);
    references::read_references(doc, map);
    // Before the keywords: an event's `data` is found through its `contentSchema`, which
    // they drop.
    streams::read_item_schemas(doc, map, &mut found);
    visit_schemas_mut(doc, &mut |at, schema| {
        keywords::read_keywords(schema, at, &mut found);
    });
    found
}
