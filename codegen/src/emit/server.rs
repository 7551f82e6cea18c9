//! The `server` module: a trait with one method per operation, a reply enum per operation, and
//! an axum router that refuses bad requests in the spec's own error schema.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::doc::doc_attrs;
use super::error_forms::{emit_documented_errors, emit_error_table};
use super::field_checks::{BodyChecks, emit_field_checks};
use super::headers::{has_http_auth, header_inputs};
use super::param_helpers::{ParamNeeds, emit_param_helpers};
use super::rejection::emit_rejection;
use super::request_body::BodyNeeds;
use super::responses::{operation_doc, served};
use super::server_body::{FormShapes, ServerBody, emit_body_readers};
use super::server_context::emit_context;
use super::server_params::ServerParams;
use super::server_reply::{emit_reply, emit_reply_streams, reply_name};
use super::server_routes::{Routes, emit_routes};
use crate::model::{Api, Operation};

/// Context fields the generator itself defines.
const CONTEXT_FIELDS: &[&str] = &["request_id", "headers", "authorization"];

/// What a generated server module serves: the trait its user implements, and where its
/// router mounts the routes by default.
pub(super) struct Role {
    /// The trait's name (`Api`).
    pub trait_name: proc_macro2::Ident,
    /// The trait's doc comment.
    pub trait_doc: &'static str,
    /// The default base path (`BASE_PATH`) and its doc comment.
    pub base_path: (String, &'static str),
}

/// The whole `server` module.
pub fn emit_server(api: &Api) -> TokenStream {
    let role = Role {
        trait_name: format_ident!("Api"),
        trait_doc: concat!(
            " The API: one method per operation. Implement it, then serve [`router`].\n\n",
            " Each method may be written as an `async fn` in the impl; its future must be `Send`.\n",
            " The request has been checked against the spec before the method runs (parameters,\n",
            " body type, required and unknown fields); credentials have not: that is the\n",
            " implementation's job. Path and query parameters come in the operation's\n",
            " `{Op}Params`; header parameters in the [`RequestContext`].",
        ),
        base_path: (
            api.base_path.clone(),
            " The path of the spec's first server URL, under which [`router`] serves the API.",
        ),
    };
    emit_serving(api, &role)
}

/// A server module serving `api.operations` as `role` says: the `server` module, and (given
/// the webhooks' operations) the `webhooks` receiver module.
pub(super) fn emit_serving(api: &Api, role: &Role) -> TokenStream {
    let headers = header_inputs(api, CONTEXT_FIELDS);
    let (base_path, base_path_doc) = &role.base_path;
    let trait_name = &role.trait_name;
    let trait_doc = doc_lines(role.trait_doc);
    let mut needs = ParamNeeds::default();
    let context = emit_context(api, &headers, has_http_auth(api), &mut needs);
    let query_keys: Vec<String> = headers
        .iter()
        .filter(|h| h.in_query)
        .map(|h| h.wire_name.clone())
        .collect();
    let trait_methods = served(&api.operations).map(|op| emit_trait_method(api, op, &query_keys));
    let replies = served(&api.operations).map(emit_reply);
    let reply_streams = emit_reply_streams(api);
    let mut shapes = FormShapes::default();
    let body_checks = BodyChecks::new(api);
    let handlers: Vec<TokenStream> = served(&api.operations)
        .map(|op| {
            let inputs = HandlerInputs {
                query_keys: &query_keys,
                body_checks: &body_checks,
                trait_name,
            };
            emit_handler(api, op, &inputs, &mut needs, &mut shapes)
        })
        .collect();
    let Routes {
        routes,
        root_routes,
        dispatchers,
    } = emit_routes(served(&api.operations), &mut needs, trait_name);
    // Under a base path, the operation at `/` answers at `{base}` and at `{base}/`.
    let routed = if root_routes.is_empty() {
        quote! { ::axum::Router::new() #(#routes)* }
    } else {
        quote! {{
            let router = ::axum::Router::new() #(#routes)*;
            if base.is_empty() { router } else { router #(#root_routes)* }
        }}
    };
    let body_needs = BodyNeeds::of(api);
    needs.percent_decode |= body_needs.form;
    let body_readers = emit_body_readers(api, body_needs, &shapes);
    let param_helpers = emit_param_helpers(needs);
    // With no operation to serve, nothing is mounted.
    let allow_unmounted = served(&api.operations)
        .next()
        .is_none()
        .then(|| quote! { #[allow(unused_variables)] });
    let rejection = emit_rejection(api, &body_checks);
    let documented_errors = emit_documented_errors(api);
    let checks = emit_field_checks(&body_checks);
    quote! {
        #[doc = #base_path_doc]
        pub const BASE_PATH: &str = #base_path;

        /// The largest request body [`router`] accepts, in bytes (1 MiB); larger bodies get 413.
        pub const DEFAULT_BODY_LIMIT: usize = 1024 * 1024;

        #(#[doc = #trait_doc])*
        pub trait #trait_name: ::std::marker::Send + ::std::marker::Sync + 'static {
            #(#trait_methods)*
        }

        #context
        #(#replies)*
        #reply_streams

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
        pub fn router<A: #trait_name>(api: ::std::sync::Arc<A>) -> ::axum::Router {
            router_with_options(api, RouterOptions::default())
        }

        /// The API as an axum router.
        ///
        /// Every response carries an `x-request-id` header (the caller's, or a new UUID).
        /// Unknown paths get 404 and wrong methods 405, both in the spec's error schema.
        pub fn router_with_options<A: #trait_name>(api: ::std::sync::Arc<A>, options: RouterOptions) -> ::axum::Router {
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
            #routed
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
        #(#dispatchers)*
        #rejection
        #documented_errors
        #body_readers
        #param_helpers
        #checks
    }
}

fn emit_trait_method(api: &Api, op: &Operation, query_keys: &[String]) -> TokenStream {
    let TraitMethod {
        doc,
        deprecated,
        name,
        params,
        body,
        reply,
    } = TraitMethod::of(api, op, query_keys);
    let params = params.map(|ty| quote! { , params: #ty });
    let body = body.map(|arg| {
        let ty = arg.tokens(None);
        quote! { , body: #ty }
    });
    quote! {
        #doc
        #deprecated
        fn #name(&self, context: RequestContext #params #body) -> impl ::std::future::Future<Output = #reply> + ::std::marker::Send;
    }
}

/// The pieces of an operation's trait method, for the trait and for implementations of it.
pub(super) struct TraitMethod {
    /// The doc comment.
    pub doc: TokenStream,
    /// `#[deprecated]`, for a deprecated operation.
    pub deprecated: Option<TokenStream>,
    /// The method's name.
    pub name: proc_macro2::Ident,
    /// The type of the `params` argument (`{Op}Params`, in the server's module), when the
    /// operation has parameters besides headers.
    pub params: Option<proc_macro2::Ident>,
    /// The `body` argument, when the operation takes a body.
    pub body: Option<BodyArg>,
    /// The reply enum.
    pub reply: proc_macro2::Ident,
}

impl TraitMethod {
    /// The method of `op`; `query_keys` are the query names of API-key credentials.
    pub(super) fn of(api: &Api, op: &Operation, query_keys: &[String]) -> TraitMethod {
        let params = ServerParams::new(api, op, query_keys);
        let body = ServerBody::of(api, op);
        let mut doc = operation_doc(op);
        if let Some(body) = body.as_ref().filter(|b| b.is_optional()) {
            doc.push_str(if body.is_nullable_json() {
                "\n\nThe request body is optional and may be `null`: `body` is `None` when the request has none or sends `null`."
            } else {
                "\n\nThe request body is optional: `body` is `None` when the request has none."
            });
        }
        TraitMethod {
            doc: doc_attrs(&doc),
            deprecated: op.deprecated.then(|| quote! { #[deprecated] }),
            name: format_ident!("{}", op.rust_name),
            params: params.has_struct().then(|| params.type_name()),
            body: body.map(|b| BodyArg {
                ty: b.arg_type(),
                local: b.arg_type_is_local(),
                optional: b.wraps_in_option(),
            }),
            reply: reply_name(op),
        }
    }
}

/// The `body` argument of a trait method.
pub(super) struct BodyArg {
    /// The body's type.
    ty: TokenStream,
    /// Whether the type is defined in the server's module.
    local: bool,
    /// Whether the request may leave the body out, so the method takes `Option<T>`.
    optional: bool,
}

impl BodyArg {
    /// The argument's type; a type of the server's module qualified by `module` (as
    /// `crate::server::`), when that is given.
    pub(super) fn tokens(&self, module: Option<TokenStream>) -> TokenStream {
        let ty = &self.ty;
        let ty = match module.filter(|_| self.local) {
            Some(module) => quote! { #module #ty },
            None => quote! { #ty },
        };
        if self.optional {
            quote! { ::std::option::Option<#ty> }
        } else {
            ty
        }
    }
}

/// The query names of API-key credentials, which the server's handlers read into the context.
pub(super) fn credential_query_keys(api: &Api) -> Vec<String> {
    header_inputs(api, CONTEXT_FIELDS)
        .iter()
        .filter(|h| h.in_query)
        .map(|h| h.wire_name.clone())
        .collect()
}

/// What every handler of a module reads: the query keys of API-key credentials, the body
/// checks, and the trait it calls.
struct HandlerInputs<'a> {
    query_keys: &'a [String],
    body_checks: &'a BodyChecks<'a>,
    trait_name: &'a proc_macro2::Ident,
}

fn emit_handler(
    api: &Api,
    op: &Operation,
    inputs: &HandlerInputs<'_>,
    needs: &mut ParamNeeds,
    shapes: &mut FormShapes,
) -> TokenStream {
    let HandlerInputs {
        query_keys,
        body_checks,
        trait_name,
    } = inputs;
    let handler = format_ident!("{}_handler", op.rust_name);
    let name = format_ident!("{}", op.rust_name);
    let query_credentials = !query_keys.is_empty();
    let params = ServerParams::new(api, op, query_keys);
    let reader = params.emit_reader(needs, body_checks);
    let params_struct = params.emit_struct();
    let read_params = params.handler_read(needs);
    let uri_arg = (params.reads_path() || params.reads_query() || query_credentials)
        .then(|| quote! { uri: ::axum::http::Uri, });
    let with_query = query_credentials.then(|| quote! { .with_query(uri.query()) });
    let params_forward = params.has_struct().then(|| quote! { , params });
    let body = ServerBody::of(api, op);
    let body_param = body.as_ref().map(ServerBody::handler_param);
    let read_body = body.as_ref().map(|b| b.handler_read(body_checks));
    let body_reader = body.as_ref().map(|b| b.reader(body_checks, shapes));
    let body_items = body.as_ref().map(|b| b.items(shapes));
    let body_arg = body.as_ref().map(|_| quote! { , body });
    let error_table = emit_error_table(api, op);
    quote! {
        #params_struct
        #error_table

        async fn #handler<A: #trait_name>(
            ::axum::extract::State(api): ::axum::extract::State<::std::sync::Arc<A>>,
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
        #body_reader
        #body_items
    }
}

/// The lines of a doc comment written as `///` lines without the slashes (each starting with
/// the space rustdoc expects).
fn doc_lines(text: &str) -> Vec<&str> {
    text.split('\n').collect()
}
