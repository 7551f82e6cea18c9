//! What a client method returns on success: the one body type every success response shares,
//! or, when their bodies differ, an `{Op}Success` enum with a variant per status. The client
//! dispatches on the status first, then reads the body as that status documents it.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::client_support::ClientNeeds;
use super::doc::doc_attrs;
use super::responses::{BodyKind, body_kind, status_codes, success_responses, variant_name};
use super::type_ref::qualified_type_tokens;
use crate::model::{Operation, Response, ResponseStatus};

/// What the client's answer to an operation is.
pub enum Success<'a> {
    /// Every success response has this body.
    One(BodyKind<'a>, Vec<u16>),
    /// The bodies differ: an enum with a variant per success response.
    Several(Vec<&'a Response>),
}

impl<'a> Success<'a> {
    /// One success type when every success response has the same body, else one per response.
    pub fn of(op: &'a Operation) -> Self {
        let responses = success_responses(op);
        let Some(first) = responses.first() else {
            return Success::One(BodyKind::Empty, Vec::new());
        };
        let kind = body_kind(first);
        if responses.iter().all(|r| body_kind(r) == kind) {
            Success::One(kind, status_codes(&responses))
        } else {
            Success::Several(responses)
        }
    }

    /// The support items reading the success needs.
    pub fn note_needs(&self, needs: &mut ClientNeeds) {
        match self {
            Success::One(BodyKind::Json(_), _) => needs.json = true,
            Success::One(BodyKind::Empty, _) => needs.empty = true,
            Success::One(BodyKind::Bytes, _) => needs.bytes = true,
            Success::One(BodyKind::Text, _) => needs.text = true,
            Success::Several(responses) => {
                for r in responses {
                    match body_kind(r) {
                        BodyKind::Json(_) => needs.reply_json = true,
                        BodyKind::Text => needs.reply_text = true,
                        BodyKind::Bytes | BodyKind::Empty => {}
                    }
                }
            }
        }
    }

    /// The type a method returns; `name` is the operation's `{Op}Success`.
    pub fn ok_type(&self, name: &Ident) -> TokenStream {
        match self {
            Success::One(kind, _) => kind_type(*kind),
            Success::Several(_) => quote! { #name },
        }
    }

    /// Sending the request and reading the success body.
    pub fn send(&self, name: &Ident) -> TokenStream {
        match self {
            Success::One(kind, codes) => {
                let helper = match kind {
                    BodyKind::Json(_) => quote! { send_json },
                    BodyKind::Empty => quote! { send_empty },
                    BodyKind::Bytes => quote! { send_bytes },
                    BodyKind::Text => quote! { send_text },
                };
                quote! { self.#helper(request, &[#(#codes),*]).await }
            }
            Success::Several(responses) => {
                let mut exact: Vec<TokenStream> = Vec::new();
                let mut ranges: Vec<TokenStream> = Vec::new();
                for r in responses {
                    let variant = variant_name(r.status);
                    // `Ok(value)` for bodies that cannot fail, `read.map(..)` for decoded ones.
                    let arm = match (r.status, body_kind(r)) {
                        (ResponseStatus::Default, _) => continue,
                        (ResponseStatus::Code(_), BodyKind::Json(_)) => {
                            quote! { reply.json().map(#name::#variant) }
                        }
                        (ResponseStatus::Code(_), BodyKind::Text) => {
                            quote! { reply.text().map(#name::#variant) }
                        }
                        (ResponseStatus::Code(_), BodyKind::Bytes) => {
                            quote! { ::std::result::Result::Ok(#name::#variant(reply.body)) }
                        }
                        (ResponseStatus::Code(_), BodyKind::Empty) => {
                            quote! { ::std::result::Result::Ok(#name::#variant) }
                        }
                        (_, BodyKind::Json(_)) => {
                            quote! { reply.json().map(|body| #name::#variant(status, body)) }
                        }
                        (_, BodyKind::Text) => {
                            quote! { reply.text().map(|body| #name::#variant(status, body)) }
                        }
                        (_, BodyKind::Bytes) => {
                            quote! { ::std::result::Result::Ok(#name::#variant(status, reply.body)) }
                        }
                        (_, BodyKind::Empty) => {
                            quote! { ::std::result::Result::Ok(#name::#variant(status)) }
                        }
                    };
                    match r.status {
                        ResponseStatus::Code(c) => exact.push(quote! { #c => #arm, }),
                        ResponseStatus::Range(class) => {
                            let (low, high) = (class * 100, class * 100 + 99);
                            ranges.push(quote! { status @ #low..=#high => #arm, });
                        }
                        ResponseStatus::Default => {}
                    }
                }
                quote! {
                    let reply = self.send_raw(request).await.map_err(Error::Transport)?;
                    match reply.status {
                        #(#exact)*
                        #(#ranges)*
                        _ => ::std::result::Result::Err(Error::Api(reply.into_api_error())),
                    }
                }
            }
        }
    }

    /// `{Op}Success`, when the success bodies differ.
    pub fn emit_enum(&self, name: &Ident, op: &Operation) -> Option<TokenStream> {
        let Success::Several(responses) = self else {
            return None;
        };
        let doc = format!(
            " What `{} {}` answers on success: one variant per documented success response.",
            op.method, op.path
        );
        let variants = responses.iter().map(|r| success_variant(r));
        Some(quote! {
            #[doc = #doc]
            #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::cmp::PartialEq)]
            #[allow(clippy::large_enum_variant)] // returned once per call
            pub enum #name {
                #(#variants)*
            }
        })
    }
}

fn success_variant(r: &Response) -> TokenStream {
    let name = variant_name(r.status);
    let doc = match r.status {
        ResponseStatus::Code(c) => format!("{c}: {}", r.description),
        _ => format!(
            "Any {}XX status, given with the variant: {}",
            status_class(r.status),
            r.description
        ),
    };
    let doc = doc_attrs(&doc);
    let body = match body_kind(r) {
        BodyKind::Empty => None,
        kind => Some(kind_type(kind)),
    };
    match (r.status, body) {
        (ResponseStatus::Code(_), Some(body)) => quote! { #doc #name(#body), },
        (ResponseStatus::Code(_), None) => quote! { #doc #name, },
        (_, Some(body)) => quote! { #doc #name(u16, #body), },
        (_, None) => quote! { #doc #name(u16), },
    }
}

fn status_class(status: ResponseStatus) -> u16 {
    match status {
        ResponseStatus::Range(r) => r,
        _ => 2,
    }
}

/// The Rust type of a success body.
fn kind_type(kind: BodyKind<'_>) -> TokenStream {
    match kind {
        BodyKind::Json(ty) => qualified_type_tokens(ty),
        BodyKind::Text => quote! { ::std::string::String },
        BodyKind::Bytes => quote! { ::bytes::Bytes },
        BodyKind::Empty => quote! { () },
    }
}
