//! The `types` items of multipart request bodies: `FilePart`, and one form struct per
//! multipart body, which the client sends and the server reads into.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::doc::doc_attrs;
use super::type_ref::type_tokens;
use crate::model::{Api, BodyKind, Multipart, Operation, PartKind};

/// The multipart bodies of every operation, with their operation.
pub fn multipart_bodies(api: &Api) -> impl Iterator<Item = (&Operation, &Multipart)> {
    api.all_operations().flat_map(|op| {
        op.request_body
            .iter()
            .flat_map(|b| &b.contents)
            .filter_map(move |c| match &c.kind {
                BodyKind::Multipart(m) => Some((op, m)),
                _ => None,
            })
    })
}

/// Whether some multipart body has a file part (the types then hold `bytes::Bytes`).
pub fn uses_files(api: &Api) -> bool {
    multipart_bodies(api).any(|(_, m)| {
        m.parts
            .iter()
            .any(|p| matches!(p.kind, PartKind::File | PartKind::Files))
    })
}

/// `FilePart` (when a form has files) and the form structs.
pub fn emit_body_types(api: &Api) -> TokenStream {
    let file_part = uses_files(api).then(file_part);
    let forms = multipart_bodies(api).map(|(op, m)| form_struct(op, m));
    quote! {
        #(#forms)*
        #file_part
    }
}

fn form_struct(op: &Operation, m: &Multipart) -> TokenStream {
    let name = format_ident!("{}", m.form_type);
    let doc = format!(
        " The parts of the `multipart/form-data` body of `{} {}`: a field per part.",
        op.method, op.path
    );
    let fields = m.parts.iter().map(|p| {
        let field = format_ident!("{}", p.rust_name);
        let ty = match (&p.kind, p.required) {
            (PartKind::File, true) => quote! { FilePart },
            (PartKind::File, false) => quote! { ::std::option::Option<FilePart> },
            (PartKind::Files, _) => quote! { ::std::vec::Vec<FilePart> },
            (PartKind::Value(ty), true) => type_tokens(ty),
            (PartKind::Value(ty), false) => {
                let ty = type_tokens(ty);
                quote! { ::std::option::Option<#ty> }
            }
        };
        let mut text = p.doc.clone().unwrap_or_default();
        let mut notes = Vec::new();
        match &p.kind {
            PartKind::File => notes.push(format!("The file part `{}`.", p.wire_name)),
            PartKind::Files => notes.push(format!(
                "The file parts named `{}`, one per file; none when empty.",
                p.wire_name
            )),
            PartKind::Value(_) => notes.push(format!("The part `{}`.", p.wire_name)),
        }
        if !p.required && !matches!(p.kind, PartKind::Files) {
            notes.push("`None` is not sent.".to_owned());
        }
        if let Some(ct) = &p.content_type {
            notes.push(format!(
                "Sent as `{ct}` unless the file names its own type."
            ));
        }
        if !p.headers.is_empty() {
            let names: Vec<String> = p.headers.iter().map(|h| format!("`{h}`")).collect();
            notes.push(format!(
                "The part may carry the headers {}.",
                names.join(", ")
            ));
        }
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&notes.join(" "));
        let doc = doc_attrs(&text);
        quote! {
            #doc
            pub #field: #ty,
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::cmp::PartialEq)]
        pub struct #name {
            #(#fields)*
        }
    }
}

fn file_part() -> TokenStream {
    quote! {
        /// A file in a multipart body: its bytes, and the file name and content type it is sent
        /// (or was received) with.
        #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::cmp::PartialEq, ::std::cmp::Eq)]
        pub struct FilePart {
            /// The file's content.
            pub bytes: ::bytes::Bytes,
            /// The file name (`Content-Disposition: form-data; filename=…`), if any.
            pub file_name: ::std::option::Option<::std::string::String>,
            /// The part's `Content-Type`, if any; the client sends the form's `encoding` type,
            /// or `application/octet-stream`, when this is `None`.
            pub content_type: ::std::option::Option<::std::string::String>,
            /// Other headers of the part (the spec's `encoding` headers), as sent or received.
            pub headers: ::std::vec::Vec<(::std::string::String, ::std::string::String)>,
        }

        impl FilePart {
            /// A file of these bytes, without a name or content type.
            pub fn new(bytes: impl ::std::convert::Into<::bytes::Bytes>) -> Self {
                FilePart {
                    bytes: bytes.into(),
                    file_name: ::std::option::Option::None,
                    content_type: ::std::option::Option::None,
                    headers: ::std::vec::Vec::new(),
                }
            }

            /// The file with a file name.
            pub fn with_file_name(mut self, name: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.file_name = ::std::option::Option::Some(name.into());
                self
            }

            /// The file with a content type, e.g. `image/png`.
            pub fn with_content_type(mut self, content_type: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.content_type = ::std::option::Option::Some(content_type.into());
                self
            }

            /// The file with one more part header.
            pub fn with_header(mut self, name: impl ::std::convert::Into<::std::string::String>, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.headers.push((name.into(), value.into()));
                self
            }
        }
    }
}
