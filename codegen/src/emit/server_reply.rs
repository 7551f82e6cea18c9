//! The server's reply enums: one per operation, with a variant per outcome (a documented status
//! with one of its bodies), and how each is written: JSON, text, bytes, or a stream whose events
//! or values are flushed as the implementation's stream yields them.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::doc::doc_attrs;
use super::responses::{BodyKind, Outcome, outcomes, served};
use super::type_ref::qualified_type_tokens;
use crate::lower::names::camel;
use crate::model::{Api, JsonFraming, Operation, ResponseStatus};

/// `{Op}Reply`.
pub fn reply_name(op: &Operation) -> Ident {
    format_ident!("{}Reply", camel(&op.rust_name, "Op"))
}

/// The reply enum of `op` and its `IntoResponse`.
pub fn emit_reply(op: &Operation) -> TokenStream {
    let reply = reply_name(op);
    let outcomes = outcomes(op);
    let per_body = if outcomes.iter().any(Outcome::shares_status) {
        " (and per body, where a status has several)"
    } else {
        ""
    };
    let doc = format!(
        " What `{} {}` answers: one variant per documented response{per_body}.",
        op.method, op.path
    );
    let variants = outcomes.iter().map(emit_reply_variant);
    let arms = outcomes.iter().map(emit_reply_arm);
    quote! {
        #[doc = #doc]
        #[derive(::std::fmt::Debug)]
        #[allow(clippy::large_enum_variant)] // built once per request and moved straight into a response
        pub enum #reply {
            #(#variants)*
        }

        impl ::axum::response::IntoResponse for #reply {
            fn into_response(self) -> ::axum::response::Response {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}

fn emit_reply_variant(o: &Outcome<'_>) -> TokenStream {
    let name = &o.variant;
    let r = o.response;
    let media = match o.content {
        Some(c) if o.shares_status() => format!(" (`{}`)", c.media_types.join("`, `")),
        _ => String::new(),
    };
    let doc = match r.status {
        ResponseStatus::Code(c) => format!("{c}{media}: {}", r.description),
        ResponseStatus::Range(c) => format!(
            "Any {c}XX status{media}, given with the variant: {}",
            r.description
        ),
        ResponseStatus::Default => format!(
            "Any other status{media}, given with the variant: {}",
            r.description
        ),
    };
    let doc = match o.kind() {
        BodyKind::Bytes | BodyKind::Text => {
            format!("{doc}\n\nSent as `{}`.", o.content_type())
        }
        BodyKind::Events { .. } => {
            format!("{doc}\n\nSent as `text/event-stream`, each event as the stream yields it.")
        }
        BodyKind::JsonStream { .. } => format!(
            "{doc}\n\nSent as `{}`, each value as the stream yields it.",
            o.content_type()
        ),
        BodyKind::Json(_) | BodyKind::Empty => doc,
    };
    let doc = doc_attrs(&doc);
    let body = match o.kind() {
        BodyKind::Json(ty) => Some(qualified_type_tokens(ty)),
        BodyKind::Text => Some(quote! { ::std::string::String }),
        BodyKind::Bytes => Some(quote! { ::axum::body::Bytes }),
        BodyKind::Events { data, .. } => {
            let data = qualified_type_tokens(data);
            Some(quote! { EventStream<#data> })
        }
        BodyKind::JsonStream { item, .. } => {
            let item = qualified_type_tokens(item);
            Some(quote! { JsonStream<#item> })
        }
        BodyKind::Empty => None,
    };
    match (r.status, body) {
        (ResponseStatus::Code(_), Some(body)) => quote! { #doc #name(#body), },
        (ResponseStatus::Code(_), None) => quote! { #doc #name, },
        (_, Some(body)) => quote! { #doc #name(::axum::http::StatusCode, #body), },
        (_, None) => quote! { #doc #name(::axum::http::StatusCode), },
    }
}

fn emit_reply_arm(o: &Outcome<'_>) -> TokenStream {
    let name = &o.variant;
    let write = |status: TokenStream| match o.kind() {
        BodyKind::Json(_) => quote! { json_response(#status, &body) },
        BodyKind::Text | BodyKind::Bytes => {
            let content_type = o.content_type();
            quote! {
                ::axum::response::IntoResponse::into_response((#status, [(::axum::http::header::CONTENT_TYPE, #content_type)], body))
            }
        }
        BodyKind::Events { text, .. } => quote! { event_stream_response(#status, body, #text) },
        BodyKind::JsonStream { framing, .. } => {
            let content_type = o.content_type();
            let sequence = framing == JsonFraming::Sequence;
            quote! { json_stream_response(#status, #content_type, body, #sequence) }
        }
        BodyKind::Empty => quote! { ::axum::response::IntoResponse::into_response(#status) },
    };
    let has_body = o.kind() != BodyKind::Empty;
    match (o.response.status, has_body) {
        (ResponseStatus::Code(c), true) => {
            let write = write(
                quote! { ::axum::http::StatusCode::from_u16(#c).unwrap_or(::axum::http::StatusCode::OK) },
            );
            quote! { Self::#name(body) => #write, }
        }
        (ResponseStatus::Code(c), false) => {
            let write = write(
                quote! { ::axum::http::StatusCode::from_u16(#c).unwrap_or(::axum::http::StatusCode::OK) },
            );
            quote! { Self::#name => #write, }
        }
        (_, true) => {
            let write = write(quote! { status });
            quote! { Self::#name(status, body) => #write, }
        }
        (_, false) => {
            let write = write(quote! { status });
            quote! { Self::#name(status) => #write, }
        }
    }
}

/// The stream types replies hold and the functions that write them, when some served
/// operation answers with a stream.
pub fn emit_reply_streams(api: &Api) -> TokenStream {
    let kinds: Vec<BodyKind<'_>> = served(&api.operations)
        .flat_map(|op| {
            op.responses
                .iter()
                .flat_map(|r| &r.contents)
                .map(|c| BodyKind::of(Some(c)))
        })
        .collect();
    let events = kinds
        .iter()
        .any(|k| matches!(k, BodyKind::Events { .. }))
        .then(emit_event_stream);
    let json = kinds
        .iter()
        .any(|k| matches!(k, BodyKind::JsonStream { .. }))
        .then(emit_json_stream);
    quote! { #events #json }
}

fn emit_event_stream() -> TokenStream {
    quote! {
        /// The server-sent events an implementation answers with (`text/event-stream`): each
        /// event is written, and flushed, as the stream yields it, and the response ends when
        /// the stream ends. A comment is sent every 15 seconds while no event comes, so that
        /// proxies keep the connection open.
        ///
        /// Build it from any stream with [`EventStream::new`], or collect it from an iterator.
        /// An event whose type or id holds a line break (or whose id holds NUL), or whose data
        /// cannot be serialized, cannot be written: the response ends there, cut off.
        pub struct EventStream<T>(::futures_util::stream::BoxStream<'static, crate::types::ServerSentEvent<T>>);

        impl<T> EventStream<T> {
            /// The events `events` yields, in order.
            pub fn new(events: impl ::futures_util::Stream<Item = crate::types::ServerSentEvent<T>> + ::std::marker::Send + 'static) -> Self {
                EventStream(::std::boxed::Box::pin(events))
            }
        }

        impl<T: ::std::marker::Send + 'static> ::std::iter::FromIterator<crate::types::ServerSentEvent<T>> for EventStream<T> {
            fn from_iter<I: ::std::iter::IntoIterator<Item = crate::types::ServerSentEvent<T>>>(events: I) -> Self {
                let events: ::std::vec::Vec<_> = events.into_iter().collect();
                EventStream::new(::futures_util::stream::iter(events))
            }
        }

        impl<T> ::std::fmt::Debug for EventStream<T> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("EventStream").finish_non_exhaustive()
            }
        }

        /// `events` as a `text/event-stream` response with `status`; `text`: each event's data
        /// is written as the text itself, not as JSON.
        fn event_stream_response<T: ::serde::Serialize + 'static>(status: ::axum::http::StatusCode, events: EventStream<T>, text: bool) -> ::axum::response::Response {
            let events = ::futures_util::StreamExt::map(events.0, move |event| sse_event(event, text));
            let sse = ::axum::response::sse::Sse::new(events).keep_alive(::axum::response::sse::KeepAlive::default());
            let mut response = ::axum::response::IntoResponse::into_response(sse);
            *response.status_mut() = status;
            response
        }

        /// One event as axum writes it, or why it cannot be written (axum would panic on it).
        fn sse_event<T: ::serde::Serialize>(event: crate::types::ServerSentEvent<T>, text: bool) -> ::std::result::Result<::axum::response::sse::Event, ::axum::BoxError> {
            let mut out = ::axum::response::sse::Event::default();
            if let ::std::option::Option::Some(name) = event.event {
                if name.contains(['\r', '\n']) {
                    return ::std::result::Result::Err(::std::convert::From::from("an event type with a line break cannot be sent"));
                }
                out = out.event(name);
            }
            if let ::std::option::Option::Some(id) = event.id {
                if id.contains(['\r', '\n', '\0']) {
                    return ::std::result::Result::Err(::std::convert::From::from("an event id with a line break or NUL cannot be sent"));
                }
                out = out.id(id);
            }
            if let ::std::option::Option::Some(retry) = event.retry {
                out = out.retry(retry);
            }
            if let ::std::option::Option::Some(data) = event.data {
                let data = match ::serde_json::to_value(&data)? {
                    // A line break is a line break to the reader; CR LF would read as two.
                    ::serde_json::Value::String(data) if text => data.replace("\r\n", "\n"),
                    value => value.to_string(),
                };
                out = out.data(data);
            }
            ::std::result::Result::Ok(out)
        }
    }
}

fn emit_json_stream() -> TokenStream {
    quote! {
        /// The JSON values an implementation answers with as a stream (NDJSON, JSON Lines,
        /// `json-seq`): each value is written, and flushed, as the stream yields it, and the
        /// response ends when the stream ends.
        ///
        /// Build it from any stream with [`JsonStream::new`], or collect it from an iterator. A
        /// value that cannot be serialized cannot be written: the response ends there, cut off.
        pub struct JsonStream<T>(::futures_util::stream::BoxStream<'static, T>);

        impl<T> JsonStream<T> {
            /// The values `items` yields, in order.
            pub fn new(items: impl ::futures_util::Stream<Item = T> + ::std::marker::Send + 'static) -> Self {
                JsonStream(::std::boxed::Box::pin(items))
            }
        }

        impl<T: ::std::marker::Send + 'static> ::std::iter::FromIterator<T> for JsonStream<T> {
            fn from_iter<I: ::std::iter::IntoIterator<Item = T>>(items: I) -> Self {
                let items: ::std::vec::Vec<T> = items.into_iter().collect();
                JsonStream::new(::futures_util::stream::iter(items))
            }
        }

        impl<T> ::std::fmt::Debug for JsonStream<T> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("JsonStream").finish_non_exhaustive()
            }
        }

        /// `items` as a response with `status` and `content_type`: a value per line, or, with
        /// `sequence` (`json-seq`), each after an RS character.
        fn json_stream_response<T: ::serde::Serialize + 'static>(status: ::axum::http::StatusCode, content_type: &'static str, items: JsonStream<T>, sequence: bool) -> ::axum::response::Response {
            let records = ::futures_util::StreamExt::map(items.0, move |item| {
                let mut record = ::std::vec::Vec::new();
                if sequence {
                    record.push(0x1E);
                }
                ::serde_json::to_writer(&mut record, &item)?;
                record.push(b'\n');
                ::std::result::Result::<_, ::serde_json::Error>::Ok(::axum::body::Bytes::from(record))
            });
            ::axum::response::IntoResponse::into_response((status, [(::axum::http::header::CONTENT_TYPE, content_type)], ::axum::body::Body::from_stream(records)))
        }
    }
}
