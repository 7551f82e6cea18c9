//! Private items the generated client's methods rely on: sending a request and reading the
//! reply, building the URL, per-call headers, form bodies, and the error types. Each is emitted
//! only when some method uses it. Reading streams is in `client_streams`.

use proc_macro2::TokenStream;
use quote::quote;

use super::client_form::{emit_form_body, emit_multipart_form};
use super::client_param_styles::{StyleNeeds, emit_client_style_helpers};
use super::client_streams::emit_client_streams;

/// Which support items the client's methods use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClientNeeds {
    /// `send_raw`: a response read whole (any success body but a stream).
    pub whole: bool,
    /// `send_json`: one JSON success body.
    pub json: bool,
    /// `send_empty`: success without a body.
    pub empty: bool,
    /// `send_bytes`: one binary success body.
    pub bytes: bool,
    /// `send_text`: one text success body.
    pub text: bool,
    /// `Reply::json`, for several success bodies.
    pub reply_json: bool,
    /// `Reply::text`, for several success bodies.
    pub reply_text: bool,
    /// `RequestUrl`: path or query parameters, or query credentials.
    pub url: bool,
    /// `RequestUrl::pairs`: query pairs (parameters, credentials, form bodies).
    pub query_pairs: bool,
    /// `RequestUrl::list`: a query array that is not exploded.
    pub query_list: bool,
    /// `encode_component` in a path.
    pub encode_path: bool,
    /// `with_headers`: header parameters per call.
    pub headers: bool,
    /// `form_body`: a form request body.
    pub form: bool,
    /// `IntoMultipart` and `MultipartForm`: a multipart request body.
    pub multipart: bool,
    /// `MultipartForm::file`: a multipart body with a file part.
    pub multipart_files: bool,
    /// `QueryCredentials`: API keys sent in the query string.
    pub query_credentials: bool,
    /// `send_head` and `Reply::read`: the status (and `Content-Type`) is looked at before the
    /// body is read.
    pub head: bool,
    /// `content_essence`: a status has several bodies, told apart by `Content-Type`.
    pub media_dispatch: bool,
    /// `send_stream` and `EventStream`: one event stream success body.
    pub send_events: bool,
    /// `send_stream` and `JsonStream`: one JSON stream success body.
    pub send_json_stream: bool,
    /// `EventStream`, among several success bodies.
    pub events: bool,
    /// `JsonStream`, among several success bodies.
    pub json_streams: bool,
    /// An error response is sent as events: its error body is the first event's data.
    pub error_events: bool,
    /// An error response is sent as a JSON stream: its error body is the first value.
    pub error_json_streams: bool,
    /// The helpers of parameter styles that write arrays and objects, cookies and JSON text.
    pub styles: StyleNeeds,
}

impl ClientNeeds {
    /// Whether the client reads some body as it arrives rather than whole.
    pub fn streams(&self) -> bool {
        self.send_events || self.send_json_stream || self.events || self.json_streams
    }
}

/// The support items `needs` asks for, and those every client has.
pub fn emit_client_support(needs: ClientNeeds) -> TokenStream {
    let sends = emit_sends(needs);
    let reply = emit_reply(needs);
    let url = needs.url.then(|| emit_request_url(needs));
    let encode = (needs.url || needs.encode_path).then(emit_encode_component);
    let headers = needs.headers.then(emit_with_headers);
    let form = needs.form.then(emit_form_body);
    let styles = emit_client_style_helpers(needs.styles);
    let multipart = needs
        .multipart
        .then(|| emit_multipart_form(needs.multipart_files));
    let errors = emit_errors();
    let head = (needs.head || needs.streams()).then(emit_head);
    let media_dispatch = needs.media_dispatch.then(emit_content_essence);
    let streams = emit_client_streams(needs);
    let send_raw = needs.whole.then(|| {
        quote! {
        impl Client {
            async fn send_raw(&self, request: ::reqwest::RequestBuilder) -> ::std::result::Result<Reply, ::reqwest::Error> {
                let request = match self.timeout {
                    ::std::option::Option::Some(t) => request.timeout(t),
                    ::std::option::Option::None => request,
                };
                let response = request.send().await?;
                let status = response.status().as_u16();
                let header_id = response
                    .headers()
                    .get("x-request-id")
                    .and_then(|v| v.to_str().ok())
                    .map(::std::borrow::ToOwned::to_owned);
                let body = response.bytes().await?;
                ::std::result::Result::Ok(Reply { status, header_id, body })
            }

        }
        }
    });
    quote! {
        #sends
        #head
        #media_dispatch
        #streams

        fn trim_base_url(mut url: ::std::string::String) -> ::std::string::String {
            while url.ends_with('/') {
                url.pop();
            }
            url
        }

        #send_raw

        #reply
        #url
        #encode
        #headers
        #form
        #styles
        #multipart
        #errors
    }
}

/// `send_json`, `send_empty`, `send_bytes`, `send_text`: one kind of success body, any of
/// `success` statuses.
fn emit_sends(needs: ClientNeeds) -> TokenStream {
    let send_json = needs.json.then(|| quote! {
        impl Client {
            async fn send_json<T, E>(&self, request: ::reqwest::RequestBuilder, success: &[u16]) -> ::std::result::Result<T, Error<E>>
            where
                T: ::serde::de::DeserializeOwned,
                E: ::serde::de::DeserializeOwned,
            {
                let reply = self.send_raw(request).await.map_err(Error::Transport)?;
                if !success.contains(&reply.status) {
                    return ::std::result::Result::Err(Error::Api(reply.into_api_error()));
                }
                reply.json()
            }
        }
    });
    let send_empty = needs.empty.then(|| quote! {
        impl Client {
            async fn send_empty<E>(&self, request: ::reqwest::RequestBuilder, success: &[u16]) -> ::std::result::Result<(), Error<E>>
            where
                E: ::serde::de::DeserializeOwned,
            {
                let reply = self.send_raw(request).await.map_err(Error::Transport)?;
                if success.contains(&reply.status) {
                    ::std::result::Result::Ok(())
                } else {
                    ::std::result::Result::Err(Error::Api(reply.into_api_error()))
                }
            }
        }
    });
    let send_bytes = needs.bytes.then(|| quote! {
        impl Client {
            async fn send_bytes<E>(&self, request: ::reqwest::RequestBuilder, success: &[u16]) -> ::std::result::Result<::bytes::Bytes, Error<E>>
            where
                E: ::serde::de::DeserializeOwned,
            {
                let reply = self.send_raw(request).await.map_err(Error::Transport)?;
                if success.contains(&reply.status) {
                    ::std::result::Result::Ok(reply.body)
                } else {
                    ::std::result::Result::Err(Error::Api(reply.into_api_error()))
                }
            }
        }
    });
    let send_text = needs.text.then(|| quote! {
        impl Client {
            async fn send_text<E>(&self, request: ::reqwest::RequestBuilder, success: &[u16]) -> ::std::result::Result<::std::string::String, Error<E>>
            where
                E: ::serde::de::DeserializeOwned,
            {
                let reply = self.send_raw(request).await.map_err(Error::Transport)?;
                if !success.contains(&reply.status) {
                    return ::std::result::Result::Err(Error::Api(reply.into_api_error()));
                }
                reply.text()
            }
        }
    });
    quote! { #send_json #send_empty #send_bytes #send_text }
}

fn emit_reply(needs: ClientNeeds) -> TokenStream {
    let error_body = if needs.error_events || needs.error_json_streams {
        quote! { decode_error_body(&self.body) }
    } else {
        quote! { ::serde_json::from_slice(&self.body).ok() }
    };
    let json = (needs.json || needs.reply_json).then(|| quote! {
        /// The body decoded as JSON of type `T`; a mismatch names its JSON path. The path is
        /// tracked only when decoding fails (decoding again), so a good body is read once.
        fn json<T: ::serde::de::DeserializeOwned, E>(&self) -> ::std::result::Result<T, Error<E>> {
            if let ::std::result::Result::Ok(value) = ::serde_json::from_slice(&self.body) {
                return ::std::result::Result::Ok(value);
            }
            let mut deserializer = ::serde_json::Deserializer::from_slice(&self.body);
            ::serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
                Error::Decode(DecodeError {
                    status: self.status,
                    request_id: self.request_id(),
                    path: e.path().to_string(),
                    message: e.inner().to_string(),
                    body: ::std::string::String::from_utf8_lossy(&self.body).into_owned(),
                })
            })
        }
    });
    let text = (needs.text || needs.reply_text).then(|| {
        quote! {
            /// The body as text; a body that is not UTF-8 is a decode error.
            fn text<E>(&self) -> ::std::result::Result<::std::string::String, Error<E>> {
                ::std::string::String::from_utf8(self.body.to_vec()).map_err(|e| {
                    Error::Decode(DecodeError {
                        status: self.status,
                        request_id: self.request_id(),
                        path: ::std::string::String::new(),
                        message: ::std::format!("the body is not UTF-8 text: {e}"),
                        body: ::std::string::String::from_utf8_lossy(&self.body).into_owned(),
                    })
                })
            }
        }
    });
    quote! {
        struct Reply {
            status: u16,
            /// The response header `x-request-id`.
            header_id: ::std::option::Option<::std::string::String>,
            body: ::bytes::Bytes,
        }

        impl Reply {
            /// The request id: the header's, or the body's `request_id`. Only errors carry it,
            /// so the body is searched for it only when an error is built.
            fn request_id(&self) -> ::std::option::Option<::std::string::String> {
                self.header_id.clone().or_else(|| body_request_id(&self.body))
            }

            fn into_api_error<E: ::serde::de::DeserializeOwned>(self) -> ApiError<E> {
                ApiError {
                    status: self.status,
                    request_id: self.request_id(),
                    error: #error_body,
                    body: ::std::string::String::from_utf8_lossy(&self.body).into_owned(),
                }
            }

            #json
            #text
        }

        /// The `request_id` of a JSON object body, for APIs that put it there.
        fn body_request_id(body: &[u8]) -> ::std::option::Option<::std::string::String> {
            #[derive(::serde::Deserialize)]
            struct WithRequestId {
                request_id: ::std::option::Option<::std::string::String>,
            }
            ::serde_json::from_slice::<WithRequestId>(body).ok().and_then(|b| b.request_id)
        }
    }
}

/// Sending a request without reading the body, for answers told apart (or streamed) before
/// it is read.
fn emit_head() -> TokenStream {
    quote! {
        impl Client {
            /// Sends the request and returns the response with its body unread. With `timed`
            /// the client's timeout applies (to the whole exchange, body included); without,
            /// none does, since a stream may last as long as the server sends.
            async fn send_head(&self, request: ::reqwest::RequestBuilder, timed: bool) -> ::std::result::Result<::reqwest::Response, ::reqwest::Error> {
                let request = match self.timeout {
                    ::std::option::Option::Some(t) if timed => request.timeout(t),
                    _ => request,
                };
                request.send().await
            }
        }

        impl Reply {
            /// Reads the whole body of `response`.
            async fn read(response: ::reqwest::Response) -> ::std::result::Result<Reply, ::reqwest::Error> {
                let status = response.status().as_u16();
                let header_id = response_request_id(&response);
                let body = response.bytes().await?;
                ::std::result::Result::Ok(Reply { status, header_id, body })
            }
        }

        /// The response header `x-request-id`.
        fn response_request_id(response: &::reqwest::Response) -> ::std::option::Option<::std::string::String> {
            response
                .headers()
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .map(::std::borrow::ToOwned::to_owned)
        }
    }
}

fn emit_content_essence() -> TokenStream {
    quote! {
        /// The response's media type without parameters, in lower case (`""` without a
        /// `Content-Type`).
        fn content_essence(response: &::reqwest::Response) -> ::std::string::String {
            response
                .headers()
                .get(::reqwest::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(';').next())
                .map(|v| v.trim().to_ascii_lowercase())
                .unwrap_or_default()
        }
    }
}

fn emit_request_url(needs: ClientNeeds) -> TokenStream {
    let list = needs.query_list.then(|| quote! {
        /// Adds `name=a,b,c` for an array that is not exploded (nothing for `None`): each item
        /// percent-encoded, so a comma inside one stays distinct from the commas between them.
        fn list(mut self, name: &str, items: ::std::option::Option<impl ::std::iter::IntoIterator<Item = ::std::string::String>>) -> Self {
            if let ::std::option::Option::Some(items) = items {
                let value: ::std::vec::Vec<::std::string::String> = items.into_iter().map(|item| encode_component(&item)).collect();
                self.url.push(if self.has_query { '&' } else { '?' });
                self.has_query = true;
                self.url.push_str(&encode_component(name));
                self.url.push('=');
                self.url.push_str(&value.join(","));
            }
            self
        }
    });
    let credentials = needs.query_credentials.then(|| quote! {
        /// Adds the API keys that go in the query string.
        fn credentials(self, credentials: &QueryCredentials) -> Self {
            credentials.0.iter().fold(self, |url, (name, value)| url.pairs(name, [::std::clone::Clone::clone(value)]))
        }
    });
    let pairs = needs.query_pairs.then(|| quote! {
            /// Adds `name=value` for each value (none, one, or several for an exploded array).
            fn pairs(mut self, name: &str, values: impl ::std::iter::IntoIterator<Item = ::std::string::String>) -> Self {
                for value in values {
                    self.url.push(if self.has_query { '&' } else { '?' });
                    self.has_query = true;
                    self.url.push_str(&encode_component(name));
                    self.url.push('=');
                    self.url.push_str(&encode_component(&value));
                }
                self
            }
    });
    quote! {
        /// A request URL: the base URL, the path with its parameters, then the query string.
        struct RequestUrl {
            url: ::std::string::String,
            has_query: bool,
        }

        impl RequestUrl {
            fn new(base_url: &str, path: &str) -> Self {
                RequestUrl { url: ::std::format!("{base_url}{path}"), has_query: false }
            }

            #pairs

            #credentials
            #list

            fn finish(self) -> ::std::string::String {
                self.url
            }
        }
    }
}

fn emit_encode_component() -> TokenStream {
    quote! {
        /// Percent-encodes everything but RFC 3986's unreserved characters, so the text is one
        /// path segment or one query name or value, whatever it holds.
        fn encode_component(text: &str) -> ::std::string::String {
            let mut out = ::std::string::String::with_capacity(text.len());
            for byte in text.bytes() {
                if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
                    out.push(char::from(byte));
                } else {
                    out.push_str(&::std::format!("%{byte:02X}"));
                }
            }
            out
        }
    }
}

fn emit_with_headers() -> TokenStream {
    quote! {
        /// The request with the client's headers, where a header given for this call (a
        /// `Some`) replaces the client's value. A value that is not a valid header value makes
        /// the call fail with [`Error::Transport`].
        fn with_headers(
            request: ::reqwest::RequestBuilder,
            mut headers: ::reqwest::header::HeaderMap,
            call: impl ::std::iter::IntoIterator<Item = (&'static str, ::std::option::Option<::std::string::String>, bool)>,
        ) -> ::reqwest::RequestBuilder {
            let call: ::std::vec::Vec<(&'static str, ::std::string::String, bool)> = call
                .into_iter()
                .filter_map(|(name, value, sensitive)| value.map(|value| (name, value, sensitive)))
                .collect();
            for (name, _, _) in &call {
                headers.remove(*name);
            }
            let mut request = request.headers(headers);
            for (name, value, sensitive) in call {
                request = match ::reqwest::header::HeaderValue::from_str(&value) {
                    ::std::result::Result::Ok(mut header_value) => {
                        header_value.set_sensitive(sensitive);
                        request.header(name, header_value)
                    }
                    ::std::result::Result::Err(_) => request.header(name, value),
                };
            }
            request
        }
    }
}

fn emit_errors() -> TokenStream {
    quote! {
        /// Why a call failed. `E` is the operation's error body (its `default` response).
        #[derive(::std::fmt::Debug)]
        #[non_exhaustive]
        pub enum Error<E> {
            /// The request was not sent or the response not read: connection, timeout, TLS, or
            /// a header value given for the call that is not a valid header value.
            Transport(::reqwest::Error),
            /// The server answered with a status that is not a documented success.
            Api(ApiError<E>),
            /// A success response whose body does not match its schema.
            Decode(DecodeError),
        }

        impl<E> Error<E> {
            /// The HTTP status, when the server answered.
            pub fn status(&self) -> ::std::option::Option<u16> {
                match self {
                    Error::Transport(e) => e.status().map(|s| s.as_u16()),
                    Error::Api(e) => ::std::option::Option::Some(e.status),
                    Error::Decode(e) => ::std::option::Option::Some(e.status),
                }
            }

            /// The request id the server gave (response header `x-request-id`, or `request_id`
            /// in the body).
            pub fn request_id(&self) -> ::std::option::Option<&str> {
                match self {
                    Error::Transport(_) => ::std::option::Option::None,
                    Error::Api(e) => e.request_id.as_deref(),
                    Error::Decode(e) => e.request_id.as_deref(),
                }
            }

            /// The decoded error body, when the server sent one in the documented shape.
            pub fn error_body(&self) -> ::std::option::Option<&E> {
                match self {
                    Error::Api(e) => e.error.as_ref(),
                    _ => ::std::option::Option::None,
                }
            }
        }

        impl<E: ::std::fmt::Debug> ::std::fmt::Display for Error<E> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    Error::Transport(e) => ::std::write!(f, "request failed: {e}"),
                    Error::Api(e) => ::std::write!(f, "HTTP {}: {}", e.status, e.body),
                    Error::Decode(e) => ::std::write!(f, "HTTP {}: response does not match its schema at {}: {}", e.status, e.path, e.message),
                }
            }
        }

        impl<E: ::std::fmt::Debug> ::std::error::Error for Error<E> {}

        /// An answer with a status the operation does not document as success.
        #[derive(::std::fmt::Debug, ::std::clone::Clone)]
        pub struct ApiError<E> {
            /// The HTTP status.
            pub status: u16,
            /// The request id the server gave, if any.
            pub request_id: ::std::option::Option<::std::string::String>,
            /// The body as received (lossily decoded as UTF-8).
            pub body: ::std::string::String,
            /// The body decoded as the operation's error schema, when it is one.
            pub error: ::std::option::Option<E>,
        }

        /// A success response whose body does not match the schema.
        #[derive(::std::fmt::Debug, ::std::clone::Clone)]
        pub struct DecodeError {
            /// The HTTP status.
            pub status: u16,
            /// The request id the server gave, if any.
            pub request_id: ::std::option::Option<::std::string::String>,
            /// Where in the body decoding failed, e.g. `accounts[0].balances.available`; empty
            /// for a text body that is not UTF-8.
            pub path: ::std::string::String,
            /// What was wrong there.
            pub message: ::std::string::String,
            /// The body as received.
            pub body: ::std::string::String,
        }
    }
}
