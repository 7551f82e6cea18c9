//! OpenAPI to model: the only part of the generator that understands OpenAPI.
//!
//! Resolves `$ref`s, names every type, decides nullability, merges `allOf`, and collects every
//! problem as a [`Diagnostic`] instead of stopping at the first.

mod all_of;
mod alternatives;
mod arena;
mod dependent_required;
mod docs;
mod limits;
mod merge;
pub(crate) mod names;
mod nullability;
mod object;
mod one_of;
mod operation;
mod passes;
mod primitive;
mod refs;
mod rejections;
pub(crate) mod samples;
mod schema;
mod tuple;
mod webhooks;

pub use webhooks::receiver_path;

use std::collections::HashMap;

use indexmap::IndexMap;
use openapiv3::{OpenAPI, ReferenceOr, Schema};

use crate::diagnostic::Diagnostic;
use crate::model::{Api, TypeDef};
use crate::pointer;
use crate::settings::{DateTimeCrate, Settings};
use names::camel;

/// Names the generated code itself defines in the types module, which spec types must not take.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "SecretString",
    "Base64Bytes",
    "UnknownEnumValue",
    "ServerSentEvent",
    "FilePart",
];

/// Names of the generated `Client`'s own methods, which operations must not take (an operation
/// is a method of the client under its Rust name).
pub const RESERVED_OPERATION_NAMES: &[&str] = &["new", "builder", "base_url"];

/// Lowers a loaded document to the model with the default settings; see [`lower_with`].
pub fn lower(doc: &OpenAPI) -> (Api, Vec<Diagnostic>) {
    lower_with(doc, &Settings::default())
}

/// Lowers a loaded document to the model, with every problem found on the way. The model is
/// complete only when no diagnostic is an error.
pub fn lower_with(doc: &OpenAPI, settings: &Settings) -> (Api, Vec<Diagnostic>) {
    let empty = IndexMap::new();
    let (read_webhooks, webhook_problems) = webhooks::read_webhooks(doc);
    let schemas = doc.components.as_ref().map_or(&empty, |c| &c.schemas);
    let arena = arena::Arena::default();
    let mut lowerer = Lowerer {
        doc,
        schemas,
        component_types: HashMap::new(),
        type_scope: names::Scope::with_reserved(RESERVED_TYPE_NAMES),
        types: Vec::new(),
        diagnostics: Vec::new(),
        depth: 0,
        inline_in_progress: Vec::new(),
        inline_unions: HashMap::new(),
        settings: *settings,
        arena: &arena,
        prefix_items_read: HashMap::new(),
        sampler: None,
    };
    lowerer.name_components();
    for (key, schema) in schemas {
        lowerer.lower_component(key, schema);
    }
    lowerer.diagnostics.extend(webhook_problems);
    let mut operation_names = names::Scope::with_reserved(RESERVED_OPERATION_NAMES);
    let operations = lowerer.lower_operations(&mut operation_names);
    let webhooks = lowerer.lower_webhooks(&read_webhooks, &mut operation_names);
    let (security_schemes, security) = lowerer.lower_security();
    let rejections = lowerer.lower_rejections();
    let mut api = Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone(),
        servers: doc.servers.iter().map(|s| s.url.clone()).collect(),
        types: std::mem::take(&mut lowerer.types),
        operations,
        webhooks,
        security_schemes,
        security,
        base_path: doc
            .servers
            .first()
            .map(|s| base_path(&s.url))
            .unwrap_or_default(),
        rejections,
    };
    let mut diagnostics = lowerer.diagnostics;
    // A schema reached along two ways (a component and an `allOf` that includes it) is
    // reported once.
    let mut seen = std::collections::HashSet::new();
    diagnostics.retain(|d| seen.insert((d.severity, d.pointer.clone(), d.message.clone())));
    let alias_cycles = passes::alias_cycles(&api);
    let alias_cycle_found = !alias_cycles.is_empty();
    diagnostics.extend(alias_cycles);
    if !alias_cycle_found {
        diagnostics.extend(passes::break_cycles(&mut api));
    }
    if settings.date_time == DateTimeCrate::Time {
        diagnostics.extend(passes::nested_time_date_times(&api));
    }
    passes::derive_eq_hash(&mut api);
    docs::drop_blank_docs(&mut api);
    (api, diagnostics)
}

/// State while lowering one document.
struct Lowerer<'a> {
    doc: &'a OpenAPI,
    schemas: &'a IndexMap<String, ReferenceOr<Schema>>,
    /// Component schema key to its Rust type name.
    component_types: HashMap<&'a str, String>,
    type_scope: names::Scope,
    types: Vec<TypeDef>,
    diagnostics: Vec<Diagnostic>,
    /// How deep the current inline schema is nested.
    depth: usize,
    /// The inline schemas whose types are being built, by address, with their type names: an
    /// inline schema met again inside its own type (an inline `allOf` that extends the schema
    /// it is in) is that type, not a new one.
    inline_in_progress: Vec<(*const openapiv3::Schema, String)>,
    /// The types made for `oneOf`/`anyOf` lists written beside properties, by the list's
    /// address: a schema included by several `allOf`s has one such type.
    inline_unions: HashMap<usize, String>,
    /// The user's choices (the date/time crate shapes the model's primitives).
    settings: Settings,
    /// Schemas read while lowering (from extensions), lent for as long as the document.
    arena: &'a arena::Arena<Vec<ReferenceOr<Schema>>>,
    /// The `prefixItems` read so far, by the address of the extension value that holds them:
    /// each list is read once, so its inline schemas keep one address (and one type).
    prefix_items_read: HashMap<usize, &'a [ReferenceOr<Schema>]>,
    /// Sample values of schemas (the stub server's answers), made when first needed.
    sampler: Option<samples::Sampler>,
}

impl<'a> Lowerer<'a> {
    /// The sampler of the document, made on first use (it converts the whole document).
    fn sampler(&mut self) -> &mut samples::Sampler {
        let doc = self.doc;
        self.sampler
            .get_or_insert_with(|| samples::Sampler::new(doc))
    }

    /// Names every component schema up front, so that a `$ref` resolves to a name before (or
    /// without) its target being lowered. Names follow component keys, never titles, which
    /// collide in real specs.
    fn name_components(&mut self) {
        for key in self.schemas.keys() {
            let wanted = camel(key, "T");
            let (name, changed) = self.type_scope.claim(&wanted, "Type");
            let at = pointer::join("/components/schemas", [key]);
            if wanted.is_empty() {
                self.warn(&at, format!("schema key `{key}` has no letters or digits to make a Rust name of; it is named `{name}`"), "rename the schema");
            } else if changed {
                self.warn(&at, format!("schema `{key}` would be named `{wanted}`, which another schema (or the generator) already uses; it is named `{name}`"), "rename one of the schemas so their Rust names differ");
            }
            self.component_types.insert(key.as_str(), name);
        }
    }

    fn warn(&mut self, at: &str, message: impl Into<String>, hint: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::warning(at, message).with_hint(hint));
    }

    fn error(&mut self, at: &str, message: impl Into<String>, hint: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::error(at, message).with_hint(hint));
    }

    /// Whether lowering has found an error so far.
    fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The path of a server URL: `http://localhost:8080/plaid-compatible/` gives
/// `/plaid-compatible`; a relative URL is its own path.
fn base_path(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = if url.contains("://") {
        after_scheme.find('/').map_or("", |i| &after_scheme[i..])
    } else {
        after_scheme
    };
    let path = path
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .trim_end_matches('/');
    if path.is_empty() || path.starts_with('/') {
        path.to_owned()
    } else {
        format!("/{path}")
    }
}

#[cfg(test)]
mod tests {
    use super::base_path;

    #[test]
    fn base_paths_of_server_urls() {
        assert_eq!(
            base_path("http://localhost:8080/plaid-compatible"),
            "/plaid-compatible"
        );
        assert_eq!(base_path("https://sandbox.plaid.com"), "");
        assert_eq!(base_path("https://x.y/v1/"), "/v1");
        assert_eq!(base_path("/api"), "/api");
        assert_eq!(base_path("api/v2"), "/api/v2");
    }
}
