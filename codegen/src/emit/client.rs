//! The `client` module: a `reqwest` client with one async method per operation.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::doc::doc_attrs;
use super::headers::{HeaderInput, has_http_auth, header_inputs};
use super::responses::{error_type, operation_doc, served, success_codes, success_response};
use super::type_ref::qualified_type_tokens;
use crate::model::{Api, Operation};

/// Names the builder uses for its own methods, which header methods must not take.
const BUILDER_METHODS: &[&str] = &[
    "new",
    "build",
    "timeout",
    "connect_timeout",
    "http_client",
    "bearer_token",
    "basic_auth",
    "header",
];

/// The whole `client` module.
pub fn emit_client(api: &Api) -> TokenStream {
    let headers = header_inputs(api, BUILDER_METHODS);
    let builder = emit_builder(&headers, has_http_auth(api));
    let methods = served(&api.operations).map(emit_method);
    let has_body = |op: &&Operation| success_response(op).and_then(|r| r.ty.as_ref()).is_some();
    let json = served(&api.operations).any(|op| has_body(&op));
    let empty = served(&api.operations).any(|op| !has_body(&op));
    let support = emit_client_support(json, empty);
    quote! {
        /// A client of the API: cheap to clone (clones share one connection pool).
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct Client {
            base_url: ::std::string::String,
            http: ::reqwest::Client,
            headers: ::reqwest::header::HeaderMap,
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

        #builder
        #support
    }
}

fn emit_method(op: &Operation) -> TokenStream {
    let doc = doc_attrs(&operation_doc(op));
    let name = format_ident!("{}", op.rust_name);
    let method = format_ident!("{}", op.method.to_ascii_uppercase());
    let path = &op.path;
    let error =
        error_type(op).map_or_else(|| quote! { ::serde_json::Value }, qualified_type_tokens);
    let (body_arg, body_call) = match &op.request_body {
        Some(b) => {
            let ty = qualified_type_tokens(&b.ty);
            (quote! { body: &#ty }, quote! { .json(body) })
        }
        None => (quote! {}, quote! {}),
    };
    let codes = success_codes(op);
    let deprecated = op.deprecated.then(|| quote! { #[deprecated] });
    let (ok, send) = match success_response(op).and_then(|r| r.ty.as_ref()) {
        Some(ty) => (
            qualified_type_tokens(ty),
            quote! { self.send_json(request, &[#(#codes),*]).await },
        ),
        None => (
            quote! { () },
            quote! { self.send_empty(request, &[#(#codes),*]).await },
        ),
    };
    quote! {
        #doc
        #deprecated
        pub async fn #name(&self, #body_arg) -> ::std::result::Result<#ok, Error<#error>> {
            let url = ::std::format!("{}{}", self.base_url, #path);
            let request = self.http.request(::reqwest::Method::#method, url).headers(self.headers.clone()) #body_call;
            #send
        }
    }
}

fn emit_builder(headers: &[HeaderInput], http_auth: bool) -> TokenStream {
    let setters = headers.iter().map(|h| {
        let name = format_ident!("{}", h.rust_name);
        let wire = &h.wire_name;
        let secret = h.secret;
        let doc = format!(" Sends `{wire}` with every request ({}).", h.origin);
        let hidden = if secret {
            " The value is marked sensitive: `Debug` never shows it."
        } else {
            ""
        };
        quote! {
            #[doc = #doc]
            #[doc = #hidden]
            pub fn #name(self, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.header(#wire, value, #secret)
            }
        }
    });
    let auth = http_auth.then(|| quote! {
        /// Sends `Authorization: Bearer <token>` with every request.
        pub fn bearer_token(self, token: impl ::std::convert::Into<::std::string::String>) -> Self {
            let value = ::std::format!("Bearer {}", token.into());
            self.header("authorization", value, true)
        }
    });
    quote! {
        /// Builds a [`Client`]: credentials and headers from the spec, timeouts, and an optional
        /// caller-supplied `reqwest::Client`.
        pub struct ClientBuilder {
            base_url: ::std::string::String,
            http: ::std::option::Option<::reqwest::Client>,
            timeout: ::std::option::Option<::std::time::Duration>,
            connect_timeout: ::std::option::Option<::std::time::Duration>,
            headers: ::std::vec::Vec<(&'static str, ::std::string::String, bool)>,
        }

        impl ::std::fmt::Debug for ClientBuilder {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let headers: ::std::vec::Vec<&str> = self.headers.iter().map(|(name, _, _)| *name).collect();
                f.debug_struct("ClientBuilder")
                    .field("base_url", &self.base_url)
                    .field("timeout", &self.timeout)
                    .field("connect_timeout", &self.connect_timeout)
                    .field("headers", &headers)
                    .finish_non_exhaustive()
            }
        }

        impl ClientBuilder {
            /// A builder for a client of the API at `base_url`.
            pub fn new(base_url: impl ::std::convert::Into<::std::string::String>) -> Self {
                ClientBuilder {
                    base_url: base_url.into(),
                    http: ::std::option::Option::None,
                    timeout: ::std::option::Option::None,
                    connect_timeout: ::std::option::Option::None,
                    headers: ::std::vec::Vec::new(),
                }
            }

            #(#setters)*
            #auth

            /// Sends a header with every request; `sensitive` hides its value from `Debug`.
            pub fn header(mut self, name: &'static str, value: impl ::std::convert::Into<::std::string::String>, sensitive: bool) -> Self {
                self.headers.retain(|(n, _, _)| !n.eq_ignore_ascii_case(name));
                self.headers.push((name, value.into(), sensitive));
                self
            }

            /// Gives up on a request (connecting, sending and reading the response) after `timeout`.
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.timeout = ::std::option::Option::Some(timeout);
                self
            }

            /// Gives up connecting after `timeout`. Applies only when the builder makes the
            /// `reqwest::Client`, not to one given with [`ClientBuilder::http_client`].
            pub fn connect_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.connect_timeout = ::std::option::Option::Some(timeout);
                self
            }

            /// Uses this `reqwest::Client` (its pool, proxy and TLS settings).
            pub fn http_client(mut self, http: ::reqwest::Client) -> Self {
                self.http = ::std::option::Option::Some(http);
                self
            }

            /// The client.
            ///
            /// # Errors
            /// When a header value is not a valid HTTP header value, or the HTTP client cannot
            /// be made (its TLS back end fails to start).
            pub fn build(self) -> ::std::result::Result<Client, BuildError> {
                let mut headers = ::reqwest::header::HeaderMap::new();
                for (name, value, sensitive) in self.headers {
                    let header_name = ::reqwest::header::HeaderName::from_bytes(name.as_bytes())
                        .map_err(|_| BuildError::InvalidHeader(name))?;
                    let mut header_value = ::reqwest::header::HeaderValue::from_str(&value)
                        .map_err(|_| BuildError::InvalidHeader(name))?;
                    header_value.set_sensitive(sensitive);
                    headers.insert(header_name, header_value);
                }
                let http = match self.http {
                    ::std::option::Option::Some(http) => http,
                    ::std::option::Option::None => {
                        let mut builder = ::reqwest::Client::builder();
                        if let ::std::option::Option::Some(t) = self.connect_timeout {
                            builder = builder.connect_timeout(t);
                        }
                        builder.build().map_err(BuildError::Http)?
                    }
                };
                ::std::result::Result::Ok(Client { base_url: trim_base_url(self.base_url), http, headers, timeout: self.timeout })
            }
        }

        /// Why [`ClientBuilder::build`] failed.
        #[derive(::std::fmt::Debug)]
        #[non_exhaustive]
        pub enum BuildError {
            /// The value given for this header cannot be sent (it has a newline, say).
            InvalidHeader(&'static str),
            /// The HTTP client could not be made.
            Http(::reqwest::Error),
        }

        impl ::std::fmt::Display for BuildError {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    BuildError::InvalidHeader(name) => ::std::write!(f, "invalid value for header {name}"),
                    BuildError::Http(e) => ::std::write!(f, "cannot make the HTTP client: {e}"),
                }
            }
        }

        impl ::std::error::Error for BuildError {}
    }
}

fn emit_client_support(json: bool, empty: bool) -> TokenStream {
    let send_json = json.then(|| quote! {
        impl Client {
            async fn send_json<T, E>(&self, request: ::reqwest::RequestBuilder, success: &[u16]) -> ::std::result::Result<T, Error<E>>
            where
                T: ::serde::de::DeserializeOwned,
                E: ::serde::de::DeserializeOwned,
            {
                let reply = self.send_raw(request).await.map_err(Error::Transport)?;
                if !success.contains(&reply.status) {
                    return ::std::result::Result::Err(Error::Api(reply.into_api_error()));
                }
                let mut deserializer = ::serde_json::Deserializer::from_slice(&reply.body);
                ::serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
                    Error::Decode(DecodeError {
                        status: reply.status,
                        request_id: reply.request_id.clone(),
                        path: e.path().to_string(),
                        message: e.inner().to_string(),
                        body: ::std::string::String::from_utf8_lossy(&reply.body).into_owned(),
                    })
                })
            }
        }
    });
    let send_empty = empty.then(|| quote! {
        impl Client {
            async fn send_empty<E>(&self, request: ::reqwest::RequestBuilder, success: &[u16]) -> ::std::result::Result<(), Error<E>>
            where
                E: ::serde::de::DeserializeOwned,
            {
                let reply = self.send_raw(request).await.map_err(Error::Transport)?;
                if success.contains(&reply.status) {
                    ::std::result::Result::Ok(())
                } else {
                    ::std::result::Result::Err(Error::Api(reply.into_api_error()))
                }
            }
        }
    });
    quote! {
        #send_json
        #send_empty

        fn trim_base_url(mut url: ::std::string::String) -> ::std::string::String {
            while url.ends_with('/') {
                url.pop();
            }
            url
        }

        impl Client {
            async fn send_raw(&self, request: ::reqwest::RequestBuilder) -> ::std::result::Result<Reply, ::reqwest::Error> {
                let request = match self.timeout {
                    ::std::option::Option::Some(t) => request.timeout(t),
                    ::std::option::Option::None => request,
                };
                let response = request.send().await?;
                let status = response.status().as_u16();
                let header_id = response
                    .headers()
                    .get("x-request-id")
                    .and_then(|v| v.to_str().ok())
                    .map(::std::borrow::ToOwned::to_owned);
                let body = response.bytes().await?;
                let request_id = header_id.or_else(|| body_request_id(&body));
                ::std::result::Result::Ok(Reply { status, request_id, body })
            }

        }

        struct Reply {
            status: u16,
            request_id: ::std::option::Option<::std::string::String>,
            body: ::bytes::Bytes,
        }

        impl Reply {
            fn into_api_error<E: ::serde::de::DeserializeOwned>(self) -> ApiError<E> {
                ApiError {
                    status: self.status,
                    request_id: self.request_id,
                    error: ::serde_json::from_slice(&self.body).ok(),
                    body: ::std::string::String::from_utf8_lossy(&self.body).into_owned(),
                }
            }
        }

        /// The `request_id` of a JSON object body, for APIs that put it there.
        fn body_request_id(body: &[u8]) -> ::std::option::Option<::std::string::String> {
            #[derive(::serde::Deserialize)]
            struct WithRequestId {
                request_id: ::std::option::Option<::std::string::String>,
            }
            ::serde_json::from_slice::<WithRequestId>(body).ok().and_then(|b| b.request_id)
        }

        /// Why a call failed. `E` is the operation's error body (its `default` response).
        #[derive(::std::fmt::Debug)]
        #[non_exhaustive]
        pub enum Error<E> {
            /// The request was not sent or the response not read: connection, timeout, TLS.
            Transport(::reqwest::Error),
            /// The server answered with a status that is not a documented success.
            Api(ApiError<E>),
            /// A success response whose body does not match its schema.
            Decode(DecodeError),
        }

        impl<E> Error<E> {
            /// The HTTP status, when the server answered.
            pub fn status(&self) -> ::std::option::Option<u16> {
                match self {
                    Error::Transport(e) => e.status().map(|s| s.as_u16()),
                    Error::Api(e) => ::std::option::Option::Some(e.status),
                    Error::Decode(e) => ::std::option::Option::Some(e.status),
                }
            }

            /// The request id the server gave (response header `x-request-id`, or `request_id`
            /// in the body).
            pub fn request_id(&self) -> ::std::option::Option<&str> {
                match self {
                    Error::Transport(_) => ::std::option::Option::None,
                    Error::Api(e) => e.request_id.as_deref(),
                    Error::Decode(e) => e.request_id.as_deref(),
                }
            }

            /// The decoded error body, when the server sent one in the documented shape.
            pub fn error_body(&self) -> ::std::option::Option<&E> {
                match self {
                    Error::Api(e) => e.error.as_ref(),
                    _ => ::std::option::Option::None,
                }
            }
        }

        impl<E: ::std::fmt::Debug> ::std::fmt::Display for Error<E> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    Error::Transport(e) => ::std::write!(f, "request failed: {e}"),
                    Error::Api(e) => ::std::write!(f, "HTTP {}: {}", e.status, e.body),
                    Error::Decode(e) => ::std::write!(f, "HTTP {}: response does not match its schema at {}: {}", e.status, e.path, e.message),
                }
            }
        }

        impl<E: ::std::fmt::Debug> ::std::error::Error for Error<E> {}

        /// An answer with a status the operation does not document as success.
        #[derive(::std::fmt::Debug, ::std::clone::Clone)]
        pub struct ApiError<E> {
            /// The HTTP status.
            pub status: u16,
            /// The request id the server gave, if any.
            pub request_id: ::std::option::Option<::std::string::String>,
            /// The body as received (lossily decoded as UTF-8).
            pub body: ::std::string::String,
            /// The body decoded as the operation's error schema, when it is one.
            pub error: ::std::option::Option<E>,
        }

        /// A success response whose body does not match the schema.
        #[derive(::std::fmt::Debug, ::std::clone::Clone)]
        pub struct DecodeError {
            /// The HTTP status.
            pub status: u16,
            /// The request id the server gave, if any.
            pub request_id: ::std::option::Option<::std::string::String>,
            /// Where in the body decoding failed, e.g. `accounts[0].balances.available`.
            pub path: ::std::string::String,
            /// What was wrong there.
            pub message: ::std::string::String,
            /// The body as received.
            pub body: ::std::string::String,
        }
    }
}
