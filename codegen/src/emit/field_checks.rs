//! Server-side checks of a request body that serde cannot make in one pass: every missing
//! required property and every property the schema forbids, reported together, by path, `null`
//! where the schema does not allow it (serde would read it as `None`), the constraints
//! (`minLength`, `pattern`, `minimum`, `minItems`, …), a string enum's value the spec does not
//! list (the generated enums keep unknown values, as a client must; a server refuses them), and
//! the alternatives of a presence rule (`anyOf: [{required: [id]}, {required: [email]}]`).
//!
//! One function per type that has something to check, walking the JSON value, in a private
//! module of their own (`body_checks`): the fixed helpers they call (`check_range`,
//! `field_path`, …) live beside that module, so no type name can make a function name that
//! meets a helper, and the function names are claimed in one scope. Only the functions a
//! served body reaches are emitted. A `oneOf` is read with serde first, to learn which
//! alternative the value is; the checks of that alternative follow. Wrong types are left to
//! serde, which names the path of the first.

use std::collections::{BTreeSet, HashMap, HashSet};

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

pub use super::limit_checks::{constraint_checks, parameters_checked, parameters_limited};
use super::limit_checks::{limit_calls, limit_check_fns};
use super::presence_checks::{dependent_required_checks, presence_rule_checks};
use super::responses::served;
use super::union_checks::{union_string_values, unknown_tag_check};
use crate::lower::names::{Scope, snake};
use crate::model::{Api, BodyKind, Presence, Primitive, Struct, TypeBody, TypeRef};

/// The module that holds the per-type check functions.
const MODULE: &str = "body_checks";

/// The check functions every served request body's contents and parameters reach, and the limit
/// helpers they and the parameter checks call.
pub fn emit_field_checks(checks: &BodyChecks) -> TokenStream {
    let api = checks.api;
    let mut used = BTreeSet::new();
    for op in served(&api.operations) {
        for parameter in &op.parameters {
            checks.mark(&parameter.ty, &mut used);
        }
        for content in op.request_body.iter().flat_map(|b| &b.contents) {
            match &content.kind {
                BodyKind::Json(ty) => checks.mark(ty, &mut used),
                BodyKind::Form(form) => checks.mark(&form.ty, &mut used),
                BodyKind::Multipart(multipart) => checks.mark(&multipart.ty, &mut used),
                BodyKind::Text | BodyKind::Bytes => {}
            }
        }
    }
    let fns: Vec<TokenStream> = api
        .types
        .iter()
        .filter(|t| used.contains(t.name.as_str()))
        .filter_map(|t| {
            let name = checks.names.get(t.name.as_str())?;
            let body = match &t.body {
                TypeBody::Struct(s) => checks.struct_checks(s),
                TypeBody::Alias(ty) => checks
                    .call(ty, &quote! { value }, &quote! { at }, &quote! {})
                    .unwrap_or_default(),
                TypeBody::OneOf(o) => checks.one_of_checks(&t.name, o),
                TypeBody::Enum(e) => enum_checks(e),
            };
            Some(quote! {
                pub(super) fn #name(value: &::serde_json::Value, at: &str, report: &mut super::FieldReport) {
                    #body
                }
            })
        })
        .collect();
    let module = format_ident!("{MODULE}");
    let module = (!fns.is_empty()).then(|| {
        quote! {
            /// Checks of request bodies that serde cannot make in one pass: one function per
            /// type that has something to check.
            mod #module {
                #(#fns)*
            }
        }
    });
    let any_limits = api.types.iter().any(|t| {
        used.contains(t.name.as_str())
            && matches!(&t.body, TypeBody::Struct(s) if s.fields.iter().any(|f| !f.constraints.is_empty()))
    });
    let limits = (any_limits || parameters_limited(api)).then(|| limit_check_fns(api));
    quote! { #module #limits }
}

fn module_prefix() -> TokenStream {
    let module = format_ident!("{MODULE}");
    quote! { #module:: }
}

/// Which types have something to check in their JSON, and their functions' names: worked
/// out once per API, then asked for each body.
pub struct BodyChecks<'a> {
    pub(super) api: &'a Api,
    names: HashMap<&'a str, Ident>,
}

impl<'a> BodyChecks<'a> {
    /// The checks of `api`'s types.
    pub fn new(api: &'a Api) -> Self {
        // A type has checks of its own, or holds a type that has: the least fixed point, so a
        // cycle of types that check nothing checks nothing.
        let mut checked: HashSet<&str> = api
            .types
            .iter()
            .filter(|t| match &t.body {
                // Every struct checks that its value is an object.
                TypeBody::Struct(_) => true,
                TypeBody::Enum(e) => !e.constant,
                TypeBody::OneOf(o) => {
                    unknown_tag_check(o).is_some() || union_string_values(api, o).is_some()
                }
                TypeBody::Alias(_) => false,
            })
            .map(|t| t.name.as_str())
            .collect();
        loop {
            let before = checked.len();
            for t in &api.types {
                if !checked.contains(t.name.as_str())
                    && held_types(&t.body)
                        .filter(|ty| !skipped_alternative(api, &t.body, ty))
                        .any(|ty| holds_checked(ty, &checked))
                {
                    checked.insert(&t.name);
                }
            }
            if checked.len() == before {
                break;
            }
        }
        let mut scope = Scope::default();
        let names = api
            .types
            .iter()
            .filter(|t| checked.contains(t.name.as_str()))
            .map(|t| {
                let (name, _) = scope.claim(&format!("check_{}", snake(&t.name)), "check");
                (t.name.as_str(), format_ident!("{}", name))
            })
            .collect();
        BodyChecks { api, names }
    }

    /// The check of a request body of type `ty`, as a `fn(&Value, &str, &mut FieldReport)`
    /// expression for the server module: the type's function, or a closure for an array or
    /// map of checked types. `None` when there is nothing to check.
    pub fn body_check_fn(&self, ty: &TypeRef) -> Option<TokenStream> {
        let module = module_prefix();
        if let TypeRef::Named(n) = ty {
            let f = self.names.get(n.as_str())?;
            return Some(quote! { #module #f });
        }
        let inner = self.call(ty, &quote! { value }, &quote! { at }, &module)?;
        Some(quote! {
            |value: &::serde_json::Value, at: &str, report: &mut FieldReport| { #inner }
        })
    }

    /// Whether a value of `ty` has something to check.
    pub fn holds_checks(&self, ty: &TypeRef) -> bool {
        let checked: HashSet<&str> = self.names.keys().copied().collect();
        holds_checked(ty, &checked)
    }

    /// The checks of a parameter's value (`child`, as JSON, at `path`, a `String`), in the
    /// server module, when its type holds something to check.
    pub fn parameter_checks(&self, ty: &TypeRef) -> Option<TokenStream> {
        self.call(ty, &quote! { child }, &quote! { &path }, &module_prefix())
    }

    /// Adds to `used` the types whose functions checking a `ty` calls.
    fn mark(&self, ty: &'a TypeRef, used: &mut BTreeSet<&'a str>) {
        match ty {
            TypeRef::Named(n) => {
                if !self.names.contains_key(n.as_str()) || !used.insert(n) {
                    return;
                }
                if let Some(t) = self.api.type_named(n) {
                    held_types(&t.body)
                        .filter(|ty| !skipped_alternative(self.api, &t.body, ty))
                        .for_each(|inner| self.mark(inner, used));
                }
            }
            TypeRef::Vec(t) | TypeRef::Map(t) | TypeRef::Nullable(t) | TypeRef::Boxed(t) => {
                self.mark(t, used)
            }
            TypeRef::Tuple(members) => members.iter().for_each(|t| self.mark(t, used)),
            TypeRef::Primitive(_) => {}
        }
    }

    /// Checks of `value` (a JSON value expression) as `ty` at `path`, if `ty` holds anything
    /// to check; `module` is how the calling code names the check functions' module.
    pub(super) fn call(
        &self,
        ty: &TypeRef,
        value: &TokenStream,
        path: &TokenStream,
        module: &TokenStream,
    ) -> Option<TokenStream> {
        match ty {
            TypeRef::Named(n) => {
                let f = self.names.get(n.as_str())?;
                Some(quote! { #module #f(#value, #path, report); })
            }
            TypeRef::Nullable(t) | TypeRef::Boxed(t) => self.call(t, value, path, module),
            TypeRef::Vec(t) => {
                let inner = self.call(t, &quote! { item }, &quote! { &item_path }, module)?;
                // A loop, not an `if let` around one: inside an alternative's `if let`, that
                // would be a collapsible `if`.
                Some(quote! {
                    for (i, item) in #value.as_array().into_iter().flatten().enumerate() {
                        let item_path = ::std::format!("{}[{}]", #path, i);
                        #inner
                    }
                })
            }
            TypeRef::Map(t) => {
                let inner = self.call(t, &quote! { item }, &quote! { &item_path }, module)?;
                let helpers = helpers_from(module);
                Some(quote! {
                    for (key, item) in #value.as_object().into_iter().flatten() {
                        let item_path = #helpers field_path(#path, key);
                        #inner
                    }
                })
            }
            TypeRef::Tuple(members) => self.tuple_call(members, value, path, module),
            TypeRef::Primitive(_) => None,
        }
    }

    /// Checks of the items of a tuple that hold something to check, each at its position. The
    /// array's length is serde's to check.
    fn tuple_call(
        &self,
        members: &[TypeRef],
        value: &TokenStream,
        path: &TokenStream,
        module: &TokenStream,
    ) -> Option<TokenStream> {
        let arms: Vec<(Literal, TokenStream)> = members
            .iter()
            .enumerate()
            .filter_map(|(i, t)| {
                let inner = self.call(t, &quote! { item }, &quote! { &item_path }, module)?;
                Some((Literal::usize_unsuffixed(i), inner))
            })
            .collect();
        let dispatch = match arms.as_slice() {
            [] => return None,
            [(i, inner)] => quote! { if i == #i { #inner } },
            _ => {
                let arms = arms.iter().map(|(i, inner)| quote! { #i => { #inner } });
                quote! { match i { #(#arms)* _ => {} } }
            }
        };
        // A loop, as for a `Vec`: an `if let` around the checks could be a collapsible `if`.
        Some(quote! {
            for (i, item) in #value.as_array().into_iter().flatten().enumerate() {
                let item_path = ::std::format!("{}[{}]", #path, i);
                #dispatch
            }
        })
    }

    fn struct_checks(&self, s: &Struct) -> TokenStream {
        let required: Vec<&String> = s
            .fields
            .iter()
            .filter(|f| matches!(f.presence, Presence::Required | Presence::RequiredNullable))
            .map(|f| &f.wire_name)
            .chain(&s.required_in_alternatives)
            .collect();
        let known: Vec<&String> = s.fields.iter().map(|f| &f.wire_name).collect();
        let required = (!required.is_empty()).then(|| {
            quote! {
                for name in [#(#required),*] {
                    if !object.contains_key(name) {
                        report.missing.push(super::field_path(at, name));
                    }
                }
            }
        });
        let unknown = s.deny_unknown_fields.then(|| {
            quote! {
                for key in object.keys() {
                    if ![#(#known),*].contains(&key.as_str()) {
                        report.unknown.push(super::field_path(at, key));
                    }
                }
            }
        });
        let limits = s
            .fields
            .iter()
            .filter(|f| !f.constraints.is_empty())
            .map(|f| {
                let wire = &f.wire_name;
                let checks = limit_calls(&f.constraints, &quote! { super:: });
                quote! {
                    if let ::std::option::Option::Some(child) = object.get(#wire) {
                        let path = super::field_path(at, #wire);
                        #checks
                    }
                }
            });
        // serde reads `null` as `None` for any `Option`; the spec allows it only where nullable
        // (or where it gives no type: any value, `null` too).
        let not_null: Vec<&String> = s
            .fields
            .iter()
            .filter(|f| f.presence == Presence::Optional { nullable: false })
            .filter(|f| *self.api.resolve(&f.ty) != TypeRef::Primitive(Primitive::Json))
            .map(|f| &f.wire_name)
            .collect();
        let not_null = (!not_null.is_empty()).then(|| {
            quote! {
                for name in [#(#not_null),*] {
                    if object.get(name).is_some_and(::serde_json::Value::is_null) {
                        report.invalid.push((super::field_path(at, name), ::std::borrow::ToOwned::to_owned("must not be null")));
                    }
                }
            }
        });
        let nested = s.fields.iter().filter_map(|f| {
            let wire = &f.wire_name;
            let inner = self.call(&f.ty, &quote! { child }, &quote! { &path }, &quote! {})?;
            Some(quote! {
                if let ::std::option::Option::Some(child) = object.get(#wire) {
                    let path = super::field_path(at, #wire);
                    #inner
                }
            })
        });
        let flattened = s
            .flattened
            .iter()
            .filter_map(|f| self.flattened_checks(f, &known));
        let rules = s.presence_rules.iter().map(presence_rule_checks);
        let dependents = s.dependent_required.iter().map(dependent_required_checks);
        let rest = quote! {
            #required
            #unknown
            #(#limits)*
            #not_null
            #(#nested)*
            #(#flattened)*
            #(#rules)*
            #(#dependents)*
        };
        // serde reads a struct from an array too (its fields by position); JSON Schema does
        // not. `null` is for the nullability checks.
        let not_object = quote! {
            report.invalid.push((::std::borrow::ToOwned::to_owned(at), ::std::borrow::ToOwned::to_owned("must be an object")));
        };
        if rest.is_empty() {
            return quote! {
                if !value.is_object() && !value.is_null() {
                    #not_object
                }
            };
        }
        quote! {
            let object = match value {
                ::serde_json::Value::Object(object) => object,
                ::serde_json::Value::Null => return,
                _ => {
                    #not_object
                    return;
                }
            };
            #rest
        }
    }

    /// A flattened union checks the same object; a flattened map each property the struct
    /// does not declare.
    fn flattened_checks(
        &self,
        f: &crate::model::Flattened,
        known: &[&String],
    ) -> Option<TokenStream> {
        match &f.ty {
            TypeRef::Map(value) => {
                let inner = self.call(value, &quote! { child }, &quote! { &path }, &quote! {})?;
                Some(quote! {
                    for (key, child) in object {
                        if ![#(#known),*].contains(&key.as_str()) {
                            let path = super::field_path(at, key);
                            #inner
                        }
                    }
                })
            }
            ty => self.call(ty, &quote! { value }, &quote! { at }, &quote! {}),
        }
    }
}

/// `` `a`, `b` `` for a message.
pub(super) fn listed(values: &[&str]) -> String {
    values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The check of a string enum: a value the spec does not list is invalid (`null` and other
/// types are for serde and the nullability checks).
fn enum_checks(e: &crate::model::StringEnum) -> TokenStream {
    let known: Vec<&str> = e.variants.iter().map(|v| v.wire_name.as_str()).collect();
    let message = format!("must be one of {}", listed(&known));
    quote! {
        if let ::std::option::Option::Some(text) = value.as_str()
            && ![#(#known),*].contains(&text)
        {
            report.invalid.push((::std::borrow::ToOwned::to_owned(at), ::std::borrow::ToOwned::to_owned(#message)));
        }
    }
}

/// How code in the server module names the limit helpers, given how it names the checks'
/// module: from inside the module (no prefix) they are `super::`.
fn helpers_from(module: &TokenStream) -> TokenStream {
    if module.is_empty() {
        quote! { super:: }
    } else {
        quote! {}
    }
}

/// Whether `ty`, held by `body`, is an alternative of a union the checks leave alone: an open
/// string enum reads any string, so its check would refuse values another alternative allows.
fn skipped_alternative(api: &Api, body: &TypeBody, ty: &TypeRef) -> bool {
    matches!(body, TypeBody::OneOf(_)) && is_string_enum(api, ty)
}

/// Whether `ty` is a string enum (behind `Option` or `Box`).
pub(super) fn is_string_enum(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(n) => api
            .type_named(n)
            .is_some_and(|t| matches!(t.body, TypeBody::Enum(_))),
        TypeRef::Nullable(t) | TypeRef::Boxed(t) => is_string_enum(api, t),
        _ => false,
    }
}

/// The types a type holds: fields and flattened parts, alternatives, an alias's target.
fn held_types(body: &TypeBody) -> Box<dyn Iterator<Item = &TypeRef> + '_> {
    match body {
        TypeBody::Struct(s) => Box::new(
            s.fields
                .iter()
                .map(|f| &f.ty)
                .chain(s.flattened.iter().map(|f| &f.ty)),
        ),
        TypeBody::OneOf(o) => Box::new(o.variants.iter().map(|v| &v.ty)),
        TypeBody::Alias(ty) => Box::new(std::iter::once(ty)),
        TypeBody::Enum(_) => Box::new(std::iter::empty()),
    }
}

fn holds_checked(ty: &TypeRef, checked: &HashSet<&str>) -> bool {
    match ty {
        TypeRef::Named(n) => checked.contains(n.as_str()),
        TypeRef::Vec(t) | TypeRef::Map(t) | TypeRef::Nullable(t) | TypeRef::Boxed(t) => {
            holds_checked(t, checked)
        }
        TypeRef::Tuple(members) => members.iter().any(|t| holds_checked(t, checked)),
        TypeRef::Primitive(_) => false,
    }
}
