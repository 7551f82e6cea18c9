//! Spec text into a YAML value: syntax errors of YAML and JSON with a line, a column and a hint,
//! duplicate keys, and bad merge keys (`<<`).

use serde_yaml::Value;

use super::key_token;
use super::yaml_value::SpecValue;
use crate::diagnostic::Diagnostic;
use crate::location::{self, Position};
use crate::pointer;

const EMPTY_HINT: &str =
    "write an OpenAPI 3.0 document: `openapi: 3.0.3`, `info` and `paths` at least";

pub(super) fn parse_text(text: &str) -> Result<Value, Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::error("", "the document is empty")
            .with_hint(EMPTY_HINT)
            .at(1, 1));
    }
    let parsed = if text.trim_start().starts_with('{') {
        serde_json::from_str::<SpecValue>(text).map_err(|e| json_syntax_error(text, &e))
    } else {
        serde_yaml::from_str::<SpecValue>(text).map_err(|e| yaml_syntax_error(text, &e))
    }?
    .0;
    match parsed {
        Value::Mapping(_) => Ok(parsed),
        Value::Null => Err(Diagnostic::error("", "the document is empty")
            .with_hint(EMPTY_HINT)
            .at(1, 1)),
        _ => Err(Diagnostic::error("", "the document is not a mapping")
            .with_hint("an OpenAPI document is a mapping with `openapi`, `info` and `paths` keys")),
    }
}

fn yaml_syntax_error(text: &str, e: &serde_yaml::Error) -> Diagnostic {
    let raw = e.to_string();
    if raw.contains("duplicate entry") {
        if let Some(d) = duplicate_key(text) {
            return d;
        }
    }
    let position = e.location().map(|l| (l.line(), l.column()));
    let (message, context) = split_libyaml_message(&raw);
    let tab = position.is_some_and(|p| is_tab_at(text, p));
    let (message, hint) = if tab {
        (
            format!("{message} (a tab: YAML does not allow tabs in indentation)"),
            "indent with spaces only".to_owned(),
        )
    } else if message.contains("unknown anchor") {
        (
            message,
            "define the anchor with `&name` before the first `*name` that uses it".to_owned(),
        )
    } else if message.contains("recursion limit") || message.contains("repetition limit") {
        (
            message,
            "the document nests too deeply, or its aliases expand to too many nodes".to_owned(),
        )
    } else if let Some((what, (line, column))) = context {
        (
            format!("{message} {what} (which starts at line {line}, column {column})"),
            format!(
                "look for a missing bracket, quote, `:` or indentation between line {line} and here"
            ),
        )
    } else {
        (
            message,
            "look for a missing bracket, quote, `:` or wrong indentation here or just before"
                .to_owned(),
        )
    };
    let d = Diagnostic::error("", format!("YAML syntax error: {message}")).with_hint(hint);
    match position {
        Some((line, column)) => d.at(line, column),
        None => d,
    }
}

/// Splits libyaml's `problem at line L column C, context at line L column C` into the problem and
/// the context with its position; either position may be missing.
fn split_libyaml_message(raw: &str) -> (String, Option<(String, Position)>) {
    let (problem, context) = match raw.split_once(", ") {
        Some((p, c)) if c.starts_with("while ") => (p, Some(c)),
        _ => (raw, None),
    };
    let problem = strip_position(problem).0;
    let context = context.and_then(|c| match strip_position(c) {
        (what, Some(at)) => Some((what, at)),
        (_, None) => None,
    });
    (problem, context)
}

/// serde_yaml appends " at line L column C" to its messages; we report the position separately.
fn strip_position(message: &str) -> (String, Option<Position>) {
    let Some(i) = message.rfind(" at line ") else {
        return (message.to_owned(), None);
    };
    let mut numbers = message[i..]
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(str::parse::<usize>);
    let at = match (numbers.next(), numbers.next()) {
        (Some(Ok(line)), Some(Ok(column))) => Some((line, column)),
        _ => None,
    };
    (message[..i].to_owned(), at)
}

fn is_tab_at(text: &str, (line, column): Position) -> bool {
    let Some(l) = text.lines().nth(line.saturating_sub(1)) else {
        return false;
    };
    let before: String = l.chars().take(column).collect();
    before.contains('\t') || l.chars().nth(column.saturating_sub(1)) == Some('\t')
}

fn json_syntax_error(text: &str, e: &serde_json::Error) -> Diagnostic {
    let raw = e.to_string();
    if raw.contains("duplicate entry") {
        if let Some(d) = duplicate_key(text) {
            return d;
        }
    }
    let message = strip_position(&raw).0;
    let hint = if message.contains("trailing comma") {
        "JSON allows no comma after the last member of an object or array"
    } else if e.is_eof() {
        "the text ends early: a closing brace, bracket or quote is missing"
    } else {
        "fix the JSON syntax here (JSON has no comments, and keys need double quotes)"
    };
    Diagnostic::error("", format!("JSON syntax error: {message}"))
        .with_hint(hint)
        .at(e.line(), e.column())
}

/// The error for a key written twice in one mapping, placed at its second occurrence.
fn duplicate_key(text: &str) -> Option<Diagnostic> {
    let d = location::first_duplicate_key(text)?;
    let (line, column) = d.again;
    Some(
        Diagnostic::error(
            d.pointer,
            format!(
                "duplicate key `{}` (first written at line {}, column {})",
                d.key, d.first.0, d.first.1
            ),
        )
        .with_hint("a key may appear once in a mapping: merge the two entries, or rename one")
        .at(line, column),
    )
}

/// An error for a bad merge key (`<<`), at the first `<<` whose value cannot be merged.
pub(super) fn merge_error(text: &str, message: &str) -> Diagnostic {
    // `apply_merge` has changed the value by now; the text parsed once, so it parses again.
    let at = parse_text(text)
        .ok()
        .and_then(|doc| bad_merge_key(&doc, ""))
        .unwrap_or_default();
    Diagnostic::error(at, format!("invalid merge key `<<`: {message}")).with_hint(
        "`<<` merges mappings into this one: give it a mapping, an alias of one (`<<: *base`), or a list of them",
    )
}

fn bad_merge_key(value: &Value, at: &str) -> Option<String> {
    match value {
        Value::Mapping(m) => {
            let mergeable = |v: &Value| match v {
                Value::Mapping(_) => true,
                Value::Sequence(s) => s.iter().all(Value::is_mapping),
                _ => false,
            };
            if m.get("<<").is_some_and(|v| !mergeable(v)) {
                return Some(pointer::join(at, ["<<"]));
            }
            m.iter().find_map(|(k, v)| {
                let child = pointer::join(at, [key_token(k)?]);
                bad_merge_key(v, &child)
            })
        }
        Value::Sequence(s) => s
            .iter()
            .enumerate()
            .find_map(|(i, v)| bad_merge_key(v, &pointer::join(at, [i.to_string()]))),
        Value::Tagged(t) => bad_merge_key(&t.value, at),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_libyaml_messages() {
        let raw = "did not find expected ',' or ']' at line 7 column 6, while parsing a flow sequence at line 6 column 9";
        let (problem, context) = split_libyaml_message(raw);
        assert_eq!(problem, "did not find expected ',' or ']'");
        assert_eq!(
            context,
            Some(("while parsing a flow sequence".to_owned(), (6, 9)))
        );
        let (problem, context) = split_libyaml_message("unknown anchor at line 3 column 2");
        assert_eq!((problem.as_str(), context), ("unknown anchor", None));
    }
}
