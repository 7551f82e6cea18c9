//! What a client method returns on success: the one body type every success response shares,
//! or, when their bodies differ (or a status has several), an `{Op}Success` enum with a variant
//! per outcome. The client dispatches on the status first, then, where a status has several
//! bodies, on the response's `Content-Type`, and reads the body as documented: whole, or as a
//! stream of events or JSON values.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::client_support::ClientNeeds;
use super::doc::doc_attrs;
use super::responses::{BodyKind, Outcome, status_codes, success_outcomes};
use super::type_ref::qualified_type_tokens;
use crate::media_type::essence;
use crate::model::{JsonFraming, Operation, ResponseStatus};

/// What the client's answer to an operation is.
pub enum Success<'a> {
    /// Every success response has this body.
    One(BodyKind<'a>, Vec<u16>),
    /// The bodies differ: an enum with a variant per success outcome.
    Several(Vec<Outcome<'a>>),
}

impl<'a> Success<'a> {
    /// One success type when every success response has the same single body, else one
    /// variant per outcome.
    pub fn of(op: &'a Operation) -> Self {
        let outcomes = success_outcomes(op);
        let Some(first) = outcomes.first() else {
            return Success::One(BodyKind::Empty, Vec::new());
        };
        let kind = first.kind();
        if outcomes
            .iter()
            .all(|o| !o.shares_status() && o.kind() == kind)
        {
            Success::One(kind, status_codes(&outcomes))
        } else {
            Success::Several(outcomes)
        }
    }

    /// Whether the answer may be a stream: the client's timeout (reqwest's, which covers the
    /// whole body) is then not applied, since a stream may last as long as the server sends.
    fn may_stream(&self) -> bool {
        match self {
            Success::One(kind, _) => kind.is_stream(),
            Success::Several(outcomes) => outcomes.iter().any(|o| o.kind().is_stream()),
        }
    }

    /// Whether the several outcomes are told apart before the body is read: a body is a
    /// stream, or a status has several bodies.
    fn reads_head_first(&self) -> bool {
        match self {
            Success::One(..) => false,
            Success::Several(outcomes) => outcomes
                .iter()
                .any(|o| o.kind().is_stream() || o.shares_status()),
        }
    }

    /// The support items reading the success needs.
    pub fn note_needs(&self, needs: &mut ClientNeeds) {
        needs.whole |= match self {
            Success::One(kind, _) => !kind.is_stream(),
            Success::Several(_) => !self.reads_head_first(),
        };
        match self {
            Success::One(BodyKind::Json(_), _) => needs.json = true,
            Success::One(BodyKind::Empty, _) => needs.empty = true,
            Success::One(BodyKind::Bytes, _) => needs.bytes = true,
            Success::One(BodyKind::Text, _) => needs.text = true,
            Success::One(BodyKind::Events { .. }, _) => needs.send_events = true,
            Success::One(BodyKind::JsonStream { .. }, _) => needs.send_json_stream = true,
            Success::Several(outcomes) => {
                needs.head |= self.reads_head_first();
                for o in outcomes {
                    needs.media_dispatch |= o.shares_status();
                    match o.kind() {
                        BodyKind::Json(_) => needs.reply_json = true,
                        BodyKind::Text => needs.reply_text = true,
                        BodyKind::Events { .. } => needs.events = true,
                        BodyKind::JsonStream { .. } => needs.json_streams = true,
                        BodyKind::Bytes | BodyKind::Empty => {}
                    }
                }
            }
        }
    }

    /// The type a method returns; `name` is the operation's `{Op}Success`, `error` its error
    /// body type.
    pub fn ok_type(&self, name: &Ident, error: &TokenStream) -> TokenStream {
        match self {
            Success::One(kind, _) => kind_type(*kind, error),
            Success::Several(_) => quote! { #name },
        }
    }

    /// Sending the request and reading the success body.
    pub fn send(&self, name: &Ident) -> TokenStream {
        match self {
            Success::One(kind, codes) => {
                let (helper, extra) = match kind {
                    BodyKind::Json(_) => (quote! { send_json }, None),
                    BodyKind::Empty => (quote! { send_empty }, None),
                    BodyKind::Bytes => (quote! { send_bytes }, None),
                    BodyKind::Text => (quote! { send_text }, None),
                    BodyKind::Events { text, .. } => (
                        quote! { send_stream },
                        Some(quote! { |response| EventStream::new(response, #text) }),
                    ),
                    BodyKind::JsonStream { framing, .. } => {
                        let separator = separator(*framing);
                        (
                            quote! { send_stream },
                            Some(quote! { |response| JsonStream::new(response, #separator) }),
                        )
                    }
                };
                let extra = extra.map(|e| quote! { , #e });
                quote! { self.#helper(request, &[#(#codes),*] #extra).await }
            }
            Success::Several(outcomes) if self.reads_head_first() => {
                self.send_head_first(name, outcomes)
            }
            Success::Several(outcomes) => send_whole(name, outcomes),
        }
    }

    /// The several outcomes, told apart by status (and `Content-Type`) before the body is
    /// read, so that a stream is handed over unread.
    fn send_head_first(&self, name: &Ident, outcomes: &[Outcome<'_>]) -> TokenStream {
        let timed = !self.may_stream();
        let mut exact: Vec<TokenStream> = Vec::new();
        let mut ranges: Vec<TokenStream> = Vec::new();
        let mut rest = outcomes;
        while let Some(first) = rest.first() {
            let count = rest
                .iter()
                .take_while(|o| std::ptr::eq(o.response, first.response))
                .count();
            let (group, later) = rest.split_at(count);
            rest = later;
            let read = read_status(name, group);
            match first.response.status {
                ResponseStatus::Code(c) => exact.push(quote! { #c => #read, }),
                ResponseStatus::Range(class) => {
                    let (low, high) = (class * 100, class * 100 + 99);
                    ranges.push(quote! { status @ #low..=#high => #read, });
                }
                ResponseStatus::Default => {}
            }
        }
        quote! {
            let response = self.send_head(request, #timed).await.map_err(Error::Transport)?;
            match response.status().as_u16() {
                #(#exact)*
                #(#ranges)*
                _ => ::std::result::Result::Err(Error::Api(Reply::read(response).await.map_err(Error::Transport)?.into_api_error())),
            }
        }
    }

    /// `{Op}Success`, when the success bodies differ.
    pub fn emit_enum(
        &self,
        name: &Ident,
        op: &Operation,
        error: &TokenStream,
    ) -> Option<TokenStream> {
        let Success::Several(outcomes) = self else {
            return None;
        };
        let per_body = if outcomes.iter().any(Outcome::shares_status) {
            " (and per body, where a status has several)"
        } else {
            ""
        };
        let doc = format!(
            " What `{} {}` answers on success: one variant per documented success response{per_body}.",
            op.method, op.path
        );
        let variants = outcomes.iter().map(|o| success_variant(o, error));
        // A stream is read once: it is neither cloned nor compared.
        let derives = if self.may_stream() {
            quote! { #[derive(::std::fmt::Debug)] }
        } else {
            quote! { #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::cmp::PartialEq)] }
        };
        Some(quote! {
            #[doc = #doc]
            #derives
            #[allow(clippy::large_enum_variant)] // returned once per call
            pub enum #name {
                #(#variants)*
            }
        })
    }
}

/// Several outcomes with one body each, none a stream: the body is read whole, then decoded
/// as its status documents.
fn send_whole(name: &Ident, outcomes: &[Outcome<'_>]) -> TokenStream {
    let mut exact: Vec<TokenStream> = Vec::new();
    let mut ranges: Vec<TokenStream> = Vec::new();
    for o in outcomes {
        let variant = &o.variant;
        // `Ok(value)` for bodies that cannot fail, `read.map(..)` for decoded ones.
        let arm = match (o.response.status, o.kind()) {
            (ResponseStatus::Default, _) => continue,
            (ResponseStatus::Code(_), BodyKind::Json(_)) => {
                quote! { reply.json().map(#name::#variant) }
            }
            (ResponseStatus::Code(_), BodyKind::Text) => {
                quote! { reply.text().map(#name::#variant) }
            }
            (ResponseStatus::Code(_), BodyKind::Bytes) => {
                quote! { ::std::result::Result::Ok(#name::#variant(reply.body)) }
            }
            (ResponseStatus::Code(_), _) => {
                quote! { ::std::result::Result::Ok(#name::#variant) }
            }
            (_, BodyKind::Json(_)) => {
                quote! { reply.json().map(|body| #name::#variant(status, body)) }
            }
            (_, BodyKind::Text) => {
                quote! { reply.text().map(|body| #name::#variant(status, body)) }
            }
            (_, BodyKind::Bytes) => {
                quote! { ::std::result::Result::Ok(#name::#variant(status, reply.body)) }
            }
            (_, _) => {
                quote! { ::std::result::Result::Ok(#name::#variant(status)) }
            }
        };
        match o.response.status {
            ResponseStatus::Code(c) => exact.push(quote! { #c => #arm, }),
            ResponseStatus::Range(class) => {
                let (low, high) = (class * 100, class * 100 + 99);
                ranges.push(quote! { status @ #low..=#high => #arm, });
            }
            ResponseStatus::Default => {}
        }
    }
    quote! {
        let reply = self.send_raw(request).await.map_err(Error::Transport)?;
        match reply.status {
            #(#exact)*
            #(#ranges)*
            _ => ::std::result::Result::Err(Error::Api(reply.into_api_error())),
        }
    }
}

/// Reading one status's answer from the unread `response`: its one body, or the body its
/// `Content-Type` names (the first documented one when it names none of them).
fn read_status(name: &Ident, group: &[Outcome<'_>]) -> TokenStream {
    let Some((first, others)) = group.split_first() else {
        return quote! { ::std::result::Result::Ok(()) };
    };
    let fallback = read_outcome(name, first);
    if others.is_empty() {
        return fallback;
    }
    let arms = others.iter().filter_map(|o| {
        let media_types: Vec<String> = o
            .content
            .map(|c| c.media_types.iter().map(|m| essence(m)).collect())
            .unwrap_or_default();
        let exact: Vec<&String> = media_types.iter().filter(|m| !m.contains('*')).collect();
        let prefixes: Vec<&str> = media_types
            .iter()
            .filter_map(|m| m.strip_suffix('*'))
            .filter(|p| !p.is_empty() && !p.contains('*'))
            .collect();
        let read = read_outcome(name, o);
        let pattern = match (exact.is_empty(), prefixes.is_empty()) {
            (true, true) => return None,
            (false, true) => quote! { #(#exact)|* },
            (true, false) => quote! { media if #(media.starts_with(#prefixes))||* },
            (false, false) => {
                quote! { media if #(media == #exact)||* || #(media.starts_with(#prefixes))||* }
            }
        };
        Some(quote! { #pattern => #read, })
    });
    quote! {
        match content_essence(&response).as_str() {
            #(#arms)*
            _ => #fallback,
        }
    }
}

/// Reading one outcome's body from the unread `response`; `status` is bound for a range.
fn read_outcome(name: &Ident, o: &Outcome<'_>) -> TokenStream {
    let variant = &o.variant;
    let ranged = !matches!(o.response.status, ResponseStatus::Code(_));
    let wrap = |value: TokenStream| {
        if ranged {
            quote! { #name::#variant(status, #value) }
        } else {
            quote! { #name::#variant(#value) }
        }
    };
    let read = quote! { Reply::read(response).await.map_err(Error::Transport)? };
    match o.kind() {
        BodyKind::Json(_) if ranged => {
            let value = wrap(quote! { body });
            quote! { #read.json().map(|body| #value) }
        }
        BodyKind::Json(_) => quote! { #read.json().map(#name::#variant) },
        BodyKind::Text if ranged => {
            let value = wrap(quote! { body });
            quote! { #read.text().map(|body| #value) }
        }
        BodyKind::Text => quote! { #read.text().map(#name::#variant) },
        BodyKind::Bytes => {
            let value = wrap(quote! { #read.body });
            quote! { ::std::result::Result::Ok(#value) }
        }
        BodyKind::Events { text, .. } => {
            let value = wrap(quote! { EventStream::new(response, #text) });
            quote! { ::std::result::Result::Ok(#value) }
        }
        BodyKind::JsonStream { framing, .. } => {
            let separator = separator(framing);
            let value = wrap(quote! { JsonStream::new(response, #separator) });
            quote! { ::std::result::Result::Ok(#value) }
        }
        BodyKind::Empty if ranged => quote! { ::std::result::Result::Ok(#name::#variant(status)) },
        BodyKind::Empty => quote! { ::std::result::Result::Ok(#name::#variant) },
    }
}

/// The byte between the values of a JSON stream: a line break, or RS for `json-seq`.
fn separator(framing: JsonFraming) -> TokenStream {
    match framing {
        JsonFraming::Lines => quote! { b'\n' },
        JsonFraming::Sequence => quote! { 0x1E },
    }
}

fn success_variant(o: &Outcome<'_>, error: &TokenStream) -> TokenStream {
    let name = &o.variant;
    let r = o.response;
    let media = match o.content {
        Some(c) if o.shares_status() => format!(" (`{}`)", c.media_types.join("`, `")),
        _ => String::new(),
    };
    let doc = match r.status {
        ResponseStatus::Code(c) => format!("{c}{media}: {}", r.description),
        _ => format!(
            "Any {}XX status{media}, given with the variant: {}",
            status_class(r.status),
            r.description
        ),
    };
    let doc = doc_attrs(&doc);
    let body = match o.kind() {
        BodyKind::Empty => None,
        kind => Some(kind_type(kind, error)),
    };
    match (r.status, body) {
        (ResponseStatus::Code(_), Some(body)) => quote! { #doc #name(#body), },
        (ResponseStatus::Code(_), None) => quote! { #doc #name, },
        (_, Some(body)) => quote! { #doc #name(u16, #body), },
        (_, None) => quote! { #doc #name(u16), },
    }
}

fn status_class(status: ResponseStatus) -> u16 {
    match status {
        ResponseStatus::Range(r) => r,
        _ => 2,
    }
}

/// The Rust type of a success body; a stream's items fail with `error`'s `Error`.
fn kind_type(kind: BodyKind<'_>, error: &TokenStream) -> TokenStream {
    match kind {
        BodyKind::Json(ty) => qualified_type_tokens(ty),
        BodyKind::Text => quote! { ::std::string::String },
        BodyKind::Bytes => quote! { ::bytes::Bytes },
        BodyKind::Events { data, .. } => {
            let data = qualified_type_tokens(data);
            quote! { EventStream<#data, #error> }
        }
        BodyKind::JsonStream { item, .. } => {
            let item = qualified_type_tokens(item);
            quote! { JsonStream<#item, #error> }
        }
        BodyKind::Empty => quote! { () },
    }
}
