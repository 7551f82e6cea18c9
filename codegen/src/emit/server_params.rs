//! Parameters on the server: the `{Op}Params` struct of an operation's path and query
//! parameters, the function that reads and parses them (and checks its header parameters), and
//! the private helpers those functions use.
//!
//! A missing required parameter is [`Rejection::MissingParameters`] (all of them at once), a
//! value that does not parse as its type, or breaks the schema's limits (`maxLength`, `minimum`,
//! `maxItems`, …, checked as in request bodies), [`Rejection::InvalidParameter`]; both are
//! written in the spec's error envelope, never as axum's plain-text rejections.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::doc::doc_attrs;
use super::field_checks::constraint_checks;
use super::param_helpers::ParamNeeds;
use super::params::{self, ScalarKind, Shape, location_doc, parse_fn};
use crate::lower::names::camel;
use crate::model::{Api, Operation, Parameter, ParameterLocation};

/// One operation's parameters as the server reads them.
pub struct ServerParams<'a> {
    api: &'a Api,
    op: &'a Operation,
    /// Path and query parameters: the fields of `{Op}Params`.
    fields: Vec<&'a Parameter>,
    /// Header parameters that are required, typed, or limited: checked before the handler.
    header_checks: Vec<&'a Parameter>,
}

impl<'a> ServerParams<'a> {
    /// The parameters of `op`.
    pub fn new(api: &'a Api, op: &'a Operation) -> Self {
        let mut fields: Vec<&Parameter> =
            params::at(&op.parameters, ParameterLocation::Path).collect();
        fields.sort_by_key(|p| op.path.find(&format!("{{{}}}", p.wire_name)));
        fields.extend(params::at(&op.parameters, ParameterLocation::Query));
        let header_checks = params::at(&op.parameters, ParameterLocation::Header)
            .filter(|p| p.required || !is_text(&Shape::of(api, &p.ty)) || !p.constraints.is_empty())
            .collect();
        ServerParams {
            api,
            op,
            fields,
            header_checks,
        }
    }

    /// Whether the trait method takes a `{Op}Params`.
    pub fn has_struct(&self) -> bool {
        !self.fields.is_empty()
    }

    /// Whether the handler reads the path parameters.
    pub fn reads_path(&self) -> bool {
        self.fields
            .iter()
            .any(|p| p.location == ParameterLocation::Path)
    }

    /// Whether the handler reads the query string.
    pub fn reads_query(&self) -> bool {
        self.fields
            .iter()
            .any(|p| p.location == ParameterLocation::Query)
    }

    /// The name of the `{Op}Params` struct.
    pub fn type_name(&self) -> Ident {
        format_ident!("{}Params", camel(&self.op.rust_name, "Op"))
    }

    fn reader_name(&self) -> Ident {
        let suffix = if self.has_struct() {
            "params"
        } else {
            "headers"
        };
        format_ident!("{}_{}", self.op.rust_name, suffix)
    }

    /// The handler's statements reading the parameters into `params` (or only checking the
    /// headers), returning the rejection when they cannot be read.
    pub fn handler_read(&self) -> TokenStream {
        if !self.has_struct() && self.header_checks.is_empty() {
            return quote! {};
        }
        let reader = self.reader_name();
        let path = self.reads_path().then(|| quote! {
            let path = match path_params(path) {
                ::std::result::Result::Ok(path) => path,
                ::std::result::Result::Err(rejection) => return rejection.into_response(&request_id(&headers)),
            };
        });
        let query = self
            .reads_query()
            .then(|| quote! { let query = query_pairs(uri.query()); });
        let args = self.reader_args(true);
        if self.has_struct() {
            quote! {
                #path
                #query
                let params = match #reader(#args) {
                    ::std::result::Result::Ok(params) => params,
                    ::std::result::Result::Err(rejection) => return rejection.into_response(&request_id(&headers)),
                };
            }
        } else {
            quote! {
                if let ::std::result::Result::Err(rejection) = #reader(#args) {
                    return rejection.into_response(&request_id(&headers));
                }
            }
        }
    }

    /// The reader's arguments (`call`) or parameters.
    fn reader_args(&self, call: bool) -> TokenStream {
        let mut args = Vec::new();
        if self.reads_path() {
            args.push(if call {
                quote! { &path }
            } else {
                quote! { path: &[(::std::string::String, ::std::string::String)] }
            });
        }
        if self.reads_query() {
            args.push(if call {
                quote! { &query }
            } else {
                quote! { query: &[(::std::string::String, ::std::string::String)] }
            });
        }
        if !self.header_checks.is_empty() {
            args.push(if call {
                quote! { &headers }
            } else {
                quote! { headers: &::axum::http::HeaderMap }
            });
        }
        quote! { #(#args),* }
    }

    /// `{Op}Params`, when the operation has path or query parameters.
    pub fn emit_struct(&self) -> TokenStream {
        if !self.has_struct() {
            return quote! {};
        }
        let name = self.type_name();
        let doc = format!(
            " The path and query parameters of `{} {}`, read and parsed.",
            self.op.method, self.op.path
        );
        let fields = self.fields.iter().map(|p| {
            let field = format_ident!("{}", p.rust_name);
            let ty = Shape::of(self.api, &p.ty).type_tokens();
            let ty = if p.required {
                ty
            } else {
                quote! { ::std::option::Option<#ty> }
            };
            let mut text = location_doc(p);
            if let Some(d) = &p.doc {
                text = format!("{d}\n\n{text}");
            }
            let doc = doc_attrs(&text);
            quote! { #doc pub #field: #ty, }
        });
        quote! {
            #[doc = #doc]
            #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::cmp::PartialEq)]
            pub struct #name {
                #(#fields)*
            }
        }
    }

    /// The function that reads the parameters (or checks the headers), when there is one.
    pub fn emit_reader(&self, needs: &mut ParamNeeds) -> TokenStream {
        if !self.has_struct() && self.header_checks.is_empty() {
            return quote! {};
        }
        let reader = self.reader_name();
        let args = self.reader_args(false);
        let all: Vec<&Parameter> = self
            .fields
            .iter()
            .chain(&self.header_checks)
            .copied()
            .collect();
        let presence: Vec<TokenStream> = all
            .iter()
            .filter(|p| p.required)
            .map(|p| {
                let wire = &p.wire_name;
                let present = match p.location {
                    ParameterLocation::Path => {
                        quote! { path.iter().any(|(name, _)| name == #wire) }
                    }
                    ParameterLocation::Query => {
                        quote! { query.iter().any(|(name, _)| name == #wire) }
                    }
                    _ => {
                        let lower = wire.to_ascii_lowercase();
                        quote! { headers.contains_key(#lower) }
                    }
                };
                quote! { (#wire, #present) }
            })
            .collect();
        let missing = (!presence.is_empty()).then(|| {
            needs.missing = true;
            quote! { missing_parameters(&[#(#presence),*])?; }
        });
        let header_checks: Vec<TokenStream> = self
            .header_checks
            .iter()
            .map(|p| {
                let read = read_expr(self.api, p, needs);
                quote! { #read?; }
            })
            .collect();
        let doc = format!(
            " Reads the parameters of `{} {}`.",
            self.op.method, self.op.path
        );
        if !self.has_struct() {
            return quote! {
                #[doc = #doc]
                fn #reader(#args) -> ::std::result::Result<(), Rejection> {
                    #missing
                    #(#header_checks)*
                    ::std::result::Result::Ok(())
                }
            };
        }
        let name = self.type_name();
        let fields = self.fields.iter().map(|p| {
            let field = format_ident!("{}", p.rust_name);
            let read = read_expr(self.api, p, needs);
            let wire = &p.wire_name;
            if p.required {
                needs.required = true;
                quote! { #field: required(#wire, #read?)?, }
            } else {
                quote! { #field: #read?, }
            }
        });
        let fields: Vec<TokenStream> = fields.collect();
        quote! {
            #[doc = #doc]
            fn #reader(#args) -> ::std::result::Result<#name, Rejection> {
                #missing
                #(#header_checks)*
                ::std::result::Result::Ok(#name {
                    #(#fields)*
                })
            }
        }
    }
}

/// Whether a header of this shape is kept as text (no parsing to check).
fn is_text(shape: &Shape) -> bool {
    matches!(shape, Shape::One(s) if matches!(s.kind, ScalarKind::String | ScalarKind::Secret))
}

/// An expression reading parameter `p` and checking its limits: `Result<Option<T>, Rejection>`.
fn read_expr(api: &Api, p: &Parameter, needs: &mut ParamNeeds) -> TokenStream {
    let read = read_unchecked_expr(api, p, needs);
    if p.constraints.is_empty() {
        return read;
    }
    needs.checked = true;
    let wire = &p.wire_name;
    let checks = constraint_checks(&p.constraints);
    quote! {
        check_parameter(#read, #wire, |child: &::serde_json::Value, at: &str, report: &mut FieldReport| {
            // The checks of bodies take the path as a `String`.
            let path = ::std::borrow::ToOwned::to_owned(at);
            #checks
        })
    }
}

/// An expression reading parameter `p`: `Result<Option<T>, Rejection>`.
fn read_unchecked_expr(api: &Api, p: &Parameter, needs: &mut ParamNeeds) -> TokenStream {
    let wire = &p.wire_name;
    let shape = Shape::of(api, &p.ty);
    let (scalar, list) = match &shape {
        Shape::One(s) => (s, false),
        Shape::List(s) => (s, true),
    };
    if scalar.kind != ScalarKind::Secret {
        needs.parse_text = true;
    }
    let parse = parse_fn(scalar);
    match (p.location, list) {
        (ParameterLocation::Path, false) => {
            needs.path_value = true;
            quote! { path_value(path, #wire, #parse) }
        }
        (ParameterLocation::Path, true) => {
            needs.path_list = true;
            quote! { path_list(path, #wire, #parse) }
        }
        (ParameterLocation::Query, false) => {
            needs.query_value = true;
            needs.percent_decode = true;
            quote! { query_value(query, #wire, #parse) }
        }
        (ParameterLocation::Query, true) => {
            needs.query_list = true;
            needs.percent_decode = true;
            let explode = p.explode;
            quote! { query_list(query, #wire, #explode, #parse) }
        }
        (_, false) => {
            needs.header_value = true;
            quote! { header_value(headers, #wire, #parse) }
        }
        (_, true) => {
            needs.header_list = true;
            quote! { header_list(headers, #wire, #parse) }
        }
    }
}

/// An expression reading a typed header into the request context: `Option<T>`, `None` when
/// absent or unreadable (the operations that declare it refuse an unreadable one).
pub fn context_header_expr(
    api: &Api,
    wire: &str,
    ty: &crate::model::TypeRef,
    needs: &mut ParamNeeds,
) -> TokenStream {
    let shape = Shape::of(api, ty);
    let (scalar, helper) = match &shape {
        Shape::One(s) => {
            needs.header_value = true;
            (s, quote! { header_value })
        }
        Shape::List(s) => {
            needs.header_list = true;
            (s, quote! { header_list })
        }
    };
    if scalar.kind != ScalarKind::Secret {
        needs.parse_text = true;
    }
    let parse = parse_fn(scalar);
    quote! { #helper(headers, #wire, #parse).ok().flatten() }
}
