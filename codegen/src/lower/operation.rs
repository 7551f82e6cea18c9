//! Paths, operations, parameters, bodies, responses and security.

use indexmap::IndexMap;
use openapiv3::{
    MediaType, Operation as SpecOperation, Parameter as SpecParameter, ParameterSchemaOrContent,
    PathItem, ReferenceOr, SecurityRequirement, SecurityScheme as SpecScheme, StatusCode,
};

use super::Lowerer;
use super::names::{self, camel, snake};
use crate::model::{
    Operation, Parameter, ParameterLocation, Primitive, RequestBody, Response, ResponseStatus,
    SecurityKind, SecurityScheme, TypeRef,
};
use crate::pointer;

impl<'a> Lowerer<'a> {
    /// Every operation, in path order and, within a path, in the order OpenAPI lists methods.
    pub(super) fn lower_operations(&mut self) -> Vec<Operation> {
        let mut scope = names::Scope::default();
        let mut out = Vec::new();
        for (path, item) in &self.doc.paths.paths {
            let at = pointer::join("/paths", [path]);
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
                out.push(self.lower_operation(&mut scope, path, method, item, op, &op_at));
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
        let parameters = self.lower_parameters(item, op, at, &type_prefix);
        let request_body = op.request_body.as_ref().and_then(|rb| {
            let rb_at = format!("{at}/requestBody");
            let bodies = self.doc.components.as_ref().map(|c| &c.request_bodies);
            let body = self.component(rb, bodies, "requestBodies", &rb_at)?;
            let (media_type, schema) =
                self.json_content(&body.content, &format!("{rb_at}/content"))?;
            let ty = self
                .lower_schema(
                    schema,
                    &pointer::join(&format!("{rb_at}/content"), [media_type, "schema"]),
                    &format!("{type_prefix}Request"),
                )
                .ty;
            Some(RequestBody {
                media_type: media_type.to_owned(),
                ty,
                required: body.required,
            })
        });
        let responses = self.lower_responses(op, at, &type_prefix);
        let untyped_success = op.responses.responses.iter().any(|(code, r)| {
            let success = matches!(code, StatusCode::Code(c) if (200..300).contains(c))
                || matches!(code, StatusCode::Range(2));
            let content = match r {
                ReferenceOr::Item(r) => Some(&r.content),
                ReferenceOr::Reference { .. } => None,
            };
            success && content.is_some_and(|c| !c.is_empty() && !c.keys().any(|m| is_json(m)))
        });
        let unsupported = unsupported_reason(
            &parameters,
            op.request_body.is_some() && request_body.is_none(),
            untyped_success,
        );
        if let Some(reason) = &unsupported {
            self.warn(
                at,
                format!("{reason}: the generated client and server leave this operation out"),
                "its types are still generated",
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
            parameters,
            request_body,
            responses,
            unsupported,
            security: op
                .security
                .as_ref()
                .map(|s| self.requirements(s, &format!("{at}/security"))),
        }
    }

    fn lower_parameters(
        &mut self,
        item: &'a PathItem,
        op: &'a SpecOperation,
        at: &str,
        prefix: &str,
    ) -> Vec<Parameter> {
        let components = self.doc.components.as_ref().map(|c| &c.parameters);
        let declared = item
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| {
                (
                    p,
                    format!(
                        "{}/parameters/{i}",
                        at.rsplit_once('/').map_or("", |(base, _)| base)
                    ),
                )
            })
            .chain(
                op.parameters
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (p, format!("{at}/parameters/{i}"))),
            );
        let mut out: Vec<Parameter> = Vec::new();
        let mut scope = names::Scope::default();
        for (p, p_at) in declared {
            let Some(param) = self.component(p, components, "parameters", &p_at) else {
                continue;
            };
            let location = match param {
                SpecParameter::Path { .. } => ParameterLocation::Path,
                SpecParameter::Query { .. } => ParameterLocation::Query,
                SpecParameter::Header { .. } => ParameterLocation::Header,
                SpecParameter::Cookie { .. } => ParameterLocation::Cookie,
            };
            let data = param.parameter_data_ref();
            let ty = match &data.format {
                ParameterSchemaOrContent::Schema(s) => {
                    self.lower_schema(
                        s,
                        &format!("{p_at}/schema"),
                        &format!("{prefix}{}", camel(&data.name, "T")),
                    )
                    .ty
                }
                ParameterSchemaOrContent::Content(_) => {
                    self.warn(&p_at, "a parameter with `content` instead of `schema` is not typed yet; it is passed as JSON", "describe the parameter with `schema`");
                    TypeRef::Primitive(Primitive::Json)
                }
            };
            // An operation-level parameter overrides a path-level one of the same name and place.
            out.retain(|q| !(q.wire_name == data.name && q.location == location));
            let (rust_name, _) = scope.claim(&snake(&data.name), "param");
            out.push(Parameter {
                wire_name: data.name.clone(),
                rust_name,
                location,
                ty,
                required: data.required || location == ParameterLocation::Path,
                doc: data.description.clone(),
            });
        }
        out
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
            let ty = if response.content.is_empty() {
                None
            } else {
                let content_at = format!("{r_at}/content");
                self.json_content(&response.content, &content_at)
                    .map(|(media_type, schema)| {
                        let suffix = match status {
                            ResponseStatus::Code(200) => "Response".to_owned(),
                            ResponseStatus::Default => "DefaultResponse".to_owned(),
                            _ => format!("Response{key}"),
                        };
                        self.lower_schema(
                            schema,
                            &pointer::join(&content_at, [media_type, "schema"]),
                            &format!("{prefix}{suffix}"),
                        )
                        .ty
                    })
            };
            out.push(Response {
                status,
                description: response.description.clone(),
                ty,
            });
        }
        out
    }

    /// The JSON media type of a `content` map and its schema. Other media types are reported.
    fn json_content(
        &mut self,
        content: &'a IndexMap<String, MediaType>,
        at: &str,
    ) -> Option<(&'a str, &'a ReferenceOr<openapiv3::Schema>)> {
        let json = content.iter().find(|(media_type, _)| is_json(media_type));
        match json {
            Some((media_type, m)) => match &m.schema {
                Some(schema) => Some((media_type.as_str(), schema)),
                None => {
                    self.warn(
                        &pointer::join(at, [media_type]),
                        "this JSON body has no schema; it is not typed",
                        "add a `schema`",
                    );
                    None
                }
            },
            None => {
                let types: Vec<&str> = content.keys().map(String::as_str).collect();
                self.warn(
                    at,
                    format!(
                        "media type {} is not supported yet; this body is not typed",
                        types.join(", ")
                    ),
                    "only application/json bodies are typed for now",
                );
                None
            }
        }
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

    fn requirements(&mut self, reqs: &[SecurityRequirement], at: &str) -> Vec<Vec<String>> {
        let defined = self.doc.components.as_ref().map(|c| &c.security_schemes);
        let mut out = Vec::new();
        for (i, req) in reqs.iter().enumerate() {
            for key in req.keys() {
                if !defined.is_some_and(|d| d.contains_key(key)) {
                    self.error(&pointer::join(&format!("{at}/{i}"), [key]), format!("security requirement names `{key}`, which is not in components/securitySchemes"), "define the scheme, or fix its name");
                }
            }
            out.push(req.keys().cloned().collect());
        }
        out
    }
}

fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    essence == "application/json" || essence.ends_with("+json")
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

/// Why the client and server emitters cannot serve an operation yet, if they cannot.
fn unsupported_reason(
    parameters: &[Parameter],
    untyped_body: bool,
    untyped_success: bool,
) -> Option<String> {
    let located: Vec<&str> = parameters
        .iter()
        .filter(|p| p.location != ParameterLocation::Header)
        .map(|p| p.wire_name.as_str())
        .collect();
    if !located.is_empty() {
        return Some(format!(
            "path, query and cookie parameters ({}) are not supported yet",
            located.join(", ")
        ));
    }
    if untyped_body {
        return Some("a request body that is not JSON is not supported yet".to_owned());
    }
    untyped_success.then(|| "a success response that is not JSON is not supported yet".to_owned())
}
