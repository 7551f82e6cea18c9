//! Server-side checks of a request body that serde cannot make in one pass: every missing
//! required property and every property the schema forbids, reported together, by path, `null`
//! where the schema does not allow it (serde would read it as `None`), and the constraints
//! (`minLength`, `pattern`, `minimum`, `minItems`, …).
//!
//! One private function per struct reachable from a request body, walking the JSON value. A
//! `oneOf` is read with serde first, to learn which alternative the value is; the checks of that
//! alternative follow. Wrong types are left to serde, which names the path of the first.

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::responses::served;
use super::type_ref::qualified_type_tokens;
use crate::lower::names::snake;
use crate::model::{Api, Constraints, OneOf, Presence, Struct, TypeBody, TypeRef};

/// The check function for a body of type `ty`, when `ty` is a struct or an alias (the types
/// that get one).
pub fn check_fn_name(api: &Api, ty: &TypeRef) -> Option<Ident> {
    match ty {
        TypeRef::Named(n) if has_check_fn(api, n) => Some(format_ident!("check_{}", snake(n))),
        _ => None,
    }
}

/// Structs and aliases have a check function; a `oneOf` has one when an alternative has checks.
fn has_check_fn(api: &Api, name: &str) -> bool {
    has_check_fn_visiting(api, name, &mut Vec::new())
}

fn has_check_fn_visiting<'a>(api: &'a Api, name: &'a str, visiting: &mut Vec<&'a str>) -> bool {
    match api.type_named(name).map(|t| &t.body) {
        Some(TypeBody::Struct(_) | TypeBody::Alias(_)) => true,
        Some(TypeBody::OneOf(o)) if !visiting.contains(&name) => {
            visiting.push(name);
            let any = o
                .variants
                .iter()
                .any(|v| type_has_checks(api, &v.ty, visiting));
            visiting.pop();
            any
        }
        _ => false,
    }
}

fn type_has_checks<'a>(api: &'a Api, ty: &'a TypeRef, visiting: &mut Vec<&'a str>) -> bool {
    match ty {
        TypeRef::Named(n) => has_check_fn_visiting(api, n, visiting),
        TypeRef::Vec(t) | TypeRef::Map(t) | TypeRef::Nullable(t) | TypeRef::Boxed(t) => {
            type_has_checks(api, t, visiting)
        }
        TypeRef::Primitive(_) => false,
    }
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
                TypeBody::OneOf(o) => one_of_checks(api, &t.name, o),
                TypeBody::Enum(_) => quote! {},
            };
            quote! {
                #[allow(unused_variables)]
                fn #name(value: &::serde_json::Value, at: &str, report: &mut FieldReport) {
                    #body
                }
            }
        });
    let any_limits = api.types.iter().any(|t| {
        reachable.contains(&t.name) && matches!(&t.body, TypeBody::Struct(s) if s.fields.iter().any(|f| !f.constraints.is_empty()))
    });
    let limits = (any_limits || parameters_checked(api)).then(limit_check_fns);
    quote! { #(#fns)* #limits }
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
                Some(TypeBody::OneOf(o)) => {
                    o.variants.iter().for_each(|v| collect(api, &v.ty, out))
                }
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
    let limits = s
        .fields
        .iter()
        .filter(|f| !f.constraints.is_empty())
        .map(|f| {
            let wire = &f.wire_name;
            let checks = constraint_checks(&f.constraints);
            quote! {
                if let ::std::option::Option::Some(child) = object.get(#wire) {
                    let path = field_path(at, #wire);
                    #checks
                }
            }
        });
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
        #(#limits)*
        for name in [#(#not_null),*] {
            if object.get(name).is_some_and(::serde_json::Value::is_null) {
                report.invalid.push((field_path(at, name), ::std::borrow::ToOwned::to_owned("must not be null")));
            }
        }
        #(#nested)*
    }
}

/// The checks of the alternative a `oneOf` value is, as serde reads it; none when serde cannot
/// read it (serde then reports the error).
fn one_of_checks(api: &Api, name: &str, o: &OneOf) -> TokenStream {
    let ty = qualified_type_tokens(&TypeRef::Named(name.to_owned()));
    let checked: Vec<(TokenStream, TokenStream)> = o
        .variants
        .iter()
        .filter_map(|v| {
            let variant = format_ident!("{}", v.rust_name);
            let checks = value_checks(api, &v.ty, &quote! { value }, &quote! { at })?;
            Some((quote! { #ty::#variant(_) }, checks))
        })
        .collect();
    let every_variant = checked.len() == o.variants.len();
    let dispatch = match checked.as_slice() {
        [] => return quote! {},
        [(pattern, checks)] if !every_variant => quote! { if let #pattern = read { #checks } },
        [(_, checks)] => checks.clone(),
        _ => {
            let arms = checked.iter().map(|(p, c)| quote! { #p => { #c } });
            let rest = (!every_variant).then(|| quote! { _ => {} });
            quote! { match read { #(#arms)* #rest } }
        }
    };
    quote! {
        let ::std::result::Result::Ok(read) = <#ty as ::serde::Deserialize>::deserialize(value) else { return };
        #dispatch
    }
}

/// Whether some served operation has a parameter with limits (checked with the same functions).
pub fn parameters_checked(api: &Api) -> bool {
    served(&api.operations)
        .flat_map(|op| &op.parameters)
        .any(|p| !p.constraints.is_empty())
}

/// Calls of the limit checks for one value (`child`, at `path`), and for each of its items.
pub fn constraint_checks(c: &Constraints) -> TokenStream {
    let own = value_constraint_checks(c);
    let items = c.items.as_deref().map(|items| {
        let checks = value_constraint_checks(items);
        quote! {
            if let ::std::option::Option::Some(items) = child.as_array() {
                let parent = path;
                for (i, child) in items.iter().enumerate() {
                    let path = ::std::format!("{parent}[{i}]");
                    #checks
                }
            }
        }
    });
    quote! { #own #items }
}

/// Calls of the limit checks for one value (`child`, at `path`).
fn value_constraint_checks(c: &Constraints) -> TokenStream {
    let size = |n: Option<usize>| match n {
        Some(n) => quote! { ::std::option::Option::Some(#n) },
        None => quote! { ::std::option::Option::None },
    };
    let bound = |b: Option<(f64, bool)>| match b {
        Some((x, exclusive)) => quote! { ::std::option::Option::Some((#x, #exclusive)) },
        None => quote! { ::std::option::Option::None },
    };
    let mut out = TokenStream::new();
    if c.min_length.is_some() || c.max_length.is_some() {
        let (min, max) = (size(c.min_length), size(c.max_length));
        out.extend(quote! { check_length(child, &path, #min, #max, report); });
    }
    if let Some(p) = c
        .pattern
        .as_deref()
        .filter(|p| regex::Regex::new(p).is_ok())
    {
        out.extend(quote! {{
            static PATTERN: ::std::sync::LazyLock<::std::option::Option<::regex::Regex>> =
                ::std::sync::LazyLock::new(|| ::regex::Regex::new(#p).ok());
            check_pattern(child, &path, &PATTERN, #p, report);
        }});
    }
    if c.minimum.is_some() || c.maximum.is_some() {
        let (min, max) = (bound(c.minimum), bound(c.maximum));
        out.extend(quote! { check_range(child, &path, #min, #max, report); });
    }
    if c.min_items.is_some() || c.max_items.is_some() {
        let (min, max) = (size(c.min_items), size(c.max_items));
        out.extend(quote! { check_items(child, &path, #min, #max, report); });
    }
    out
}

/// The limit checks the calls above use (emitted once).
fn limit_check_fns() -> TokenStream {
    quote! {
        #[allow(dead_code)]
        fn limit_violation(report: &mut FieldReport, path: &str, message: ::std::string::String) {
            report.invalid.push((::std::borrow::ToOwned::to_owned(path), message));
        }

        #[allow(dead_code)]
        fn check_length(value: &::serde_json::Value, path: &str, min: ::std::option::Option<usize>, max: ::std::option::Option<usize>, report: &mut FieldReport) {
            let ::std::option::Option::Some(text) = value.as_str() else { return };
            let n = text.chars().count();
            if min.is_some_and(|min| n < min) {
                limit_violation(report, path, ::std::format!("must be at least {} characters long", min.unwrap_or_default()));
            } else if max.is_some_and(|max| n > max) {
                limit_violation(report, path, ::std::format!("must be at most {} characters long", max.unwrap_or_default()));
            }
        }

        #[allow(dead_code)]
        fn check_pattern(value: &::serde_json::Value, path: &str, pattern: &::std::option::Option<::regex::Regex>, source: &str, report: &mut FieldReport) {
            if let (::std::option::Option::Some(text), ::std::option::Option::Some(re)) = (value.as_str(), pattern)
                && !re.is_match(text)
            {
                limit_violation(report, path, ::std::format!("must match the pattern {source}"));
            }
        }

        #[allow(dead_code)]
        fn check_range(value: &::serde_json::Value, path: &str, min: ::std::option::Option<(f64, bool)>, max: ::std::option::Option<(f64, bool)>, report: &mut FieldReport) {
            let ::std::option::Option::Some(x) = value.as_f64() else { return };
            if let ::std::option::Option::Some((min, exclusive)) = min
                && (x < min || (exclusive && x == min))
            {
                let relation = if exclusive { "greater than" } else { "at least" };
                limit_violation(report, path, ::std::format!("must be {relation} {min}"));
                return;
            }
            if let ::std::option::Option::Some((max, exclusive)) = max
                && (x > max || (exclusive && x == max))
            {
                let relation = if exclusive { "less than" } else { "at most" };
                limit_violation(report, path, ::std::format!("must be {relation} {max}"));
            }
        }

        #[allow(dead_code)]
        fn check_items(value: &::serde_json::Value, path: &str, min: ::std::option::Option<usize>, max: ::std::option::Option<usize>, report: &mut FieldReport) {
            let ::std::option::Option::Some(items) = value.as_array() else { return };
            if min.is_some_and(|min| items.len() < min) {
                limit_violation(report, path, ::std::format!("must have at least {} items", min.unwrap_or_default()));
            } else if max.is_some_and(|max| items.len() > max) {
                limit_violation(report, path, ::std::format!("must have at most {} items", max.unwrap_or_default()));
            }
        }
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
