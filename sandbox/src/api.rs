//! [`Sandbox`]: the generated server's [`Api`], answering from a [`DataSet`].

use generated::server::{Api, AuthGetReply, RequestContext};
use generated::types::{AuthGetRequest, AuthGetResponse};

use crate::data::DataSet;
use crate::refusal::Refusal;
use crate::{credentials, response, version};

/// A Plaid-compatible `/auth/get` backed by a fixed [`DataSet`].
///
/// Checks, in order: the `Plaid-Version` header, that the `PLAID-CLIENT-ID` header was
/// sent and then that a secret was (its header first, then the body), that they match a
/// client (and that a body `client_id`, if sent, equals the header's), the access token,
/// `options.account_ids`, and that an eligible account remains. Every reply carries the
/// request's id.
#[derive(Debug, Clone)]
pub struct Sandbox {
    data: DataSet,
}

impl Sandbox {
    /// A sandbox answering from `data`.
    pub fn new(data: DataSet) -> Self {
        Sandbox { data }
    }

    /// The data set it answers from.
    pub fn data(&self) -> &DataSet {
        &self.data
    }

    fn answer(
        &self,
        context: &RequestContext,
        body: &AuthGetRequest,
    ) -> Result<AuthGetResponse, Refusal> {
        version::check(context)?;
        let credentials = credentials::from_request(context, body)?;
        credentials::verify(&self.data, credentials)?;
        let record = self
            .data
            .item(body.access_token.expose_secret())
            .ok_or(Refusal::InvalidAccessToken)?;
        let account_ids = body.options.as_ref().and_then(|o| o.account_ids.as_deref());
        response::build(record, account_ids, &context.request_id)
    }
}

impl Api for Sandbox {
    async fn auth_get(&self, context: RequestContext, body: AuthGetRequest) -> AuthGetReply {
        match self.answer(&context, &body) {
            Ok(response) => AuthGetReply::Ok(response),
            Err(refusal) => {
                tracing::debug!(request_id = %context.request_id, error_code = refusal.code(), "auth/get refused");
                refusal.into_reply(&context.request_id)
            }
        }
    }
}

#[cfg(test)]
mod tests;
