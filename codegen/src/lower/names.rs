//! Rust names for spec names: valid identifiers, never keywords, unique in their scope.

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust's strict and reserved keywords (2024 edition), which cannot name a field or a type.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// An UpperCamelCase name for a type or variant; `prefix` goes before a leading digit.
pub fn camel(source: &str, prefix: &str) -> String {
    identifier(&words(source).to_upper_camel_case(), prefix)
}

/// A snake_case name for a field, parameter or function.
pub fn snake(source: &str) -> String {
    identifier(&words(source).to_snake_case(), "_")
}

/// The source with every character that cannot be in an identifier turned into a word break.
fn words(source: &str) -> String {
    source
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect()
}

/// A cased name made a valid, non-keyword identifier: ASCII only, `prefix` before a leading
/// digit, `_` after a keyword; empty when nothing is left.
fn identifier(cased: &str, prefix: &str) -> String {
    let mut name: String = cased
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if name.is_empty() {
        return name;
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, prefix);
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// Names taken in one scope (the crate's types, one struct's fields, one enum's variants).
#[derive(Debug, Default)]
pub struct Scope {
    taken: HashSet<String>,
}

impl Scope {
    /// A scope in which `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// Claims `wanted` (or `fallback` when `wanted` is empty); when that is taken, the first free
    /// of `wanted2`, `wanted3`, … Returns the name and whether it had to be changed.
    pub fn claim(&mut self, wanted: &str, fallback: &str) -> (String, bool) {
        let base = if wanted.is_empty() { fallback } else { wanted };
        if self.taken.insert(base.to_owned()) {
            return (base.to_owned(), false);
        }
        // Snake names take `_2` after a digit; UpperCamel names must not have `_` before a
        // digit (rustc's `non_camel_case_types`), so `Self_` becomes `Self2` and `V2` `V2X2`.
        let camel = base.starts_with(|c: char| c.is_ascii_uppercase());
        let stem = if camel {
            base.trim_end_matches('_')
        } else {
            base
        };
        let sep = match (camel, stem.ends_with(|c: char| c.is_ascii_digit())) {
            (true, true) => "X",
            (false, true) => "_",
            (_, false) => "",
        };
        let mut n = 2;
        loop {
            let candidate = format!("{stem}{sep}{n}");
            if self.taken.insert(candidate.clone()) {
                return (candidate, true);
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_handles_digits_spaces_and_case() {
        assert_eq!(camel("APIClientID", "T"), "ApiClientId");
        assert_eq!(camel("529", "V"), "V529");
        assert_eq!(camel("401a", "V"), "V401a");
        assert_eq!(camel("403B", "V"), "V403b");
        assert_eq!(camel("cash isa", "V"), "CashIsa");
        assert_eq!(camel("roth 403B", "V"), "Roth403b");
        assert_eq!(camel("INSTANT_AUTH", "V"), "InstantAuth");
        assert_eq!(camel("self", "V"), "Self_");
        assert_eq!(camel("+", "V"), "");
    }

    #[test]
    fn snake_handles_keywords_and_digits() {
        assert_eq!(snake("type"), "type_");
        assert_eq!(snake("accountId"), "account_id");
        assert_eq!(snake("401k"), "_401k");
        assert_eq!(snake("PLAID-CLIENT-ID"), "plaid_client_id");
    }

    #[test]
    fn scope_disambiguates_deterministically() {
        let mut s = Scope::with_reserved(&["SecretString"]);
        assert_eq!(
            s.claim("SecretString", "T"),
            ("SecretString2".to_owned(), true)
        );
        assert_eq!(s.claim("A", "T"), ("A".to_owned(), false));
        assert_eq!(s.claim("A", "T"), ("A2".to_owned(), true));
        assert_eq!(s.claim("V2", "T"), ("V2".to_owned(), false));
        assert_eq!(s.claim("V2", "T"), ("V2X2".to_owned(), true));
        assert_eq!(s.claim("Self_", "T"), ("Self_".to_owned(), false));
        assert_eq!(s.claim("Self_", "T"), ("Self2".to_owned(), true));
        assert_eq!(s.claim("v2", "f"), ("v2".to_owned(), false));
        assert_eq!(s.claim("v2", "f"), ("v2_2".to_owned(), true));
        assert_eq!(s.claim("", "Empty"), ("Empty".to_owned(), false));
    }
}
