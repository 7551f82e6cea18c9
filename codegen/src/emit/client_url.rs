//! Where the generated client puts an operation's parameters: the URL (the path template with
//! its parameters, then the query string), the per-call headers and the `Cookie` header, each
//! written in its parameter's style.
//!
//! Path parameters, required query parameters and required cookies are method arguments (named
//! by their Rust names); the others are fields of the method's `params`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::client_support::ClientNeeds;
use super::params::{self, ScalarKind, Shape, joined_text_expr, text_expr};
use crate::model::{Api, Operation, Parameter, ParameterLocation, ParameterStyle, TemplatePiece};

/// One operation's parameters, as the client writes them into a request.
pub struct CallParameters<'a> {
    /// The API.
    pub api: &'a Api,
    /// The operation.
    pub op: &'a Operation,
    /// Whether the operation sends API keys in the query string.
    pub query_credentials: bool,
}

/// Whether the client takes `p` as a method argument rather than in `params`.
pub fn is_positional(p: &Parameter) -> bool {
    match p.location {
        ParameterLocation::Path => true,
        ParameterLocation::Query | ParameterLocation::Cookie => p.required,
        ParameterLocation::Header => false,
    }
}

impl CallParameters<'_> {
    /// The expression of the URL: base, path with its parameters, query string.
    pub fn url_expr(&self, needs: &mut ClientNeeds) -> TokenStream {
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
            needs.encode_path = true;
            let (format, values) = self.path_format(&path_params, needs);
            if query.is_empty() && !self.query_credentials {
                let format = format!("{{}}{format}");
                return quote! { ::std::format!(#format, self.base_url, #(#values),*) };
            }
            quote! { &::std::format!(#format, #(#values),*) }
        };
        needs.url = true;
        if self.query_credentials {
            needs.query_pairs = true;
        }
        let pairs: Vec<TokenStream> = query.iter().map(|p| self.query_pairs(p, needs)).collect();
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

    /// The path as a format string (literal braces doubled) and the expression of each
    /// parameter's text, in path order.
    fn path_format(
        &self,
        path_params: &[&Parameter],
        needs: &mut ClientNeeds,
    ) -> (String, Vec<TokenStream>) {
        let mut format = String::new();
        let mut values = Vec::new();
        for segment in &self.op.template.segments {
            format.push('/');
            for piece in &segment.pieces {
                match piece {
                    TemplatePiece::Literal(text) => {
                        format.push_str(&text.replace('{', "{{").replace('}', "}}"))
                    }
                    TemplatePiece::Parameter(name) => {
                        format.push_str("{}");
                        if let Some(p) = path_params.iter().find(|p| &p.wire_name == name) {
                            values.push(self.path_value(p, needs));
                        }
                    }
                }
            }
        }
        (format, values)
    }

    /// The percent-encoded text of a path parameter, in its style.
    fn path_value(&self, p: &Parameter, needs: &mut ClientNeeds) -> TokenStream {
        let shape = Shape::of_parameter(self.api, p);
        let value = format_ident!("{}", p.rust_name);
        match &shape {
            Shape::One(_) | Shape::List(_) if p.style == ParameterStyle::Simple => {
                joined_text_expr(&shape, &quote! { #value }, true)
            }
            Shape::Json(_) => {
                needs.styles.json_text = true;
                quote! { encode_component(&json_text(&#value)) }
            }
            _ => {
                needs.styles.expand = true;
                let wire = &p.wire_name;
                let explode = p.explode;
                let operator = match p.style {
                    ParameterStyle::Label => ".",
                    ParameterStyle::Matrix => ";",
                    _ => "",
                };
                quote! { expand(#wire, &text_value(&#value), #operator, #explode, true) }
            }
        }
    }

    /// `.pairs(name, values)`, `.list(name, items)` or `.styled(name, value, style, explode)`
    /// for one query parameter.
    fn query_pairs(&self, p: &Parameter, needs: &mut ClientNeeds) -> TokenStream {
        let wire = &p.wire_name;
        let shape = Shape::of_parameter(self.api, p);
        let name = format_ident!("{}", p.rust_name);
        let positional = is_positional(p);
        if let Shape::Json(_) = shape {
            needs.styles.json_text = true;
            needs.query_pairs = true;
            return if positional {
                quote! { .pairs(#wire, [json_text(&#name)]) }
            } else {
                quote! { .pairs(#wire, params.#name.as_ref().map(json_text)) }
            };
        }
        let plain = p.style != ParameterStyle::DeepObject
            && match &shape {
                Shape::One(_) => true,
                Shape::List(_) => p.style == ParameterStyle::Form || p.explode,
                _ => false,
            };
        if !plain {
            needs.styles.query_styled = true;
            let style = p.style.name();
            let explode = p.explode;
            let value = if positional {
                quote! { ::std::option::Option::Some(text_value(&#name)) }
            } else {
                quote! { params.#name.as_ref().map(text_value) }
            };
            return quote! { .styled(#wire, #value, #style, #explode) };
        }
        let values = match (&shape, positional, p.explode) {
            (Shape::List(s), true, true) => {
                let item = text_expr(s.kind, &quote! { item });
                quote! { #name.iter().map(|item| #item) }
            }
            (Shape::List(s), false, true) => {
                let item = text_expr(s.kind, &quote! { item });
                quote! { params.#name.iter().flatten().map(|item| #item) }
            }
            (Shape::List(s), true, false) => {
                needs.query_list = true;
                let item = text_expr(s.kind, &quote! { item });
                return quote! { .list(#wire, ::std::option::Option::Some(#name.iter().map(|item| #item))) };
            }
            (Shape::List(s), false, false) => {
                needs.query_list = true;
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
        needs.query_pairs = true;
        quote! { .pairs(#wire, #values) }
    }

    /// The headers set for one call: `(name, Option<value>, sensitive)` for each header
    /// parameter in `per_call`, and the `Cookie` header of the cookie parameters.
    pub fn call_headers(
        &self,
        per_call: &[&Parameter],
        needs: &mut ClientNeeds,
    ) -> Vec<TokenStream> {
        let mut out: Vec<TokenStream> = per_call
            .iter()
            .filter(|p| p.location == ParameterLocation::Header)
            .map(|p| self.header(p, needs))
            .collect();
        let cookies: Vec<TokenStream> = params::at(&self.op.parameters, ParameterLocation::Cookie)
            .map(|p| self.cookie(p, needs))
            .collect();
        if !cookies.is_empty() {
            needs.styles.cookies = true;
            needs.encode_path = true;
            out.push(quote! { ("cookie", cookie_header([#(#cookies),*]), true) });
        }
        if !out.is_empty() {
            needs.headers = true;
        }
        out
    }

    fn header(&self, p: &Parameter, needs: &mut ClientNeeds) -> TokenStream {
        let field = format_ident!("{}", p.rust_name);
        let wire = &p.wire_name;
        let shape = Shape::of_parameter(self.api, p);
        let text = match &shape {
            Shape::One(_) | Shape::List(_) => {
                let text = joined_text_expr(&shape, &quote! { value }, false);
                quote! { params.#field.as_ref().map(|value| #text) }
            }
            Shape::Json(_) => {
                needs.styles.json_text = true;
                quote! { params.#field.as_ref().map(json_text) }
            }
            Shape::Value(_) => {
                needs.styles.expand = true;
                needs.encode_path = true;
                let explode = p.explode;
                quote! { params.#field.as_ref().map(|value| expand(#wire, &text_value(value), "", #explode, false)) }
            }
        };
        let sensitive = matches!(&shape, Shape::One(s) if s.kind == ScalarKind::Secret);
        quote! { (#wire, #text, #sensitive) }
    }

    /// `(name, Option<JSON form>, explode)` of a cookie parameter.
    fn cookie(&self, p: &Parameter, needs: &mut ClientNeeds) -> TokenStream {
        let name = format_ident!("{}", p.rust_name);
        let wire = &p.wire_name;
        let explode = p.explode;
        needs.styles.text_value = true;
        let value = match (Shape::of_parameter(self.api, p), is_positional(p)) {
            (Shape::Json(_), true) => {
                needs.styles.json_text = true;
                quote! { ::std::option::Option::Some(::serde_json::Value::String(json_text(&#name))) }
            }
            (Shape::Json(_), false) => {
                needs.styles.json_text = true;
                quote! { params.#name.as_ref().map(|value| ::serde_json::Value::String(json_text(value))) }
            }
            (_, true) => quote! { ::std::option::Option::Some(text_value(&#name)) },
            (_, false) => quote! { params.#name.as_ref().map(text_value) },
        };
        quote! { (#wire, #value, #explode) }
    }
}
