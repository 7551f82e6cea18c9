//! The client builder: credentials from the spec's security schemes (API keys in a header or
//! the query string, HTTP bearer and basic), header parameters as client-wide defaults,
//! timeouts, and a caller-supplied `reqwest::Client`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::headers::HeaderInput;

/// What the builder offers beyond the fixed methods.
pub struct BuilderInputs<'a> {
    /// Headers and query API keys from the spec.
    pub inputs: &'a [HeaderInput],
    /// The spec has an HTTP bearer scheme.
    pub bearer: bool,
    /// The spec has an HTTP basic scheme.
    pub basic: bool,
    /// Some operation has `security: []`, so the client keeps headers without credentials.
    pub public_headers: bool,
}

/// Names the builder uses for its own methods, which setters from the spec must not take.
pub const BUILDER_METHODS: &[&str] = &[
    "new",
    "build",
    "timeout",
    "connect_timeout",
    "http_client",
    "bearer_token",
    "basic_auth",
    "header",
    "credential_header",
];

/// The `ClientBuilder` and `BuildError`.
pub fn emit_builder(b: &BuilderInputs<'_>) -> TokenStream {
    let setters = b.inputs.iter().map(|h| emit_setter(h, b.public_headers));
    let credential = if b.public_headers {
        quote! { credential_header }
    } else {
        quote! { header }
    };
    let exception = if b.public_headers {
        " (but those of operations with `security: []`)"
    } else {
        ""
    };
    let bearer_doc =
        format!(" Sends `Authorization: Bearer <token>` with every request{exception}.");
    let basic_doc = format!(
        " Sends `Authorization: Basic <base64 of user:password>` with every request{exception}."
    );
    let bearer = b.bearer.then(|| quote! {
        #[doc = #bearer_doc]
        pub fn bearer_token(self, token: impl ::std::convert::Into<::std::string::String>) -> Self {
            let value = ::std::format!("Bearer {}", token.into());
            self.#credential("authorization", value, true)
        }
    });
    let basic = b.basic.then(|| quote! {
        #[doc = #basic_doc]
        pub fn basic_auth(self, user: impl ::std::fmt::Display, password: impl ::std::fmt::Display) -> Self {
            let token = ::base64::Engine::encode(&::base64::engine::general_purpose::STANDARD, ::std::format!("{user}:{password}"));
            self.#credential("authorization", ::std::format!("Basic {token}"), true)
        }
    });
    let has_credential_headers =
        b.bearer || b.basic || b.inputs.iter().any(|h| h.credential && !h.in_query);
    let public = b.public_headers && has_credential_headers;
    let credential_header = public.then(|| quote! {
        /// Sends a credential header with every request but those of operations with
        /// `security: []`; `sensitive` hides its value from `Debug`.
        fn credential_header(mut self, name: &'static str, value: impl ::std::convert::Into<::std::string::String>, sensitive: bool) -> Self {
            self.credentials.push(name);
            self.header(name, value, sensitive)
        }
    });
    let query = b.inputs.iter().any(|h| h.in_query);
    let query_field =
        query.then(|| quote! { query: ::std::vec::Vec<(&'static str, ::std::string::String)>, });
    let query_init = query.then(|| quote! { query: ::std::vec::Vec::new(), });
    let query_debug = query.then(|| {
        quote! {
            let query: ::std::vec::Vec<&str> = self.query.iter().map(|(name, _)| *name).collect();
        }
    });
    let query_field_debug = query.then(|| quote! { .field("query", &query) });
    let query_build = query.then(|| quote! { query_credentials: QueryCredentials(self.query), });
    let public_build = b.public_headers.then(|| quote! { public_headers, });
    let public_map = b.public_headers.then(|| {
        quote! { let mut public_headers = ::reqwest::header::HeaderMap::new(); }
    });
    let public_insert = b.public_headers.then(|| {
        let insert = quote! { public_headers.insert(header_name.clone(), header_value.clone()); };
        if public {
            quote! {
                if !self.credentials.iter().any(|c| c.eq_ignore_ascii_case(name)) {
                    #insert
                }
            }
        } else {
            insert
        }
    });
    let credentials_field = public.then(|| {
        quote! {
            /// Names of the headers that carry credentials.
            credentials: ::std::vec::Vec<&'static str>,
        }
    });
    let credentials_init = public.then(|| quote! { credentials: ::std::vec::Vec::new(), });
    quote! {
        /// Builds a [`Client`]: credentials and headers from the spec, timeouts, and an optional
        /// caller-supplied `reqwest::Client`.
        pub struct ClientBuilder {
            base_url: ::std::string::String,
            http: ::std::option::Option<::reqwest::Client>,
            timeout: ::std::option::Option<::std::time::Duration>,
            connect_timeout: ::std::option::Option<::std::time::Duration>,
            headers: ::std::vec::Vec<(&'static str, ::std::string::String, bool)>,
            #credentials_field
            #query_field
        }

        impl ::std::fmt::Debug for ClientBuilder {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let headers: ::std::vec::Vec<&str> = self.headers.iter().map(|(name, _, _)| *name).collect();
                #query_debug
                f.debug_struct("ClientBuilder")
                    .field("base_url", &self.base_url)
                    .field("timeout", &self.timeout)
                    .field("connect_timeout", &self.connect_timeout)
                    .field("headers", &headers)
                    #query_field_debug
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
                    #credentials_init
                    #query_init
                }
            }

            #(#setters)*
            #bearer
            #basic

            /// Sends a header with every request; `sensitive` hides its value from `Debug`.
            pub fn header(mut self, name: &'static str, value: impl ::std::convert::Into<::std::string::String>, sensitive: bool) -> Self {
                self.headers.retain(|(n, _, _)| !n.eq_ignore_ascii_case(name));
                self.headers.push((name, value.into(), sensitive));
                self
            }

            #credential_header

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
                #public_map
                for (name, value, sensitive) in self.headers {
                    let header_name = ::reqwest::header::HeaderName::from_bytes(name.as_bytes())
                        .map_err(|_| BuildError::InvalidHeader(name))?;
                    let mut header_value = ::reqwest::header::HeaderValue::from_str(&value)
                        .map_err(|_| BuildError::InvalidHeader(name))?;
                    header_value.set_sensitive(sensitive);
                    #public_insert
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
                ::std::result::Result::Ok(Client {
                    base_url: trim_base_url(self.base_url),
                    http,
                    headers,
                    #public_build
                    #query_build
                    timeout: self.timeout,
                })
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

fn emit_setter(h: &HeaderInput, public_headers: bool) -> TokenStream {
    let name = format_ident!("{}", h.rust_name);
    let wire = &h.wire_name;
    let secret = h.secret;
    let exception = if public_headers && h.credential {
        " but those of operations with `security: []`"
    } else {
        ""
    };
    if h.in_query {
        let doc = format!(
            " Sends `{wire}` in the query string of every request{exception} ({}).",
            h.origin
        );
        return quote! {
            #[doc = #doc]
            /// The value is kept out of `Debug`.
            pub fn #name(mut self, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.query.retain(|(n, _)| *n != #wire);
                self.query.push((#wire, value.into()));
                self
            }
        };
    }
    let hidden = if secret {
        " The value is marked sensitive: `Debug` never shows it."
    } else {
        ""
    };
    let (call, per_call) = if h.credential {
        let call = if public_headers {
            quote! { credential_header }
        } else {
            quote! { header }
        };
        (call, "")
    } else {
        (
            quote! { header },
            "; a value given for one call replaces it",
        )
    };
    let doc = format!(
        " Sends `{wire}` with every request{exception} ({}){per_call}.",
        h.origin
    );
    quote! {
        #[doc = #doc]
        #[doc = #hidden]
        pub fn #name(self, value: impl ::std::convert::Into<::std::string::String>) -> Self {
            self.#call(#wire, value, #secret)
        }
    }
}
