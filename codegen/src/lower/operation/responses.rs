//! Responses: each status's bodies, by how the generated code carries them (JSON, a stream of
//! events or of JSON values, text, bytes).

use indexmap::IndexMap;
use openapiv3::{MediaType, Operation as SpecOperation, StatusCode};

use crate::lower::Lowerer;
use crate::media_type::{essence, is_event_stream, is_json, json_framing};
use crate::model::{
    Primitive, Response, ResponseBody, ResponseContent, ResponseStatus, TypeBody, TypeRef,
};
use crate::pointer;

impl<'a> Lowerer<'a> {
    /// The documented responses, in spec order with `default` last.
    pub(super) fn lower_responses(
        &mut self,
        op: &'a SpecOperation,
        at: &str,
        prefix: &str,
    ) -> Vec<Response> {
        let components = self.doc.components.as_ref().map(|c| &c.responses);
        let listed = op.responses.responses.iter().map(|(code, r)| {
            let status = match code {
                StatusCode::Code(c) => ResponseStatus::Code(*c),
                StatusCode::Range(r) => ResponseStatus::Range(*r),
            };
            (status, code.to_string(), r)
        });
        let default = op
            .responses
            .default
            .iter()
            .map(|r| (ResponseStatus::Default, "default".to_owned(), r));
        let mut out = Vec::new();
        for (status, key, r) in listed.chain(default) {
            let r_at = pointer::join(&format!("{at}/responses"), [&key]);
            let Some(response) = self.component(r, components, "responses", &r_at) else {
                continue;
            };
            let suffix = match status {
                ResponseStatus::Code(200) => "Response".to_owned(),
                ResponseStatus::Default => "DefaultResponse".to_owned(),
                _ => format!("Response{key}"),
            };
            let (contents, other_media_types) = self.response_contents(
                &response.content,
                &format!("{r_at}/content"),
                &format!("{prefix}{suffix}"),
            );
            let json = contents.iter().find_map(|c| match &c.body {
                ResponseBody::Json(ty) => Some((ty.clone(), c.media_types[0].clone())),
                _ => None,
            });
            let media_type = match &json {
                Some((_, media_type)) => Some(media_type.clone()),
                None => contents.first().map(|c| c.media_types[0].clone()),
            };
            out.push(Response {
                status,
                description: response.description.clone(),
                contents,
                other_media_types,
                ty: json.map(|(ty, _)| ty),
                media_type,
            });
        }
        out
    }

    /// A response's bodies, and the media types left out.
    ///
    /// Media types with one typed body (JSON of one type, events of one data type) share a
    /// content. When some body is typed, the untyped ones (XML, `text/plain`, …) are
    /// alternatives the generated code cannot type: they are left out rather than turning
    /// every such operation's answer into an enum. Without a typed body, each media type is
    /// its own content, so that the server can say which one it sends.
    fn response_contents(
        &mut self,
        content: &'a IndexMap<String, MediaType>,
        at: &str,
        hint: &str,
    ) -> (Vec<ResponseContent>, Vec<String>) {
        let mut typed: Vec<ResponseContent> = Vec::new();
        let mut untyped: Vec<ResponseContent> = Vec::new();
        for (media_type, media) in content {
            let schema_at = pointer::join(at, [media_type, "schema"]);
            let body = self.content_body(media_type, media, &schema_at, hint);
            if body.ty().is_none() {
                untyped.push(ResponseContent {
                    media_types: vec![media_type.clone()],
                    body,
                });
                continue;
            }
            match typed.iter_mut().find(|c| c.body == body) {
                Some(same) => same.media_types.push(media_type.clone()),
                None => typed.push(ResponseContent {
                    media_types: vec![media_type.clone()],
                    body,
                }),
            }
        }
        if typed.is_empty() {
            return (untyped, Vec::new());
        }
        let left_out = untyped.into_iter().flat_map(|c| c.media_types).collect();
        (typed, left_out)
    }

    /// How one media type's body is carried. `hint` names an inline schema.
    fn content_body(
        &mut self,
        media_type: &str,
        media: &'a MediaType,
        schema_at: &str,
        hint: &str,
    ) -> ResponseBody {
        if is_event_stream(media_type) {
            let data = match &media.schema {
                Some(schema) => {
                    self.lower_schema(schema, schema_at, &format!("{hint}Event"))
                        .ty
                }
                None => TypeRef::Primitive(Primitive::String),
            };
            let text = self.is_text_data(&data);
            return ResponseBody::EventStream { data, text };
        }
        if let Some(framing) = json_framing(media_type) {
            let item = match &media.schema {
                Some(schema) => {
                    self.lower_schema(schema, schema_at, &format!("{hint}Item"))
                        .ty
                }
                None => TypeRef::Primitive(Primitive::Json),
            };
            return ResponseBody::JsonStream { item, framing };
        }
        if is_json(media_type) {
            let ty = match &media.schema {
                Some(schema) => self.lower_schema(schema, schema_at, hint).ty,
                None => TypeRef::Primitive(Primitive::Json),
            };
            return ResponseBody::Json(ty);
        }
        if essence(media_type).starts_with("text/") {
            ResponseBody::Text
        } else {
            ResponseBody::Bytes
        }
    }

    /// Whether event data of type `ty` is written as the text itself: a string schema (with
    /// a format or an enum, too). Anything else is JSON.
    fn is_text_data(&self, ty: &TypeRef) -> bool {
        match self.resolve_alias(ty) {
            Some(TypeRef::Primitive(p)) => matches!(
                p,
                Primitive::String
                    | Primitive::Secret
                    | Primitive::Date
                    | Primitive::DateTime
                    | Primitive::TimeDate
                    | Primitive::TimeDateTime
                    | Primitive::Uuid
                    | Primitive::Bytes
            ),
            Some(TypeRef::Named(name)) => self
                .types
                .iter()
                .any(|t| t.name == name && matches!(t.body, TypeBody::Enum(_))),
            _ => false,
        }
    }
}
