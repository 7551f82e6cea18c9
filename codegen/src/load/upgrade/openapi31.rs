//! OpenAPI 3.1 (and 3.2) documents into OpenAPI 3.0.

use serde_yaml::Value;

use crate::diagnostic::Diagnostic;
use crate::load::SourceMap;
use crate::load::version::SpecVersion;

/// Where the webhooks of a 3.1 document are kept in the 3.0 form: a map of names to path items,
/// walked and lowered like `paths`.
pub(crate) const WEBHOOKS: &str = "x-codegen-webhooks";

/// Rewrites an OpenAPI 3.1 or 3.2 `doc` into OpenAPI 3.0.
pub(super) fn upgrade(
    doc: &mut Value,
    version: SpecVersion,
    map: &mut SourceMap,
) -> Vec<Diagnostic> {
    let _ = version;
    let found = Vec::new();
    if let Value::Mapping(root) = doc {
        if let Some(webhooks) = root.remove("webhooks") {
            root.insert(WEBHOOKS.into(), webhooks);
            map.record("/webhooks", &format!("/{WEBHOOKS}"));
        }
        // `paths` is optional in 3.1 (a document may hold only webhooks or components).
        if !root.contains_key("paths") {
            root.insert("paths".into(), Value::Mapping(Default::default()));
        }
    }
    found
}
