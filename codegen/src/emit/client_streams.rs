//! The client's streams: `EventStream` (server-sent events, parsed by `sse-stream`) and
//! `JsonStream` (NDJSON, JSON Lines, `json-seq`), each item decoded as it arrives; and the
//! error body of an error response sent as a stream. Each is emitted only when some method
//! uses it.

use proc_macro2::TokenStream;
use quote::quote;

use super::client_support::ClientNeeds;

/// The stream items `needs` asks for.
pub fn emit_client_streams(needs: ClientNeeds) -> TokenStream {
    let events = (needs.send_events || needs.events).then(emit_event_stream);
    let json = (needs.send_json_stream || needs.json_streams).then(emit_json_stream);
    let send_stream = (needs.send_events || needs.send_json_stream).then(emit_send_stream);
    let context = needs.streams().then(emit_stream_context);
    let error_body =
        (needs.error_events || needs.error_json_streams).then(|| emit_error_body(needs));
    quote! {
        #events
        #json
        #send_stream
        #context
        #error_body
    }
}

fn emit_event_stream() -> TokenStream {
    quote! {
        /// The server-sent events (`text/event-stream`) of one response, each event's `data`
        /// decoded as `T`.
        ///
        /// It yields each event as it arrives and ends when the response body ends. An event
        /// whose data does not match its schema is an [`Error::Decode`] item and the stream goes
        /// on; a body that cannot be read, or that is not an event stream, is a last item
        /// [`Error::Transport`] (or [`Error::Decode`]). Reconnecting, with the last event's id
        /// and the `retry` the server asked for, is left to the caller. The client's timeout does
        /// not apply to a call that may answer with a stream, which would cut it short: put a
        /// timeout of your own around the call or the reading, where one is wanted.
        pub struct EventStream<T, E> {
            context: StreamContext,
            events: ::futures_util::stream::BoxStream<'static, ::std::result::Result<crate::types::ServerSentEvent<T>, Error<E>>>,
        }

        impl<T: ::serde::de::DeserializeOwned + 'static, E: 'static> EventStream<T, E> {
            /// The events of `response`; `text`: each event's data is the text itself, not JSON.
            fn new(response: ::reqwest::Response, text: bool) -> Self {
                let context = StreamContext::of(&response);
                let item_context = ::std::clone::Clone::clone(&context);
                let events = ::futures_util::StreamExt::map(
                    ::sse_stream::SseByteStream::new(body_chunks(response)),
                    move |item| item_context.event(item, text),
                );
                EventStream { context, events: ::std::boxed::Box::pin(events) }
            }
        }

        impl<T, E> EventStream<T, E> {
            /// The response's HTTP status.
            pub fn status(&self) -> u16 {
                self.context.status
            }

            /// The request id the server gave (response header `x-request-id`), if any.
            pub fn request_id(&self) -> ::std::option::Option<&str> {
                self.context.request_id.as_deref()
            }
        }

        impl<T, E> ::futures_util::Stream for EventStream<T, E> {
            type Item = ::std::result::Result<crate::types::ServerSentEvent<T>, Error<E>>;

            fn poll_next(self: ::std::pin::Pin<&mut Self>, cx: &mut ::std::task::Context<'_>) -> ::std::task::Poll<::std::option::Option<Self::Item>> {
                self.get_mut().events.as_mut().poll_next(cx)
            }
        }

        impl<T, E> ::std::fmt::Debug for EventStream<T, E> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("EventStream")
                    .field("status", &self.context.status)
                    .field("request_id", &self.context.request_id)
                    .finish_non_exhaustive()
            }
        }

        /// The body of `response` as its chunks arrive; it ends after an error.
        fn body_chunks(response: ::reqwest::Response) -> impl ::futures_util::Stream<Item = ::std::result::Result<::bytes::Bytes, ::reqwest::Error>> + ::std::marker::Send {
            ::futures_util::stream::unfold(::std::option::Option::Some(response), |response| async move {
                let mut response = response?;
                match response.chunk().await {
                    ::std::result::Result::Ok(::std::option::Option::Some(chunk)) => ::std::option::Option::Some((::std::result::Result::Ok(chunk), ::std::option::Option::Some(response))),
                    ::std::result::Result::Ok(::std::option::Option::None) => ::std::option::Option::None,
                    ::std::result::Result::Err(e) => ::std::option::Option::Some((::std::result::Result::Err(e), ::std::option::Option::None)),
                }
            })
        }

        impl StreamContext {
            /// One event block as a typed event.
            fn event<T: ::serde::de::DeserializeOwned, E>(
                &self,
                item: ::std::result::Result<::sse_stream::Sse, ::sse_stream::Error>,
                text: bool,
            ) -> ::std::result::Result<crate::types::ServerSentEvent<T>, Error<E>> {
                let sse = match item {
                    ::std::result::Result::Ok(sse) => sse,
                    ::std::result::Result::Err(::sse_stream::Error::Body(source)) => {
                        return ::std::result::Result::Err(match source.downcast::<::reqwest::Error>() {
                            ::std::result::Result::Ok(e) => Error::Transport(*e),
                            ::std::result::Result::Err(other) => self.decode_error(::std::string::String::new(), other.to_string(), ::std::string::String::new()),
                        });
                    }
                    ::std::result::Result::Err(other) => {
                        return ::std::result::Result::Err(self.decode_error(::std::string::String::new(), ::std::format!("not an event stream: {other}"), ::std::string::String::new()));
                    }
                };
                let data = match sse.data {
                    ::std::option::Option::None => ::std::option::Option::None,
                    ::std::option::Option::Some(data) if text => ::std::option::Option::Some(self.text(data)?),
                    ::std::option::Option::Some(data) => ::std::option::Option::Some(self.record(data.as_bytes())?),
                };
                ::std::result::Result::Ok(crate::types::ServerSentEvent {
                    data,
                    event: sse.event,
                    id: sse.id,
                    retry: sse.retry.map(::std::time::Duration::from_millis),
                })
            }

            /// Event data that is the text itself (a string, a string enum, a date).
            fn text<T: ::serde::de::DeserializeOwned, E>(&self, data: ::std::string::String) -> ::std::result::Result<T, Error<E>> {
                let deserializer: ::serde::de::value::StrDeserializer<'_, ::serde::de::value::Error> = ::serde::de::IntoDeserializer::into_deserializer(data.as_str());
                T::deserialize(deserializer).map_err(|e| self.decode_error(::std::string::String::new(), e.to_string(), data.clone()))
            }
        }
    }
}

fn emit_json_stream() -> TokenStream {
    quote! {
        /// The JSON values of one response (NDJSON, JSON Lines or `json-seq`), each decoded as `T`.
        ///
        /// It yields each value as its line (or record) arrives and ends when the response body
        /// ends; blank lines are skipped. A value that does not match its schema is an
        /// [`Error::Decode`] item and the stream goes on; a body that cannot be read is a last
        /// [`Error::Transport`] item. The client's timeout does not apply to a call that may
        /// answer with a stream, which would cut it short.
        pub struct JsonStream<T, E> {
            context: StreamContext,
            items: ::futures_util::stream::BoxStream<'static, ::std::result::Result<T, Error<E>>>,
        }

        impl<T: ::serde::de::DeserializeOwned + 'static, E: 'static> JsonStream<T, E> {
            /// The values of `response`, each ended by `separator` (a line break) or, for
            /// `json-seq`, after it (RS).
            fn new(response: ::reqwest::Response, separator: u8) -> Self {
                let context = StreamContext::of(&response);
                let item_context = ::std::clone::Clone::clone(&context);
                let items = ::futures_util::StreamExt::map(records(response, separator), move |record| match record {
                    ::std::result::Result::Ok(record) => item_context.record(&record),
                    ::std::result::Result::Err(e) => ::std::result::Result::Err(Error::Transport(e)),
                });
                JsonStream { context, items: ::std::boxed::Box::pin(items) }
            }
        }

        impl<T, E> JsonStream<T, E> {
            /// The response's HTTP status.
            pub fn status(&self) -> u16 {
                self.context.status
            }

            /// The request id the server gave (response header `x-request-id`), if any.
            pub fn request_id(&self) -> ::std::option::Option<&str> {
                self.context.request_id.as_deref()
            }
        }

        impl<T, E> ::futures_util::Stream for JsonStream<T, E> {
            type Item = ::std::result::Result<T, Error<E>>;

            fn poll_next(self: ::std::pin::Pin<&mut Self>, cx: &mut ::std::task::Context<'_>) -> ::std::task::Poll<::std::option::Option<Self::Item>> {
                self.get_mut().items.as_mut().poll_next(cx)
            }
        }

        impl<T, E> ::std::fmt::Debug for JsonStream<T, E> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("JsonStream")
                    .field("status", &self.context.status)
                    .field("request_id", &self.context.request_id)
                    .finish_non_exhaustive()
            }
        }

        /// The records of a body as they arrive: the bytes between separators, trimmed, blank
        /// ones skipped; the last needs no separator after it. It ends after an error.
        fn records(response: ::reqwest::Response, separator: u8) -> impl ::futures_util::Stream<Item = ::std::result::Result<::std::vec::Vec<u8>, ::reqwest::Error>> + ::std::marker::Send {
            struct Records {
                response: ::std::option::Option<::reqwest::Response>,
                buffer: ::std::vec::Vec<u8>,
                /// How much of `buffer` holds no separator.
                scanned: usize,
            }
            let start = Records { response: ::std::option::Option::Some(response), buffer: ::std::vec::Vec::new(), scanned: 0 };
            ::futures_util::stream::unfold(start, move |mut state| async move {
                loop {
                    let unscanned = state.buffer.get(state.scanned..).unwrap_or_default();
                    if let ::std::option::Option::Some(at) = unscanned.iter().position(|b| *b == separator) {
                        let mut record: ::std::vec::Vec<u8> = state.buffer.drain(..=state.scanned + at).collect();
                        state.scanned = 0;
                        record.pop();
                        let record = record.trim_ascii();
                        if !record.is_empty() {
                            return ::std::option::Option::Some((::std::result::Result::Ok(record.to_vec()), state));
                        }
                        continue;
                    }
                    state.scanned = state.buffer.len();
                    let ::std::option::Option::Some(response) = state.response.as_mut() else {
                        let rest = ::std::mem::take(&mut state.buffer);
                        state.scanned = 0;
                        let rest = rest.trim_ascii();
                        return (!rest.is_empty()).then(|| (::std::result::Result::Ok(rest.to_vec()), state));
                    };
                    match response.chunk().await {
                        ::std::result::Result::Ok(::std::option::Option::Some(chunk)) => state.buffer.extend_from_slice(&chunk),
                        ::std::result::Result::Ok(::std::option::Option::None) => state.response = ::std::option::Option::None,
                        ::std::result::Result::Err(e) => {
                            state.response = ::std::option::Option::None;
                            state.buffer.clear();
                            state.scanned = 0;
                            return ::std::option::Option::Some((::std::result::Result::Err(e), state));
                        }
                    }
                }
            })
        }
    }
}

/// `send_stream`: the request sent, and on a success status the unread response handed to
/// the stream's constructor; any other status is read whole as the API's error.
fn emit_send_stream() -> TokenStream {
    quote! {
        impl Client {
            async fn send_stream<S, E>(
                &self,
                request: ::reqwest::RequestBuilder,
                success: &[u16],
                open: impl ::std::ops::FnOnce(::reqwest::Response) -> S,
            ) -> ::std::result::Result<S, Error<E>>
            where
                E: ::serde::de::DeserializeOwned + 'static,
            {
                let response = self.send_head(request, false).await.map_err(Error::Transport)?;
                if !success.contains(&response.status().as_u16()) {
                    return ::std::result::Result::Err(Error::Api(Reply::read(response).await.map_err(Error::Transport)?.into_api_error()));
                }
                ::std::result::Result::Ok(open(response))
            }
        }
    }
}

fn emit_stream_context() -> TokenStream {
    quote! {
        /// What a stream's decode errors report: the response's status and request id.
        #[derive(::std::clone::Clone)]
        struct StreamContext {
            status: u16,
            request_id: ::std::option::Option<::std::string::String>,
        }

        impl StreamContext {
            fn of(response: &::reqwest::Response) -> Self {
                StreamContext { status: response.status().as_u16(), request_id: response_request_id(response) }
            }

            fn decode_error<E>(&self, path: ::std::string::String, message: ::std::string::String, body: ::std::string::String) -> Error<E> {
                Error::Decode(DecodeError { status: self.status, request_id: ::std::clone::Clone::clone(&self.request_id), path, message, body })
            }

            /// One streamed JSON value (an event's data, a line); a mismatch names its JSON
            /// path. The path is tracked only when decoding fails.
            fn record<T: ::serde::de::DeserializeOwned, E>(&self, record: &[u8]) -> ::std::result::Result<T, Error<E>> {
                if let ::std::result::Result::Ok(value) = ::serde_json::from_slice(record) {
                    return ::std::result::Result::Ok(value);
                }
                let mut deserializer = ::serde_json::Deserializer::from_slice(record);
                ::serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
                    self.decode_error(e.path().to_string(), e.inner().to_string(), ::std::string::String::from_utf8_lossy(record).into_owned())
                })
            }
        }
    }
}

/// `decode_error_body`: the error body of an error response that is a stream.
fn emit_error_body(needs: ClientNeeds) -> TokenStream {
    let events = needs.error_events.then(|| quote! {
        // The body is all there, so collecting its events never waits.
        let chunk = ::std::result::Result::<_, ::std::convert::Infallible>::Ok(::bytes::Bytes::copy_from_slice(body));
        let events = ::sse_stream::SseByteStream::new(::futures_util::stream::iter([chunk]));
        let events: ::std::vec::Vec<_> = ::futures_util::FutureExt::now_or_never(::futures_util::StreamExt::collect(events)).unwrap_or_default();
        let data = events.into_iter().filter_map(::std::result::Result::ok).filter_map(|event| event.data);
        if let ::std::option::Option::Some(error) = data.into_iter().find_map(|data| ::serde_json::from_str(&data).ok()) {
            return ::std::option::Option::Some(error);
        }
    });
    let values = needs.error_json_streams.then(|| quote! {
        let records = body.split(|b| *b == b'\n' || *b == 0x1E).map(<[u8]>::trim_ascii);
        if let ::std::option::Option::Some(error) = records.filter(|r| !r.is_empty()).find_map(|r| ::serde_json::from_slice(r).ok()) {
            return ::std::option::Option::Some(error);
        }
    });
    quote! {
        /// The error body: the whole body as JSON, or, for an error sent as a stream, the first
        /// event data or value that is one.
        fn decode_error_body<E: ::serde::de::DeserializeOwned>(body: &[u8]) -> ::std::option::Option<E> {
            if let ::std::result::Result::Ok(error) = ::serde_json::from_slice(body) {
                return ::std::option::Option::Some(error);
            }
            #events
            #values
            ::std::option::Option::None
        }
    }
}
