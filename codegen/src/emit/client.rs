//! The `client` module: a `reqwest` client with one async method per operation.
//!
//! A method takes the path parameters (in path order), the required query and cookie
//! parameters and the body, and returns the success body. An operation with optional query or
//! cookie parameters or header parameters also gets `{op}_with`, which takes them in a
//! `{Op}Params` struct (`Default`, so
//! `..Default::default()` fills what is not given); a header given there replaces the
//! builder's value for that call. An operation with several success responses whose bodies
//! differ returns `{Op}Success`, an enum with a variant per status.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::client_body::ClientBody;
use super::client_builder::{BUILDER_METHODS, BuilderInputs, emit_builder};
use super::client_success::Success;
use super::client_support::{ClientNeeds, emit_client_support};
use super::client_url::CallParameters;
use super::doc::doc_attrs;
use super::headers::{has_scheme, header_inputs};
use super::params::{self, Shape, location_doc};
use super::responses::{accept, error_streams, error_type, operation_doc, served};
use super::type_ref::qualified_type_tokens;
use crate::lower::names::{Scope, camel};
use crate::model::{Api, Operation, Parameter, ParameterLocation, ResponseBody, SecurityKind};

/// The whole `client` module.
pub fn emit_client(api: &Api) -> TokenStream {
    let inputs = header_inputs(api, BUILDER_METHODS);
    let public_headers = served(&api.operations).any(is_public);
    let query_credentials = inputs.iter().any(|h| h.in_query);
    let builder = emit_builder(&BuilderInputs {
        inputs: &inputs,
        bearer: has_scheme(api, |k| *k == SecurityKind::HttpBearer),
        basic: has_scheme(api, |k| *k == SecurityKind::HttpBasic),
        public_headers,
    });
    let mut names = Scope::default();
    for op in served(&api.operations) {
        names.claim(&op.rust_name, "operation");
    }
    let mut needs = ClientNeeds {
        query_credentials,
        ..ClientNeeds::default()
    };
    let mut methods = Vec::new();
    let mut items = Vec::new();
    for op in served(&api.operations) {
        let method = ClientOperation::new(api, op, &mut names, query_credentials);
        method.note_needs(&mut needs);
        methods.push(method.methods());
        items.push(method.items());
    }
    let public_field = public_headers.then(|| {
        quote! {
            /// The headers without credentials, for operations with `security: []`.
            public_headers: ::reqwest::header::HeaderMap,
        }
    });
    let public_init =
        public_headers.then(|| quote! { public_headers: ::reqwest::header::HeaderMap::new(), });
    let query_field = query_credentials.then(|| quote! { query_credentials: QueryCredentials, });
    let query_init = query_credentials
        .then(|| quote! { query_credentials: QueryCredentials(::std::vec::Vec::new()), });
    let query_type = query_credentials.then(|| {
        quote! {
            /// API keys sent in the query string: names and values; `Debug` shows only the names.
            #[derive(::std::clone::Clone)]
            struct QueryCredentials(::std::vec::Vec<(&'static str, ::std::string::String)>);

            impl ::std::fmt::Debug for QueryCredentials {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_list().entries(self.0.iter().map(|(name, _)| *name)).finish()
                }
            }
        }
    });
    let support = emit_client_support(needs);
    let new_doc = new_doc(api);
    // A spec with schemas only (a schema library): a client with nothing to call.
    let nothing_to_call = served(&api.operations).next().is_none().then(|| {
        quote! { #![allow(dead_code, reason = "the spec has no operations, so nothing sends requests")] }
    });
    quote! {
        #nothing_to_call
        /// A client of the API: cheap to clone (clones share one connection pool).
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct Client {
            base_url: ::std::string::String,
            http: ::reqwest::Client,
            headers: ::reqwest::header::HeaderMap,
            #public_field
            #query_field
            timeout: ::std::option::Option<::std::time::Duration>,
        }

        impl Client {
            #new_doc
            ///
            /// # Panics
            /// As `reqwest::Client::new`, when the TLS back end cannot start; use
            /// [`ClientBuilder::build`] to get that as an error instead.
            pub fn new(base_url: impl ::std::convert::Into<::std::string::String>) -> Self {
                Client {
                    base_url: trim_base_url(base_url.into()),
                    http: ::reqwest::Client::new(),
                    headers: ::reqwest::header::HeaderMap::new(),
                    #public_init
                    #query_init
                    timeout: ::std::option::Option::None,
                }
            }

            /// A builder for a client with credentials, headers and timeouts.
            pub fn builder(base_url: impl ::std::convert::Into<::std::string::String>) -> ClientBuilder {
                ClientBuilder::new(base_url)
            }

            /// The base URL every path is appended to.
            pub fn base_url(&self) -> &str {
                &self.base_url
            }

            #(#methods)*
        }

        #(#items)*
        #builder
        #query_type
        #support
    }
}

/// The doc of `Client::new`, with the spec's first server URL as the example base URL.
fn new_doc(api: &Api) -> TokenStream {
    let example = api
        .servers
        .first()
        .filter(|url| !url.is_empty() && !url.contains('`'))
        .map(|url| {
            if url.contains("://") {
                format!(" (e.g. `{url}`, the spec's first server)")
            } else {
                format!(
                    " (the spec's first server is `{url}`, relative to the host serving the spec)"
                )
            }
        })
        .unwrap_or_default();
    let text = format!(
        " A client of the API at `base_url`{example} with no credentials; see [`Client::builder`] for those."
    );
    quote! { #[doc = #text] }
}

/// Whether an operation is declared with `security: []`: no credentials are sent for it.
fn is_public(op: &Operation) -> bool {
    op.security.as_ref().is_some_and(Vec::is_empty)
}

/// One operation as the client sees it.
struct ClientOperation<'a> {
    api: &'a Api,
    op: &'a Operation,
    /// The name of `{op}_with`, when the operation has per-call parameters.
    with_name: Option<Ident>,
    /// Path parameters in path order, then required query parameters.
    positional: Vec<&'a Parameter>,
    /// Optional query parameters and header parameters.
    per_call: Vec<&'a Parameter>,
    success: Success<'a>,
    query_credentials: bool,
}

impl<'a> ClientOperation<'a> {
    fn new(api: &'a Api, op: &'a Operation, names: &mut Scope, query_credentials: bool) -> Self {
        let order: Vec<&str> = op.template.parameter_names().collect();
        let mut path: Vec<&Parameter> =
            params::at(&op.parameters, ParameterLocation::Path).collect();
        path.sort_by_key(|p| order.iter().position(|n| *n == p.wire_name));
        let query: Vec<&Parameter> = params::at(&op.parameters, ParameterLocation::Query).collect();
        let cookies: Vec<&Parameter> =
            params::at(&op.parameters, ParameterLocation::Cookie).collect();
        let positional = path
            .into_iter()
            .chain(query.iter().copied().filter(|p| p.required))
            .chain(cookies.iter().copied().filter(|p| p.required))
            .collect();
        let per_call: Vec<&Parameter> = query
            .into_iter()
            .filter(|p| !p.required)
            .chain(params::at(&op.parameters, ParameterLocation::Header))
            .chain(cookies.into_iter().filter(|p| !p.required))
            .collect();
        let with_name = (!per_call.is_empty()).then(|| {
            let (name, _) = names.claim(&format!("{}_with", op.rust_name), "operation_with");
            format_ident!("{}", name)
        });
        ClientOperation {
            api,
            op,
            with_name,
            positional,
            per_call,
            success: Success::of(op),
            query_credentials: query_credentials && !is_public(op),
        }
    }

    /// The request body, as this method takes it.
    fn body(&self) -> Option<ClientBody<'a>> {
        let taken: Vec<&str> = self
            .positional
            .iter()
            .map(|p| p.rust_name.as_str())
            .collect();
        ClientBody::of(self.op, &taken)
    }

    fn camel(&self) -> String {
        camel(&self.op.rust_name, "Op")
    }

    fn params_type(&self) -> Ident {
        format_ident!("{}Params", self.camel())
    }

    fn success_type(&self) -> Ident {
        format_ident!("{}Success", self.camel())
    }

    /// The operation's error body type.
    fn error_type(&self) -> TokenStream {
        error_type(self.op).map_or_else(|| quote! { ::serde_json::Value }, qualified_type_tokens)
    }

    fn note_needs(&self, needs: &mut ClientNeeds) {
        self.success.note_needs(needs);
        for body in error_streams(self.op) {
            match body {
                ResponseBody::EventStream { .. } => needs.error_events = true,
                _ => needs.error_json_streams = true,
            }
        }
        let call = self.call_parameters();
        call.url_expr(needs);
        call.call_headers(&self.per_call, needs);
        if let Some(body) = self.body() {
            body.note_needs(needs);
        }
    }

    fn call_parameters(&self) -> CallParameters<'a> {
        CallParameters {
            api: self.api,
            op: self.op,
            query_credentials: self.query_credentials,
        }
    }

    /// The method, and `{op}_with` when there are per-call parameters.
    fn methods(&self) -> TokenStream {
        let doc = doc_attrs(&operation_doc(self.op));
        let name = format_ident!("{}", self.op.rust_name);
        let deprecated = self.op.deprecated.then(|| quote! { #[deprecated] });
        // `&self`, the positional parameters, the body and `params`: clippy's limit is 7.
        let body = self.body();
        let count = 1 + self.positional.len() + body.as_ref().map_or(0, ClientBody::arg_count);
        let many = |extra: usize| {
            (count + extra > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] })
        };
        let (many_plain, many_with) = (many(0), many(1));
        let args = self.positional.iter().map(|p| {
            let name = format_ident!("{}", p.rust_name);
            let ty = Shape::of_parameter(self.api, p).argument_type();
            quote! { #name: #ty, }
        });
        let body_arg = body.as_ref().map(ClientBody::args);
        let error = self.error_type();
        let ok = self.success.ok_type(&self.success_type(), &error);
        let signature_tail = quote! { -> ::std::result::Result<#ok, Error<#error>> };
        let implementation = self.implementation();
        let Some(with_name) = &self.with_name else {
            return quote! {
                #doc
                #deprecated
                #many_plain
                pub async fn #name(&self, #(#args)* #body_arg) #signature_tail {
                    #implementation
                }
            };
        };
        let params_type = self.params_type();
        let forward = self
            .positional
            .iter()
            .map(|p| format_ident!("{}", p.rust_name));
        let body_forward = body.as_ref().map(ClientBody::forward);
        let plain_note = format!(
            " Sends no optional query parameter, and header parameters as set on the builder; [`Client::{with_name}`] sets them for one call."
        );
        let with_doc = format!(
            " `{} {}` with the optional query parameters and the header parameters given in `params`: see [`Client::{}`].",
            self.op.method, self.op.path, self.op.rust_name
        );
        let args2 = args.clone();
        quote! {
            #doc
            #[doc = ""]
            #[doc = #plain_note]
            #deprecated
            #many_plain
            pub async fn #name(&self, #(#args)* #body_arg) #signature_tail {
                self.#with_name(#(#forward,)* #body_forward &::std::default::Default::default()).await
            }

            #[doc = #with_doc]
            #deprecated
            #many_with
            pub async fn #with_name(&self, #(#args2)* #body_arg params: &#params_type) #signature_tail {
                #implementation
            }
        }
    }

    /// The body of the method that sends the request.
    fn implementation(&self) -> TokenStream {
        // What the URL and headers need is noted in `note_needs`.
        let mut scratch = ClientNeeds::default();
        let call = self.call_parameters();
        let url = call.url_expr(&mut scratch);
        let method = format_ident!("{}", self.op.method.to_ascii_uppercase());
        let headers = if is_public(self.op) {
            quote! { self.public_headers.clone() }
        } else {
            quote! { self.headers.clone() }
        };
        let call_headers = call.call_headers(&self.per_call, &mut scratch);
        // Before the client's headers, so that an `Accept` set on the builder wins.
        let accept =
            accept(self.op).map(|media| quote! { .header(::reqwest::header::ACCEPT, #media) });
        let request = if call_headers.is_empty() {
            quote! { self.http.request(::reqwest::Method::#method, url) #accept .headers(#headers) }
        } else {
            quote! { with_headers(self.http.request(::reqwest::Method::#method, url) #accept, #headers, [#(#call_headers),*]) }
        };
        let body = self.body();
        let chain = body.as_ref().and_then(ClientBody::chain);
        let attach = body.as_ref().and_then(ClientBody::attach);
        let send = self.success.send(&self.success_type());
        quote! {
            let url = #url;
            let request = #request #chain;
            #attach
            #send
        }
    }

    /// `{Op}Params` and `{Op}Success`, when the operation has them.
    fn items(&self) -> TokenStream {
        let params = self.with_name.as_ref().map(|with_name| {
            let name = self.params_type();
            let doc = format!(
                " Per-call parameters of [`Client::{with_name}`] (`{} {}`): each `None` is not sent (a header then keeps the builder's value).",
                self.op.method, self.op.path
            );
            let fields = self.per_call.iter().map(|p| {
                let field = format_ident!("{}", p.rust_name);
                let ty = Shape::of_parameter(self.api, p).type_tokens();
                let mut text = location_doc(p);
                if let Some(d) = &p.doc {
                    text = format!("{d}\n\n{text}");
                }
                let doc = doc_attrs(&text);
                quote! {
                    #doc
                    pub #field: ::std::option::Option<#ty>,
                }
            });
            quote! {
                #[doc = #doc]
                #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::default::Default, ::std::cmp::PartialEq)]
                pub struct #name {
                    #(#fields)*
                }
            }
        });
        let success = self
            .success
            .emit_enum(&self.success_type(), self.op, &self.error_type());
        let body = self.body().map(|b| b.items());
        quote! { #params #success #body }
    }
}
