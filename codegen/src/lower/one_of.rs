//! `oneOf` and `anyOf`: an enum with a variant per alternative, picked by the discriminator's
//! tag when the spec has one, else by trying the alternatives most specific first.

use openapiv3::{Discriminator, ReferenceOr, Schema, SchemaKind, Type};

use super::Lowerer;
use super::merge::{all_of_parts, union_lists};
use super::names::{Scope, camel};
use super::nullability::is_null_schema;
use crate::model::{OneOf, OneOfVariant, Primitive, TypeBody, TypeRef};
use crate::pointer;

impl<'a> Lowerer<'a> {
    /// The enum for `parts` (the alternatives under `keyword`, with their indices) of the type
    /// named `name`.
    pub(super) fn one_of(
        &mut self,
        discriminator: Option<&'a Discriminator>,
        keyword: &str,
        parts: &[(usize, &'a ReferenceOr<Schema>)],
        at: &str,
        name: &str,
    ) -> OneOf {
        let mut scope = Scope::with_reserved(&["Unknown"]);
        let mut variants = Vec::with_capacity(parts.len() + 1);
        // The values each alternative's discriminator property allows (`type: {enum: [json]}`).
        let mut declared_tags: Vec<Vec<String>> = Vec::with_capacity(parts.len());
        for &(i, part) in parts {
            let part_at = format!("{at}/{keyword}/{i}");
            let declared = discriminator
                .map(|d| self.tag_values(part, &d.property_name, 0))
                .unwrap_or_default();
            // An inline alternative is named by its title, else by the one discriminator
            // value that selects it (`Grammar::Regex(GrammarRegex)`), else by its position.
            let only_tag = match declared.as_slice() {
                [tag] => Some(camel(tag, "T")),
                _ => None,
            };
            let title = match part {
                ReferenceOr::Item(s) => s
                    .schema_data
                    .title
                    .as_deref()
                    .map(|t| camel(t, "T"))
                    .or(only_tag),
                ReferenceOr::Reference { .. } => None,
            };
            declared_tags.push(declared);
            let suffix = title
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| format!("Variant{}", i + 1));
            let hint = format!("{name}{suffix}");
            let ty = self.lower_schema(part, &part_at, &hint).ty;
            // A type made for an inline alternative is named after the union; the variant
            // needs only the rest (`Filter::ByName(FilterByName)`).
            let within = match part {
                ReferenceOr::Item(_) => name,
                ReferenceOr::Reference { .. } => "",
            };
            let wanted = variant_name(&ty, within);
            let (rust_name, _) = scope.claim(&wanted, "Variant");
            let tags = match part {
                ReferenceOr::Reference { reference } => {
                    implicit_tag(reference).into_iter().collect()
                }
                ReferenceOr::Item(_) => Vec::new(),
            };
            variants.push((
                i,
                OneOfVariant {
                    rust_name,
                    ty,
                    tags,
                },
            ));
        }
        let discriminator = discriminator.map(|d| {
            let mapped =
                self.apply_mapping(&mut variants, &d.mapping, &format!("{at}/discriminator"));
            // An alternative the mapping does not name is also selected by the values its
            // discriminator property allows, as generators that write inline alternatives
            // mean it.
            for (k, declared) in declared_tags.into_iter().enumerate() {
                if mapped.contains(&k) {
                    continue;
                }
                let tags = &mut variants[k].1.tags;
                for value in declared {
                    if !tags.contains(&value) {
                        tags.push(value);
                    }
                }
            }
            d.property_name.clone()
        });
        let mut variants: Vec<OneOfVariant> = if discriminator.is_some() {
            let mut warned: Vec<&str> = Vec::new();
            for (i, v) in &variants {
                for tag in &v.tags {
                    let takers = variants
                        .iter()
                        .filter(|(_, w)| w.tags.contains(tag))
                        .count();
                    if takers > 1 && !warned.contains(&tag.as_str()) {
                        warned.push(tag);
                        self.warn(
                            &format!("{at}/{keyword}/{i}"),
                            format!("the discriminator value `{tag}` selects {takers} alternatives; a value with it is read as the first of them that accepts it, in spec order"),
                            "give each alternative a value of its own",
                        );
                    }
                }
                if v.tags.is_empty() {
                    self.warn(
                        &format!("{at}/{keyword}/{i}"),
                        "no discriminator value selects this alternative; it is tried for a value whose tag no other alternative takes",
                        "reference it with a $ref and list it in discriminator.mapping",
                    );
                }
            }
            variants.into_iter().map(|(_, v)| v).collect()
        } else {
            // Without a discriminator nothing is tagged.
            variants.iter_mut().for_each(|(_, v)| v.tags.clear());
            self.order_most_specific_first(variants)
        };
        if discriminator.is_some() {
            // A tag this version of the spec does not know is kept, not refused.
            variants.push(OneOfVariant {
                rust_name: "Unknown".to_owned(),
                ty: TypeRef::Primitive(Primitive::Json),
                tags: Vec::new(),
            });
        }
        OneOf {
            variants,
            discriminator,
            exclusive: keyword == "oneOf",
        }
    }

    /// `discriminator.mapping`: tag values for the alternatives they reference. A mapping
    /// replaces the implicit tag (the component name) of the alternative it names.
    /// Returns the positions of the variants the mapping names.
    fn apply_mapping(
        &mut self,
        variants: &mut [(usize, OneOfVariant)],
        mapping: &indexmap::IndexMap<String, String>,
        at: &str,
    ) -> Vec<usize> {
        let mut mapped: Vec<usize> = Vec::new();
        for (tag, target) in mapping {
            let key = implicit_tag(target).unwrap_or_else(|| target.clone());
            let wanted = TypeRef::Named(
                self.component_types
                    .get(key.as_str())
                    .cloned()
                    .unwrap_or_default(),
            );
            match variants.iter().position(|(_, v)| v.ty == wanted) {
                Some(i) => {
                    if !mapped.contains(&i) {
                        variants[i].1.tags.clear();
                        mapped.push(i);
                    }
                    variants[i].1.tags.push(tag.clone());
                }
                None => self.warn(
                    &pointer::join(&format!("{at}/mapping"), [tag]),
                    format!("`{target}` is not one of the alternatives"),
                    "map each tag to a $ref listed in the oneOf",
                ),
            }
        }
        mapped
    }

    /// The string values the discriminator property `property` of an alternative allows: its
    /// `enum` (a 3.1 `const` is read as one), in the alternative or in one of its `allOf`
    /// parts, through `$ref`s.
    fn tag_values(
        &self,
        part: &'a ReferenceOr<Schema>,
        property: &str,
        depth: usize,
    ) -> Vec<String> {
        const MAX_DEPTH: usize = 16;
        let schema = match part {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { reference } => match self.schema_silently(reference) {
                Some(s) => s,
                None => return Vec::new(),
            },
        };
        let properties = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => Some(&o.properties),
            SchemaKind::Any(a) => Some(&a.properties),
            _ => None,
        };
        if let Some(declared) = properties.and_then(|p| p.get(property)) {
            let declared = match declared {
                ReferenceOr::Item(s) => Some(&**s),
                ReferenceOr::Reference { reference } => self.schema_silently(reference),
            };
            let values = declared.map(string_values).unwrap_or_default();
            if !values.is_empty() {
                return values;
            }
        }
        if depth >= MAX_DEPTH {
            return Vec::new();
        }
        all_of_parts(schema)
            .iter()
            .map(|p| self.tag_values(p, property, depth + 1))
            .find(|v| !v.is_empty())
            .unwrap_or_default()
    }

    /// Without a discriminator the first alternative that accepts a value wins, so the most
    /// demanding go first: objects with more required properties, then arrays, integers before
    /// numbers, booleans, strings and enums, and untyped JSON last. Ties keep spec order.
    fn order_most_specific_first(&self, variants: Vec<(usize, OneOfVariant)>) -> Vec<OneOfVariant> {
        let mut ranked: Vec<((u8, isize, usize), OneOfVariant)> = variants
            .into_iter()
            .map(|(i, v)| {
                (
                    (self.rank(&v.ty), -(self.required_count(&v.ty) as isize), i),
                    v,
                )
            })
            .collect();
        ranked.sort_by_key(|(key, _)| *key);
        ranked.into_iter().map(|(_, v)| v).collect()
    }

    fn rank(&self, ty: &TypeRef) -> u8 {
        match ty {
            TypeRef::Named(n) => match self.named_schema_kind(n) {
                Some(Kind::Object) => 0,
                Some(Kind::Enum) => 5,
                _ => 2,
            },
            TypeRef::Vec(_) | TypeRef::Tuple(_) => 1,
            TypeRef::Map(_) => 3,
            TypeRef::Primitive(Primitive::I32 | Primitive::I64) => 2,
            TypeRef::Primitive(Primitive::F32 | Primitive::F64) => 3,
            TypeRef::Primitive(Primitive::Bool) => 3,
            TypeRef::Primitive(Primitive::Json) => 9,
            TypeRef::Primitive(_) => 6,
            TypeRef::Nullable(t) | TypeRef::Boxed(t) => self.rank(t),
        }
    }

    fn required_count(&self, ty: &TypeRef) -> usize {
        let TypeRef::Named(n) = ty else { return 0 };
        match self.types.iter().find(|t| &t.name == n).map(|t| &t.body) {
            Some(TypeBody::Struct(s)) => s
                .fields
                .iter()
                .filter(|f| !matches!(f.presence, crate::model::Presence::Optional { .. }))
                .count(),
            _ => self
                .component_schema_named(n)
                .map_or(0, |s| match &s.schema_kind {
                    SchemaKind::Type(Type::Object(o)) => o.required.len(),
                    SchemaKind::Any(a) => a.required.len(),
                    _ => 0,
                }),
        }
    }

    /// Whether the named type is a string enum, whether or not it has been lowered yet.
    pub(super) fn is_enum_type(&self, name: &str) -> bool {
        matches!(self.named_schema_kind(name), Some(Kind::Enum))
    }

    /// What kind of type a named type is, whether or not it has been lowered yet.
    fn named_schema_kind(&self, name: &str) -> Option<Kind> {
        if let Some(t) = self.types.iter().find(|t| t.name == name) {
            return Some(match t.body {
                TypeBody::Struct(_) => Kind::Object,
                TypeBody::Enum(_) => Kind::Enum,
                _ => Kind::Other,
            });
        }
        let s = self.component_schema_named(name)?;
        Some(match &s.schema_kind {
            SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. } => Kind::Object,
            SchemaKind::Any(a) if !a.properties.is_empty() => Kind::Object,
            SchemaKind::Type(Type::String(t)) if !t.enumeration.is_empty() => Kind::Enum,
            _ => Kind::Other,
        })
    }

    fn component_schema_named(&self, rust_name: &str) -> Option<&'a Schema> {
        let key = self
            .component_types
            .iter()
            .find(|(_, n)| n.as_str() == rust_name)
            .map(|(k, _)| *k)?;
        self.schema_silently(&format!("#/components/schemas/{}", pointer::escape(key)))
    }
}

/// The alternatives of a schema that is a union and nothing else: one `oneOf` or `anyOf` list,
/// beside which only words, `type`, `nullable` and a discriminator may stand. With properties
/// or `allOf` beside it, the schema is a struct that holds the union (see
/// [`alternatives`](super::alternatives)).
pub(super) fn pure_union(schema: &Schema) -> Option<(&'static str, &[ReferenceOr<Schema>])> {
    let has_structure = match &schema.schema_kind {
        SchemaKind::Any(a) => !a.properties.is_empty() || !a.all_of.is_empty(),
        _ => false,
    };
    match union_lists(schema).as_slice() {
        [(keyword, parts)] if !has_structure => Some((keyword, parts)),
        _ => None,
    }
}

/// The alternatives with their indices, but for `{type: 'null'}` ones (OpenAPI 3.1's way of
/// saying nullable, which the union's users express as an `Option`).
pub(super) fn indexed(parts: &[ReferenceOr<Schema>]) -> Vec<(usize, &ReferenceOr<Schema>)> {
    parts
        .iter()
        .enumerate()
        .filter(|(_, p)| !is_null_schema(p))
        .collect()
}

enum Kind {
    Object,
    Enum,
    Other,
}

/// The tag a `$ref` alternative has without a mapping: the component name.
/// The string values of an `enum`.
fn string_values(schema: &Schema) -> Vec<String> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(t)) => t.enumeration.iter().flatten().cloned().collect(),
        SchemaKind::Any(a) => a
            .enumeration
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

fn implicit_tag(reference: &str) -> Option<String> {
    reference
        .strip_prefix("#/components/schemas/")
        .map(pointer::unescape)
}

/// A variant name from the alternative's type; a type named `{within}…` gives only the rest.
fn variant_name(ty: &TypeRef, within: &str) -> String {
    match ty {
        TypeRef::Named(n) => match n.strip_prefix(within) {
            Some(rest) if !within.is_empty() && !rest.is_empty() => rest.to_owned(),
            _ => n.clone(),
        },
        TypeRef::Primitive(p) => match p {
            Primitive::String | Primitive::Secret => "String",
            Primitive::Bool => "Boolean",
            Primitive::I32 | Primitive::I64 => "Integer",
            Primitive::F32 | Primitive::F64 => "Number",
            Primitive::Date | Primitive::TimeDate => "Date",
            Primitive::DateTime | Primitive::TimeDateTime => "DateTime",
            Primitive::Uuid => "Uuid",
            Primitive::Bytes => "Bytes",
            Primitive::Json => "Value",
        }
        .to_owned(),
        TypeRef::Vec(inner) => format!("{}List", variant_name(inner, within)),
        TypeRef::Map(inner) => format!("{}Map", variant_name(inner, within)),
        TypeRef::Nullable(inner) | TypeRef::Boxed(inner) => variant_name(inner, within),
        TypeRef::Tuple(members) => {
            let names: String = members.iter().map(|m| variant_name(m, within)).collect();
            format!("{names}Tuple")
        }
    }
}
