//! What an operation answers, as client and server both need it: its outcomes (a status with
//! one of its bodies), how each body is carried, its error body, the media types the client
//! asks for, and the variant name of each outcome.

use proc_macro2::Ident;
use quote::format_ident;

use crate::lower::names::{Scope, camel};
use crate::media_type::essence;
use crate::model::{
    JsonFraming, Operation, Response, ResponseBody, ResponseContent, ResponseStatus, TypeRef,
};

/// How a response body is carried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyKind<'a> {
    /// JSON, decoded as this type.
    Json(&'a TypeRef),
    /// `text/*`: a `String`.
    Text,
    /// Any other media type: the bytes as received.
    Bytes,
    /// Server-sent events whose data is this type (the text itself when `text`).
    Events {
        /// The data type.
        data: &'a TypeRef,
        /// The data is the text itself, not JSON.
        text: bool,
    },
    /// A stream of JSON values of this type.
    JsonStream {
        /// The item type.
        item: &'a TypeRef,
        /// How the values are separated.
        framing: JsonFraming,
    },
    /// No body.
    Empty,
}

impl<'a> BodyKind<'a> {
    /// How `content`'s body is carried; `Empty` without one.
    pub fn of(content: Option<&'a ResponseContent>) -> Self {
        match content.map(|c| &c.body) {
            None => BodyKind::Empty,
            Some(ResponseBody::Json(ty)) => BodyKind::Json(ty),
            Some(ResponseBody::Text) => BodyKind::Text,
            Some(ResponseBody::Bytes) => BodyKind::Bytes,
            Some(ResponseBody::EventStream { data, text }) => {
                BodyKind::Events { data, text: *text }
            }
            Some(ResponseBody::JsonStream { item, framing }) => BodyKind::JsonStream {
                item,
                framing: *framing,
            },
        }
    }

    /// Whether the body is read item by item.
    pub fn is_stream(self) -> bool {
        matches!(self, BodyKind::Events { .. } | BodyKind::JsonStream { .. })
    }
}

/// One way an operation answers: a documented status with one of its bodies (or none).
#[derive(Clone, Debug)]
pub struct Outcome<'a> {
    /// The documented response.
    pub response: &'a Response,
    /// Its body, when it has one.
    pub content: Option<&'a ResponseContent>,
    /// The variant of the client's `{Op}Success` and the server's `{Op}Reply`: the status's
    /// name (`Ok`), followed by the media type's (`OkEventStream`) when the status has
    /// several bodies.
    pub variant: Ident,
}

impl<'a> Outcome<'a> {
    /// How the body is carried.
    pub fn kind(&self) -> BodyKind<'a> {
        BodyKind::of(self.content)
    }

    /// Whether the status has other bodies too, so the client tells them apart by the
    /// response's `Content-Type`.
    pub fn shares_status(&self) -> bool {
        self.response.contents.len() > 1
    }

    /// The media type the server writes for this body: the spec's first (with
    /// `charset=utf-8` for text), and `application/octet-stream` for a wildcard.
    pub fn content_type(&self) -> String {
        content_type(self.content.map(|c| c.media_types[0].as_str()))
    }
}

/// Every outcome of `op`, in spec order, with variant names unique within the operation.
pub fn outcomes(op: &Operation) -> Vec<Outcome<'_>> {
    let mut scope = Scope::default();
    let mut out = Vec::new();
    for response in &op.responses {
        let status = variant_name(response.status).to_string();
        if response.contents.len() <= 1 {
            let (name, _) = scope.claim(&status, "Status");
            out.push(Outcome {
                response,
                content: response.contents.first(),
                variant: format_ident!("{}", name),
            });
            continue;
        }
        for content in &response.contents {
            let wanted = format!("{status}{}", media_type_name(&content.media_types[0]));
            let (name, _) = scope.claim(&wanted, "Status");
            out.push(Outcome {
                response,
                content: Some(content),
                variant: format_ident!("{}", name),
            });
        }
    }
    out
}

/// The outcomes of the documented success responses, in spec order.
pub fn success_outcomes(op: &Operation) -> Vec<Outcome<'_>> {
    outcomes(op)
        .into_iter()
        .filter(|o| is_success(o.response.status))
        .collect()
}

/// A media type as part of a variant name: its subtype without `x-`
/// (`text/event-stream` is `EventStream`, `application/x-ndjson` is `Ndjson`).
fn media_type_name(media_type: &str) -> String {
    let essence = essence(media_type);
    let subtype = essence.split_once('/').map_or(essence.as_str(), |(_, s)| s);
    let name = camel(subtype.strip_prefix("x-").unwrap_or(subtype), "Media");
    if name.is_empty() {
        "Body".to_owned()
    } else {
        name
    }
}

/// The `Content-Type` the server writes for a body that is not JSON: the spec's media type,
/// with `charset=utf-8` for text, and `application/octet-stream` for a wildcard.
fn content_type(media_type: Option<&str>) -> String {
    let media = media_type.unwrap_or("application/octet-stream");
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

/// The `Accept` header the client sends: every media type it reads from the operation's
/// responses, in spec order. `None` when they are all JSON and each status has one body (as
/// most operations are), so that such requests stay as they were.
pub fn accept(op: &Operation) -> Option<String> {
    let contents = || op.responses.iter().flat_map(|r| &r.contents);
    let negotiated = op
        .responses
        .iter()
        .any(|r| r.contents.len() > 1 || !r.other_media_types.is_empty())
        || contents().any(|c| !matches!(c.body, ResponseBody::Json(_)));
    if !negotiated {
        return None;
    }
    let mut listed: Vec<&str> = Vec::new();
    for media_type in contents().flat_map(|c| &c.media_types) {
        let media_type = media_type.trim();
        if !listed.contains(&media_type) {
            listed.push(media_type);
        }
    }
    (!listed.is_empty()).then(|| listed.join(", "))
}

/// Whether `status` is a success (`2xx`).
pub fn is_success(status: ResponseStatus) -> bool {
    match status {
        ResponseStatus::Code(c) => (200..300).contains(&c),
        ResponseStatus::Range(r) => r == 2,
        ResponseStatus::Default => false,
    }
}

/// The body of the operation's errors: the `default` response's, else the first `4xx`/`5xx`
/// response's that has a JSON body; failing that, the item type of the first error sent as a
/// stream (an error event's data, say).
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
    let errors: Vec<&Response> = default.into_iter().chain(listed).collect();
    let json = errors.iter().find_map(|r| {
        r.contents.iter().find_map(|c| match &c.body {
            ResponseBody::Json(ty) => Some(ty),
            _ => None,
        })
    });
    json.or_else(|| {
        errors.iter().find_map(|r| {
            r.contents
                .iter()
                .find(|c| c.body.is_stream())
                .and_then(|c| c.body.ty())
        })
    })
}

/// The bodies of `op`'s error responses that are streams (an error sent as events, say).
pub fn error_streams(op: &Operation) -> impl Iterator<Item = &ResponseBody> {
    op.responses
        .iter()
        .filter(|r| !is_success(r.status))
        .flat_map(|r| &r.contents)
        .map(|c| &c.body)
        .filter(|b| b.is_stream())
}

/// The status codes of `outcomes` (success outcomes): each documented code, and `200..300`
/// for a `2XX` range.
pub fn status_codes(outcomes: &[Outcome<'_>]) -> Vec<u16> {
    let mut codes = Vec::new();
    for o in outcomes {
        match o.response.status {
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
pub fn served<'a>(
    ops: impl IntoIterator<Item = &'a Operation>,
) -> impl Iterator<Item = &'a Operation> {
    ops.into_iter().filter(|op| op.unsupported.is_none())
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
