//! `securityDefinitions` into `components/securitySchemes`: `basic` becomes HTTP basic
//! authentication, and an OAuth 2 scheme's one `flow` becomes its `flows`.

use serde_yaml::{Mapping, Value};

use super::str_member;
use crate::diagnostic::Diagnostic;
use crate::load::SourceMap;
use crate::pointer;

/// Rewrites the security scheme `scheme` at `at` into its 3.0 form.
pub(super) fn upgrade_security_scheme(
    scheme: &mut Mapping,
    at: &str,
    map: &mut SourceMap,
    found: &mut Vec<Diagnostic>,
) {
    match str_member(scheme, "type") {
        Some("basic") => {
            scheme.insert("type".into(), "http".into());
            scheme.insert("scheme".into(), "basic".into());
        }
        Some("oauth2") => upgrade_oauth2(scheme, at, map, found),
        _ => {}
    }
}

/// The 3.0 name of a 2.0 OAuth 2 flow, and whether it has an authorization and a token URL.
fn flow_name(flow: &str) -> Option<(&'static str, bool, bool)> {
    Some(match flow {
        "implicit" => ("implicit", true, false),
        "password" => ("password", false, true),
        "application" => ("clientCredentials", false, true),
        "accessCode" => ("authorizationCode", true, true),
        _ => return None,
    })
}

/// Rewrites the OAuth 2 scheme at `at`: its `flow` and the URLs and scopes beside it become
/// the one member of `flows`. A URL the flow needs and the scheme lacks is reported by the
/// reading of the 3.0 form, at the place of the scheme where it belongs.
fn upgrade_oauth2(
    scheme: &mut Mapping,
    at: &str,
    map: &mut SourceMap,
    found: &mut Vec<Diagnostic>,
) {
    let flow = scheme.remove("flow");
    let authorization_url = scheme.remove("authorizationUrl");
    let token_url = scheme.remove("tokenUrl");
    let scopes = scheme
        .remove("scopes")
        .unwrap_or_else(|| Value::Mapping(Mapping::new()));
    let mut flows = Mapping::new();
    match flow.as_ref().and_then(Value::as_str).and_then(flow_name) {
        Some((name, authorizes, issues_tokens)) => {
            let mut described = Mapping::new();
            for (wanted, key, url) in [
                (authorizes, "authorizationUrl", authorization_url),
                (issues_tokens, "tokenUrl", token_url),
            ] {
                if let (true, Some(url)) = (wanted, url) {
                    described.insert(key.into(), url);
                }
            }
            described.insert("scopes".into(), scopes);
            flows.insert(name.into(), Value::Mapping(described));
            map.record(at, &pointer::join(at, ["flows", name]));
        }
        None => found.push(
            Diagnostic::error(
                pointer::join(at, ["flow"]),
                "an OAuth 2 security scheme needs a `flow`: `implicit`, `password`, `application` or `accessCode`",
            )
            .with_hint("write the flow the authorization server offers, with its URLs and scopes"),
        ),
    }
    scheme.insert("flows".into(), Value::Mapping(flows));
}
