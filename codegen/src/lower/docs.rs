//! Blank descriptions dropped from the model.
//!
//! A spec may write `description: ""` (or only spaces). Emitters put a derived doc line where
//! the model has no description; a blank one would instead give an item with no documentation,
//! which the generated crate's `missing_docs` lint reports.

use crate::model::{Api, TypeBody};

/// Sets every blank description, summary and title of `api` to `None`.
pub(super) fn drop_blank_docs(api: &mut Api) {
    clear_blank(&mut api.description);
    for t in &mut api.types {
        clear_blank(&mut t.doc);
        if let TypeBody::Struct(s) = &mut t.body {
            for f in &mut s.fields {
                clear_blank(&mut f.doc);
            }
        }
    }
    let webhook_operations = api.webhooks.iter_mut().flat_map(|w| &mut w.operations);
    for op in api.operations.iter_mut().chain(webhook_operations) {
        clear_blank(&mut op.summary);
        clear_blank(&mut op.description);
        for p in &mut op.parameters {
            clear_blank(&mut p.doc);
        }
    }
    for s in &mut api.security_schemes {
        clear_blank(&mut s.doc);
    }
}

fn clear_blank(doc: &mut Option<String>) {
    if doc.as_deref().is_some_and(|d| d.trim().is_empty()) {
        *doc = None;
    }
}
