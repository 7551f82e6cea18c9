//! Spec descriptions as doc comments that rustdoc reads as the author meant.
//!
//! Descriptions are CommonMark written for API docs, not for rustdoc: a fenced block without a
//! language would be compiled as a doctest, an indented paragraph would become a code block, a
//! `[word]` would be taken for an intra-doc link and `Vec<T>` for an HTML tag. Each of these is
//! rewritten so that `cargo doc` and `cargo test` accept any description.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` attributes, one per line, so prettyplease prints `///` lines.
pub fn doc_attrs(text: &str) -> TokenStream {
    attrs(&rustdoc_lines(text), false)
}

/// The same, as inner attributes (`//!`) for a module or crate.
pub fn inner_doc_attrs(text: &str) -> TokenStream {
    attrs(&rustdoc_lines(text), true)
}

/// Inner doc attributes for text the generator wrote itself (intra-doc links intended).
pub fn trusted_inner_doc_attrs(text: &str) -> TokenStream {
    let lines: Vec<String> = text.lines().map(str::to_owned).collect();
    attrs(&lines, true)
}

/// One doc attribute per line, each line after a space (as `/// text` has).
fn attrs(lines: &[String], inner: bool) -> TokenStream {
    let attrs = lines.iter().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        if inner {
            quote! { #![doc = #line] }
        } else {
            quote! { #[doc = #line] }
        }
    });
    quote! { #(#attrs)* }
}

/// The lines of a description, made safe for rustdoc.
pub fn rustdoc_lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fence: Option<String> = None;
    let mut block = Block::Paragraph;
    let mut after_text = false;
    // A tab is four columns of indentation to CommonMark, and clippy refuses tabs in docs.
    let text = text.replace('\t', "    ");
    let text = text.trim();
    // Generated descriptions often indent every line but the first (protobuf comments keep
    // the space after `//`): that shared indent is no Markdown structure.
    let shared = text
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    for (n, raw) in text.lines().enumerate() {
        let raw = if n == 0 {
            raw
        } else {
            raw.get(shared..).unwrap_or(raw.trim_start_matches(' '))
        };
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if let Some(marker) = fence_marker(trimmed) {
            match &fence {
                Some(open) if trimmed.starts_with(open.as_str()) => {
                    fence = None;
                    out.push(marker.repeat(3));
                }
                Some(_) => out.push(line.to_owned()),
                None => {
                    fence = Some(marker.repeat(3));
                    out.push(format!("{}text", marker.repeat(3)));
                }
            }
            continue;
        }
        if fence.is_some() {
            out.push(line.to_owned());
            continue;
        }
        let indent = line.len() - trimmed.len();
        // Where a line can start a list item: not within an item's text (a list nested there
        // is found below), and after a paragraph's text only as CommonMark lets a list
        // interrupt one.
        let starts_item = match block {
            Block::ListItem(content) if indent >= content => None,
            Block::Paragraph if after_text => interrupting_list_item_content(line),
            _ => list_item_content(line),
        };
        after_text = !trimmed.is_empty();
        let placed = if trimmed.is_empty() {
            block = Block::Paragraph;
            String::new()
        } else if let Some(content) = starts_item {
            block = Block::ListItem(content);
            line.to_owned()
        } else if trimmed.starts_with('>') && indent < 4 {
            block = Block::Quote;
            trimmed.to_owned()
        } else {
            match block {
                // A list nested in the item, at or beyond its text: the nested item's text
                // is the column its lines go on.
                Block::ListItem(content) if indent >= content => {
                    match line.get(content..).and_then(interrupting_list_item_content) {
                        Some(nested) => {
                            block = Block::ListItem(content + nested);
                            line.to_owned()
                        }
                        None => format!("{}{trimmed}", " ".repeat(content)),
                    }
                }
                // A line that goes on a list item is indented to the item's text, or rustdoc
                // (and clippy's `doc_lazy_continuation`) reads it as lazily continued; placed
                // there, a line that starts a list starts one nested in the item.
                Block::ListItem(content) => {
                    if let Some(nested) = interrupting_list_item_content(trimmed) {
                        block = Block::ListItem(content + nested);
                    }
                    format!("{}{trimmed}", " ".repeat(content))
                }
                Block::Quote => format!("> {trimmed}"),
                // Four spaces would make code of it; two keep it text, and a list item it
                // starts is followed as one.
                Block::Paragraph if indent >= 4 => {
                    let placed = format!("  {trimmed}");
                    if let Some(content) = list_item_content(&placed) {
                        block = Block::ListItem(content);
                    }
                    placed
                }
                Block::Paragraph => line.to_owned(),
            }
        };
        out.push(escape_inline(&placed));
    }
    if let Some(open) = fence {
        out.push(open);
    }
    out
}

/// The Markdown block a line of a description continues.
#[derive(Clone, Copy)]
enum Block {
    /// A paragraph, or nothing yet.
    Paragraph,
    /// A list item whose text starts at this column.
    ListItem(usize),
    /// A block quote.
    Quote,
}

/// The column at which a list item's text starts, when `line` starts one (`- a`, `* a`, `+ a`,
/// `1. a`, `2) a`, indented by at most three spaces).
fn list_item_content(line: &str) -> Option<usize> {
    let trimmed = line.trim_start_matches(' ');
    let indent = line.len() - trimmed.len();
    if indent > 3 {
        return None;
    }
    let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
    let marker = match trimmed.as_bytes().get(digits) {
        Some(b'-' | b'*' | b'+') if digits == 0 => 1,
        Some(b'.' | b')') if (1..=9).contains(&digits) => digits + 1,
        _ => return None,
    };
    let rest = &trimmed[marker..];
    let spaces = rest.len() - rest.trim_start_matches(' ').len();
    if spaces == 0 || rest.trim().is_empty() {
        return None;
    }
    // Five or more spaces after the marker: the text is an indented code block, one space in.
    Some(indent + marker + if spaces > 4 { 1 } else { spaces })
}

/// [`list_item_content`] for a line that follows text: there, an ordered list item starts a
/// list only when it is numbered 1 (CommonMark 5.2), else the line goes on the paragraph.
fn interrupting_list_item_content(line: &str) -> Option<usize> {
    let trimmed = line.trim_start_matches(' ');
    let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && trimmed[..digits].trim_start_matches('0') != "1" {
        return None;
    }
    list_item_content(line)
}

fn fence_marker(trimmed: &str) -> Option<&'static str> {
    if trimmed.starts_with("```") {
        Some("`")
    } else if trimmed.starts_with("~~~") {
        Some("~")
    } else {
        None
    }
}

/// Escapes, outside inline code: `[x]` that is not a link, `<tag` that is not an autolink, and
/// bare URLs (which become autolinks).
fn escape_inline(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    let mut in_code = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            i += 1;
            continue;
        }
        if in_code {
            out.push(c);
            i += 1;
            continue;
        }
        match c {
            '[' => {
                if is_link_text(&chars, i) {
                    out.push('[');
                } else {
                    out.push_str("\\[");
                }
            }
            ']' => {
                if chars.get(i + 1) == Some(&'(') && has_link_opener(&chars, i) {
                    out.push(']');
                } else {
                    out.push_str("\\]");
                }
            }
            '<' if starts_url(&chars, i + 1) => {
                // Already an autolink: copy through to '>'.
                while i < chars.len() && chars[i] != '>' {
                    out.push(chars[i]);
                    i += 1;
                }
                if i < chars.len() {
                    out.push('>');
                }
            }
            '<' if chars
                .get(i + 1)
                .is_some_and(|n| n.is_ascii_alphabetic() || *n == '/') =>
            {
                out.push_str("&lt;");
            }
            'h' if starts_url(&chars, i) && !preceded_by_link_syntax(&chars, i) => {
                let end = url_end(&chars, i);
                out.push('<');
                out.extend(&chars[i..end]);
                out.push('>');
                i = end;
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// Whether the `[` at `open` starts `[text](url)`.
fn is_link_text(chars: &[char], open: usize) -> bool {
    let mut depth = 0;
    for (j, c) in chars.iter().enumerate().skip(open) {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    return chars.get(j + 1) == Some(&'(');
                }
            }
            _ => {}
        }
    }
    false
}

/// Whether the `]` at `close` has a `[` before it that starts a link.
fn has_link_opener(chars: &[char], close: usize) -> bool {
    chars[..close]
        .iter()
        .rposition(|c| *c == '[')
        .is_some_and(|open| is_link_text(chars, open))
}

fn starts_url(chars: &[char], at: usize) -> bool {
    let rest: String = chars.iter().skip(at).take(8).collect();
    rest.starts_with("http://") || rest.starts_with("https://")
}

fn preceded_by_link_syntax(chars: &[char], at: usize) -> bool {
    at > 0 && matches!(chars[at - 1], '(' | '<' | '"' | '\'' | '=')
}

fn url_end(chars: &[char], start: usize) -> usize {
    let mut end = start;
    while end < chars.len()
        && !chars[end].is_whitespace()
        && !matches!(chars[end], '<' | '>' | '"' | '`' | ')' | ']')
    {
        end += 1;
    }
    while end > start && matches!(chars[end - 1], '.' | ',' | ';' | ':' | '!' | '?') {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::rustdoc_lines;

    #[test]
    fn fences_get_a_language_and_are_closed() {
        assert_eq!(
            rustdoc_lines("a\n```\nlet x;\n```"),
            vec!["a", "```text", "let x;", "```"]
        );
        assert_eq!(rustdoc_lines("```json\n{}"), vec!["```text", "{}", "```"]);
    }

    #[test]
    fn tabs_become_spaces() {
        assert_eq!(rustdoc_lines("use the\tmethod"), vec!["use the    method"]);
    }

    #[test]
    fn brackets_urls_and_tags_are_escaped() {
        assert_eq!(
            rustdoc_lines("see [docs](https://x.y/z) or [this]"),
            vec!["see [docs](https://x.y/z) or \\[this\\]"]
        );
        assert_eq!(
            rustdoc_lines("at https://x.y/z."),
            vec!["at <https://x.y/z>."]
        );
        assert_eq!(
            rustdoc_lines("a Vec<T> and `Vec<T>`"),
            vec!["a Vec&lt;T> and `Vec<T>`"]
        );
        assert_eq!(rustdoc_lines("<https://a.b>"), vec!["<https://a.b>"]);
    }

    #[test]
    fn lines_that_go_on_a_list_item_or_quote_are_indented_or_marked() {
        assert_eq!(
            rustdoc_lines("If:\n- a is\nset, b\n* c\n\nd"),
            vec!["If:", "- a is", "  set, b", "* c", "", "d"]
        );
        assert_eq!(
            rustdoc_lines("1. one\ntwo\n10) ten\n     more"),
            vec!["1. one", "   two", "10) ten", "    more"]
        );
        assert_eq!(rustdoc_lines("> quoted\nlazy"), vec!["> quoted", "> lazy"]);
        // Not list items: no space after the marker, or emphasis.
        assert_eq!(
            rustdoc_lines("-1 is\n*not* a list"),
            vec!["-1 is", "*not* a list"]
        );
    }

    #[test]
    fn an_ordered_item_numbered_other_than_1_does_not_interrupt_a_paragraph() {
        let lines = rustdoc_lines(
            "A url.\n    1. When it worked:\n       {\n       a: 1\n       2. When it failed:\n          {\n          b: 2",
        );
        assert_eq!(
            lines,
            [
                "A url.",
                "1. When it worked:",
                "   {",
                "   a: 1",
                "   2. When it failed:",
                "   {",
                "   b: 2",
            ]
        );
    }

    #[test]
    fn indented_lists_keep_their_continuations_on_the_item() {
        // Every line but the first indented by one space, a list indented by four more.
        let text = "Rules:\n schedule.\n\n Not in these cases:\n    - Child\n      parent\n    - Activity\n      setting\n\n Then.";
        assert_eq!(
            rustdoc_lines(text),
            vec![
                "Rules:",
                "schedule.",
                "",
                "Not in these cases:",
                "   - Child",
                "     parent",
                "   - Activity",
                "     setting",
                "",
                "Then."
            ]
        );
        // Text between items, less indented than the items' text, goes on the item; an item
        // indented less than the text it follows is nested there.
        assert_eq!(
            rustdoc_lines("Examples:\n x\n   A:\n     - one\n   B:\n     - two\n   C:"),
            vec![
                "Examples:",
                "x",
                "  A:",
                "  - one",
                "    B:",
                "    - two",
                "      C:"
            ]
        );
        // A list nested in an item.
        assert_eq!(
            rustdoc_lines("- a\n  - b\n    more\n- c"),
            vec!["- a", "  - b", "    more", "- c"]
        );
    }

    #[test]
    fn indented_lines_do_not_become_code() {
        assert_eq!(
            rustdoc_lines("a\n\n        b\nc"),
            vec!["a", "", "  b", "c"]
        );
        // The indent all lines after the first share is no structure.
        assert_eq!(rustdoc_lines("a\n\n        b"), vec!["a", "", "b"]);
    }
}
