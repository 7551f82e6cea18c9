//! Server-side checks of a request body that serde cannot make in one pass: every missing
//! required property and every property the schema forbids, reported together, by path, and
//! `null` where the schema does not allow it (serde would read it as `None`).
//!
//! One private function per struct reachable from a request body, walking the JSON value.
//! Wrong types are left to serde, which names the path of the first.

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::responses::served;
use crate::lower::names::snake;
use crate::model::{Api, Presence, Struct, TypeBody, TypeRef};

/// The check function for a body of type `ty`, when `ty` is a struct or an alias (the types
/// that get one).
pub fn check_fn_name(api: &Api, ty: &TypeRef) -> Option<Ident> {
    match ty {
        TypeRef::Named(n) if has_check_fn(api, n) => Some(format_ident!("check_{}", snake(n))),
        _ => None,
    }
}

fn has_check_fn(api: &Api, name: &str) -> bool {
    matches!(
        api.type_named(name).map(|t| &t.body),
        Some(TypeBody::Struct(_) | TypeBody::Alias(_))
    )
}

/// Check functions for every struct reachable from a served request body.
pub fn emit_field_checks(api: &Api) -> TokenStream {
    let mut reachable = BTreeSet::new();
    for op in served(&api.operations) {
        if let Some(b) = &op.request_body {
            collect(api, &b.ty, &mut reachable);
        }
    }
    let fns = api
        .types
        .iter()
        .filter(|t| reachable.contains(&t.name) && has_check_fn(api, &t.name))
        .map(|t| {
            let name = format_ident!("check_{}", snake(&t.name));
            let body = match &t.body {
                TypeBody::Struct(s) => struct_checks(api, s),
                TypeBody::Alias(ty) => {
                    value_checks(api, ty, &quote! { value }, &quote! { at }).unwrap_or_default()
                }
                TypeBody::Enum(_) => quote! {},
            };
            quote! {
                #[allow(unused_variables)]
                fn #name(value: &::serde_json::Value, at: &str, report: &mut FieldReport) {
                    #body
                }
            }
        });
    quote! { #(#fns)* }
}

/// Names of the types reachable from `ty` (through fields, items and aliases).
fn collect(api: &Api, ty: &TypeRef, out: &mut BTreeSet<String>) {
    match ty {
        TypeRef::Named(n) => {
            if !out.insert(n.clone()) {
                return;
            }
            match api.type_named(n).map(|t| &t.body) {
                Some(TypeBody::Struct(s)) => s.fields.iter().for_each(|f| collect(api, &f.ty, out)),
                Some(TypeBody::Alias(t)) => collect(api, t, out),
                _ => {}
            }
        }
        TypeRef::Vec(t) | TypeRef::Map(t) | TypeRef::Nullable(t) | TypeRef::Boxed(t) => {
            collect(api, t, out)
        }
        TypeRef::Primitive(_) => {}
    }
}

fn struct_checks(api: &Api, s: &Struct) -> TokenStream {
    let required = s
        .fields
        .iter()
        .filter(|f| matches!(f.presence, Presence::Required | Presence::RequiredNullable))
        .map(|f| &f.wire_name);
    let known = s.fields.iter().map(|f| &f.wire_name);
    let unknown = s.deny_unknown_fields.then(|| {
        quote! {
            for key in object.keys() {
                if ![#(#known),*].contains(&key.as_str()) {
                    report.unknown.push(field_path(at, key));
                }
            }
        }
    });
    // serde reads `null` as `None` for any `Option`; the spec allows it only where nullable.
    let not_null = s
        .fields
        .iter()
        .filter(|f| f.presence == Presence::Optional { nullable: false })
        .map(|f| &f.wire_name);
    let nested = s.fields.iter().filter_map(|f| {
        let wire = &f.wire_name;
        let inner = value_checks(api, &f.ty, &quote! { child }, &quote! { &path })?;
        Some(quote! {
            if let ::std::option::Option::Some(child) = object.get(#wire) {
                let path = field_path(at, #wire);
                #inner
            }
        })
    });
    quote! {
        let ::std::option::Option::Some(object) = value.as_object() else { return };
        for name in [#(#required),*] {
            if !object.contains_key(name) {
                report.missing.push(field_path(at, name));
            }
        }
        #unknown
        for name in [#(#not_null),*] {
            if object.get(name).is_some_and(::serde_json::Value::is_null) {
                report.null.push(field_path(at, name));
            }
        }
        #(#nested)*
    }
}

/// Checks of `value` (a JSON value expression) as `ty` at `path`, if `ty` holds a struct.
fn value_checks(
    api: &Api,
    ty: &TypeRef,
    value: &TokenStream,
    path: &TokenStream,
) -> Option<TokenStream> {
    match ty {
        TypeRef::Named(_) => {
            let f = check_fn_name(api, ty)?;
            Some(quote! { #f(#value, #path, report); })
        }
        TypeRef::Nullable(t) | TypeRef::Boxed(t) => value_checks(api, t, value, path),
        TypeRef::Vec(t) => {
            let inner = value_checks(api, t, &quote! { item }, &quote! { &item_path })?;
            Some(quote! {
                if let ::std::option::Option::Some(items) = #value.as_array() {
                    for (i, item) in items.iter().enumerate() {
                        let item_path = ::std::format!("{}[{}]", #path, i);
                        #inner
                    }
                }
            })
        }
        TypeRef::Map(t) => {
            let inner = value_checks(api, t, &quote! { item }, &quote! { &item_path })?;
            Some(quote! {
                if let ::std::option::Option::Some(entries) = #value.as_object() {
                    for (key, item) in entries {
                        let item_path = field_path(#path, key);
                        #inner
                    }
                }
            })
        }
        TypeRef::Primitive(_) => None,
    }
}
