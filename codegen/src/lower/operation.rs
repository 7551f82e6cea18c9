//! Paths, operations, bodies, responses and security.

mod parameters;

use indexmap::IndexMap;
use openapiv3::{
    MediaType, Operation as SpecOperation, PathItem, ReferenceOr, SecurityRequirement,
    SecurityScheme as SpecScheme, StatusCode,
};

use super::Lowerer;
use super::names::{self, camel, snake};
use crate::media_type::{is_form, is_json};
use crate::model::{
    Operation, Primitive, RequestBody, Response, ResponseStatus, SecurityKind, SecurityScheme,
    TypeBody, TypeRef,
};
use crate::pointer;

impl<'a> Lowerer<'a> {
    /// Every operation, in path order and, within a path, in the order OpenAPI lists methods.
    pub(super) fn lower_operations(&mut self) -> Vec<Operation> {
        let mut scope = names::Scope::default();
        let mut out = Vec::new();
        // Paths that differ only in their parameters' names are one route to a router (OpenAPI
        // forbids them); the first is served.
        let mut shapes: IndexMap<String, &str> = IndexMap::new();
        for (path, item) in &self.doc.paths.paths {
            let at = pointer::join("/paths", [path]);
            let same_shape = match shapes.get(&path_shape(path)) {
                Some(first) => Some(*first),
                None => {
                    shapes.insert(path_shape(path), path);
                    None
                }
            };
            let item: &'a PathItem = match item {
                ReferenceOr::Item(i) => i,
                ReferenceOr::Reference { .. } => {
                    self.error(
                        &at,
                        "a $ref to a path item is not supported",
                        "write the path item inline",
                    );
                    continue;
                }
            };
            for (method, op) in item.iter() {
                let op_at = pointer::join(&at, [method]);
                let mut lowered = self.lower_operation(&mut scope, path, method, item, op, &op_at);
                if let (Some(first), None) = (same_shape, &lowered.unsupported) {
                    let reason =
                        format!("path `{path}` is path `{first}` with other parameter names");
                    self.warn(
                        &op_at,
                        format!(
                            "{reason}: the generated client and server leave this operation out"
                        ),
                        "OpenAPI forbids such paths; use one parameter name",
                    );
                    lowered.unsupported = Some(reason);
                }
                out.push(lowered);
            }
        }
        out
    }

    fn lower_operation(
        &mut self,
        scope: &mut names::Scope,
        path: &str,
        method: &str,
        item: &'a PathItem,
        op: &'a SpecOperation,
        at: &str,
    ) -> Operation {
        let wanted = match &op.operation_id {
            Some(id) => snake(id),
            None => snake(&format!("{method} {path}")),
        };
        let (rust_name, changed) = scope.claim(&wanted, "operation");
        if changed {
            self.warn(at, format!("operation name `{wanted}` is taken by another operation; this one is `{rust_name}`"), "give each operation a unique operationId");
        }
        let type_prefix = camel(&rust_name, "Op");
        let lowered = self.lower_parameters(item, op, path, at, &type_prefix);
        let (request_body, body_problem) = match self.lower_request_body(op, at, &type_prefix) {
            Ok(body) => (body, None),
            Err(problem) => (None, Some(problem)),
        };
        let responses = self.lower_responses(op, at, &type_prefix);
        let unsupported = unsupported_reason(&lowered.problems, body_problem);
        if let Some(reason) = &unsupported {
            self.warn(
                at,
                format!("{reason}: the generated client and server leave this operation out"),
                "the types of its bodies and parameters are still generated",
            );
        }
        Operation {
            rust_name,
            operation_id: op.operation_id.clone(),
            method: method.to_ascii_uppercase(),
            path: path.to_owned(),
            pointer: at.to_owned(),
            summary: op.summary.clone(),
            description: op.description.clone(),
            deprecated: op.deprecated,
            parameters: lowered.parameters,
            request_body,
            responses,
            unsupported,
            security: op
                .security
                .as_ref()
                .map(|s| self.requirements(s, &format!("{at}/security"))),
        }
    }

    /// The request body: JSON, or a form (`application/x-www-form-urlencoded`) of an object.
    /// `Err` says why the generated code cannot carry it.
    fn lower_request_body(
        &mut self,
        op: &'a SpecOperation,
        at: &str,
        prefix: &str,
    ) -> Result<Option<RequestBody>, String> {
        let Some(rb) = &op.request_body else {
            return Ok(None);
        };
        let rb_at = format!("{at}/requestBody");
        let bodies = self.doc.components.as_ref().map(|c| &c.request_bodies);
        let Some(body) = self.component(rb, bodies, "requestBodies", &rb_at) else {
            return Ok(None);
        };
        if body.content.is_empty() {
            return Ok(None);
        }
        let content_at = format!("{rb_at}/content");
        let chosen = body
            .content
            .iter()
            .find(|(m, _)| is_json(m))
            .or_else(|| body.content.iter().find(|(m, _)| is_form(m)));
        let Some((media_type, media)) = chosen else {
            let types: Vec<&str> = body.content.keys().map(String::as_str).collect();
            return Err(format!(
                "a request body of media type {} is not supported yet (only JSON and application/x-www-form-urlencoded are)",
                types.join(", ")
            ));
        };
        let schema_at = pointer::join(&content_at, [media_type, "schema"]);
        let ty = match &media.schema {
            Some(schema) => {
                self.lower_schema(schema, &schema_at, &format!("{prefix}Request"))
                    .ty
            }
            None if is_json(media_type) => TypeRef::Primitive(Primitive::Json),
            None => return Err("a form body without a schema is not supported".to_owned()),
        };
        if is_form(media_type) && !self.is_struct(&ty) {
            return Err(
                "a form body whose schema is not an object with properties is not supported"
                    .to_owned(),
            );
        }
        Ok(Some(RequestBody {
            media_type: media_type.to_owned(),
            ty,
            required: body.required,
        }))
    }

    /// Whether `ty` is (an alias of) a struct.
    fn is_struct(&self, ty: &TypeRef) -> bool {
        match self.resolve_alias(ty) {
            Some(TypeRef::Named(name)) => self
                .types
                .iter()
                .any(|t| t.name == name && matches!(t.body, TypeBody::Struct(_))),
            _ => false,
        }
    }

    fn lower_responses(&mut self, op: &'a SpecOperation, at: &str, prefix: &str) -> Vec<Response> {
        let components = self.doc.components.as_ref().map(|c| &c.responses);
        let listed = op.responses.responses.iter().map(|(code, r)| {
            let status = match code {
                StatusCode::Code(c) => ResponseStatus::Code(*c),
                StatusCode::Range(r) => ResponseStatus::Range(*r),
            };
            (status, code.to_string(), r)
        });
        let default = op
            .responses
            .default
            .iter()
            .map(|r| (ResponseStatus::Default, "default".to_owned(), r));
        let mut out = Vec::new();
        for (status, key, r) in listed.chain(default) {
            let r_at = pointer::join(&format!("{at}/responses"), [&key]);
            let Some(response) = self.component(r, components, "responses", &r_at) else {
                continue;
            };
            let suffix = match status {
                ResponseStatus::Code(200) => "Response".to_owned(),
                ResponseStatus::Default => "DefaultResponse".to_owned(),
                _ => format!("Response{key}"),
            };
            let (ty, media_type) = self.response_body(
                &response.content,
                &format!("{r_at}/content"),
                &format!("{prefix}{suffix}"),
            );
            out.push(Response {
                status,
                description: response.description.clone(),
                ty,
                media_type,
            });
        }
        out
    }

    /// A response body: its JSON type (`serde_json::Value` without a schema) and media type.
    /// JSON is preferred; any other media type is carried as bytes or text.
    fn response_body(
        &mut self,
        content: &'a IndexMap<String, MediaType>,
        at: &str,
        hint: &str,
    ) -> (Option<TypeRef>, Option<String>) {
        if let Some((media_type, media)) = content.iter().find(|(m, _)| is_json(m)) {
            let ty = match &media.schema {
                Some(schema) => {
                    self.lower_schema(schema, &pointer::join(at, [media_type, "schema"]), hint)
                        .ty
                }
                None => TypeRef::Primitive(Primitive::Json),
            };
            return (Some(ty), Some(media_type.clone()));
        }
        (None, content.keys().next().cloned())
    }

    /// The security schemes and the global requirements.
    pub(super) fn lower_security(&mut self) -> (Vec<SecurityScheme>, Vec<Vec<String>>) {
        let mut schemes = Vec::new();
        if let Some(components) = &self.doc.components {
            for (key, s) in &components.security_schemes {
                let at = pointer::join("/components/securitySchemes", [key]);
                let Some(s) = self.component(
                    s,
                    Some(&components.security_schemes),
                    "securitySchemes",
                    &at,
                ) else {
                    continue;
                };
                schemes.push(security_scheme(key, s));
            }
        }
        let security = match &self.doc.security {
            Some(reqs) => self.requirements(reqs, "/security"),
            None => Vec::new(),
        };
        (schemes, security)
    }

    /// The alternatives of a `security` list, each the set of scheme names it requires. A name
    /// that `components/securitySchemes` does not define (real specs have them) is left out
    /// with a warning: nothing says how to send that credential. The alternative itself stays,
    /// so an operation that needed credentials is never taken for a public one.
    fn requirements(&mut self, reqs: &[SecurityRequirement], at: &str) -> Vec<Vec<String>> {
        let defined = self.doc.components.as_ref().map(|c| &c.security_schemes);
        let mut out = Vec::new();
        for (i, req) in reqs.iter().enumerate() {
            let mut names = Vec::with_capacity(req.len());
            for key in req.keys() {
                if defined.is_some_and(|d| d.contains_key(key)) {
                    names.push(key.clone());
                } else {
                    self.warn(&pointer::join(&format!("{at}/{i}"), [key]), format!("security requirement names `{key}`, which is not in components/securitySchemes; it is ignored, so the generated client sends no credential for it"), "define the scheme, or fix its name");
                }
            }
            out.push(names);
        }
        out
    }
}

/// A path with every `{name}` made `{}`: two paths with one shape are one route.
fn path_shape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_name = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_name = true;
                out.push('{');
            }
            '}' => {
                in_name = false;
                out.push('}');
            }
            _ if in_name => {}
            c => out.push(c),
        }
    }
    out
}

fn security_scheme(key: &str, s: &SpecScheme) -> SecurityScheme {
    let (kind, doc) = match s {
        SpecScheme::APIKey {
            location,
            name,
            description,
            ..
        } => {
            let kind = match location {
                openapiv3::APIKeyLocation::Header => SecurityKind::ApiKeyHeader(name.clone()),
                openapiv3::APIKeyLocation::Query => SecurityKind::ApiKeyQuery(name.clone()),
                openapiv3::APIKeyLocation::Cookie => SecurityKind::ApiKeyCookie(name.clone()),
            };
            (kind, description.clone())
        }
        SpecScheme::HTTP {
            scheme,
            description,
            ..
        } => {
            let kind = match scheme.to_ascii_lowercase().as_str() {
                "bearer" => SecurityKind::HttpBearer,
                "basic" => SecurityKind::HttpBasic,
                other => SecurityKind::Other(format!("http {other}")),
            };
            (kind, description.clone())
        }
        SpecScheme::OAuth2 { description, .. } => (
            SecurityKind::Other("oauth2".to_owned()),
            description.clone(),
        ),
        SpecScheme::OpenIDConnect { description, .. } => (
            SecurityKind::Other("openIdConnect".to_owned()),
            description.clone(),
        ),
    };
    SecurityScheme {
        key: key.to_owned(),
        kind,
        doc,
    }
}

/// Why the client and server emitters cannot serve an operation, if they cannot: required
/// parameters they cannot carry, or a request body of another media type.
fn unsupported_reason(
    parameter_problems: &[String],
    body_problem: Option<String>,
) -> Option<String> {
    let mut reasons = Vec::new();
    if !parameter_problems.is_empty() {
        reasons.push(format!(
            "required parameters that are not supported yet: {}",
            parameter_problems.join("; ")
        ));
    }
    reasons.extend(body_problem);
    (!reasons.is_empty()).then(|| reasons.join("; "))
}
