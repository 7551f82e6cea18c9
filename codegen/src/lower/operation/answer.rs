//! What the stub server answers for an operation: the documented response it sends (a success
//! where there is one) and a value for that response's body.

use openapiv3::{
    Example, MediaType, OpenAPI, Operation as SpecOperation, ReferenceOr, Response as SpecResponse,
    Schema, StatusCode,
};

use super::error_sample::error_body_sample;
use crate::lower::Lowerer;
use crate::model::{Answer, Response, ResponseBody, ResponseStatus};

impl<'a> Lowerer<'a> {
    /// The stub's answer of `op`, whose responses lowered to `responses`; `None` without any.
    pub(super) fn lower_answer(
        &mut self,
        op: &'a SpecOperation,
        at: &str,
        responses: &[Response],
    ) -> Option<Answer> {
        let index = answered_response(responses)?;
        let response = &responses[index];
        let key = match response.status {
            ResponseStatus::Code(code) => code.to_string(),
            ResponseStatus::Range(class) => format!("{class}XX"),
            ResponseStatus::Default => "default".to_owned(),
        };
        let response_at = crate::pointer::join(&format!("{at}/responses"), [&key]);
        let Some(content) = response.contents.first() else {
            return Some(Answer {
                response: index,
                content: None,
                pointer: response_at,
                sample: None,
                conforms: true,
            });
        };
        let media = spec_response(self.doc, op, response.status)
            .and_then(|r| r.content.get(&content.media_types[0]));
        let (sample, conforms) = match (&content.body, media) {
            (ResponseBody::Bytes, Some(media)) => (
                media_examples(self.doc, media)
                    .into_iter()
                    .find(serde_json::Value::is_string),
                true,
            ),
            (ResponseBody::Bytes, None) => (None, true),
            (_, Some(media)) => self.body_sample(media, &content_at(&response_at, content)),
            (ResponseBody::Text, None) => (Some(serde_json::Value::String(String::new())), true),
            (_, None) => (None, true),
        };
        Some(Answer {
            response: index,
            content: Some(0),
            pointer: content_at(&response_at, content),
            sample,
            conforms,
        })
    }

    /// A value of `media`'s schema: its first example that conforms to the schema, or else one
    /// built from the schema (checked to conform); without a schema, its first example.
    ///
    /// A schema no value conforms to (alternatives that cannot be told apart, say) gets the
    /// first example or a minimal value of its required properties, with a warning at `at`;
    /// the flag says whether the value conforms.
    fn body_sample(&mut self, media: &'a MediaType, at: &str) -> (Option<serde_json::Value>, bool) {
        let examples = media_examples(self.doc, media);
        let Some(schema) = &media.schema else {
            return (examples.into_iter().next(), true);
        };
        let Ok(schema) = serde_json::to_value(schema) else {
            return (None, true);
        };
        if let Some(sample) = self.sampler().answer(&schema, &examples) {
            return (Some(sample), true);
        }
        let inlined = self.inlined(&schema, 0);
        let fallback = error_body_sample(&inlined, &examples);
        // A spec with errors (a reference that leads nowhere, say) generates nothing: the
        // errors say what to fix.
        if self.has_errors() {
            return (fallback, false);
        }
        self.warn(
            &format!("{at}/schema"),
            "no value conforms to this schema (as a JSON Schema validator reads it), so the stub server answers with a value that does not",
            "make the schema's alternatives distinguishable, or give an example that conforms",
        );
        (fallback, false)
    }
}

/// Where a response's body content is, as a JSON pointer.
fn content_at(response_at: &str, content: &crate::model::ResponseContent) -> String {
    crate::pointer::join(response_at, ["content", &content.media_types[0]])
}

/// The response the stub answers with: the first documented `2xx` (a code, then a range), else
/// `default`, else the first `3xx`, else the first documented one.
fn answered_response(responses: &[Response]) -> Option<usize> {
    let find =
        |wanted: &dyn Fn(ResponseStatus) -> bool| responses.iter().position(|r| wanted(r.status));
    find(&|s| matches!(s, ResponseStatus::Code(200..=299)))
        .or_else(|| find(&|s| s == ResponseStatus::Range(2)))
        .or_else(|| find(&|s| s == ResponseStatus::Default))
        .or_else(|| find(&|s| matches!(s, ResponseStatus::Code(300..=399))))
        .or_else(|| (!responses.is_empty()).then_some(0))
}

/// The spec's response of `op` for `status`, its `$ref` followed (quietly: lowering the
/// responses already reported a reference that leads nowhere).
fn spec_response<'a>(
    doc: &'a OpenAPI,
    op: &'a SpecOperation,
    status: ResponseStatus,
) -> Option<&'a SpecResponse> {
    let item = match status {
        ResponseStatus::Default => op.responses.default.as_ref(),
        ResponseStatus::Code(code) => op.responses.responses.get(&StatusCode::Code(code)),
        ResponseStatus::Range(range) => op.responses.responses.get(&StatusCode::Range(range)),
    }?;
    let responses = doc.components.as_ref().map(|c| &c.responses);
    follow(
        item,
        |name| responses.and_then(|r| r.get(name)),
        "responses",
    )
}

/// The examples of a body, in the order OpenAPI ranks them: the media type's `example`, its
/// `examples` (in spec order), then the schema's `example`.
pub(super) fn media_examples(doc: &OpenAPI, media: &MediaType) -> Vec<serde_json::Value> {
    let components = doc.components.as_ref();
    let mut out: Vec<serde_json::Value> = media.example.iter().cloned().collect();
    for example in media.examples.values() {
        let example: Option<&Example> = follow(
            example,
            |name| components.and_then(|c| c.examples.get(name)),
            "examples",
        );
        if let Some(value) = example.and_then(|e| e.value.clone()) {
            out.push(value);
        }
    }
    let schema: Option<&Schema> = media.schema.as_ref().and_then(|s| {
        follow(
            s,
            |name| components.and_then(|c| c.schemas.get(name)),
            "schemas",
        )
    });
    if let Some(example) = schema.and_then(|s| s.schema_data.example.clone()) {
        out.push(example);
    }
    out
}

/// `item`, or the component its `$ref` (`#/components/{kind}/{name}`) leads to, a few hops at
/// most.
fn follow<'a, T>(
    item: &'a ReferenceOr<T>,
    lookup: impl Fn(&str) -> Option<&'a ReferenceOr<T>>,
    kind: &str,
) -> Option<&'a T> {
    let prefix = format!("#/components/{kind}/");
    let mut current = item;
    for _ in 0..16 {
        match current {
            ReferenceOr::Item(t) => return Some(t),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix(&prefix)?;
                current = lookup(&crate::pointer::unescape(name))?;
            }
        }
    }
    None
}
