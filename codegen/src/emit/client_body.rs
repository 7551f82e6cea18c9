//! The request body as the client sends it.
//!
//! One content keeps a plain argument: `body: &T` for JSON and forms, `body: &{Op}Form` for a
//! multipart form, `body: &str` for text, and `body: impl Into<reqwest::Body>` for bytes (a
//! `Vec<u8>`, `bytes::Bytes`, a `String`, or a stream with reqwest's `stream` feature), with a
//! `content_type` argument first when the spec gives a range (`image/*`, `*/*`). Several
//! contents make the argument an `{Op}Body` enum, a variant per content, so the caller picks the
//! media type with the value (one method instead of one per media type, which would multiply
//! with `{op}_with`).

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::client_support::ClientNeeds;
use super::doc::doc_attrs;
use super::request_body::{
    BodyVariant, body_enum_name, body_variants, content_doc, is_enum, names_content_type,
    typed_value,
};
use crate::media_type::{essence, is_range};
use crate::model::{BodyContent, BodyKind, FormStyle, Operation, PartKind, RequestBody};

/// The body of one operation, as its client method takes and sends it.
pub struct ClientBody<'a> {
    op: &'a Operation,
    body: &'a RequestBody,
    /// The name of the content type argument of a range body.
    content_type_arg: Ident,
}

impl<'a> ClientBody<'a> {
    /// The body of `op`, if it has one. `taken` are the method's other argument names.
    pub fn of(op: &'a Operation, taken: &[&str]) -> Option<Self> {
        let body = op.request_body.as_ref()?;
        let content_type_arg = if taken.contains(&"content_type") {
            format_ident!("body_content_type")
        } else {
            format_ident!("content_type")
        };
        Some(ClientBody {
            op,
            body,
            content_type_arg,
        })
    }

    /// How many arguments the body takes.
    pub fn arg_count(&self) -> usize {
        match self.single() {
            Some(c) if names_content_type(c) => 2,
            _ => 1,
        }
    }

    fn single(&self) -> Option<&'a BodyContent> {
        match self.body.contents.as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }

    /// The method's body arguments, each followed by a comma.
    pub fn args(&self) -> TokenStream {
        let Some(content) = self.single() else {
            let name = body_enum_name(self.op);
            return quote! { body: #name, };
        };
        if let Some(ty) = typed_value(content) {
            return quote! { body: &#ty, };
        }
        let ct = &self.content_type_arg;
        match &content.kind {
            BodyKind::Text if names_content_type(content) => quote! { #ct: &str, body: &str, },
            BodyKind::Text => quote! { body: &str, },
            _ if names_content_type(content) => {
                quote! { #ct: &str, body: impl ::std::convert::Into<::reqwest::Body>, }
            }
            _ => quote! { body: impl ::std::convert::Into<::reqwest::Body>, },
        }
    }

    /// The body arguments passed on from the plain method to `{op}_with`.
    pub fn forward(&self) -> TokenStream {
        match self.single() {
            Some(c) if names_content_type(c) => {
                let ct = &self.content_type_arg;
                quote! { #ct, body, }
            }
            _ => quote! { body, },
        }
    }

    /// Method calls that add the body to the request builder, when they can be chained on it
    /// (one content that is not a multipart form).
    pub fn chain(&self) -> Option<TokenStream> {
        let content = self.single()?;
        let ct = &self.content_type_arg;
        content_calls(content, &quote! { body }, &quote! { #ct }, true)
    }

    /// Statements that add the body to `request` (a `reqwest::RequestBuilder`), leaving it in
    /// `request`, when [`ClientBody::chain`] cannot. A multipart form whose content type does
    /// not parse fails the call with `Error::Transport`.
    pub fn attach(&self) -> Option<TokenStream> {
        if self.single().is_some() {
            if self.chain().is_some() {
                return None;
            }
            let attach = multipart_attach(&quote! { body });
            return Some(quote! { let request = #attach; });
        }
        let name = body_enum_name(self.op);
        let arms = body_variants(self.body).into_iter().map(|v| {
            let variant = &v.name;
            let attach =
                match content_calls(v.content, &quote! { body }, &quote! { content_type }, false) {
                    Some(calls) => quote! { request #calls },
                    None => multipart_attach(&quote! { &body }),
                };
            if names_content_type(v.content) {
                quote! { #name::#variant { content_type, body } => #attach, }
            } else {
                quote! { #name::#variant(body) => #attach, }
            }
        });
        Some(quote! {
            let request = match body {
                #(#arms)*
            };
        })
    }

    /// What the body needs of the client's support items.
    pub fn note_needs(&self, needs: &mut ClientNeeds) {
        for content in &self.body.contents {
            match &content.kind {
                BodyKind::Form(_) => {
                    needs.form = true;
                    needs.encode_path = true;
                }
                BodyKind::Multipart(m) => {
                    needs.multipart = true;
                    needs.multipart_files |= m
                        .parts
                        .iter()
                        .any(|p| matches!(p.kind, PartKind::File | PartKind::Files));
                }
                _ => {}
            }
        }
    }

    /// `{Op}Body` when there are several contents, and the multipart forms' `IntoMultipart`.
    pub fn items(&self) -> TokenStream {
        let forms = self.body.contents.iter().filter_map(|c| match &c.kind {
            BodyKind::Multipart(m) => Some(into_multipart(m)),
            _ => None,
        });
        let body_enum = is_enum(self.body).then(|| self.body_enum());
        quote! { #body_enum #(#forms)* }
    }

    fn body_enum(&self) -> TokenStream {
        let name = body_enum_name(self.op);
        let doc = format!(
            " The body of `{} {}`, in one of the media types it takes.",
            self.op.method, self.op.path
        );
        let variants = body_variants(self.body).into_iter().map(client_variant);
        quote! {
            #[doc = #doc]
            #[derive(::std::fmt::Debug)]
            #[allow(clippy::large_enum_variant)] // built once per call and moved into the request
            pub enum #name {
                #(#variants)*
            }
        }
    }
}

fn client_variant(v: BodyVariant<'_>) -> TokenStream {
    let doc = doc_attrs(&content_doc(v.content));
    let name = &v.name;
    if let Some(ty) = typed_value(v.content) {
        return quote! { #doc #name(#ty), };
    }
    match &v.content.kind {
        BodyKind::Text if names_content_type(v.content) => quote! {
            #doc
            #name {
                /// The body's media type, e.g. `text/csv`.
                content_type: ::std::string::String,
                /// The text.
                body: ::std::string::String,
            },
        },
        BodyKind::Text => quote! { #doc #name(::std::string::String), },
        _ if names_content_type(v.content) => quote! {
            #doc
            #name {
                /// The body's media type, e.g. `image/png`.
                content_type: ::std::string::String,
                /// The bytes, or a stream of them.
                body: ::reqwest::Body,
            },
        },
        _ => quote! { #doc #name(::reqwest::Body), },
    }
}

/// The media type a content is sent as: its own, or the first concrete one of the same kind
/// (a JSON range is sent as `application/json`).
fn sent_media_type(content: &BodyContent) -> String {
    let plain_json = std::iter::once(&content.media_type)
        .chain(&content.also)
        .any(|m| essence(m) == "application/json");
    if matches!(content.kind, BodyKind::Json(_)) && plain_json {
        return "application/json".to_owned();
    }
    std::iter::once(&content.media_type)
        .chain(&content.also)
        .find(|m| !is_range(m))
        .cloned()
        .unwrap_or_else(|| "application/json".to_owned())
}

/// The method calls that add one content's `value` to a request builder; `None` for a
/// multipart form, which may fail first. `borrowed`: the value is a reference (a plain
/// argument) rather than owned (an enum variant's).
fn content_calls(
    content: &BodyContent,
    value: &TokenStream,
    content_type: &TokenStream,
    borrowed: bool,
) -> Option<TokenStream> {
    let reference = if borrowed {
        quote! {}
    } else {
        quote! { & }
    };
    let media = sent_media_type(content);
    let into_body = || {
        if borrowed {
            quote! { ::std::convert::Into::<::reqwest::Body>::into(#value) }
        } else {
            quote! { #value }
        }
    };
    Some(match &content.kind {
        BodyKind::Json(_) if media == "application/json" => {
            quote! { .json(#reference #value) }
        }
        BodyKind::Json(_) => {
            quote! { .header(::reqwest::header::CONTENT_TYPE, #media).json(#reference #value) }
        }
        BodyKind::Form(f) => {
            let styles = form_styles(&f.properties);
            quote! {
                .header(::reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(form_body(#reference #value, #styles))
            }
        }
        BodyKind::Multipart(_) => return None,
        BodyKind::Text => {
            let owned = if borrowed {
                quote! { ::std::borrow::ToOwned::to_owned(#value) }
            } else {
                quote! { #value }
            };
            if names_content_type(content) {
                quote! { .header(::reqwest::header::CONTENT_TYPE, #content_type).body(#owned) }
            } else {
                quote! { .header(::reqwest::header::CONTENT_TYPE, #media).body(#owned) }
            }
        }
        BodyKind::Bytes if names_content_type(content) => {
            let into = into_body();
            quote! { .header(::reqwest::header::CONTENT_TYPE, #content_type).body(#into) }
        }
        BodyKind::Bytes => {
            let into = into_body();
            quote! { .header(::reqwest::header::CONTENT_TYPE, #media).body(#into) }
        }
    })
}

/// The expression that adds the multipart form `form` (a reference) to `request`, or returns
/// the call's error.
fn multipart_attach(form: &TokenStream) -> TokenStream {
    quote! {
        match IntoMultipart::multipart(#form) {
            ::std::result::Result::Ok(form) => request.multipart(form),
            ::std::result::Result::Err(e) => return ::std::result::Result::Err(Error::Transport(e)),
        }
    }
}

/// The `styles` argument of `form_body`: the properties `encoding` names, with their style.
pub fn form_styles(properties: &[(String, FormStyle)]) -> TokenStream {
    let entries = properties.iter().map(|(name, style)| {
        let style = format_ident!("{}", style_name(*style));
        quote! { (#name, FormStyle::#style) }
    });
    quote! { &[#(#entries),*] }
}

/// The variant of the generated `FormStyle` for a model style.
pub fn style_name(style: FormStyle) -> &'static str {
    match style {
        FormStyle::Default => "Default",
        FormStyle::FormExploded => "FormExploded",
        FormStyle::SpaceDelimited => "SpaceDelimited",
        FormStyle::PipeDelimited => "PipeDelimited",
        FormStyle::DeepObject => "DeepObject",
        FormStyle::Json => "Json",
    }
}

/// `IntoMultipart` for a multipart form struct: a part per field, in field order.
fn into_multipart(m: &crate::model::Multipart) -> TokenStream {
    let form = format_ident!("{}", m.form_type);
    let parts = m.parts.iter().map(|p| {
        let wire = &p.wire_name;
        let field = format_ident!("{}", p.rust_name);
        let content_type = match &p.content_type {
            Some(ct) => quote! { ::std::option::Option::Some(#ct) },
            None => quote! { ::std::option::Option::None },
        };
        match (&p.kind, p.required) {
            (PartKind::File, true) => {
                quote! { form = form.file(#wire, &self.#field, #content_type)?; }
            }
            (PartKind::File, false) => quote! {
                if let ::std::option::Option::Some(file) = &self.#field {
                    form = form.file(#wire, file, #content_type)?;
                }
            },
            (PartKind::Files, _) => quote! {
                for file in &self.#field {
                    form = form.file(#wire, file, #content_type)?;
                }
            },
            (PartKind::Value(_), _) => {
                quote! { form = form.value(#wire, &self.#field, #content_type)?; }
            }
        }
    });
    quote! {
        impl IntoMultipart for crate::types::#form {
            fn multipart(&self) -> ::std::result::Result<::reqwest::multipart::Form, ::reqwest::Error> {
                let mut form = MultipartForm::default();
                #(#parts)*
                ::std::result::Result::Ok(form.finish())
            }
        }
    }
}
