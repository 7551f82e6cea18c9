//! `oneOf`/`anyOf` beside properties (or among `allOf` parts): what they add to the struct.
//!
//! Two readings, by what the alternatives say:
//!
//! - Alternatives that only name required properties of the struct (and may narrow one to some
//!   of its values), as in `anyOf: [{required: [id]}, {required: [email]}]`, do not change the
//!   type: the value is the struct, and the server checks the alternatives as a
//!   [`PresenceRule`].
//! - Any other alternatives (`$ref`s, objects with properties of their own) make the value the
//!   struct's properties *and* one of the alternatives: the union becomes an enum flattened
//!   into the struct (`#[serde(flatten)]`). serde gives each key of the JSON object to the
//!   struct's own fields first and the rest to the flattened enum, so a property that every
//!   alternative declares too (or the discriminator's property) is left to the alternatives:
//!   kept in the struct, the alternatives would never see it. Flattening needs JSON objects,
//!   so alternatives of another kind (a string, an array) are left out with a warning.
//!
//! Flattening is chosen over extending each alternative with the struct's properties because
//! it keeps one Rust type per schema: a `$ref`'d alternative stays the type it is elsewhere.

use std::collections::{HashMap, HashSet};

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::Lowerer;
use super::merge::{InlineUnion, UnionPart, all_of_parts, union_lists};
use super::names::{camel, snake};
use super::object::{loose_object_view, object_view};
use super::schema::schema_doc;
use crate::model::{PresenceAlternative, PresenceRule, TypeBody, TypeDef, TypeRef};
use crate::pointer;

/// What the unions met while merging add to a struct.
#[derive(Default)]
pub(super) struct StructExtras {
    /// Flattened unions: the wanted field name, the union's type and its doc.
    pub(super) flattened: Vec<(String, TypeRef, Option<String>)>,
    /// Alternatives that only say which properties are present.
    pub(super) rules: Vec<PresenceRule>,
    /// Properties the flattened alternatives read themselves, so the struct leaves them out.
    pub(super) carried: HashSet<String>,
    /// Properties some flattened alternative declares (a `required` name may be one of them).
    pub(super) declared: HashSet<String>,
}

impl<'a> Lowerer<'a> {
    /// The flattened unions and presence rules of a struct with `properties`.
    pub(super) fn struct_extras(
        &mut self,
        unions: &[UnionPart<'a>],
        properties: &[&str],
    ) -> StructExtras {
        let mut extras = StructExtras::default();
        for union in unions {
            match union {
                UnionPart::Component { key, pointer } => {
                    self.component_union(key, pointer, properties, &mut extras);
                }
                UnionPart::Inline(u) if self.is_presence_only(u, properties) => {
                    extras.rules.push(self.presence_rule(u));
                }
                UnionPart::Inline(u) => self.flatten_inline(u, &mut extras),
            }
        }
        extras
    }

    /// A component union included by `allOf`: a presence rule when its alternatives only
    /// name required properties, else its type, flattened.
    fn component_union(
        &mut self,
        key: &'a str,
        at: &str,
        properties: &[&str],
        extras: &mut StructExtras,
    ) {
        let reference = format!("#/components/schemas/{}", pointer::escape(key));
        let Some(schema) = self.schema_silently(&reference) else {
            return;
        };
        let name = self.component_types[key].clone();
        let views: Vec<InlineUnion<'a>> = union_lists(schema)
            .into_iter()
            .map(|(keyword, parts)| InlineUnion {
                keyword,
                parts,
                discriminator: schema.schema_data.discriminator.as_ref(),
                pointer: pointer::join("/components/schemas", [key]),
                holder: name.clone(),
            })
            .collect();
        if !views.is_empty() && views.iter().all(|u| self.is_presence_only(u, properties)) {
            let rules: Vec<PresenceRule> = views.iter().map(|u| self.presence_rule(u)).collect();
            extras.rules.extend(rules);
            return;
        }
        let parts: Vec<&'a ReferenceOr<Schema>> = union_lists(schema)
            .into_iter()
            .flat_map(|(_, parts)| parts)
            .collect();
        if !parts.iter().all(|p| self.object_compatible(p)) {
            self.warn(
                at,
                format!("the alternatives of `{key}` are not all objects, so they cannot be merged with the other allOf parts; this part is ignored"),
                "include only object alternatives here, or make the union a property",
            );
            return;
        }
        self.note_alternatives(schema, &parts, extras);
        extras
            .flattened
            .push((snake(&name), TypeRef::Named(name), schema_doc(schema)));
    }

    /// Alternatives written beside properties: a new union type, flattened.
    fn flatten_inline(&mut self, u: &InlineUnion<'a>, extras: &mut StructExtras) {
        let mut kept = Vec::with_capacity(u.parts.len());
        for (i, part) in u.parts.iter().enumerate() {
            if self.object_compatible(part) {
                kept.push((i, part));
            } else {
                self.warn(
                    &format!("{}/{}/{i}", u.pointer, u.keyword),
                    "this alternative is not an object, but the schema has properties beside the alternatives; it is left out",
                    "make every alternative an object, or move the properties into each alternative",
                );
            }
        }
        if kept.is_empty() {
            return;
        }
        let name = self.inline_union_type(u, &kept);
        let parts: Vec<&'a ReferenceOr<Schema>> = kept.iter().map(|(_, p)| *p).collect();
        if let Some(d) = u.discriminator {
            extras.carried.insert(d.property_name.clone());
        }
        self.note_names(&parts, extras);
        let doc = format!(
            "Which alternative of the `{}` the value is; its properties are read from the same JSON object.",
            u.keyword
        );
        extras
            .flattened
            .push((snake(u.keyword), TypeRef::Named(name), Some(doc)));
    }

    /// The type of inline alternatives, named after the schema that holds them
    /// (`{Holder}OneOf`), made once however many structs include them.
    fn inline_union_type(
        &mut self,
        u: &InlineUnion<'a>,
        kept: &[(usize, &'a ReferenceOr<Schema>)],
    ) -> String {
        let address = u.parts.as_ptr() as usize;
        if let Some(name) = self.inline_unions.get(&address) {
            return name.clone();
        }
        let holder = &u.holder;
        let wanted = format!("{holder}{}", camel(u.keyword, "T"));
        let (name, _) = self.type_scope.claim(&wanted, "Type");
        self.inline_unions.insert(address, name.clone());
        let slot = self.types.len();
        let at = u.pointer.clone();
        let body = self.one_of(u.discriminator, u.keyword, kept, &at, &name);
        self.types.insert(
            slot,
            TypeDef {
                name: name.clone(),
                pointer: at,
                doc: Some(format!(
                    "The `{}` alternatives of `{holder}`: the value is one of them, beside the properties of `{holder}`.",
                    u.keyword
                )),
                deprecated: false,
                body: TypeBody::OneOf(body),
                eq_hash: false,
            },
        );
        name
    }

    fn note_alternatives(
        &self,
        schema: &Schema,
        parts: &[&'a ReferenceOr<Schema>],
        extras: &mut StructExtras,
    ) {
        if let Some(d) = &schema.schema_data.discriminator {
            extras.carried.insert(d.property_name.clone());
        }
        self.note_names(parts, extras);
    }

    /// Records the properties the alternatives declare: all of them in `declared`, those every
    /// alternative declares in `carried`.
    fn note_names(&self, parts: &[&'a ReferenceOr<Schema>], extras: &mut StructExtras) {
        let mut every: Option<HashSet<String>> = None;
        for part in parts {
            let names = self.declared_names(part);
            extras.declared.extend(names.iter().cloned());
            every = Some(match every {
                None => names,
                Some(before) => before.intersection(&names).cloned().collect(),
            });
        }
        extras.carried.extend(every.unwrap_or_default());
    }

    /// Whether every alternative only names required properties of the struct (or narrows the
    /// values of its properties): inline, no type but `object`, no properties of its own.
    fn is_presence_only(&self, u: &InlineUnion<'a>, properties: &[&str]) -> bool {
        u.discriminator.is_none()
            && u.parts.iter().all(|part| {
                let ReferenceOr::Item(schema) = part else {
                    return false;
                };
                let bare = match &schema.schema_kind {
                    SchemaKind::Type(Type::Object(o)) => o.additional_properties.is_none(),
                    SchemaKind::Any(a) => {
                        matches!(a.typ.as_deref(), None | Some("object"))
                            && a.all_of.is_empty()
                            && a.one_of.is_empty()
                            && a.any_of.is_empty()
                            && a.not.is_none()
                            && a.items.is_none()
                            && a.enumeration.is_empty()
                            && a.additional_properties.is_none()
                    }
                    _ => false,
                };
                bare && loose_object_view(schema).is_some_and(|o| {
                    o.properties
                        .keys()
                        .all(|k| properties.contains(&k.as_str()))
                })
            })
    }

    /// The rule the server checks for presence-only alternatives.
    fn presence_rule(&self, u: &InlineUnion<'a>) -> PresenceRule {
        let mut complete = true;
        let mut alternatives = Vec::with_capacity(u.parts.len());
        for part in u.parts {
            let ReferenceOr::Item(schema) = part else {
                continue;
            };
            let Some(o) = loose_object_view(schema) else {
                continue;
            };
            let mut allowed = Vec::new();
            for (name, property) in o.properties {
                match string_values(property) {
                    Some(values) => allowed.push((name.clone(), values)),
                    None => complete = false,
                }
            }
            alternatives.push(PresenceAlternative {
                required: o.required.to_vec(),
                allowed,
            });
        }
        PresenceRule {
            // Counting only what the server can check could find two alternatives where the
            // spec has one; then the server only checks that one holds.
            exactly_one: u.keyword == "oneOf" && complete,
            alternatives,
            pointer: format!("{}/{}", u.pointer, u.keyword),
        }
    }

    /// Whether a value of `part` can be read from (and written into) a JSON object: an object,
    /// a map, any JSON value, or a union of those.
    pub(super) fn object_compatible(&self, part: &ReferenceOr<Schema>) -> bool {
        self.compatible_walk(part, &mut HashSet::new())
    }

    /// [`Lowerer::object_compatible`]; a schema met again (a recursive union) counts as
    /// compatible: if it is not, its first visit already said so.
    fn compatible_walk(&self, part: &ReferenceOr<Schema>, seen: &mut HashSet<usize>) -> bool {
        let schema = match part {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { reference } => match self.schema_silently(reference) {
                Some(s) => s,
                // Reported where it is lowered; any JSON value it is.
                None => return true,
            },
        };
        if !seen.insert(schema as *const Schema as usize) {
            return true;
        }
        let unions = union_lists(schema);
        let all_of = all_of_parts(schema);
        let mut parts_compatible = || {
            unions
                .iter()
                .flat_map(|(_, parts)| *parts)
                .chain(all_of)
                .all(|p| self.compatible_walk(p, seen))
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(_)) => true,
            SchemaKind::Type(_) => false,
            SchemaKind::Any(a) => match a.typ.as_deref() {
                Some("object") => parts_compatible(),
                Some(_) => false,
                None => {
                    (object_view(schema).is_some()
                        || a.additional_properties.is_some()
                        || (a.items.is_none() && a.enumeration.is_empty()))
                        && parts_compatible()
                }
            },
            SchemaKind::Not { .. } => true,
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::AllOf { .. } => {
                parts_compatible()
            }
        }
    }

    /// The properties a value of `part` has by its schema: its own, its `allOf` parts', and
    /// those every alternative of its unions declares.
    pub(super) fn declared_names(&self, part: &ReferenceOr<Schema>) -> HashSet<String> {
        self.declared_walk(part, &mut HashMap::new())
    }

    /// [`Lowerer::declared_names`], each schema worked out once; one met again while it is
    /// worked out (a recursive schema) declares nothing more.
    fn declared_walk(
        &self,
        part: &ReferenceOr<Schema>,
        memo: &mut HashMap<usize, HashSet<String>>,
    ) -> HashSet<String> {
        let schema = match part {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { reference } => match self.schema_silently(reference) {
                Some(s) => s,
                None => return HashSet::new(),
            },
        };
        let address = schema as *const Schema as usize;
        if let Some(names) = memo.get(&address) {
            return names.clone();
        }
        memo.insert(address, HashSet::new());
        let mut names: HashSet<String> = loose_object_view(schema)
            .map(|o| o.properties.keys().cloned().collect())
            .unwrap_or_default();
        for p in all_of_parts(schema) {
            names.extend(self.declared_walk(p, memo));
        }
        for (_, parts) in union_lists(schema) {
            let mut every: Option<HashSet<String>> = None;
            for p in parts {
                let inner = self.declared_walk(p, memo);
                every = Some(match every {
                    None => inner,
                    Some(before) => before.intersection(&inner).cloned().collect(),
                });
            }
            names.extend(every.unwrap_or_default());
        }
        memo.insert(address, names.clone());
        names
    }
}

/// The string values a restated property is narrowed to (`niCategory: {enum: [F, I]}`), or
/// `None` when it says anything else.
fn string_values(property: &ReferenceOr<Box<Schema>>) -> Option<Vec<String>> {
    let ReferenceOr::Item(schema) = property else {
        return None;
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s))
            if !s.enumeration.is_empty()
                && s.pattern.is_none()
                && s.min_length.is_none()
                && s.max_length.is_none() =>
        {
            s.enumeration.iter().map(Clone::clone).collect()
        }
        SchemaKind::Any(a)
            if !a.enumeration.is_empty()
                && matches!(a.typ.as_deref(), None | Some("string"))
                && a.properties.is_empty() =>
        {
            a.enumeration
                .iter()
                .map(|v| v.as_str().map(str::to_owned))
                .collect()
        }
        _ => None,
    }
}
