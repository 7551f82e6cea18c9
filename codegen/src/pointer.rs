//! JSON pointers (RFC 6901): the addresses diagnostics use to say where a problem is.

/// Escapes one reference token: `~` becomes `~0` and `/` becomes `~1`.
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Undoes [`escape`].
pub fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// `base` extended by the given tokens, each escaped.
pub fn join<I, S>(base: &str, tokens: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = base.to_owned();
    for token in tokens {
        out.push('/');
        out.push_str(&escape(token.as_ref()));
    }
    out
}

/// The reference tokens of a pointer, unescaped; `""` has none.
pub fn tokens(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer
        .strip_prefix('/')
        .unwrap_or(pointer)
        .split('/')
        .map(unescape)
        .collect()
}

/// The JSON pointer a URI fragment stands for (RFC 6901 §6): `fragment` is what follows the
/// `#` of a `$ref`, percent-decoded (RFC 3986) before it is read as a pointer, so that
/// `/paths/~1pets~1%7Bid%7D` is the path `/pets/{id}`. `None` when the decoded bytes are not
/// UTF-8.
pub fn from_fragment(fragment: &str) -> Option<String> {
    percent_encoding::percent_decode_str(fragment)
        .decode_utf8()
        .ok()
        .map(std::borrow::Cow::into_owned)
}

/// The local `$ref` (`#/...`) of the node at `tokens`.
pub fn to_reference<I, S>(tokens: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    join("#", tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_uri_fragments() {
        assert_eq!(
            from_fragment("/paths/~1pets~1%7Bid%7D/get").as_deref(),
            Some("/paths/~1pets~1{id}/get")
        );
        assert_eq!(from_fragment("/a%20b/c%25d").as_deref(), Some("/a b/c%d"));
        assert_eq!(from_fragment("/x%ff"), None);
        assert_eq!(tokens("/paths/~1pets~1{id}"), ["paths", "/pets/{id}"]);
        assert_eq!(
            to_reference(["components", "schemas", "a/b"]),
            "#/components/schemas/a~1b"
        );
    }

    #[test]
    fn escapes_and_splits_round_trip() {
        let p = join("", ["paths", "/auth/get", "a~b"]);
        assert_eq!(p, "/paths/~1auth~1get/a~0b");
        assert_eq!(tokens(&p), vec!["paths", "/auth/get", "a~b"]);
        assert!(tokens("").is_empty());
        assert_eq!(tokens("//a"), vec!["", "a"]);
    }
}
