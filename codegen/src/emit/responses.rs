//! What an operation answers: its success response and its error body, as client and server
//! both need them.

use crate::model::{Operation, Response, ResponseStatus, TypeRef};

/// The first documented success response (`2xx`).
pub fn success_response(op: &Operation) -> Option<&Response> {
    op.responses.iter().find(|r| match r.status {
        ResponseStatus::Code(c) => (200..300).contains(&c),
        ResponseStatus::Range(r) => r == 2,
        ResponseStatus::Default => false,
    })
}

/// The body type of the operation's errors: the `default` response's, else the first `4xx`/`5xx`
/// response's that has a body.
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

/// The status codes that count as success for the client: every documented `2xx` code.
pub fn success_codes(op: &Operation) -> Vec<u16> {
    let mut codes = Vec::new();
    for r in &op.responses {
        match r.status {
            ResponseStatus::Code(c) if (200..300).contains(&c) => codes.push(c),
            ResponseStatus::Range(2) => codes.extend(200..300),
            _ => {}
        }
    }
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
