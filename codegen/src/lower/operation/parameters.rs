//! Operation parameters: where they go, how they are written, and whether the generated client
//! and server can carry them.
//!
//! Path, query and header parameters whose schema is a string, number, boolean, string enum or
//! an array of those are supported, in style `simple` (path, header) or `form` (query). An
//! optional parameter beyond that (a cookie, a `content` parameter, an object, another style) is
//! left out with a warning; a required one leaves the whole operation out.

use openapiv3::{
    Operation as SpecOperation, Parameter as SpecParameter, ParameterSchemaOrContent, PathItem,
    PathStyle, QueryStyle, ReferenceOr,
};

use super::super::Lowerer;
use super::super::names::{self, camel, snake};
use crate::model::{Parameter, ParameterLocation, Primitive, TypeBody, TypeRef};

/// Rust names the generated client methods use for their own arguments.
const RESERVED_PARAMETER_NAMES: &[&str] = &["body", "params"];

/// How deep a chain of aliases may go before a parameter type is given up on.
const MAX_ALIAS_HOPS: usize = 32;

/// The parameters of an operation, and why a required one cannot be carried (if so).
pub(in crate::lower) struct LoweredParameters {
    /// The supported parameters, in spec order (path-item level first).
    pub parameters: Vec<Parameter>,
    /// One line per required parameter the generated code cannot carry.
    pub problems: Vec<String>,
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
            // An operation-level parameter overrides a path-level one of the same name and place.
            let (name, place) = (&param.parameter_data_ref().name, parameter_location(param));
            resolved.retain(|(q, _)| {
                !(&q.parameter_data_ref().name == name && parameter_location(q) == place)
            });
            resolved.push((param, p_at));
        }
        let mut out = LoweredParameters {
            parameters: Vec::new(),
            problems: Vec::new(),
        };
        let mut scope = names::Scope::with_reserved(RESERVED_PARAMETER_NAMES);
        for (param, p_at) in resolved {
            if let Some(p) = self.lower_parameter(param, &p_at, prefix, &mut scope, &mut out) {
                out.parameters.push(p);
            }
        }
        self.check_path_template(path, at, &mut out);
        out
    }

    fn lower_parameter(
        &mut self,
        param: &'a SpecParameter,
        at: &str,
        prefix: &str,
        scope: &mut names::Scope,
        out: &mut LoweredParameters,
    ) -> Option<Parameter> {
        let data = param.parameter_data_ref();
        let location = parameter_location(param);
        let required = data.required || location == ParameterLocation::Path;
        let place = location_word(location);
        let name = &data.name;
        let mut refuse = |this: &mut Self, why: String| {
            if required {
                out.problems
                    .push(format!("{place} parameter `{name}` ({why})"));
            } else {
                this.warn(at, format!("{place} parameter `{name}` is left out of the generated client and server: {why}"), "the server can still read it from the raw request (`context.headers`)");
            }
            None
        };
        if location == ParameterLocation::Cookie {
            return refuse(self, "cookie parameters are not supported yet".to_owned());
        }
        if let Some(style) = unsupported_style(param) {
            return refuse(self, format!("style `{style}` is not supported yet"));
        }
        let schema = match &data.format {
            ParameterSchemaOrContent::Schema(s) => s,
            ParameterSchemaOrContent::Content(_) => {
                return refuse(
                    self,
                    "a parameter with `content` instead of `schema` is not supported yet"
                        .to_owned(),
                );
            }
        };
        let ty = self
            .lower_schema(
                schema,
                &format!("{at}/schema"),
                &format!("{prefix}{}", camel(name, "T")),
            )
            .ty;
        if let Some(why) = self.parameter_type_problem(&ty) {
            return refuse(self, why.to_owned());
        }
        let explode = data
            .explode
            .unwrap_or(matches!(param, SpecParameter::Query { .. }));
        let (rust_name, _) = scope.claim(&snake(name), "param");
        let constraints = match schema {
            ReferenceOr::Item(s) => Some(s),
            ReferenceOr::Reference { reference } => self.schema_silently(reference),
        }
        .map(|s| self.constraints_with_items(s))
        .unwrap_or_default();
        Some(Parameter {
            wire_name: name.clone(),
            rust_name,
            location,
            ty,
            required,
            doc: data.description.clone(),
            explode,
            constraints,
        })
    }

    /// Why a parameter of type `ty` cannot be written as text, if it cannot.
    fn parameter_type_problem(&self, ty: &TypeRef) -> Option<&'static str> {
        match self.resolve_alias(ty) {
            Some(TypeRef::Vec(item)) => self.parameter_scalar(&item).err().map(|_| {
                "only arrays of strings, numbers, booleans and enums are supported as parameters"
            }),
            _ => self.parameter_scalar(ty).err(),
        }
    }

    /// Whether `ty` is a string, number, boolean, date, uuid or string enum.
    fn parameter_scalar(&self, ty: &TypeRef) -> Result<(), &'static str> {
        const OBJECT: &str = "objects and untyped values are not supported as parameters yet";
        match self.resolve_alias(ty) {
            Some(TypeRef::Primitive(Primitive::Json)) => Err(OBJECT),
            Some(TypeRef::Primitive(_)) => Ok(()),
            Some(TypeRef::Named(name)) => match self.types.iter().find(|t| t.name == name) {
                Some(t) if matches!(t.body, TypeBody::Enum(_)) => Ok(()),
                _ => Err(OBJECT),
            },
            Some(TypeRef::Vec(_)) => Err("arrays of arrays are not supported as parameters"),
            _ => Err(OBJECT),
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

    /// The path template's `{names}` must each be a whole segment and a declared path
    /// parameter; a declared path parameter the template does not name is dropped.
    fn check_path_template(&mut self, path: &str, at: &str, out: &mut LoweredParameters) {
        let names = match template_names(path) {
            Ok(names) => names,
            Err(segment) => {
                out.problems.push(format!(
                    "path segment `{segment}` is not one parameter name in braces (or repeats one), which is not supported yet"
                ));
                return;
            }
        };
        for name in &names {
            let declared = out
                .parameters
                .iter()
                .any(|p| p.location == ParameterLocation::Path && &p.wire_name == name);
            let refused = out
                .problems
                .iter()
                .any(|p| p.starts_with(&format!("path parameter `{name}`")));
            if !declared && !refused {
                out.problems.push(format!(
                    "path template names `{{{name}}}`, which no path parameter declares"
                ));
            }
        }
        let before = out.parameters.len();
        out.parameters
            .retain(|p| p.location != ParameterLocation::Path || names.contains(&p.wire_name));
        if out.parameters.len() != before {
            self.warn(
                at,
                "a path parameter is declared that the path template does not name; it is left out",
                "name it in the path as `{name}`, or remove it",
            );
        }
    }
}

/// The `{names}` of a path template, in order; `Err` with the segment where a name is not a
/// whole segment.
pub(in crate::lower) fn template_names(path: &str) -> Result<Vec<String>, String> {
    let mut names = Vec::new();
    for segment in path.split('/') {
        if !segment.contains(['{', '}']) {
            continue;
        }
        // A router reads `{*name}` as a catch-all, and cannot tell two `{name}`s apart.
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name)
                if !name.is_empty()
                    && !name.starts_with('*')
                    && !name.contains(['{', '}'])
                    && !names.iter().any(|n| n == name) =>
            {
                names.push(name.to_owned());
            }
            _ => return Err(segment.to_owned()),
        }
    }
    Ok(names)
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

/// The style of a parameter when the generated code cannot write it.
fn unsupported_style(param: &SpecParameter) -> Option<&'static str> {
    match param {
        SpecParameter::Path { style, .. } => match style {
            PathStyle::Simple => None,
            PathStyle::Matrix => Some("matrix"),
            PathStyle::Label => Some("label"),
        },
        SpecParameter::Query { style, .. } => match style {
            QueryStyle::Form => None,
            QueryStyle::SpaceDelimited => Some("spaceDelimited"),
            QueryStyle::PipeDelimited => Some("pipeDelimited"),
            QueryStyle::DeepObject => Some("deepObject"),
        },
        SpecParameter::Header { .. } | SpecParameter::Cookie { .. } => None,
    }
}
