//! Swagger 2.0 and OpenAPI 3.1/3.2 documents brought to the OpenAPI 3.0 form the rest of loading
//! and lowering read, before anything else reads them.
//!
//! Lowering stays the only place that understands schemas: these steps rewrite the document's
//! YAML value, and everything downstream (normalizing, `openapiv3`, lowering, emitters, API
//! surface, diff, corpus) reads the result as it reads a 3.0 document. Meaning that 3.0 cannot
//! say (a tuple, a webhook) is kept in `x-codegen-*` extensions that lowering reads. Every node
//! a step moves is recorded in the [`SourceMap`], so diagnostics name the original place.
//!
//! - [`swagger2`]: `definitions`, body and form parameters, `consumes`/`produces`, `host` and
//!   `basePath`, ... into their 3.0 places;
//! - [`openapi31`]: JSON Schema 2020-12 keywords and the 3.1 document members (webhooks, path
//!   item components) into their 3.0 forms; in a 3.0 document, `nullable: true` beside a `$ref`
//!   read as a nullable reference, as validators read it.

mod openapi31;
mod swagger2;

pub(crate) use openapi31::WEBHOOKS;
pub use swagger2::IGNORED_HEADERS;
pub(crate) use swagger2::KEPT_HEADER;

use serde_yaml::Value;

use super::SourceMap;
use super::version::SpecVersion;
use crate::diagnostic::Diagnostic;

/// The `openapi` member an upgraded document carries.
const UPGRADED_VERSION: &str = "3.0.3";

/// Rewrites `doc`, written in `version`, into the OpenAPI 3.0 form; returns what was found
/// (warnings where meaning is lost, errors where the document cannot be read), at pointers of
/// the rewritten document.
pub(super) fn upgrade(
    doc: &mut Value,
    version: SpecVersion,
    map: &mut SourceMap,
) -> Vec<Diagnostic> {
    let found = match version {
        SpecVersion::OpenApi30 => {
            openapi31::read_nullable_references(doc, map);
            return Vec::new();
        }
        SpecVersion::Swagger2 => swagger2::upgrade(doc, map),
        SpecVersion::OpenApi31 | SpecVersion::OpenApi32 => openapi31::upgrade(doc, version, map),
    };
    if let Value::Mapping(root) = doc {
        root.remove("swagger");
        root.insert("openapi".into(), UPGRADED_VERSION.into());
    }
    found
}
