//! The members of a 3.1 or 3.2 document outside its schemas.
//!
//! - `webhooks` move to [`WEBHOOKS`], read like `paths`;
//! - `paths`, optional in 3.1 (a document may hold only webhooks or components), becomes empty;
//! - `jsonSchemaDialect` is dropped: schemas are read as OpenAPI 3.1's own dialect (JSON Schema
//!   2020-12 with the OpenAPI vocabulary), whatever dialect it names;
//! - `info.summary` and `license.identifier` need nothing: `openapiv3` reads past them;
//! - `components/pathItems` stay where they are: `$ref`s from `paths` to them are copied in by
//!   `normalize` (see `path_items`), which walks them as path items;
//! - OpenAPI 3.2's `query` operations and `additionalOperations` (custom methods) have no place
//!   in the generated client and server, whose methods are the eight of OpenAPI 3.0: each is
//!   left out with a warning.

use serde_yaml::{Mapping, Value};

use super::WEBHOOKS;
use crate::diagnostic::Diagnostic;
use crate::load::SourceMap;
use crate::load::version::SpecVersion;
use crate::pointer;

/// Reads the members of the document `doc` around its schemas; see the module documentation.
pub(super) fn read_members(
    doc: &mut Value,
    version: SpecVersion,
    map: &mut SourceMap,
    found: &mut Vec<Diagnostic>,
) {
    let Value::Mapping(root) = doc else { return };
    if let Some(webhooks) = root.remove("webhooks") {
        root.insert(WEBHOOKS.into(), webhooks);
        map.record("/webhooks", &format!("/{WEBHOOKS}"));
    }
    if !root.contains_key("paths") {
        root.insert("paths".into(), Value::Mapping(Mapping::new()));
    }
    root.remove("jsonSchemaDialect");
    if version == SpecVersion::OpenApi32 {
        read_later_operations(root, found);
    }
}

/// Leaves out the 3.2 operations of the path items of `root` (in `paths`, the webhooks and
/// `components/pathItems`). Callbacks' path items are left to lowering.
fn read_later_operations(root: &mut Mapping, found: &mut Vec<Diagnostic>) {
    for (key, value) in root.iter_mut() {
        match key.as_str() {
            Some("paths") => in_collection(value, "/paths", found),
            Some(WEBHOOKS) => in_collection(value, &format!("/{WEBHOOKS}"), found),
            Some("components") => {
                if let Some(items) = value.get_mut("pathItems") {
                    in_collection(items, "/components/pathItems", found);
                }
            }
            _ => {}
        }
    }
}

/// Leaves out the 3.2 operations of each path item of the map `items`, at `at`.
fn in_collection(items: &mut Value, at: &str, found: &mut Vec<Diagnostic>) {
    let Value::Mapping(items) = items else { return };
    for (key, item) in items.iter_mut() {
        if let (Some(key), Value::Mapping(item)) = (crate::load::key_token(key), item) {
            leave_out_later_operations(item, &pointer::join(at, [key]), found);
        }
    }
}

/// Leaves out the operations of a 3.2 path item that 3.0 cannot say, with a warning each.
fn leave_out_later_operations(item: &mut Mapping, at: &str, found: &mut Vec<Diagnostic>) {
    if item.remove("query").is_some() {
        found.push(
            Diagnostic::warning(
                pointer::join(at, ["query"]),
                "this `query` operation (OpenAPI 3.2's QUERY method) is left out: the generated client and server carry the eight methods of OpenAPI 3.0",
            )
            .with_hint("describe the operation with `post` as well if clients should reach it"),
        );
    }
    if let Some(Value::Mapping(more)) = item.remove("additionalOperations") {
        for method in more.keys().filter_map(crate::load::key_token) {
            found.push(
                Diagnostic::warning(
                    pointer::join(at, ["additionalOperations", &method]),
                    format!("the `{method}` operation (a method outside OpenAPI 3.0's eight) is left out of the generated client and server"),
                )
                .with_hint("serve the operation under one of get, put, post, delete, options, head, patch or trace"),
            );
        }
    }
}
