//! The stub's answers: `Stub`, which reads every operation's answer into its type once, and
//! `StubApi`, the server's `Api` with every method answering as the stub does.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::emit::responses::{BodyKind, Outcome, outcomes, served};
use crate::emit::server::{TraitMethod, credential_query_keys};
use crate::emit::type_ref::qualified_type_tokens;
use crate::model::{Api, Operation, ResponseStatus};

/// `Stub`, `StubError`, `StubApi` and the blanket `Api` implementation.
pub(super) fn emit_answers(api: &Api) -> TokenStream {
    let query_keys = credential_query_keys(api);
    let ops: Vec<(&Operation, Option<Outcome<'_>>)> = served(&api.operations)
        .map(|op| (op, answered_outcome(op)))
        .collect();
    let typed: Vec<TypedAnswer<'_>> = ops
        .iter()
        .filter_map(|(op, outcome)| TypedAnswer::of(op, outcome.as_ref()?))
        .collect();
    let fields = typed.iter().map(|t| {
        let name = &t.field;
        let ty = &t.ty;
        quote! { #name: #ty, }
    });
    let reads = typed.iter().map(|t| {
        let name = &t.field;
        let ty = &t.ty;
        let label = format!("{} {}", t.op.method, t.op.path);
        let text = match &t.text {
            Some(text) => {
                let text = raw_string(text);
                quote! { ::std::option::Option::Some(#text) }
            }
            None => quote! { ::std::option::Option::None },
        };
        quote! { let #name = read_answer::<#ty>(&mut problems, #label, #text); }
    });
    let fills = typed.iter().map(|t| {
        let name = &t.field;
        quote! { #name: #name.ok_or_else(StubError::default)?, }
    });
    let read_answer = (!typed.is_empty()).then(emit_read_answer);
    let unread = typed.is_empty().then(|| {
        quote! { #[allow(dead_code, reason = "no operation answers with a typed body")] }
    });
    let stub_methods = ops
        .iter()
        .map(|(op, outcome)| emit_stub_method(api, op, outcome.as_ref(), &query_keys));
    let api_methods = ops
        .iter()
        .map(|(op, _)| emit_api_method(api, op, &query_keys));
    quote! {
        /// Every answer of the stub, read into its type.
        #[derive(::std::fmt::Debug)]
        struct Answers {
            #(#fields)*
        }

        /// The stub: every operation's answer, read into its type, and the credentials it
        /// accepts. Cheap to clone.
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct Stub {
            credentials: Credentials,
            #unread
            answers: ::std::sync::Arc<Answers>,
        }

        impl Stub {
            /// Reads every operation's answer into its type; the stub accepts the
            /// [`Credentials::default`] ones.
            ///
            /// # Errors
            /// When some operation's answer does not read as its type, or the spec has no
            /// value for it: every such operation, with why.
            pub fn new() -> ::std::result::Result<Stub, StubError> {
                #[allow(unused_mut)]
                let mut problems: ::std::vec::Vec<::std::string::String> = ::std::vec::Vec::new();
                #(#reads)*
                if !problems.is_empty() {
                    return ::std::result::Result::Err(StubError { problems });
                }
                let answers = Answers { #(#fills)* };
                ::std::result::Result::Ok(Stub {
                    credentials: Credentials::default(),
                    answers: ::std::sync::Arc::new(answers),
                })
            }

            /// The stub, accepting `credentials` instead.
            pub fn with_credentials(mut self, credentials: Credentials) -> Stub {
                self.credentials = credentials;
                self
            }

            /// The credentials the stub accepts.
            pub fn credentials(&self) -> &Credentials {
                &self.credentials
            }
        }

        /// Why [`Stub::new`] failed: the operations whose answer it could not read.
        #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::default::Default)]
        pub struct StubError {
            problems: ::std::vec::Vec<::std::string::String>,
        }

        impl StubError {
            /// One line per operation: its method and path, and what is wrong.
            pub fn problems(&self) -> &[::std::string::String] {
                &self.problems
            }
        }

        impl ::std::fmt::Display for StubError {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::write!(f, "the stub has no answer for {} operation(s): {}", self.problems.len(), self.problems.join("; "))
            }
        }

        impl ::std::error::Error for StubError {}

        #read_answer

        /// The server's [`Api`](crate::server::Api), with every method answering as the
        /// [`Stub`] does. Implement it for your type, overriding the methods you have real
        /// answers for, and your type is an `Api`.
        pub trait StubApi: ::std::marker::Send + ::std::marker::Sync + 'static {
            /// The stub whose answers the methods not overridden give.
            fn stub(&self) -> &Stub;

            #(#stub_methods)*
        }

        impl StubApi for Stub {
            fn stub(&self) -> &Stub {
                self
            }
        }

        impl<T: StubApi> crate::server::Api for T {
            #(#api_methods)*
        }
    }
}

/// `text` as a raw string literal (`r#"…"#`), with as many `#` as it needs.
fn raw_string(text: &str) -> TokenStream {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    let literal = format!("r{hashes}\"{text}\"{hashes}");
    match literal.parse::<TokenStream>() {
        Ok(tokens) => tokens,
        Err(_) => quote! { #text },
    }
}

/// `read_answer`, which reads one answer's JSON text into its type.
fn emit_read_answer() -> TokenStream {
    quote! {
        /// `text` read as a `T`; on failure, why, in `problems`.
        fn read_answer<T: ::serde::de::DeserializeOwned>(
            problems: &mut ::std::vec::Vec<::std::string::String>,
            operation: &str,
            text: ::std::option::Option<&str>,
        ) -> ::std::option::Option<T> {
            let ::std::option::Option::Some(text) = text else {
                problems.push(::std::format!("{operation}: the spec has no example of its answer that conforms to the schema, and none could be built from the schema"));
                return ::std::option::Option::None;
            };
            match ::serde_json::from_str(text) {
                ::std::result::Result::Ok(value) => ::std::option::Option::Some(value),
                ::std::result::Result::Err(e) => {
                    problems.push(::std::format!("{operation}: its answer does not read as its type: {e}"));
                    ::std::option::Option::None
                }
            }
        }
    }
}

/// The outcome the stub answers `op` with: the response and body lowering chose.
fn answered_outcome(op: &Operation) -> Option<Outcome<'_>> {
    let answer = op.answer.as_ref()?;
    let response = op.responses.get(answer.response)?;
    let content = answer.content.and_then(|i| response.contents.get(i));
    outcomes(op).into_iter().find(|o| {
        std::ptr::eq(o.response, response)
            && match (o.content, content) {
                (Some(a), Some(b)) => std::ptr::eq(a, b),
                (None, None) => true,
                _ => false,
            }
    })
}

/// An answer whose body is read into a type (JSON, or a stream's one item).
struct TypedAnswer<'a> {
    op: &'a Operation,
    /// The `Answers` field: the operation's Rust name.
    field: proc_macro2::Ident,
    /// The type read.
    ty: TokenStream,
    /// The JSON text read, when the generator has a value.
    text: Option<String>,
}

impl<'a> TypedAnswer<'a> {
    fn of(op: &'a Operation, outcome: &Outcome<'_>) -> Option<TypedAnswer<'a>> {
        let ty = match outcome.kind() {
            BodyKind::Json(ty)
            | BodyKind::Events { data: ty, .. }
            | BodyKind::JsonStream { item: ty, .. } => ty,
            BodyKind::Text | BodyKind::Bytes | BodyKind::Empty => return None,
        };
        let text = op
            .answer
            .as_ref()
            .and_then(|a| a.sample.as_ref())
            .map(serde_json::Value::to_string);
        Some(TypedAnswer {
            op,
            field: format_ident!("{}", op.rust_name),
            ty: qualified_type_tokens(ty),
            text,
        })
    }
}

/// The `StubApi` method of `op`: the signature of the `Api` method, answering as the stub does.
fn emit_stub_method(
    api: &Api,
    op: &Operation,
    outcome: Option<&Outcome<'_>>,
    query_keys: &[String],
) -> TokenStream {
    let signature = signature(api, op, query_keys, true);
    let unused = signature.unused;
    let head = signature.head;
    let reply = match outcome {
        Some(outcome) => {
            let reply = emit_reply_value(op, outcome);
            quote! { ::std::future::ready(#reply) }
        }
        // An operation that documents no response has nothing to answer with.
        None => quote! { ::std::future::pending() },
    };
    quote! {
        #head {
            let _ = #unused;
            #reply
        }
    }
}

/// The blanket `Api` method of `op`, which calls the `StubApi` one.
fn emit_api_method(api: &Api, op: &Operation, query_keys: &[String]) -> TokenStream {
    let signature = signature(api, op, query_keys, false);
    let head = signature.head;
    let name = format_ident!("{}", op.rust_name);
    let args = signature.args;
    quote! {
        #head {
            StubApi::#name(self, #args)
        }
    }
}

/// A method's `fn` line (with its doc comment), its arguments as a call passes them, and as a
/// tuple the default body leaves unused.
struct Signature {
    head: TokenStream,
    args: TokenStream,
    unused: TokenStream,
}

/// `in_trait`: the `StubApi` declaration, which carries the operation's `#[deprecated]`
/// (an implementation's method cannot).
fn signature(api: &Api, op: &Operation, query_keys: &[String], in_trait: bool) -> Signature {
    let TraitMethod {
        doc,
        deprecated,
        name,
        params,
        body,
        reply,
    } = TraitMethod::of(api, op, query_keys);
    let deprecated = deprecated.filter(|_| in_trait);
    let mut names = vec![format_ident!("context")];
    let mut inputs = vec![quote! { context: crate::server::RequestContext }];
    if let Some(params) = params {
        names.push(format_ident!("params"));
        inputs.push(quote! { params: crate::server::#params });
    }
    if let Some(arg) = body {
        names.push(format_ident!("body"));
        let ty = arg.tokens(Some(quote! { crate::server:: }));
        inputs.push(quote! { body: #ty });
    }
    Signature {
        head: quote! {
            #doc
            #deprecated
            fn #name(&self, #(#inputs),*) -> impl ::std::future::Future<Output = crate::server::#reply> + ::std::marker::Send
        },
        args: quote! { #(#names),* },
        unused: match names.as_slice() {
            [only] => quote! { #only },
            _ => quote! { (#(#names),*) },
        },
    }
}

/// The reply value of `outcome`, built from the stub's answers (`self.stub()`).
fn emit_reply_value(op: &Operation, outcome: &Outcome<'_>) -> TokenStream {
    let reply = crate::emit::server_reply::reply_name(op);
    let variant = &outcome.variant;
    let field = format_ident!("{}", op.rust_name);
    let sample = op.answer.as_ref().and_then(|a| a.sample.as_ref());
    let text = || match sample {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let body = match outcome.kind() {
        BodyKind::Json(_) => {
            Some(quote! { ::std::clone::Clone::clone(&self.stub().answers.#field) })
        }
        BodyKind::Events { .. } => Some(quote! {
            crate::server::EventStream::from_iter([crate::types::ServerSentEvent::new(::std::clone::Clone::clone(&self.stub().answers.#field))])
        }),
        BodyKind::JsonStream { .. } => Some(quote! {
            crate::server::JsonStream::from_iter([::std::clone::Clone::clone(&self.stub().answers.#field)])
        }),
        BodyKind::Text => {
            let text = text();
            Some(quote! { ::std::borrow::ToOwned::to_owned(#text) })
        }
        BodyKind::Bytes => {
            let bytes = Literal::byte_string(text().as_bytes());
            Some(quote! { ::axum::body::Bytes::from_static(#bytes) })
        }
        BodyKind::Empty => None,
    };
    let status = match outcome.response.status {
        ResponseStatus::Code(_) => None,
        ResponseStatus::Range(class) if class != 2 => {
            let code = class * 100;
            Some(
                quote! { ::axum::http::StatusCode::from_u16(#code).unwrap_or(::axum::http::StatusCode::OK) },
            )
        }
        ResponseStatus::Range(_) | ResponseStatus::Default => {
            Some(quote! { ::axum::http::StatusCode::OK })
        }
    };
    let args: Vec<TokenStream> = status.into_iter().chain(body).collect();
    if args.is_empty() {
        quote! { crate::server::#reply::#variant }
    } else {
        quote! { crate::server::#reply::#variant(#(#args),*) }
    }
}
