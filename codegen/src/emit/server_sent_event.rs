//! `types::ServerSentEvent<T>`: one event of a `text/event-stream` response, which the client
//! yields and the server writes. It lives in `types` so that both sides (and code passing
//! events from one to the other) share it.

use proc_macro2::TokenStream;
use quote::quote;

use super::responses::served;
use crate::model::{Api, ResponseBody};

/// Whether some served operation answers with server-sent events.
pub fn used(api: &Api) -> bool {
    served(api.all_operations())
        .flat_map(|op| &op.responses)
        .flat_map(|r| &r.contents)
        .any(|c| matches!(c.body, ResponseBody::EventStream { .. }))
}

/// The type and its builder methods.
pub fn emit() -> TokenStream {
    quote! {
        /// One server-sent event (of a `text/event-stream` response): its data as `T`, with its
        /// event type, id and the reconnection time the server asks for.
        ///
        /// Reconnecting is the caller's: it sends the last id it saw as `Last-Event-ID` and
        /// waits `retry`, as a browser's `EventSource` does.
        #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::cmp::PartialEq)]
        pub struct ServerSentEvent<T> {
            /// The `data` lines, decoded. `None` for an event without any: one that only sets
            /// an id or a reconnection time (a browser dispatches nothing for it).
            pub data: ::std::option::Option<T>,
            /// The `event` type; `None` is the default type, `message`.
            pub event: ::std::option::Option<::std::string::String>,
            /// The `id`, which a reconnecting client sends back as `Last-Event-ID`.
            pub id: ::std::option::Option<::std::string::String>,
            /// The `retry` time: how long to wait before reconnecting.
            pub retry: ::std::option::Option<::std::time::Duration>,
        }

        impl<T> ServerSentEvent<T> {
            /// An event of the default type carrying `data`.
            pub fn new(data: T) -> Self {
                ServerSentEvent {
                    data: ::std::option::Option::Some(data),
                    event: ::std::option::Option::None,
                    id: ::std::option::Option::None,
                    retry: ::std::option::Option::None,
                }
            }

            /// An event without data, to send only an id or a reconnection time.
            pub fn without_data() -> Self {
                ServerSentEvent {
                    data: ::std::option::Option::None,
                    event: ::std::option::Option::None,
                    id: ::std::option::Option::None,
                    retry: ::std::option::Option::None,
                }
            }

            /// The event with the type `event`.
            pub fn with_event(mut self, event: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.event = ::std::option::Option::Some(event.into());
                self
            }

            /// The event with the id `id`.
            pub fn with_id(mut self, id: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.id = ::std::option::Option::Some(id.into());
                self
            }

            /// The event asking the client to wait `retry` before reconnecting.
            pub fn with_retry(mut self, retry: ::std::time::Duration) -> Self {
                self.retry = ::std::option::Option::Some(retry);
                self
            }
        }
    }
}
