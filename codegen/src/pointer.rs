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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_splits_round_trip() {
        let p = join("", ["paths", "/auth/get", "a~b"]);
        assert_eq!(p, "/paths/~1auth~1get/a~0b");
        assert_eq!(tokens(&p), vec!["paths", "/auth/get", "a~b"]);
        assert!(tokens("").is_empty());
        assert_eq!(tokens("//a"), vec!["", "a"]);
    }
}
