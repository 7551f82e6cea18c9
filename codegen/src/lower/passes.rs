//! Whole-model passes after lowering: cycles (boxed, or reported when no finite value or no
//! Rust type can exist), and deriving `Eq`/`Hash`.

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::model::{Api, Presence, Primitive, TypeBody, TypeRef};

/// Puts a `Box` at the back edge of every cycle of by-value containment, so every type has a
/// finite size. `Vec` and `BTreeMap` already put their contents on the heap; `Option` does not.
/// A cycle made only of required, non-nullable properties has no finite JSON value: it is
/// reported as an error.
pub fn break_cycles(api: &mut Api) -> Vec<Diagnostic> {
    let mut walk = Walk {
        index: api
            .types
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.clone(), i))
            .collect(),
        state: vec![Mark::New; api.types.len()],
        stack: Vec::new(),
        diagnostics: Vec::new(),
    };
    for start in 0..api.types.len() {
        if walk.state[start] == Mark::New {
            walk.visit(api, start, false);
        }
    }
    walk.diagnostics
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    New,
    OnStack,
    Done,
}

struct Walk {
    index: HashMap<String, usize>,
    state: Vec<Mark>,
    /// The path being walked: each type, and whether the edge into it is required.
    stack: Vec<(usize, bool)>,
    diagnostics: Vec<Diagnostic>,
}

impl Walk {
    fn visit(&mut self, api: &mut Api, at: usize, required_in: bool) {
        self.state[at] = Mark::OnStack;
        self.stack.push((at, required_in));
        for slot in 0..slots(&api.types[at].body).len() {
            for (target, required) in slot_targets(&api.types[at].body, slot) {
                let Some(&next) = self.index.get(&target) else {
                    continue;
                };
                match self.state[next] {
                    Mark::OnStack => {
                        if let Some(ty) = slots_mut(&mut api.types[at].body).into_iter().nth(slot) {
                            box_direct(ty, &target);
                        }
                        self.report_if_infinite(api, next, required);
                    }
                    Mark::New => self.visit(api, next, required),
                    Mark::Done => {}
                }
            }
        }
        self.stack.pop();
        self.state[at] = Mark::Done;
    }

    /// The cycle closing at `next` is on the stack from `next` up; it is infinite when every
    /// edge of it is required.
    fn report_if_infinite(&mut self, api: &Api, next: usize, closing_required: bool) {
        let Some(pos) = self.stack.iter().position(|(i, _)| *i == next) else {
            return;
        };
        let cycle = &self.stack[pos..];
        if !closing_required || !cycle[1..].iter().all(|(_, required)| *required) {
            return;
        }
        let mut names: Vec<&str> = cycle
            .iter()
            .map(|(i, _)| api.types[*i].name.as_str())
            .collect();
        names.push(&api.types[next].name);
        self.diagnostics.push(
            Diagnostic::error(
                api.types[next].pointer.clone(),
                format!("`{}` contains itself through required, non-nullable properties ({}): no finite JSON value can match it", api.types[next].name, names.join(" → ")),
            )
            .with_hint("make one of these properties optional or nullable, or put it in an array"),
        );
    }
}

/// Reports type aliases that contain themselves (`A: {$ref: A}`, or `A: {type: array, items:
/// {$ref: A}}`): Rust has no recursive type aliases.
pub fn alias_cycles(api: &Api) -> Vec<Diagnostic> {
    let aliases: HashMap<&str, &TypeRef> = api
        .types
        .iter()
        .filter_map(|t| match &t.body {
            TypeBody::Alias(ty) => Some((t.name.as_str(), ty)),
            _ => None,
        })
        .collect();
    let mut diagnostics = Vec::new();
    for t in &api.types {
        let TypeBody::Alias(ty) = &t.body else {
            continue;
        };
        // Follow aliases from this one; a cycle is reported at its first member in type order.
        let mut path = vec![t.name.as_str()];
        let mut frontier: Vec<&str> = named_in(ty);
        let mut seen = Vec::new();
        while let Some(next) = frontier.pop() {
            if next == t.name {
                path.push(next);
                diagnostics.push(
                    Diagnostic::error(t.pointer.clone(), format!("schema `{}` is defined in terms of itself only (through {}): no Rust type can be made of it", t.name, path.join(" → ")))
                        .with_hint("give one of the schemas in the cycle its own definition (e.g. an object with properties)"),
                );
                break;
            }
            if seen.contains(&next) {
                continue;
            }
            seen.push(next);
            if let Some(inner) = aliases.get(next) {
                if api.types.iter().position(|x| x.name == next)
                    < api.types.iter().position(|x| x.name == t.name)
                {
                    // Reported (or not) when its own turn came.
                    continue;
                }
                path.push(next);
                frontier.extend(named_in(inner));
            }
        }
    }
    diagnostics
}

fn named_in(ty: &TypeRef) -> Vec<&str> {
    match ty {
        TypeRef::Named(n) => vec![n.as_str()],
        TypeRef::Primitive(_) => Vec::new(),
        TypeRef::Vec(t) | TypeRef::Map(t) | TypeRef::Nullable(t) | TypeRef::Boxed(t) => named_in(t),
        TypeRef::Tuple(members) => members.iter().flat_map(named_in).collect(),
    }
}

/// The types a type holds: a struct's fields, a oneOf's alternatives, an alias's target,
/// nothing for an enum.
fn slots(body: &TypeBody) -> Vec<&TypeRef> {
    match body {
        TypeBody::Struct(s) => s
            .fields
            .iter()
            .map(|f| &f.ty)
            .chain(s.flattened.iter().map(|f| &f.ty))
            .collect(),
        TypeBody::OneOf(o) => o.variants.iter().map(|v| &v.ty).collect(),
        TypeBody::Alias(t) => vec![t],
        TypeBody::Enum(_) => Vec::new(),
    }
}

fn slots_mut(body: &mut TypeBody) -> Vec<&mut TypeRef> {
    match body {
        TypeBody::Struct(s) => s
            .fields
            .iter_mut()
            .map(|f| &mut f.ty)
            .chain(s.flattened.iter_mut().map(|f| &mut f.ty))
            .collect(),
        TypeBody::OneOf(o) => o.variants.iter_mut().map(|v| &mut v.ty).collect(),
        TypeBody::Alias(t) => vec![t],
        TypeBody::Enum(_) => Vec::new(),
    }
}

/// The named types held by value in a slot (one, or a tuple's), each with whether a value must
/// have it (a required, non-nullable field, or an alias that is not nullable).
fn slot_targets(body: &TypeBody, slot: usize) -> Vec<(String, bool)> {
    slot_type(body, slot).map_or_else(Vec::new, |(ty, required)| direct_targets(ty, required))
}

/// The type of a slot, and whether a value must have the slot.
fn slot_type(body: &TypeBody, slot: usize) -> Option<(&TypeRef, bool)> {
    let (ty, presence_required) = match body {
        TypeBody::Struct(s) => match s.fields.get(slot) {
            Some(f) => (&f.ty, f.presence == Presence::Required),
            // A flattened part is always there.
            None => (&s.flattened.get(slot - s.fields.len())?.ty, true),
        },
        TypeBody::Alias(t) => (t, true),
        // One alternative of several: a value need not take this one.
        TypeBody::OneOf(o) => (&o.variants.get(slot)?.ty, false),
        TypeBody::Enum(_) => return None,
    };
    Some((ty, presence_required))
}

/// The named types `ty` holds by value (itself, in an `Option`, a tuple's members), each with
/// whether a value must have it: `required` and not in an `Option`.
fn direct_targets(ty: &TypeRef, required: bool) -> Vec<(String, bool)> {
    match ty {
        TypeRef::Named(n) => vec![(n.clone(), required)],
        TypeRef::Nullable(inner) => direct_targets(inner, false),
        TypeRef::Tuple(members) => members
            .iter()
            .flat_map(|m| direct_targets(m, required))
            .collect(),
        TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Boxed(_) | TypeRef::Primitive(_) => Vec::new(),
    }
}

/// Boxes the places where `ty` holds `target` by value.
fn box_direct(ty: &mut TypeRef, target: &str) {
    match ty {
        TypeRef::Nullable(inner) => box_direct(inner, target),
        TypeRef::Tuple(members) => members.iter_mut().for_each(|m| box_direct(m, target)),
        TypeRef::Named(n) if n == target => *ty = TypeRef::Boxed(Box::new(ty.clone())),
        _ => {}
    }
}

/// Marks the types whose every field allows `Eq` and `Hash` (no floats, no JSON values), to a
/// fixed point, since types refer to each other.
pub fn derive_eq_hash(api: &mut Api) {
    for t in &mut api.types {
        t.eq_hash = true;
    }
    loop {
        let allowed: HashMap<String, bool> = api
            .types
            .iter()
            .map(|t| (t.name.clone(), t.eq_hash))
            .collect();
        let mut changed = false;
        for t in &mut api.types {
            let ok = match &t.body {
                TypeBody::Struct(s) => s
                    .fields
                    .iter()
                    .map(|f| &f.ty)
                    .chain(s.flattened.iter().map(|f| &f.ty))
                    .all(|ty| type_allows_eq_hash(ty, &allowed)),
                TypeBody::Alias(ty) => type_allows_eq_hash(ty, &allowed),
                TypeBody::OneOf(o) => o
                    .variants
                    .iter()
                    .all(|v| type_allows_eq_hash(&v.ty, &allowed)),
                TypeBody::Enum(_) => true,
            };
            if t.eq_hash && !ok {
                t.eq_hash = false;
                changed = true;
            }
        }
        if !changed {
            return;
        }
    }
}

fn type_allows_eq_hash(ty: &TypeRef, allowed: &HashMap<String, bool>) -> bool {
    match ty {
        TypeRef::Named(n) => allowed.get(n).copied().unwrap_or(false),
        TypeRef::Primitive(p) => !matches!(p, Primitive::F32 | Primitive::F64 | Primitive::Json),
        TypeRef::Vec(t) | TypeRef::Map(t) | TypeRef::Nullable(t) | TypeRef::Boxed(t) => {
            type_allows_eq_hash(t, allowed)
        }
        TypeRef::Tuple(members) => members.iter().all(|t| type_allows_eq_hash(t, allowed)),
    }
}

/// With the `time` crate, date-times are written with `#[serde(with = ...)]`, which works on a
/// property (and its `Option`) only: one anywhere else (an array item, a map value, an alias,
/// a oneOf alternative) is reported.
pub fn nested_time_date_times(api: &Api) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for t in &api.types {
        let nested = match &t.body {
            TypeBody::Struct(s) => {
                s.fields.iter().any(|f| {
                    f.ty != TypeRef::Primitive(Primitive::TimeDateTime)
                        && contains_time_date_time(&f.ty)
                }) || s.flattened.iter().any(|f| contains_time_date_time(&f.ty))
            }
            TypeBody::Alias(ty) => contains_time_date_time(ty),
            TypeBody::OneOf(o) => o.variants.iter().any(|v| contains_time_date_time(&v.ty)),
            TypeBody::Enum(_) => false,
        };
        if nested {
            out.push(
                Diagnostic::error(t.pointer.clone(), format!("`{}` holds a date-time inside an array, map, alias or alternative, which the `time` setting does not support", t.name))
                    .with_hint("use the chrono setting (the default), or make the date-time a property of its own"),
            );
        }
    }
    out
}

fn contains_time_date_time(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Primitive(p) => *p == Primitive::TimeDateTime,
        TypeRef::Named(_) => false,
        TypeRef::Vec(t) | TypeRef::Map(t) | TypeRef::Nullable(t) | TypeRef::Boxed(t) => {
            contains_time_date_time(t)
        }
        TypeRef::Tuple(members) => members.iter().any(contains_time_date_time),
    }
}
