//! The `server` module: a trait with one method per operation, a reply enum per operation, and
//! an axum router that refuses bad requests in the spec's own error schema.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::doc::doc_attrs;
use super::field_checks::{body_check_fn, emit_field_checks};
use super::headers::{has_http_auth, header_inputs};
use super::param_helpers::{ParamNeeds, emit_param_helpers};
use super::rejection::emit_rejection;
use super::request_body::{BodyNeeds, emit_body_readers, form_fields, is_form};
use super::responses::{BodyKind, body_kind, content_type, operation_doc, served, variant_name};
use super::server_context::emit_context;
use super::server_params::ServerParams;
use super::type_ref::qualified_type_tokens;
use crate::lower::names::camel;
use crate::model::{Api, Operation, Response, ResponseStatus};

/// Context fields the generator itself defines.
const CONTEXT_FIELDS: &[&str] = &["request_id", "headers", "authorization"];

/// The whole `server` module.
pub fn emit_server(api: &Api) -> TokenStream {
    let headers = header_inputs(api, CONTEXT_FIELDS);
    let base_path = &api.base_path;
    let mut needs = ParamNeeds::default();
    let context = emit_context(api, &headers, has_http_auth(api), &mut needs);
    let query_credentials = headers.iter().any(|h| h.in_query);
    let trait_methods = served(&api.operations).map(|op| emit_trait_method(api, op));
    let replies = served(&api.operations).map(emit_reply);
    let handlers: Vec<TokenStream> = served(&api.operations)
        .map(|op| emit_handler(api, op, query_credentials, &mut needs))
        .collect();
    let body_needs = BodyNeeds::of(api);
    needs.percent_decode |= body_needs.form;
    let body_readers = emit_body_readers(body_needs);
    let param_helpers = emit_param_helpers(needs);
    // With no operation to serve, nothing is mounted.
    let allow_unmounted = served(&api.operations)
        .next()
        .is_none()
        .then(|| quote! { #[allow(unused_variables)] });
    let routes = served(&api.operations).map(|op| {
        let path = axum_path(&op.path);
        let method = format_ident!("{}", op.method.to_ascii_lowercase());
        let handler = format_ident!("{}_handler", op.rust_name);
        quote! { .route(&mounted(#path), ::axum::routing::#method(#handler::<A>)) }
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
        /// The request has been checked against the spec before the method runs (parameters,
        /// body type, required and unknown fields); credentials have not: that is the
        /// implementation's job. Path and query parameters come in the operation's
        /// `{Op}Params`; header parameters in the [`RequestContext`].
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
            // Each route at its full path rather than a nested router: nesting rewrites the
            // URI of every request.
            let base = options.base_path.trim_end_matches('/');
            #allow_unmounted
            let mounted = |path: &str| {
                if path == "/" && !base.is_empty() {
                    ::std::borrow::ToOwned::to_owned(base)
                } else {
                    ::std::format!("{base}{path}")
                }
            };
            ::axum::Router::new()
                #(#routes)*
                .method_not_allowed_fallback(method_not_allowed)
                .fallback(not_found)
                .with_state(api)
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
        #body_readers
        #param_helpers
        #checks
    }
}

/// `/items/{id}` is already axum 0.8's syntax.
fn axum_path(path: &str) -> String {
    path.to_owned()
}

fn reply_name(op: &Operation) -> proc_macro2::Ident {
    format_ident!("{}Reply", camel(&op.rust_name, "Op"))
}

fn emit_trait_method(api: &Api, op: &Operation) -> TokenStream {
    let doc = doc_attrs(&operation_doc(op));
    let name = format_ident!("{}", op.rust_name);
    let reply = reply_name(op);
    let params = ServerParams::new(api, op);
    let params_arg = params.has_struct().then(|| {
        let ty = params.type_name();
        quote! { , params: #ty }
    });
    let body = op.request_body.as_ref().map(|b| {
        let ty = qualified_type_tokens(&b.ty);
        quote! { , body: #ty }
    });
    let deprecated = op.deprecated.then(|| quote! { #[deprecated] });
    quote! {
        #doc
        #deprecated
        fn #name(&self, context: RequestContext #params_arg #body) -> impl ::std::future::Future<Output = #reply> + ::std::marker::Send;
    }
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
    let doc = match body_kind(r) {
        BodyKind::Bytes | BodyKind::Text => {
            format!("{doc}\n\nSent as `{}`.", content_type(r))
        }
        _ => doc,
    };
    let doc = doc_attrs(&doc);
    let body = match body_kind(r) {
        BodyKind::Json(ty) => Some(qualified_type_tokens(ty)),
        BodyKind::Text => Some(quote! { ::std::string::String }),
        BodyKind::Bytes => Some(quote! { ::axum::body::Bytes }),
        BodyKind::Empty => None,
    };
    match (r.status, body) {
        (ResponseStatus::Code(_), Some(body)) => quote! { #doc #name(#body), },
        (ResponseStatus::Code(_), None) => quote! { #doc #name, },
        (_, Some(body)) => quote! { #doc #name(::axum::http::StatusCode, #body), },
        (_, None) => quote! { #doc #name(::axum::http::StatusCode), },
    }
}

fn emit_reply_arm(r: &Response) -> TokenStream {
    let name = variant_name(r.status);
    let write = |status: TokenStream| match body_kind(r) {
        BodyKind::Json(_) => quote! { json_response(#status, &body) },
        BodyKind::Text | BodyKind::Bytes => {
            let content_type = content_type(r);
            quote! {
                ::axum::response::IntoResponse::into_response((#status, [(::axum::http::header::CONTENT_TYPE, #content_type)], body))
            }
        }
        BodyKind::Empty => quote! { ::axum::response::IntoResponse::into_response(#status) },
    };
    let has_body = body_kind(r) != BodyKind::Empty;
    match (r.status, has_body) {
        (ResponseStatus::Code(c), true) => {
            let write = write(
                quote! { ::axum::http::StatusCode::from_u16(#c).unwrap_or(::axum::http::StatusCode::OK) },
            );
            quote! { Self::#name(body) => #write, }
        }
        (ResponseStatus::Code(c), false) => {
            let write = write(
                quote! { ::axum::http::StatusCode::from_u16(#c).unwrap_or(::axum::http::StatusCode::OK) },
            );
            quote! { Self::#name => #write, }
        }
        (_, true) => {
            let write = write(quote! { status });
            quote! { Self::#name(status, body) => #write, }
        }
        (_, false) => {
            let write = write(quote! { status });
            quote! { Self::#name(status) => #write, }
        }
    }
}

fn emit_handler(
    api: &Api,
    op: &Operation,
    query_credentials: bool,
    needs: &mut ParamNeeds,
) -> TokenStream {
    let handler = format_ident!("{}_handler", op.rust_name);
    let name = format_ident!("{}", op.rust_name);
    let params = ServerParams::new(api, op);
    let reader = params.emit_reader(needs);
    let params_struct = params.emit_struct();
    let read_params = params.handler_read();
    let path_arg = params.reads_path().then(|| quote! {
        path: ::std::result::Result<::axum::extract::RawPathParams, ::axum::extract::rejection::RawPathParamsRejection>,
    });
    let uri_arg =
        (params.reads_query() || query_credentials).then(|| quote! { uri: ::axum::http::Uri, });
    let with_query = query_credentials.then(|| quote! { .with_query(uri.query()) });
    let params_forward = params.has_struct().then(|| quote! { , params });
    let (body_param, read_body, body_arg) = match &op.request_body {
        Some(b) => {
            let ty = qualified_type_tokens(&b.ty);
            let check = match body_check_fn(api, &b.ty) {
                Some(f) => quote! { #f },
                None => quote! { no_field_checks },
            };
            let read = if is_form(&b.media_type) {
                let fields = form_fields(api, &b.ty);
                quote! { read_form_body(&headers, body, #check, #fields) }
            } else {
                quote! { read_json_body(&headers, body, #check) }
            };
            (
                quote! { body: ::std::result::Result<::axum::body::Bytes, ::axum::extract::rejection::BytesRejection>, },
                quote! {
                    let body: #ty = match #read {
                        ::std::result::Result::Ok(body) => body,
                        ::std::result::Result::Err(rejection) => return rejection.into_response(&request_id(&headers)),
                    };
                },
                quote! { , body },
            )
        }
        None => (quote! {}, quote! {}, quote! {}),
    };
    quote! {
        #params_struct

        async fn #handler<A: Api>(
            ::axum::extract::State(api): ::axum::extract::State<::std::sync::Arc<A>>,
            #path_arg
            #uri_arg
            headers: ::axum::http::HeaderMap,
            #body_param
        ) -> ::axum::response::Response {
            // Refused before the handler: the request id is read from the headers; the
            // context then takes the headers over (no copy on the way to the handler).
            #read_params
            #read_body
            let context = RequestContext::from_headers(headers) #with_query;
            ::axum::response::IntoResponse::into_response(api.#name(context #params_forward #body_arg).await)
        }

        #reader
    }
}
