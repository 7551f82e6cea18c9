//! Changes to types: added, removed, renamed, and changed field by field, enum value by enum
//! value, alternative by alternative, each rated by the direction the type travels in.

use super::constraints;
use super::locate::Document;
use super::renames::{Models, same_wire_type};
use super::rules::{self, DirectedRule, directed, plain};
use super::usage::Usage;
use super::{Change, Context, Documents, Level};
use crate::model::{
    Field, OneOf, OneOfVariant, Presence, StringEnum, Struct, TypeBody, TypeDef, TypeRef, Variant,
};
use crate::pointer;
use crate::surface::{default_text, field_rust_type, rust_type};

/// Every change to the types of `context.old` and `context.new`: new types in spec order,
/// then removed ones.
pub fn compare(context: &Context<'_>) -> Vec<Change> {
    let mut out = Vec::new();
    for new in &context.new.types {
        let renamed_from = context.renames.old_name(&new.name);
        let old_name = renamed_from.unwrap_or(&new.name);
        let Some(old) = context.old.type_named(old_name) else {
            out.push(plain(
                "schema-added",
                Level::Info,
                &new.pointer,
                format!("schema `{}` added", new.name),
                format!("type `{}` added", new.name),
            ));
            continue;
        };
        if let Some(from) = renamed_from {
            out.push(plain(
                "schema-renamed",
                Level::Warning,
                &new.pointer,
                format!(
                    "schema `{from}` renamed to `{}` with the same shape: the wire format is unchanged",
                    new.name
                ),
                format!("type `{from}` is now `{}`; Rust code naming it must change", new.name),
            ));
        }
        out.extend(compare_type(context, old, new));
    }
    for old in &context.old.types {
        let gone = context.new.type_named(&old.name).is_none()
            && !context.renames.0.contains_key(&old.name);
        if gone {
            out.push(plain(
                "schema-removed",
                Level::Warning,
                &old.pointer,
                format!("schema `{}` removed", old.name),
                format!(
                    "type `{}` removed; Rust code naming it no longer compiles",
                    old.name
                ),
            ));
        }
    }
    out
}

/// What a type comparison needs besides the two types.
struct TypePair<'a> {
    models: Models<'a>,
    renames: &'a super::renames::Renames,
    usage: Usage,
    name: &'a str,
    pointer: &'a str,
    old_pointer: &'a str,
    documents: &'a Documents,
}

impl TypePair<'_> {
    /// Where property `wire_name` is in the new spec (`old: false`) or the old one.
    fn property_at(&self, wire_name: &str, old: bool) -> String {
        let (document, at) = self.side(old);
        document
            .property(at, wire_name)
            .unwrap_or_else(|| pointer::join(at, ["properties", wire_name]))
    }

    /// Where enum value `value` is in the new spec (`old: false`) or the old one.
    fn enum_value_at(&self, value: &str, old: bool) -> String {
        let (document, at) = self.side(old);
        document
            .enum_value(at, value)
            .unwrap_or_else(|| pointer::join(at, ["enum"]))
    }

    fn side(&self, old: bool) -> (&Document, &str) {
        if old {
            (&self.documents.old, self.old_pointer)
        } else {
            (&self.documents.new, self.pointer)
        }
    }
}

fn compare_type(context: &Context<'_>, old: &TypeDef, new: &TypeDef) -> Vec<Change> {
    let usage = context
        .old_usage
        .get(&old.name)
        .copied()
        .unwrap_or_default()
        .union(
            context
                .new_usage
                .get(&new.name)
                .copied()
                .unwrap_or_default(),
        );
    let pair = TypePair {
        models: Models {
            old: context.old,
            new: context.new,
        },
        renames: context.renames,
        usage,
        name: &new.name,
        pointer: &new.pointer,
        old_pointer: &old.pointer,
        documents: context.documents,
    };
    match (&old.body, &new.body) {
        (TypeBody::Struct(a), TypeBody::Struct(b)) => compare_structs(&pair, a, b),
        (TypeBody::Enum(a), TypeBody::Enum(b)) => compare_enums(&pair, a, b),
        (TypeBody::OneOf(a), TypeBody::OneOf(b)) => compare_one_ofs(&pair, a, b),
        (TypeBody::Alias(a), TypeBody::Alias(b))
            if same_wire_type(&pair.models, a, b, pair.renames) =>
        {
            Vec::new()
        }
        _ => directed(
            &rules::TYPE_CHANGED,
            usage,
            &new.pointer,
            &format!(
                "schema `{}` changed from {} to {}",
                new.name,
                kind(&old.body),
                kind(&new.body)
            ),
            &format!("type `{}` is now {}", new.name, kind(&new.body)),
        ),
    }
}

fn kind(body: &TypeBody) -> String {
    match body {
        TypeBody::Struct(_) => "an object".to_owned(),
        TypeBody::Enum(_) => "a string enum".to_owned(),
        TypeBody::Alias(target) => format!("`{}`", rust_type(target)),
        TypeBody::OneOf(_) => "a oneOf".to_owned(),
    }
}

fn compare_structs(pair: &TypePair<'_>, old: &Struct, new: &Struct) -> Vec<Change> {
    let name = pair.name;
    let mut out = Vec::new();
    for g in &new.fields {
        let at = pair.property_at(&g.wire_name, false);
        match old.fields.iter().find(|f| f.wire_name == g.wire_name) {
            Some(f) => out.extend(compare_fields(pair, f, g, &at)),
            None => {
                let required = is_required(g.presence) && g.default.is_none();
                let rule = match (required, old.deny_unknown_fields) {
                    (true, false) => &rules::PROPERTY_REQUIRED_ADDED,
                    (true, true) => &rules::PROPERTY_REQUIRED_ADDED_TO_CLOSED,
                    (false, false) => &rules::PROPERTY_ADDED,
                    (false, true) => &rules::PROPERTY_ADDED_TO_CLOSED,
                };
                let what = format!(
                    "property `{}` of `{name}` added ({})",
                    g.wire_name,
                    crate::surface::presence_name(g.presence)
                );
                let rust = format!(
                    "field `{name}::{}: {}` added",
                    g.rust_name,
                    field_rust_type(g)
                );
                out.extend(directed(rule, pair.usage, &at, &what, &rust));
            }
        }
    }
    for f in &old.fields {
        if new.fields.iter().any(|g| g.wire_name == f.wire_name) {
            continue;
        }
        let rule = match (is_required(f.presence), new.deny_unknown_fields) {
            (true, _) => &rules::PROPERTY_REQUIRED_REMOVED,
            (false, true) => &rules::PROPERTY_REMOVED_REFUSED,
            (false, false) => &rules::PROPERTY_REMOVED,
        };
        let what = format!("property `{}` of `{name}` removed", f.wire_name);
        let rust = format!("field `{name}::{}` removed", f.rust_name);
        let at = pair.property_at(&f.wire_name, true);
        out.extend(directed(rule, pair.usage, &at, &what, &rust));
    }
    let refused = match (old.deny_unknown_fields, new.deny_unknown_fields) {
        (false, true) => Some((&rules::UNKNOWN_PROPERTIES_REFUSED, "refuses", "added")),
        (true, false) => Some((&rules::UNKNOWN_PROPERTIES_ALLOWED, "ignores", "removed")),
        _ => None,
    };
    if let Some((rule, verb, attribute)) = refused {
        let what = format!("schema `{name}` now {verb} unknown properties");
        let rust = format!("`#[serde(deny_unknown_fields)]` {attribute} on `{name}`");
        out.extend(directed(rule, pair.usage, pair.pointer, &what, &rust));
    }
    out.extend(compare_alternatives(pair, old, new));
    out.extend(compare_dependent_required(pair, old, new));
    out
}

/// The `oneOf`/`anyOf` beside a struct's properties: its flattened parts and presence rules.
/// The alternatives themselves are compared as the types they are.
fn compare_alternatives(pair: &TypePair<'_>, old: &Struct, new: &Struct) -> Vec<Change> {
    let same_flattened = old.flattened.len() == new.flattened.len()
        && old.flattened.iter().zip(&new.flattened).all(|(a, b)| {
            a.rust_name == b.rust_name && same_wire_type(&pair.models, &a.ty, &b.ty, pair.renames)
        });
    if same_flattened && old.presence_rules == new.presence_rules {
        return Vec::new();
    }
    let name = pair.name;
    let what = format!("the oneOf/anyOf beside the properties of schema `{name}` changed");
    let rust = if same_flattened {
        format!("the presence rules the server checks for `{name}` changed")
    } else {
        let parts: Vec<String> = new
            .flattened
            .iter()
            .map(|f| format!("`{}: {}`", f.rust_name, rust_type(&f.ty)))
            .collect();
        format!(
            "the flattened fields of `{name}` are now [{}]",
            parts.join(", ")
        )
    };
    directed(&rules::TYPE_CHANGED, pair.usage, pair.pointer, &what, &rust)
}

/// The `dependentRequired` rules of a struct, which the server checks: compared by what they
/// say, not where they are written.
fn compare_dependent_required(pair: &TypePair<'_>, old: &Struct, new: &Struct) -> Vec<Change> {
    if same_dependent_required(old, new) {
        return Vec::new();
    }
    let name = pair.name;
    let what = format!("the dependentRequired rules of schema `{name}` changed");
    let rust = format!("the dependent properties the server checks for `{name}` changed");
    directed(&rules::TYPE_CHANGED, pair.usage, pair.pointer, &what, &rust)
}

/// Whether two structs have the same `dependentRequired` rules, wherever they are written.
pub(super) fn same_dependent_required(old: &Struct, new: &Struct) -> bool {
    let rules = |s: &Struct| -> Vec<(String, Vec<String>)> {
        s.dependent_required
            .iter()
            .map(|d| (d.property.clone(), d.requires.clone()))
            .collect()
    };
    rules(old) == rules(new)
}

fn is_required(presence: Presence) -> bool {
    matches!(presence, Presence::Required | Presence::RequiredNullable)
}

fn is_nullable(presence: Presence) -> bool {
    matches!(
        presence,
        Presence::RequiredNullable | Presence::Optional { nullable: true }
    )
}

fn compare_fields(pair: &TypePair<'_>, f: &Field, g: &Field, at: &str) -> Vec<Change> {
    let owner = format!("property `{}` of `{}`", g.wire_name, pair.name);
    let rust_name = format!("`{}::{}`", pair.name, g.rust_name);
    let old_rust = field_rust_type_renamed(f, pair.renames);
    let new_rust = field_rust_type(g);
    let rust = if old_rust == new_rust {
        format!("field {rust_name} stays `{new_rust}`; only its serde handling changes")
    } else {
        format!("field {rust_name} changes from `{old_rust}` to `{new_rust}`")
    };
    let mut found: Vec<(&DirectedRule, String, String)> = Vec::new();
    // Each flag, with the rule and words for turning it on and for turning it off.
    let flags = [
        (
            (is_required(f.presence), is_required(g.presence)),
            (&rules::PROPERTY_MADE_REQUIRED, "made required"),
            (&rules::PROPERTY_MADE_OPTIONAL, "made optional"),
        ),
        (
            (is_nullable(f.presence), is_nullable(g.presence)),
            (&rules::PROPERTY_MADE_NULLABLE, "made nullable"),
            (&rules::PROPERTY_MADE_NON_NULLABLE, "no longer nullable"),
        ),
    ];
    for ((was, is), on, off) in flags {
        let turned = match (was, is) {
            (false, true) => on,
            (true, false) => off,
            _ => continue,
        };
        found.push((turned.0, format!("{owner} {}", turned.1), rust.clone()));
    }
    if !same_wire_type(&pair.models, &f.ty, &g.ty, pair.renames) {
        let what = format!(
            "{owner} changed type from `{}` to `{}`",
            rust_type(&f.ty),
            rust_type(&g.ty)
        );
        found.push((&rules::PROPERTY_TYPE_CHANGED, what, rust.clone()));
    } else if rust_type(&renamed(&f.ty, pair.renames)) != rust_type(&g.ty) {
        let what = format!(
            "{owner} keeps its wire type, but its Rust type changes from `{}` to `{}`",
            rust_type(&f.ty),
            rust_type(&g.ty)
        );
        found.push((&rules::PROPERTY_RUST_TYPE_CHANGED, what, rust.clone()));
    }
    if f.default != g.default {
        let text = |d: &Option<_>| d.as_ref().map_or("none".to_owned(), default_text);
        let what = format!(
            "default of {owner} changed from {} to {}",
            text(&f.default),
            text(&g.default)
        );
        found.push((&rules::PROPERTY_DEFAULT_CHANGED, what, rust.clone()));
    }
    for limit in constraints::changes(&f.constraints, &g.constraints) {
        let rule = if limit.tightened {
            &rules::PROPERTY_CONSTRAINT_TIGHTENED
        } else {
            &rules::PROPERTY_CONSTRAINT_LOOSENED
        };
        let what = format!(
            "`{}` of {owner} changed from {} to {}",
            limit.name, limit.old, limit.new
        );
        let rust =
            format!("field {rust_name} unchanged; the generated server checks the new limit");
        found.push((rule, what, rust));
    }
    found
        .into_iter()
        .flat_map(|(rule, what, rust)| directed(rule, pair.usage, at, &what, &rust))
        .collect()
}

/// The Rust type an old field would have under the new names of renamed types.
fn field_rust_type_renamed(f: &Field, renames: &super::renames::Renames) -> String {
    let mut field = f.clone();
    field.ty = renamed(&f.ty, renames);
    field_rust_type(&field)
}

/// `ty` with the names of renamed types replaced by their new names.
fn renamed(ty: &TypeRef, renames: &super::renames::Renames) -> TypeRef {
    let inner = |t: &TypeRef| Box::new(renamed(t, renames));
    match ty {
        TypeRef::Named(name) => TypeRef::Named(renames.new_name(name).to_owned()),
        TypeRef::Primitive(p) => TypeRef::Primitive(*p),
        TypeRef::Vec(t) => TypeRef::Vec(inner(t)),
        TypeRef::Map(t) => TypeRef::Map(inner(t)),
        TypeRef::Nullable(t) => TypeRef::Nullable(inner(t)),
        TypeRef::Boxed(t) => TypeRef::Boxed(inner(t)),
        TypeRef::Tuple(members) => {
            TypeRef::Tuple(members.iter().map(|t| renamed(t, renames)).collect())
        }
    }
}

/// The items of `items` that nothing in `others` is the same as.
fn unmatched<'a, T>(
    items: &'a [T],
    others: &'a [T],
    same: impl Fn(&T, &T) -> bool + 'a,
) -> impl Iterator<Item = &'a T> + 'a {
    items
        .iter()
        .filter(move |item| !others.iter().any(|other| same(item, other)))
}

fn compare_enums(pair: &TypePair<'_>, old: &StringEnum, new: &StringEnum) -> Vec<Change> {
    let name = pair.name;
    let same = |a: &Variant, b: &Variant| a.wire_name == b.wire_name;
    let mut out = Vec::new();
    for v in unmatched(&new.variants, &old.variants, same) {
        let what = format!("value \"{}\" added to enum `{name}`", v.wire_name);
        let rust = format!("variant `{name}::{}` added", v.rust_name);
        let at = pair.enum_value_at(&v.wire_name, false);
        out.extend(directed(
            &rules::ENUM_VALUE_ADDED,
            pair.usage,
            &at,
            &what,
            &rust,
        ));
    }
    for v in unmatched(&old.variants, &new.variants, same) {
        let what = format!("value \"{}\" removed from enum `{name}`", v.wire_name);
        let rust = format!("variant `{name}::{}` removed", v.rust_name);
        let at = pair.enum_value_at(&v.wire_name, true);
        out.extend(directed(
            &rules::ENUM_VALUE_REMOVED,
            pair.usage,
            &at,
            &what,
            &rust,
        ));
    }
    out
}

fn compare_one_ofs(pair: &TypePair<'_>, old: &OneOf, new: &OneOf) -> Vec<Change> {
    let name = pair.name;
    if old.discriminator != new.discriminator {
        let what = format!(
            "discriminator of `{name}` changed from {:?} to {:?}",
            old.discriminator, new.discriminator
        );
        let rust = format!("enum `{name}` is tagged differently");
        return directed(&rules::TYPE_CHANGED, pair.usage, pair.pointer, &what, &rust);
    }
    let same = |a: &OneOfVariant, b: &OneOfVariant| {
        same_wire_type(&pair.models, &a.ty, &b.ty, pair.renames)
    };
    // `unmatched` compares items of its first list with its second; removals look from the
    // old side, so the arguments of `same` are swapped back to (old, new).
    let same_reversed = |a: &OneOfVariant, b: &OneOfVariant| same(b, a);
    let mut out = Vec::new();
    for v in unmatched(&new.variants, &old.variants, same_reversed) {
        let what = format!("alternative `{}` added to `{name}`", rust_type(&v.ty));
        let rust = format!("variant `{name}::{}` added", v.rust_name);
        let rule = &rules::ONE_OF_VARIANT_ADDED;
        out.extend(directed(rule, pair.usage, pair.pointer, &what, &rust));
    }
    for v in unmatched(&old.variants, &new.variants, same) {
        let what = format!("alternative `{}` removed from `{name}`", rust_type(&v.ty));
        let rust = format!("variant `{name}::{}` removed", v.rust_name);
        let rule = &rules::ONE_OF_VARIANT_REMOVED;
        out.extend(directed(rule, pair.usage, pair.old_pointer, &what, &rust));
    }
    out
}
