//! OpenAPI 3.2's `itemSchema` of a streamed media type, onto the streaming model lowering
//! reads from `schema` (see `ResponseBody::JsonStream` and `ResponseBody::EventStream`):
//!
//! - a JSON stream (`application/jsonl`, `application/x-ndjson`, `application/json-seq`, ...):
//!   `itemSchema` is the schema of each value, which lowering reads from `schema`;
//! - `text/event-stream`: `itemSchema` describes each event as an object of its fields (`data`,
//!   `event`, `id`, `retry`); the type lowering wants is that of `data`, which is the
//!   `contentSchema` of `data` when it holds JSON (`contentMediaType: application/json`), else
//!   its own schema. An event schema of another shape (a `oneOf` of events) is read as text data,
//!   with a warning.
//!
//! Elsewhere (a media type that is not a stream) `itemSchema` has no place in the generated
//! code: it is dropped with a warning.

use serde_yaml::{Mapping, Value};

use crate::diagnostic::Diagnostic;
use crate::load::SourceMap;
use crate::load::normalize::structure::{Kind, visit_objects};
use crate::media_type::{is_event_stream, json_framing};
use crate::pointer;

/// Moves each media type's `itemSchema` to where lowering reads the item type.
pub(super) fn read_item_schemas(doc: &mut Value, map: &mut SourceMap, found: &mut Vec<Diagnostic>) {
    let mut media_types: Vec<(Vec<String>, String)> = Vec::new();
    visit_objects(doc, &mut |at, kind, object| {
        if kind == Kind::MediaType && object.contains_key("itemSchema") {
            let name = at.last().map(|t| t.to_string()).unwrap_or_default();
            media_types.push((at.iter().map(|t| t.to_string()).collect(), name));
        }
    });
    for (tokens, name) in media_types {
        let at = pointer::join("", &tokens);
        let Some(Value::Mapping(media)) = crate::load::tree::node_at_mut(doc, &tokens) else {
            continue;
        };
        read_item_schema(media, &name, &at, map, found);
    }
}

fn read_item_schema(
    media: &mut Mapping,
    media_type: &str,
    at: &str,
    map: &mut SourceMap,
    found: &mut Vec<Diagnostic>,
) {
    let Some(item) = media.remove("itemSchema") else {
        return;
    };
    let item_at = pointer::join(at, ["itemSchema"]);
    if json_framing(media_type).is_some() {
        media.insert("schema".into(), item);
        map.record(&item_at, &pointer::join(at, ["schema"]));
        return;
    }
    if !is_event_stream(media_type) {
        found.push(
            Diagnostic::warning(&item_at, format!("`itemSchema` of `{media_type}` is ignored: the generator streams JSON sequences and server-sent events only"))
                .with_hint("describe the body with `schema`"),
        );
        return;
    }
    match event_data(&item) {
        Some((data, data_at)) => {
            media.insert("schema".into(), data);
            let from = pointer::join(&item_at, data_at.iter().copied());
            map.record(&from, &pointer::join(at, ["schema"]));
        }
        None => found.push(
            Diagnostic::warning(&item_at, "the events of this stream are not an object with a `data` property; their data is read as text")
                .with_hint("describe each event as `{type: object, properties: {data: ...}}`"),
        ),
    }
}

/// The schema of an event's `data`, and its place below the event schema.
fn event_data(event: &Value) -> Option<(Value, Vec<&'static str>)> {
    let data = event.get("properties")?.get("data")?;
    if let Some(content) = data.get("contentSchema") {
        return Some((content.clone(), vec!["properties", "data", "contentSchema"]));
    }
    Some((data.clone(), vec!["properties", "data"]))
}
