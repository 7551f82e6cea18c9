//! The `stub` module (the `stub` feature): an implementation of the server's `Api` for any
//! spec, answering each operation with its documented success response and a value that
//! conforms to the response's schema, and refusing requests that lack the credentials their
//! operation requires.
//!
//! - [`answers`]: the `Stub` (every answer, read once into its type) and the `StubApi` trait,
//!   whose methods answer as the stub does unless an implementation overrides them;
//! - [`credentials`]: the credentials the stub accepts and the router layer that checks them.

mod answers;
mod credentials;

pub use credentials::{
    DEFAULT_API_KEY, DEFAULT_BASIC_PASSWORD, DEFAULT_BASIC_USER, DEFAULT_BEARER_TOKEN,
};

use proc_macro2::TokenStream;
use quote::quote;

use super::doc;
use super::responses::served;
use crate::model::Api;

/// The whole `stub` module.
pub fn emit_stub(api: &Api) -> TokenStream {
    let answers = answers::emit_answers(api);
    let credentials = credentials::emit_credentials(api);
    let operations = served(&api.operations).map(|op| {
        let method = &op.method;
        let path = &op.path;
        quote! { (#method, #path), }
    });
    quote! {
        /// Every operation the stub serves, as `(method, path template)`, in spec order.
        pub const OPERATIONS: &[(&str, &str)] = &[#(#operations)*];

        #answers
        #credentials
    }
}

/// Whether the stub checks some operation's credentials (and so needs axum's `matched-path`).
pub fn checks_credentials(api: &Api) -> bool {
    credentials::secured_operations(api).next().is_some()
}

/// Whether the stub checks HTTP basic credentials (and so needs `base64`).
pub fn checks_basic(api: &Api) -> bool {
    credentials::checks_basic(api)
}

/// The `stub` module's own documentation.
pub fn stub_module_doc(api: &Api) -> TokenStream {
    let title = doc::rustdoc_lines(&api.title).join(" ");
    doc::trusted_inner_doc_attrs(&format!(
        concat!(
            "A stub server of {}: an implementation of [`crate::server::Api`] for trying the API out before it exists.\n\n",
            "Each operation answers its documented success response with the spec's example for it, or, where the spec has no example that conforms to the schema, a value built from the schema. ",
            "The answers are read into their types once, by [`Stub::new`]. A request is checked like any other by the server's router; ",
            "[`router`] also refuses, with 401, a request that lacks the credentials its operation requires ([`Credentials`] says which it accepts).\n\n",
            "To answer some operations yourself, implement [`StubApi`] for your type, overriding those methods: the others answer as the stub does, ",
            "and your type is an [`Api`](crate::server::Api). Serve it with [`router`].",
        ),
        title
    ))
}
