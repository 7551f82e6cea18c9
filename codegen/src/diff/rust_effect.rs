//! The effect of a spec change on the generated Rust API as a whole: which types, fields,
//! variants and methods are added, removed, renamed or changed. It compares the two API
//! surfaces ([`crate::surface`]) line by line.

use serde::Serialize;

use super::renames::Renames;
use crate::EnumStyle;
use crate::model::{Api, Operation};
use crate::surface::{operation_lines, type_lines};

/// A type that only changed its name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RenamedType {
    /// The old Rust name.
    pub from: String,
    /// The new Rust name.
    pub to: String,
}

/// What changes in the generated crate. Members are fields (`Type.field`), enum variants and
/// `oneOf` variants (`Type::Variant`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RustEffect {
    /// New types.
    pub types_added: Vec<String>,
    /// Types that are gone.
    pub types_removed: Vec<String>,
    /// Types with a new name and the same shape.
    pub types_renamed: Vec<RenamedType>,
    /// Types whose definition changed (a member, an attribute, or a type it names).
    pub types_changed: Vec<String>,
    /// New fields and variants of types that exist in both versions.
    pub members_added: Vec<String>,
    /// Removed fields and variants of types that exist in both versions.
    pub members_removed: Vec<String>,
    /// Fields and variants whose line in the API surface changed.
    pub members_changed: Vec<String>,
    /// New client and server methods.
    pub methods_added: Vec<String>,
    /// Removed client and server methods.
    pub methods_removed: Vec<String>,
    /// Methods whose name, parameters, body or outcomes changed.
    pub methods_changed: Vec<String>,
}

impl RustEffect {
    /// Whether the generated Rust API is the same.
    pub fn is_empty(&self) -> bool {
        *self == RustEffect::default()
    }
}

/// Compares the surfaces of `old` and `new`.
pub fn of(old: &Api, new: &Api, renames: &Renames) -> RustEffect {
    let mut effect = RustEffect::default();
    let lines = |ty| type_lines(ty, EnumStyle::Open);
    for ty in &new.types {
        if let Some(from) = renames.old_name(&ty.name) {
            effect.types_renamed.push(RenamedType {
                from: from.to_owned(),
                to: ty.name.clone(),
            });
            continue;
        }
        let Some(before) = old.type_named(&ty.name) else {
            effect.types_added.push(ty.name.clone());
            continue;
        };
        let (old_lines, new_lines) = (lines(before), lines(ty));
        if old_lines != new_lines {
            effect.types_changed.push(ty.name.clone());
            compare_members(&old_lines[1..], &new_lines[1..], &mut effect);
        }
    }
    effect.types_removed = old
        .types
        .iter()
        .filter(|t| new.type_named(&t.name).is_none() && !renames.0.contains_key(&t.name))
        .map(|t| t.name.clone())
        .collect();
    let paths: [Vec<&Operation>; 2] = [old, new].map(|api| api.operations.iter().collect());
    compare_methods(&paths[0], &paths[1], &mut effect);
    let webhooks: [Vec<&Operation>; 2] = [old, new].map(|api| api.webhook_operations().collect());
    compare_methods(&webhooks[0], &webhooks[1], &mut effect);
    effect
}

/// The methods added, changed and removed between the operations `old` and `new` (each
/// found by method and path).
fn compare_methods(old: &[&Operation], new: &[&Operation], effect: &mut RustEffect) {
    for op in new {
        let before = old
            .iter()
            .find(|o| o.method == op.method && o.path == op.path);
        match before {
            None => effect.methods_added.push(op.rust_name.clone()),
            Some(before) if operation_lines(before) != operation_lines(op) => {
                effect.methods_changed.push(op.rust_name.clone());
            }
            Some(_) => {}
        }
    }
    effect.methods_removed.extend(
        old.iter()
            .filter(|o| {
                !new.iter()
                    .any(|op| op.method == o.method && op.path == o.path)
            })
            .map(|o| o.rust_name.clone()),
    );
}

/// The member a surface line describes: `Type.field` or `Type::Variant`.
fn member(line: &str) -> &str {
    let end = [line.find(": "), line.find(' '), line.find('(')]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(line.len());
    &line[..end]
}

fn compare_members(old: &[String], new: &[String], effect: &mut RustEffect) {
    // Lines about the type as a whole (a presence rule the server checks) name no member.
    let is_member = |line: &&String| member(line).contains('.') || member(line).contains("::");
    let (old, new): (Vec<&String>, Vec<&String>) = (
        old.iter().filter(is_member).collect(),
        new.iter().filter(is_member).collect(),
    );
    for line in &new {
        match old.iter().find(|o| member(o) == member(line)) {
            None => effect.members_added.push(member(line).to_owned()),
            Some(o) if o != line => effect.members_changed.push(member(line).to_owned()),
            Some(_) => {}
        }
    }
    for line in &old {
        if !new.iter().any(|n| member(n) == member(line)) {
            effect.members_removed.push(member(line).to_owned());
        }
    }
}
