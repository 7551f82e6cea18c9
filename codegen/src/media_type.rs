//! Media types as the generator classifies them: JSON, form-encoded, multipart, streams, text,
//! or bytes.

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

/// `application/json`, any `…+json` type (`application/merge-patch+json`, the range
/// `application/*+json`) and `text/json`: a body the generated code reads with serde_json.
pub fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json" || essence == "text/json" || essence.ends_with("+json")
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

/// `multipart/form-data` (and the other `multipart/*` types, which carry named parts the same
/// way).
pub fn is_multipart(media_type: &str) -> bool {
    essence(media_type).starts_with("multipart/")
}

/// A body the generated code carries as a `String`: `text/*` (but `text/json`), XML and YAML
/// documents, GraphQL and SQL text, and any type whose parameters name a `charset`. Other
/// non-JSON types are carried as bytes.
pub fn is_text(media_type: &str) -> bool {
    let essence = essence(media_type);
    if is_json(&essence) {
        return false;
    }
    let has_charset = media_type
        .split(';')
        .skip(1)
        .any(|p| p.trim().to_ascii_lowercase().starts_with("charset="));
    (essence.starts_with("text/") && essence != "text/*")
        || has_charset
        || matches!(
            essence.as_str(),
            "application/xml"
                | "application/yaml"
                | "application/x-yaml"
                | "application/graphql"
                | "application/sql"
                | "application/x-ndjson"
        )
        || essence.ends_with("+xml")
        || essence.ends_with("+yaml")
}

/// Whether the media type is a range (`*/*`, `image/*`, `application/*+json`): a request
/// names the concrete type itself.
pub fn is_range(media_type: &str) -> bool {
    essence(media_type).contains('*')
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
        assert!(is_json("application/*+json"));
        assert!(is_json("text/json"));
        assert!(!is_json("text/json-ish"));
        assert!(is_form("application/x-www-form-urlencoded; charset=utf-8"));
        assert!(is_event_stream("Text/Event-Stream; charset=utf-8"));
        assert_eq!(json_framing("application/jsonl"), Some(JsonFraming::Lines));
        assert_eq!(
            json_framing("application/json-seq"),
            Some(JsonFraming::Sequence)
        );
        assert_eq!(json_framing("application/json"), None);
        assert!(is_multipart("multipart/form-data; boundary=x"));
        assert!(is_multipart("multipart/mixed"));
    }

    #[test]
    fn text_and_bytes() {
        assert!(is_text("text/plain"));
        assert!(is_text("text/csv"));
        assert!(is_text("application/xml"));
        assert!(is_text("application/atom+xml"));
        assert!(is_text("application/vnd.flux; charset=utf-8"));
        assert!(!is_text("text/json"));
        assert!(!is_text("text/*"));
        assert!(!is_text("application/octet-stream"));
        assert!(!is_text("image/png"));
        assert!(!is_text("application/pdf"));
    }

    #[test]
    fn ranges() {
        assert!(is_range("*/*"));
        assert!(is_range("image/*"));
        assert!(is_range("application/*+json"));
        assert!(!is_range("image/png"));
    }
}
