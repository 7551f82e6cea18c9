//! The credentials the stub accepts, and its router: the server's, with a layer that refuses
//! (401) a request lacking the credentials its operation requires.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::error_forms::refusal;
use crate::emit::responses::served;
use crate::emit::server_routes::axum_path;
use crate::model::{Api, Operation, SecurityKind};

/// The API key the stub accepts by default.
pub const DEFAULT_API_KEY: &str = "stub-api-key";
/// The bearer token the stub accepts by default.
pub const DEFAULT_BEARER_TOKEN: &str = "stub-token";
/// The HTTP basic user name the stub accepts by default.
pub const DEFAULT_BASIC_USER: &str = "stub";
/// The HTTP basic password the stub accepts by default.
pub const DEFAULT_BASIC_PASSWORD: &str = "stub-password";

/// `Credentials`, the stub's routers and, when some operation requires credentials, the layer
/// that checks them.
pub(super) fn emit_credentials(api: &Api) -> TokenStream {
    let secured: Vec<TokenStream> = secured_operations(api).collect();
    let uses_basic = checks_basic(api);
    let credentials = quote! {
        /// The credentials the stub accepts: one value per kind of security scheme, whatever
        /// the scheme's name.
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        #[non_exhaustive]
        pub struct Credentials {
            /// The API key, in whichever header, query parameter or cookie a scheme names.
            pub api_key: ::std::string::String,
            /// The token of `Authorization: Bearer` (HTTP bearer, OAuth 2, OpenID Connect).
            pub bearer_token: ::std::string::String,
            /// The user name of `Authorization: Basic`.
            pub basic_user: ::std::string::String,
            /// The password of `Authorization: Basic`.
            pub basic_password: ::std::string::String,
        }

        impl ::std::default::Default for Credentials {
            /// `stub-api-key`, the bearer token `stub-token`, and `stub` / `stub-password`.
            fn default() -> Self {
                Credentials {
                    api_key: ::std::borrow::ToOwned::to_owned(#DEFAULT_API_KEY),
                    bearer_token: ::std::borrow::ToOwned::to_owned(#DEFAULT_BEARER_TOKEN),
                    basic_user: ::std::borrow::ToOwned::to_owned(#DEFAULT_BASIC_USER),
                    basic_password: ::std::borrow::ToOwned::to_owned(#DEFAULT_BASIC_PASSWORD),
                }
            }
        }
    };
    if secured.is_empty() {
        return quote! {
            #credentials

            /// The stub as an axum router under [`crate::server::BASE_PATH`]: no operation
            /// requires credentials.
            pub fn router<A: StubApi>(api: ::std::sync::Arc<A>) -> ::axum::Router {
                router_with_options(api, crate::server::RouterOptions::default())
            }

            /// The stub as an axum router with `options`.
            pub fn router_with_options<A: StubApi>(api: ::std::sync::Arc<A>, options: crate::server::RouterOptions) -> ::axum::Router {
                crate::server::router_with_options(api, options)
            }
        };
    }
    let basic_field = uses_basic.then(|| quote! { basic: ::std::string::String, });
    let basic_value = uses_basic.then(|| {
        quote! {
            basic: ::base64::Engine::encode(
                &::base64::engine::general_purpose::STANDARD,
                ::std::format!("{}:{}", credentials.basic_user, credentials.basic_password),
            ),
        }
    });
    let basic_check = if uses_basic {
        quote! { Scheme::Basic => authorization(headers, "basic") == ::std::option::Option::Some(self.basic.as_str()), }
    } else {
        quote! { Scheme::Basic => false, }
    };
    quote! {
        #credentials

        /// The stub as an axum router under [`crate::server::BASE_PATH`]: the server's
        /// router, refusing with 401 a request that lacks the credentials its operation
        /// requires.
        pub fn router<A: StubApi>(api: ::std::sync::Arc<A>) -> ::axum::Router {
            router_with_options(api, crate::server::RouterOptions::default())
        }

        /// The stub as an axum router with `options`.
        pub fn router_with_options<A: StubApi>(api: ::std::sync::Arc<A>, options: crate::server::RouterOptions) -> ::axum::Router {
            let guard = Guard::new(&options.base_path, api.stub().credentials());
            crate::server::router_with_options(api, options)
                .route_layer(::axum::middleware::from_fn_with_state(::std::sync::Arc::new(guard), require_credentials))
        }

        /// One credential of a security requirement.
        #[derive(::std::clone::Clone, ::std::marker::Copy, ::std::fmt::Debug)]
        #[allow(dead_code, reason = "a spec uses some kinds of scheme only")]
        enum Scheme {
            /// An API key in this header.
            Header(&'static str),
            /// An API key in this query parameter.
            Query(&'static str),
            /// An API key in this cookie.
            Cookie(&'static str),
            /// `Authorization: Bearer`.
            Bearer,
            /// `Authorization: Basic`.
            Basic,
            /// A scheme the stub cannot check (mutual TLS, HTTP digest): taken as given.
            Unchecked,
        }

        /// How a request lacking credentials is answered, given its request id: 401 in the
        /// operation's documented error response.
        type Refusal = fn(&str) -> ::axum::response::Response;

        /// Each operation that requires credentials: its method, its route (as the router
        /// mounts it, without the base path), its requirements (alternatives, each a set of
        /// credentials that must all be given) and how a request lacking them is refused.
        const SECURED: &[(&str, &str, &[&[Scheme]], Refusal)] = &[#(#secured)*];

        /// What [`require_credentials`] compares a request with.
        struct Guard {
            base_path: ::std::string::String,
            credentials: Credentials,
            #basic_field
        }

        impl Guard {
            fn new(base_path: &str, credentials: &Credentials) -> Guard {
                let credentials = ::std::clone::Clone::clone(credentials);
                Guard {
                    base_path: ::std::borrow::ToOwned::to_owned(base_path.trim_end_matches('/')),
                    #basic_value
                    credentials,
                }
            }

            /// How to refuse `request`, when it meets none of its operation's requirements.
            fn refusal(&self, request: &::axum::extract::Request) -> ::std::option::Option<Refusal> {
                let matched = request
                    .extensions()
                    .get::<::axum::extract::MatchedPath>()
                    .map_or("", ::axum::extract::MatchedPath::as_str);
                let route = matched.strip_prefix(self.base_path.as_str()).unwrap_or(matched);
                let route = if route.is_empty() { "/" } else { route };
                let method = request.method().as_str();
                let mut required = SECURED
                    .iter()
                    .filter(|(m, r, _, _)| *m == method && *r == route)
                    .peekable();
                let refuse = required.peek().map(|(_, _, _, refuse)| *refuse)?;
                let admitted = required.any(|(_, _, alternatives, _)| {
                    alternatives.iter().any(|all| all.iter().all(|s| self.accepts(*s, request)))
                });
                (!admitted).then_some(refuse)
            }

            /// Whether `request` carries `scheme`'s credential, with the accepted value.
            fn accepts(&self, scheme: Scheme, request: &::axum::extract::Request) -> bool {
                let headers = request.headers();
                let key = self.credentials.api_key.as_str();
                match scheme {
                    // The key alone, or after a word (`ApiKey …`, `Token …`) as some APIs
                    // ask for it in an `Authorization` header.
                    Scheme::Header(name) => headers.get(name).and_then(|v| v.to_str().ok()).is_some_and(|v| {
                        v == key || v.split_once(' ').is_some_and(|(word, rest)| !word.is_empty() && rest == key)
                    }),
                    Scheme::Query(name) => request.uri().query().is_some_and(|query| {
                        query.split('&').any(|pair| {
                            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                            percent_decoded(k) == name && percent_decoded(v) == key
                        })
                    }),
                    Scheme::Cookie(name) => headers
                        .get_all(::axum::http::header::COOKIE)
                        .iter()
                        .filter_map(|v| v.to_str().ok())
                        .flat_map(|v| v.split(';'))
                        .any(|cookie| cookie.trim().split_once('=') == ::std::option::Option::Some((name, key))),
                    Scheme::Bearer => authorization(headers, "bearer") == ::std::option::Option::Some(self.credentials.bearer_token.as_str()),
                    #basic_check
                    Scheme::Unchecked => true,
                }
            }
        }

        /// The credentials of the `Authorization` header of `scheme` (case-insensitive).
        fn authorization<'h>(headers: &'h ::axum::http::HeaderMap, scheme: &str) -> ::std::option::Option<&'h str> {
            let value = headers.get(::axum::http::header::AUTHORIZATION)?.to_str().ok()?;
            let (given, credentials) = value.trim().split_once(' ')?;
            given.eq_ignore_ascii_case(scheme).then(|| credentials.trim())
        }

        /// A query string's key or value with `+` and `%XX` decoded (invalid escapes kept).
        fn percent_decoded(text: &str) -> ::std::string::String {
            let bytes = text.as_bytes();
            let mut out = ::std::vec::Vec::with_capacity(bytes.len());
            let mut i = 0;
            while i < bytes.len() {
                let hex = |b: u8| (b as char).to_digit(16);
                match bytes[i] {
                    b'+' => out.push(b' '),
                    b'%' if i + 2 < bytes.len() => {
                        match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                            (::std::option::Option::Some(h), ::std::option::Option::Some(l)) => {
                                out.push((h * 16 + l) as u8);
                                i += 2;
                            }
                            _ => out.push(b'%'),
                        }
                    }
                    b => out.push(b),
                }
                i += 1;
            }
            ::std::string::String::from_utf8_lossy(&out).into_owned()
        }

        /// Refuses, with 401, a request to an operation whose requirements it meets none of.
        async fn require_credentials(
            ::axum::extract::State(guard): ::axum::extract::State<::std::sync::Arc<Guard>>,
            request: ::axum::extract::Request,
            next: ::axum::middleware::Next,
        ) -> ::axum::response::Response {
            let ::std::option::Option::Some(refuse) = guard.refusal(&request) else {
                return next.run(request).await;
            };
            let request_id = request
                .headers()
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            refuse(request_id)
        }
    }
}

/// The `SECURED` entries of the operations that require credentials.
pub(super) fn secured_operations(api: &Api) -> impl Iterator<Item = TokenStream> + '_ {
    served(&api.operations).filter_map(|op| secured_entry(api, op))
}

/// Whether some operation requires HTTP basic credentials.
pub(super) fn checks_basic(api: &Api) -> bool {
    secured_schemes(api).any(|k| matches!(k, SecurityKind::HttpBasic))
}

/// The kinds of the security schemes that some operation requires.
fn secured_schemes(api: &Api) -> impl Iterator<Item = &SecurityKind> {
    served(&api.operations)
        .flat_map(|op| requirements(api, op))
        .flatten()
        .filter_map(|key| api.security_schemes.iter().find(|s| &s.key == key))
        .map(|s| &s.kind)
}

/// The requirements in force for `op`: its own, or else the API's.
fn requirements<'a>(api: &'a Api, op: &'a Operation) -> &'a [Vec<String>] {
    op.security.as_deref().unwrap_or(&api.security)
}

/// `op`'s entry of `SECURED`, when it requires credentials (no empty alternative).
fn secured_entry(api: &Api, op: &Operation) -> Option<TokenStream> {
    let alternatives = requirements(api, op);
    if alternatives.is_empty() || alternatives.iter().any(Vec::is_empty) {
        return None;
    }
    let method = &op.method;
    let route = axum_path(&op.template);
    let alternatives = alternatives.iter().map(|all| {
        let schemes = all.iter().map(|key| {
            match api
                .security_schemes
                .iter()
                .find(|s| &s.key == key)
                .map(|s| &s.kind)
            {
                Some(SecurityKind::ApiKeyHeader(name)) => quote! { Scheme::Header(#name) },
                Some(SecurityKind::ApiKeyQuery(name)) => quote! { Scheme::Query(#name) },
                Some(SecurityKind::ApiKeyCookie(name)) => quote! { Scheme::Cookie(#name) },
                Some(SecurityKind::HttpBearer) => quote! { Scheme::Bearer },
                Some(SecurityKind::HttpBasic) => quote! { Scheme::Basic },
                Some(SecurityKind::Other(_)) | None => quote! { Scheme::Unchecked },
            }
        });
        quote! { &[#(#schemes),*] }
    });
    let refuse = refusal(
        api,
        op,
        &quote! { crate::server:: },
        quote! { crate::server::Rejection::Unauthorized(::std::borrow::ToOwned::to_owned("the request lacks the credentials this operation requires")) },
        quote! { request_id },
    );
    Some(quote! { (#method, #route, &[#(#alternatives),*], |request_id: &str| #refuse), })
}
