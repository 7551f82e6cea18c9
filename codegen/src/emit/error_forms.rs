//! Refusals answered in the operation's own documented error responses: the per-operation
//! table of those responses (`{OP}_ERRORS`), the types it is written in, and
//! `Rejection::into_documented_response`, the one function that chooses among them and writes
//! the body. With `x-codegen-rejections`, refusals keep the spec's template instead.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::responses::served;
use crate::model::{Api, ErrorFillValue, ErrorFormBody, Operation, ResponseStatus};
use crate::pointer;

/// Whether `op`'s refusals are written in its documented error responses: it documents some,
/// and the spec declares no `x-codegen-rejections` template.
fn documented(api: &Api, op: &Operation) -> bool {
    api.rejections.is_none() && !op.error_forms.is_empty()
}

/// The name of `op`'s table of documented error responses.
pub(crate) fn error_table_name(op: &Operation) -> Ident {
    format_ident!("{}_ERRORS", op.rust_name.to_ascii_uppercase())
}

/// The expression answering the refusal `rejection` (a `Rejection` value) of `op` with
/// `request_id` (a `&str`): in the operation's documented error response when there is one,
/// else as the server's global rejection. `within` is the path of the server module holding
/// the table, with its trailing `::` (empty in that module itself).
pub(crate) fn refusal(
    api: &Api,
    op: &Operation,
    within: &TokenStream,
    rejection: TokenStream,
    request_id: TokenStream,
) -> TokenStream {
    if documented(api, op) {
        let table = error_table_name(op);
        quote! { #rejection.into_documented_response(#within #table, #request_id) }
    } else {
        quote! { #rejection.into_response(#request_id) }
    }
}

/// `op`'s table of documented error responses, when its refusals use one.
pub(super) fn emit_error_table(api: &Api, op: &Operation) -> TokenStream {
    if !documented(api, op) {
        return quote! {};
    }
    let name = error_table_name(op);
    let doc = format!(
        " How a request to `{} {}` refused before its handler is answered: its documented error responses.",
        op.method, op.path
    );
    let forms = op.error_forms.iter().map(|form| {
        let status = match form.status {
            ResponseStatus::Code(code) => {
                let code = proc_macro2::Literal::u16_unsuffixed(code);
                quote! { DocumentedStatus::Code(#code) }
            }
            ResponseStatus::Range(_) => quote! { DocumentedStatus::ClientErrors },
            ResponseStatus::Default => quote! { DocumentedStatus::Default },
        };
        let body = match &form.body {
            ErrorFormBody::Empty => quote! { DocumentedBody::Empty },
            ErrorFormBody::Text { media_type } => {
                quote! { DocumentedBody::Text { content_type: #media_type } }
            }
            ErrorFormBody::Json {
                media_type,
                sample,
                fills,
            } => {
                let sample = sample.to_string();
                let fills = fills.iter().map(|fill| {
                    let mut tokens = pointer::tokens(&fill.pointer);
                    let key = tokens.pop().unwrap_or_default();
                    let parent = pointer::join("", &tokens);
                    let value = match fill.value {
                        ErrorFillValue::Message => quote! { DocumentedFill::Message },
                        ErrorFillValue::RequestId => quote! { DocumentedFill::RequestId },
                        ErrorFillValue::Status => quote! { DocumentedFill::Status },
                    };
                    quote! { (#parent, #key, #value) }
                });
                quote! {
                    DocumentedBody::Json { content_type: #media_type, sample: #sample, fills: &[#(#fills),*] }
                }
            }
        };
        quote! { DocumentedError { status: #status, body: #body } }
    });
    quote! {
        #[doc = #doc]
        pub static #name: &[DocumentedError] = &[#(#forms),*];
    }
}

/// The types of the tables and `Rejection::into_documented_response`, when some operation
/// has a table.
pub(super) fn emit_documented_errors(api: &Api) -> TokenStream {
    if !served(&api.operations).any(|op| documented(api, op)) {
        return quote! {};
    }
    quote! {
        /// One documented error response of an operation, as a refusal is written in it.
        #[derive(::std::clone::Clone, ::std::marker::Copy, ::std::fmt::Debug, ::std::cmp::PartialEq, ::std::cmp::Eq)]
        pub struct DocumentedError {
            /// The statuses the spec documents it for.
            pub status: DocumentedStatus,
            /// How its body is written.
            pub body: DocumentedBody,
        }

        /// The statuses a [`DocumentedError`] is documented for.
        #[derive(::std::clone::Clone, ::std::marker::Copy, ::std::fmt::Debug, ::std::cmp::PartialEq, ::std::cmp::Eq)]
        pub enum DocumentedStatus {
            /// One status, e.g. `400`.
            Code(u16),
            /// `4XX`.
            ClientErrors,
            /// `default`.
            Default,
        }

        /// The body of a [`DocumentedError`].
        #[derive(::std::clone::Clone, ::std::marker::Copy, ::std::fmt::Debug, ::std::cmp::PartialEq, ::std::cmp::Eq)]
        pub enum DocumentedBody {
            /// No body.
            Empty,
            /// The refusal's message as text.
            Text {
                /// The `Content-Type`.
                content_type: &'static str,
            },
            /// A JSON value conforming to the documented schema, with the refusal written in.
            Json {
                /// The `Content-Type`.
                content_type: &'static str,
                /// The value, as JSON text.
                sample: &'static str,
                /// What is written into it: the pointer of an object in it, the key set there,
                /// and the value.
                fills: &'static [(&'static str, &'static str, DocumentedFill)],
            },
        }

        /// A value a refusal writes into a [`DocumentedBody::Json`].
        #[derive(::std::clone::Clone, ::std::marker::Copy, ::std::fmt::Debug, ::std::cmp::PartialEq, ::std::cmp::Eq)]
        pub enum DocumentedFill {
            /// [`Rejection::message`].
            Message,
            /// The request id.
            RequestId,
            /// The response's status, as an integer.
            Status,
        }

        impl Rejection {
            /// The response in the operation's documented error response for this refusal
            /// (`documented` is its table): an invalid request takes the first documented of
            /// `400`, `4XX`, `422`, `default` (sent as 400); a missing credential `401`, else
            /// `403`, else `4XX`, else `default` (always sent as 401, which a missing credential
            /// is, RFC 9110 §15.5.2); another client error (413) its own code, else
            /// `4XX`, else `default`. Without one (and for 404, 405 and 500), it is
            /// [`Rejection::into_response`]. Its extensions hold the [`RefusalReason`].
            pub fn into_documented_response(self, documented: &[DocumentedError], request_id: &str) -> ::axum::response::Response {
                let reason = RefusalReason(self.message());
                let mut response = self.documented_response(documented, request_id);
                response.extensions_mut().insert(reason);
                response
            }

            /// [`Rejection::into_documented_response`] without the reason.
            fn documented_response(self, documented: &[DocumentedError], request_id: &str) -> ::axum::response::Response {
                let status = self.status();
                let code = status.as_u16();
                let wanted: [::std::option::Option<DocumentedStatus>; 4] = match code {
                    400 => [::std::option::Option::Some(DocumentedStatus::Code(400)), ::std::option::Option::Some(DocumentedStatus::ClientErrors), ::std::option::Option::Some(DocumentedStatus::Code(422)), ::std::option::Option::Some(DocumentedStatus::Default)],
                    401 => [::std::option::Option::Some(DocumentedStatus::Code(401)), ::std::option::Option::Some(DocumentedStatus::Code(403)), ::std::option::Option::Some(DocumentedStatus::ClientErrors), ::std::option::Option::Some(DocumentedStatus::Default)],
                    404 | 405 => [::std::option::Option::None; 4],
                    402..=499 => [::std::option::Option::Some(DocumentedStatus::Code(code)), ::std::option::Option::Some(DocumentedStatus::ClientErrors), ::std::option::Option::Some(DocumentedStatus::Default), ::std::option::Option::None],
                    _ => [::std::option::Option::None; 4],
                };
                let chosen = wanted.iter().flatten().find_map(|key| documented.iter().find(|d| d.status == *key));
                let ::std::option::Option::Some(chosen) = chosen else {
                    return self.into_response(request_id);
                };
                let status = match chosen.status {
                    DocumentedStatus::Code(chosen) if code != 401 => ::axum::http::StatusCode::from_u16(chosen).unwrap_or(status),
                    _ => status,
                };
                match chosen.body {
                    DocumentedBody::Empty => ::axum::response::IntoResponse::into_response(status),
                    DocumentedBody::Text { content_type } => ::axum::response::IntoResponse::into_response((
                        status,
                        [(::axum::http::header::CONTENT_TYPE, content_type)],
                        self.message(),
                    )),
                    DocumentedBody::Json { content_type, sample, fills } => {
                        let mut body: ::serde_json::Value = ::serde_json::from_str(sample).unwrap_or_default();
                        for (parent, key, fill) in fills {
                            let value = match fill {
                                DocumentedFill::Message => ::serde_json::Value::from(self.message()),
                                DocumentedFill::RequestId => ::serde_json::Value::from(request_id),
                                DocumentedFill::Status => ::serde_json::Value::from(status.as_u16()),
                            };
                            if let ::std::option::Option::Some(::serde_json::Value::Object(object)) = body.pointer_mut(parent) {
                                object.insert(::std::borrow::ToOwned::to_owned(*key), value);
                            }
                        }
                        ::axum::response::IntoResponse::into_response((
                            status,
                            [(::axum::http::header::CONTENT_TYPE, content_type)],
                            body.to_string(),
                        ))
                    }
                }
            }
        }
    }
}
