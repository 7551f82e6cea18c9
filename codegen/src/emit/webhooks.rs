//! The `webhooks` module: the receiving side of the spec's webhooks (OpenAPI 3.1), a server
//! of its own. A `Webhooks` trait has one method per webhook operation and `router` serves
//! each at `/` and the webhook's name; requests are read, checked and refused exactly as the
//! `server` module does for the paths' operations, by the same emitters.

use proc_macro2::TokenStream;
use quote::format_ident;

use super::doc;
use super::server::{Role, emit_serving};
use crate::model::Api;

/// The `webhooks` module's items, or `None` when the spec has no webhook.
pub fn emit_webhooks(api: &Api) -> Option<TokenStream> {
    if api.webhooks.is_empty() {
        return None;
    }
    // The server emitters serve `operations`; everything else they read (the types, the
    // security schemes, the rejection envelope) is the API's.
    let receiver = Api {
        operations: api.webhook_operations().cloned().collect(),
        webhooks: Vec::new(),
        ..api.clone()
    };
    let role = Role {
        trait_name: format_ident!("Webhooks"),
        trait_doc: concat!(
            " The webhooks the API sends: one method per webhook operation. Implement it, then\n",
            " serve [`router`] at the URL registered with the API.\n\n",
            " Each method may be written as an `async fn` in the impl; its future must be `Send`.\n",
            " The request has been checked against the spec before the method runs (payload type,\n",
            " required and unknown fields, limits); its signature or credentials have not: that is\n",
            " the implementation's job. Header parameters come in the [`RequestContext`].",
        ),
        base_path: (
            String::new(),
            " Where [`router`] mounts the webhooks by default: at the root, each at `/` and its name. Nest the router (or set [`RouterOptions::base_path`]) to serve them under the registered URL's path.",
        ),
    };
    Some(emit_serving(&receiver, &role))
}

/// The `webhooks` module's own documentation: what it serves, and where.
pub fn webhooks_module_doc(api: &Api) -> TokenStream {
    let title = doc::rustdoc_lines(&api.title).join(" ");
    let mut text = format!(
        "A receiver of the webhooks of {title}: requests the API sends to a URL its user registered.\n\nImplement [`Webhooks`], then serve [`router`]. Each webhook is served at `/` and its name (percent-encoded where a URL path needs it), under [`RouterOptions::base_path`]; a request that does not follow the spec gets a [`Rejection`].\n\n| Webhook | Request | Receiver method |\n|---|---|---|\n"
    );
    for webhook in &api.webhooks {
        for op in super::responses::served(&webhook.operations) {
            let name = webhook.name.replace('|', "\\|").replace('`', "'");
            text.push_str(&format!(
                "| `{name}` | `{} {}` | [`Webhooks::{}`] |\n",
                op.method, op.path, op.rust_name
            ));
        }
    }
    doc::trusted_inner_doc_attrs(&text)
}
