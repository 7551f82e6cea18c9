//! Items the generated types rely on, emitted only when some type needs them.

use proc_macro2::TokenStream;
use quote::quote;

use super::headers::{has_http_auth, header_inputs, webhook_secret_headers};
use super::server_sent_event;
use super::type_ref::uses_primitive;
use crate::model::{Api, Presence, Primitive, Response, TypeBody, TypeRef};
use crate::settings::{EnumStyle, Settings};

/// `SecretString` when a field is a credential, `Base64Bytes` when one holds bytes,
/// `deserialize_nullable` when a field is required and nullable.
pub fn emit_support(api: &Api, settings: &Settings) -> TokenStream {
    let secret_headers = header_inputs(api, &[]).iter().any(|h| h.secret)
        || has_http_auth(api)
        || webhook_secret_headers(api);
    let secret = (secret_headers || api_uses(api, |ty| uses_primitive(ty, Primitive::Secret)))
        .then(secret_string);
    let bytes = api_uses(api, |ty| uses_primitive(ty, Primitive::Bytes)).then(base64_bytes);
    let nullable = api.types.iter().any(|t| match &t.body {
        TypeBody::Struct(s) => s
            .fields
            .iter()
            .any(|f| f.presence == Presence::RequiredNullable),
        _ => false,
    });
    let nullable = nullable.then(deserialize_nullable);
    let closed = api.types.iter().any(
        |t| matches!(&t.body, TypeBody::Enum(e) if e.style(settings.enums) == EnumStyle::Closed),
    );
    let unknown = closed.then(unknown_enum_value);
    let event = server_sent_event::used(api).then(server_sent_event::emit);
    quote! { #secret #bytes #nullable #unknown #event }
}

/// Whether any field, alias or operation type satisfies `pred`.
pub fn api_uses(api: &Api, pred: impl Fn(&TypeRef) -> bool) -> bool {
    let in_types = api.types.iter().any(|t| match &t.body {
        TypeBody::Struct(s) => {
            s.fields.iter().any(|f| pred(&f.ty)) || s.flattened.iter().any(|f| pred(&f.ty))
        }
        TypeBody::Alias(ty) => pred(ty),
        TypeBody::OneOf(o) => o.variants.iter().any(|v| pred(&v.ty)),
        TypeBody::Enum(_) => false,
    });
    let in_operations = api.all_operations().any(|op| {
        op.parameters.iter().any(|p| pred(&p.ty))
            || op.request_body.iter().any(|b| pred(&b.ty))
            || op.responses.iter().flat_map(Response::types).any(&pred)
    });
    in_types || in_operations
}

fn secret_string() -> TokenStream {
    quote! {
        /// A credential (a schema with `format: password`, or a property named like a secret).
        ///
        /// It serializes as the plain string, but its `Debug` output is `***`, so a logged
        /// request never shows it. Read it with [`SecretString::expose_secret`].
        #[derive(::std::clone::Clone, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::hash::Hash, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(transparent)]
        pub struct SecretString(::std::string::String);

        impl SecretString {
            /// Wraps a credential.
            pub fn new(value: impl ::std::convert::Into<::std::string::String>) -> Self {
                Self(value.into())
            }

            /// The credential itself. Keep it out of logs.
            pub fn expose_secret(&self) -> &str {
                &self.0
            }
        }

        impl ::std::fmt::Debug for SecretString {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str("***")
            }
        }

        impl ::std::convert::From<::std::string::String> for SecretString {
            fn from(value: ::std::string::String) -> Self {
                Self(value)
            }
        }

        impl ::std::convert::From<&str> for SecretString {
            fn from(value: &str) -> Self {
                Self(::std::borrow::ToOwned::to_owned(value))
            }
        }
    }
}

fn base64_bytes() -> TokenStream {
    quote! {
        /// Bytes that travel as base64 text (`format: byte`).
        ///
        /// It serializes as standard base64 with padding (RFC 4648), and reads standard or
        /// URL-safe base64, with or without padding. `Display` and `FromStr` use the same text.
        #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::default::Default, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::hash::Hash)]
        pub struct Base64Bytes(pub ::std::vec::Vec<u8>);

        impl Base64Bytes {
            /// Reads base64 text.
            ///
            /// # Errors
            /// When `text` is not base64.
            pub fn decode(text: &str) -> ::std::result::Result<Self, ::base64::DecodeError> {
                use ::base64::Engine as _;
                let lenient = ::base64::engine::GeneralPurposeConfig::new()
                    .with_decode_padding_mode(::base64::engine::DecodePaddingMode::Indifferent);
                let url_safe = text.contains(['-', '_']);
                let alphabet = if url_safe { &::base64::alphabet::URL_SAFE } else { &::base64::alphabet::STANDARD };
                ::base64::engine::GeneralPurpose::new(alphabet, lenient).decode(text).map(Self)
            }

            /// The standard base64 text, with padding.
            pub fn encode(&self) -> ::std::string::String {
                use ::base64::Engine as _;
                ::base64::engine::general_purpose::STANDARD.encode(&self.0)
            }
        }

        impl ::std::ops::Deref for Base64Bytes {
            type Target = [u8];
            fn deref(&self) -> &[u8] {
                &self.0
            }
        }

        impl ::std::convert::From<::std::vec::Vec<u8>> for Base64Bytes {
            fn from(bytes: ::std::vec::Vec<u8>) -> Self {
                Self(bytes)
            }
        }

        impl ::std::fmt::Display for Base64Bytes {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.encode())
            }
        }

        impl ::std::str::FromStr for Base64Bytes {
            type Err = ::base64::DecodeError;
            fn from_str(text: &str) -> ::std::result::Result<Self, Self::Err> {
                Self::decode(text)
            }
        }

        impl ::serde::Serialize for Base64Bytes {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.encode())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for Base64Bytes {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let text = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                Self::decode(&text).map_err(|e| <D::Error as ::serde::de::Error>::custom(::std::format_args!("not base64: {e}")))
            }
        }
    }
}

fn unknown_enum_value() -> TokenStream {
    quote! {
        /// A string that is none of an enum's values (`FromStr` of a closed enum).
        #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::cmp::PartialEq, ::std::cmp::Eq)]
        pub struct UnknownEnumValue(pub ::std::string::String);

        impl ::std::fmt::Display for UnknownEnumValue {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::write!(f, "unknown enum value {:?}", self.0)
            }
        }

        impl ::std::error::Error for UnknownEnumValue {}
    }
}

fn deserialize_nullable() -> TokenStream {
    quote! {
        /// Reads a required, nullable property: `null` is `None`, and (unlike serde's default for
        /// `Option`) an absent property is an error naming the property.
        fn deserialize_nullable<'de, D, T>(deserializer: D) -> ::std::result::Result<::std::option::Option<T>, D::Error>
        where
            D: ::serde::Deserializer<'de>,
            T: ::serde::Deserialize<'de>,
        {
            <::std::option::Option<T> as ::serde::Deserialize>::deserialize(deserializer)
        }
    }
}
