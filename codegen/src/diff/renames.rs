//! Schemas renamed without a change of shape, and the comparison of types across two models
//! that such renames need.

use std::collections::BTreeMap;

use crate::model::{Api, Field, Primitive, TypeBody, TypeDef, TypeRef};

/// Old type name to new type name, for types that only changed their name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Renames(pub BTreeMap<String, String>);

impl Renames {
    /// The name `old_name` has in the new model.
    pub fn new_name<'a>(&'a self, old_name: &'a str) -> &'a str {
        self.0.get(old_name).map_or(old_name, String::as_str)
    }

    /// The old name of a type the new model calls `new_name`, when it was renamed.
    pub fn old_name(&self, new_name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(_, to)| to.as_str() == new_name)
            .map(|(from, _)| from.as_str())
    }
}

/// Finds every type of `old` missing from `new` whose shape a type of `new` missing from `old`
/// has, repeating until no more are found (an inline type renamed with its parent matches
/// first, and then the parent does).
pub fn detect(old: &Api, new: &Api) -> Renames {
    let mut renames = Renames::default();
    let old_only: Vec<&TypeDef> = old
        .types
        .iter()
        .filter(|t| new.type_named(&t.name).is_none())
        .collect();
    let new_only: Vec<&TypeDef> = new
        .types
        .iter()
        .filter(|t| old.type_named(&t.name).is_none())
        .collect();
    loop {
        let mut found = false;
        for from in &old_only {
            if renames.0.contains_key(&from.name) {
                continue;
            }
            let taken = |name: &str| renames.0.values().any(|to| to == name);
            let candidate = new_only.iter().find(|to| {
                if taken(&to.name) {
                    return false;
                }
                let mut trial = renames.clone();
                trial.0.insert(from.name.clone(), to.name.clone());
                same_body(&Models { old, new }, &from.body, &to.body, &trial)
            });
            if let Some(to) = candidate {
                renames.0.insert(from.name.clone(), to.name.clone());
                found = true;
            }
        }
        if !found {
            return renames;
        }
    }
}

/// The two models a comparison reads.
#[derive(Clone, Copy)]
pub struct Models<'a> {
    /// The old model.
    pub old: &'a Api,
    /// The new model.
    pub new: &'a Api,
}

fn same_body(models: &Models<'_>, old: &TypeBody, new: &TypeBody, renames: &Renames) -> bool {
    let same = |a: &TypeRef, b: &TypeRef| same_wire_type(models, a, b, renames);
    match (old, new) {
        (TypeBody::Struct(a), TypeBody::Struct(b)) => {
            a.deny_unknown_fields == b.deny_unknown_fields
                && a.fields.len() == b.fields.len()
                && a.fields
                    .iter()
                    .zip(&b.fields)
                    .all(|(x, y)| same_field(x, y) && same(&x.ty, &y.ty))
                && a.flattened.len() == b.flattened.len()
                && a.flattened
                    .iter()
                    .zip(&b.flattened)
                    .all(|(x, y)| same(&x.ty, &y.ty))
                && a.presence_rules == b.presence_rules
                && super::types::same_dependent_required(a, b)
        }
        (TypeBody::Enum(a), TypeBody::Enum(b)) => {
            a.variants.len() == b.variants.len()
                && a.variants
                    .iter()
                    .zip(&b.variants)
                    .all(|(x, y)| x.wire_name == y.wire_name)
        }
        (TypeBody::Alias(a), TypeBody::Alias(b)) => same(a, b),
        (TypeBody::OneOf(a), TypeBody::OneOf(b)) => {
            a.discriminator == b.discriminator
                && a.variants.len() == b.variants.len()
                && a.variants
                    .iter()
                    .zip(&b.variants)
                    .all(|(x, y)| x.tags == y.tags && same(&x.ty, &y.ty))
        }
        _ => false,
    }
}

fn same_field(a: &Field, b: &Field) -> bool {
    a.wire_name == b.wire_name
        && a.presence == b.presence
        && a.default == b.default
        && a.constraints == b.constraints
}

/// Whether `old` (a type of the old model) and `new` (of the new model) are the same on the
/// wire: aliases are seen through, `Box` and secret strings are Rust-only, and a named type
/// matches its new name.
pub fn same_wire_type(
    models: &Models<'_>,
    old: &TypeRef,
    new: &TypeRef,
    renames: &Renames,
) -> bool {
    // A type that keeps its name is compared by the type comparison itself, once, rather
    // than again at every field that names it.
    if let (TypeRef::Named(a), TypeRef::Named(b)) = (old, new) {
        if renames.new_name(a) == b {
            return true;
        }
    }
    let old = wire_type(models.old, old);
    let new = wire_type(models.new, new);
    match (old, new) {
        (TypeRef::Named(a), TypeRef::Named(b)) => renames.new_name(a) == b,
        (TypeRef::Primitive(a), TypeRef::Primitive(b)) => a == b,
        (TypeRef::Vec(a), TypeRef::Vec(b))
        | (TypeRef::Map(a), TypeRef::Map(b))
        | (TypeRef::Nullable(a), TypeRef::Nullable(b)) => same_wire_type(models, a, b, renames),
        (TypeRef::Tuple(a), TypeRef::Tuple(b)) => {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|(a, b)| same_wire_type(models, a, b, renames))
        }
        _ => false,
    }
}

/// `ty` with aliases resolved and Rust-only wrappers removed, as far as the wire sees it.
/// A secret string is a string on the wire.
fn wire_type<'a>(api: &'a Api, ty: &'a TypeRef) -> &'a TypeRef {
    static STRING: TypeRef = TypeRef::Primitive(Primitive::String);
    let mut ty = ty;
    // Aliases can only chain as far as there are types; the bound keeps a bad model finite.
    for _ in 0..=api.types.len() {
        ty = match ty {
            TypeRef::Boxed(inner) => inner,
            TypeRef::Primitive(Primitive::Secret) => &STRING,
            TypeRef::Named(name) => match api.type_named(name).map(|t| &t.body) {
                Some(TypeBody::Alias(target)) => target,
                _ => return ty,
            },
            _ => return ty,
        };
    }
    ty
}
