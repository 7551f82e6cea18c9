//! Parameters on the server: the `{Op}Params` struct of an operation's path, query and cookie
//! parameters, the function that reads and parses them (and checks its header parameters), and
//! the expressions reading each one in its style.
//!
//! A missing required parameter is [`Rejection::MissingParameters`] (all of them at once), a
//! value that does not parse as its type, or breaks the schema's limits (`maxLength`, `minimum`,
//! `maxItems`, …, checked as in request bodies), [`Rejection::InvalidParameter`]; both are
//! written in the spec's error envelope, never as axum's plain-text rejections. A path whose
//! segment does not fit its template (`/files/{name}.json` asked as `/files/x`) is not found.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::doc::doc_attrs;
use super::error_forms::refusal;
use super::field_checks::BodyChecks;
use super::field_checks::constraint_checks;
use super::param_helpers::ParamNeeds;
use super::params::{self, ScalarKind, Shape, ValueKind, location_doc, parse_fn};
use crate::lower::names::camel;
use crate::model::{
    Api, Operation, Parameter, ParameterLocation, ParameterStyle, PathTemplate, TemplatePiece,
};

/// One operation's parameters as the server reads them.
pub struct ServerParams<'a> {
    api: &'a Api,
    op: &'a Operation,
    /// Path, query and cookie parameters: the fields of `{Op}Params`.
    fields: Vec<&'a Parameter>,
    /// Header parameters that are required, typed, or limited: checked before the handler.
    header_checks: Vec<&'a Parameter>,
    /// Query names that are not this operation's parameters' own (API keys in the query).
    query_credentials: &'a [String],
}

impl<'a> ServerParams<'a> {
    /// The parameters of `op`; `query_credentials` are the names of API keys sent in the query.
    pub fn new(api: &'a Api, op: &'a Operation, query_credentials: &'a [String]) -> Self {
        let order: Vec<&str> = op.template.parameter_names().collect();
        let mut fields: Vec<&Parameter> =
            params::at(&op.parameters, ParameterLocation::Path).collect();
        fields.sort_by_key(|p| order.iter().position(|n| *n == p.wire_name));
        fields.extend(params::at(&op.parameters, ParameterLocation::Query));
        fields.extend(params::at(&op.parameters, ParameterLocation::Cookie));
        let header_checks = params::at(&op.parameters, ParameterLocation::Header)
            .filter(|p| {
                p.required || !is_text(&Shape::of_parameter(api, p)) || !p.constraints.is_empty()
            })
            .collect();
        ServerParams {
            api,
            op,
            fields,
            header_checks,
            query_credentials,
        }
    }

    /// Whether the trait method takes a `{Op}Params`.
    pub fn has_struct(&self) -> bool {
        !self.fields.is_empty()
    }

    fn reads(&self, location: ParameterLocation) -> bool {
        self.fields.iter().any(|p| p.location == location)
    }

    /// Whether the handler reads the path parameters (from the request's URI).
    pub fn reads_path(&self) -> bool {
        self.reads(ParameterLocation::Path)
    }

    /// Whether the handler reads the query string.
    pub fn reads_query(&self) -> bool {
        self.reads(ParameterLocation::Query)
    }

    fn reads_cookies(&self) -> bool {
        self.reads(ParameterLocation::Cookie)
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
    pub fn handler_read(&self, needs: &mut ParamNeeds) -> TokenStream {
        if !self.has_struct() && self.header_checks.is_empty() {
            return quote! {};
        }
        let reader = self.reader_name();
        let path = self.reads_path().then(|| {
            needs.path_pieces = true;
            let segments = path_segments_tokens(&self.op.template);
            quote! {
                let ::std::option::Option::Some(path) = path_pieces(uri.path(), #segments) else {
                    return Rejection::NotFound.into_response(&request_id(&headers));
                };
            }
        });
        let query = self
            .reads_query()
            .then(|| quote! { let query = query_pairs(uri.query()); });
        let cookies = self.reads_cookies().then(|| {
            needs.cookies = true;
            quote! { let cookies = cookie_pairs(&headers); }
        });
        let args = self.reader_args(true);
        let refuse = refusal(
            self.api,
            self.op,
            &quote! {},
            quote! { rejection },
            quote! { &request_id(&headers) },
        );
        if self.has_struct() {
            quote! {
                #path
                #query
                #cookies
                let params = match #reader(#args) {
                    ::std::result::Result::Ok(params) => params,
                    ::std::result::Result::Err(rejection) => return #refuse,
                };
            }
        } else {
            quote! {
                if let ::std::result::Result::Err(rejection) = #reader(#args) {
                    return #refuse;
                }
            }
        }
    }

    /// The reader's arguments (`call`) or parameters.
    fn reader_args(&self, call: bool) -> TokenStream {
        let pairs = quote! { &[(::std::string::String, ::std::string::String)] };
        let mut args = Vec::new();
        if self.reads_path() {
            args.push(if call {
                quote! { &path }
            } else {
                quote! { path: &[&str] }
            });
        }
        if self.reads_query() {
            args.push(if call {
                quote! { &query }
            } else {
                quote! { query: #pairs }
            });
        }
        if self.reads_cookies() {
            args.push(if call {
                quote! { &cookies }
            } else {
                quote! { cookies: #pairs }
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

    /// `{Op}Params`, when the operation has path, query or cookie parameters.
    pub fn emit_struct(&self) -> TokenStream {
        if !self.has_struct() {
            return quote! {};
        }
        let name = self.type_name();
        let doc = format!(
            " The path, query and cookie parameters of `{} {}`, read and parsed.",
            self.op.method, self.op.path
        );
        let fields = self.fields.iter().map(|p| {
            let field = format_ident!("{}", p.rust_name);
            let ty = Shape::of_parameter(self.api, p).type_tokens();
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
    pub fn emit_reader(&self, needs: &mut ParamNeeds, checks: &BodyChecks<'_>) -> TokenStream {
        if !self.has_struct() && self.header_checks.is_empty() {
            return quote! {};
        }
        let reader = self.reader_name();
        let args = self.reader_args(false);
        let presence: Vec<TokenStream> = self
            .fields
            .iter()
            .chain(&self.header_checks)
            .filter(|p| p.required && p.location != ParameterLocation::Path)
            .map(|p| {
                let wire = &p.wire_name;
                let present = self.presence_expr(p);
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
                let read = self.read_expr(p, needs, checks);
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
        let fields: Vec<TokenStream> = self
            .fields
            .iter()
            .map(|p| {
                let field = format_ident!("{}", p.rust_name);
                let read = self.read_expr(p, needs, checks);
                let wire = &p.wire_name;
                if p.required {
                    needs.required = true;
                    quote! { #field: required(#wire, #read?)?, }
                } else {
                    quote! { #field: #read?, }
                }
            })
            .collect();
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

    /// Whether a required query, cookie or header parameter is in the request.
    fn presence_expr(&self, p: &Parameter) -> TokenStream {
        let wire = &p.wire_name;
        let pairs = match p.location {
            ParameterLocation::Query => quote! { query },
            ParameterLocation::Cookie => quote! { cookies },
            _ => {
                let lower = wire.to_ascii_lowercase();
                return quote! { headers.contains_key(#lower) };
            }
        };
        if p.style == ParameterStyle::DeepObject && p.content_type.is_none() {
            let prefix = format!("{wire}[");
            return quote! { #pairs.iter().any(|(name, _)| name == #wire || name.starts_with(#prefix)) };
        }
        let shape = Shape::of_parameter(self.api, p);
        if p.explode && shape.value_kind(self.api) == ValueKind::Object {
            let (fields, others) = self.object_names(p);
            return if fields.is_empty() {
                quote! { #pairs.iter().any(|(name, _)| ![#(#others),*].contains(&name.as_str())) }
            } else {
                quote! { #pairs.iter().any(|(name, _)| [#(#fields),*].contains(&name.as_str())) }
            };
        }
        quote! { #pairs.iter().any(|(name, _)| name == #wire) }
    }

    /// For an exploded object: its properties' names, or, for a map (no names), the names the
    /// operation's other parameters (and query API keys) take.
    fn object_names(&self, p: &Parameter) -> (Vec<String>, Vec<String>) {
        let mut others = Vec::new();
        for other in params::at(&self.op.parameters, p.location) {
            if other.wire_name == p.wire_name {
                continue;
            }
            others.push(other.wire_name.clone());
            // The properties of another exploded object are its pairs, not the map's.
            if other.explode && other.style == ParameterStyle::Form && other.content_type.is_none()
            {
                others.extend(self.struct_fields(other));
            }
        }
        if p.location == ParameterLocation::Query {
            others.extend(self.query_credentials.iter().cloned());
        }
        (self.struct_fields(p), others)
    }

    /// The property names of a parameter whose type is a struct; none otherwise.
    fn struct_fields(&self, p: &Parameter) -> Vec<String> {
        match self.api.resolve(&p.ty) {
            crate::model::TypeRef::Named(name) => params::object_fields(self.api, name)
                .map(|(fields, _)| fields.iter().map(|f| f.wire_name.clone()).collect())
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    /// An expression reading parameter `p` and checking its limits and what its type's values
    /// check (an enum's listed values, say): `Result<Option<T>, Rejection>`.
    fn read_expr(
        &self,
        p: &Parameter,
        needs: &mut ParamNeeds,
        checks: &BodyChecks<'_>,
    ) -> TokenStream {
        let read = self.read_unchecked_expr(p, needs);
        let type_checks = checks.parameter_checks(&p.ty);
        if p.constraints.is_empty() && type_checks.is_none() {
            return read;
        }
        needs.checked = true;
        let wire = &p.wire_name;
        let limits = constraint_checks(&p.constraints);
        quote! {
            check_parameter(#read, #wire, |child: &::serde_json::Value, at: &str, report: &mut FieldReport| {
                // The checks of bodies take the path as a `String`.
                let path = ::std::borrow::ToOwned::to_owned(at);
                #limits
                #type_checks
            })
        }
    }

    /// An expression reading parameter `p`: `Result<Option<T>, Rejection>`.
    fn read_unchecked_expr(&self, p: &Parameter, needs: &mut ParamNeeds) -> TokenStream {
        let wire = &p.wire_name;
        let shape = Shape::of_parameter(self.api, p);
        let source = match p.location {
            ParameterLocation::Path => {
                let index = self
                    .op
                    .template
                    .parameter_names()
                    .position(|n| n == wire)
                    .unwrap_or_default();
                if index == 0 {
                    quote! { path.first().copied() }
                } else {
                    quote! { path.get(#index).copied() }
                }
            }
            ParameterLocation::Query if p.allow_empty_value => {
                needs.empty_values = true;
                quote! { &without_empty(query, #wire) }
            }
            ParameterLocation::Query if p.allow_empty_value => {
                needs.empty_values = true;
                quote! { &without_empty(query, #wire) }
            }
            ParameterLocation::Query => quote! { query },
            ParameterLocation::Cookie => quote! { cookies },
            ParameterLocation::Header => quote! { headers },
        };
        let parse = match &shape {
            Shape::One(s) | Shape::List(s) => {
                if s.kind != ScalarKind::Secret {
                    needs.parse_text = true;
                }
                parse_fn(s)
            }
            Shape::Json(ty) => {
                needs.json = true;
                let ty = super::type_ref::qualified_type_tokens(ty);
                quote! { parse_json::<#ty> }
            }
            Shape::Value(_) => quote! {},
        };
        let simple_path = p.style == ParameterStyle::Simple;
        let form_like = matches!(
            p.style,
            ParameterStyle::Form | ParameterStyle::SpaceDelimited | ParameterStyle::PipeDelimited
        );
        let delimited = p.style != ParameterStyle::Form;
        let explode = p.explode;
        let kind = kind(self.api, &shape);
        match (p.location, &shape) {
            (ParameterLocation::Path, Shape::One(_) | Shape::Json(_))
                if simple_path || matches!(shape, Shape::Json(_)) =>
            {
                needs.path_value = true;
                needs.percent_decode = true;
                quote! { path_value(#source, #wire, #parse) }
            }
            (ParameterLocation::Path, Shape::List(_)) if simple_path => {
                needs.path_list = true;
                needs.percent_decode = true;
                quote! { path_list(#source, #wire, #parse) }
            }
            (ParameterLocation::Path, _) => {
                needs.path_tree = true;
                needs.percent_decode = true;
                let operator = match p.style {
                    ParameterStyle::Label => ".",
                    ParameterStyle::Matrix => ";",
                    _ => "",
                };
                self.tree_read(
                    p,
                    &shape,
                    quote! { path_tree(#source, #wire, #operator, #explode, #kind) },
                )
            }
            (ParameterLocation::Header, Shape::One(_) | Shape::Json(_)) => {
                needs.header_value = true;
                quote! { header_value(headers, #wire, #parse) }
            }
            (ParameterLocation::Header, Shape::List(_)) => {
                needs.header_list = true;
                quote! { header_list(headers, #wire, #parse) }
            }
            (ParameterLocation::Header, _) => {
                needs.header_tree = true;
                needs.percent_decode = true;
                self.tree_read(
                    p,
                    &shape,
                    quote! { header_tree(headers, #wire, #explode, #kind) },
                )
            }
            (_, Shape::Json(_)) => {
                needs.query_value = true;
                needs.percent_decode = true;
                quote! { query_value(#source, #wire, #parse) }
            }
            (_, Shape::One(_)) if form_like => {
                needs.query_value = true;
                needs.percent_decode = true;
                quote! { query_value(#source, #wire, #parse) }
            }
            (_, Shape::List(_))
                if p.style == ParameterStyle::Form || (form_like && p.explode && delimited) =>
            {
                needs.query_list = true;
                needs.percent_decode = true;
                quote! { query_list(#source, #wire, #explode, #parse) }
            }
            _ => {
                needs.query_tree = true;
                needs.percent_decode = true;
                let style = p.style.name();
                let (fields, others) = self.object_names(p);
                self.tree_read(p, &shape, quote! { query_tree(#source, #wire, #style, #explode, #kind, &[#(#fields),*], &[#(#others),*]) })
            }
        }
    }

    /// `tree_value::<T>(name, tree)`: a text tree read as the parameter's type.
    fn tree_read(&self, p: &Parameter, shape: &Shape, tree: TokenStream) -> TokenStream {
        let wire = &p.wire_name;
        let ty = shape.type_tokens();
        quote! { tree_value::<#ty>(#wire, #tree) }
    }
}

/// `"one"`, `"list"` or `"object"`: how the text of a value of this shape is split.
fn kind(api: &Api, shape: &Shape) -> &'static str {
    match shape {
        Shape::List(_) => "list",
        Shape::One(_) | Shape::Json(_) => "one",
        Shape::Value(_) => match shape.value_kind(api) {
            ValueKind::Object => "object",
            ValueKind::List => "list",
            ValueKind::One => "one",
        },
    }
}

/// The `segments` argument of the generated `path_pieces` for a template: for each segment
/// holding parameters, its place from the end and the literal text around its parameters.
pub fn path_segments_tokens(template: &PathTemplate) -> TokenStream {
    let count = template.segments.len();
    let segments = template
        .segments
        .iter()
        .enumerate()
        .filter(|(_, s)| s.has_parameter())
        .map(|(i, s)| {
            let from_end = count - 1 - i;
            let literals = segment_literals(&s.pieces);
            quote! { (#from_end, &[#(#literals),*]) }
        });
    quote! { &[#(#segments),*] }
}

/// The literal text before, between and after a segment's parameters (one more than them).
pub fn segment_literals(pieces: &[TemplatePiece]) -> Vec<String> {
    let mut literals = vec![String::new()];
    for piece in pieces {
        match piece {
            TemplatePiece::Literal(text) => {
                if let Some(last) = literals.last_mut() {
                    last.push_str(text);
                }
            }
            TemplatePiece::Parameter(_) => literals.push(String::new()),
        }
    }
    literals
}

/// Whether a header of this shape is kept as text (no parsing to check).
fn is_text(shape: &Shape) -> bool {
    matches!(shape, Shape::One(s) if matches!(s.kind, ScalarKind::String | ScalarKind::Secret))
}

/// An expression reading a typed header into the request context: `Option<T>`, `None` when
/// absent or unreadable (the operations that declare it refuse an unreadable one).
pub fn context_header_expr(
    api: &Api,
    wire: &str,
    ty: &crate::model::TypeRef,
    explode: bool,
    needs: &mut ParamNeeds,
) -> TokenStream {
    let shape = Shape::of(api, ty);
    let read = match &shape {
        Shape::One(s) | Shape::List(s) => {
            if s.kind != ScalarKind::Secret {
                needs.parse_text = true;
            }
            let parse = parse_fn(s);
            if matches!(shape, Shape::One(_)) {
                needs.header_value = true;
                quote! { header_value(headers, #wire, #parse) }
            } else {
                needs.header_list = true;
                quote! { header_list(headers, #wire, #parse) }
            }
        }
        Shape::Value(_) | Shape::Json(_) => {
            needs.header_tree = true;
            needs.percent_decode = true;
            let ty = shape.type_tokens();
            let kind = kind(api, &shape);
            quote! { tree_value::<#ty>(#wire, header_tree(headers, #wire, #explode, #kind)) }
        }
    };
    quote! { #read.ok().flatten() }
}
