//! The request inputs a spec declares beside the operations' own arguments: API-key security
//! schemes (in a header or the query string) and header parameters. The client builder sets
//! them for every request; the server context exposes them.

use super::params::{ScalarKind, Shape};
use crate::lower::names::{Scope, snake};
use crate::model::{Api, ParameterLocation, Primitive, SecurityKind, TypeRef};

/// One declared request header, or API key in the query string.
#[derive(Clone, Debug, PartialEq)]
pub struct HeaderInput {
    /// The header (or query) name as the spec writes it (`PLAID-CLIENT-ID`).
    pub wire_name: String,
    /// The Rust name of the builder method and context field (`client_id`).
    pub rust_name: String,
    /// Whether the value is a credential, hidden from `Debug`.
    pub secret: bool,
    /// Where it comes from, for documentation.
    pub origin: String,
    /// An API key sent in the query string rather than a header.
    pub in_query: bool,
    /// From a security scheme: not sent for operations with `security: []`.
    pub credential: bool,
    /// The type the server context parses a header parameter into, when every parameter of
    /// that name agrees on one that is not a string; `None` keeps the text.
    pub ty: Option<TypeRef>,
    /// Whether that type's value is written exploded (an object as `name=value` pairs).
    pub explode: bool,
}

/// Words that make a header a credential.
const SECRET_WORDS: &[&str] = &["secret", "token", "password", "key", "auth"];

/// Every declared request header and query API key, schemes first, each once (header names
/// compare without case). `reserved` are names the caller already uses for other things.
pub fn header_inputs(api: &Api, reserved: &[&str]) -> Vec<HeaderInput> {
    let mut scope = Scope::with_reserved(reserved);
    let mut out: Vec<HeaderInput> = Vec::new();
    let mut push = |input: HeaderInput, key: &str| {
        let same_place = |h: &HeaderInput| {
            h.in_query == input.in_query
                && if input.in_query {
                    h.wire_name == input.wire_name
                } else {
                    h.wire_name.eq_ignore_ascii_case(&input.wire_name)
                }
        };
        if out.iter().any(same_place) {
            return;
        }
        let (rust_name, _) = scope.claim(&snake(key), "header");
        out.push(HeaderInput { rust_name, ..input });
    };
    for scheme in &api.security_schemes {
        let (name, in_query) = match &scheme.kind {
            SecurityKind::ApiKeyHeader(name) => (name, false),
            SecurityKind::ApiKeyQuery(name) => (name, true),
            _ => continue,
        };
        let input = HeaderInput {
            wire_name: name.clone(),
            rust_name: String::new(),
            secret: in_query || is_secret(&scheme.key) || is_secret(name),
            origin: format!("security scheme `{}`", scheme.key),
            in_query,
            credential: true,
            ty: None,
            explode: false,
        };
        push(input, &scheme.key);
    }
    for op in &api.operations {
        for p in op
            .parameters
            .iter()
            .filter(|p| p.location == ParameterLocation::Header)
        {
            let secret = is_secret(&p.wire_name) || p.ty == TypeRef::Primitive(Primitive::Secret);
            let input = HeaderInput {
                wire_name: p.wire_name.clone(),
                rust_name: String::new(),
                secret,
                origin: "header parameter".to_owned(),
                in_query: false,
                credential: false,
                ty: (!secret).then(|| typed_header(api, &p.wire_name)).flatten(),
                explode: p.explode,
            };
            push(input, &p.wire_name);
        }
    }
    out
}

/// The type every header parameter named `name` has, unless it is text or they disagree.
fn typed_header(api: &Api, name: &str) -> Option<TypeRef> {
    let mut shapes = api
        .operations
        .iter()
        .flat_map(|op| &op.parameters)
        .filter(|p| {
            p.location == ParameterLocation::Header && p.wire_name.eq_ignore_ascii_case(name)
        })
        .map(|p| (Shape::of_parameter(api, p), &p.ty, p.explode));
    let (first, ty, explode) = shapes.next()?;
    if shapes.any(|(s, _, e)| s != first || e != explode) {
        return None;
    }
    match first {
        Shape::One(s) if s.kind == ScalarKind::String || s.kind == ScalarKind::Secret => None,
        // JSON text: kept as text in the context; the operation reads it typed.
        Shape::Json(_) => None,
        _ => Some(ty.clone()),
    }
}

/// Whether some webhook operation has a header parameter named like a credential, which the
/// `webhooks` module's context holds as a `SecretString`.
pub fn webhook_secret_headers(api: &Api) -> bool {
    api.webhook_operations()
        .flat_map(|op| &op.parameters)
        .any(|p| p.location == ParameterLocation::Header && is_secret(&p.wire_name))
}

fn is_secret(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    SECRET_WORDS.iter().any(|w| lower.contains(w))
}

/// Whether the spec has an HTTP `Authorization` scheme (bearer or basic).
pub fn has_http_auth(api: &Api) -> bool {
    has_scheme(api, |k| {
        matches!(k, SecurityKind::HttpBearer | SecurityKind::HttpBasic)
    })
}

/// Whether the spec has a security scheme of a kind `pred` accepts.
pub fn has_scheme(api: &Api, pred: impl Fn(&SecurityKind) -> bool) -> bool {
    api.security_schemes.iter().any(|s| pred(&s.kind))
}
