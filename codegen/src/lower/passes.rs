//! Whole-model passes after lowering: boxing recursive types, and deriving `Eq`/`Hash`.

use std::collections::HashMap;

use crate::model::{Api, Primitive, TypeBody, TypeRef};

/// Puts a `Box` at the back edge of every cycle of by-value containment, so every type has a
/// finite size. `Vec` and `BTreeMap` already put their contents on the heap; `Option` does not.
pub fn break_cycles(api: &mut Api) {
    let index: HashMap<String, usize> = api.types.iter().enumerate().map(|(i, t)| (t.name.clone(), i)).collect();
    let mut state = vec![Mark::New; api.types.len()];
    for start in 0..api.types.len() {
        if state[start] == Mark::New {
            visit(api, &index, &mut state, start);
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    New,
    OnStack,
    Done,
}

fn visit(api: &mut Api, index: &HashMap<String, usize>, state: &mut [Mark], at: usize) {
    state[at] = Mark::OnStack;
    let slots: Vec<usize> = match &api.types[at].body {
        TypeBody::Struct(s) => (0..s.fields.len()).collect(),
        TypeBody::Alias(_) => vec![0],
        TypeBody::Enum(_) => Vec::new(),
    };
    for slot in slots {
        let Some(target) = direct_target(slot_type(&api.types[at].body, slot)) else { continue };
        let Some(&next) = index.get(&target) else { continue };
        match state[next] {
            Mark::OnStack => box_direct(slot_type_mut(&mut api.types[at].body, slot)),
            Mark::New => visit(api, index, state, next),
            Mark::Done => {}
        }
    }
    state[at] = Mark::Done;
}

fn slot_type(body: &TypeBody, slot: usize) -> &TypeRef {
    match body {
        TypeBody::Struct(s) => &s.fields[slot].ty,
        TypeBody::Alias(t) => t,
        TypeBody::Enum(_) => unreachable!("enums have no slots"),
    }
}

fn slot_type_mut(body: &mut TypeBody, slot: usize) -> &mut TypeRef {
    match body {
        TypeBody::Struct(s) => &mut s.fields[slot].ty,
        TypeBody::Alias(t) => t,
        TypeBody::Enum(_) => unreachable!("enums have no slots"),
    }
}

/// The named type a field holds by value, if any.
fn direct_target(ty: &TypeRef) -> Option<String> {
    match ty {
        TypeRef::Named(n) => Some(n.clone()),
        TypeRef::Nullable(inner) => direct_target(inner),
        TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Boxed(_) | TypeRef::Primitive(_) => None,
    }
}

fn box_direct(ty: &mut TypeRef) {
    match ty {
        TypeRef::Nullable(inner) => box_direct(inner),
        TypeRef::Named(_) => *ty = TypeRef::Boxed(Box::new(ty.clone())),
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
        let allowed: HashMap<String, bool> = api.types.iter().map(|t| (t.name.clone(), t.eq_hash)).collect();
        let mut changed = false;
        for t in &mut api.types {
            let ok = match &t.body {
                TypeBody::Struct(s) => s.fields.iter().all(|f| type_allows_eq_hash(&f.ty, &allowed)),
                TypeBody::Alias(ty) => type_allows_eq_hash(ty, &allowed),
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
        TypeRef::Vec(t) | TypeRef::Map(t) | TypeRef::Nullable(t) | TypeRef::Boxed(t) => type_allows_eq_hash(t, allowed),
    }
}
