//! Whether a value may be `null`: `nullable: true`, `null` among the enum values, or (for a
//! union) an alternative that allows it, `{type: 'null'}` (OpenAPI 3.1's spelling) included.

use std::collections::HashSet;

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::Lowerer;
use super::one_of::pure_union;

/// Whether a schema is `{type: 'null'}`: only `null` is a value of it.
pub(super) fn is_null_schema(part: &ReferenceOr<Schema>) -> bool {
    matches!(part, ReferenceOr::Item(s) if matches!(&s.schema_kind, SchemaKind::Any(a) if a.typ.as_deref() == Some("null")))
}

/// Whether a schema (not its users) allows `null`: `nullable: true`, or `null` among its enum
/// values.
fn schema_nullable(schema: &Schema) -> bool {
    schema.schema_data.nullable
        || match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => s.enumeration.contains(&None),
            SchemaKind::Any(a) => a.enumeration.iter().any(serde_json::Value::is_null),
            _ => false,
        }
}

impl<'a> Lowerer<'a> {
    /// Whether a value of `schema` may be `null`: the schema says so, or it is a union with an
    /// alternative that does (`anyOf: [{type: string, nullable: true}, {type: number}]`), which
    /// makes the union's users `Option`s.
    pub(super) fn allows_null(&self, schema: &Schema) -> bool {
        self.null_walk(schema, &mut HashSet::new())
    }

    /// [`Lowerer::allows_null`]; a union met again (a recursive one) adds nothing.
    fn null_walk(&self, schema: &Schema, seen: &mut HashSet<usize>) -> bool {
        if schema_nullable(schema) {
            return true;
        }
        if !seen.insert(schema as *const Schema as usize) {
            return false;
        }
        let Some((_, parts)) = pure_union(schema) else {
            return false;
        };
        parts.iter().any(|part| match part {
            _ if is_null_schema(part) => true,
            ReferenceOr::Item(s) => self.null_walk(s, seen),
            ReferenceOr::Reference { reference } => self
                .schema_silently(reference)
                .is_some_and(|s| self.null_walk(s, seen)),
        })
    }

    /// Whether a referenced schema allows null, following chains of references.
    pub(super) fn ref_nullable(&mut self, target: &'a ReferenceOr<Schema>, at: &str) -> bool {
        let mut current = target;
        for _ in 0..32 {
            match current {
                ReferenceOr::Item(s) => return self.allows_null(s),
                ReferenceOr::Reference { reference } => match self.schema_ref(reference, at) {
                    Some((_, next)) => current = next,
                    None => return false,
                },
            }
        }
        false
    }
}
