//! `allOf` whose parts are not objects: one part defines the type (`allOf: [$ref: Name,
//! {maxLength: 5}]` is a `Name`), the others refine it (their limits are merged where the
//! limits are read, see [`limits`](super::limits)). Parts of different kinds (`allOf: [{type:
//! string}, {type: integer}]`) have no value in common: the type is any JSON value, with a
//! warning.

use std::collections::HashSet;

use openapiv3::{ReferenceOr, Schema, SchemaKind};

use super::Lowerer;
use super::merge::{all_of_parts, union_lists};
use super::object::{is_annotation, object_view};

/// What a non-object `allOf` is.
pub(super) enum Refinement<'a> {
    /// The part that defines the type, and its index.
    Part(usize, &'a ReferenceOr<Schema>),
    /// Parts of different kinds: no value is all of them.
    Conflict,
}

impl<'a> Lowerer<'a> {
    /// For an `allOf` that is not an object (no part has properties): the part that defines
    /// the type (the only one that says something, else the first `$ref`, else the first part).
    /// `None` when the schema has no `allOf`, or some part is an object (then the parts are
    /// merged into a struct).
    pub(super) fn refinement(&mut self, schema: &'a Schema, at: &str) -> Option<Refinement<'a>> {
        let parts: &'a [ReferenceOr<Schema>] = match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => all_of,
            SchemaKind::Any(a) if a.properties.is_empty() && union_lists(schema).is_empty() => {
                &a.all_of
            }
            _ => return None,
        };
        if let [only] = parts {
            return Some(Refinement::Part(0, only));
        }
        for (i, part) in parts.iter().enumerate() {
            if is_not(part) {
                self.not_ignored(&format!("{at}/allOf/{i}"));
            }
        }
        // Parts that only annotate (a description, a title) do not count, nor does `not`.
        let defining: Vec<(usize, &'a ReferenceOr<Schema>)> = parts
            .iter()
            .enumerate()
            .filter(|(_, p)| !is_annotation(p) && !is_not(p))
            .collect();
        if let [only] = defining.as_slice() {
            return Some(Refinement::Part(only.0, only.1));
        }
        if defining.is_empty() || defining.iter().any(|(_, p)| self.is_object_part(p)) {
            return None;
        }
        let mut kinds: Vec<&'static str> = Vec::new();
        for (_, part) in &defining {
            let schema = match part {
                ReferenceOr::Item(s) => Some(s),
                ReferenceOr::Reference { reference } => self.schema_silently(reference),
            };
            if let Some(kind) = schema.and_then(|s| self.schema_kind_name(s, 0))
                && !kinds.contains(&kind)
            {
                kinds.push(kind);
            }
        }
        if kinds.len() > 1 {
            self.warn(
                at,
                format!("the allOf parts are of different kinds ({}), and no value is all of them; the type is any JSON value", kinds.join(", ")),
                "make the allOf parts agree on one type",
            );
            return Some(Refinement::Conflict);
        }
        defining
            .iter()
            .find(|(_, p)| matches!(p, ReferenceOr::Reference { .. }))
            .or_else(|| defining.first())
            .map(|&(i, p)| Refinement::Part(i, p))
    }

    /// Whether an `allOf` part is (or references) something merged into a struct: an object
    /// with properties, a further `allOf` of such, or a union of objects. Silent: a dangling
    /// reference is reported when the part is lowered.
    pub(super) fn is_object_part(&self, part: &ReferenceOr<Schema>) -> bool {
        self.object_part_walk(part, &mut HashSet::new())
    }

    /// [`Lowerer::is_object_part`]; a schema met again (an `allOf` cycle) adds nothing.
    fn object_part_walk(&self, part: &ReferenceOr<Schema>, seen: &mut HashSet<usize>) -> bool {
        let schema = match part {
            ReferenceOr::Item(s) => Some(s),
            ReferenceOr::Reference { reference } => self.schema_silently(reference),
        };
        let Some(schema) = schema else {
            return false;
        };
        if !seen.insert(schema as *const Schema as usize) {
            return false;
        }
        if object_view(schema).is_some_and(|o| !o.properties.is_empty()) {
            return true;
        }
        if matches!(schema.schema_kind, SchemaKind::AllOf { .. }) {
            return true;
        }
        let unions = union_lists(schema);
        if !unions.is_empty() {
            return unions
                .iter()
                .flat_map(|(_, parts)| *parts)
                .all(|p| self.object_compatible(p));
        }
        all_of_parts(schema)
            .iter()
            .any(|p| self.object_part_walk(p, seen))
    }
}

/// Whether a part is only `not`.
fn is_not(part: &ReferenceOr<Schema>) -> bool {
    matches!(part, ReferenceOr::Item(s) if matches!(s.schema_kind, SchemaKind::Not { .. }))
}
