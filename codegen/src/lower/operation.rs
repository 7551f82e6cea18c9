//! Paths, operations, request bodies and security; responses are lowered in `responses`.

mod answer;
mod error_forms;
mod error_sample;
mod parameters;
mod paths;
mod request_body;
mod responses;

use openapiv3::{
    Operation as SpecOperation, PathItem, ReferenceOr, SecurityRequirement,
    SecurityScheme as SpecScheme,
};

use super::Lowerer;
use super::names::{self, camel, snake};
use crate::model::{Operation, SecurityKind, SecurityScheme};
use crate::pointer;

impl<'a> Lowerer<'a> {
    /// Every operation, in path order and, within a path, in the order OpenAPI lists methods;
    /// their Rust names are claimed in `scope` (which the webhooks' operations share).
    pub(super) fn lower_operations(&mut self, scope: &mut names::Scope) -> Vec<Operation> {
        let mut out = Vec::new();
        let mut routes = paths::RouteShapes::default();
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
                let fallback = snake(&format!("{method} {path}"));
                let lowered =
                    self.lower_operation(scope, (path, method, &fallback), item, op, &op_at);
                if lowered.unsupported.is_none() {
                    self.check_route(&mut routes, &lowered);
                }
                out.push(lowered);
            }
        }
        out
    }

    /// The operation `op` of `item`, served at `path` with `method`, named after its
    /// `operationId` or else `fallback` (a snake_case name).
    pub(super) fn lower_operation(
        &mut self,
        scope: &mut names::Scope,
        (path, method, fallback): (&str, &str, &str),
        item: &'a PathItem,
        op: &'a SpecOperation,
        at: &str,
    ) -> Operation {
        let wanted = match &op.operation_id {
            Some(id) => snake(id),
            None => fallback.to_owned(),
        };
        let (rust_name, changed) = scope.claim(&wanted, "operation");
        if changed {
            let (taken_by, hint) = if super::RESERVED_OPERATION_NAMES.contains(&wanted.as_str()) {
                (
                    "a method every generated client has",
                    "choose an operationId that is not `new`, `builder` or `base_url` to keep the method's name",
                )
            } else {
                (
                    "another operation",
                    "give each operation a unique operationId",
                )
            };
            self.warn(
                at,
                format!(
                    "operation name `{wanted}` is taken by {taken_by}; this one is `{rust_name}`"
                ),
                hint,
            );
        }
        let type_prefix = camel(&rust_name, "Op");
        let lowered = self.lower_parameters(item, op, path, at, &type_prefix);
        let request_body = self.lower_request_body(op, at, &type_prefix);
        let responses = self.lower_responses(op, at, &type_prefix);
        let answer = self.lower_answer(op, at, &responses);
        let error_forms = self.lower_error_forms(op, at);
        let unsupported = unsupported_reason(&lowered.problems);
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
            template: lowered.template,
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
            answer,
            error_forms,
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
                let scheme = security_scheme(key, s);
                match &scheme.kind {
                    SecurityKind::ApiKeyCookie(name) => self.warn(
                        &at,
                        format!("the API key of `{key}` goes in the cookie `{name}`, which the generated client's builder does not set"),
                        format!("send it with the builder's `.header(\"Cookie\", \"{name}=…\")`; the server reads it from `RequestContext::headers`"),
                    ),
                    SecurityKind::Other(what) => self.warn(
                        &at,
                        format!("`{key}` is an `{what}` scheme, which the generated client cannot send by itself"),
                        "send its credential with the builder's `.header(name, value)`",
                    ),
                    _ => {}
                }
                schemes.push(scheme);
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
        // The access token of both is sent as a bearer token (RFC 6750 §2.1); getting one
        // (the flows) is left to the caller.
        SpecScheme::OAuth2 { description, .. } | SpecScheme::OpenIDConnect { description, .. } => {
            (SecurityKind::HttpBearer, description.clone())
        }
    };
    SecurityScheme {
        key: key.to_owned(),
        kind,
        doc,
    }
}

/// Why the client and server emitters cannot serve an operation, if they cannot: a path
/// template that cannot be parsed. (Every parameter and request body is carried.)
fn unsupported_reason(parameter_problems: &[String]) -> Option<String> {
    (!parameter_problems.is_empty()).then(|| parameter_problems.join("; "))
}
