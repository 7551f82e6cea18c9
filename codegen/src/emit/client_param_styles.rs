//! The private helpers the generated client writes styled parameters with: a value's JSON form
//! as text, RFC 6570 expansion for paths and headers (`simple`, `label`, `matrix`), query pairs
//! for `form` objects, `spaceDelimited`, `pipeDelimited` and `deepObject`, the `Cookie`
//! header, and JSON text for parameters with `content`. Each is emitted only when some method
//! uses it.

use proc_macro2::TokenStream;
use quote::quote;

/// Which of these helpers the client's methods use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StyleNeeds {
    /// `text_value` and `leaf_text`: a value's JSON form, its leaves as text.
    pub text_value: bool,
    /// `expand`: a path or header parameter in a style that writes arrays and objects.
    pub expand: bool,
    /// `RequestUrl::styled`: a query parameter written from its JSON form.
    pub query_styled: bool,
    /// `cookie_header`.
    pub cookies: bool,
    /// `json_text`.
    pub json_text: bool,
}

/// The helpers `needs` asks for.
pub fn emit_client_style_helpers(needs: StyleNeeds) -> TokenStream {
    let text_value = (needs.text_value || needs.expand || needs.query_styled || needs.cookies)
        .then(|| quote! {
            /// A value's JSON form, which the styles write: its leaves as text, arrays as items,
            /// objects as names and values. Serializing a generated type cannot fail (its maps
            /// have string keys).
            fn text_value<T: ::serde::Serialize + ?::std::marker::Sized>(value: &T) -> ::serde_json::Value {
                ::serde_json::to_value(value).unwrap_or_default()
            }

            /// A leaf as text; an array or object inside a value (which the style cannot write)
            /// as JSON text.
            fn leaf_text(value: &::serde_json::Value) -> ::std::string::String {
                match value {
                    ::serde_json::Value::String(text) => ::std::clone::Clone::clone(text),
                    ::serde_json::Value::Null => ::std::string::String::new(),
                    other => other.to_string(),
                }
            }

            /// The pieces of a value: one for a leaf, an array's items, an object's names and
            /// values (`name=value` pieces when exploded), each percent-encoded when `encode`.
            fn value_pieces(value: &::serde_json::Value, explode: bool, encode: impl ::std::ops::Fn(&str) -> ::std::string::String) -> ::std::vec::Vec<::std::string::String> {
                match value {
                    ::serde_json::Value::Null => ::std::vec::Vec::new(),
                    ::serde_json::Value::Array(items) => items.iter().map(|item| encode(&leaf_text(item))).collect(),
                    ::serde_json::Value::Object(properties) if explode => properties
                        .iter()
                        .filter(|(_, v)| !v.is_null())
                        .map(|(k, v)| ::std::format!("{}={}", encode(k), encode(&leaf_text(v))))
                        .collect(),
                    ::serde_json::Value::Object(properties) => properties
                        .iter()
                        .filter(|(_, v)| !v.is_null())
                        .flat_map(|(k, v)| [encode(k), encode(&leaf_text(v))])
                        .collect(),
                    leaf => ::std::vec![encode(&leaf_text(leaf))],
                }
            }
        });
    let expand = needs.expand.then(|| {
        quote! {
            /// A path or header parameter as RFC 6570 expands it: style `simple` (`operator`
            /// `""`: `a,b`), `label` (`"."`: `.a,b`, exploded `.a.b`) or `matrix` (`";"`:
            /// `;name=a,b`, exploded `;name=a;name=b`); an object's names and values in turn, or
            /// as `name=value` pieces when exploded. In a path (`encode`) each piece is
            /// percent-encoded, a `.` too in a label.
            fn expand(name: &str, value: &::serde_json::Value, operator: &str, explode: bool, encode: bool) -> ::std::string::String {
                let encode_piece = |text: &str| -> ::std::string::String {
                    match (encode, operator) {
                        (false, _) => ::std::borrow::ToOwned::to_owned(text),
                        (true, ".") => encode_component(text).replace('.', "%2E"),
                        (true, _) => encode_component(text),
                    }
                };
                let pieces = value_pieces(value, explode, encode_piece);
                let structured = value.is_array() || value.is_object();
                let name = if encode { encode_component(name) } else { ::std::borrow::ToOwned::to_owned(name) };
                match operator {
                    "." if structured && explode => ::std::format!(".{}", pieces.join(".")),
                    "." => ::std::format!(".{}", pieces.join(",")),
                    ";" if value.is_object() && explode => pieces.iter().map(|piece| ::std::format!(";{piece}")).collect(),
                    ";" if value.is_array() && explode => pieces.iter().map(|piece| ::std::format!(";{name}={piece}")).collect(),
                    ";" if pieces.iter().all(|piece| piece.is_empty()) => ::std::format!(";{name}"),
                    ";" => ::std::format!(";{name}={}", pieces.join(",")),
                    _ => pieces.join(","),
                }
            }
        }
    });
    let query_styled = needs.query_styled.then(|| {
        quote! {
            impl RequestUrl {
                /// Adds a query parameter from its JSON form (nothing for `None`), as `style`
                /// writes it: `form` (an exploded array as one pair per item, an exploded object
                /// as one pair per property, else `name=a,b`), `spaceDelimited` (`name=a%20b`),
                /// `pipeDelimited` (`name=a|b`) or `deepObject` (`name[a]=1&name[b][0]=x`).
                fn styled(mut self, name: &str, value: ::std::option::Option<::serde_json::Value>, style: &str, explode: bool) -> Self {
                    let ::std::option::Option::Some(value) = value else {
                        return self;
                    };
                    if style == "deepObject" {
                        let mut pairs = ::std::vec::Vec::new();
                        deep_pairs(encode_component(name), &value, &mut pairs);
                        for (key, text) in pairs {
                            self = self.raw(&key, &encode_component(&text));
                        }
                        return self;
                    }
                    match &value {
                        ::serde_json::Value::Null => self,
                        ::serde_json::Value::Array(items) if explode => {
                            items.iter().fold(self, |url, item| url.raw(&encode_component(name), &encode_component(&leaf_text(item))))
                        }
                        ::serde_json::Value::Object(properties) if explode => properties
                            .iter()
                            .filter(|(_, v)| !v.is_null())
                            .fold(self, |url, (k, v)| url.raw(&encode_component(k), &encode_component(&leaf_text(v)))),
                        ::serde_json::Value::Array(_) | ::serde_json::Value::Object(_) => {
                            let separator = match style {
                                "spaceDelimited" => "%20",
                                "pipeDelimited" => "|",
                                _ => ",",
                            };
                            let joined = value_pieces(&value, false, encode_component).join(separator);
                            self.raw(&encode_component(name), &joined)
                        }
                        leaf => self.raw(&encode_component(name), &encode_component(&leaf_text(leaf))),
                    }
                }

                /// Adds `key=value`, both already percent-encoded.
                fn raw(mut self, key: &str, value: &str) -> Self {
                    self.url.push(if self.has_query { '&' } else { '?' });
                    self.has_query = true;
                    self.url.push_str(key);
                    self.url.push('=');
                    self.url.push_str(value);
                    self
                }
            }

            /// The pairs of a `deepObject` value: `key[name]` for a property, `key[0]` for an
            /// item, nested as deep as the value is. `key` is already percent-encoded.
            fn deep_pairs(key: ::std::string::String, value: &::serde_json::Value, out: &mut ::std::vec::Vec<(::std::string::String, ::std::string::String)>) {
                match value {
                    ::serde_json::Value::Null => {}
                    ::serde_json::Value::Object(properties) => {
                        for (name, v) in properties {
                            deep_pairs(::std::format!("{key}[{}]", encode_component(name)), v, out);
                        }
                    }
                    ::serde_json::Value::Array(items) => {
                        for (i, item) in items.iter().enumerate() {
                            deep_pairs(::std::format!("{key}[{i}]"), item, out);
                        }
                    }
                    leaf => out.push((key, leaf_text(leaf))),
                }
            }
        }
    });
    let cookies = needs.cookies.then(|| {
        quote! {
            /// The `Cookie` header of a call's cookie parameters (style `form`): `name=value`, an
            /// array as `name=a,b` (exploded: a pair per item), an object as `name=k,v` (exploded:
            /// a pair per property); values percent-encoded. `None` when there is none.
            fn cookie_header<'n>(cookies: impl ::std::iter::IntoIterator<Item = (&'n str, ::std::option::Option<::serde_json::Value>, bool)>) -> ::std::option::Option<::std::string::String> {
                let mut pairs = ::std::vec::Vec::new();
                for (name, value, explode) in cookies {
                    let ::std::option::Option::Some(value) = value else { continue };
                    match &value {
                        ::serde_json::Value::Null => {}
                        ::serde_json::Value::Array(_) if explode => {
                            pairs.extend(value_pieces(&value, false, encode_component).into_iter().map(|piece| ::std::format!("{name}={piece}")));
                        }
                        ::serde_json::Value::Object(_) if explode => pairs.extend(value_pieces(&value, true, encode_component)),
                        _ => pairs.push(::std::format!("{name}={}", value_pieces(&value, false, encode_component).join(","))),
                    }
                }
                (!pairs.is_empty()).then(|| pairs.join("; "))
            }
        }
    });
    let json_text = needs.json_text.then(|| {
        quote! {
            /// A parameter with `content: application/json`: its JSON text.
            fn json_text<T: ::serde::Serialize + ?::std::marker::Sized>(value: &T) -> ::std::string::String {
                ::serde_json::to_string(value).unwrap_or_default()
            }
        }
    });
    quote! { #text_value #expand #query_styled #cookies #json_text }
}
