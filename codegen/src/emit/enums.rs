//! String enums: a variant per known value, plus a catch-all that keeps unknown values, so a
//! value added to the API later never fails a client.
//!
//! `Serialize`/`Deserialize` are written out rather than derived: serde's `#[serde(other)]` drops
//! the unknown value, and an untagged catch-all buffers every value and hides the real error.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::types::{derives, derives_with};
use crate::model::StringEnum;
use crate::settings::EnumStyle;

/// The enum and its impls, open (a catch-all variant) or closed (only the listed values).
pub fn emit_enum(
    name: &Ident,
    e: &StringEnum,
    doc: &TokenStream,
    deprecated: Option<TokenStream>,
    style: EnumStyle,
) -> TokenStream {
    match style {
        EnumStyle::Open => emit_open_enum(name, e, doc, deprecated),
        EnumStyle::Closed => emit_closed_enum(name, e, doc, deprecated),
    }
}

/// A closed enum: serde derives with a rename per value; an unknown value is an error.
fn emit_closed_enum(
    name: &Ident,
    e: &StringEnum,
    doc: &TokenStream,
    deprecated: Option<TokenStream>,
) -> TokenStream {
    let derives = derives_with(
        true,
        quote! { ::std::marker::Copy, ::serde::Serialize, ::serde::Deserialize, },
    );
    let (variants, wires, variant_docs) = variant_parts(e);
    quote! {
        #doc
        #derives
        #deprecated
        pub enum #name {
            #(
                #[doc = #variant_docs]
                #[serde(rename = #wires)]
                #variants,
            )*
        }

        impl #name {
            /// The value as it appears in JSON.
            pub fn as_str(&self) -> &'static str {
                match self {
                    #(Self::#variants => #wires,)*
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = UnknownEnumValue;

            fn from_str(value: &str) -> ::std::result::Result<Self, <Self as ::std::str::FromStr>::Err> {
                match value {
                    #(#wires => ::std::result::Result::Ok(Self::#variants),)*
                    other => ::std::result::Result::Err(UnknownEnumValue(::std::borrow::ToOwned::to_owned(other))),
                }
            }
        }
    }
}

/// An open enum: a variant per listed value plus the catch-all.
fn emit_open_enum(
    name: &Ident,
    e: &StringEnum,
    doc: &TokenStream,
    deprecated: Option<TokenStream>,
) -> TokenStream {
    let derives = derives(true, false);
    let catch_all = format_ident!("{}", e.catch_all);
    let (variants, wires, variant_docs) = variant_parts(e);
    quote! {
        #doc
        #derives
        #deprecated
        pub enum #name {
            #(
                #[doc = #variant_docs]
                #variants,
            )*
            /// A value the spec does not list, kept as received so it is written back unchanged.
            #catch_all(::std::string::String),
        }

        impl #name {
            /// The value as it appears in JSON.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #wires,)*
                    Self::#catch_all(value) => value.as_str(),
                }
            }

            /// Whether this is a value the spec does not list.
            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::#catch_all(_))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#wires => Self::#variants,)*
                    other => Self::#catch_all(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    #(#wires => Self::#variants,)*
                    _ => Self::#catch_all(value),
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, <Self as ::std::str::FromStr>::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(value))
            }
        }
    }
}

/// Each variant's name, its value on the wire, and its doc line.
fn variant_parts(e: &StringEnum) -> (Vec<Ident>, Vec<&str>, Vec<String>) {
    let names = e
        .variants
        .iter()
        .map(|v| format_ident!("{}", v.rust_name))
        .collect();
    let wires: Vec<&str> = e.variants.iter().map(|v| v.wire_name.as_str()).collect();
    let docs = wires
        .iter()
        .map(|w| format!(" `{}`", w.replace('`', "'")))
        .collect();
    (names, wires, docs)
}
