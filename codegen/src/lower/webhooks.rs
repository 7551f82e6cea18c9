//! OpenAPI 3.1 `webhooks`: requests the API provider sends to a URL its user registered, each
//! keyed by a name. Loading keeps them in the root extension [`WEBHOOKS`] (its pointers
//! reported as `/webhooks/...`), a map of names to path items whose `$ref`s are already
//! resolved; here each one's operations are lowered like the paths' ones.
//!
//! A receiver serves each webhook where the generated router mounts it: at `/` and the name,
//! percent-encoded where a URL path needs it ([`receiver_path`]). Without an `operationId`, an
//! operation is named after its webhook (and its method, when the webhook has several).

use openapiv3::{OpenAPI, ReferenceOr};

use super::Lowerer;
use super::names::{self, snake};
use crate::diagnostic::Diagnostic;
use crate::load::WEBHOOKS;
use crate::load::webhooks::Webhooks;
use crate::model::Webhook;
use crate::pointer;

/// The webhooks of `doc` as path items (or the references loading could not resolve), in the
/// order written; loading has reported any that is not a path item, at its place.
pub(super) fn read_webhooks(doc: &OpenAPI) -> (Webhooks, Vec<Diagnostic>) {
    match crate::load::webhooks::read(doc) {
        None => (Webhooks::new(), Vec::new()),
        Some(Ok(webhooks)) => (webhooks, Vec::new()),
        Some(Err(e)) => {
            let problem = Diagnostic::error(
                format!("/{WEBHOOKS}"),
                format!("`webhooks` is not a map of names to path items: {e}"),
            )
            .with_hint("write `webhooks` as an object whose members are path items");
            (Webhooks::new(), vec![problem])
        }
    }
}

impl<'a> Lowerer<'a> {
    /// Every webhook with its operations, their Rust names claimed in `scope` after the
    /// paths' operations (so those keep theirs).
    pub(super) fn lower_webhooks(
        &mut self,
        webhooks: &'a Webhooks,
        scope: &mut names::Scope,
    ) -> Vec<Webhook> {
        let mut out = Vec::new();
        for (name, item) in webhooks {
            let at = pointer::join(&format!("/{WEBHOOKS}"), [name]);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { reference } => {
                    self.error(
                        &at,
                        format!("the path item `{reference}` is in another document, which is not supported"),
                        "write the path item in this document (under `components/pathItems`, say)",
                    );
                    continue;
                }
            };
            let path = receiver_path(name);
            let several = item.iter().count() > 1;
            let mut operations = Vec::new();
            for (method, op) in item.iter() {
                let fallback = match several {
                    true => snake(&format!("{name} {method}")),
                    false => snake(name),
                };
                let op_at = pointer::join(&at, [method]);
                let lowered =
                    self.lower_operation(scope, (&path, method, &fallback), item, op, &op_at);
                operations.push(lowered);
            }
            if operations.is_empty() {
                self.warn(
                    &at,
                    format!("webhook `{name}` has no operation: the receiver has nothing to serve for it"),
                    "give it an operation (`post:` …)",
                );
            }
            out.push(Webhook {
                name: name.clone(),
                pointer: at,
                operations,
            });
        }
        out
    }
}

/// Where the generated receiver router serves the webhook `name`: `/` and the name, each byte
/// outside the unreserved characters of RFC 3986 percent-encoded (so `/`, `{` and `%` in a name
/// stay literal text of one segment), and a name of dots wholly encoded (`.` and `..` are
/// segments URL resolution removes).
pub fn receiver_path(name: &str) -> String {
    let all_dots = name.bytes().all(|b| b == b'.');
    let mut out = String::from("/");
    for byte in name.bytes() {
        let kept = byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'_' | b'~')
            || (byte == b'.' && !all_dots);
        if kept {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::receiver_path;

    #[test]
    fn receiver_paths_are_one_literal_segment() {
        assert_eq!(receiver_path("orderShipped"), "/orderShipped");
        assert_eq!(receiver_path("stock.low"), "/stock.low");
        assert_eq!(receiver_path("a/b {c}%"), "/a%2Fb%20%7Bc%7D%25");
        assert_eq!(receiver_path(".."), "/%2E%2E");
        assert_eq!(receiver_path("é"), "/%C3%A9");
    }
}
