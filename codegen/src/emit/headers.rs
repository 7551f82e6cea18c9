//! The request headers a spec declares (API-key security schemes and header parameters): the
//! client builder sets them, the server context exposes them.

use crate::lower::names::{Scope, snake};
use crate::model::{Api, ParameterLocation, Primitive, SecurityKind, TypeRef};

/// One declared request header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderInput {
    /// The header name as the spec writes it (`PLAID-CLIENT-ID`).
    pub wire_name: String,
    /// The Rust name of the builder method and context field (`client_id`).
    pub rust_name: String,
    /// Whether the value is a credential, hidden from `Debug`.
    pub secret: bool,
    /// Where it comes from, for documentation.
    pub origin: String,
}

/// Words that make a header a credential.
const SECRET_WORDS: &[&str] = &["secret", "token", "password", "key", "auth"];

/// Every declared request header, schemes first, each once (header names compare without case).
/// `reserved` are names the caller already uses for other things.
pub fn header_inputs(api: &Api, reserved: &[&str]) -> Vec<HeaderInput> {
    let mut scope = Scope::with_reserved(reserved);
    let mut out: Vec<HeaderInput> = Vec::new();
    let mut push = |wire: &str, key: &str, secret: bool, origin: String| {
        if out.iter().any(|h| h.wire_name.eq_ignore_ascii_case(wire)) {
            return;
        }
        let (rust_name, _) = scope.claim(&snake(key), "header");
        out.push(HeaderInput {
            wire_name: wire.to_owned(),
            rust_name,
            secret,
            origin,
        });
    };
    for scheme in &api.security_schemes {
        if let SecurityKind::ApiKeyHeader(name) = &scheme.kind {
            let secret = is_secret(&scheme.key) || is_secret(name);
            push(
                name,
                &scheme.key,
                secret,
                format!("security scheme `{}`", scheme.key),
            );
        }
    }
    for op in &api.operations {
        for p in op
            .parameters
            .iter()
            .filter(|p| p.location == ParameterLocation::Header)
        {
            let secret = is_secret(&p.wire_name) || p.ty == TypeRef::Primitive(Primitive::Secret);
            push(
                &p.wire_name,
                &p.wire_name,
                secret,
                "header parameter".to_owned(),
            );
        }
    }
    out
}

fn is_secret(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    SECRET_WORDS.iter().any(|w| lower.contains(w))
}

/// Whether the spec has an HTTP `Authorization` scheme (bearer or basic).
pub fn has_http_auth(api: &Api) -> bool {
    api.security_schemes
        .iter()
        .any(|s| matches!(s.kind, SecurityKind::HttpBearer | SecurityKind::HttpBasic))
}
