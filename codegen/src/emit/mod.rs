//! Model to token streams (and the crate manifest), one module per output.

mod body_types;
mod client;
mod client_body;
mod client_builder;
mod client_form;
mod client_param_styles;
mod client_streams;
mod client_success;
mod client_support;
mod client_url;
mod doc;
mod enums;
mod error_forms;
mod field_checks;
mod headers;
mod limit_checks;
mod manifest;
mod one_of;
mod param_helpers;
mod params;
mod presence_checks;
mod rejection;
mod request_body;
mod responses;
mod server;
mod server_body;
mod server_context;
mod server_param_styles;
mod server_params;
mod server_reply;
mod server_routes;
mod server_sent_event;
mod stub;
mod support;
mod type_ref;
mod types;
mod union_checks;
mod webhooks;

use proc_macro2::TokenStream;
use quote::quote;

pub use client::emit_client;
pub use manifest::{DependencyStyle, emit_manifest};
pub use server::emit_server;
pub use stub::{
    DEFAULT_API_KEY, DEFAULT_BASIC_PASSWORD, DEFAULT_BASIC_USER, DEFAULT_BEARER_TOKEN, emit_stub,
    stub_module_doc,
};
pub use types::{emit_type_items, emit_types, emit_types_support};
pub use webhooks::{emit_webhooks, webhooks_module_doc};

use crate::model::{Api, Primitive, ResponseBody};
use crate::settings::{Outputs, Settings};
use type_ref::uses_primitive;

/// Which optional crates the generated code uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CrateUses {
    /// `chrono`, for dates and times.
    pub chrono: bool,
    /// `uuid`.
    pub uuid: bool,
    /// `base64`, for `format: byte` (else only the client needs it).
    pub base64: bool,
    /// `serde_json`, for untyped JSON values.
    pub serde_json: bool,
    /// `time`, for dates and times (the `time` setting).
    pub time: bool,
    /// `bytes` in the types, for the files of multipart bodies (else only the client needs it).
    pub bytes: bool,
    /// Multipart request bodies: reqwest's and axum's `multipart` features.
    pub multipart: bool,
    /// The `client` module and feature.
    pub client: bool,
    /// The `server` module and feature.
    pub server: bool,
    /// Some response is a stream (server-sent events or JSON values): `futures-util`.
    pub streams: bool,
    /// Some response is server-sent events: the client parses them with `sse-stream`.
    pub event_streams: bool,
    /// The `stub` module checks credentials: axum's `matched-path` feature.
    pub stub_credentials: bool,
    /// The stub checks HTTP basic credentials: `base64`.
    pub stub_basic: bool,
    /// The server checks `format: uri` values: `fluent-uri`.
    pub uri_checks: bool,
    /// The server checks `format: email` values: `email_address`.
    pub email_checks: bool,
}

impl CrateUses {
    /// What `api`'s generated code needs, with the modules `settings` ask for.
    pub fn of(api: &Api, settings: &Settings) -> Self {
        let uses = |p| support::api_uses(api, |ty| uses_primitive(ty, p));
        let bodies = || {
            responses::served(api.all_operations())
                .flat_map(|op| &op.responses)
                .flat_map(|r| &r.contents)
                .map(|c| &c.body)
        };
        CrateUses {
            streams: bodies().any(ResponseBody::is_stream),
            event_streams: bodies().any(|b| matches!(b, ResponseBody::EventStream { .. })),
            chrono: uses(Primitive::Date) || uses(Primitive::DateTime),
            uuid: uses(Primitive::Uuid),
            base64: uses(Primitive::Bytes),
            serde_json: uses(Primitive::Json),
            time: uses(Primitive::TimeDate) || uses(Primitive::TimeDateTime),
            bytes: body_types::uses_files(api),
            multipart: body_types::multipart_bodies(api).next().is_some(),
            client: settings.outputs.client,
            server: settings.outputs.server,
            stub_credentials: settings.outputs.server && stub::checks_credentials(api),
            stub_basic: settings.outputs.server && stub::checks_basic(api),
            uri_checks: settings.outputs.server
                && limit_checks::checks_formats(api, limit_checks::URI_FORMATS),
            email_checks: settings.outputs.server
                && limit_checks::checks_formats(api, limit_checks::EMAIL_FORMATS),
        }
    }
}

/// The crate root: documentation from the spec's `info`, and the module list.
pub fn emit_lib(api: &Api, outputs: Outputs) -> TokenStream {
    let mut text = format!("{} (API version {})", api.title, api.version);
    if let Some(description) = &api.description {
        text.push_str("\n\n");
        text.push_str(description);
    }
    text.push_str(concat!(
        "\n\nThe `types` module holds a Rust type for every schema of the spec. ",
        "With the `client` feature, `client::Client` calls the API (reqwest); ",
        "with the `server` feature, `server::router` serves an implementation of `server::Api` (axum); ",
        "with the `stub` feature, `stub::router` serves a stub implementation that answers every operation with a value that conforms to the spec.",
    ));
    if outputs.server && !api.webhooks.is_empty() {
        text.push_str(" With the `server` feature too, `webhooks::router` receives the API's webhooks with an implementation of `webhooks::Webhooks`.");
    }
    let docs = doc::inner_doc_attrs(&text);
    let deprecated = api_has_deprecated(api).then(|| quote! { #![allow(deprecated)] });
    let client = outputs.client.then(|| {
        quote! {
            #[cfg(feature = "client")]
            #[rustfmt::skip]
            pub mod client;
        }
    });
    let server = outputs.server.then(|| {
        quote! {
            #[cfg(feature = "server")]
            #[rustfmt::skip]
            pub mod server;
        }
    });
    let stub = outputs.server.then(|| {
        quote! {
            #[cfg(feature = "stub")]
            #[rustfmt::skip]
            pub mod stub;
        }
    });
    let webhooks = (outputs.server && !api.webhooks.is_empty()).then(|| {
        quote! {
            #[cfg(feature = "server")]
            #[rustfmt::skip]
            pub mod webhooks;
        }
    });
    quote! {
        #docs
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]
        #deprecated

        // Generated modules are formatted by prettyplease; `cargo fmt` leaves them as they are.
        #[rustfmt::skip]
        pub mod types;

        #client

        #server

        #stub

        #webhooks
    }
}

fn api_has_deprecated(api: &Api) -> bool {
    api.types.iter().any(|t| {
        t.deprecated
            || match &t.body {
                crate::model::TypeBody::Struct(s) => s.fields.iter().any(|f| f.deprecated),
                _ => false,
            }
    }) || api.all_operations().any(|o| o.deprecated)
}

/// The `client` module's own documentation.
pub fn client_module_doc(api: &Api) -> TokenStream {
    let title = doc::rustdoc_lines(&api.title).join(" ");
    doc::trusted_inner_doc_attrs(&format!(
        "A client of {}.\n\n[`Client`] has one async method per operation; [`ClientBuilder`] sets credentials, headers and timeouts. Errors keep the status, the request id, the raw body and the decoded error body.",
        title
    ))
}

/// The `server` module's own documentation.
pub fn server_module_doc(api: &Api) -> TokenStream {
    let title = doc::rustdoc_lines(&api.title).join(" ");
    doc::trusted_inner_doc_attrs(&format!(
        "A server of {}.\n\nImplement [`Api`], then serve [`router`]. Requests are checked against the spec before they reach the trait; a refused request gets a [`Rejection`] in the spec's error schema.",
        title
    ))
}

/// The `types` module's own documentation.
pub fn types_module_doc(api: &Api) -> TokenStream {
    let text = format!(
        "Types for the schemas of {}: {} types. Unknown fields are ignored on input, and unknown enum values are kept in each enum's catch-all variant.",
        api.title,
        api.types.len()
    );
    doc::inner_doc_attrs(&text)
}
