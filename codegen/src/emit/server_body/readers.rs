//! The server's body readers shared by every operation: the bytes, the media type dispatch,
//! JSON and text, and (from [`super::form`] and [`super::multipart`]) forms and multipart
//! forms.

use proc_macro2::TokenStream;
use quote::quote;

use super::{FormShapes, form, multipart};
use crate::emit::request_body::BodyNeeds;
use crate::model::Api;

/// The readers `needs` asks for (`percent_decode` comes with the parameter helpers).
pub fn emit_body_readers(api: &Api, needs: BodyNeeds, shapes: &FormShapes) -> TokenStream {
    if !needs.any() && !needs.dispatch() {
        return quote! {};
    }
    let require = needs.plain_json.then(|| quote! {
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
    });
    let decode = needs.any().then(|| quote! {
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
    });
    let plain_json = needs.plain_json.then(|| quote! {
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
    let json = needs.json.then(|| quote! {
        /// A JSON body as `T`, its content type already accepted.
        fn json_from_bytes<T: ::serde::de::DeserializeOwned>(
            bytes: &[u8],
            check: fn(&::serde_json::Value, &str, &mut FieldReport),
        ) -> ::std::result::Result<T, Rejection> {
            let value: ::serde_json::Value = ::serde_json::from_slice(bytes)
                .map_err(|e| Rejection::InvalidBody(::std::format!("body could not be parsed as JSON: {e}")))?;
            decode_checked(value, check)
        }
    });
    let text = needs.text.then(|| quote! {
        /// A text body, which must be UTF-8.
        fn text_from_bytes(bytes: &[u8]) -> ::std::result::Result<::std::string::String, Rejection> {
            ::std::string::String::from_utf8(bytes.to_vec())
                .map_err(|_| Rejection::InvalidBody(::std::borrow::ToOwned::to_owned("the body is not UTF-8 text")))
        }
    });
    let absent = needs.optional.then(|| quote! {
        /// Whether the request left an optional body out: no bytes, and no `Content-Type` or
        /// a JSON one (zero bytes are no JSON value; an empty form is a form without pairs).
        fn body_absent(headers: &::axum::http::HeaderMap, body: &::std::result::Result<::axum::body::Bytes, ::axum::extract::rejection::BytesRejection>) -> bool {
            let json = headers
                .get(::axum::http::header::CONTENT_TYPE)
                .and_then(|value| value.to_str().ok())
                .map(|value| value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase())
                .is_some_and(|essence| essence == "application/json" || essence.ends_with("+json"));
            (json || !headers.contains_key(::axum::http::header::CONTENT_TYPE))
                && matches!(body, ::std::result::Result::Ok(bytes) if bytes.is_empty())
        }
    });
    let announced_absent = needs.optional_multipart.then(|| quote! {
        /// Whether the request left an optional body out, read from its headers before the
        /// body is (RFC 9112 §6.3): no `Content-Type`, no `Transfer-Encoding` and no
        /// `Content-Length` but `0`.
        fn body_announced_absent(headers: &::axum::http::HeaderMap) -> bool {
            !headers.contains_key(::axum::http::header::CONTENT_TYPE)
                && !headers.contains_key(::axum::http::header::TRANSFER_ENCODING)
                && headers.get(::axum::http::header::CONTENT_LENGTH).is_none_or(|length| length.as_bytes() == b"0")
        }
    });
    let dispatch = needs.dispatch().then(media_type_dispatch);
    let form =
        (needs.form || needs.multipart).then(|| form::emit_form_reader(needs.form, shapes, api));
    let multipart = needs
        .multipart
        .then(|| multipart::emit_multipart_reader(needs.files));
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

        #absent
        #announced_absent
        #require
        #decode
        #plain_json
        #json
        #text
        #dispatch
        #form
        #multipart
    }
}

/// `content_type_essence` and `accepts_media_type`, with which a reader picks a content.
fn media_type_dispatch() -> TokenStream {
    quote! {
        /// The refusal of a body sent in a media type the operation does not take.
        fn wrong_media_type(headers: &::axum::http::HeaderMap, expected: &str) -> Rejection {
            let content_type = headers.get(::axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
            let message = if content_type.is_empty() {
                ::std::format!("the body must be sent as {expected}; the request has no Content-Type")
            } else {
                ::std::format!("the body must be sent as {expected}, not {content_type:?}")
            };
            Rejection::InvalidBody(message)
        }

        /// The request's media type without parameters, lower case (`""` when it has none).
        fn content_type_essence(headers: &::axum::http::HeaderMap) -> ::std::string::String {
            headers
                .get(::axum::http::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        }

        /// Whether the media type `essence` is one of `accepted` (types, or ranges such as
        /// `image/*`, `application/*+json` and `*/*`, which also takes a request without one).
        fn accepts_media_type(essence: &str, accepted: &[&str]) -> bool {
            accepted.iter().any(|declared| {
                if *declared == "*/*" {
                    return true;
                }
                let (::std::option::Option::Some((d_type, d_sub)), ::std::option::Option::Some((a_type, a_sub))) = (declared.split_once('/'), essence.split_once('/')) else {
                    return *declared == essence;
                };
                let type_ok = d_type == "*" || d_type == a_type;
                let sub_ok = match d_sub.split_once('*') {
                    ::std::option::Option::None => d_sub == a_sub,
                    ::std::option::Option::Some((prefix, suffix)) => {
                        a_sub.len() >= prefix.len() + suffix.len() && a_sub.starts_with(prefix) && a_sub.ends_with(suffix)
                    }
                };
                type_ok && sub_ok
            })
        }
    }
}
