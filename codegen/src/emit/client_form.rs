//! The client's encoders of form and multipart bodies, emitted when a method sends one.
//!
//! A form body (`application/x-www-form-urlencoded`) is written property by property as the
//! media type's `encoding` says (OpenAPI 3.0 §4.7.15). When it says nothing, scalars are
//! `name=value`, arrays of scalars one pair per item (style `form`'s default), and objects and
//! arrays of objects use the bracket notation real APIs read (`metadata[key]=v`,
//! `items[0][price]=p`, `items[0][tags][]=a`), to any depth: style `form` itself has no
//! notation for a nested value.

use proc_macro2::TokenStream;
use quote::quote;

/// The generated `FormStyle`: how one top-level property of a form body is written, shared by
/// the client's encoder and the server's decoder (each module has its own copy, behind its
/// feature); its variants are those of [`crate::model::FormStyle`].
pub fn emit_form_style() -> TokenStream {
    quote! {
        /// How one top-level property of a form body is written (the spec's `encoding`).
        #[derive(::std::clone::Clone, ::std::marker::Copy, ::std::cmp::PartialEq)]
        #[allow(dead_code)] // which styles are used depends on the spec
        enum FormStyle {
            /// Scalars as `name=v`, arrays of scalars as `name=a&name=b`, anything nested in
            /// bracket notation (`name[key]=v`, `name[0][key]=v`).
            Default,
            /// `style: form, explode: true`: an object's properties as pairs of their own.
            FormExploded,
            /// `style: spaceDelimited`: array items joined with spaces.
            SpaceDelimited,
            /// `style: pipeDelimited`: array items joined with `|`.
            PipeDelimited,
            /// `style: deepObject`: bracket notation, arrays of scalars as `name[]=v`.
            DeepObject,
            /// `contentType: application/json`: the value as JSON text.
            Json,
        }
    }
}

/// `FormStyle` and `form_body`.
pub fn emit_form_body() -> TokenStream {
    let form_style = emit_form_style();
    quote! {
        #form_style

        /// A body as `application/x-www-form-urlencoded`, each property written in its
        /// `styles` entry's style (or `FormStyle::Default`); absent and `null` values are left
        /// out.
        fn form_body<T: ::serde::Serialize>(body: &T, styles: &[(&str, FormStyle)]) -> ::std::string::String {
            // Serializing a generated type to a JSON value cannot fail: its maps have string keys.
            let value = ::serde_json::to_value(body).unwrap_or_default();
            let mut pairs: ::std::vec::Vec<(::std::string::String, ::std::string::String)> = ::std::vec::Vec::new();
            if let ::serde_json::Value::Object(properties) = value {
                for (name, value) in properties {
                    let style = styles
                        .iter()
                        .find(|(property, _)| *property == name)
                        .map_or(FormStyle::Default, |(_, style)| *style);
                    form_property(&mut pairs, name, value, style);
                }
            }
            pairs
                .iter()
                .map(|(name, value)| ::std::format!("{}={}", encode_component(name), encode_component(value)))
                .collect::<::std::vec::Vec<_>>()
                .join("&")
        }

        /// A scalar's text: a string as it is, anything else as JSON.
        fn form_text(value: &::serde_json::Value) -> ::std::string::String {
            match value {
                ::serde_json::Value::String(s) => ::std::clone::Clone::clone(s),
                other => other.to_string(),
            }
        }

        fn is_scalar(value: &::serde_json::Value) -> bool {
            !matches!(value, ::serde_json::Value::Array(_) | ::serde_json::Value::Object(_))
        }

        fn form_property(
            pairs: &mut ::std::vec::Vec<(::std::string::String, ::std::string::String)>,
            name: ::std::string::String,
            value: ::serde_json::Value,
            style: FormStyle,
        ) {
            match (style, value) {
                (_, ::serde_json::Value::Null) => {}
                (FormStyle::Json, value) => pairs.push((name, value.to_string())),
                (FormStyle::SpaceDelimited | FormStyle::PipeDelimited, ::serde_json::Value::Array(items)) if items.iter().all(is_scalar) => {
                    let separator = if style == FormStyle::SpaceDelimited { " " } else { "|" };
                    let text: ::std::vec::Vec<::std::string::String> = items.iter().map(form_text).collect();
                    pairs.push((name, text.join(separator)));
                }
                (FormStyle::DeepObject, value) => form_brackets(pairs, name, value),
                (_, ::serde_json::Value::Array(items)) if items.iter().all(is_scalar) => {
                    for item in &items {
                        pairs.push((::std::clone::Clone::clone(&name), form_text(item)));
                    }
                }
                (FormStyle::FormExploded, ::serde_json::Value::Object(properties)) => {
                    for (key, value) in properties {
                        form_brackets(pairs, key, value);
                    }
                }
                (_, value) => form_brackets(pairs, name, value),
            }
        }

        /// `value` under `prefix` in bracket notation: `prefix[key]`, `prefix[0]` for items that
        /// are objects or arrays, `prefix[]` for items that are scalars.
        fn form_brackets(
            pairs: &mut ::std::vec::Vec<(::std::string::String, ::std::string::String)>,
            prefix: ::std::string::String,
            value: ::serde_json::Value,
        ) {
            match value {
                ::serde_json::Value::Null => {}
                ::serde_json::Value::Object(properties) => {
                    for (key, value) in properties {
                        form_brackets(pairs, ::std::format!("{prefix}[{key}]"), value);
                    }
                }
                ::serde_json::Value::Array(items) if items.iter().all(is_scalar) => {
                    for item in &items {
                        pairs.push((::std::format!("{prefix}[]"), form_text(item)));
                    }
                }
                ::serde_json::Value::Array(items) => {
                    for (index, item) in items.into_iter().enumerate() {
                        form_brackets(pairs, ::std::format!("{prefix}[{index}]"), item);
                    }
                }
                scalar => pairs.push((prefix, form_text(&scalar))),
            }
        }
    }
}

/// `IntoMultipart` and `MultipartForm`, which the multipart form structs' impls use.
pub fn emit_multipart_form(files: bool) -> TokenStream {
    let file = files.then(emit_file_part);
    quote! {
        /// A multipart form struct as a `reqwest` form.
        trait IntoMultipart {
            fn multipart(&self) -> ::std::result::Result<::reqwest::multipart::Form, ::reqwest::Error>;
        }

        /// A `reqwest` form being built, part by part.
        #[derive(::std::default::Default)]
        struct MultipartForm(::reqwest::multipart::Form);

        #[allow(dead_code)] // which parts are used depends on the spec
        impl MultipartForm {
            #file

            /// A value part: a string as text, a number or boolean as its JSON text, an array of
            /// scalars as a part per item, an object (or any value with a JSON `content_type`)
            /// as JSON; `null` and absent values are left out.
            fn value<T: ::serde::Serialize>(self, name: &str, value: &T, content_type: ::std::option::Option<&str>) -> ::std::result::Result<Self, ::reqwest::Error> {
                // Serializing a generated type to a JSON value cannot fail: its maps have string keys.
                let value = ::serde_json::to_value(value).unwrap_or_default();
                let json_type = content_type.filter(|c| {
                    let essence = c.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
                    essence == "application/json" || essence.ends_with("+json")
                });
                let mut form = self.0;
                let text_part = |text: ::std::string::String| -> ::std::result::Result<::reqwest::multipart::Part, ::reqwest::Error> {
                    let part = ::reqwest::multipart::Part::text(text);
                    match content_type {
                        ::std::option::Option::Some(c) => part.mime_str(c),
                        ::std::option::Option::None => ::std::result::Result::Ok(part),
                    }
                };
                match value {
                    ::serde_json::Value::Null => {}
                    value if json_type.is_some() || matches!(value, ::serde_json::Value::Object(_)) => {
                        let part = ::reqwest::multipart::Part::text(value.to_string()).mime_str(json_type.unwrap_or("application/json"))?;
                        form = form.part(::std::borrow::ToOwned::to_owned(name), part);
                    }
                    ::serde_json::Value::Array(items) => {
                        for item in items {
                            let part = match item {
                                ::serde_json::Value::Null => continue,
                                ::serde_json::Value::String(s) => text_part(s)?,
                                item if matches!(item, ::serde_json::Value::Array(_) | ::serde_json::Value::Object(_)) => {
                                    ::reqwest::multipart::Part::text(item.to_string()).mime_str("application/json")?
                                }
                                item => text_part(item.to_string())?,
                            };
                            form = form.part(::std::borrow::ToOwned::to_owned(name), part);
                        }
                    }
                    ::serde_json::Value::String(s) => form = form.part(::std::borrow::ToOwned::to_owned(name), text_part(s)?),
                    other => form = form.part(::std::borrow::ToOwned::to_owned(name), text_part(other.to_string())?),
                }
                ::std::result::Result::Ok(MultipartForm(form))
            }

            fn finish(self) -> ::reqwest::multipart::Form {
                self.0
            }
        }
    }
}

/// `MultipartForm::file`, when some form has a file part.
fn emit_file_part() -> TokenStream {
    quote! {
            /// A file part: its bytes, file name and content type (the file's own, else the
            /// `encoding`'s, else `application/octet-stream`) and headers.
            fn file(self, name: &str, file: &crate::types::FilePart, content_type: ::std::option::Option<&str>) -> ::std::result::Result<Self, ::reqwest::Error> {
                let length = u64::try_from(file.bytes.len()).unwrap_or(u64::MAX);
                let mut part = ::reqwest::multipart::Part::stream_with_length(::reqwest::Body::from(::std::clone::Clone::clone(&file.bytes)), length);
                if let ::std::option::Option::Some(file_name) = &file.file_name {
                    part = part.file_name(::std::clone::Clone::clone(file_name));
                }
                let content_type = file.content_type.as_deref().or(content_type).unwrap_or("application/octet-stream");
                part = part.mime_str(content_type)?;
                if !file.headers.is_empty() {
                    let mut headers = ::reqwest::header::HeaderMap::new();
                    for (name, value) in &file.headers {
                        if let (::std::result::Result::Ok(name), ::std::result::Result::Ok(value)) = (
                            ::reqwest::header::HeaderName::from_bytes(name.as_bytes()),
                            ::reqwest::header::HeaderValue::from_str(value),
                        ) {
                            headers.append(name, value);
                        }
                    }
                    part = part.headers(headers);
                }
                ::std::result::Result::Ok(MultipartForm(self.0.part(::std::borrow::ToOwned::to_owned(name), part)))
            }
    }
}
