//! What an operation answers, as client and server both need it: its success responses, their
//! bodies, its error body, and the variant name of each response.

use proc_macro2::Ident;
use quote::format_ident;

use crate::lower::names::camel;
use crate::media_type::essence;
use crate::model::{Operation, Response, ResponseStatus, TypeRef};

/// How a response body is carried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyKind<'a> {
    /// JSON, decoded as this type.
    Json(&'a TypeRef),
    /// `text/*`: a `String`.
    Text,
    /// Any other media type: the bytes as received.
    Bytes,
    /// No body.
    Empty,
}

/// How `r`'s body is carried.
pub fn body_kind(r: &Response) -> BodyKind<'_> {
    match (&r.ty, &r.media_type) {
        (Some(ty), _) => BodyKind::Json(ty),
        (None, Some(m)) if essence(m).starts_with("text/") => BodyKind::Text,
        (None, Some(_)) => BodyKind::Bytes,
        (None, None) => BodyKind::Empty,
    }
}

/// The `Content-Type` the server writes for a body that is not JSON: the spec's media type,
/// with `charset=utf-8` for text, and `application/octet-stream` for a wildcard.
pub fn content_type(r: &Response) -> String {
    let media = r
        .media_type
        .as_deref()
        .unwrap_or("application/octet-stream");
    let essence = essence(media);
    if essence.contains('*') {
        return if essence.starts_with("text/") {
            "text/plain; charset=utf-8".to_owned()
        } else {
            "application/octet-stream".to_owned()
        };
    }
    if essence.starts_with("text/") && !media.to_ascii_lowercase().contains("charset") {
        return format!("{}; charset=utf-8", media.trim());
    }
    media.trim().to_owned()
}

/// Whether `status` is a success (`2xx`).
pub fn is_success(status: ResponseStatus) -> bool {
    match status {
        ResponseStatus::Code(c) => (200..300).contains(&c),
        ResponseStatus::Range(r) => r == 2,
        ResponseStatus::Default => false,
    }
}

/// The documented success responses, in spec order.
pub fn success_responses(op: &Operation) -> Vec<&Response> {
    op.responses
        .iter()
        .filter(|r| is_success(r.status))
        .collect()
}

/// The body of the operation's errors: the `default` response's, else the first `4xx`/`5xx`
/// response's that has a JSON body.
pub fn error_type(op: &Operation) -> Option<&TypeRef> {
    let default = op
        .responses
        .iter()
        .find(|r| r.status == ResponseStatus::Default);
    let listed = op.responses.iter().filter(|r| match r.status {
        ResponseStatus::Code(c) => c >= 400,
        ResponseStatus::Range(r) => r >= 4,
        ResponseStatus::Default => false,
    });
    default
        .into_iter()
        .chain(listed)
        .find_map(|r| r.ty.as_ref())
}

/// The status codes of `responses` (success responses): each documented code, and `200..300`
/// for a `2XX` range.
pub fn status_codes(responses: &[&Response]) -> Vec<u16> {
    let mut codes = Vec::new();
    for r in responses {
        match r.status {
            ResponseStatus::Code(c) => codes.push(c),
            ResponseStatus::Range(r) => codes.extend(r * 100..(r + 1) * 100),
            ResponseStatus::Default => {}
        }
    }
    codes.sort_unstable();
    codes.dedup();
    codes
}

/// The operations the client and server serve.
pub fn served(ops: &[Operation]) -> impl Iterator<Item = &Operation> {
    ops.iter().filter(|op| op.unsupported.is_none())
}

/// `POST /auth/get`, and the summary, for an operation's doc comment.
pub fn operation_doc(op: &Operation) -> String {
    let mut doc = format!("`{} {}`", op.method, op.path);
    if let Some(summary) = &op.summary {
        doc = format!("{summary}\n\n{doc}");
    }
    if let Some(description) = &op.description {
        doc.push_str("\n\n");
        doc.push_str(description);
    }
    doc
}

/// The variant name of a response: the status's reason phrase (`Ok`, `NotFound`), `Status418`
/// for others, `Status4xx` for a class, `Default` for `default`.
pub fn variant_name(status: ResponseStatus) -> Ident {
    let name = match status {
        ResponseStatus::Code(c) => {
            reason_phrase(c).map_or_else(|| format!("Status{c}"), |r| camel(r, "Status"))
        }
        ResponseStatus::Range(r) => format!("Status{r}xx"),
        ResponseStatus::Default => "Default".to_owned(),
    };
    format_ident!("{}", name)
}

fn reason_phrase(code: u16) -> Option<&'static str> {
    Some(match code {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non-Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        409 => "Conflict",
        410 => "Gone",
        412 => "Precondition Failed",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => return None,
    })
}
