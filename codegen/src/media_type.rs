//! Media types as the generator classifies them: JSON, form-encoded, text, or bytes.

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
    }
}
