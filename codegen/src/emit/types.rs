//! The `types` module: one Rust item per model type.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::doc::doc_attrs;
use super::enums::emit_enum;
use super::one_of::emit_one_of;
use super::support;
use super::type_ref::type_tokens;
use crate::lower::names::snake;
use crate::model::{
    Api, DefaultValue, Field, Flattened, Presence, Primitive, Struct, TypeBody, TypeDef, TypeRef,
};
use crate::settings::Settings;

/// The whole `types` module.
pub fn emit_types(api: &Api, settings: &Settings) -> TokenStream {
    let items = emit_type_items(api, settings, &api.types);
    let support = emit_types_support(api, settings);
    quote! {
        #items
        #support
    }
}

/// The items of `types` (a slice of `api.types`), in order: [`emit_types`] is these for all
/// types followed by [`emit_types_support`]. Parts of the list can be emitted apart (on
/// threads of their own) and their formatted text joined.
pub fn emit_type_items(api: &Api, settings: &Settings, types: &[TypeDef]) -> TokenStream {
    let items = types.iter().map(|t| emit_type(api, settings, t));
    quote! { #(#items)* }
}

/// The support items that follow the types in the types module.
pub fn emit_types_support(api: &Api, settings: &Settings) -> TokenStream {
    let support = support::emit_support(api, settings);
    let bodies = super::body_types::emit_body_types(api);
    quote! { #support #bodies }
}

fn emit_type(api: &Api, settings: &Settings, t: &TypeDef) -> TokenStream {
    let doc = doc_attrs(
        t.doc
            .as_deref()
            .unwrap_or(&format!("The `{}` schema.", t.name)),
    );
    let deprecated = t.deprecated.then(|| quote! { #[deprecated] });
    let name = format_ident!("{}", t.name);
    match &t.body {
        TypeBody::Struct(s) => emit_struct(api, t, s, &doc, deprecated),
        TypeBody::Enum(e) => emit_enum(&name, e, &doc, deprecated, e.style(settings.enums)),
        TypeBody::OneOf(o) => emit_one_of(t, o, &doc, deprecated),
        TypeBody::Alias(ty) => {
            let ty = type_tokens(ty);
            quote! {
                #doc
                #deprecated
                pub type #name = #ty;
            }
        }
    }
}

/// The derives every generated struct and enum gets.
pub fn derives(eq_hash: bool, serde: bool) -> TokenStream {
    let serde = serde.then(|| quote! { ::serde::Serialize, ::serde::Deserialize, });
    derives_with(eq_hash, serde.unwrap_or_default())
}

/// The common derives, plus `extra`.
pub fn derives_with(eq_hash: bool, extra: TokenStream) -> TokenStream {
    let eq_hash = eq_hash.then(|| quote! { ::std::cmp::Eq, ::std::hash::Hash, });
    quote! {
        #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::cmp::PartialEq, #eq_hash #extra)]
    }
}

fn emit_struct(
    api: &Api,
    t: &TypeDef,
    s: &Struct,
    doc: &TokenStream,
    deprecated: Option<TokenStream>,
) -> TokenStream {
    let name = format_ident!("{}", t.name);
    let derives = derives(t.eq_hash, true);
    let deny = s
        .deny_unknown_fields
        .then(|| quote! { #[serde(deny_unknown_fields)] });
    let fields = s.fields.iter().map(|f| emit_field(&t.name, f));
    let flattened = s.flattened.iter().map(emit_flattened);
    let defaults = s
        .fields
        .iter()
        .filter_map(|f| emit_default_fn(api, &t.name, f));
    quote! {
        #doc
        #derives
        #deny
        #deprecated
        pub struct #name {
            #(#fields)*
            #(#flattened)*
        }

        #(#defaults)*
    }
}

/// The function that gives a field's `default`: `default_<struct>_<field>`.
fn default_fn_name(owner: &str, f: &Field) -> String {
    // A type named like a std one ends in `_` (`Box_`): `default_box__x` would not be snake case.
    format!(
        "default_{}_{}",
        snake(owner).trim_end_matches('_'),
        f.rust_name.trim_end_matches('_')
    )
}

fn emit_default_fn(api: &Api, owner: &str, f: &Field) -> Option<TokenStream> {
    let value = f.default.as_ref()?;
    let name = format_ident!("{}", default_fn_name(owner, f));
    let ty = type_tokens(&f.ty);
    let body = match value {
        DefaultValue::String(v) => match &f.ty {
            TypeRef::Named(n) if is_enum(api, n) => match enum_variant(api, n, v) {
                // A listed value is its variant; another (a spec that defaults to a value it
                // does not list) goes through `From`, which open enums have.
                Some(variant) => quote! { #ty::#variant },
                None => quote! { #ty::from(#v) },
            },
            _ => quote! { ::std::borrow::ToOwned::to_owned(#v) },
        },
        DefaultValue::Bool(b) => quote! { #b },
        // Unsuffixed, so the literal takes the field's type (an alias may be `i32` or `f32`).
        DefaultValue::Integer(n) => {
            let n = proc_macro2::Literal::i64_unsuffixed(*n);
            quote! { #n }
        }
        DefaultValue::Number(x) => {
            let x = proc_macro2::Literal::f64_unsuffixed(*x);
            quote! { #x }
        }
    };
    Some(quote! {
        fn #name() -> #ty {
            #body
        }
    })
}

/// Whether `name` is a string enum.
fn is_enum(api: &Api, name: &str) -> bool {
    matches!(
        api.type_named(name).map(|t| &t.body),
        Some(TypeBody::Enum(_))
    )
}

/// The variant of the enum `name` whose value is `value`.
fn enum_variant(api: &Api, name: &str, value: &str) -> Option<proc_macro2::Ident> {
    match api.type_named(name).map(|t| &t.body) {
        Some(TypeBody::Enum(e)) => e
            .variants
            .iter()
            .find(|v| v.wire_name == value)
            .map(|v| format_ident!("{}", v.rust_name)),
        _ => None,
    }
}

fn emit_field(owner: &str, f: &Field) -> TokenStream {
    let doc = doc_attrs(&field_doc(f));
    let name = format_ident!("{}", f.rust_name);
    let inner = type_tokens(&f.ty);
    let mut serde_args = Vec::new();
    if f.rust_name != f.wire_name {
        let wire = &f.wire_name;
        serde_args.push(quote! { rename = #wire });
    }
    let time = f.ty == TypeRef::Primitive(Primitive::TimeDateTime);
    let ty = match f.presence {
        Presence::Required if time => {
            serde_args.push(quote! { with = "::time::serde::rfc3339" });
            inner
        }
        Presence::RequiredNullable if time => {
            serde_args.push(quote! { with = "::time::serde::rfc3339::option" });
            quote! { ::std::option::Option<#inner> }
        }
        Presence::Optional { .. } if time => {
            serde_args.push(quote! { default, skip_serializing_if = "::std::option::Option::is_none", with = "::time::serde::rfc3339::option" });
            quote! { ::std::option::Option<#inner> }
        }
        Presence::Required => inner,
        Presence::RequiredNullable => {
            serde_args.push(quote! { deserialize_with = "deserialize_nullable" });
            quote! { ::std::option::Option<#inner> }
        }
        Presence::Optional { .. } if f.default.is_some() => {
            let function = default_fn_name(owner, f);
            serde_args.push(quote! { default = #function });
            inner
        }
        Presence::Optional { .. } => {
            serde_args
                .push(quote! { default, skip_serializing_if = "::std::option::Option::is_none" });
            quote! { ::std::option::Option<#inner> }
        }
    };
    let serde_attr = (!serde_args.is_empty()).then(|| quote! { #[serde(#(#serde_args),*)] });
    let deprecated = f.deprecated.then(|| quote! { #[deprecated] });
    quote! {
        #doc
        #serde_attr
        #deprecated
        pub #name: #ty,
    }
}

/// A part read from the struct's own JSON object: a union of the alternatives, or the map of
/// the properties the struct does not declare.
fn emit_flattened(f: &Flattened) -> TokenStream {
    let doc = doc_attrs(
        f.doc
            .as_deref()
            .unwrap_or("Read from the same JSON object as the other fields."),
    );
    let name = format_ident!("{}", f.rust_name);
    let ty = type_tokens(&f.ty);
    quote! {
        #doc
        #[serde(flatten)]
        pub #name: #ty,
    }
}

/// The field's description, plus what `None` means for it where that is not obvious.
fn field_doc(f: &Field) -> String {
    let mut doc = f
        .doc
        .clone()
        .unwrap_or_else(|| format!("The `{}` property.", f.wire_name));
    let default_note = f.default.as_ref().map(|d| {
        let value = match d {
            DefaultValue::String(v) => format!("{v:?}"),
            DefaultValue::Integer(n) => n.to_string(),
            DefaultValue::Number(x) => x.to_string(),
            DefaultValue::Bool(b) => b.to_string(),
        };
        format!("When absent in JSON, this is `{value}` (the spec's default).")
    });
    let note = match f.presence {
        _ if default_note.is_some() => default_note.as_deref(),
        Presence::Required | Presence::Optional { nullable: false } => None,
        Presence::RequiredNullable => {
            Some("Always present in JSON; `null` reads as `None` and `None` is written as `null`.")
        }
        Presence::Optional { nullable: true } => Some(
            "May be absent or `null`; both read as `None`, and `None` is left out when written.",
        ),
    };
    if let Some(note) = note {
        doc.push_str("\n\n");
        doc.push_str(note);
    }
    doc
}
