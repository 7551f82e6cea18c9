//! The server's checks of a union's value: its own (a discriminator tag no alternative has, a
//! string none of its string enums lists), and those of the alternative the value is. Without
//! a discriminator, a value may read as several alternatives: it is valid when one of them
//! reads it and passes its checks.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::field_checks::{BodyChecks, is_string_enum, listed};
use super::type_ref::qualified_type_tokens;
use crate::model::{Api, OneOf, Primitive, TypeBody, TypeRef};

impl BodyChecks<'_> {
    /// The checks of the alternative a `oneOf` value is, as serde reads it; none when serde
    /// cannot read it (serde then reports the error).
    pub(super) fn one_of_checks(&self, name: &str, o: &OneOf) -> TokenStream {
        let own = own_union_checks(self.api, o);
        let dispatch = self.alternative_checks(name, o);
        quote! { #own #dispatch }
    }

    /// The checks of the alternative a union's value reads as.
    fn alternative_checks(&self, name: &str, o: &OneOf) -> TokenStream {
        let ty = qualified_type_tokens(&TypeRef::Named(name.to_owned()));
        let checked: Vec<(TokenStream, TokenStream)> = o
            .variants
            .iter()
            // An alternative that is an open string enum reads any string: its check would
            // refuse a value that another alternative (or an enum listed later) allows.
            .filter(|v| !is_string_enum(self.api, &v.ty))
            .filter_map(|v| {
                let variant = format_ident!("{}", v.rust_name);
                let checks = self.call(&v.ty, &quote! { value }, &quote! { at }, &quote! {})?;
                Some((quote! { #ty::#variant(_) }, checks))
            })
            .collect();
        if o.discriminator.is_none() && (checked.len() > 1 || self.counts_alternatives(o)) {
            return self.untagged_checks(o);
        }
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
    /// Whether a union without a discriminator counts the alternatives a value holds: a
    /// `oneOf` whose alternatives are all objects or free-form values, which serde reads as
    /// JSON Schema does.
    fn counts_alternatives(&self, o: &OneOf) -> bool {
        o.exclusive
            && o.discriminator.is_none()
            && o.variants.len() > 1
            && o.variants.iter().all(|v| {
                *self.api.resolve(&v.ty) == TypeRef::Primitive(Primitive::Json)
                    || matches!(
                        self.api.definition_of(&v.ty).map(|t| &t.body),
                        Some(TypeBody::Struct(_))
                    )
            })
    }

    /// The checks of a union without a discriminator, whose value may read as several of its
    /// alternatives: valid when one of them reads it and its checks pass (where serde would
    /// keep the first that reads it); otherwise the first reading's findings are reported. A
    /// `oneOf` of objects (and free-form values) also refuses a value two alternatives hold
    /// (JSON Schema wants exactly one); among other alternatives, what serde reads is looser
    /// than JSON Schema (an open enum reads any string), so counting them could refuse valid
    /// values.
    fn untagged_checks(&self, o: &OneOf) -> TokenStream {
        let exclusive = self.counts_alternatives(o);
        let mut tried = Vec::new();
        let mut unchecked = Vec::new();
        for v in &o.variants {
            let alternative = qualified_type_tokens(&v.ty);
            let checks = (!is_string_enum(self.api, &v.ty))
                .then(|| self.call(&v.ty, &quote! { value }, &quote! { at }, &quote! {}))
                .flatten();
            let holds = if exclusive {
                let name = &v.rust_name;
                quote! { holding.push(#name); }
            } else {
                quote! { return; }
            };
            match checks {
                Some(checks) => tried.push(quote! {
                    if <#alternative as ::serde::Deserialize>::deserialize(value).is_ok() {
                        let mut trial = super::FieldReport::default();
                        {
                            let report = &mut trial;
                            #checks
                        }
                        if trial.missing.is_empty() && trial.unknown.is_empty() && trial.invalid.is_empty() {
                            #holds
                        } else {
                            first.get_or_insert(trial);
                        }
                    }
                }),
                // Counted where exclusive: a free-form alternative holds any value.
                None if exclusive => tried.push(quote! {
                    if <#alternative as ::serde::Deserialize>::deserialize(value).is_ok() {
                        #holds
                    }
                }),
                None => unchecked.push(quote! {
                    <#alternative as ::serde::Deserialize>::deserialize(value).is_ok()
                }),
            }
        }
        let accepted = (!unchecked.is_empty()).then(|| {
            quote! {
                if #(#unchecked)||* {
                    return;
                }
            }
        });
        let counted = exclusive.then(|| {
            quote! {
                match holding.as_slice() {
                    [] => {}
                    [_] => return,
                    several => {
                        report.invalid.push((::std::borrow::ToOwned::to_owned(at), ::std::format!("must be exactly one alternative of the oneOf, but is {}", several.join(" and "))));
                        return;
                    }
                }
            }
        });
        let holding = exclusive.then(|| {
            quote! { let mut holding: ::std::vec::Vec<&str> = ::std::vec::Vec::new(); }
        });
        quote! {
            #accepted
            #holding
            let mut first: ::std::option::Option<super::FieldReport> = ::std::option::Option::None;
            #(#tried)*
            #counted
            if let ::std::option::Option::Some(trial) = first {
                report.missing.extend(trial.missing);
                report.unknown.extend(trial.unknown);
                report.invalid.extend(trial.invalid);
            }
        }
    }
}

/// A union's checks of its own value: a discriminator tag no alternative has, and a string
/// that none of its string alternatives (all enums) lists.
fn own_union_checks(api: &Api, o: &OneOf) -> TokenStream {
    let tag = unknown_tag_check(o);
    let strings = union_string_values(api, o).map(|values| {
        let message = format!("must be one of {}", listed(&values));
        quote! {
            if let ::std::option::Option::Some(text) = value.as_str()
                && ![#(#values),*].contains(&text)
            {
                report.invalid.push((::std::borrow::ToOwned::to_owned(at), ::std::borrow::ToOwned::to_owned(#message)));
            }
        }
    });
    quote! { #tag #strings }
}

/// Under a discriminator, a tag no alternative has is invalid (OpenAPI 3.0 §4.7.25): the
/// type keeps such a value (its catch-all variant) for clients reading newer servers; the
/// server refuses it. `None` when the union has no catch-all.
pub(super) fn unknown_tag_check(o: &OneOf) -> Option<TokenStream> {
    let property = o.discriminator.as_ref()?;
    if !o.variants.iter().any(|v| v.tags.is_empty()) {
        return None;
    }
    let tags: Vec<&str> = o
        .variants
        .iter()
        .flat_map(|v| &v.tags)
        .map(String::as_str)
        .collect();
    let message = format!("must be one of {}", listed(&tags));
    Some(quote! {
        if let ::std::option::Option::Some(tag) = value.get(#property).and_then(::serde_json::Value::as_str)
            && ![#(#tags),*].contains(&tag)
        {
            report.invalid.push((super::field_path(at, #property), ::std::borrow::ToOwned::to_owned(#message)));
        }
    })
}

/// The values a string may take in a union whose alternatives that read strings are all
/// string enums (`oneOf: [{enum: [auto]}, {enum: [none]}, {type: object}]`); `None` when one
/// reads any string (a string, a date, a free-form value, another union) or none reads one.
pub(super) fn union_string_values<'a>(api: &'a Api, o: &OneOf) -> Option<Vec<&'a str>> {
    let mut values = Vec::new();
    let mut any_enum = false;
    for variant in &o.variants {
        match api.resolve(&variant.ty) {
            TypeRef::Named(name) => match api.type_named(name).map(|t| &t.body) {
                Some(TypeBody::Enum(e)) => {
                    any_enum = true;
                    values.extend(e.variants.iter().map(|v| v.wire_name.as_str()));
                }
                Some(TypeBody::Struct(_)) => {}
                _ => return None,
            },
            TypeRef::Primitive(
                Primitive::Bool | Primitive::I32 | Primitive::I64 | Primitive::F32 | Primitive::F64,
            )
            | TypeRef::Vec(_)
            | TypeRef::Map(_)
            | TypeRef::Tuple(_) => {}
            _ => return None,
        }
    }
    any_enum.then_some(values)
}
