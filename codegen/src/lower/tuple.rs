//! Arrays with `prefixItems` (JSON Schema 2020-12), kept by loading in
//! `x-codegen-prefix-items`:
//!
//! - no items beyond the prefix (`items: false`, or `maxItems` at most the prefix's length):
//!   a Rust tuple `(A, B, C)`, which serde reads and writes as a JSON array of exactly that
//!   length. A schema that also allows shorter arrays (`minItems` below the length, which is
//!   JSON Schema's default) is warned about: serde reads a tuple only at its full length, and an
//!   `Option` member does not make an item optional, so the tuple stays whole rather than
//!   becoming a type that accepts every length but says less;
//! - further items allowed: no tuple holds every value, so a `Vec` of the one type every
//!   position has, or else `Vec<serde_json::Value>` with a warning;
//! - more members than Rust derives traits of tuples for: the same `Vec`, with a warning.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::Lowerer;
use crate::load::normalize::json_schema_keywords::PREFIX_ITEMS;
use crate::model::{Primitive, TypeRef};
use crate::pointer;
use crate::surface::rust_type;

/// The array keywords beside `prefixItems`, from an array schema or one without a `type`.
struct ArrayKeywords<'a> {
    items: Option<&'a ReferenceOr<Box<Schema>>>,
    min_items: Option<usize>,
    max_items: Option<usize>,
}

fn array_keywords(schema: &Schema) -> Option<ArrayKeywords<'_>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Array(a)) => Some(ArrayKeywords {
            items: a.items.as_ref(),
            min_items: a.min_items,
            max_items: a.max_items,
        }),
        SchemaKind::Any(a) => Some(ArrayKeywords {
            items: a.items.as_ref(),
            min_items: a.min_items,
            max_items: a.max_items,
        }),
        _ => None,
    }
}

/// Whether a schema has `prefixItems` (as loading keeps them).
pub(super) fn has_prefix_items(schema: &Schema) -> bool {
    schema.schema_data.extensions.contains_key(PREFIX_ITEMS)
}

impl<'a> Lowerer<'a> {
    /// The type of an array schema with `prefixItems`; `None` when it has none (or an empty
    /// list, which says nothing about the items).
    pub(super) fn tuple_type(
        &mut self,
        schema: &'a Schema,
        at: &str,
        hint: &str,
    ) -> Option<TypeRef> {
        let keywords = array_keywords(schema)?;
        let members = self.prefix_items(schema, at)?;
        if members.is_empty() {
            return None;
        }
        let count = members.len();
        let members_at = pointer::join(at, [PREFIX_ITEMS]);
        let types: Vec<TypeRef> = members
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let lowered =
                    self.lower_schema(m, &format!("{members_at}/{i}"), &format!("{hint}Item{i}"));
                nullable_if(lowered.ty, lowered.nullable)
            })
            .collect();
        self.note_unchecked_member_limits(members, &members_at);
        let closed = keywords.max_items.is_some_and(|m| m <= count);
        if closed && count <= TypeRef::MAX_TUPLE {
            self.note_shorter_tuples(&keywords, count, at, &types);
            return Some(TypeRef::Tuple(types));
        }
        let rest = match (closed, keywords.items) {
            (true, _) => None,
            (false, Some(items)) => {
                let lowered =
                    self.lower_boxed(items, &format!("{at}/items"), &format!("{hint}Item"));
                Some(nullable_if(lowered.ty, lowered.nullable))
            }
            (false, None) => Some(TypeRef::Primitive(Primitive::Json)),
        };
        let first = types[0].clone();
        if types.iter().chain(&rest).all(|t| *t == first) {
            return Some(TypeRef::Vec(Box::new(first)));
        }
        let json = TypeRef::Vec(Box::new(TypeRef::Primitive(Primitive::Json)));
        if closed {
            self.warn(
                &members_at,
                format!("a tuple of {count} items is longer than the {} whose traits Rust derives; the array is `Vec<serde_json::Value>`", TypeRef::MAX_TUPLE),
                "group the items into objects, or move the array into a schema of its own type",
            );
        } else {
            self.warn(
                &members_at,
                format!("items after the {count} of `prefixItems` are allowed (there is no `items: false` or `maxItems: {count}`), and no one type holds every item; the array is `Vec<serde_json::Value>`"),
                format!("add `items: false` if the array holds only the listed items, and `minItems: {count}` if it always holds all of them"),
            );
        }
        Some(json)
    }

    /// Warns about limits written on a tuple's items (`minimum`, `maxLength`, …): the server
    /// checks a tuple's items only through the types they name, so these are not checked.
    fn note_unchecked_member_limits(&mut self, members: &'a [ReferenceOr<Schema>], at: &str) {
        for (i, member) in members.iter().enumerate() {
            let schema = match member {
                ReferenceOr::Item(s) => Some(s),
                ReferenceOr::Reference { reference } => self.schema_silently(reference),
            };
            let Some(schema) = schema else { continue };
            let mut limits = self.constraints_with_items(schema);
            if has_prefix_items(schema) {
                // A nested tuple's length is serde's to check.
                (limits.min_items, limits.max_items) = (None, None);
            }
            if !limits.is_empty() {
                self.warn(
                    &format!("{at}/{i}"),
                    "the limits of this tuple item (length, range, pattern, number of items) are not checked by the server",
                    "check them in the handler, or move the item into a component object schema whose properties carry the limits",
                );
            }
        }
    }

    /// Warns that a tuple refuses arrays shorter than its length that the schema allows.
    fn note_shorter_tuples(
        &mut self,
        keywords: &ArrayKeywords<'_>,
        count: usize,
        at: &str,
        types: &[TypeRef],
    ) {
        let fewest = keywords.min_items.unwrap_or(0);
        let most = keywords.max_items.unwrap_or(count);
        if fewest >= count && most >= count {
            return;
        }
        let shown = rust_type(&TypeRef::Tuple(types.to_vec()));
        let why = if fewest < count {
            format!("`minItems` is {fewest}")
        } else {
            format!("`maxItems` is {most}")
        };
        self.warn(
            at,
            format!("this tuple allows arrays of fewer than its {count} items ({why}), which the Rust type `{shown}` refuses: serde reads a tuple only at its full length"),
            format!("add `minItems: {count}` if every position is always filled"),
        );
    }

    /// The schemas of a schema's `prefixItems`, read once for the whole lowering; a member
    /// that is not a schema is reported and read as any value.
    fn prefix_items(&mut self, schema: &'a Schema, at: &str) -> Option<&'a [ReferenceOr<Schema>]> {
        let value = schema.schema_data.extensions.get(PREFIX_ITEMS)?;
        let address = std::ptr::from_ref(value) as usize;
        if let Some(members) = self.prefix_items_read.get(&address) {
            return Some(members);
        }
        let list = value.as_array().map(Vec::as_slice).unwrap_or_default();
        let mut members = Vec::with_capacity(list.len());
        for (i, member) in list.iter().enumerate() {
            match serde_json::from_value::<ReferenceOr<Schema>>(member.clone()) {
                Ok(read) => members.push(read),
                Err(e) => {
                    self.error(
                        &format!("{}/{i}", pointer::join(at, [PREFIX_ITEMS])),
                        format!("this item of `prefixItems` is not a schema: {e}"),
                        "write a schema (or a `$ref` to one) for each position of the array",
                    );
                    members.push(ReferenceOr::Item(Schema {
                        schema_data: Default::default(),
                        schema_kind: SchemaKind::Any(Default::default()),
                    }));
                }
            }
        }
        let members: &'a [ReferenceOr<Schema>] = self.arena.alloc(members);
        self.prefix_items_read.insert(address, members);
        Some(members)
    }
}

/// `ty`, in an `Option` when the item may be `null`.
fn nullable_if(ty: TypeRef, nullable: bool) -> TypeRef {
    if nullable {
        TypeRef::Nullable(Box::new(ty))
    } else {
        ty
    }
}
