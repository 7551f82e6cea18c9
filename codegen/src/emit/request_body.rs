//! Reading a request body on the server: JSON, or a form (`application/x-www-form-urlencoded`)
//! turned into a JSON value field by field, then checked and decoded the same way, so both
//! report missing, unknown and invalid properties by path.

use proc_macro2::TokenStream;
use quote::quote;

use super::params::resolve;
use super::responses::served;
use crate::model::{Api, Primitive, TypeBody, TypeRef};

/// Which body readers the served operations use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BodyNeeds {
    /// Some operation takes a JSON body.
    pub json: bool,
    /// Some operation takes a form body.
    pub form: bool,
}

impl BodyNeeds {
    /// What `api`'s served operations take.
    pub fn of(api: &Api) -> Self {
        let mut needs = BodyNeeds::default();
        for body in served(&api.operations).filter_map(|op| op.request_body.as_ref()) {
            if is_form(&body.media_type) {
                needs.form = true;
            } else {
                needs.json = true;
            }
        }
        needs
    }

    /// Whether some operation takes a body.
    pub fn any(self) -> bool {
        self.json || self.form
    }
}

/// Whether a body's media type is a form.
pub fn is_form(media_type: &str) -> bool {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .eq_ignore_ascii_case("application/x-www-form-urlencoded")
}

/// The readers `needs` asks for (`percent_decode` comes with the parameter helpers).
pub fn emit_body_readers(needs: BodyNeeds) -> TokenStream {
    if !needs.any() {
        return quote! {};
    }
    let json = needs.json.then(|| quote! {
        /// The body as `T`: a JSON content type, JSON syntax, required and unknown properties
        /// (all of them reported at once), then types, each refused with its own rejection.
        fn read_json_body<T: ::serde::de::DeserializeOwned>(
            headers: &::axum::http::HeaderMap,
            body: ::std::result::Result<::axum::body::Bytes, ::axum::extract::rejection::BytesRejection>,
            check: fn(&::serde_json::Value, &str, &mut FieldReport),
        ) -> ::std::result::Result<T, Rejection> {
            let bytes = body_bytes(body)?;
            require_media_type(headers, "application/json", |essence| essence == "application/json" || essence.ends_with("+json"))?;
            let value: ::serde_json::Value = ::serde_json::from_slice(&bytes)
                .map_err(|e| Rejection::InvalidBody(::std::format!("body could not be parsed as JSON: {e}")))?;
            decode_checked(value, check)
        }
    });
    let form = needs.form.then(emit_form_reader);
    quote! {
        /// The body's bytes, or why there are none (too large, or the connection failed).
        fn body_bytes(body: ::std::result::Result<::axum::body::Bytes, ::axum::extract::rejection::BytesRejection>) -> ::std::result::Result<::axum::body::Bytes, Rejection> {
            body.map_err(|e| {
                if e.status() == ::axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                    Rejection::PayloadTooLarge
                } else {
                    Rejection::InvalidBody(e.body_text())
                }
            })
        }

        /// Refuses a request whose `Content-Type` is not `expected` (as `accepts` judges its
        /// essence, lower case).
        fn require_media_type(headers: &::axum::http::HeaderMap, expected: &str, accepts: fn(&str) -> bool) -> ::std::result::Result<(), Rejection> {
            let content_type = headers.get(::axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
            let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
            if accepts(&essence) {
                return ::std::result::Result::Ok(());
            }
            let message = if content_type.is_empty() {
                ::std::format!("the body must be sent as {expected}; the request has no Content-Type")
            } else {
                ::std::format!("the body must be sent as {expected}, not {content_type:?}")
            };
            ::std::result::Result::Err(Rejection::InvalidBody(message))
        }

        /// A body read as a JSON value, as `T`: required and unknown properties (all of them
        /// reported at once), then types, each refused with its own rejection.
        fn decode_checked<T: ::serde::de::DeserializeOwned>(
            value: ::serde_json::Value,
            check: fn(&::serde_json::Value, &str, &mut FieldReport),
        ) -> ::std::result::Result<T, Rejection> {
            let mut report = FieldReport::default();
            check(&value, "", &mut report);
            if !report.missing.is_empty() {
                return ::std::result::Result::Err(Rejection::MissingFields(report.missing));
            }
            if !report.unknown.is_empty() {
                return ::std::result::Result::Err(Rejection::UnknownFields(report.unknown));
            }
            if let ::std::option::Option::Some((path, message)) = report.invalid.into_iter().next() {
                return ::std::result::Result::Err(Rejection::InvalidField { path, message });
            }
            // The path is tracked only when decoding fails (decoding again).
            if let ::std::result::Result::Ok(body) = T::deserialize(&value) {
                return ::std::result::Result::Ok(body);
            }
            ::serde_path_to_error::deserialize(value).map_err(|e| {
                let path = e.path().to_string();
                Rejection::InvalidField { path: if path == "." { ::std::string::String::new() } else { path }, message: e.into_inner().to_string() }
            })
        }
        #json
        #form
    }
}

fn emit_form_reader() -> TokenStream {
    quote! {
        /// How a form field's text becomes a JSON value before the body is decoded.
        #[derive(::std::clone::Clone, ::std::marker::Copy)]
        #[allow(dead_code)] // which kinds are used depends on the form bodies of the spec
        enum FormKind {
            /// A string (also dates, uuids and enums).
            Text,
            /// An integer, when the text is one.
            Integer,
            /// A number, when the text is one.
            Number,
            /// `true` or `false`.
            Boolean,
            /// An object or anything else: the text read as JSON, when it is JSON.
            Json,
        }

        impl FormKind {
            /// The JSON value of `text`; text that is not of the kind stays a string, so
            /// decoding reports the field's type.
            fn value(self, text: ::std::string::String) -> ::serde_json::Value {
                match self {
                    FormKind::Text => ::serde_json::Value::String(text),
                    FormKind::Integer => match text.parse::<i64>() {
                        ::std::result::Result::Ok(n) => ::serde_json::Value::from(n),
                        ::std::result::Result::Err(_) => match text.parse::<u64>() {
                            ::std::result::Result::Ok(n) => ::serde_json::Value::from(n),
                            ::std::result::Result::Err(_) => ::serde_json::Value::String(text),
                        },
                    },
                    FormKind::Number => match text.parse::<f64>().ok().and_then(::serde_json::Number::from_f64) {
                        ::std::option::Option::Some(n) => ::serde_json::Value::Number(n),
                        ::std::option::Option::None => ::serde_json::Value::String(text),
                    },
                    FormKind::Boolean => match text.as_str() {
                        "true" => ::serde_json::Value::Bool(true),
                        "false" => ::serde_json::Value::Bool(false),
                        _ => ::serde_json::Value::String(text),
                    },
                    FormKind::Json => ::serde_json::from_str(&text).unwrap_or(::serde_json::Value::String(text)),
                }
            }
        }

        /// The body as `T`, sent as `application/x-www-form-urlencoded`: each `name=value` pair
        /// becomes a property (repeated names of an array property its items), then the value is
        /// checked and decoded as a JSON body is. `fields` gives each known property's kind and
        /// whether it is an array.
        fn read_form_body<T: ::serde::de::DeserializeOwned>(
            headers: &::axum::http::HeaderMap,
            body: ::std::result::Result<::axum::body::Bytes, ::axum::extract::rejection::BytesRejection>,
            check: fn(&::serde_json::Value, &str, &mut FieldReport),
            fields: &[(&str, FormKind, bool)],
        ) -> ::std::result::Result<T, Rejection> {
            let bytes = body_bytes(body)?;
            require_media_type(headers, "application/x-www-form-urlencoded", |essence| essence == "application/x-www-form-urlencoded")?;
            let text = ::std::str::from_utf8(&bytes)
                .map_err(|_| Rejection::InvalidBody(::std::borrow::ToOwned::to_owned("the form body is not UTF-8")))?;
            let mut object = ::serde_json::Map::new();
            for pair in text.split('&').filter(|pair| !pair.is_empty()) {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                let undecodable = || Rejection::InvalidBody(::std::format!("the form pair {pair:?} is not valid percent-encoded UTF-8"));
                let name = percent_decode(name, true).ok_or_else(undecodable)?;
                let value = percent_decode(value, true).ok_or_else(undecodable)?;
                let (kind, list) = fields
                    .iter()
                    .find(|(field, _, _)| *field == name)
                    .map_or((FormKind::Text, false), |(_, kind, list)| (*kind, *list));
                let value = kind.value(value);
                if list {
                    let items = object.entry(name).or_insert_with(|| ::serde_json::Value::Array(::std::vec::Vec::new()));
                    if let ::serde_json::Value::Array(items) = items {
                        items.push(value);
                    }
                } else if object.contains_key(&name) {
                    return ::std::result::Result::Err(Rejection::InvalidField {
                        path: name,
                        message: ::std::borrow::ToOwned::to_owned("is given more than once"),
                    });
                } else {
                    object.insert(name, value);
                }
            }
            decode_checked(::serde_json::Value::Object(object), check)
        }
    }
}

/// The `fields` argument of `read_form_body` for a body of type `ty`: each property's name,
/// kind and whether it is an array.
pub fn form_fields(api: &Api, ty: &TypeRef) -> TokenStream {
    let TypeRef::Named(name) = resolve(api, ty) else {
        return quote! { &[] };
    };
    let Some(TypeBody::Struct(s)) = api.type_named(&name).map(|t| &t.body) else {
        return quote! { &[] };
    };
    let fields = s.fields.iter().map(|f| {
        let wire = &f.wire_name;
        let (kind, list) = match resolve(api, &f.ty) {
            TypeRef::Vec(item) => (form_kind(api, &item), true),
            other => (form_kind(api, &other), false),
        };
        quote! { (#wire, FormKind::#kind, #list) }
    });
    quote! { &[#(#fields),*] }
}

fn form_kind(api: &Api, ty: &TypeRef) -> proc_macro2::Ident {
    let name = match resolve(api, ty) {
        TypeRef::Primitive(Primitive::I32 | Primitive::I64) => "Integer",
        TypeRef::Primitive(Primitive::F32 | Primitive::F64) => "Number",
        TypeRef::Primitive(Primitive::Bool) => "Boolean",
        TypeRef::Primitive(Primitive::Json) => "Json",
        TypeRef::Primitive(_) => "Text",
        TypeRef::Named(name) => match api.type_named(&name).map(|t| &t.body) {
            Some(TypeBody::Enum(_)) => "Text",
            _ => "Json",
        },
        _ => "Json",
    };
    quote::format_ident!("{}", name)
}
