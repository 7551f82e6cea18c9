//! Swagger 2.0 documents into OpenAPI 3.0.

use serde_yaml::Value;

use crate::diagnostic::Diagnostic;
use crate::load::SourceMap;

/// Rewrites a Swagger 2.0 `doc` into OpenAPI 3.0.
pub(super) fn upgrade(doc: &mut Value, map: &mut SourceMap) -> Vec<Diagnostic> {
    let _ = (doc, map);
    vec![
        Diagnostic::error("/swagger", "Swagger 2.0 documents are not read yet")
            .with_hint("convert it to OpenAPI 3.0 first (for example with swagger2openapi)"),
    ]
}
