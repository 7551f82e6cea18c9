//! The checked-in list of examples that the specs themselves get wrong.
//!
//! One entry a line: the example's label, then whitespace, then why the example is wrong (one
//! line, written by a person who looked at the example and its schema). `#` starts a comment
//! line; blank lines are ignored.
//!
//! ```text
//! # Plaid 2020-09-14
//! plaid/2020-09-14.yml#/components/schemas/Foo/example  `amount` is "12.5" (a string) where the schema says number
//! ```
//!
//! A label is the spec's path relative to the corpus directory, `#`, and the JSON pointer of the
//! example's value in URI-fragment form (see [`label`]), so it never contains whitespace.

use std::collections::BTreeMap;
use std::fmt::Write;

/// The default list, relative to the workspace root.
pub const DEFAULT_PATH: &str = "xtask/corpus-known-bad.txt";

/// One listed example.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Why the spec's example is wrong.
    pub reason: String,
    /// The 1-based line of the list it is on.
    pub line: usize,
}

/// The list: label to entry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KnownBad {
    /// Every entry, by label.
    pub entries: BTreeMap<String, Entry>,
}

impl KnownBad {
    /// The reason given for `label`, when it is listed (see [`names`]).
    pub fn reason(&self, label: &str) -> Option<&str> {
        let (spec, _) = label.split_once('#')?;
        let starts = std::iter::once(0).chain(spec.match_indices('/').map(|(i, _)| i + 1));
        starts
            .filter_map(|start| self.entries.get(&label[start..]))
            .map(|e| e.reason.as_str())
            .next()
    }

    /// The listed labels of one spec, whose path is `relative` (see [`names`]).
    pub fn labels_of<'a>(&'a self, relative: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.entries.keys().map(String::as_str).filter(move |l| {
            l.split_once('#')
                .is_some_and(|(spec, _)| same_spec(spec, relative))
        })
    }
}

/// Whether the listed `entry` names the example `label`: the same pointer, in a spec whose
/// path relative to the corpus directory ends with the entry's spec path, component by
/// component. So `xero.yaml#/p` names the example whether the corpus directory given is
/// `../shared/corpus/v30` (label `xero.yaml#/p`) or `../shared/corpus` (`v30/xero.yaml#/p`).
pub fn names(entry: &str, label: &str) -> bool {
    match (entry.split_once('#'), label.split_once('#')) {
        (Some((entry_spec, entry_pointer)), Some((spec, pointer))) => {
            entry_pointer == pointer && same_spec(entry_spec, spec)
        }
        _ => false,
    }
}

fn same_spec(entry_spec: &str, spec: &str) -> bool {
    spec == entry_spec
        || spec
            .strip_suffix(entry_spec)
            .is_some_and(|rest| rest.ends_with('/'))
}

/// Parses the list.
///
/// # Errors
/// Every malformed line (`line N: …`): a label without `#`, an entry without a reason, a label
/// listed twice.
pub fn parse(text: &str) -> Result<KnownBad, Vec<String>> {
    let mut list = KnownBad::default();
    let mut errors = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let (label, reason) = trimmed
            .split_once(char::is_whitespace)
            .map_or((trimmed, ""), |(l, r)| (l, r.trim()));
        if !label.contains('#') {
            errors.push(format!(
                "line {line}: `{label}` is not a label (SPEC#POINTER)"
            ));
            continue;
        }
        if reason.is_empty() {
            errors.push(format!(
                "line {line}: `{label}` has no reason; say why the spec's example is wrong"
            ));
            continue;
        }
        if let Some(first) = list.entries.get(label) {
            errors.push(format!(
                "line {line}: `{label}` is already listed on line {}",
                first.line
            ));
            continue;
        }
        list.entries.insert(
            label.to_owned(),
            Entry {
                reason: reason.to_owned(),
                line,
            },
        );
    }
    if errors.is_empty() {
        Ok(list)
    } else {
        Err(errors)
    }
}

/// The label of the example at `pointer` in the spec at `relative`: `relative#pointer`, with
/// every character that a URI fragment cannot hold percent-encoded (RFC 6901, section 6), so
/// `/examples/example 1/value` reads `/examples/example%201/value`.
pub fn label(relative: &str, pointer: &str) -> String {
    let mut out = String::new();
    encode_into(&mut out, relative);
    out.push('#');
    encode_into(&mut out, pointer);
    out
}

fn encode_into(out: &mut String, text: &str) {
    for c in text.chars() {
        let allowed = c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/?".contains(c);
        if allowed {
            out.push(c);
        } else {
            let mut bytes = [0; 4];
            for b in c.encode_utf8(&mut bytes).bytes() {
                // Writing to a String cannot fail.
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_labels_and_reasons() {
        let text = "# header\n\n\
            plaid/x.yml#/components/schemas/A/example   `a` is a string where the schema says number\n\
            \tplaid/x.yml#/paths/~1b/post/requestBody/content/application~1json/example  missing `c`  \n\
            other.yaml#/components/schemas/B/example b\n";
        let list = parse(text).unwrap();
        assert_eq!(list.entries.len(), 3);
        assert_eq!(
            list.reason("plaid/x.yml#/components/schemas/A/example"),
            Some("`a` is a string where the schema says number")
        );
        let entry = &list.entries["plaid/x.yml#/paths/~1b/post/requestBody/content/application~1json/example"];
        assert_eq!(entry.reason, "missing `c`");
        assert_eq!(entry.line, 4);
        let plaid: Vec<&str> = list.labels_of("plaid/x.yml").collect();
        assert_eq!(plaid.len(), 2);
        assert_eq!(list.labels_of("plaid/x").count(), 0);
        assert_eq!(parse("").unwrap(), KnownBad::default());
    }

    #[test]
    fn an_entry_names_its_example_from_any_corpus_directory_above_the_spec() {
        let list = parse("xero.yaml#/a/example  the date is a date-time\n").expect("list");
        assert_eq!(
            list.reason("xero.yaml#/a/example"),
            Some("the date is a date-time")
        );
        assert_eq!(
            list.reason("v30/xero.yaml#/a/example"),
            Some("the date is a date-time")
        );
        assert_eq!(list.reason("v30/xero.yaml#/b/example"), None);
        // Whole path components only.
        assert_eq!(list.reason("v30/other-xero.yaml#/a/example"), None);
        assert_eq!(list.labels_of("v30/xero.yaml").count(), 1);
        assert_eq!(list.labels_of("v30/other-xero.yaml").count(), 0);
        assert!(names("xero.yaml#/a/example", "v30/xero.yaml#/a/example"));
        assert!(!names("xero.yaml#/a/example", "v30/xero.yaml#/a/example/x"));
    }

    #[test]
    fn reports_every_malformed_line() {
        let text = "a.yml#/x reason\nno-hash reason\na.yml#/y\na.yml#/x again\n";
        assert_eq!(
            parse(text).unwrap_err(),
            [
                "line 2: `no-hash` is not a label (SPEC#POINTER)",
                "line 3: `a.yml#/y` has no reason; say why the spec's example is wrong",
                "line 4: `a.yml#/x` is already listed on line 1",
            ]
        );
    }

    #[test]
    fn labels_are_uri_fragments_without_whitespace() {
        assert_eq!(
            label("my specs/a.yml", "/paths/~1a/post/examples/example 1/value"),
            "my%20specs/a.yml#/paths/~1a/post/examples/example%201/value"
        );
        assert_eq!(label("a.yml", "/x/é#%"), "a.yml#/x/%C3%A9%23%25");
    }
}
