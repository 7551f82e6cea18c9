//! Changes to the webhooks (OpenAPI 3.1): webhooks added and removed, and the changes to each
//! one's operations, found by webhook name and method and rated as an operation's (a payload
//! type changed, a response removed, …).
//!
//! A webhook's request is the provider's, its response the receiver's; the generated receiver
//! refuses a payload its spec does not describe, so a payload change breaks receivers built
//! from the old spec as a request change breaks servers.

use super::operations::{compare_operation, find};
use super::rules::plain;
use super::{Change, Context, Level};
use crate::model::{Operation, Webhook};

/// Every change to the webhooks: new ones (and new operations of known ones) in spec order,
/// then removed ones.
pub fn compare(context: &Context<'_>) -> Vec<Change> {
    let mut out = Vec::new();
    for new in &context.new.webhooks {
        let old = context.old.webhooks.iter().find(|w| w.name == new.name);
        for op in &new.operations {
            match old.and_then(|old| find(&old.operations, op)) {
                Some(before) => out.extend(compare_operation(context, before, op)),
                None => out.push(plain(
                    "webhook-added",
                    Level::Info,
                    &op.pointer,
                    format!("webhook {} added", label(new, op)),
                    format!(
                        "method `{}` added to the webhook receiver trait",
                        op.rust_name
                    ),
                )),
            }
        }
    }
    for old in &context.old.webhooks {
        let new = context.new.webhooks.iter().find(|w| w.name == old.name);
        for op in &old.operations {
            if new.and_then(|new| find(&new.operations, op)).is_none() {
                out.push(plain(
                    "webhook-removed",
                    Level::Breaking,
                    &op.pointer,
                    format!(
                        "webhook {} removed: the API no longer sends it, and receivers waiting for it get nothing",
                        label(old, op)
                    ),
                    format!(
                        "method `{}` removed from the webhook receiver trait",
                        op.rust_name
                    ),
                ));
            }
        }
    }
    out
}

/// `` `orderShipped` (`POST`) ``.
fn label(webhook: &Webhook, op: &Operation) -> String {
    format!("`{}` (`{}`)", webhook.name.replace('`', "'"), op.method)
}
