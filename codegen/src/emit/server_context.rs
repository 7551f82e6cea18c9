//! The server's `RequestContext`: the request id, every declared header (typed when the spec
//! types it), API keys from the query string, and the raw headers, with credentials marked
//! sensitive.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::headers::HeaderInput;
use super::param_helpers::ParamNeeds;
use super::params::Shape;
use super::server_params::context_header_expr;
use crate::model::Api;

/// `RequestContext`, its constructors, and `header_text` when they use it.
pub fn emit_context(
    api: &Api,
    inputs: &[HeaderInput],
    http_auth: bool,
    needs: &mut ParamNeeds,
) -> TokenStream {
    let fields = inputs.iter().map(|h| {
        let name = format_ident!("{}", h.rust_name);
        let place = if h.in_query { "query parameter" } else { "header" };
        let doc = format!(" The `{}` {place} ({}), if sent.", h.wire_name, h.origin);
        let doc = if h.ty.is_some() {
            format!("{doc} `None` also when it cannot be read as its type: operations that declare it refuse that.")
        } else {
            doc
        };
        let ty = match &h.ty {
            _ if h.secret => quote! { crate::types::SecretString },
            Some(ty) => Shape::of(api, ty).type_tokens(),
            None => quote! { ::std::string::String },
        };
        quote! {
            #[doc = #doc]
            pub #name: ::std::option::Option<#ty>,
        }
    });
    let reads: Vec<TokenStream> = inputs
        .iter()
        .map(|h| {
            let name = format_ident!("{}", h.rust_name);
            let wire = h.wire_name.to_ascii_lowercase();
            if h.in_query {
                return quote! { #name: ::std::option::Option::None, };
            }
            match &h.ty {
                _ if h.secret => quote! { #name: header_text(headers, #wire).map(crate::types::SecretString::from), },
                Some(ty) => {
                    let read = context_header_expr(api, &wire, ty, h.explode, needs);
                    quote! { #name: #read, }
                }
                None => quote! { #name: header_text(headers, #wire), },
            }
        })
        .collect();
    let query_inputs: Vec<&HeaderInput> = inputs.iter().filter(|h| h.in_query).collect();
    let with_query = (!query_inputs.is_empty()).then(|| {
        needs.query_value = true;
        needs.percent_decode = true;
        let sets = query_inputs.iter().map(|h| {
            let name = format_ident!("{}", h.rust_name);
            let wire = &h.wire_name;
            quote! {
                self.#name = query_value(&pairs, #wire, |text: &str| -> ::std::result::Result<crate::types::SecretString, ::std::string::String> {
                    ::std::result::Result::Ok(crate::types::SecretString::from(text))
                })
                .ok()
                .flatten();
            }
        });
        quote! {
            impl RequestContext {
                /// The context with the API keys the query string carries.
                fn with_query(mut self, query: ::std::option::Option<&str>) -> Self {
                    let pairs = query_pairs(query);
                    #(#sets)*
                    self
                }
            }
        }
    });
    let secret_names: Vec<String> = inputs
        .iter()
        .filter(|h| h.secret && !h.in_query)
        .map(|h| h.wire_name.to_ascii_lowercase())
        .collect();
    let auth_field = http_auth.then(|| {
        quote! {
            /// The `Authorization` header, if sent.
            pub authorization: ::std::option::Option<crate::types::SecretString>,
        }
    });
    let auth_read = http_auth.then(|| quote! { authorization: header_text(headers, "authorization").map(crate::types::SecretString::from), });
    let uses_header_text = http_auth
        || inputs
            .iter()
            .any(|h| !h.in_query && (h.secret || h.ty.is_none()));
    let header_text = uses_header_text.then(|| quote! {
        fn header_text(headers: &::axum::http::HeaderMap, name: &str) -> ::std::option::Option<::std::string::String> {
            headers.get(name).and_then(|v| v.to_str().ok()).map(::std::borrow::ToOwned::to_owned)
        }
    });
    quote! {
        /// What a handler knows of its request besides its parameters and body.
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
                let mut context = {
                    let headers = &headers;
                    RequestContext {
                        request_id: request_id(headers),
                        #(#reads)*
                        #auth_read
                        headers: ::axum::http::HeaderMap::new(),
                    }
                };
                context.headers = headers;
                context
            }
        }

        #with_query
        #header_text
    }
}
