//! Path templates: their segments and parameters, how they match the declared path
//! parameters, and which operations a router cannot tell apart.
//!
//! A template parameter may be a whole segment (`/users/{id}`) or part of one
//! (`/files/{name}.{ext}`, `/v1/{name}:cancel`, `/report-{year}`). Two templates that differ
//! only in their parameters' names (`/a/{id}` and `/a/{name}`) are one route; OpenAPI forbids
//! them for one method, and real specs have them anyway.

use std::collections::HashMap;

use super::super::Lowerer;
use super::super::names;
use super::parameters::LoweredParameters;
use crate::model::{
    Operation, Parameter, ParameterLocation, ParameterStyle, PathSegment, PathTemplate, Primitive,
    TemplatePiece, TypeRef,
};

/// A path template split into segments; `Err` names the segment that is not one (an unclosed
/// brace, an empty or repeated parameter name).
pub(in crate::lower) fn parse_template(path: &str) -> Result<PathTemplate, String> {
    let mut seen: Vec<&str> = Vec::new();
    let mut segments = Vec::new();
    for segment in path.strip_prefix('/').unwrap_or(path).split('/') {
        let mut pieces = Vec::new();
        let mut rest = segment;
        while !rest.is_empty() {
            let Some(open) = rest.find(['{', '}']) else {
                pieces.push(TemplatePiece::Literal(rest.to_owned()));
                break;
            };
            if rest[open..].starts_with('}') {
                return Err(segment.to_owned());
            }
            if open > 0 {
                pieces.push(TemplatePiece::Literal(rest[..open].to_owned()));
            }
            let after = &rest[open + 1..];
            let close = after.find(['{', '}']).ok_or_else(|| segment.to_owned())?;
            let name = &after[..close];
            if !after[close..].starts_with('}') || name.is_empty() || seen.contains(&name) {
                return Err(segment.to_owned());
            }
            seen.push(name);
            pieces.push(TemplatePiece::Parameter(name.to_owned()));
            rest = &after[close + 1..];
        }
        if pieces.is_empty() {
            pieces.push(TemplatePiece::Literal(String::new()));
        }
        segments.push(PathSegment { pieces });
    }
    Ok(PathTemplate { segments })
}

/// A template with every parameter name blanked: two templates with one shape match the same
/// requests.
pub(in crate::lower) fn template_shape(template: &PathTemplate) -> String {
    let mut out = String::new();
    for segment in &template.segments {
        out.push('/');
        for piece in &segment.pieces {
            match piece {
                TemplatePiece::Literal(text) => out.push_str(text),
                TemplatePiece::Parameter(_) => out.push_str("{}"),
            }
        }
    }
    out
}

/// The first served operation of each method and template shape, to find the ones a router
/// cannot tell apart from it.
#[derive(Default)]
pub(in crate::lower) struct RouteShapes {
    first: HashMap<(String, String), (String, String)>,
}

impl RouteShapes {
    /// Records a served operation; returns the path and name of an earlier one with the same
    /// method and shape, when there is one.
    pub(in crate::lower) fn claim(
        &mut self,
        method: &str,
        template: &PathTemplate,
        path: &str,
        rust_name: &str,
    ) -> Option<(String, String)> {
        let key = (method.to_owned(), template_shape(template));
        match self.first.get(&key) {
            Some(first) => Some(first.clone()),
            None => {
                self.first
                    .insert(key, (path.to_owned(), rust_name.to_owned()));
                None
            }
        }
    }
}

impl<'a> Lowerer<'a> {
    /// Warns when a served operation has the method and template shape of an earlier one: the
    /// router sends their requests to the first. The operation stays in the client (its URL
    /// is the same) and in the server trait.
    pub(in crate::lower) fn check_route(&mut self, routes: &mut RouteShapes, op: &Operation) {
        if let Some((first_path, first_name)) =
            routes.claim(&op.method, &op.template, &op.path, &op.rust_name)
        {
            self.warn(
                &op.pointer,
                format!(
                    "`{} {}` is `{} {first_path}` with other parameter names, which no request can tell apart: the server sends such requests to `{first_name}`, never to `{}`",
                    op.method, op.path, op.method, op.rust_name
                ),
                "OpenAPI forbids such paths; use one parameter name",
            );
        }
    }

    /// The template of `path`, matched against the declared path parameters: a parameter the
    /// template names but nobody declares is read as a string (with a warning); a declared
    /// one the template does not name is dropped (with a warning). A template that cannot be
    /// parsed is a problem that leaves the operation out.
    pub(in crate::lower) fn check_path_template(
        &mut self,
        path: &str,
        at: &str,
        scope: &mut names::Scope,
        out: &mut LoweredParameters,
    ) -> PathTemplate {
        let template = match parse_template(path) {
            Ok(template) => template,
            Err(segment) => {
                out.problems.push(format!(
                    "path segment `{segment}` is not a valid template (an unclosed brace, or an empty or repeated parameter name)"
                ));
                return PathTemplate::default();
            }
        };
        let names: Vec<&str> = template.parameter_names().collect();
        for name in &names {
            let declared = out
                .parameters
                .iter()
                .any(|p| p.location == ParameterLocation::Path && p.wire_name == *name);
            if !declared {
                self.warn(
                    at,
                    format!("path template names `{{{name}}}`, which no path parameter declares: it is read as a string"),
                    "declare it under `parameters` with `in: path`",
                );
                let (rust_name, _) = scope.claim(&names::snake(name), "param");
                out.parameters
                    .push(undeclared_path_parameter(name, rust_name));
            }
        }
        let before = out.parameters.len();
        out.parameters.retain(|p| {
            p.location != ParameterLocation::Path || names.contains(&p.wire_name.as_str())
        });
        if out.parameters.len() != before {
            self.warn(
                at,
                "a path parameter is declared that the path template does not name; it is left out",
                "name it in the path as `{name}`, or remove it",
            );
        }
        if let Some(segment) = template.segments.iter().find(|s| touching_parameters(s)) {
            let text = segment_text(segment);
            self.warn(
                at,
                format!("path segment `{text}` has two parameters with nothing between them: the server gives the first all but one character"),
                "put a literal character between the parameters",
            );
        }
        template
    }
}

/// The string parameter standing in for a template name nobody declares.
fn undeclared_path_parameter(name: &str, rust_name: String) -> Parameter {
    Parameter {
        wire_name: name.to_owned(),
        rust_name,
        location: ParameterLocation::Path,
        ty: TypeRef::Primitive(Primitive::String),
        required: true,
        doc: None,
        style: ParameterStyle::Simple,
        explode: false,
        content_type: None,
        constraints: Default::default(),
        allow_empty_value: false,
    }
}

fn touching_parameters(segment: &PathSegment) -> bool {
    segment.pieces.windows(2).any(|w| {
        matches!(
            w,
            [TemplatePiece::Parameter(_), TemplatePiece::Parameter(_)]
        )
    })
}

fn segment_text(segment: &PathSegment) -> String {
    segment
        .pieces
        .iter()
        .map(|p| match p {
            TemplatePiece::Literal(text) => text.clone(),
            TemplatePiece::Parameter(name) => format!("{{{name}}}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(path: &str) -> Vec<Vec<TemplatePiece>> {
        parse_template(path)
            .expect("template")
            .segments
            .into_iter()
            .map(|s| s.pieces)
            .collect()
    }

    #[test]
    fn parameters_inside_segments_are_pieces() {
        use TemplatePiece::{Literal as L, Parameter as P};
        assert_eq!(
            pieces("/files/{name}.{ext}"),
            [
                vec![L("files".into())],
                vec![P("name".into()), L(".".into()), P("ext".into())]
            ]
        );
        assert_eq!(
            pieces("/v1/{name}:cancel"),
            [
                vec![L("v1".into())],
                vec![P("name".into()), L(":cancel".into())]
            ]
        );
        assert_eq!(pieces("/a/"), [vec![L("a".into())], vec![L(String::new())]]);
    }

    #[test]
    fn broken_templates_name_their_segment() {
        assert_eq!(parse_template("/a/{x"), Err("{x".to_owned()));
        assert_eq!(parse_template("/a/x}"), Err("x}".to_owned()));
        assert_eq!(parse_template("/a/{}"), Err("{}".to_owned()));
        assert_eq!(parse_template("/a/{x}/{x}"), Err("{x}".to_owned()));
        assert_eq!(parse_template("/a/{{x}}"), Err("{{x}}".to_owned()));
    }

    #[test]
    fn shapes_ignore_parameter_names() {
        let shape = |p: &str| template_shape(&parse_template(p).expect("template"));
        assert_eq!(shape("/a/{id}"), shape("/a/{name}"));
        assert_eq!(shape("/a/{id}.json"), "/a/{}.json");
        assert_ne!(shape("/a/{id}"), shape("/a/{id}.json"));
    }
}
