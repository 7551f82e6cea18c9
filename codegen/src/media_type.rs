//! Media types as the generator classifies them: JSON, form-encoded, streams, text, or bytes.

use crate::model::JsonFraming;

/// The media type without parameters, lower case: `Application/JSON; charset=utf-8` gives
/// `application/json`.
pub fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// `application/json` or any `…+json` type: a body the generated code reads with serde_json.
pub fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json" || essence.ends_with("+json")
}

/// `application/x-www-form-urlencoded`.
pub fn is_form(media_type: &str) -> bool {
    essence(media_type) == "application/x-www-form-urlencoded"
}

/// `text/event-stream`: server-sent events.
pub fn is_event_stream(media_type: &str) -> bool {
    essence(media_type) == "text/event-stream"
}

/// How a stream of JSON values is framed, when `media_type` is one: NDJSON and JSON Lines
/// (by each of the names in use) a value per line, `application/json-seq` (RFC 7464) a value
/// after each RS character.
pub fn json_framing(media_type: &str) -> Option<JsonFraming> {
    match essence(media_type).as_str() {
        "application/x-ndjson"
        | "application/ndjson"
        | "application/jsonl"
        | "application/x-jsonl"
        | "application/jsonlines"
        | "application/x-jsonlines" => Some(JsonFraming::Lines),
        "application/json-seq" => Some(JsonFraming::Sequence),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_with_parameters_and_case() {
        assert_eq!(
            essence(" Application/JSON ; charset=utf-8"),
            "application/json"
        );
        assert!(is_json("application/problem+json"));
        assert!(!is_json("text/json-ish"));
        assert!(is_form("application/x-www-form-urlencoded; charset=utf-8"));
        assert!(is_event_stream("Text/Event-Stream; charset=utf-8"));
        assert_eq!(json_framing("application/jsonl"), Some(JsonFraming::Lines));
        assert_eq!(
            json_framing("application/json-seq"),
            Some(JsonFraming::Sequence)
        );
        assert_eq!(json_framing("application/json"), None);
    }
}
