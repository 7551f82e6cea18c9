//! Model type references as Rust type tokens, with fully qualified paths.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::model::{Primitive, TypeRef};

/// The Rust type for `ty`, as the `types` module names it.
pub fn type_tokens(ty: &TypeRef) -> TokenStream {
    tokens_with_prefix(ty, &quote! {})
}

/// The Rust type for `ty`, as other modules of the crate name it (`crate::types::X`).
pub fn qualified_type_tokens(ty: &TypeRef) -> TokenStream {
    tokens_with_prefix(ty, &quote! { crate::types:: })
}

fn tokens_with_prefix(ty: &TypeRef, prefix: &TokenStream) -> TokenStream {
    let type_tokens = |t: &TypeRef| tokens_with_prefix(t, prefix);
    match ty {
        TypeRef::Named(name) => {
            let ident = format_ident!("{}", name);
            quote! { #prefix #ident }
        }
        TypeRef::Primitive(Primitive::Secret) => quote! { #prefix SecretString },
        TypeRef::Primitive(Primitive::Bytes) => quote! { #prefix Base64Bytes },
        TypeRef::Primitive(p) => primitive_tokens(*p),
        TypeRef::Vec(inner) => {
            let inner = type_tokens(inner);
            quote! { ::std::vec::Vec<#inner> }
        }
        TypeRef::Map(inner) => {
            let inner = type_tokens(inner);
            quote! { ::std::collections::BTreeMap<::std::string::String, #inner> }
        }
        TypeRef::Nullable(inner) => {
            let inner = type_tokens(inner);
            quote! { ::std::option::Option<#inner> }
        }
        TypeRef::Boxed(inner) => {
            let inner = type_tokens(inner);
            quote! { ::std::boxed::Box<#inner> }
        }
        TypeRef::Tuple(members) => {
            let members = members.iter().map(type_tokens);
            // The trailing comma makes a one-member tuple `(A,)`, not a parenthesized `A`.
            quote! { (#(#members,)*) }
        }
    }
}

fn primitive_tokens(p: Primitive) -> TokenStream {
    match p {
        Primitive::String => quote! { ::std::string::String },
        Primitive::Secret => quote! { SecretString },
        Primitive::Bool => quote! { bool },
        Primitive::I32 => quote! { i32 },
        Primitive::I64 => quote! { i64 },
        Primitive::F32 => quote! { f32 },
        Primitive::F64 => quote! { f64 },
        Primitive::Date => quote! { ::chrono::NaiveDate },
        Primitive::DateTime => quote! { ::chrono::DateTime<::chrono::FixedOffset> },
        Primitive::TimeDate => quote! { ::time::Date },
        Primitive::TimeDateTime => quote! { ::time::OffsetDateTime },
        Primitive::Uuid => quote! { ::uuid::Uuid },
        Primitive::Bytes => quote! { Base64Bytes },
        Primitive::Json => quote! { ::serde_json::Value },
    }
}

/// Whether `ty` uses the primitive `p` anywhere inside it.
pub fn uses_primitive(ty: &TypeRef, p: Primitive) -> bool {
    match ty {
        TypeRef::Named(_) => false,
        TypeRef::Primitive(q) => *q == p,
        TypeRef::Vec(t) | TypeRef::Map(t) | TypeRef::Nullable(t) | TypeRef::Boxed(t) => {
            uses_primitive(t, p)
        }
        TypeRef::Tuple(members) => members.iter().any(|t| uses_primitive(t, p)),
    }
}
