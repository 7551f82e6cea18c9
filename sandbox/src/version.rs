//! The `Plaid-Version` header: absent, or the one version this server implements.

use generated::server::RequestContext;

use crate::refusal::Refusal;

/// The only Plaid API version the sandbox implements.
pub const SUPPORTED_API_VERSION: &str = "2020-09-14";

/// Accepts a request without `Plaid-Version` or with exactly [`SUPPORTED_API_VERSION`].
///
/// A header that is present but not readable as text (which the generated context reports
/// as absent) is refused too, rather than read as "no version asked for".
pub(crate) fn check(context: &RequestContext) -> Result<(), Refusal> {
    match context.plaid_version.as_deref() {
        Some(SUPPORTED_API_VERSION) => Ok(()),
        None if !context.headers.contains_key("plaid-version") => Ok(()),
        _ => Err(Refusal::IncompatibleApiVersion),
    }
}

#[cfg(test)]
mod tests {
    use axum::http::{HeaderMap, HeaderValue};

    use super::*;

    fn context(version: Option<&[u8]>) -> RequestContext {
        let mut headers = HeaderMap::new();
        if let Some(v) = version {
            headers.insert(
                "plaid-version",
                HeaderValue::from_bytes(v).expect("valid header bytes"),
            );
        }
        RequestContext::from_headers(headers)
    }

    #[test]
    fn absent_and_supported_versions_are_accepted() {
        assert_eq!(check(&context(None)), Ok(()));
        assert_eq!(check(&context(Some(b"2020-09-14"))), Ok(()));
    }

    #[test]
    fn other_versions_are_refused() {
        for v in [
            &b"2019-05-29"[..],
            b"2017-03-08",
            b"",
            b"2020-09-14 ",
            b"latest",
        ] {
            assert_eq!(
                check(&context(Some(v))),
                Err(Refusal::IncompatibleApiVersion),
                "{v:?}"
            );
        }
    }

    #[test]
    fn an_unreadable_version_is_refused_not_ignored() {
        let ctx = context(Some(b"2020-09-14\xff"));
        assert_eq!(ctx.plaid_version, None, "the generated context hides it");
        assert_eq!(check(&ctx), Err(Refusal::IncompatibleApiVersion));
    }

    #[test]
    fn the_refusal_names_the_supported_version() {
        let e = Refusal::IncompatibleApiVersion.to_plaid_error("r");
        assert_eq!(e.error_code, "INCOMPATIBLE_API_VERSION");
        assert!(
            e.error_message.contains(SUPPORTED_API_VERSION),
            "{}",
            e.error_message
        );
    }
}
