//! The server's form reader: `application/x-www-form-urlencoded` pairs, their names read in
//! bracket notation (`a[b][0][]`), built into a JSON value as the body's type says (the
//! `FormShape` of each struct, emitted here), then checked and decoded as a JSON body is.
//!
//! It reads what the client writes and what real clients send: repeated names for arrays
//! (`tags=a&tags=b`), `tags[]=a`, `tags[0]=a`, `meta[key]=v`, `items[0][price]=p`, the
//! delimited and JSON styles that `encoding` gives, and an exploded object's properties as
//! pairs of their own. Multipart value parts are read with the same shapes.

use indexmap::IndexMap;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::super::client_form::emit_form_style;
use super::super::params::object_fields;
use crate::lower::names::{Scope, snake};
use crate::model::{Api, Field, Presence, Primitive, TypeBody, TypeRef};

/// The structs read from forms, each with the name of its shape function.
#[derive(Default)]
pub struct FormShapes {
    functions: IndexMap<String, Ident>,
    scope: Scope,
}

impl FormShapes {
    /// The `FormShape` expression of `ty`, registering the structs it reaches.
    pub fn shape(&mut self, api: &Api, ty: &TypeRef) -> TokenStream {
        match api.resolve(ty) {
            // A free-form value may be an array (repeated names) or an object (brackets).
            TypeRef::Primitive(Primitive::Json) => quote! { FormShape::Any },
            TypeRef::Primitive(p) => {
                let kind = format_ident!("{}", kind_name(*p));
                quote! { FormShape::Scalar(FormKind::#kind) }
            }
            TypeRef::Vec(item) => {
                let item = self.shape(api, item);
                quote! { FormShape::List(&#item) }
            }
            TypeRef::Map(value) => {
                let value = self.shape(api, value);
                quote! { FormShape::Map(&#value) }
            }
            TypeRef::Named(name) => {
                if let Some(TypeBody::Enum(_)) = api.type_named(name).map(|t| &t.body) {
                    return quote! { FormShape::Scalar(FormKind::Text) };
                }
                let Some((fields, union)) = object_fields(api, name) else {
                    return quote! { FormShape::Any };
                };
                let function = match self.functions.get(name) {
                    Some(f) => f.clone(),
                    None => {
                        let (wanted, _) = self
                            .scope
                            .claim(&format!("form_shape_{}", snake(name)), "form_shape");
                        let f = format_ident!("{}", wanted);
                        self.functions.insert(name.clone(), f.clone());
                        for field in &fields {
                            self.shape(api, &field.ty);
                        }
                        f
                    }
                };
                let empties = if union {
                    tagged_empties(api, name)
                } else {
                    empty_fields(api, &fields)
                        .into_iter()
                        .map(|f| (String::new(), String::new(), f.to_owned()))
                        .collect()
                };
                let empties = empties
                    .iter()
                    .map(|(property, tag, name)| quote! { (#property, #tag, #name) });
                quote! { FormShape::Object(#function, &[#(#empties),*]) }
            }
            // A tuple's items differ by position, which no form shape says.
            TypeRef::Nullable(_) | TypeRef::Boxed(_) | TypeRef::Tuple(_) => {
                quote! { FormShape::Any }
            }
        }
    }

    /// The shape function of every registered struct: its property's shape by name.
    pub fn emit(&self, api: &Api) -> TokenStream {
        let mut again = FormShapes {
            functions: self.functions.clone(),
            scope: Scope::default(),
        };
        let functions = self.functions.iter().map(|(name, function)| {
            let Some((fields, _)) = object_fields(api, name) else {
                return quote! {};
            };
            let arms = fields.iter().map(|f| {
                let wire = &f.wire_name;
                let shape = again.shape(api, &f.ty);
                let nullable = matches!(
                    f.presence,
                    Presence::RequiredNullable | Presence::Optional { nullable: true }
                ) || matches!(f.ty, TypeRef::Nullable(_));
                let shape = if nullable {
                    quote! { FormShape::Nullable(&#shape) }
                } else {
                    shape
                };
                quote! { #wire => ::std::option::Option::Some(#shape), }
            });
            let doc = format!(" How the properties of `{name}` are read from a form.");
            if fields.is_empty() {
                return quote! {
                    #[doc = #doc]
                    fn #function(_: &str) -> ::std::option::Option<FormShape> {
                        ::std::option::Option::None
                    }
                };
            }
            quote! {
                #[doc = #doc]
                fn #function(name: &str) -> ::std::option::Option<FormShape> {
                    match name {
                        #(#arms)*
                        _ => ::std::option::Option::None,
                    }
                }
            }
        });
        quote! { #(#functions)* }
    }
}

/// The required fields among `fields` whose value a form may write as no pairs.
fn empty_fields<'a>(api: &Api, fields: &[&'a Field]) -> Vec<&'a str> {
    fields
        .iter()
        .filter(|f| {
            matches!(f.presence, Presence::Required | Presence::RequiredNullable)
                && written_as_nothing(api, &f.ty)
        })
        .map(|f| f.wire_name.as_str())
        .collect()
}

/// For a union of objects under a discriminator: (tag property, tag, field) for each
/// alternative's required fields a form may write as no pairs, which apply once the tag
/// says which alternative came. Without a discriminator, which came is not known: none.
fn tagged_empties(api: &Api, name: &str) -> Vec<(String, String, String)> {
    let Some(TypeBody::OneOf(o)) = api.type_named(name).map(|t| &t.body) else {
        return Vec::new();
    };
    let Some(property) = &o.discriminator else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for variant in &o.variants {
        let TypeRef::Named(alternative) = api.resolve(&variant.ty) else {
            continue;
        };
        let Some(TypeBody::Struct(s)) = api.type_named(alternative).map(|t| &t.body) else {
            continue;
        };
        let fields: Vec<&Field> = s.fields.iter().collect();
        for field in empty_fields(api, &fields) {
            for tag in &variant.tags {
                out.push((property.clone(), tag.clone(), field.to_owned()));
            }
        }
    }
    out
}

/// Whether a form writes some value of type `ty` as no pairs at all: an empty array, an
/// empty map or object, or a free-form value (`[]`, `{}`). A form that leaves out a required
/// property of such a type sent that value, which the reader puts back.
fn written_as_nothing(api: &Api, ty: &TypeRef) -> bool {
    match api.resolve(ty) {
        TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Primitive(Primitive::Json) => true,
        TypeRef::Named(name) => matches!(
            api.type_named(name).map(|t| &t.body),
            Some(TypeBody::Struct(_))
        ),
        _ => false,
    }
}

fn kind_name(p: Primitive) -> &'static str {
    match p {
        Primitive::I32 | Primitive::I64 => "Integer",
        Primitive::F32 | Primitive::F64 => "Number",
        Primitive::Bool => "Boolean",
        Primitive::Json => "Json",
        _ => "Text",
    }
}

/// `FormKind`, `FormShape`, the pair tree and its conversion, the shape functions, and (for
/// form bodies) `FormStyle` and `form_from_bytes`.
pub fn emit_form_reader(form_bodies: bool, shapes: &FormShapes, api: &Api) -> TokenStream {
    let functions = shapes.emit(api);
    let from_bytes = form_bodies.then(form_from_bytes);
    quote! {
        /// How a form field's text becomes a JSON value before the body is decoded.
        #[derive(::std::clone::Clone, ::std::marker::Copy)]
        #[allow(dead_code)] // which kinds are used depends on the form bodies of the spec
        enum FormKind {
            /// A string (also dates, uuids and enums).
            Text,
            /// An integer, when the text is one.
            Integer,
            /// A number, when the text is one.
            Number,
            /// `true` or `false`.
            Boolean,
            /// Anything: the text read as JSON, when it is JSON.
            Json,
        }

        impl FormKind {
            /// The JSON value of `text`; text that is not of the kind stays a string, so
            /// decoding reports the field's type.
            fn value(self, text: ::std::string::String) -> ::serde_json::Value {
                match self {
                    FormKind::Text => ::serde_json::Value::String(text),
                    FormKind::Integer => match text.parse::<i64>() {
                        ::std::result::Result::Ok(n) => ::serde_json::Value::from(n),
                        ::std::result::Result::Err(_) => match text.parse::<u64>() {
                            ::std::result::Result::Ok(n) => ::serde_json::Value::from(n),
                            ::std::result::Result::Err(_) => ::serde_json::Value::String(text),
                        },
                    },
                    FormKind::Number => match text.parse::<f64>().ok().and_then(::serde_json::Number::from_f64) {
                        ::std::option::Option::Some(n) => ::serde_json::Value::Number(n),
                        ::std::option::Option::None => ::serde_json::Value::String(text),
                    },
                    FormKind::Boolean => match text.as_str() {
                        "true" => ::serde_json::Value::Bool(true),
                        "false" => ::serde_json::Value::Bool(false),
                        _ => ::serde_json::Value::String(text),
                    },
                    FormKind::Json => ::serde_json::from_str(&text).unwrap_or(::serde_json::Value::String(text)),
                }
            }
        }

        /// The shape of a value read from a form: what its text and brackets become.
        #[derive(::std::clone::Clone, ::std::marker::Copy)]
        #[allow(dead_code)] // which shapes are used depends on the spec
        enum FormShape {
            /// One value of a kind.
            Scalar(FormKind),
            /// An array: repeated names, `name[]` or `name[0]`.
            List(&'static FormShape),
            /// A map: `name[key]`, any key.
            Map(&'static FormShape),
            /// A struct: `name[property]`, each property's shape by name, and the required
            /// properties a form may leave out because their value was empty (`[]`, `{}`):
            /// (tag property, tag, property), the first two empty but in a union's alternative
            /// that the tag picks.
            Object(fn(&str) -> ::std::option::Option<FormShape>, &'static [(&'static str, &'static str, &'static str)]),
            /// A free-form value: objects and arrays as the brackets say, text as JSON when it
            /// is JSON.
            Any,
            /// A property that may be `null`, which a form writes as the text `null`.
            Nullable(&'static FormShape),
        }

        impl FormShape {
            /// The shape of a property (or key, or item) of a value of this shape.
            fn child(self, key: &str) -> FormShape {
                match self.unwrapped() {
                    FormShape::Object(fields, _) => fields(key).unwrap_or(FormShape::Any),
                    FormShape::Map(value) | FormShape::List(value) => *value,
                    FormShape::Scalar(_) | FormShape::Any | FormShape::Nullable(_) => FormShape::Any,
                }
            }

            /// The shape of a value that is not `null`.
            fn unwrapped(self) -> FormShape {
                match self {
                    FormShape::Nullable(inner) => inner.unwrapped(),
                    other => other,
                }
            }
        }

        /// Puts back the required properties of an object of this shape that a form left
        /// out because their value was empty: an array as `[]`, a map or object as `{}`, a
        /// free-form value as `null`.
        fn restore_empty_properties(shape: FormShape, object: &mut ::serde_json::Map<::std::string::String, ::serde_json::Value>) {
            let FormShape::Object(fields, empties) = shape else {
                return;
            };
            for (property, tag, name) in empties {
                if object.contains_key(*name) {
                    continue;
                }
                if !property.is_empty() && object.get(*property).and_then(::serde_json::Value::as_str) != ::std::option::Option::Some(*tag) {
                    continue;
                }
                let empty = match fields(name).map(FormShape::unwrapped) {
                    ::std::option::Option::Some(FormShape::List(_)) => ::serde_json::Value::Array(::std::vec::Vec::new()),
                    ::std::option::Option::Some(FormShape::Map(_) | FormShape::Object(..)) => ::serde_json::Value::Object(::serde_json::Map::new()),
                    _ => ::serde_json::Value::Null,
                };
                object.insert(::std::borrow::ToOwned::to_owned(*name), empty);
            }
        }

        /// Form pairs as a tree, by the bracket notation of their names.
        #[allow(dead_code)] // only form bodies have children; multipart values are single
        enum FormNode {
            /// The texts given for one name.
            Values(::std::vec::Vec<::std::string::String>),
            /// Named (or, for `[]`, unnamed) children, in the order they came.
            Children(::std::vec::Vec<(::std::string::String, FormNode)>),
        }

        fn given_twice(path: &str) -> Rejection {
            Rejection::InvalidField {
                path: ::std::borrow::ToOwned::to_owned(path),
                message: ::std::borrow::ToOwned::to_owned("is given more than once"),
            }
        }

        /// The JSON value of a tree node of this shape; `path` names it in refusals.
        fn form_value(node: FormNode, shape: FormShape, path: &str) -> ::std::result::Result<::serde_json::Value, Rejection> {
            match (shape, node) {
                (FormShape::Nullable(_), FormNode::Values(values)) if values.len() == 1 && values[0] == "null" => {
                    ::std::result::Result::Ok(::serde_json::Value::Null)
                }
                (FormShape::Nullable(inner), node) => form_value(node, *inner, path),
                (FormShape::List(item), FormNode::Values(values)) => values
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| form_value(FormNode::Values(::std::vec![v]), *item, &::std::format!("{path}[{i}]")))
                    .collect::<::std::result::Result<::std::vec::Vec<_>, _>>()
                    .map(::serde_json::Value::Array),
                (FormShape::Any, FormNode::Values(mut values)) if values.len() > 1 => {
                    ::std::result::Result::Ok(::serde_json::Value::Array(values.drain(..).map(|v| FormKind::Json.value(v)).collect()))
                }
                (shape, FormNode::Values(mut values)) => {
                    if values.len() > 1 {
                        return ::std::result::Result::Err(given_twice(path));
                    }
                    let text = values.pop().unwrap_or_default();
                    ::std::result::Result::Ok(match shape {
                        FormShape::Scalar(kind) => kind.value(text),
                        _ => FormKind::Json.value(text),
                    })
                }
                (FormShape::List(item), FormNode::Children(mut children)) => {
                    // `[0]`, `[1]`, … in index order; `[]` in the order given.
                    for (key, _) in &children {
                        if !key.is_empty() && key.parse::<usize>().is_err() {
                            return ::std::result::Result::Err(Rejection::InvalidField {
                                path: ::std::format!("{path}[{key}]"),
                                message: ::std::borrow::ToOwned::to_owned("an array takes indexes, not names"),
                            });
                        }
                    }
                    children.sort_by_key(|(key, _)| key.parse::<usize>().ok());
                    children
                        .into_iter()
                        .enumerate()
                        .map(|(i, (_, child))| form_value(child, *item, &::std::format!("{path}[{i}]")))
                        .collect::<::std::result::Result<::std::vec::Vec<_>, _>>()
                        .map(::serde_json::Value::Array)
                }
                (FormShape::Any, FormNode::Children(children))
                    if children.iter().all(|(key, _)| key.is_empty() || key.parse::<usize>().is_ok()) =>
                {
                    form_value(FormNode::Children(children), FormShape::List(&FormShape::Any), path)
                }
                (shape, FormNode::Children(children)) => {
                    let mut object = ::serde_json::Map::new();
                    for (key, child) in children {
                        let at = if path.is_empty() { ::std::clone::Clone::clone(&key) } else { ::std::format!("{path}.{key}") };
                        let value = form_value(child, shape.child(&key), &at)?;
                        object.insert(key, value);
                    }
                    restore_empty_properties(shape, &mut object);
                    ::std::result::Result::Ok(::serde_json::Value::Object(object))
                }
            }
        }

        #from_bytes
        #functions
    }
}

fn form_from_bytes() -> TokenStream {
    let form_style = emit_form_style();
    quote! {
        impl FormNode {
            /// Adds `value` at `path`; `Err` when a name is given both as a value and with
            /// brackets.
            fn insert(&mut self, path: &[::std::string::String], value: ::std::string::String) -> ::std::result::Result<(), ()> {
                let ::std::option::Option::Some((key, rest)) = path.split_first() else {
                    return match self {
                        FormNode::Values(values) => {
                            values.push(value);
                            ::std::result::Result::Ok(())
                        }
                        FormNode::Children(_) => ::std::result::Result::Err(()),
                    };
                };
                if let FormNode::Values(values) = self {
                    if !values.is_empty() {
                        return ::std::result::Result::Err(());
                    }
                    *self = FormNode::Children(::std::vec::Vec::new());
                }
                let FormNode::Children(children) = self else {
                    return ::std::result::Result::Err(());
                };
                if !key.is_empty()
                    && let ::std::option::Option::Some((_, child)) = children.iter_mut().find(|(k, _)| k == key)
                {
                    return child.insert(rest, value);
                }
                let mut child = FormNode::Values(::std::vec::Vec::new());
                child.insert(rest, value)?;
                children.push((::std::clone::Clone::clone(key), child));
                ::std::result::Result::Ok(())
            }
        }

        /// `a[b][0][]` as `["a", "b", "0", ""]`; a name whose brackets are not well formed is
        /// one key.
        fn form_name_path(name: &str) -> ::std::vec::Vec<::std::string::String> {
            if let ::std::option::Option::Some(open) = name.find('[')
                && open > 0
                && name.ends_with(']')
            {
                let inner = &name[open + 1..name.len() - 1];
                let segments: ::std::vec::Vec<&str> = inner.split("][").collect();
                if segments.iter().all(|s| !s.contains('[') && !s.contains(']')) {
                    let mut path = ::std::vec![::std::borrow::ToOwned::to_owned(&name[..open])];
                    path.extend(segments.into_iter().map(::std::borrow::ToOwned::to_owned));
                    return path;
                }
            }
            ::std::vec![::std::borrow::ToOwned::to_owned(name)]
        }

        #form_style

        /// A form body as `T`, its content type already accepted: the pairs built into a value
        /// of the `root` shape (each top-level property in its `styles` entry's style), then
        /// checked and decoded as a JSON body is.
        fn form_from_bytes<T: ::serde::de::DeserializeOwned>(
            bytes: &[u8],
            check: fn(&::serde_json::Value, &str, &mut FieldReport),
            root: FormShape,
            styles: &[(&str, FormStyle)],
        ) -> ::std::result::Result<T, Rejection> {
            let text = ::std::str::from_utf8(bytes)
                .map_err(|_| Rejection::InvalidBody(::std::borrow::ToOwned::to_owned("the form body is not UTF-8")))?;
            let mut tree = FormNode::Children(::std::vec::Vec::new());
            for pair in text.split('&').filter(|pair| !pair.is_empty()) {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                let undecodable = || Rejection::InvalidBody(::std::format!("the form pair {pair:?} is not valid percent-encoded UTF-8"));
                let name = percent_decode(name, true).ok_or_else(undecodable)?;
                let value = percent_decode(value, true).ok_or_else(undecodable)?;
                let path = form_name_path(&name);
                // The tree is built and read recursively: a bound keeps a hostile name from
                // exhausting the stack.
                if path.len() > 32 {
                    return ::std::result::Result::Err(Rejection::InvalidField {
                        path: name,
                        message: ::std::borrow::ToOwned::to_owned("is nested more than 32 levels deep"),
                    });
                }
                tree.insert(&path, value).map_err(|()| Rejection::InvalidField {
                    path: ::std::clone::Clone::clone(&name),
                    message: ::std::borrow::ToOwned::to_owned("is given both as a value and with brackets"),
                })?;
            }
            let FormNode::Children(mut children) = tree else {
                return ::std::result::Result::Err(Rejection::InvalidBody(::std::borrow::ToOwned::to_owned("the form body has no pairs")));
            };
            // An exploded object's properties came as pairs of their own.
            for (property, style) in styles {
                if *style != FormStyle::FormExploded {
                    continue;
                }
                let FormShape::Object(fields, _) = root.child(property).unwrapped() else {
                    continue;
                };
                let known = |key: &str| matches!(root, FormShape::Object(root_fields, _) if root_fields(key).is_some());
                let (spread, rest): (::std::vec::Vec<_>, ::std::vec::Vec<_>) = children
                    .into_iter()
                    .partition(|(key, _)| !known(key) && fields(key).is_some());
                children = rest;
                if !spread.is_empty() {
                    children.push((::std::borrow::ToOwned::to_owned(*property), FormNode::Children(spread)));
                }
            }
            let mut object = ::serde_json::Map::new();
            for (key, node) in children {
                let style = styles.iter().find(|(p, _)| *p == key).map_or(FormStyle::Default, |(_, s)| *s);
                let shape = root.child(&key);
                let value = match (style, node) {
                    (FormStyle::Json, FormNode::Values(mut values)) => {
                        if values.len() > 1 {
                            return ::std::result::Result::Err(given_twice(&key));
                        }
                        let text = values.pop().unwrap_or_default();
                        ::serde_json::from_str(&text).map_err(|e| Rejection::InvalidField {
                            path: ::std::clone::Clone::clone(&key),
                            message: ::std::format!("is not JSON: {e}"),
                        })?
                    }
                    (FormStyle::SpaceDelimited | FormStyle::PipeDelimited, FormNode::Values(values)) => {
                        let separator = if style == FormStyle::SpaceDelimited { ' ' } else { '|' };
                        let items = values.iter().flat_map(|v| v.split(separator)).map(::std::borrow::ToOwned::to_owned).collect();
                        form_value(FormNode::Values(items), shape, &key)?
                    }
                    (_, node) => form_value(node, shape, &key)?,
                };
                object.insert(key, value);
            }
            restore_empty_properties(root, &mut object);
            decode_checked(::serde_json::Value::Object(object), check)
        }
    }
}
