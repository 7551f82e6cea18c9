//! Assertions on generated source text that do not depend on where prettyplease breaks lines.

/// Whether `code` contains `needle`, ignoring whitespace and trailing commas (prettyplease
/// decides line breaks, and adds a comma after the last item of a broken list).
pub fn has(code: &str, needle: &str) -> bool {
    let squash = |s: &str| {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .replace(",)", ")")
            .replace(",]", "]")
            .replace(",}", "}")
            .replace(",>", ">")
    };
    squash(code).contains(squash(needle).trim_end_matches(','))
}

/// Fails unless `code` contains `needle` (see [`has`]).
#[track_caller]
pub fn assert_has(code: &str, needle: &str) {
    assert!(has(code, needle), "missing `{needle}` in:\n{code}");
}

/// Fails if `code` contains `needle` (see [`has`]).
#[track_caller]
pub fn assert_lacks(code: &str, needle: &str) {
    assert!(!has(code, needle), "unexpected `{needle}` in:\n{code}");
}
