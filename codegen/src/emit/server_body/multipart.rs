//! The server's multipart reader: parts read with axum's `Multipart` (which keeps the router's
//! body limit), file parts kept as `FilePart`s, the other parts made a JSON value with the
//! form shapes, checked and decoded as the body's schema type, then assembled into the form
//! struct (`MultipartBody`, one impl per form).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::FormShapes;
use crate::model::{Api, Multipart, PartKind};

/// `MultipartBody` for one form struct: how each part is read, and the struct assembled from
/// the decoded fields and the files.
pub fn multipart_body_impl(api: &Api, m: &Multipart, shapes: &mut FormShapes) -> TokenStream {
    let form = format_ident!("{}", m.form_type);
    let fields_type = super::super::type_ref::qualified_type_tokens(&m.ty);
    let reads = m.parts.iter().map(|p| {
        let wire = &p.wire_name;
        let read = match &p.kind {
            PartKind::File => quote! { PartRead::File },
            PartKind::Files => quote! { PartRead::Files },
            PartKind::Value(ty) => {
                let shape = shapes.shape(api, ty);
                quote! { PartRead::Value(#shape) }
            }
        };
        quote! { (#wire, #read) }
    });
    let fields = m.parts.iter().map(|p| {
        let field = format_ident!("{}", p.rust_name);
        let wire = &p.wire_name;
        match (&p.kind, p.required) {
            // The checks made sure a required file came (its placeholder is required).
            (PartKind::File, true) => quote! {
                #field: take_file(files, #wire).unwrap_or_else(|| crate::types::FilePart::new(::axum::body::Bytes::new())),
            },
            (PartKind::File, false) => quote! { #field: take_file(files, #wire), },
            (PartKind::Files, _) => quote! { #field: take_files(files, #wire), },
            (PartKind::Value(_), _) => quote! { #field: fields.#field, },
        }
    });
    let uses_fields = m.parts.iter().any(|p| matches!(p.kind, PartKind::Value(_)));
    let fields_binding = if uses_fields {
        quote! { fields }
    } else {
        quote! { _fields }
    };
    let uses_files = m
        .parts
        .iter()
        .any(|p| matches!(p.kind, PartKind::File | PartKind::Files));
    let files_binding = if uses_files {
        quote! { files }
    } else {
        quote! { _files }
    };
    quote! {
        impl MultipartBody for crate::types::#form {
            type Fields = #fields_type;
            const PARTS: &'static [(&'static str, PartRead)] = &[#(#reads),*];
            fn assemble(#fields_binding: Self::Fields, #files_binding: &mut ::std::vec::Vec<(::std::string::String, PartFile)>) -> Self {
                crate::types::#form {
                    #(#fields)*
                }
            }
        }
    }
}

/// `PartRead`, `MultipartBody` and `read_multipart` (and the file helpers when some form has
/// files).
pub fn emit_multipart_reader(files: bool) -> TokenStream {
    let part_file = if files {
        quote! {
            /// A file part as received.
            type PartFile = crate::types::FilePart;

            /// The file part named `name`, if one came.
            #[allow(dead_code)] // used by forms with a file part
            fn take_file(files: &mut ::std::vec::Vec<(::std::string::String, PartFile)>, name: &str) -> ::std::option::Option<PartFile> {
                let index = files.iter().position(|(n, _)| n == name)?;
                ::std::option::Option::Some(files.remove(index).1)
            }

            /// Every file part named `name`, in the order they came.
            #[allow(dead_code)] // used by forms with an array of files
            fn take_files(files: &mut ::std::vec::Vec<(::std::string::String, PartFile)>, name: &str) -> ::std::vec::Vec<PartFile> {
                let (taken, rest) = ::std::mem::take(files).into_iter().partition(|(n, _)| n == name);
                *files = rest;
                taken.into_iter().map(|(_, file)| file).collect()
            }

            fn part_file(bytes: ::axum::body::Bytes, file_name: ::std::option::Option<::std::string::String>, content_type: ::std::option::Option<::std::string::String>, headers: ::std::vec::Vec<(::std::string::String, ::std::string::String)>) -> PartFile {
                crate::types::FilePart { bytes, file_name, content_type, headers }
            }
        }
    } else {
        quote! {
            /// No form has file parts.
            type PartFile = ();

            fn part_file(_: ::axum::body::Bytes, _: ::std::option::Option<::std::string::String>, _: ::std::option::Option<::std::string::String>, _: ::std::vec::Vec<(::std::string::String, ::std::string::String)>) -> PartFile {}
        }
    };
    quote! {
        /// How one part of a multipart body is read.
        #[derive(::std::clone::Clone, ::std::marker::Copy)]
        #[allow(dead_code)] // which reads are used depends on the spec
        enum PartRead {
            /// A file.
            File,
            /// One of several files under one name.
            Files,
            /// A value: text of this shape, or JSON when the part says so.
            Value(FormShape),
        }

        /// A multipart form struct, read from its parts.
        trait MultipartBody: ::std::marker::Sized {
            /// The body's schema type, as which the parts are checked and decoded (a file part
            /// counts as an empty string there).
            type Fields: ::serde::de::DeserializeOwned;
            /// How each part is read, by name.
            const PARTS: &'static [(&'static str, PartRead)];
            /// The form, from the decoded fields and the file parts.
            fn assemble(fields: Self::Fields, files: &mut ::std::vec::Vec<(::std::string::String, PartFile)>) -> Self;
        }

        #part_file

        fn multipart_rejection(e: ::axum::extract::multipart::MultipartError) -> Rejection {
            if e.status() == ::axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                Rejection::PayloadTooLarge
            } else {
                Rejection::InvalidBody(e.body_text())
            }
        }

        /// Adds a part's value under `name`: an item when the part is an array's, else the
        /// value (a second part of that name is refused).
        fn add_part_value(object: &mut ::serde_json::Map<::std::string::String, ::serde_json::Value>, name: ::std::string::String, value: ::serde_json::Value, list: bool) -> ::std::result::Result<(), Rejection> {
            if list {
                let items = object.entry(name).or_insert_with(|| ::serde_json::Value::Array(::std::vec::Vec::new()));
                if let ::serde_json::Value::Array(items) = items {
                    match value {
                        ::serde_json::Value::Array(more) => items.extend(more),
                        one => items.push(one),
                    }
                }
                return ::std::result::Result::Ok(());
            }
            if object.contains_key(&name) {
                return ::std::result::Result::Err(given_twice(&name));
            }
            object.insert(name, value);
            ::std::result::Result::Ok(())
        }

        /// A `multipart/form-data` body as the form `F`: every part read by name (a part of a
        /// name the form does not have is a value, which the checks refuse when the schema
        /// forbids unknown properties), then checked and decoded as a JSON body is.
        async fn read_multipart<F: MultipartBody>(
            request: ::axum::extract::Request,
            check: fn(&::serde_json::Value, &str, &mut FieldReport),
        ) -> ::std::result::Result<F, Rejection> {
            let mut multipart = <::axum::extract::Multipart as ::axum::extract::FromRequest<()>>::from_request(request, &())
                .await
                .map_err(|e| Rejection::InvalidBody(e.body_text()))?;
            let mut object = ::serde_json::Map::new();
            let mut files = ::std::vec::Vec::new();
            while let ::std::option::Option::Some(field) = multipart.next_field().await.map_err(multipart_rejection)? {
                let ::std::option::Option::Some(name) = field.name().map(::std::borrow::ToOwned::to_owned) else {
                    return ::std::result::Result::Err(Rejection::InvalidBody(::std::borrow::ToOwned::to_owned("a part of the multipart body has no name")));
                };
                let read = F::PARTS.iter().find(|(part, _)| *part == name).map(|(_, read)| *read);
                let file_name = field.file_name().map(::std::borrow::ToOwned::to_owned);
                let content_type = field.content_type().map(::std::borrow::ToOwned::to_owned);
                let headers: ::std::vec::Vec<(::std::string::String, ::std::string::String)> = field
                    .headers()
                    .iter()
                    .filter(|(header, _)| *header != ::axum::http::header::CONTENT_TYPE && *header != ::axum::http::header::CONTENT_DISPOSITION)
                    .filter_map(|(header, value)| value.to_str().ok().map(|value| (::std::borrow::ToOwned::to_owned(header.as_str()), ::std::borrow::ToOwned::to_owned(value))))
                    .collect();
                let data = field.bytes().await.map_err(multipart_rejection)?;
                match read {
                    ::std::option::Option::Some(read @ (PartRead::File | PartRead::Files)) => {
                        // The checks see a file as an empty string, so a missing file is a
                        // missing field.
                        let placeholder = ::serde_json::Value::String(::std::string::String::new());
                        add_part_value(&mut object, ::std::clone::Clone::clone(&name), placeholder, matches!(read, PartRead::Files))?;
                        files.push((name, part_file(data, file_name, content_type, headers)));
                    }
                    read => {
                        let shape = match read {
                            ::std::option::Option::Some(PartRead::Value(shape)) => shape,
                            _ => FormShape::Any,
                        };
                        let text = ::std::string::String::from_utf8(data.to_vec()).map_err(|_| Rejection::InvalidField {
                            path: ::std::clone::Clone::clone(&name),
                            message: ::std::borrow::ToOwned::to_owned("is not UTF-8 text"),
                        })?;
                        let json = content_type.as_deref().is_some_and(|c| {
                            let essence = c.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
                            essence == "application/json" || essence.ends_with("+json")
                        });
                        let (list, item) = match shape {
                            FormShape::List(item) => (true, *item),
                            other => (false, other),
                        };
                        let value = if json {
                            ::serde_json::from_str(&text).map_err(|e| Rejection::InvalidField {
                                path: ::std::clone::Clone::clone(&name),
                                message: ::std::format!("is not JSON: {e}"),
                            })?
                        } else {
                            form_value(FormNode::Values(::std::vec![text]), item, &name)?
                        };
                        add_part_value(&mut object, name, value, list)?;
                    }
                }
            }
            let fields: F::Fields = decode_checked(::serde_json::Value::Object(object), check)?;
            ::std::result::Result::Ok(F::assemble(fields, &mut files))
        }
    }
}
