//! The private helpers the generated server reads parameters with: path parameters (raw text
//! from the request's path, decoded here once), the query string (decoded here, `+` as a
//! space), headers, comma-separated lists, `FromStr` parsing, and the rejections for missing and
//! unreadable values. Each is emitted only when some operation uses it; the helpers of the
//! styles that write arrays and objects are in [`super::server_param_styles`].

use proc_macro2::TokenStream;
use quote::quote;

/// Which parameter helpers the generated server uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ParamNeeds {
    /// `path_pieces`: the raw text of path parameters.
    pub path_pieces: bool,
    /// `path_value`.
    pub path_value: bool,
    /// `path_list`.
    pub path_list: bool,
    /// `path_tree`: `label`, `matrix`, and objects in a path.
    pub path_tree: bool,
    /// `query_tree`: objects and delimited styles in a query or cookie.
    pub query_tree: bool,
    /// `header_tree`: objects in a header.
    pub header_tree: bool,
    /// `cookie_pairs`.
    pub cookies: bool,
    /// `parse_json`: parameters with `content`.
    pub json: bool,
    /// `query_pairs`, `query_value`.
    pub query_value: bool,
    /// `query_pairs`, `query_list`.
    pub query_list: bool,
    /// `header_value`.
    pub header_value: bool,
    /// `header_list`.
    pub header_list: bool,
    /// `parse_text`.
    pub parse_text: bool,
    /// `missing_parameters`.
    pub missing: bool,
    /// `required`.
    pub required: bool,
    /// `percent_decode` (query strings and form bodies).
    pub percent_decode: bool,
    /// `check_parameter` (parameters with limits).
    pub checked: bool,
    /// `without_empty`: a query parameter with `allowEmptyValue` reads `name=` as not given.
    pub empty_values: bool,
}

impl ParamNeeds {
    /// Whether some parameter is read through a text tree.
    pub fn any_tree(&self) -> bool {
        self.path_tree || self.query_tree || self.header_tree
    }
}

/// The helpers `needs` asks for.
pub fn emit_param_helpers(needs: ParamNeeds) -> TokenStream {
    let path = (needs.path_value || needs.path_list).then(|| quote! {
        /// A path parameter's raw text, percent-decoded once; text that is not UTF-8 once
        /// decoded is refused.
        fn path_text(name: &str, raw: &str) -> ::std::result::Result<::std::string::String, Rejection> {
            percent_decode(raw, false).ok_or_else(|| Rejection::InvalidParameter {
                name: ::std::borrow::ToOwned::to_owned(name),
                message: ::std::format!("{raw:?} is not valid percent-encoded UTF-8"),
            })
        }
    });
    let path_value = needs.path_value.then(|| {
        quote! {
            fn path_value<T>(
                raw: ::std::option::Option<&str>,
                name: &str,
                parse: impl ::std::ops::Fn(&str) -> ::std::result::Result<T, ::std::string::String>,
            ) -> ::std::result::Result<::std::option::Option<T>, Rejection> {
                raw.map(|raw| {
                    let text = path_text(name, raw)?;
                    parse(&text).map_err(|e| invalid_parameter(name, &text, e))
                })
                .transpose()
            }
        }
    });
    let path_list = needs.path_list.then(|| {
        quote! {
            /// A path parameter holding a comma-separated array (style `simple`): split, then
            /// each item decoded, so an encoded comma stays inside its item.
            fn path_list<T>(
                raw: ::std::option::Option<&str>,
                name: &str,
                parse: impl ::std::ops::Fn(&str) -> ::std::result::Result<T, ::std::string::String>,
            ) -> ::std::result::Result<::std::option::Option<::std::vec::Vec<T>>, Rejection> {
                raw.map(|raw| {
                    split_list(raw)
                        .map(|item| {
                            let text = path_text(name, item)?;
                            parse(&text).map_err(|e| invalid_parameter(name, &text, e))
                        })
                        .collect()
                })
                .transpose()
            }
        }
    });
    let query = (needs.query_value || needs.query_list || needs.query_tree).then(|| quote! {
        /// The query string as pairs of decoded name and raw (still percent-encoded) value.
        fn query_pairs(query: ::std::option::Option<&str>) -> ::std::vec::Vec<(::std::string::String, ::std::string::String)> {
            query
                .unwrap_or_default()
                .split('&')
                .filter(|pair| !pair.is_empty())
                .map(|pair| {
                    let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                    let name = percent_decode(name, true).unwrap_or_else(|| ::std::borrow::ToOwned::to_owned(name));
                    (name, ::std::borrow::ToOwned::to_owned(value))
                })
                .collect()
        }

        /// The decoded text of a raw query value.
        fn query_text(name: &str, raw: &str) -> ::std::result::Result<::std::string::String, Rejection> {
            percent_decode(raw, true).ok_or_else(|| Rejection::InvalidParameter {
                name: ::std::borrow::ToOwned::to_owned(name),
                message: ::std::format!("{raw:?} is not valid percent-encoded UTF-8"),
            })
        }
    });
    let query_value = needs.query_value.then(|| {
        quote! {
            /// A query parameter's value (its first, if it is given more than once).
            fn query_value<T>(
                query: &[(::std::string::String, ::std::string::String)],
                name: &str,
                parse: impl ::std::ops::Fn(&str) -> ::std::result::Result<T, ::std::string::String>,
            ) -> ::std::result::Result<::std::option::Option<T>, Rejection> {
                query
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, raw)| {
                        let text = query_text(name, raw)?;
                        parse(&text).map_err(|e| invalid_parameter(name, &text, e))
                    })
                    .transpose()
            }
        }
    });
    let query_list = needs.query_list.then(|| quote! {
        /// A query parameter holding an array: one pair per item (`explode`), or one pair of
        /// comma-separated items. `None` when the name is not in the query.
        fn query_list<T>(
            query: &[(::std::string::String, ::std::string::String)],
            name: &str,
            explode: bool,
            parse: impl ::std::ops::Fn(&str) -> ::std::result::Result<T, ::std::string::String>,
        ) -> ::std::result::Result<::std::option::Option<::std::vec::Vec<T>>, Rejection> {
            let raws: ::std::vec::Vec<&str> = query.iter().filter(|(n, _)| n == name).map(|(_, raw)| raw.as_str()).collect();
            if raws.is_empty() {
                return ::std::result::Result::Ok(::std::option::Option::None);
            }
            let items: ::std::vec::Vec<&str> = if explode { raws } else { split_list(raws[0]).collect() };
            items
                .into_iter()
                .map(|raw| {
                    let text = query_text(name, raw)?;
                    parse(&text).map_err(|e| invalid_parameter(name, &text, e))
                })
                .collect::<::std::result::Result<::std::vec::Vec<T>, Rejection>>()
                .map(::std::option::Option::Some)
        }
    });
    let header_text = (needs.header_value || needs.header_list || needs.header_tree).then(|| quote! {
        /// A header's value as text; a value that is not visible ASCII is refused.
        fn header_param_text<'h>(headers: &'h ::axum::http::HeaderMap, name: &str) -> ::std::result::Result<::std::option::Option<&'h str>, Rejection> {
            headers
                .get(name)
                .map(|value| value.to_str().map_err(|_| Rejection::InvalidParameter {
                    name: ::std::borrow::ToOwned::to_owned(name),
                    message: ::std::borrow::ToOwned::to_owned("the header value is not visible ASCII"),
                }))
                .transpose()
        }
    });
    let header_value = needs.header_value.then(|| {
        quote! {
            fn header_value<T>(
                headers: &::axum::http::HeaderMap,
                name: &str,
                parse: impl ::std::ops::Fn(&str) -> ::std::result::Result<T, ::std::string::String>,
            ) -> ::std::result::Result<::std::option::Option<T>, Rejection> {
                header_param_text(headers, name)?
                    .map(|text| parse(text.trim()).map_err(|e| invalid_parameter(name, text, e)))
                    .transpose()
            }
        }
    });
    let header_list = needs.header_list.then(|| quote! {
        /// A header holding a comma-separated array (style `simple`).
        fn header_list<T>(
            headers: &::axum::http::HeaderMap,
            name: &str,
            parse: impl ::std::ops::Fn(&str) -> ::std::result::Result<T, ::std::string::String>,
        ) -> ::std::result::Result<::std::option::Option<::std::vec::Vec<T>>, Rejection> {
            header_param_text(headers, name)?
                .map(|text| split_list(text).map(|item| parse(item.trim()).map_err(|e| invalid_parameter(name, item, e))).collect())
                .transpose()
        }
    });
    let split = (needs.path_list || needs.query_list || needs.header_list).then(|| {
        quote! {
            /// The comma-separated items of a list; none for empty text.
            fn split_list(text: &str) -> impl ::std::iter::Iterator<Item = &str> {
                text.split(',').filter(move |_| !text.is_empty())
            }
        }
    });
    let invalid = (needs.path_value
        || needs.path_list
        || needs.query_value
        || needs.query_list
        || needs.header_value
        || needs.header_list
        || needs.any_tree())
        .then(|| quote! {
            fn invalid_parameter(name: &str, text: &str, message: ::std::string::String) -> Rejection {
                Rejection::InvalidParameter {
                    name: ::std::borrow::ToOwned::to_owned(name),
                    message: ::std::format!("{text:?} is not a valid value: {message}"),
                }
            }
        });
    let parse_text = needs.parse_text.then(|| {
        quote! {
            /// Parses text as `T` (`FromStr`), with the reason it is not one.
            fn parse_text<T>(text: &str) -> ::std::result::Result<T, ::std::string::String>
            where
                T: ::std::str::FromStr,
                T::Err: ::std::fmt::Display,
            {
                text.parse().map_err(|e: T::Err| e.to_string())
            }
        }
    });
    let missing = needs.missing.then(|| quote! {
        /// Refuses the request when a required parameter is absent, naming all that are.
        fn missing_parameters(present: &[(&str, bool)]) -> ::std::result::Result<(), Rejection> {
            let missing: ::std::vec::Vec<::std::string::String> = present
                .iter()
                .filter(|(_, present)| !present)
                .map(|(name, _)| ::std::borrow::ToOwned::to_owned(*name))
                .collect();
            if missing.is_empty() {
                ::std::result::Result::Ok(())
            } else {
                ::std::result::Result::Err(Rejection::MissingParameters(missing))
            }
        }
    });
    let required = needs.required.then(|| quote! {
        /// A required parameter's value (present: `missing_parameters` has checked).
        fn required<T>(name: &str, value: ::std::option::Option<T>) -> ::std::result::Result<T, Rejection> {
            value.ok_or_else(|| Rejection::MissingParameters(::std::vec![::std::borrow::ToOwned::to_owned(name)]))
        }
    });
    let decode = needs.percent_decode.then(|| quote! {
        /// Decodes `%XX` escapes (and `+` as a space when `plus_is_space`); `None` when an
        /// escape is malformed or the result is not UTF-8.
        fn percent_decode(text: &str, plus_is_space: bool) -> ::std::option::Option<::std::string::String> {
            let bytes = text.as_bytes();
            let mut out = ::std::vec::Vec::with_capacity(bytes.len());
            let mut i = 0;
            while i < bytes.len() {
                match bytes[i] {
                    b'%' => {
                        let hex = bytes.get(i + 1..i + 3).filter(|hex| hex.iter().all(u8::is_ascii_hexdigit))?;
                        out.push(u8::from_str_radix(::std::str::from_utf8(hex).ok()?, 16).ok()?);
                        i += 3;
                    }
                    b'+' if plus_is_space => {
                        out.push(b' ');
                        i += 1;
                    }
                    byte => {
                        out.push(byte);
                        i += 1;
                    }
                }
            }
            ::std::string::String::from_utf8(out).ok()
        }
    });
    let checked = needs.checked.then(|| quote! {
        /// Checks a parameter that was read against its schema's limits, with the checks of
        /// request bodies (on the value as JSON); the first violation refuses the request.
        fn check_parameter<T: ::serde::Serialize>(
            read: ::std::result::Result<::std::option::Option<T>, Rejection>,
            name: &str,
            checks: fn(&::serde_json::Value, &str, &mut FieldReport),
        ) -> ::std::result::Result<::std::option::Option<T>, Rejection> {
            if let ::std::result::Result::Ok(::std::option::Option::Some(value)) = &read
                && let ::std::result::Result::Ok(json) = ::serde_json::to_value(value)
            {
                let mut report = FieldReport::default();
                checks(&json, name, &mut report);
                if let ::std::option::Option::Some((path, message)) = report.invalid.into_iter().next() {
                    return ::std::result::Result::Err(Rejection::InvalidParameter { name: path, message });
                }
            }
            read
        }
    });
    let empty_values = needs.empty_values.then(|| quote! {
        /// The query's pairs without `name=` pairs whose value is empty: a parameter with
        /// `allowEmptyValue` sent empty counts as not given.
        fn without_empty(query: &[(::std::string::String, ::std::string::String)], name: &str) -> ::std::vec::Vec<(::std::string::String, ::std::string::String)> {
            query.iter().filter(|(key, value)| key != name || !value.is_empty()).cloned().collect()
        }
    });
    let styles = super::server_param_styles::emit_style_helpers(&needs);
    quote! {
        #path #path_value #path_list
        #query #query_value #query_list
        #header_text #header_value #header_list
        #split #invalid #parse_text #missing #required #decode #checked #empty_values
        #styles
    }
}
