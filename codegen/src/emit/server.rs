//! The `server` module: a trait with one method per operation, a reply enum per operation, and
//! an axum router that refuses bad requests in the spec's own error schema.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::doc::doc_attrs;
use super::field_checks::{check_fn_name, emit_field_checks};
use super::headers::{HeaderInput, has_http_auth, header_inputs};
use super::rejection::emit_rejection;
use super::responses::{operation_doc, served};
use super::type_ref::qualified_type_tokens;
use crate::lower::names::camel;
use crate::model::{Api, Operation, Response, ResponseStatus};

/// Context fields the generator itself defines.
const CONTEXT_FIELDS: &[&str] = &["request_id", "headers", "authorization"];

/// The whole `server` module.
pub fn emit_server(api: &Api) -> TokenStream {
    let headers = header_inputs(api, CONTEXT_FIELDS);
    let base_path = &api.base_path;
    let context = emit_context(&headers, has_http_auth(api));
    let trait_methods = served(&api.operations).map(emit_trait_method);
    let replies = served(&api.operations).map(emit_reply);
    let handlers = served(&api.operations).map(|op| emit_handler(api, op));
    let routes = served(&api.operations).map(|op| {
        let path = axum_path(&op.path);
        let method = format_ident!("{}", op.method.to_ascii_lowercase());
        let handler = format_ident!("{}_handler", op.rust_name);
        quote! { .route(#path, ::axum::routing::#method(#handler::<A>)) }
    });
    let rejection = emit_rejection(api);
    let checks = emit_field_checks(api);
    quote! {
        /// The path of the spec's first server URL, under which [`router`] serves the API.
        pub const BASE_PATH: &str = #base_path;

        /// The largest request body [`router`] accepts, in bytes (1 MiB); larger bodies get 413.
        pub const DEFAULT_BODY_LIMIT: usize = 1024 * 1024;

        /// The API: one method per operation. Implement it, then serve [`router`].
        ///
        /// Each method may be written as an `async fn` in the impl; its future must be `Send`.
        /// The request has been checked against the spec before the method runs (body type,
        /// required and unknown fields); credentials have not: that is the implementation's job.
        pub trait Api: ::std::marker::Send + ::std::marker::Sync + 'static {
            #(#trait_methods)*
        }

        #context
        #(#replies)*

        /// Options of [`router_with_options`].
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        #[non_exhaustive]
        pub struct RouterOptions {
            /// Where the API's paths are mounted; [`BASE_PATH`] by default, `""` for the root.
            pub base_path: ::std::string::String,
            /// The largest request body accepted, in bytes.
            pub body_limit: usize,
        }

        impl ::std::default::Default for RouterOptions {
            fn default() -> Self {
                RouterOptions { base_path: ::std::borrow::ToOwned::to_owned(BASE_PATH), body_limit: DEFAULT_BODY_LIMIT }
            }
        }

        /// The API as an axum router under [`BASE_PATH`], with the default body limit.
        pub fn router<A: Api>(api: ::std::sync::Arc<A>) -> ::axum::Router {
            router_with_options(api, RouterOptions::default())
        }

        /// The API as an axum router.
        ///
        /// Every response carries an `x-request-id` header (the caller's, or a new UUID).
        /// Unknown paths get 404 and wrong methods 405, both in the spec's error schema.
        pub fn router_with_options<A: Api>(api: ::std::sync::Arc<A>, options: RouterOptions) -> ::axum::Router {
            let routes = ::axum::Router::new()
                #(#routes)*
                .method_not_allowed_fallback(method_not_allowed)
                .with_state(api);
            let app = if options.base_path.is_empty() || options.base_path == "/" {
                routes
            } else {
                ::axum::Router::new().nest(&options.base_path, routes)
            };
            app.fallback(not_found)
                .layer(::axum::extract::DefaultBodyLimit::max(options.body_limit))
                .layer(::tower_http::request_id::PropagateRequestIdLayer::x_request_id())
                .layer(::tower_http::request_id::SetRequestIdLayer::x_request_id(::tower_http::request_id::MakeRequestUuid))
        }

        async fn not_found(headers: ::axum::http::HeaderMap) -> ::axum::response::Response {
            Rejection::NotFound.into_response(&request_id(&headers))
        }

        async fn method_not_allowed(headers: ::axum::http::HeaderMap) -> ::axum::response::Response {
            Rejection::MethodNotAllowed.into_response(&request_id(&headers))
        }

        fn request_id(headers: &::axum::http::HeaderMap) -> ::std::string::String {
            headers
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .map(::std::borrow::ToOwned::to_owned)
                .unwrap_or_default()
        }

        #(#handlers)*
        #rejection
        #checks
    }
}

/// `/items/{id}` is already axum 0.8's syntax.
fn axum_path(path: &str) -> String {
    path.to_owned()
}

fn emit_context(headers: &[HeaderInput], http_auth: bool) -> TokenStream {
    let fields = headers.iter().map(|h| {
        let name = format_ident!("{}", h.rust_name);
        let doc = format!(" The `{}` header ({}), if sent.", h.wire_name, h.origin);
        let ty = if h.secret {
            quote! { crate::types::SecretString }
        } else {
            quote! { ::std::string::String }
        };
        quote! {
            #[doc = #doc]
            pub #name: ::std::option::Option<#ty>,
        }
    });
    let reads = headers.iter().map(|h| {
        let name = format_ident!("{}", h.rust_name);
        let wire = h.wire_name.to_ascii_lowercase();
        let wrap = if h.secret {
            quote! { .map(crate::types::SecretString::from) }
        } else {
            quote! {}
        };
        quote! { #name: header_text(headers, #wire) #wrap, }
    });
    let secret_names: Vec<String> = headers
        .iter()
        .filter(|h| h.secret)
        .map(|h| h.wire_name.to_ascii_lowercase())
        .collect();
    let auth_field = http_auth.then(|| {
        quote! {
            /// The `Authorization` header, if sent.
            pub authorization: ::std::option::Option<crate::types::SecretString>,
        }
    });
    let auth_read = http_auth.then(|| quote! { authorization: header_text(headers, "authorization").map(crate::types::SecretString::from), });
    quote! {
        /// What a handler knows of its request besides the typed body.
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        #[non_exhaustive]
        pub struct RequestContext {
            /// The request id, also sent back in the `x-request-id` response header. Put it in
            /// error bodies that have a request id.
            pub request_id: ::std::string::String,
            #(#fields)*
            #auth_field
            /// Every request header; credential headers are marked sensitive, so `Debug` hides them.
            pub headers: ::axum::http::HeaderMap,
        }

        impl RequestContext {
            /// The context of a request with these headers.
            pub fn from_headers(mut headers: ::axum::http::HeaderMap) -> Self {
                for name in [#(#secret_names,)* "authorization"] {
                    if let ::std::option::Option::Some(value) = headers.get_mut(name) {
                        value.set_sensitive(true);
                    }
                }
                let headers = &headers;
                RequestContext {
                    request_id: request_id(headers),
                    #(#reads)*
                    #auth_read
                    headers: headers.clone(),
                }
            }
        }

        fn header_text(headers: &::axum::http::HeaderMap, name: &str) -> ::std::option::Option<::std::string::String> {
            headers.get(name).and_then(|v| v.to_str().ok()).map(::std::borrow::ToOwned::to_owned)
        }
    }
}

fn reply_name(op: &Operation) -> proc_macro2::Ident {
    format_ident!("{}Reply", camel(&op.rust_name, "Op"))
}

fn emit_trait_method(op: &Operation) -> TokenStream {
    let doc = doc_attrs(&operation_doc(op));
    let name = format_ident!("{}", op.rust_name);
    let reply = reply_name(op);
    let body = op.request_body.as_ref().map(|b| {
        let ty = qualified_type_tokens(&b.ty);
        quote! { , body: #ty }
    });
    quote! {
        #doc
        fn #name(&self, context: RequestContext #body) -> impl ::std::future::Future<Output = #reply> + ::std::marker::Send;
    }
}

/// The variant name of a response: the status's reason phrase (`Ok`, `NotFound`), `Status418`
/// for others, `Status4xx` for a class, `Default` for `default`.
fn variant_name(status: ResponseStatus) -> proc_macro2::Ident {
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
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        410 => "Gone",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => return None,
    })
}

fn emit_reply(op: &Operation) -> TokenStream {
    let reply = reply_name(op);
    let doc = format!(
        " What `{} {}` answers: one variant per documented response.",
        op.method, op.path
    );
    let variants = op.responses.iter().map(emit_reply_variant);
    let arms = op.responses.iter().map(emit_reply_arm);
    quote! {
        #[doc = #doc]
        #[derive(::std::fmt::Debug)]
        #[allow(clippy::large_enum_variant)] // built once per request and moved straight into a response
        pub enum #reply {
            #(#variants)*
        }

        impl ::axum::response::IntoResponse for #reply {
            fn into_response(self) -> ::axum::response::Response {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}

fn emit_reply_variant(r: &Response) -> TokenStream {
    let name = variant_name(r.status);
    let doc = match r.status {
        ResponseStatus::Code(c) => format!("{c}: {}", r.description),
        ResponseStatus::Range(c) => format!(
            "Any {c}XX status, given with the variant: {}",
            r.description
        ),
        ResponseStatus::Default => format!(
            "Any other status, given with the variant: {}",
            r.description
        ),
    };
    let doc = doc_attrs(&doc);
    let body = r.ty.as_ref().map(qualified_type_tokens);
    match (r.status, body) {
        (ResponseStatus::Code(_), Some(body)) => quote! { #doc #name(#body), },
        (ResponseStatus::Code(_), None) => quote! { #doc #name, },
        (_, Some(body)) => quote! { #doc #name(::axum::http::StatusCode, #body), },
        (_, None) => quote! { #doc #name(::axum::http::StatusCode), },
    }
}

fn emit_reply_arm(r: &Response) -> TokenStream {
    let name = variant_name(r.status);
    match (r.status, r.ty.is_some()) {
        (ResponseStatus::Code(c), true) => quote! {
            Self::#name(body) => json_response(::axum::http::StatusCode::from_u16(#c).unwrap_or(::axum::http::StatusCode::OK), &body),
        },
        (ResponseStatus::Code(c), false) => quote! {
            Self::#name => ::axum::response::IntoResponse::into_response(::axum::http::StatusCode::from_u16(#c).unwrap_or(::axum::http::StatusCode::OK)),
        },
        (_, true) => quote! { Self::#name(status, body) => json_response(status, &body), },
        (_, false) => {
            quote! { Self::#name(status) => ::axum::response::IntoResponse::into_response(status), }
        }
    }
}

fn emit_handler(api: &Api, op: &Operation) -> TokenStream {
    let handler = format_ident!("{}_handler", op.rust_name);
    let name = format_ident!("{}", op.rust_name);
    let (body_param, read_body, body_arg) = match &op.request_body {
        Some(b) => {
            let ty = qualified_type_tokens(&b.ty);
            let check = check_fn_name(api, &b.ty);
            let check = match check {
                Some(f) => quote! { #f },
                None => quote! { no_field_checks },
            };
            (
                quote! { body: ::std::result::Result<::axum::body::Bytes, ::axum::extract::rejection::BytesRejection>, },
                quote! {
                    let body: #ty = match read_json_body(&headers, body, #check) {
                        ::std::result::Result::Ok(body) => body,
                        ::std::result::Result::Err(rejection) => return rejection.into_response(&context.request_id),
                    };
                },
                quote! { , body },
            )
        }
        None => (quote! {}, quote! {}, quote! {}),
    };
    quote! {
        async fn #handler<A: Api>(
            ::axum::extract::State(api): ::axum::extract::State<::std::sync::Arc<A>>,
            headers: ::axum::http::HeaderMap,
            #body_param
        ) -> ::axum::response::Response {
            let context = RequestContext::from_headers(headers.clone());
            #read_body
            ::axum::response::IntoResponse::into_response(api.#name(context #body_arg).await)
        }
    }
}
