//! The caller's `client_id` and `secret`: where they are read from, and how they are checked.
//!
//! The `PLAID-CLIENT-ID` header is required on every request: without it (or with it
//! empty) the call is refused with INVALID_HEADERS, whatever the body says. The body's
//! `client_id` is optional; when it is sent (and not empty) it must equal the header's
//! value exactly, else the keys are invalid. The secret is taken from the `PLAID-SECRET`
//! header when that is sent, else from the body's `secret`; in neither place it is a
//! MISSING_FIELDS refusal. An empty value counts as not sent.

use generated::server::RequestContext;
use generated::types::AuthGetRequest;
use subtle::{Choice, ConstantTimeEq};

use crate::data::DataSet;
use crate::refusal::Refusal;

/// One credential as the caller gave it. (No `PartialEq`: secrets are compared only
/// with [`secret_eq`].)
#[derive(Debug, Clone, Copy)]
enum Given<'a> {
    Text(&'a str),
    /// A header that is present but not valid text: it can match nothing.
    Unreadable,
}

/// The credentials of a request: the client id header and a secret, both present, plus
/// the body's `client_id` if it repeats the identifier.
#[derive(Clone, Copy)]
pub(crate) struct Credentials<'a> {
    client_id: Given<'a>,
    body_client_id: Option<&'a str>,
    secret: Given<'a>,
}

impl std::fmt::Debug for Credentials<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("client_id", &self.client_id)
            .field("body_client_id", &self.body_client_id)
            .finish_non_exhaustive()
    }
}

/// Reads the client id from its header and the secret from its header, else the body.
///
/// Refuses with INVALID_HEADERS when the `PLAID-CLIENT-ID` header is missing or empty
/// (checked first), then with MISSING_FIELDS when the secret is in neither place.
pub(crate) fn from_request<'a>(
    context: &'a RequestContext,
    body: &'a AuthGetRequest,
) -> Result<Credentials<'a>, Refusal> {
    let client_id = header(
        context.client_id.as_deref(),
        context.headers.contains_key("plaid-client-id"),
    )
    .ok_or(Refusal::MissingClientIdHeader)?;
    let secret = header(
        context.secret.as_ref().map(|s| s.expose_secret()),
        context.headers.contains_key("plaid-secret"),
    )
    .or_else(|| non_empty(body.secret.as_ref().map(|s| s.expose_secret())).map(Given::Text))
    .ok_or_else(|| Refusal::MissingFields(vec!["secret"]))?;
    Ok(Credentials {
        client_id,
        body_client_id: non_empty(body.client_id.as_deref()),
        secret,
    })
}

/// A header's value if it was sent and is not empty (readable or not).
fn header(text: Option<&str>, sent: bool) -> Option<Given<'_>> {
    match text {
        Some(text) if !text.is_empty() => Some(Given::Text(text)),
        None if sent => Some(Given::Unreadable),
        _ => None,
    }
}

/// The value, unless it is absent or empty.
fn non_empty(value: Option<&str>) -> Option<&str> {
    value.filter(|text| !text.is_empty())
}

/// Refuses with INVALID_API_KEYS unless the client id header is readable, the body's
/// `client_id` (if sent) equals it, the client exists and the secret is its secret.
///
/// Client ids are compared normally; the secret in constant time with [`secret_eq`]. Every
/// failure still costs one secret comparison (against a stand-in when the client is
/// unknown), so all of them take the same path.
pub(crate) fn verify(data: &DataSet, credentials: Credentials<'_>) -> Result<(), Refusal> {
    const STAND_IN: &str = "not-a-secret-of-any-client";
    let client = match credentials.client_id {
        Given::Text(client_id) => data.client(client_id),
        Given::Unreadable => None,
    };
    let body_agrees = match (credentials.client_id, credentials.body_client_id) {
        (_, None) => true,
        (Given::Text(header), Some(body)) => header == body,
        (Given::Unreadable, Some(_)) => false,
    };
    let expected = client.map_or(STAND_IN, |c| c.secret.expose_secret());
    let (given, readable) = match credentials.secret {
        Given::Text(secret) => (secret, true),
        Given::Unreadable => ("", false),
    };
    let secret_matches = secret_eq(given.as_bytes(), expected.as_bytes());
    if client.is_some() && body_agrees && secret_matches && readable {
        Ok(())
    } else {
        Err(Refusal::InvalidApiKeys)
    }
}

/// Whether `given` equals `expected`, in time that depends only on `expected.len()`.
///
/// Every byte of `expected` is compared (against `given`'s byte at that index, or 0 past
/// its end), the results are combined with `subtle`'s constant-time operations, and the
/// lengths are compared the same way. Nothing returns early, so the time reveals at most
/// the expected length, never how many leading bytes matched.
pub(crate) fn secret_eq(given: &[u8], expected: &[u8]) -> bool {
    let mut equal: Choice = (given.len() as u64).ct_eq(&(expected.len() as u64));
    for (i, e) in expected.iter().enumerate() {
        let g = given.get(i).copied().unwrap_or(0);
        equal &= g.ct_eq(e);
    }
    equal.into()
}

#[cfg(test)]
mod tests;
