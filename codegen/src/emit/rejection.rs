//! Requests refused before their handler: the `Rejection` type, and the body it is written in
//! (the spec's `x-codegen-rejections` template, or RFC 9457 problem details). Also
//! `json_response`, which writes a JSON reply or, failing that, a 500 rejection.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::field_checks::{BodyChecks, parameters_checked};
use super::request_body::BodyNeeds;
use super::responses::served;
use crate::model::Api;

/// The template used when the spec declares none: RFC 9457 problem details.
const PROBLEM_TEMPLATE: &str = r#"{"type":"about:blank","title":"{code}","status":"{status}","detail":"{message}","request_id":"{request_id}"}"#;

/// The `Rejection` type and what it needs.
pub fn emit_rejection(api: &Api, checks: &BodyChecks<'_>) -> TokenStream {
    let (template, overrides, content_type) = match &api.rejections {
        Some(r) => (
            r.template.to_string(),
            serde_json::Value::Object(r.overrides.clone()).to_string(),
            "application/json",
        ),
        None => (
            PROBLEM_TEMPLATE.to_owned(),
            "{}".to_owned(),
            "application/problem+json",
        ),
    };
    let envelope_doc = match &api.rejections {
        Some(r) => format!(
            " Its body is a `{}`, from the spec's `x-codegen-rejections` template.",
            r.type_name
        ),
        None => {
            " Its body is RFC 9457 problem details (the spec declares no `x-codegen-rejections`)."
                .to_owned()
        }
    };
    // With a typed error schema the body goes through that type, so it is written in the
    // schema's property order and is known to match it.
    let render = match &api.rejections {
        Some(r) => {
            let ty = format_ident!("{}", r.type_name);
            quote! {{
                let value = self.body(request_id);
                match ::serde_json::from_value::<crate::types::#ty>(value.clone()) {
                    ::std::result::Result::Ok(typed) => ::serde_json::to_string(&typed).unwrap_or_else(|_| value.to_string()),
                    ::std::result::Result::Err(_) => value.to_string(),
                }
            }}
        }
        None => quote! { self.body(request_id).to_string() },
    };
    let json_replies = served(&api.operations)
        .flat_map(|op| &op.responses)
        .any(|r| r.ty.is_some());
    // What the body readers (and the field checks) report into.
    // Parameter limits report only invalid values.
    let parameters_only = (!BodyNeeds::of(api).any()).then(|| {
        quote! { #[allow(dead_code, reason = "only request bodies have missing and unknown properties")] }
    });
    let field_report = (BodyNeeds::of(api).any() || parameters_checked(api, checks)).then(|| quote! {
        /// Missing, unknown and wrongly null properties found in a request body, by path.
        #[derive(::std::default::Default)]
        #parameters_only
        struct FieldReport {
            missing: ::std::vec::Vec<::std::string::String>,
            unknown: ::std::vec::Vec<::std::string::String>,
            /// Values the schema does not allow here (`null`, out of range), with what is wrong.
            invalid: ::std::vec::Vec<(::std::string::String, ::std::string::String)>,
        }

        #[allow(dead_code, reason = "checks of a tuple body name items by position, not by field")]
        fn field_path(at: &str, name: &str) -> ::std::string::String {
            if at.is_empty() { ::std::borrow::ToOwned::to_owned(name) } else { ::std::format!("{at}.{name}") }
        }

        #[allow(dead_code)]
        fn no_field_checks(_: &::serde_json::Value, _: &str, _: &mut FieldReport) {}
    });
    let json_response = json_replies.then(|| quote! {
        fn json_response<T: ::serde::Serialize>(status: ::axum::http::StatusCode, body: &T) -> ::axum::response::Response {
            match ::serde_json::to_vec(body) {
                ::std::result::Result::Ok(bytes) => ::axum::response::IntoResponse::into_response((
                    status,
                    [(::axum::http::header::CONTENT_TYPE, "application/json")],
                    bytes,
                )),
                ::std::result::Result::Err(e) => Rejection::Internal(::std::format!("the reply could not be written as JSON: {e}")).into_response(""),
            }
        }
    });
    quote! {
        /// Why a request was refused before its handler ran.
        #[doc = ""]
        #[doc = #envelope_doc]
        #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::cmp::PartialEq, ::std::cmp::Eq)]
        #[non_exhaustive]
        pub enum Rejection {
            /// 400 `INVALID_BODY`: the body cannot be read in its media type (not JSON, say), or
            /// is not sent with the media type the operation takes.
            InvalidBody(::std::string::String),
            /// 400 `MISSING_FIELDS`: required properties are absent (their paths).
            MissingFields(::std::vec::Vec<::std::string::String>),
            /// 400 `UNKNOWN_FIELDS`: properties the schema does not allow (their paths).
            UnknownFields(::std::vec::Vec<::std::string::String>),
            /// 400 `INVALID_FIELD`: a value of the wrong type or out of its range.
            InvalidField {
                /// Where, e.g. `options.account_ids[0]`.
                path: ::std::string::String,
                /// What is wrong there.
                message: ::std::string::String,
            },
            /// 400 `MISSING_FIELDS`: required path, query or header parameters are absent
            /// (their names).
            MissingParameters(::std::vec::Vec<::std::string::String>),
            /// 400 `INVALID_FIELD`: a path, query or header parameter whose value cannot be read
            /// as its type.
            InvalidParameter {
                /// The parameter's name, e.g. `limit`.
                name: ::std::string::String,
                /// What is wrong with it.
                message: ::std::string::String,
            },
            /// 413 `PAYLOAD_TOO_LARGE`: the body is over the router's limit.
            PayloadTooLarge,
            /// 401 `UNAUTHORIZED`: the request lacks the credentials the operation requires
            /// (what is missing).
            Unauthorized(::std::string::String),
            /// 404 `NOT_FOUND`: no such path.
            NotFound,
            /// 405 `METHOD_NOT_ALLOWED`: the path exists, not with this method.
            MethodNotAllowed,
            /// 500 `INTERNAL_SERVER_ERROR`: a reply could not be written.
            Internal(::std::string::String),
        }

        impl Rejection {
            /// The HTTP status.
            pub fn status(&self) -> ::axum::http::StatusCode {
                match self {
                    Rejection::PayloadTooLarge => ::axum::http::StatusCode::PAYLOAD_TOO_LARGE,
                    Rejection::Unauthorized(_) => ::axum::http::StatusCode::UNAUTHORIZED,
                    Rejection::NotFound => ::axum::http::StatusCode::NOT_FOUND,
                    Rejection::MethodNotAllowed => ::axum::http::StatusCode::METHOD_NOT_ALLOWED,
                    Rejection::Internal(_) => ::axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                    _ => ::axum::http::StatusCode::BAD_REQUEST,
                }
            }

            /// The error code, e.g. `MISSING_FIELDS`.
            pub fn code(&self) -> &'static str {
                match self {
                    Rejection::InvalidBody(_) => "INVALID_BODY",
                    Rejection::MissingFields(_) => "MISSING_FIELDS",
                    Rejection::UnknownFields(_) => "UNKNOWN_FIELDS",
                    Rejection::InvalidField { .. } => "INVALID_FIELD",
                    Rejection::MissingParameters(_) => "MISSING_FIELDS",
                    Rejection::InvalidParameter { .. } => "INVALID_FIELD",
                    Rejection::PayloadTooLarge => "PAYLOAD_TOO_LARGE",
                    Rejection::Unauthorized(_) => "UNAUTHORIZED",
                    Rejection::NotFound => "NOT_FOUND",
                    Rejection::MethodNotAllowed => "METHOD_NOT_ALLOWED",
                    Rejection::Internal(_) => "INTERNAL_SERVER_ERROR",
                }
            }

            /// A message for the developer who sent the request.
            pub fn message(&self) -> ::std::string::String {
                match self {
                    Rejection::InvalidBody(m) | Rejection::Unauthorized(m) | Rejection::Internal(m) => m.clone(),
                    Rejection::MissingFields(f) => ::std::format!("the following required fields are missing: {}", f.join(", ")),
                    Rejection::UnknownFields(f) => ::std::format!("the following fields are not recognized by this endpoint: {}", f.join(", ")),
                    Rejection::InvalidField { path, message } => ::std::format!("{path}: {message}"),
                    Rejection::MissingParameters(p) => ::std::format!("the following required parameters are missing: {}", p.join(", ")),
                    Rejection::InvalidParameter { name, message } => ::std::format!("parameter {name}: {message}"),
                    Rejection::PayloadTooLarge => ::std::borrow::ToOwned::to_owned("the body is larger than this server accepts"),
                    Rejection::NotFound => ::std::borrow::ToOwned::to_owned("not found"),
                    Rejection::MethodNotAllowed => ::std::borrow::ToOwned::to_owned("method not allowed for this path"),
                }
            }

            /// The error body.
            pub fn body(&self, request_id: &str) -> ::serde_json::Value {
                let mut body: ::serde_json::Value = ::serde_json::from_str(REJECTION_TEMPLATE).unwrap_or_default();
                let overrides: ::serde_json::Value = ::serde_json::from_str(REJECTION_OVERRIDES).unwrap_or_default();
                if let (::std::option::Option::Some(body), ::std::option::Option::Some(extra)) = (body.as_object_mut(), overrides.get(self.code()).and_then(|o| o.as_object())) {
                    for (key, value) in extra {
                        body.insert(key.clone(), value.clone());
                    }
                }
                let status = self.status().as_u16();
                fill_placeholders(&mut body, self.code(), &self.message(), request_id, status);
                body
            }

            /// The response: status, error body and content type; its extensions hold the
            /// [`RefusalReason`].
            pub fn into_response(self, request_id: &str) -> ::axum::response::Response {
                let body = #render;
                let mut response = ::axum::response::IntoResponse::into_response((
                    self.status(),
                    [(::axum::http::header::CONTENT_TYPE, REJECTION_CONTENT_TYPE)],
                    body,
                ));
                response.extensions_mut().insert(RefusalReason(self.message()));
                response
            }
        }

        /// Why the server refused a request (the [`Rejection`]'s message), in the refusal's
        /// response extensions, for logs: the body, in the spec's error schema, may have no
        /// place for it.
        #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::cmp::PartialEq, ::std::cmp::Eq)]
        pub struct RefusalReason(pub ::std::string::String);

        const REJECTION_TEMPLATE: &str = #template;
        const REJECTION_OVERRIDES: &str = #overrides;
        const REJECTION_CONTENT_TYPE: &str = #content_type;

        fn fill_placeholders(value: &mut ::serde_json::Value, code: &str, message: &str, request_id: &str, status: u16) {
            match value {
                ::serde_json::Value::String(s) if s == "{status}" => *value = ::serde_json::Value::from(status),
                ::serde_json::Value::String(s) => {
                    *s = s.replace("{code}", code).replace("{message}", message).replace("{request_id}", request_id).replace("{status}", &status.to_string());
                }
                ::serde_json::Value::Array(items) => items.iter_mut().for_each(|v| fill_placeholders(v, code, message, request_id, status)),
                ::serde_json::Value::Object(map) => map.values_mut().for_each(|v| fill_placeholders(v, code, message, request_id, status)),
                _ => {}
            }
        }

        #json_response
        #field_report
    }
}
