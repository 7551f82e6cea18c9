//! Server-side checks of a request body that serde cannot make in one pass: every missing
//! required property and every property the schema forbids, reported together, by path, `null`
//! where the schema does not allow it (serde would read it as `None`), the constraints
//! (`minLength`, `pattern`, `minimum`, `minItems`, …), and the alternatives of a presence rule
//! (`anyOf: [{required: [id]}, {required: [email]}]`).
//!
//! One function per type that has something to check, walking the JSON value, in a private
//! module of their own (`body_checks`): the fixed helpers they call (`check_range`,
//! `field_path`, …) live beside that module, so no type name can make a function name that
//! meets a helper, and the function names are claimed in one scope. Only the functions a
//! served body reaches are emitted. A `oneOf` is read with serde first, to learn which
//! alternative the value is; the checks of that alternative follow. Wrong types are left to
//! serde, which names the path of the first.

use std::collections::{BTreeSet, HashMap, HashSet};

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::responses::served;
use super::type_ref::qualified_type_tokens;
use crate::lower::names::{Scope, snake};
use crate::model::{
    Api, Constraints, OneOf, Presence, PresenceAlternative, PresenceRule, Struct, TypeBody, TypeRef,
};

/// The module that holds the per-type check functions.
const MODULE: &str = "body_checks";

/// The check of a request body of type `ty`, as a `fn(&Value, &str, &mut FieldReport)`
/// expression for the server module: the type's function, or a closure for an array or map
/// of checked types. `None` when there is nothing to check.
pub fn body_check_fn(api: &Api, ty: &TypeRef) -> Option<TokenStream> {
    let checks = Checks::new(api);
    let module = module_prefix();
    if let TypeRef::Named(n) = ty {
        let f = checks.names.get(n.as_str())?;
        return Some(quote! { #module #f });
    }
    let inner = checks.call(ty, &quote! { value }, &quote! { at }, &module)?;
    Some(quote! {
        |value: &::serde_json::Value, at: &str, report: &mut FieldReport| { #inner }
    })
}

/// The check functions every served request body reaches, and the limit helpers they and
/// the parameter checks call.
pub fn emit_field_checks(api: &Api) -> TokenStream {
    let checks = Checks::new(api);
    let mut used = BTreeSet::new();
    for op in served(&api.operations) {
        if let Some(b) = &op.request_body {
            checks.mark(&b.ty, &mut used);
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
                TypeBody::Enum(_) => quote! {},
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
    let limits = (any_limits || parameters_checked(api)).then(limit_check_fns);
    quote! { #module #limits }
}

fn module_prefix() -> TokenStream {
    let module = format_ident!("{MODULE}");
    quote! { #module:: }
}

/// Which types have something to check in their JSON, and their functions' names.
struct Checks<'a> {
    api: &'a Api,
    names: HashMap<&'a str, Ident>,
}

impl<'a> Checks<'a> {
    fn new(api: &'a Api) -> Self {
        // A type has checks of its own, or holds a type that has: the least fixed point, so a
        // cycle of types that check nothing checks nothing.
        let mut checked: HashSet<&str> = api
            .types
            .iter()
            .filter(|t| matches!(&t.body, TypeBody::Struct(s) if has_own_checks(s)))
            .map(|t| t.name.as_str())
            .collect();
        loop {
            let before = checked.len();
            for t in &api.types {
                if !checked.contains(t.name.as_str())
                    && held_types(&t.body).any(|ty| holds_checked(ty, &checked))
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
        Checks { api, names }
    }

    /// Adds to `used` the types whose functions checking a `ty` calls.
    fn mark(&self, ty: &'a TypeRef, used: &mut BTreeSet<&'a str>) {
        match ty {
            TypeRef::Named(n) => {
                if !self.names.contains_key(n.as_str()) || !used.insert(n) {
                    return;
                }
                if let Some(t) = self.api.type_named(n) {
                    held_types(&t.body).for_each(|inner| self.mark(inner, used));
                }
            }
            TypeRef::Vec(t) | TypeRef::Map(t) | TypeRef::Nullable(t) | TypeRef::Boxed(t) => {
                self.mark(t, used)
            }
            TypeRef::Primitive(_) => {}
        }
    }

    /// Checks of `value` (a JSON value expression) as `ty` at `path`, if `ty` holds anything
    /// to check; `module` is how the calling code names the check functions' module.
    fn call(
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
                let inner = self.call(t, &quote! { item }, &quote! { &item_path }, module)?;
                let helpers = helpers_from(module);
                Some(quote! {
                    if let ::std::option::Option::Some(entries) = #value.as_object() {
                        for (key, item) in entries {
                            let item_path = #helpers field_path(#path, key);
                            #inner
                        }
                    }
                })
            }
            TypeRef::Primitive(_) => None,
        }
    }

    fn struct_checks(&self, s: &Struct) -> TokenStream {
        let required: Vec<&String> = s
            .fields
            .iter()
            .filter(|f| matches!(f.presence, Presence::Required | Presence::RequiredNullable))
            .map(|f| &f.wire_name)
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
        // serde reads `null` as `None` for any `Option`; the spec allows it only where nullable.
        let not_null: Vec<&String> = s
            .fields
            .iter()
            .filter(|f| f.presence == Presence::Optional { nullable: false })
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
        quote! {
            let ::std::option::Option::Some(object) = value.as_object() else { return };
            #required
            #unknown
            #(#limits)*
            #not_null
            #(#nested)*
            #(#flattened)*
            #(#rules)*
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

    /// The checks of the alternative a `oneOf` value is, as serde reads it; none when serde
    /// cannot read it (serde then reports the error).
    fn one_of_checks(&self, name: &str, o: &OneOf) -> TokenStream {
        let ty = qualified_type_tokens(&TypeRef::Named(name.to_owned()));
        let checked: Vec<(TokenStream, TokenStream)> = o
            .variants
            .iter()
            .filter_map(|v| {
                let variant = format_ident!("{}", v.rust_name);
                let checks = self.call(&v.ty, &quote! { value }, &quote! { at }, &quote! {})?;
                Some((quote! { #ty::#variant(_) }, checks))
            })
            .collect();
        let every_variant = checked.len() == o.variants.len();
        let dispatch = match checked.as_slice() {
            [] => return quote! {},
            [(pattern, checks)] if !every_variant => quote! { if let #pattern = read { #checks } },
            // One alternative: no need to know which.
            [(_, checks)] => {
                return quote! {
                    if <#ty as ::serde::Deserialize>::deserialize(value).is_ok() {
                        #checks
                    }
                };
            }
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

/// Whether a struct checks something itself (not counting the types it holds).
fn has_own_checks(s: &Struct) -> bool {
    s.deny_unknown_fields
        || !s.presence_rules.is_empty()
        || s.fields.iter().any(|f| {
            f.presence != Presence::Optional { nullable: true } || !f.constraints.is_empty()
        })
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
        TypeRef::Primitive(_) => false,
    }
}

/// Counts the alternatives of a presence rule that hold, and reports the object when too few
/// (or, for `oneOf`, too many) do.
fn presence_rule_checks(rule: &PresenceRule) -> TokenStream {
    let conditions = rule.alternatives.iter().map(alternative_condition);
    let (violated, how) = if rule.exactly_one {
        (quote! { holding != 1 }, "exactly one")
    } else {
        (quote! { holding == 0 }, "at least one")
    };
    let listed: Vec<String> = rule.alternatives.iter().map(alternative_text).collect();
    let message = format!("must have {how} of: {}", listed.join(" | "));
    quote! {
        let holding = [#(#conditions),*].into_iter().filter(|holds| *holds).count();
        if #violated {
            report.invalid.push((::std::borrow::ToOwned::to_owned(at), ::std::borrow::ToOwned::to_owned(#message)));
        }
    }
}

/// Whether one alternative holds: its properties are present, and its narrowed properties
/// (when present) have one of their values.
fn alternative_condition(a: &PresenceAlternative) -> TokenStream {
    let present = a
        .required
        .iter()
        .map(|name| quote! { object.contains_key(#name) });
    let narrowed = a.allowed.iter().map(|(name, values)| {
        quote! {
            object.get(#name).is_none_or(|v| matches!(v.as_str(), ::std::option::Option::Some(#(#values)|*)))
        }
    });
    let all: Vec<TokenStream> = present.chain(narrowed).collect();
    if all.is_empty() {
        quote! { true }
    } else {
        quote! { #(#all)&&* }
    }
}

/// An alternative as the refusal names it: `` `id` and `email` ``, `` `kind` in a, b ``.
fn alternative_text(a: &PresenceAlternative) -> String {
    let mut parts: Vec<String> = a.required.iter().map(|r| format!("`{r}`")).collect();
    parts.extend(
        a.allowed
            .iter()
            .map(|(name, values)| format!("`{name}` in {}", values.join(", "))),
    );
    if parts.is_empty() {
        "anything".to_owned()
    } else {
        parts.join(" and ")
    }
}

/// Whether some served operation has a parameter with limits (checked with the same functions).
pub fn parameters_checked(api: &Api) -> bool {
    served(&api.operations)
        .flat_map(|op| &op.parameters)
        .any(|p| !p.constraints.is_empty())
}

/// Calls of the limit checks for one value (`child`, at `path`), and for each of its items, in
/// the server module.
pub fn constraint_checks(c: &Constraints) -> TokenStream {
    limit_calls(c, &quote! {})
}

/// [`constraint_checks`], calling the helpers through `helpers` (`super::` from the checks'
/// module).
fn limit_calls(c: &Constraints, helpers: &TokenStream) -> TokenStream {
    let own = value_limit_calls(c, helpers);
    let items = c.items.as_deref().map(|items| {
        let checks = value_limit_calls(items, helpers);
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
fn value_limit_calls(c: &Constraints, helpers: &TokenStream) -> TokenStream {
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
        out.extend(quote! { #helpers check_length(child, &path, #min, #max, report); });
    }
    if let Some(p) = c.pattern.as_deref() {
        out.extend(quote! {{
            static PATTERN: ::std::sync::LazyLock<::std::option::Option<::regex::Regex>> =
                ::std::sync::LazyLock::new(|| ::regex::Regex::new(#p).ok());
            #helpers check_pattern(child, &path, &PATTERN, #p, report);
        }});
    }
    if c.minimum.is_some() || c.maximum.is_some() {
        let (min, max) = (bound(c.minimum), bound(c.maximum));
        out.extend(quote! { #helpers check_range(child, &path, #min, #max, report); });
    }
    if c.min_items.is_some() || c.max_items.is_some() {
        let (min, max) = (size(c.min_items), size(c.max_items));
        out.extend(quote! { #helpers check_items(child, &path, #min, #max, report); });
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
