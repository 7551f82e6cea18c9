//! `oneOf`/`anyOf` types: an enum with a newtype variant per alternative.
//!
//! Serialization writes the alternative as it is (`untagged`). Without a discriminator,
//! deserialization tries the alternatives in the model's order (most specific first). With
//! one, the tag property picks the alternative, and the whole object (tag included, since the
//! alternative's schema usually declares it) is read as that alternative; for a tag the spec
//! does not map, the alternatives no tag selects (inline ones) are tried, and a value none of
//! them reads is kept as JSON in the `Unknown` variant instead of failing.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::type_ref::type_tokens;
use super::types::derives_with;
use crate::model::{OneOf, OneOfVariant, TypeDef};

/// The enum and, with a discriminator, its `Deserialize` impl.
pub fn emit_one_of(
    t: &TypeDef,
    o: &OneOf,
    doc: &TokenStream,
    deprecated: Option<TokenStream>,
) -> TokenStream {
    let name = format_ident!("{}", t.name);
    let variants = o.variants.iter().map(emit_variant);
    let (serde_derives, deserialize) = match &o.discriminator {
        None => (quote! { ::serde::Serialize, ::serde::Deserialize }, None),
        Some(property) => (
            quote! { ::serde::Serialize },
            Some(emit_tagged_deserialize(&name, property, &o.variants)),
        ),
    };
    let derives = derives_with(t.eq_hash, serde_derives);
    // The alternatives are held by value, so a caller matches on them directly; how much their
    // sizes differ is the spec's doing.
    quote! {
        #doc
        #derives
        #[serde(untagged)]
        #[allow(clippy::large_enum_variant)]
        #deprecated
        pub enum #name {
            #(#variants)*
        }

        #deserialize
    }
}

fn emit_variant(v: &OneOfVariant) -> TokenStream {
    let name = format_ident!("{}", v.rust_name);
    let ty = type_tokens(&v.ty);
    let doc = if v.tags.is_empty() && v.rust_name == "Unknown" {
        " A value whose tag the spec does not list, kept as received.".to_owned()
    } else if v.tags.is_empty() {
        format!(" The `{}` alternative.", v.rust_name)
    } else {
        let tags: Vec<String> = v.tags.iter().map(|t| format!("`{t}`")).collect();
        format!(" Tagged {}.", tags.join(" or "))
    };
    quote! {
        #[doc = #doc]
        #name(#ty),
    }
}

fn emit_tagged_deserialize(
    name: &proc_macro2::Ident,
    property: &str,
    variants: &[OneOfVariant],
) -> TokenStream {
    // A tag that several alternatives allow (real specs give two alternatives one tag) tries
    // them in spec order; each tag is one arm's, so no pattern is unreachable.
    let mut groups: Vec<(Vec<&str>, Vec<&OneOfVariant>)> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for tag in variants.iter().flat_map(|v| &v.tags) {
        if seen.contains(&tag.as_str()) {
            continue;
        }
        seen.push(tag);
        let takers: Vec<&OneOfVariant> = variants.iter().filter(|v| v.tags.contains(tag)).collect();
        match groups.iter_mut().find(|(_, t)| *t == takers) {
            Some((tags, _)) => tags.push(tag),
            None => groups.push((vec![tag.as_str()], takers)),
        }
    }
    let arms = groups.iter().map(|(tags, takers)| {
        let (last, before) = match takers.split_last() {
            Some(split) => split,
            None => return quote! {},
        };
        let attempts = before.iter().map(|v| {
            let variant = format_ident!("{}", v.rust_name);
            quote! {
                if let ::std::result::Result::Ok(read) = ::serde_json::from_value(value.clone()) {
                    return ::std::result::Result::Ok(Self::#variant(read));
                }
            }
        });
        let variant = format_ident!("{}", last.rust_name);
        let read = quote! { ::serde_json::from_value(value).map(Self::#variant).map_err(::serde::de::Error::custom) };
        if before.is_empty() {
            quote! { ::std::option::Option::Some(#(#tags)|*) => #read, }
        } else {
            quote! { ::std::option::Option::Some(#(#tags)|*) => { #(#attempts)* #read } }
        }
    });
    // The catch-all is the last variant without tags (the generator's `Unknown`); untagged
    // variants before it (inline alternatives no mapping can name) are tried in order for a
    // tag no arm takes.
    let untagged: Vec<&OneOfVariant> = variants.iter().filter(|v| v.tags.is_empty()).collect();
    let (catch_all, tried) = match untagged.split_last() {
        Some((last, tried)) => (Some(format_ident!("{}", last.rust_name)), tried),
        None => (None, &[][..]),
    };
    let attempts = tried.iter().map(|v| {
        let variant = format_ident!("{}", v.rust_name);
        quote! {
            if let ::std::result::Result::Ok(read) = ::serde_json::from_value(value.clone()) {
                return ::std::result::Result::Ok(Self::#variant(read));
            }
        }
    });
    let unknown = match catch_all {
        Some(v) => {
            quote! { ::std::option::Option::Some(_) => { #(#attempts)* ::std::result::Result::Ok(Self::#v(value)) } }
        }
        None => {
            quote! { ::std::option::Option::Some(other) => ::std::result::Result::Err(::serde::de::Error::unknown_variant(other, &[])), }
        }
    };
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(::serde_json::Value::as_str).map(::std::borrow::ToOwned::to_owned);
                match tag.as_deref() {
                    #(#arms)*
                    #unknown
                    ::std::option::Option::None => ::std::result::Result::Err(::serde::de::Error::missing_field(#property)),
                }
            }
        }
    }
}
