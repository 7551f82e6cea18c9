//! Parameters as text: the Rust type of each path, query, header and cookie parameter, how the
//! client writes a value as text, and how the server parses it back.
//!
//! Scalars (strings, numbers, booleans, dates, uuids, string enums) and arrays of them are
//! written with `Display` and read with `FromStr`. Anything else (an object, a map, a union,
//! nested arrays) is a [`Shape::Value`]: the client writes it from its JSON form, the server reads
//! the text into a tree of strings and deserializes the type from that. A parameter with
//! `content` is [`Shape::Json`]: JSON text.

use proc_macro2::TokenStream;
use quote::quote;

use super::type_ref::qualified_type_tokens;
use crate::model::{Api, Field, Parameter, ParameterLocation, Primitive, TypeBody, TypeRef};

/// A parameter's value: one scalar, a list of them, or a structured value.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// One value.
    One(Scalar),
    /// Several values (an array).
    List(Scalar),
    /// An object, a map, a union or nested arrays, written as its style says.
    Value(TypeRef),
    /// A value written as JSON text (`content: application/json`).
    Json(TypeRef),
}

/// What a [`Shape::Value`] is, for the server's reading of its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    /// An object or map: pairs of names and values.
    Object,
    /// An array: items.
    List,
    /// A union or anything else: one piece of text (or, in `deepObject`, a tree).
    One,
}

/// A value written as one piece of text.
#[derive(Clone, Debug, PartialEq)]
pub struct Scalar {
    /// Its type.
    pub ty: TypeRef,
    /// How it becomes text and back.
    pub kind: ScalarKind,
}

/// How a [`Scalar`] becomes text and back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarKind {
    /// `String`: as is.
    String,
    /// `SecretString`: as is, hidden from `Debug`.
    Secret,
    /// `DateTime<FixedOffset>`: RFC 3339.
    DateTime,
    /// `time::Date`: `YYYY-MM-DD`.
    TimeDate,
    /// `time::OffsetDateTime`: RFC 3339.
    TimeDateTime,
    /// A string enum (`Display`/`FromStr`), passed by reference.
    Enum,
    /// A `Copy` type with `Display`/`FromStr`: numbers, booleans, dates, uuids.
    Plain,
}

impl Shape {
    /// The shape of a value of type `ty` written in a style.
    pub fn of(api: &Api, ty: &TypeRef) -> Shape {
        match api.resolve(ty) {
            TypeRef::Vec(item) => match scalar(api, item) {
                Some(s) => Shape::List(s),
                None => Shape::Value(ty.clone()),
            },
            _ => match scalar(api, ty) {
                Some(s) => Shape::One(s),
                None => Shape::Value(ty.clone()),
            },
        }
    }

    /// The shape of parameter `p`.
    pub fn of_parameter(api: &Api, p: &Parameter) -> Shape {
        match &p.content_type {
            Some(_) => Shape::Json(p.ty.clone()),
            None => Shape::of(api, &p.ty),
        }
    }

    /// The Rust type of the whole value (`T` or `Vec<T>`).
    pub fn type_tokens(&self) -> TokenStream {
        match self {
            Shape::One(s) => qualified_type_tokens(&s.ty),
            Shape::List(s) => {
                let item = qualified_type_tokens(&s.ty);
                quote! { ::std::vec::Vec<#item> }
            }
            Shape::Value(ty) | Shape::Json(ty) => qualified_type_tokens(ty),
        }
    }

    /// What a [`Shape::Value`] holds (`One` for the other shapes).
    pub fn value_kind(&self, api: &Api) -> ValueKind {
        let Shape::Value(ty) = self else {
            return ValueKind::One;
        };
        match api.resolve(ty) {
            TypeRef::Vec(_) => ValueKind::List,
            TypeRef::Map(_) => ValueKind::Object,
            TypeRef::Named(name) if object_fields(api, name).is_some() => ValueKind::Object,
            _ => ValueKind::One,
        }
    }

    /// The type of a method argument carrying the value: `&str`, `&[T]`, `&Enum`, or `T` for
    /// `Copy` types.
    pub fn argument_type(&self) -> TokenStream {
        match self {
            Shape::One(Scalar {
                kind: ScalarKind::String,
                ..
            }) => quote! { &str },
            Shape::One(
                s @ Scalar {
                    kind: ScalarKind::Secret | ScalarKind::Enum,
                    ..
                },
            ) => {
                let ty = qualified_type_tokens(&s.ty);
                quote! { &#ty }
            }
            Shape::One(s) => qualified_type_tokens(&s.ty),
            Shape::List(s) => {
                let item = qualified_type_tokens(&s.ty);
                quote! { &[#item] }
            }
            Shape::Value(ty) | Shape::Json(ty) => {
                let ty = qualified_type_tokens(ty);
                quote! { &#ty }
            }
        }
    }
}

/// The scalar of type `ty`, when it is one; a value without a type (`{}`) is carried as a
/// string.
fn scalar(api: &Api, ty: &TypeRef) -> Option<Scalar> {
    let ty = api.resolve(ty);
    let kind = match &ty {
        TypeRef::Primitive(Primitive::String) => ScalarKind::String,
        TypeRef::Primitive(Primitive::Secret) => ScalarKind::Secret,
        TypeRef::Primitive(Primitive::DateTime) => ScalarKind::DateTime,
        TypeRef::Primitive(Primitive::TimeDate) => ScalarKind::TimeDate,
        TypeRef::Primitive(Primitive::TimeDateTime) => ScalarKind::TimeDateTime,
        TypeRef::Primitive(Primitive::Json) => {
            return Some(Scalar {
                ty: TypeRef::Primitive(Primitive::String),
                kind: ScalarKind::String,
            });
        }
        TypeRef::Primitive(Primitive::Bytes) => return None,
        TypeRef::Primitive(_) => ScalarKind::Plain,
        TypeRef::Named(name) => match api.type_named(name).map(|t| &t.body) {
            Some(TypeBody::Enum(_)) => ScalarKind::Enum,
            _ => return None,
        },
        _ => return None,
    };
    Some(Scalar {
        ty: ty.clone(),
        kind,
    })
}

/// An expression giving the text of `value`, a reference to a scalar (`&T`, or `&str`).
pub fn text_expr(kind: ScalarKind, value: &TokenStream) -> TokenStream {
    match kind {
        ScalarKind::Secret => quote! { #value.expose_secret().to_owned() },
        ScalarKind::DateTime => quote! { #value.to_rfc3339() },
        // RFC 3339 holds years 0 to 9999; another year is written as `Display` has it.
        ScalarKind::TimeDateTime => quote! {
            #value.format(&::time::format_description::well_known::Rfc3339).unwrap_or_else(|_| #value.to_string())
        },
        // Method syntax: a closure `|v| ToString::to_string(v)` would be a redundant closure.
        ScalarKind::String | ScalarKind::Enum | ScalarKind::Plain | ScalarKind::TimeDate => {
            quote! { #value.to_string() }
        }
    }
}

/// An expression giving the text of a whole value (`&T` for one, `&[T]`/`&Vec<T>` for a list):
/// list items joined with commas, as style `simple` (and `form` without `explode`) writes them.
/// `encode` wraps each item (percent-encoding in a path).
pub fn joined_text_expr(shape: &Shape, value: &TokenStream, encode: bool) -> TokenStream {
    let wrap = |kind: ScalarKind, value: &TokenStream| match (encode, kind) {
        (false, _) => text_expr(kind, value),
        // Already text: encoded without an intermediate `String`.
        (true, ScalarKind::String) => quote! { encode_component(#value) },
        (true, ScalarKind::Secret) => quote! { encode_component(#value.expose_secret()) },
        (true, _) => {
            let text = text_expr(kind, value);
            quote! { encode_component(&#text) }
        }
    };
    match shape {
        Shape::One(s) => wrap(s.kind, value),
        Shape::List(s) => {
            let item = wrap(s.kind, &quote! { item });
            quote! {
                #value.iter().map(|item| #item).collect::<::std::vec::Vec<_>>().join(",")
            }
        }
        // Written by the styles' own helpers; not reached for these shapes.
        Shape::Value(_) | Shape::Json(_) => quote! { ::std::string::String::new() },
    }
}

/// An expression for a function parsing `&str` into the scalar (`fn(&str) -> Result<T, String>`).
pub fn parse_fn(s: &Scalar) -> TokenStream {
    match s.kind {
        ScalarKind::TimeDate => quote! {
            |text: &str| -> ::std::result::Result<::time::Date, ::std::string::String> {
                ::time::Date::parse(text, &::time::format_description::well_known::Iso8601::DATE).map_err(|e| e.to_string())
            }
        },
        ScalarKind::TimeDateTime => quote! {
            |text: &str| -> ::std::result::Result<::time::OffsetDateTime, ::std::string::String> {
                ::time::OffsetDateTime::parse(text, &::time::format_description::well_known::Rfc3339).map_err(|e| e.to_string())
            }
        },
        ScalarKind::Secret => quote! {
            |text: &str| -> ::std::result::Result<crate::types::SecretString, ::std::string::String> {
                ::std::result::Result::Ok(crate::types::SecretString::from(text))
            }
        },
        _ => {
            let ty = qualified_type_tokens(&s.ty);
            quote! { parse_text::<#ty> }
        }
    }
}

/// Where a parameter goes, in words, for documentation.
pub fn location_doc(p: &Parameter) -> String {
    let place = match p.location {
        ParameterLocation::Path => "Path",
        ParameterLocation::Query => "Query",
        ParameterLocation::Header => "Header",
        ParameterLocation::Cookie => "Cookie",
    };
    let mut doc = format!("{place} parameter `{}`", p.wire_name.replace('`', "'"));
    if p.required {
        doc.push_str(" (required)");
    }
    doc.push('.');
    doc
}

/// The parameters of `op` at `location`, in spec order.
pub fn at(
    parameters: &[Parameter],
    location: ParameterLocation,
) -> impl Iterator<Item = &Parameter> {
    parameters.iter().filter(move |p| p.location == location)
}

/// The properties a value of the named type has when it is an object, and whether it is a
/// union: a struct's fields, or those of every alternative of a union of structs (the first
/// alternative's where two have a property of the same name), which the union's own decoding
/// then tells apart. Forms and exploded parameters read such a value property by property.
pub(super) fn object_fields<'a>(api: &'a Api, name: &str) -> Option<(Vec<&'a Field>, bool)> {
    match &api.type_named(name)?.body {
        TypeBody::Struct(s) => Some((s.fields.iter().collect(), false)),
        TypeBody::OneOf(o) => {
            let mut fields: Vec<&Field> = Vec::new();
            for variant in &o.variants {
                let catch_all = variant.tags.is_empty() && o.discriminator.is_some();
                let alternative = match api.resolve(&variant.ty) {
                    TypeRef::Named(alternative) => alternative,
                    // A discriminator's catch-all keeps any object with another tag.
                    TypeRef::Primitive(Primitive::Json) if catch_all => continue,
                    _ => return None,
                };
                let Some(TypeBody::Struct(s)) = api.type_named(alternative).map(|t| &t.body) else {
                    return None;
                };
                for field in &s.fields {
                    if !fields.iter().any(|f| f.wire_name == field.wire_name) {
                        fields.push(field);
                    }
                }
            }
            Some((fields, true))
        }
        _ => None,
    }
}
