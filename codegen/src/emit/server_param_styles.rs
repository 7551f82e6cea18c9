//! The private helpers the generated server reads styled parameters with: path templates
//! (parameters inside a segment), cookies, the styles that write arrays and objects
//! (`label`, `matrix`, `spaceDelimited`, `pipeDelimited`, `deepObject`, objects in `simple` and
//! `form`) and JSON text (`content`).
//!
//! A styled value is first read into a tree of text (a `serde_json::Value` of strings, arrays
//! and objects), then deserialized into its type by `TextDeserializer`, which parses numbers and
//! booleans from text where the type asks for them. Each helper is emitted only when some
//! operation uses it.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::param_helpers::ParamNeeds;

/// The helpers `needs` asks for.
pub fn emit_style_helpers(needs: &ParamNeeds) -> TokenStream {
    let path = needs.path_pieces.then(emit_path_pieces);
    let cookies = needs.cookies.then(emit_cookie_pairs);
    let json = needs.json.then(|| {
        quote! {
            /// Parses JSON text (a parameter with `content: application/json`).
            fn parse_json<T: ::serde::de::DeserializeOwned>(text: &str) -> ::std::result::Result<T, ::std::string::String> {
                ::serde_json::from_str(text).map_err(|e| e.to_string())
            }
        }
    });
    let path_tree = needs.path_tree.then(emit_path_tree);
    let query_tree = needs.query_tree.then(emit_query_tree);
    let header_tree = needs.header_tree.then(|| {
        quote! {
            /// A header parameter of style `simple` holding an array or an object, as a text tree.
            fn header_tree(headers: &::axum::http::HeaderMap, name: &str, explode: bool, kind: &str) -> ::std::result::Result<::std::option::Option<::serde_json::Value>, Rejection> {
                let ::std::option::Option::Some(text) = header_param_text(headers, name)? else {
                    return ::std::result::Result::Ok(::std::option::Option::None);
                };
                let text = text.trim();
                let pieces: ::std::vec::Vec<&str> = if kind == "one" { ::std::vec![text] } else { split_any(text, &[","]).into_iter().map(str::trim).collect() };
                pieces_tree(name, &pieces, kind, explode, ::std::option::Option::None).map(::std::option::Option::Some)
            }
        }
    });
    let trees = needs.any_tree().then(emit_tree_reading);
    quote! { #path #cookies #json #path_tree #query_tree #header_tree #trees }
}

fn emit_path_pieces() -> TokenStream {
    quote! {
        /// The raw text of each path parameter, in path order. `segments` has, for each path
        /// segment holding parameters, its place counted from the end of the path (the API may
        /// be mounted under any base path) and the literal text around and between its
        /// parameters. `None` when a segment does not fit its template.
        fn path_pieces<'p>(path: &'p str, segments: &[(usize, &[&str])]) -> ::std::option::Option<::std::vec::Vec<&'p str>> {
            let all: ::std::vec::Vec<&str> = path.split('/').collect();
            let mut pieces = ::std::vec::Vec::new();
            for (from_end, literals) in segments {
                let segment = all.len().checked_sub(from_end + 1).and_then(|i| all.get(i))?;
                pieces.extend(segment_pieces(segment, literals)?);
            }
            ::std::option::Option::Some(pieces)
        }

        /// A segment split at its template's literals (`["", ".", ""]` for `{name}.{ext}`).
        /// Each parameter takes at least one character; from the right, each literal is found
        /// at its last place, so `a.b.txt` is `a.b` and `txt`.
        fn segment_pieces<'s>(segment: &'s str, literals: &[&str]) -> ::std::option::Option<::std::vec::Vec<&'s str>> {
            let (first, rest) = literals.split_first()?;
            let (last, separators) = rest.split_last()?;
            let mut text = segment.strip_prefix(first)?.strip_suffix(last)?;
            let mut pieces = ::std::vec::Vec::with_capacity(separators.len() + 1);
            for separator in separators.iter().rev() {
                let start = text.char_indices().nth(1)?.0;
                let at = if separator.is_empty() {
                    text.char_indices().last()?.0
                } else {
                    text[start..].rfind(separator)? + start
                };
                let piece = &text[at + separator.len()..];
                if piece.is_empty() {
                    return ::std::option::Option::None;
                }
                pieces.push(piece);
                text = &text[..at];
            }
            if text.is_empty() {
                return ::std::option::Option::None;
            }
            pieces.push(text);
            pieces.reverse();
            ::std::option::Option::Some(pieces)
        }
    }
}

fn emit_cookie_pairs() -> TokenStream {
    quote! {
        /// The request's cookies as pairs of name and raw value, read as query pairs are. A
        /// `+` in a cookie is a plus sign, not a space as in a query: it is escaped first.
        fn cookie_pairs(headers: &::axum::http::HeaderMap) -> ::std::vec::Vec<(::std::string::String, ::std::string::String)> {
            headers
                .get_all(::axum::http::header::COOKIE)
                .iter()
                .filter_map(|value| value.to_str().ok())
                .flat_map(|value| value.split(';'))
                .filter_map(|pair| {
                    let pair = pair.trim();
                    let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                    (!pair.is_empty()).then(|| (::std::borrow::ToOwned::to_owned(name.trim()), value.trim().replace('+', "%2B")))
                })
                .collect()
        }
    }
}

fn emit_path_tree() -> TokenStream {
    quote! {
        /// A path parameter of style `simple` (`operator` `""`), `label` (`"."`) or `matrix`
        /// (`";"`) holding an array or an object (`kind`), as a text tree.
        fn path_tree(raw: ::std::option::Option<&str>, name: &str, operator: &str, explode: bool, kind: &str) -> ::std::result::Result<::std::option::Option<::serde_json::Value>, Rejection> {
            let ::std::option::Option::Some(raw) = raw else {
                return ::std::result::Result::Ok(::std::option::Option::None);
            };
            let malformed = || Rejection::InvalidParameter {
                name: ::std::borrow::ToOwned::to_owned(name),
                message: ::std::format!("{raw:?} is not written as the parameter's style says"),
            };
            let pairs = explode && kind == "object";
            let pieces: ::std::vec::Vec<&str> = match operator {
                "." => {
                    let body = raw.strip_prefix('.').ok_or_else(malformed)?;
                    match kind {
                        "one" => ::std::vec![body],
                        _ if explode => split_any(body, &["."]),
                        _ => split_any(body, &[",", "."]),
                    }
                }
                ";" => {
                    let body = raw.strip_prefix(';').ok_or_else(malformed)?;
                    if pairs {
                        split_any(body, &[";"])
                    } else {
                        // Each piece is `name=value`; the name is the parameter's.
                        let mut values = ::std::vec::Vec::new();
                        for piece in body.split(';') {
                            let (key, value) = piece.split_once('=').unwrap_or((piece, ""));
                            if percent_decode(key, false).as_deref() != ::std::option::Option::Some(name) {
                                return ::std::result::Result::Err(malformed());
                            }
                            values.push(value);
                        }
                        match (kind, values.as_slice()) {
                            ("one", [value]) => ::std::vec![*value],
                            ("one", _) => return ::std::result::Result::Err(malformed()),
                            _ if explode => values,
                            (_, [value]) => split_any(value, &[","]),
                            _ => return ::std::result::Result::Err(malformed()),
                        }
                    }
                }
                _ if kind == "one" => ::std::vec![raw],
                _ => split_any(raw, &[","]),
            };
            pieces_tree(name, &pieces, kind, pairs, ::std::option::Option::Some(false)).map(::std::option::Option::Some)
        }
    }
}

fn emit_query_tree() -> TokenStream {
    quote! {
        /// A query (or cookie) parameter holding an array or an object (`kind`), in style
        /// `form`, `spaceDelimited`, `pipeDelimited` or `deepObject`, as a text tree. An
        /// exploded object is the pairs named like its properties (`fields`), or, for a map,
        /// every pair no other parameter takes (`others`).
        #[allow(clippy::too_many_arguments)]
        fn query_tree(
            query: &[(::std::string::String, ::std::string::String)],
            name: &str,
            style: &str,
            explode: bool,
            kind: &str,
            fields: &[&str],
            others: &[&str],
        ) -> ::std::result::Result<::std::option::Option<::serde_json::Value>, Rejection> {
            if style == "deepObject" {
                return deep_tree(query, name);
            }
            if explode && kind != "one" {
                let mut tree = ::std::option::Option::None;
                for (key, raw) in query {
                    let taken = if kind == "list" {
                        key == name
                    } else if fields.is_empty() {
                        !others.contains(&key.as_str())
                    } else {
                        fields.contains(&key.as_str())
                    };
                    if !taken {
                        continue;
                    }
                    let path: &[&str] = if kind == "list" { &[""] } else { &[key.as_str()] };
                    insert_text(tree.get_or_insert(::serde_json::Value::Null), path, ::serde_json::Value::String(query_text(name, raw)?));
                }
                return ::std::result::Result::Ok(tree);
            }
            let ::std::option::Option::Some((_, raw)) = query.iter().find(|(key, _)| key == name) else {
                return ::std::result::Result::Ok(::std::option::Option::None);
            };
            // A literal `|` is the delimiter when there is one (an item's own `|` is then
            // encoded); some clients encode the delimiter as well.
            let separators: &[&str] = match style {
                "spaceDelimited" => &[" ", "+", "%20"],
                "pipeDelimited" if raw.contains('|') => &["|"],
                "pipeDelimited" => &["%7C", "%7c"],
                _ => &[","],
            };
            let pieces = if kind == "one" { ::std::vec![raw.as_str()] } else { split_any(raw, separators) };
            pieces_tree(name, &pieces, kind, false, ::std::option::Option::Some(true)).map(::std::option::Option::Some)
        }

        /// A `deepObject` parameter (`name[a]=1&name[b][0]=x&name[b][1]=y`) as a text tree;
        /// `name[b][]=x` appends, a repeated key makes a list.
        fn deep_tree(query: &[(::std::string::String, ::std::string::String)], name: &str) -> ::std::result::Result<::std::option::Option<::serde_json::Value>, Rejection> {
            let mut tree = ::std::option::Option::None;
            for (key, raw) in query {
                let ::std::option::Option::Some(mut rest) = key.strip_prefix(name) else { continue };
                if !rest.is_empty() && !rest.starts_with('[') {
                    continue;
                }
                let mut path = ::std::vec::Vec::new();
                while let ::std::option::Option::Some(inner) = rest.strip_prefix('[') {
                    let ::std::option::Option::Some((part, after)) = inner.split_once(']') else {
                        return ::std::result::Result::Err(Rejection::InvalidParameter {
                            name: ::std::borrow::ToOwned::to_owned(name),
                            message: ::std::format!("{key:?} has a `[` without its `]`"),
                        });
                    };
                    path.push(part);
                    rest = after;
                }
                if !rest.is_empty() {
                    continue;
                }
                insert_text(tree.get_or_insert(::serde_json::Value::Null), &path, ::serde_json::Value::String(query_text(name, raw)?));
            }
            ::std::result::Result::Ok(tree)
        }

        /// Puts `value` at `path` in a text tree: a name in an object, `""` at the end of a list
        /// (or the name `""` in an object); a second value where one is makes a list.
        fn insert_text(node: &mut ::serde_json::Value, path: &[&str], value: ::serde_json::Value) {
            let ::std::option::Option::Some((key, rest)) = path.split_first() else {
                match node {
                    ::serde_json::Value::Null => *node = value,
                    ::serde_json::Value::Array(items) => items.push(value),
                    other => {
                        let first = ::std::mem::take(other);
                        *other = ::serde_json::Value::Array(::std::vec![first, value]);
                    }
                }
                return;
            };
            // `[]` appends to a list; in an object (`name[a]=1&name[]=2`) it names `""`.
            if key.is_empty() && !node.is_object() {
                if !node.is_array() {
                    let first = ::std::mem::take(node);
                    *node = ::serde_json::Value::Array(if first.is_null() { ::std::vec::Vec::new() } else { ::std::vec![first] });
                }
                if let ::serde_json::Value::Array(items) = node {
                    let mut item = ::serde_json::Value::Null;
                    insert_text(&mut item, rest, value);
                    items.push(item);
                }
                return;
            }
            if !node.is_object() {
                let mut map = ::serde_json::Map::new();
                // What `[]` put in a list, before a name showed the value is an object.
                if let ::serde_json::Value::Array(mut items) = ::std::mem::take(node) {
                    let appended = if items.len() == 1 { items.pop().unwrap_or_default() } else { ::serde_json::Value::Array(items) };
                    map.insert(::std::string::String::new(), appended);
                }
                *node = ::serde_json::Value::Object(map);
            }
            if let ::serde_json::Value::Object(map) = node {
                let child = map.entry(*key).or_insert(::serde_json::Value::Null);
                insert_text(child, rest, value);
            }
        }
    }
}

/// What every text tree reader uses: splitting, pieces into a tree, and the deserializer.
fn emit_tree_reading() -> TokenStream {
    let numbers = [
        ("deserialize_i8", "visit_i8", "i8"),
        ("deserialize_i16", "visit_i16", "i16"),
        ("deserialize_i32", "visit_i32", "i32"),
        ("deserialize_i64", "visit_i64", "i64"),
        ("deserialize_u8", "visit_u8", "u8"),
        ("deserialize_u16", "visit_u16", "u16"),
        ("deserialize_u32", "visit_u32", "u32"),
        ("deserialize_u64", "visit_u64", "u64"),
        ("deserialize_f32", "visit_f32", "f32"),
        ("deserialize_f64", "visit_f64", "f64"),
    ]
    .map(|(method, visit, ty)| {
        let (method, visit, ty) = (
            format_ident!("{method}"),
            format_ident!("{visit}"),
            format_ident!("{ty}"),
        );
        quote! {
            fn #method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
                visitor.#visit(self.parse::<#ty>()?)
            }
        }
    });
    quote! {
        /// `text` split at any of `separators`; nothing for empty text.
        fn split_any<'t>(text: &'t str, separators: &[&str]) -> ::std::vec::Vec<&'t str> {
            let mut pieces = ::std::vec::Vec::new();
            let mut rest = text;
            while !rest.is_empty() {
                let next = separators
                    .iter()
                    .filter_map(|s| rest.find(s).map(|at| (at, s.len())))
                    .min();
                match next {
                    ::std::option::Option::Some((at, len)) => {
                        pieces.push(&rest[..at]);
                        rest = &rest[at + len..];
                        if rest.is_empty() {
                            pieces.push(rest);
                        }
                    }
                    ::std::option::Option::None => {
                        pieces.push(rest);
                        rest = "";
                    }
                }
            }
            pieces
        }

        /// Pieces of text as a tree: one text (`kind` `"one"`), a list, or an object from
        /// `name=value` pieces (`pairs`) or from names and values in turn. Each piece is
        /// percent-decoded when `decode` says how (`+` as a space, or not).
        fn pieces_tree(name: &str, pieces: &[&str], kind: &str, pairs: bool, decode: ::std::option::Option<bool>) -> ::std::result::Result<::serde_json::Value, Rejection> {
            let text = |raw: &str| -> ::std::result::Result<::serde_json::Value, Rejection> {
                let decoded = match decode {
                    ::std::option::Option::Some(plus_is_space) => percent_decode(raw, plus_is_space).ok_or_else(|| Rejection::InvalidParameter {
                        name: ::std::borrow::ToOwned::to_owned(name),
                        message: ::std::format!("{raw:?} is not valid percent-encoded UTF-8"),
                    })?,
                    ::std::option::Option::None => ::std::borrow::ToOwned::to_owned(raw),
                };
                ::std::result::Result::Ok(::serde_json::Value::String(decoded))
            };
            match kind {
                "one" => text(pieces.first().copied().unwrap_or_default()),
                "list" => pieces.iter().map(|piece| text(piece)).collect::<::std::result::Result<::std::vec::Vec<_>, _>>().map(::serde_json::Value::Array),
                _ => {
                    let mut object = ::serde_json::Map::new();
                    let mut add = |key: &str, value: &str| -> ::std::result::Result<(), Rejection> {
                        let ::serde_json::Value::String(key) = text(key)? else { return ::std::result::Result::Ok(()) };
                        object.insert(key, text(value)?);
                        ::std::result::Result::Ok(())
                    };
                    if pairs {
                        for piece in pieces {
                            let (key, value) = piece.split_once('=').unwrap_or((piece, ""));
                            add(key, value)?;
                        }
                    } else {
                        let pairs = pieces.chunks_exact(2);
                        if !pairs.remainder().is_empty() {
                            return ::std::result::Result::Err(Rejection::InvalidParameter {
                                name: ::std::borrow::ToOwned::to_owned(name),
                                message: ::std::format!("{} is not pairs of names and values", pieces.join(",")),
                            });
                        }
                        for pair in pairs {
                            if let [key, value] = pair {
                                add(key, value)?;
                            }
                        }
                    }
                    ::std::result::Result::Ok(::serde_json::Value::Object(object))
                }
            }
        }

        /// Reads a text tree as `T`, refusing it with the reason it is not one.
        fn tree_value<T: ::serde::de::DeserializeOwned>(
            name: &str,
            tree: ::std::result::Result<::std::option::Option<::serde_json::Value>, Rejection>,
        ) -> ::std::result::Result<::std::option::Option<T>, Rejection> {
            let ::std::option::Option::Some(tree) = tree? else {
                return ::std::result::Result::Ok(::std::option::Option::None);
            };
            let shown = tree.to_string();
            <T as ::serde::Deserialize>::deserialize(text_tree::TextDeserializer(tree))
                .map(::std::option::Option::Some)
                .map_err(|e| invalid_parameter(name, &shown, e.to_string()))
        }

        /// Parameters as text trees, read as any type.
        mod text_tree {
            use ::serde::Deserializer;
            use ::serde::de::value::{Error, MapDeserializer, SeqDeserializer};
            use ::serde::de::{Error as _, IntoDeserializer, Visitor};
            use ::serde_json::Value;

            /// A text tree (strings, arrays and objects, as a style writes a value) read as
            /// any type: numbers and booleans are parsed from the text where the type asks for
            /// them, and JSON text where an array or object is asked for (a value inside an
            /// array or object that the style writes as JSON).
            pub(super) struct TextDeserializer(pub(super) Value);

            impl<'de> IntoDeserializer<'de, Error> for TextDeserializer {
                type Deserializer = Self;
                fn into_deserializer(self) -> Self {
                    self
                }
            }

            impl TextDeserializer {
                fn parse<T: ::std::str::FromStr>(self) -> Result<T, Error> {
                    let text = match self.0 {
                        Value::String(text) => text,
                        Value::Number(n) => n.to_string(),
                        Value::Bool(b) => b.to_string(),
                        other => return Result::Err(Error::custom(::std::format!("{other} is not {}", ::std::any::type_name::<T>()))),
                    };
                    text.trim().parse().map_err(|_| Error::custom(::std::format!("{text:?} is not {}", ::std::any::type_name::<T>())))
                }

                /// The value, with JSON text (an array or object the style could not write) parsed.
                fn nested(self) -> Value {
                    match self.0 {
                        Value::String(text) => match ::serde_json::from_str::<Value>(&text) {
                            Result::Ok(value @ (Value::Array(_) | Value::Object(_))) => value,
                            _ => Value::String(text),
                        },
                        other => other,
                    }
                }

                fn seq<'de, V: Visitor<'de>>(items: Vec<Value>, visitor: V) -> Result<V::Value, Error> {
                    visitor.visit_seq(SeqDeserializer::new(items.into_iter().map(TextDeserializer)))
                }
            }

            impl<'de> Deserializer<'de> for TextDeserializer {
                type Error = Error;

                fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
                    match self.0 {
                        // The type does not say: text that looks like a number or a boolean is one.
                        Value::String(text) => {
                            if let Result::Ok(n) = text.parse::<i64>() {
                                return visitor.visit_i64(n);
                            }
                            if let Result::Ok(n) = text.parse::<u64>() {
                                return visitor.visit_u64(n);
                            }
                            if let Result::Ok(n) = text.parse::<f64>() && n.is_finite() {
                                return visitor.visit_f64(n);
                            }
                            match text.as_str() {
                                "true" => visitor.visit_bool(true),
                                "false" => visitor.visit_bool(false),
                                _ => visitor.visit_string(text),
                            }
                        }
                        Value::Array(items) => Self::seq(items, visitor),
                        Value::Object(map) => visitor.visit_map(MapDeserializer::new(map.into_iter().map(|(k, v)| (k, TextDeserializer(v))))),
                        other => Deserializer::deserialize_any(other, visitor).map_err(Error::custom),
                    }
                }

                fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
                    visitor.visit_bool(self.parse::<bool>()?)
                }

                #(#numbers)*

                fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
                    match self.0 {
                        Value::Null => visitor.visit_none(),
                        _ => visitor.visit_some(self),
                    }
                }

                fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
                    visitor.visit_unit()
                }

                fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
                    visitor.visit_newtype_struct(self)
                }

                fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
                    match self.nested() {
                        Value::Array(items) => Self::seq(items, visitor),
                        // `name[0]=a&name[1]=b`: an object whose names are the indexes.
                        Value::Object(map) if map.keys().all(|k| k.parse::<usize>().is_ok()) => {
                            let mut items: Vec<(usize, Value)> = map.into_iter().map(|(k, v)| (k.parse().unwrap_or_default(), v)).collect();
                            items.sort_by_key(|(i, _)| *i);
                            Self::seq(items.into_iter().map(|(_, v)| v).collect(), visitor)
                        }
                        // One value where a list is expected is a list of one.
                        other => Self::seq(::std::vec![other], visitor),
                    }
                }

                fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
                    self.deserialize_seq(visitor)
                }

                fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
                    // `name[]=x` where an object is wanted: `[]` names the property `""`.
                    if let Value::Array(mut items) = self.0 {
                        let value = if items.len() == 1 { items.pop().unwrap_or_default() } else { Value::Array(items) };
                        return visitor.visit_map(MapDeserializer::new(::std::iter::once((String::new(), TextDeserializer(value)))));
                    }
                    match self.nested() {
                        Value::Object(map) => visitor.visit_map(MapDeserializer::new(map.into_iter().map(|(k, v)| (k, TextDeserializer(v))))),
                        other => Result::Err(Error::custom(::std::format!("{other} is not an object"))),
                    }
                }

                fn deserialize_struct<V: Visitor<'de>>(self, _name: &'static str, _fields: &'static [&'static str], visitor: V) -> Result<V::Value, Error> {
                    self.deserialize_map(visitor)
                }

                fn deserialize_enum<V: Visitor<'de>>(self, _name: &'static str, _variants: &'static [&'static str], visitor: V) -> Result<V::Value, Error> {
                    match self.0 {
                        Value::String(text) => visitor.visit_enum(<String as IntoDeserializer<'de, Error>>::into_deserializer(text)),
                        other => Result::Err(Error::custom(::std::format!("{other} is not one of the values"))),
                    }
                }

                fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
                    match self.0 {
                        Value::String(text) => visitor.visit_string(text),
                        Value::Null => visitor.visit_string(String::new()),
                        other => visitor.visit_string(other.to_string()),
                    }
                }

                fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
                    self.deserialize_string(visitor)
                }

                fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
                    self.deserialize_string(visitor)
                }

                fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
                    visitor.visit_unit()
                }

                ::serde::forward_to_deserialize_any! { char bytes byte_buf unit_struct tuple_struct }
            }
        }
    }
}
