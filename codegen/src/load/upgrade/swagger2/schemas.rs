//! Schema keywords 2.0 writes in another form than 3.0: `x-nullable`, a `discriminator` given
//! as the name of its property, and `type: file`.

use serde_yaml::{Mapping, Value};

use crate::diagnostic::Diagnostic;
use crate::load::normalize::structure::visit_schemas_mut;

/// Rewrites every schema of the (otherwise rewritten) document `doc`.
pub(super) fn upgrade_schemas(doc: &mut Value, found: &mut Vec<Diagnostic>) {
    let _ = found;
    visit_schemas_mut(doc, &mut |_, schema| upgrade_schema(schema));
}

/// Rewrites one schema (not the schemas inside it).
fn upgrade_schema(schema: &mut Mapping) {
    if let Some(nullable) = schema.remove("x-nullable") {
        if !schema.contains_key("nullable") {
            schema.insert("nullable".into(), nullable);
        }
    }
    if let Some(Value::String(property)) = schema.get("discriminator") {
        let mut discriminator = Mapping::new();
        discriminator.insert("propertyName".into(), property.clone().into());
        schema.insert("discriminator".into(), Value::Mapping(discriminator));
    }
    if schema.get("type").and_then(Value::as_str) == Some("file") {
        schema.insert("type".into(), "string".into());
        schema.insert("format".into(), "binary".into());
    }
}
