//! The router's routes: one axum route per path shape, each method sent to its handler, and a
//! dispatcher where several operations share a route.
//!
//! axum's router (matchit) takes a parameter only as a whole segment and refuses two names at
//! one place, so every segment holding parameters is mounted as a positional one (`{p0}`,
//! `{p1}`, …) and the handlers read the path's raw text against their own template.
//! `/files/{name}.json` and `/files/{id}` are then one route; its dispatcher tries the most
//! literal template first and answers 404 when none fits.

use indexmap::IndexMap;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::param_helpers::ParamNeeds;
use super::server_params::{path_segments_tokens, segment_literals};
use crate::model::{Operation, PathTemplate};

/// The routes (`.route(…)` calls) and the dispatchers they use.
pub struct Routes {
    /// `.route(&mounted(path), method_router)`, one per route.
    pub routes: Vec<TokenStream>,
    /// The route of the path `/` again at `{base}/`, where the spec's URL (server URL and
    /// path) puts it; `mounted` gives it at `{base}`. Empty when no operation is at `/`.
    pub root_routes: Vec<TokenStream>,
    /// The dispatcher functions of routes shared by several operations of one method.
    pub dispatchers: Vec<TokenStream>,
}

/// The routes of the served operations `ops`.
pub fn emit_routes<'a>(
    ops: impl Iterator<Item = &'a Operation>,
    needs: &mut ParamNeeds,
    trait_name: &proc_macro2::Ident,
) -> Routes {
    let mut by_route: IndexMap<String, IndexMap<String, Vec<&Operation>>> = IndexMap::new();
    for op in ops {
        by_route
            .entry(axum_path(&op.template))
            .or_default()
            .entry(op.method.to_ascii_lowercase())
            .or_default()
            .push(op);
    }
    let mut routes = Vec::new();
    let mut root_routes = Vec::new();
    let mut dispatchers = Vec::new();
    for (path, methods) in &by_route {
        let mut chain = Vec::new();
        for (method, ops) in methods {
            let method = format_ident!("{method}");
            let handler = match ops.as_slice() {
                [op] => {
                    let handler = format_ident!("{}_handler", op.rust_name);
                    quote! { #handler::<A> }
                }
                _ => {
                    needs.path_pieces = true;
                    let name = format_ident!("dispatch_{}", dispatchers.len());
                    dispatchers.push(emit_dispatcher(&name, path, ops, trait_name));
                    quote! { #name::<A> }
                }
            };
            chain.push(if chain.is_empty() {
                quote! { ::axum::routing::#method(#handler) }
            } else {
                quote! { .#method(#handler) }
            });
        }
        if path == "/" {
            root_routes.push(quote! { .route(&::std::format!("{base}/"), #(#chain)*) });
        }
        routes.push(quote! { .route(&mounted(#path), #(#chain)*) });
    }
    Routes {
        routes,
        root_routes,
        dispatchers,
    }
}

/// The route of a template: each segment holding parameters becomes a positional parameter.
/// `/items/{id}` is `/items/{p0}`, `/files/{name}.{ext}` is `/files/{p0}`.
pub fn axum_path(template: &PathTemplate) -> String {
    let mut out = String::new();
    let mut index = 0;
    for segment in &template.segments {
        out.push('/');
        if segment.has_parameter() {
            out.push_str(&format!("{{p{index}}}"));
            index += 1;
        } else {
            for literal in segment_literals(&segment.pieces) {
                out.push_str(&literal);
            }
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// A dispatcher: the request goes to the first operation (most literal text first) whose
/// template its path fits.
fn emit_dispatcher(
    name: &proc_macro2::Ident,
    route: &str,
    ops: &[&Operation],
    trait_name: &proc_macro2::Ident,
) -> TokenStream {
    let mut ordered: Vec<&Operation> = ops.to_vec();
    ordered.sort_by_key(|op| std::cmp::Reverse(literal_length(&op.template)));
    let method = ops.first().map(|op| op.method.as_str()).unwrap_or_default();
    let doc = format!(
        " Sends `{method} {route}` to the operation whose path template fits: {}.",
        ordered
            .iter()
            .map(|op| format!("`{}`", op.path.replace('`', "'")))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let tries = ordered.iter().map(|op| {
        let segments = path_segments_tokens(&op.template);
        let handler = format_ident!("{}_handler", op.rust_name);
        quote! {
            if path_pieces(&path, #segments).is_some() {
                return ::axum::handler::Handler::call(#handler::<A>, request, api).await;
            }
        }
    });
    quote! {
        #[doc = #doc]
        async fn #name<A: #trait_name>(
            ::axum::extract::State(api): ::axum::extract::State<::std::sync::Arc<A>>,
            request: ::axum::extract::Request,
        ) -> ::axum::response::Response {
            let path = ::std::borrow::ToOwned::to_owned(request.uri().path());
            #(#tries)*
            Rejection::NotFound.into_response(&request_id(request.headers()))
        }
    }
}

/// How much literal text the template's parameter segments have: more is more specific.
fn literal_length(template: &PathTemplate) -> usize {
    template
        .segments
        .iter()
        .filter(|s| s.has_parameter())
        .flat_map(|s| segment_literals(&s.pieces))
        .map(|l| l.len())
        .sum()
}
