//! The `client` module: a `reqwest` client with one async method per operation.
//!
//! A method takes the path parameters (in path order), the required query parameters and the
//! body, and returns the success body. An operation with optional query parameters or header
//! parameters also gets `{op}_with`, which takes them in a `{Op}Params` struct (`Default`, so
//! `..Default::default()` fills what is not given); a header given there replaces the
//! builder's value for that call. An operation with several success responses whose bodies
//! differ returns `{Op}Success`, an enum with a variant per status.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::client_body::ClientBody;
use super::client_builder::{BUILDER_METHODS, BuilderInputs, emit_builder};
use super::client_success::Success;
use super::client_support::{ClientNeeds, emit_client_support};
use super::doc::doc_attrs;
use super::headers::{has_scheme, header_inputs};
use super::params::{self, ScalarKind, Shape, joined_text_expr, location_doc, text_expr};
use super::responses::{error_type, operation_doc, served};
use super::type_ref::qualified_type_tokens;
use crate::lower::names::{Scope, camel};
use crate::model::{Api, Operation, Parameter, ParameterLocation, SecurityKind};

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
            /// A client of the API at `base_url` (e.g. `http://localhost:8080/plaid-compatible`)
            /// with no credentials; see [`Client::builder`] for those.
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
        let mut path: Vec<&Parameter> =
            params::at(&op.parameters, ParameterLocation::Path).collect();
        path.sort_by_key(|p| op.path.find(&format!("{{{}}}", p.wire_name)));
        let query: Vec<&Parameter> = params::at(&op.parameters, ParameterLocation::Query).collect();
        let positional = path
            .into_iter()
            .chain(query.iter().copied().filter(|p| p.required))
            .collect();
        let per_call: Vec<&Parameter> = query
            .into_iter()
            .filter(|p| !p.required)
            .chain(params::at(&op.parameters, ParameterLocation::Header))
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

    fn note_needs(&self, needs: &mut ClientNeeds) {
        self.success.note_needs(needs);
        let has_query = self
            .op
            .parameters
            .iter()
            .any(|p| p.location == ParameterLocation::Query);
        let has_path = self
            .op
            .parameters
            .iter()
            .any(|p| p.location == ParameterLocation::Path);
        needs.url |= has_query || self.query_credentials;
        needs.query_pairs |= self.query_credentials
            || self.op.parameters.iter().any(|p| {
                p.location == ParameterLocation::Query
                    && (p.explode || matches!(Shape::of(self.api, &p.ty), Shape::One(_)))
            });
        needs.encode_path |= has_path;
        needs.query_list |= self.op.parameters.iter().any(|p| {
            p.location == ParameterLocation::Query
                && !p.explode
                && matches!(Shape::of(self.api, &p.ty), Shape::List(_))
        });
        needs.headers |= self
            .per_call
            .iter()
            .any(|p| p.location == ParameterLocation::Header);
        if let Some(body) = self.body() {
            body.note_needs(needs);
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
            let ty = Shape::of(self.api, &p.ty).argument_type();
            quote! { #name: #ty, }
        });
        let body_arg = body.as_ref().map(ClientBody::args);
        let ok = self.success.ok_type(&self.success_type());
        let error = error_type(self.op)
            .map_or_else(|| quote! { ::serde_json::Value }, qualified_type_tokens);
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
        let url = self.url_expr();
        let method = format_ident!("{}", self.op.method.to_ascii_uppercase());
        let headers = if is_public(self.op) {
            quote! { self.public_headers.clone() }
        } else {
            quote! { self.headers.clone() }
        };
        let call_headers: Vec<TokenStream> = self
            .per_call
            .iter()
            .filter(|p| p.location == ParameterLocation::Header)
            .map(|p| {
                let field = format_ident!("{}", p.rust_name);
                let wire = &p.wire_name;
                let shape = Shape::of(self.api, &p.ty);
                let text = joined_text_expr(&shape, &quote! { value }, false);
                let sensitive = matches!(&shape, Shape::One(s) if s.kind == ScalarKind::Secret);
                quote! { (#wire, params.#field.as_ref().map(|value| #text), #sensitive) }
            })
            .collect();
        let request = if call_headers.is_empty() {
            quote! { self.http.request(::reqwest::Method::#method, url).headers(#headers) }
        } else {
            quote! { with_headers(self.http.request(::reqwest::Method::#method, url), #headers, [#(#call_headers),*]) }
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

    /// The URL: base, path with its parameters, query string.
    fn url_expr(&self) -> TokenStream {
        let path = &self.op.path;
        let path_params: Vec<&Parameter> =
            params::at(&self.op.parameters, ParameterLocation::Path).collect();
        let query: Vec<&Parameter> =
            params::at(&self.op.parameters, ParameterLocation::Query).collect();
        if path_params.is_empty() && query.is_empty() && !self.query_credentials {
            return quote! { ::std::format!("{}{}", self.base_url, #path) };
        }
        let path_expr = if path_params.is_empty() {
            quote! { #path }
        } else {
            let mut format = path.clone();
            let mut values = Vec::new();
            for p in &self.positional {
                if p.location != ParameterLocation::Path {
                    continue;
                }
                format = format.replacen(&format!("{{{}}}", p.wire_name), "{}", 1);
                let shape = Shape::of(self.api, &p.ty);
                let value = format_ident!("{}", p.rust_name);
                values.push(joined_text_expr(&shape, &quote! { #value }, true));
            }
            if query.is_empty() && !self.query_credentials {
                let format = format!("{{}}{format}");
                return quote! { ::std::format!(#format, self.base_url, #(#values),*) };
            }
            quote! { &::std::format!(#format, #(#values),*) }
        };
        let pairs = query.iter().map(|p| self.query_pairs(p));
        let credentials = self
            .query_credentials
            .then(|| quote! { .credentials(&self.query_credentials) });
        quote! {
            RequestUrl::new(&self.base_url, #path_expr)
                #(#pairs)*
                #credentials
                .finish()
        }
    }

    /// `.pairs(name, values)` (or `.list(name, items)`) for one query parameter.
    fn query_pairs(&self, p: &Parameter) -> TokenStream {
        let wire = &p.wire_name;
        let shape = Shape::of(self.api, &p.ty);
        let name = format_ident!("{}", p.rust_name);
        let values = match (&shape, p.required, p.explode) {
            (Shape::List(s), true, true) => {
                let item = text_expr(s.kind, &quote! { item });
                quote! { #name.iter().map(|item| #item) }
            }
            (Shape::List(s), false, true) => {
                let item = text_expr(s.kind, &quote! { item });
                quote! { params.#name.iter().flatten().map(|item| #item) }
            }
            (Shape::List(s), true, false) => {
                let item = text_expr(s.kind, &quote! { item });
                return quote! { .list(#wire, ::std::option::Option::Some(#name.iter().map(|item| #item))) };
            }
            (Shape::List(s), false, false) => {
                let item = text_expr(s.kind, &quote! { item });
                return quote! { .list(#wire, params.#name.as_ref().map(|items| items.iter().map(|item| #item))) };
            }
            (_, true, _) => {
                let text = joined_text_expr(&shape, &quote! { #name }, false);
                quote! { [#text] }
            }
            (_, false, _) => {
                let text = joined_text_expr(&shape, &quote! { value }, false);
                quote! { params.#name.iter().map(|value| #text) }
            }
        };
        quote! { .pairs(#wire, #values) }
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
                let ty = Shape::of(self.api, &p.ty).type_tokens();
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
        let success = self.success.emit_enum(&self.success_type(), self.op);
        let body = self.body().map(|b| b.items());
        quote! { #params #success #body }
    }
}
