//! How a refusal inside an operation's handler is answered in that operation's own
//! documented error responses ([`super::Operation::error_forms`]).

use super::ResponseStatus;

/// One documented error response (`4xx`, `4XX` or `default`) of an operation, as the
/// generated server writes a refusal in it.
///
/// The server chooses among an operation's forms by the refusal's status: an invalid request
/// takes the first documented of `400`, `4XX`, `422`, `default`; a refusal of another status
/// (413, 415, 406) that exact code, else `4XX`, else `default`; a missing credential `401`,
/// else `403`, else `4XX`, else `default`, always with status 401. Without one, the refusal
/// is written as the server's global rejection body.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorForm {
    /// The documented status key (`400`, `4XX`, `default`).
    pub status: ResponseStatus,
    /// The body: none, text, or a JSON value.
    pub body: ErrorFormBody,
}

/// The body of an [`ErrorForm`].
#[derive(Clone, Debug, PartialEq)]
pub enum ErrorFormBody {
    /// The response documents no content: no body.
    Empty,
    /// Only non-JSON content (`text/plain`): the refusal's message as text, sent with this
    /// media type (a range such as `text/*` is sent as `text/plain`).
    Text {
        /// The media type (the response's first content).
        media_type: String,
    },
    /// JSON content (or a stream of JSON values one per line, of which one value is one):
    /// `sample`, a value conforming to the schema, with the refusal's message, request id and
    /// status written at `fills`.
    Json {
        /// The media type (the response's first JSON content).
        media_type: String,
        /// A value conforming to the content's schema (the spec's example, or one built from
        /// the schema).
        sample: serde_json::Value,
        /// What the server writes into the sample, by JSON pointer; each pointer's parent is
        /// an object in the sample (the last token is inserted when absent).
        fills: Vec<ErrorFill>,
    },
}

/// One value the server writes into an [`ErrorFormBody::Json`] sample.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorFill {
    /// Where, as a JSON pointer into the sample (`/error/message`).
    pub pointer: String,
    /// What.
    pub value: ErrorFillValue,
}

/// What an [`ErrorFill`] writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorFillValue {
    /// The refusal's message (a string).
    Message,
    /// The request id (a string).
    RequestId,
    /// The HTTP status (an integer).
    Status,
}
