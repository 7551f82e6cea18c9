//! Which types a request carries and which a response carries: the direction that decides
//! whether narrowing or widening a type breaks clients.

use std::collections::HashMap;

use crate::model::{Api, Response, TypeBody, TypeRef};

/// Whether a type is reached from requests, from responses, or both.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    /// Reached from a parameter or a request body.
    pub request: bool,
    /// Reached from a response body.
    pub response: bool,
}

impl Usage {
    /// Both directions together.
    pub fn union(self, other: Usage) -> Usage {
        Usage {
            request: self.request || other.request,
            response: self.response || other.response,
        }
    }
}

/// The usage of every type by name; a type no operation reaches is absent.
pub type Usages = HashMap<String, Usage>;

/// Walks every operation's (and webhook operation's) parameters, request body and responses through `api`'s types.
pub fn of(api: &Api) -> Usages {
    let mut usages = Usages::new();
    for op in api.all_operations() {
        let request_roots = op
            .parameters
            .iter()
            .map(|p| &p.ty)
            .chain(op.request_body.iter().map(|b| &b.ty));
        for ty in request_roots {
            mark(api, ty, true, &mut usages);
        }
        for ty in op.responses.iter().flat_map(Response::types) {
            mark(api, ty, false, &mut usages);
        }
    }
    usages
}

fn mark(api: &Api, ty: &TypeRef, request: bool, usages: &mut Usages) {
    let mut pending = vec![ty];
    while let Some(ty) = pending.pop() {
        let name = match ty {
            TypeRef::Named(name) => name,
            TypeRef::Primitive(_) => continue,
            TypeRef::Vec(inner)
            | TypeRef::Map(inner)
            | TypeRef::Nullable(inner)
            | TypeRef::Boxed(inner) => {
                pending.push(inner);
                continue;
            }
            TypeRef::Tuple(members) => {
                pending.extend(members);
                continue;
            }
        };
        let usage = usages.entry(name.clone()).or_default();
        let seen = if request {
            std::mem::replace(&mut usage.request, true)
        } else {
            std::mem::replace(&mut usage.response, true)
        };
        if seen {
            continue;
        }
        let Some(def) = api.type_named(name) else {
            continue;
        };
        match &def.body {
            TypeBody::Struct(s) => {
                pending.extend(s.fields.iter().map(|f| &f.ty));
                pending.extend(s.flattened.iter().map(|f| &f.ty));
            }
            TypeBody::Alias(target) => pending.push(target),
            TypeBody::OneOf(one_of) => pending.extend(one_of.variants.iter().map(|v| &v.ty)),
            TypeBody::Enum(_) => {}
        }
    }
}
