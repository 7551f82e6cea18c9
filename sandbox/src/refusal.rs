//! The errors the sandbox itself answers with (the generated router answers the
//! malformed-request ones), each as Plaid documents it.

use axum::http::StatusCode;
use generated::server::AuthGetReply;
use generated::types::{PlaidError, PlaidErrorType};

use crate::version::SUPPORTED_API_VERSION;

/// Why the sandbox refused an `/auth/get` call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// `Plaid-Version` names a version other than the supported one.
    IncompatibleApiVersion,
    /// No `PLAID-CLIENT-ID` header (or an empty one): it is required on every request.
    MissingClientIdHeader,
    /// Required credential fields sent neither as headers nor in the body (their names):
    /// only the `secret` can be, since the client id must come as a header.
    MissingFields(Vec<&'static str>),
    /// The client id is unknown or unreadable, the body's `client_id` differs from the
    /// header's, or the secret does not match the client.
    InvalidApiKeys,
    /// No Item has this access token.
    InvalidAccessToken,
    /// `options.account_ids` holds ids that are not accounts of the Item.
    InvalidAccountId(Vec<String>),
    /// None of the selected accounts is a checking, savings or cash management account.
    NoAuthAccounts,
}

impl Refusal {
    /// The HTTP status: every one of these is a 400 in Plaid's documentation.
    pub(crate) fn status(&self) -> StatusCode {
        StatusCode::BAD_REQUEST
    }

    /// Plaid's `error_type`.
    pub(crate) fn error_type(&self) -> PlaidErrorType {
        match self {
            Refusal::IncompatibleApiVersion
            | Refusal::MissingClientIdHeader
            | Refusal::MissingFields(_) => PlaidErrorType::InvalidRequest,
            Refusal::InvalidApiKeys
            | Refusal::InvalidAccessToken
            | Refusal::InvalidAccountId(_) => PlaidErrorType::InvalidInput,
            Refusal::NoAuthAccounts => PlaidErrorType::ItemError,
        }
    }

    /// Plaid's `error_code`.
    pub(crate) fn code(&self) -> &'static str {
        match self {
            Refusal::IncompatibleApiVersion => "INCOMPATIBLE_API_VERSION",
            Refusal::MissingClientIdHeader => "INVALID_HEADERS",
            Refusal::MissingFields(_) => "MISSING_FIELDS",
            Refusal::InvalidApiKeys => "INVALID_API_KEYS",
            Refusal::InvalidAccessToken => "INVALID_ACCESS_TOKEN",
            Refusal::InvalidAccountId(_) => "INVALID_ACCOUNT_ID",
            Refusal::NoAuthAccounts => "NO_AUTH_ACCOUNTS",
        }
    }

    /// The developer-facing `error_message`.
    pub(crate) fn message(&self) -> String {
        match self {
            Refusal::IncompatibleApiVersion => format!(
                "this server supports only Plaid API version {SUPPORTED_API_VERSION}: \
                 send Plaid-Version: {SUPPORTED_API_VERSION} or leave the header out"
            ),
            Refusal::MissingClientIdHeader => {
                "the following required headers are missing: PLAID-CLIENT-ID".to_owned()
            }
            Refusal::MissingFields(fields) => {
                format!("the following required fields are missing: {}", fields.join(", "))
            }
            Refusal::InvalidApiKeys => "invalid client_id or secret provided".to_owned(),
            Refusal::InvalidAccessToken => "could not find matching access token".to_owned(),
            Refusal::InvalidAccountId(ids) => {
                format!("the following account_ids do not belong to this item: {}", ids.join(", "))
            }
            Refusal::NoAuthAccounts => {
                "no checking, savings or cash management accounts found among the selected accounts of this item"
                    .to_owned()
            }
        }
    }

    /// The error body: a `PlaidError` with `display_message` null and this request id.
    pub(crate) fn to_plaid_error(&self, request_id: &str) -> PlaidError {
        PlaidError {
            error_type: self.error_type(),
            error_code: self.code().to_owned(),
            error_code_reason: None,
            error_message: self.message(),
            display_message: None,
            request_id: Some(request_id.to_owned()),
            causes: None,
            status: None,
            documentation_url: None,
            suggested_action: None,
            required_account_subtypes: None,
            provided_account_subtypes: None,
        }
    }

    /// The reply for the generated router.
    pub(crate) fn into_reply(self, request_id: &str) -> AuthGetReply {
        AuthGetReply::Default(self.status(), self.to_plaid_error(request_id))
    }
}
