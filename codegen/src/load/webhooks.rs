//! The webhooks of an OpenAPI 3.1 document, read as path items in the order written.
//!
//! `openapiv3` keeps an extension as a `serde_json::Value`, whose maps sort their keys: the
//! webhooks (and the properties, responses and media types inside them) would come out in
//! alphabetical order. So they are read here from the YAML value, which keeps the spec's
//! order, with a located error when one is not a path item, and kept in [`WEBHOOKS`] as the
//! JSON text of those path items, which [`read`] turns back into them in the same order.

use indexmap::IndexMap;
use openapiv3::{PathItem, ReferenceOr};
use serde_yaml::Value;

use super::WEBHOOKS;
use crate::diagnostic::Diagnostic;

/// The webhooks, by name, as lowering reads them.
pub type Webhooks = IndexMap<String, ReferenceOr<PathItem>>;

/// Reads the webhooks of `doc` (the rewritten document) into `document`'s [`WEBHOOKS`]
/// extension; a webhook that is not a path item is an error at its place.
pub(super) fn keep(doc: &Value, document: &mut openapiv3::OpenAPI) -> Result<(), Diagnostic> {
    let Some(node) = doc.get(WEBHOOKS) else {
        return Ok(());
    };
    let webhooks: Webhooks = super::read_located(node, &[WEBHOOKS.to_owned()])?;
    let text = serde_json::to_string(&webhooks).map_err(|e| {
        Diagnostic::error(
            format!("/{WEBHOOKS}"),
            format!("the webhooks cannot be kept: {e}"),
        )
        .with_hint("this is a bug in the generator; please report it with the spec")
    })?;
    document
        .extensions
        .insert(WEBHOOKS.to_owned(), serde_json::Value::String(text));
    Ok(())
}

/// The webhooks [`keep`] kept in `document`, in the order written; `None` when what is kept
/// there is not what [`keep`] writes (a document not made by loading).
pub fn read(document: &openapiv3::OpenAPI) -> Option<Result<Webhooks, serde_json::Error>> {
    match document.extensions.get(WEBHOOKS)? {
        serde_json::Value::String(text) => Some(serde_json::from_str(text)),
        other => Some(serde_json::from_value(other.clone())),
    }
}
