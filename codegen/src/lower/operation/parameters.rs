//! Operation parameters: where they go, their type, and how they are written (`style`,
//! `explode`, or `content`).
//!
//! Every parameter is kept. A schema the styles can write as it is (a scalar, an array of
//! scalars, an object of scalars; any value in `deepObject`) is typed as the schema says; what
//! a style has no serialization for (an array inside an array, an object inside an object) is
//! still typed, its inner values written as JSON text, with a warning; a schema without a type
//! (`{}`) is a string, with a warning. `content: {application/json: …}` carries the value as
//! JSON text.

use openapiv3::{
    CookieStyle, HeaderStyle, Operation as SpecOperation, Parameter as SpecParameter,
    ParameterSchemaOrContent, PathItem, PathStyle, QueryStyle, ReferenceOr,
};

use super::super::Lowerer;
use super::super::names::{self, camel, snake};
use crate::media_type::is_json;
use crate::model::{
    Parameter, ParameterLocation, ParameterStyle, PathTemplate, Primitive, TypeBody, TypeRef,
};

/// Rust names the generated client methods use for their own arguments.
const RESERVED_PARAMETER_NAMES: &[&str] = &["body", "params"];

/// How deep a chain of aliases may go before a parameter type is given up on.
const MAX_ALIAS_HOPS: usize = 32;

/// The parameters of an operation, its path template, and why the operation cannot be served
/// (if so).
pub(in crate::lower) struct LoweredParameters {
    /// The parameters, in spec order (path-item level first).
    pub parameters: Vec<Parameter>,
    /// The path template.
    pub template: PathTemplate,
    /// One line per problem that leaves the operation out (a template that cannot be parsed).
    pub problems: Vec<String>,
}

/// What a parameter's type is, as far as writing it as text goes.
enum TextShape {
    /// A string, number, boolean, date, uuid or string enum.
    Scalar,
    /// An array of scalars.
    List,
    /// An object (or map) whose values are scalars or arrays of scalars.
    FlatObject,
    /// A `oneOf`: written as the alternative it holds is.
    Union,
    /// Anything else: nested arrays, nested objects.
    Nested,
    /// A schema without a type (`{}`).
    Untyped,
}

impl<'a> Lowerer<'a> {
    pub(in crate::lower) fn lower_parameters(
        &mut self,
        item: &'a PathItem,
        op: &'a SpecOperation,
        path: &str,
        at: &str,
        prefix: &str,
    ) -> LoweredParameters {
        let components = self.doc.components.as_ref().map(|c| &c.parameters);
        let item_at = at.rsplit_once('/').map_or("", |(base, _)| base);
        let declared = item
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p, format!("{item_at}/parameters/{i}")))
            .chain(
                op.parameters
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (p, format!("{at}/parameters/{i}"))),
            );
        let mut resolved: Vec<(&'a SpecParameter, String)> = Vec::new();
        for (p, p_at) in declared {
            let Some(param) = self.component(p, components, "parameters", &p_at) else {
                continue;
            };
            if is_ignored_header(param) {
                let name = &param.parameter_data_ref().name;
                self.warn(&p_at, format!("header parameter `{name}` is ignored, as OpenAPI 3 says: the media types of the request body and responses, and the security schemes, say this header"), "remove the parameter; describe the header with `content` media types or a security scheme");
                continue;
            }
            // An operation-level parameter overrides a path-level one of the same name and place.
            let (name, place) = (&param.parameter_data_ref().name, parameter_location(param));
            resolved.retain(|(q, _)| {
                !(&q.parameter_data_ref().name == name && parameter_location(q) == place)
            });
            resolved.push((param, p_at));
        }
        let mut out = LoweredParameters {
            parameters: Vec::new(),
            template: PathTemplate::default(),
            problems: Vec::new(),
        };
        let mut scope = names::Scope::with_reserved(RESERVED_PARAMETER_NAMES);
        for (param, p_at) in resolved {
            let p = self.lower_parameter(param, &p_at, prefix, &mut scope);
            out.parameters.push(p);
        }
        out.template = self.check_path_template(path, at, &mut scope, &mut out);
        out
    }

    fn lower_parameter(
        &mut self,
        param: &'a SpecParameter,
        at: &str,
        prefix: &str,
        scope: &mut names::Scope,
    ) -> Parameter {
        let data = param.parameter_data_ref();
        let location = parameter_location(param);
        let name = &data.name;
        let hint = format!("{prefix}{}", camel(name, "T"));
        let (style, explode_default) = style_of(param);
        let (mut ty, content_type, schema) = match &data.format {
            ParameterSchemaOrContent::Schema(s) => (
                self.lower_schema(s, &format!("{at}/schema"), &hint).ty,
                None,
                Some(s),
            ),
            ParameterSchemaOrContent::Content(content) => {
                self.lower_content_parameter(content, at, &hint)
            }
        };
        if content_type.is_none() {
            ty = self.textual_type(ty, style, location, name, at);
        }
        let (rust_name, _) = scope.claim(&snake(name), "param");
        let constraints = match schema {
            Some(ReferenceOr::Item(s)) => Some(s),
            Some(ReferenceOr::Reference { reference }) => self.schema_silently(reference),
            None => None,
        }
        .map(|s| self.constraints_with_items(s))
        .unwrap_or_default();
        Parameter {
            wire_name: name.clone(),
            rust_name,
            location,
            ty,
            required: data.required || location == ParameterLocation::Path,
            doc: data.description.clone(),
            style,
            explode: data.explode.unwrap_or(explode_default),
            content_type,
            constraints,
            allow_empty_value: matches!(
                param,
                SpecParameter::Query {
                    allow_empty_value: Some(true),
                    ..
                }
            ),
        }
    }

    /// A parameter with `content`: JSON text of its schema's type; another media type is text.
    fn lower_content_parameter(
        &mut self,
        content: &'a indexmap::IndexMap<String, openapiv3::MediaType>,
        at: &str,
        hint: &str,
    ) -> (
        TypeRef,
        Option<String>,
        Option<&'a ReferenceOr<openapiv3::Schema>>,
    ) {
        let chosen = content
            .iter()
            .find(|(m, _)| is_json(m))
            .or_else(|| content.iter().next());
        let Some((media_type, media)) = chosen else {
            self.warn(
                at,
                "the parameter's `content` names no media type: it is carried as text",
                "give `content` one media type with a schema",
            );
            return (TypeRef::Primitive(Primitive::String), None, None);
        };
        let schema_at = crate::pointer::join(&format!("{at}/content"), [media_type, "schema"]);
        if !is_json(media_type) {
            self.warn(
                at,
                format!("the parameter's media type `{media_type}` is not JSON: the value is carried as text, as it is"),
                "use `application/json`, or `schema` with a style",
            );
            if let Some(schema) = &media.schema {
                self.lower_schema(schema, &schema_at, hint);
            }
            return (TypeRef::Primitive(Primitive::String), None, None);
        }
        let ty = match &media.schema {
            Some(schema) => self.lower_schema(schema, &schema_at, hint).ty,
            None => TypeRef::Primitive(Primitive::Json),
        };
        (ty, Some(media_type.clone()), media.schema.as_ref())
    }

    /// The type a parameter written in `style` is carried as: its own, but a string for a
    /// schema without a type. Warns where the style has no serialization for the value.
    fn textual_type(
        &mut self,
        ty: TypeRef,
        style: ParameterStyle,
        location: ParameterLocation,
        name: &str,
        at: &str,
    ) -> TypeRef {
        let place = location_word(location);
        match self.text_shape(&ty) {
            TextShape::Untyped => {
                self.warn(
                    at,
                    format!("{place} parameter `{name}` has a schema without a type: it is carried as a string"),
                    "give the schema a `type`",
                );
                TypeRef::Primitive(Primitive::String)
            }
            TextShape::Nested if style != ParameterStyle::DeepObject => {
                self.warn(
                    at,
                    format!(
                        "{place} parameter `{name}` holds arrays or objects inside its value, which style `{}` cannot write: each inner value is written as JSON text",
                        style.name()
                    ),
                    "use `style: deepObject` (query), or `content: {application/json: …}`",
                );
                ty
            }
            _ => ty,
        }
    }

    fn text_shape(&self, ty: &TypeRef) -> TextShape {
        let object = |flat: bool| {
            if flat {
                TextShape::FlatObject
            } else {
                TextShape::Nested
            }
        };
        match self.resolve_alias(ty) {
            Some(TypeRef::Primitive(Primitive::Json)) => TextShape::Untyped,
            Some(TypeRef::Primitive(_)) => TextShape::Scalar,
            Some(TypeRef::Vec(item)) if self.is_scalar(&item) => TextShape::List,
            Some(TypeRef::Map(value)) => object(self.is_flat_value(&value)),
            Some(TypeRef::Named(name)) => match self.types.iter().find(|t| t.name == name) {
                Some(t) => match &t.body {
                    TypeBody::Enum(_) => TextShape::Scalar,
                    TypeBody::Struct(s) => {
                        object(s.fields.iter().all(|f| self.is_flat_value(&f.ty)))
                    }
                    TypeBody::OneOf(_) => TextShape::Union,
                    TypeBody::Alias(_) => TextShape::Nested,
                },
                None => TextShape::Nested,
            },
            _ => TextShape::Nested,
        }
    }

    /// Whether `ty` is a string, number, boolean, date, uuid or string enum.
    fn is_scalar(&self, ty: &TypeRef) -> bool {
        match self.resolve_alias(ty) {
            Some(TypeRef::Primitive(p)) => p != Primitive::Json,
            Some(TypeRef::Named(name)) => self
                .types
                .iter()
                .any(|t| t.name == name && matches!(t.body, TypeBody::Enum(_))),
            _ => false,
        }
    }

    /// Whether an object's property of type `ty` can be written as one value or a list.
    fn is_flat_value(&self, ty: &TypeRef) -> bool {
        match self.resolve_alias(ty) {
            Some(TypeRef::Primitive(_)) => true,
            Some(TypeRef::Vec(item)) => self.is_scalar(&item),
            _ => self.is_scalar(ty),
        }
    }

    /// `ty` with aliases (and `Option`/`Box` wrappers) looked through; `None` for a chain of
    /// aliases too long to follow.
    pub(in crate::lower) fn resolve_alias(&self, ty: &TypeRef) -> Option<TypeRef> {
        let mut current = ty.clone();
        for _ in 0..MAX_ALIAS_HOPS {
            current = match current {
                TypeRef::Nullable(t) | TypeRef::Boxed(t) => *t,
                TypeRef::Named(name) => match self.types.iter().find(|t| t.name == name) {
                    Some(t) => match &t.body {
                        TypeBody::Alias(target) => target.clone(),
                        _ => return Some(TypeRef::Named(name)),
                    },
                    None => return Some(TypeRef::Named(name)),
                },
                other => return Some(other),
            };
        }
        None
    }
}

/// The style, and whether it explodes by default (only `form` does).
fn style_of(param: &SpecParameter) -> (ParameterStyle, bool) {
    let style = match param {
        SpecParameter::Path { style, .. } => match style {
            PathStyle::Simple => ParameterStyle::Simple,
            PathStyle::Matrix => ParameterStyle::Matrix,
            PathStyle::Label => ParameterStyle::Label,
        },
        SpecParameter::Query { style, .. } => match style {
            QueryStyle::Form => ParameterStyle::Form,
            QueryStyle::SpaceDelimited => ParameterStyle::SpaceDelimited,
            QueryStyle::PipeDelimited => ParameterStyle::PipeDelimited,
            QueryStyle::DeepObject => ParameterStyle::DeepObject,
        },
        SpecParameter::Header {
            style: HeaderStyle::Simple,
            ..
        } => ParameterStyle::Simple,
        SpecParameter::Cookie {
            style: CookieStyle::Form,
            ..
        } => ParameterStyle::Form,
    };
    (style, style == ParameterStyle::Form)
}

/// A header parameter named `Accept`, `Content-Type` or `Authorization`, which OpenAPI 3
/// ignores (unless a 2.0 document, which does not, declared it).
fn is_ignored_header(param: &SpecParameter) -> bool {
    let data = param.parameter_data_ref();
    matches!(param, SpecParameter::Header { .. })
        && crate::load::IGNORED_HEADERS.contains(&data.name.to_ascii_lowercase().as_str())
        && !data.extensions.contains_key(crate::load::KEPT_HEADER)
}

fn parameter_location(param: &SpecParameter) -> ParameterLocation {
    match param {
        SpecParameter::Path { .. } => ParameterLocation::Path,
        SpecParameter::Query { .. } => ParameterLocation::Query,
        SpecParameter::Header { .. } => ParameterLocation::Header,
        SpecParameter::Cookie { .. } => ParameterLocation::Cookie,
    }
}

fn location_word(location: ParameterLocation) -> &'static str {
    match location {
        ParameterLocation::Path => "path",
        ParameterLocation::Query => "query",
        ParameterLocation::Header => "header",
        ParameterLocation::Cookie => "cookie",
    }
}
