//! Swagger 2.0 documents into OpenAPI 3.0.
//!
//! The document is rewritten in place, one concern at a time, each recording the nodes it moves
//! in the [`SourceMap`] (so a diagnostic about `#/components/schemas/Pet` names
//! `#/definitions/Pet`, the place the user wrote):
//!
//! - [`operations`]: each path item and operation; body and form parameters become the
//!   operation's `requestBody` (see [`bodies`]), the other parameters get a `schema` and a
//!   `style` (see [`parameters`]), responses get `content` by the media types the operation
//!   produces (see [`responses`]);
//! - [`components`]: `definitions`, the shared `parameters` and `responses`, and
//!   `securityDefinitions` (see [`security`]) into `components`;
//! - [`servers`]: `host`, `basePath` and `schemes` into `servers`;
//! - [`refs`]: every `$ref` to a moved component made to name its new place;
//! - [`schemas`]: the schema keywords 2.0 writes otherwise (`x-nullable`, a discriminator given
//!   by its property name, `type: file`).

mod bodies;
mod components;
mod media_types;
mod operations;
mod parameters;
mod refs;
mod responses;
mod schemas;
mod security;
mod servers;

pub use parameters::IGNORED_HEADERS;
pub(crate) use parameters::KEPT_HEADER;

use std::collections::HashMap;

use serde_yaml::{Mapping, Value};

use crate::diagnostic::Diagnostic;
use crate::load::SourceMap;
use media_types::MediaTypes;

/// Rewrites a Swagger 2.0 `doc` into OpenAPI 3.0; returns what was found, at pointers of the
/// rewritten document.
pub(super) fn upgrade(doc: &mut Value, map: &mut SourceMap) -> Vec<Diagnostic> {
    let Value::Mapping(root) = doc else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let consumes = MediaTypes::take(root, "consumes", "", &mut found);
    let produces = MediaTypes::take(root, "produces", "", &mut found);
    let shared_parameters = match root.get("parameters") {
        Some(Value::Mapping(parameters)) => parameters.clone(),
        _ => Mapping::new(),
    };
    let mut upgrade = Upgrade {
        map,
        found,
        consumes,
        produces,
        shared_parameters,
        payload_homes: HashMap::new(),
    };
    operations::upgrade_paths(root, &mut upgrade);
    components::upgrade_components(root, &mut upgrade);
    servers::upgrade_servers(root, &mut upgrade.found);
    let Upgrade {
        mut found,
        shared_parameters,
        payload_homes,
        ..
    } = upgrade;
    refs::rewrite_refs(doc, &shared_parameters, &payload_homes, &mut found);
    schemas::upgrade_schemas(doc, &mut found);
    found
}

/// What the rewrites of one document share.
struct Upgrade<'m> {
    /// Where moved nodes came from.
    map: &'m mut SourceMap,
    /// Warnings and errors, at pointers of the rewritten document.
    found: Vec<Diagnostic>,
    /// The document's `consumes`: the media types of request bodies where an operation does
    /// not say.
    consumes: MediaTypes,
    /// The document's `produces`: the media types of responses where an operation does not say.
    produces: MediaTypes,
    /// The document's `parameters` as written, by name: body and form parameters a `$ref`
    /// names are copied into the operations that use them.
    shared_parameters: Mapping,
    /// Where the first copy of each of the document's body and form parameters is: the pointer
    /// of the request body schema (`#/parameters/Body/schema`'s place) or the form's property
    /// (`#/parameters/Field`'s place), for references into them.
    payload_homes: HashMap<String, String>,
}

/// The string member `key` of `m`.
fn str_member<'m>(m: &'m Mapping, key: &str) -> Option<&'m str> {
    m.get(key).and_then(Value::as_str)
}

#[cfg(test)]
mod tests;
