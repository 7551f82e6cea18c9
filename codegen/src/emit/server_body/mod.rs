//! Reading a request body on the server, before the handler: by `Content-Type`, each media
//! type its own way (JSON; a form or multipart form turned into a JSON value part by part;
//! text; bytes), then JSON-like bodies checked and decoded as one, so all report missing,
//! unknown and invalid properties by path.
//!
//! One JSON body keeps the plain reader (`read_json_body`); any other body gets a reader of
//! its own, `{op}_request_body`, which picks the content by `Content-Type` and refuses any
//! other with `INVALID_BODY`.

mod form;
mod multipart;
mod readers;

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::doc::doc_attrs;
use super::field_checks::BodyChecks;
use super::request_body::{
    BodyVariant, body_enum_name, body_variants, content_doc, is_enum, is_plain_json, typed_value,
};
use crate::emit::error_forms::refusal;
use crate::media_type::essence;
use crate::model::{Api, BodyContent, BodyKind, Operation, RequestBody, TypeRef};

pub use form::FormShapes;
pub use readers::emit_body_readers;

/// The body of one operation, as its handler reads it and its trait method takes it.
pub struct ServerBody<'a> {
    api: &'a Api,
    op: &'a Operation,
    body: &'a RequestBody,
}

impl<'a> ServerBody<'a> {
    /// The body of `op`, if it has one.
    pub fn of(api: &'a Api, op: &'a Operation) -> Option<Self> {
        Some(ServerBody {
            api,
            op,
            body: op.request_body.as_ref()?,
        })
    }

    /// Whether the body type is defined in the server's module (an enum of several media
    /// types) rather than in `types` or the standard library.
    pub fn arg_type_is_local(&self) -> bool {
        is_enum(self.body)
    }

    /// The trait method's body type.
    pub fn arg_type(&self) -> TokenStream {
        if is_enum(self.body) {
            let name = body_enum_name(self.op);
            return quote! { #name };
        }
        let content = self.body.contents.first();
        content
            .and_then(typed_value)
            .unwrap_or_else(|| match content.map(|c| &c.kind) {
                Some(BodyKind::Text) => quote! { ::std::string::String },
                _ => quote! { ::axum::body::Bytes },
            })
    }

    fn has_multipart(&self) -> bool {
        self.body.has_multipart()
    }

    /// Whether the request may leave the body out (`requestBody.required` is not `true`): the
    /// trait method then takes `Option<T>`, `None` for a request without a body.
    pub fn is_optional(&self) -> bool {
        !self.body.required
    }

    /// Whether the body is one JSON body that may be `null`, which the method already takes
    /// as `Option<T>`; an optional one is `None` when absent too, rather than
    /// `Option<Option<T>>`.
    pub fn is_nullable_json(&self) -> bool {
        self.is_plain_json()
            && matches!(
                &self.body.contents[0].kind,
                BodyKind::Json(TypeRef::Nullable(_))
            )
    }

    /// Whether the method's body type is `Option` of the body's own type: an optional body
    /// that cannot be `null`.
    pub fn wraps_in_option(&self) -> bool {
        self.is_optional() && !self.is_nullable_json()
    }

    fn is_plain_json(&self) -> bool {
        is_plain_json(self.body)
    }

    /// The handler's argument that takes the body: the request itself when a multipart form
    /// may come (axum reads it part by part), else the bytes.
    pub fn handler_param(&self) -> TokenStream {
        if self.has_multipart() {
            quote! { request: ::axum::extract::Request, }
        } else {
            quote! { body: ::std::result::Result<::axum::body::Bytes, ::axum::extract::rejection::BytesRejection>, }
        }
    }

    /// The handler's statements that read the body into `body`, or answer the rejection.
    pub fn handler_read(&self, checks: &BodyChecks) -> TokenStream {
        let ty = self.arg_type();
        let read = if self.is_plain_json() {
            let BodyKind::Json(t) = &self.body.contents[0].kind else {
                return quote! {};
            };
            let check = check_fn(checks, t);
            quote! { read_json_body(&headers, body, #check) }
        } else {
            let reader = self.reader_name();
            if self.has_multipart() {
                quote! { #reader(&headers, request).await }
            } else {
                quote! { #reader(&headers, body) }
            }
        };
        let refuse = refusal(
            self.api,
            self.op,
            &quote! {},
            quote! { rejection },
            quote! { &request_id(&headers) },
        );
        let read = quote! {
            match #read {
                ::std::result::Result::Ok(body) => body,
                ::std::result::Result::Err(rejection) => return #refuse,
            }
        };
        if !self.is_optional() {
            return quote! { let body: #ty = #read; };
        }
        let read = if self.is_nullable_json() {
            read
        } else {
            quote! { ::std::option::Option::Some(#read) }
        };
        let ty = if self.is_nullable_json() {
            ty
        } else {
            quote! { ::std::option::Option<#ty> }
        };
        let absent = if self.has_multipart() {
            quote! { body_announced_absent(&headers) }
        } else {
            quote! { body_absent(&headers, &body) }
        };
        quote! {
            let body: #ty = if #absent {
                ::std::option::Option::None
            } else {
                #read
            };
        }
    }

    fn reader_name(&self) -> Ident {
        format_ident!("{}_request_body", self.op.rust_name)
    }

    /// `{op}_request_body`, unless the body is one plain JSON body.
    pub fn reader(&self, checks: &BodyChecks, shapes: &mut FormShapes) -> TokenStream {
        if self.is_plain_json() {
            return quote! {};
        }
        let name = self.reader_name();
        let ty = self.arg_type();
        let several = is_enum(self.body);
        let variants = body_variants(self.body);
        let mut branches = Vec::new();
        let mut multipart_branch = None;
        for v in &variants {
            let wrap = |value: TokenStream| {
                if several {
                    let enum_name = body_enum_name(self.op);
                    let variant = &v.name;
                    quote! { #value.map(#enum_name::#variant) }
                } else {
                    value
                }
            };
            let accepts = accepted_types(v.content);
            let read = match &v.content.kind {
                BodyKind::Json(t) => {
                    let check = check_fn(checks, t);
                    wrap(quote! { json_from_bytes(&bytes, #check) })
                }
                BodyKind::Form(f) => {
                    let check = check_fn(checks, &f.ty);
                    let root = shapes.shape(self.api, &f.ty);
                    let styles = super::client_body::form_styles(&f.properties);
                    wrap(quote! { form_from_bytes(&bytes, #check, #root, #styles) })
                }
                BodyKind::Multipart(m) => {
                    for part in &m.parts {
                        if let crate::model::PartKind::Value(t) = &part.kind {
                            shapes.shape(self.api, t);
                        }
                    }
                    let check = check_fn(checks, &m.ty);
                    let form = format_ident!("{}", m.form_type);
                    let read = wrap(quote! {
                        read_multipart::<crate::types::#form>(request, #check).await
                    });
                    multipart_branch = Some(quote! {
                        if accepts_media_type(&essence, &[#(#accepts),*]) {
                            return #read;
                        }
                    });
                    continue;
                }
                BodyKind::Text => wrap(quote! { text_from_bytes(&bytes) }),
                BodyKind::Bytes if several => {
                    let enum_name = body_enum_name(self.op);
                    let variant = &v.name;
                    quote! { ::std::result::Result::Ok(#enum_name::#variant(bytes)) }
                }
                BodyKind::Bytes => quote! { ::std::result::Result::Ok(bytes) },
            };
            branches.push(quote! {
                if accepts_media_type(&essence, &[#(#accepts),*]) {
                    return #read;
                }
            });
        }
        let expected = expected_text(&variants);
        let doc = format!(
            " The body of `{} {}`, read as its `Content-Type` says.",
            self.op.method, self.op.path
        );
        let refuse = quote! {
            ::std::result::Result::Err(wrong_media_type(headers, #expected))
        };
        if self.has_multipart() {
            let bytes = (!branches.is_empty()).then(|| quote! {
                let bytes = body_bytes(<::axum::body::Bytes as ::axum::extract::FromRequest<()>>::from_request(request, &()).await)?;
            });
            quote! {
                #[doc = #doc]
                async fn #name(headers: &::axum::http::HeaderMap, request: ::axum::extract::Request) -> ::std::result::Result<#ty, Rejection> {
                    let essence = content_type_essence(headers);
                    #multipart_branch
                    #bytes
                    #(#branches)*
                    #refuse
                }
            }
        } else {
            quote! {
                #[doc = #doc]
                fn #name(headers: &::axum::http::HeaderMap, body: ::std::result::Result<::axum::body::Bytes, ::axum::extract::rejection::BytesRejection>) -> ::std::result::Result<#ty, Rejection> {
                    let bytes = body_bytes(body)?;
                    // No `Content-Type` and no bytes is no body, even where any media type is.
                    if bytes.is_empty() && !headers.contains_key(::axum::http::header::CONTENT_TYPE) {
                        return #refuse;
                    }
                    let essence = content_type_essence(headers);
                    #(#branches)*
                    #refuse
                }
            }
        }
    }

    /// The server's `{Op}Body` when there are several contents, and the multipart forms'
    /// `MultipartBody` impls.
    pub fn items(&self, shapes: &mut FormShapes) -> TokenStream {
        let forms: Vec<TokenStream> = self
            .body
            .contents
            .iter()
            .filter_map(|c| match &c.kind {
                BodyKind::Multipart(m) => Some(multipart::multipart_body_impl(self.api, m, shapes)),
                _ => None,
            })
            .collect();
        let body_enum = is_enum(self.body).then(|| {
            let name = body_enum_name(self.op);
            let doc = format!(
                " The body of `{} {}`, in the media type it came in.",
                self.op.method, self.op.path
            );
            let variants = body_variants(self.body).into_iter().map(server_variant);
            quote! {
                #[doc = #doc]
                #[derive(::std::fmt::Debug)]
                #[allow(clippy::large_enum_variant)] // read once per request and moved to the handler
                pub enum #name {
                    #(#variants)*
                }
            }
        });
        quote! { #body_enum #(#forms)* }
    }
}

fn server_variant(v: BodyVariant<'_>) -> TokenStream {
    let mut doc = content_doc(v.content);
    if crate::media_type::is_range(&v.content.media_type) {
        doc.push_str(
            " Its media type is in the request's `Content-Type` (`RequestContext::headers`).",
        );
    }
    let doc = doc_attrs(&doc);
    let name = &v.name;
    let ty = typed_value(v.content).unwrap_or_else(|| match v.content.kind {
        BodyKind::Text => quote! { ::std::string::String },
        _ => quote! { ::axum::body::Bytes },
    });
    quote! { #doc #name(#ty), }
}

/// The media types (or ranges) a content is accepted as; a JSON body also as any JSON type.
fn accepted_types(content: &BodyContent) -> Vec<String> {
    let mut types: Vec<String> = std::iter::once(&content.media_type)
        .chain(&content.also)
        .map(|m| essence(m))
        .collect();
    if matches!(content.kind, BodyKind::Json(_)) {
        types.extend(
            ["application/json", "application/*+json", "text/json"]
                .iter()
                .map(|m| (*m).to_owned()),
        );
    }
    let mut seen = BTreeSet::new();
    types.retain(|m| seen.insert(m.clone()));
    types
}

/// The media types a refusal names, e.g. `application/json or multipart/form-data`.
fn expected_text(variants: &[BodyVariant<'_>]) -> String {
    let types: Vec<&str> = variants
        .iter()
        .map(|v| v.content.media_type.as_str())
        .collect();
    match types.as_slice() {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// The check function for a body of type `ty` (the field checks have one for each type a
/// served body's content reaches); `no_field_checks` when there is nothing to check, which
/// leaves serde to refuse a value of the wrong shape.
fn check_fn(checks: &BodyChecks, ty: &TypeRef) -> TokenStream {
    checks
        .body_check_fn(ty)
        .unwrap_or_else(|| quote! { no_field_checks })
}
