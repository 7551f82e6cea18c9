//! Strings that match a `pattern`: the regular expression parsed with `regex-syntax` and its
//! syntax tree walked to a short match.
//!
//! JSON Schema patterns are not anchored: a match anywhere in the string counts, so a string
//! that must be longer than the match is padded where the pattern is not anchored.

use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// How many times an unbounded repetition is taken at most while lengthening a match.
const MAX_EXTRA: u32 = 64;

/// A parsed pattern.
pub(super) struct Pattern {
    hir: Hir,
}

impl Pattern {
    /// Parses `pattern`; None when `regex-syntax` does not read it (lookarounds,
    /// backreferences, a malformed pattern).
    pub(super) fn parse(pattern: &str) -> Option<Pattern> {
        let hir = regex_syntax::ParserBuilder::new()
            .nest_limit(64)
            .build()
            .parse(pattern)
            .ok()?;
        Some(Pattern { hir })
    }

    /// A match of the pattern in which every repetition is taken `extra` more times than its
    /// minimum (as far as its maximum allows); `choice` picks, at the first alternation with
    /// more than one branch, the branch after the first `choice` ones.
    pub(super) fn generate(&self, extra: u32, choice: usize) -> Option<String> {
        let mut out = String::new();
        let mut choice = Some(choice);
        walk(&self.hir, extra.min(MAX_EXTRA), &mut choice, &mut out, 0)?;
        Some(out)
    }

    /// Whether the pattern is anchored at the start (`^…`) and at the end (`…$`).
    pub(super) fn anchors(&self) -> (bool, bool) {
        (starts_anchored(&self.hir), ends_anchored(&self.hir))
    }
}

/// Appends a match of `hir` to `out`; None when it has no match that can be written down (an
/// empty class).
fn walk(
    hir: &Hir,
    extra: u32,
    choice: &mut Option<usize>,
    out: &mut String,
    depth: usize,
) -> Option<()> {
    if depth > 256 || out.len() > 1 << 16 {
        return None;
    }
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(()),
        HirKind::Literal(literal) => {
            out.push_str(std::str::from_utf8(&literal.0).ok()?);
            Some(())
        }
        HirKind::Class(class) => {
            out.push(class_char(class)?);
            Some(())
        }
        HirKind::Repetition(rep) => {
            let max = rep.max.unwrap_or(u32::MAX);
            let times = rep.min.saturating_add(extra).min(max).max(rep.min);
            if times > 4096 {
                return None;
            }
            for _ in 0..times {
                walk(&rep.sub, extra, choice, out, depth + 1)?;
            }
            Some(())
        }
        HirKind::Capture(capture) => walk(&capture.sub, extra, choice, out, depth + 1),
        HirKind::Concat(parts) => {
            for part in parts {
                walk(part, extra, choice, out, depth + 1)?;
            }
            Some(())
        }
        HirKind::Alternation(branches) => {
            let index = match choice.take() {
                Some(c) if c < branches.len() => c,
                Some(c) => {
                    // Not this alternation's to use: keep it for a later one.
                    *choice = Some(c - (branches.len() - 1));
                    0
                }
                None => 0,
            };
            walk(&branches[index], extra, choice, out, depth + 1)
        }
    }
}

/// A character of the class, a readable one where the class has one.
fn class_char(class: &Class) -> Option<char> {
    match class {
        Class::Unicode(set) => {
            let contains = |c: char| set.ranges().iter().any(|r| r.start() <= c && c <= r.end());
            ['a', 'A', '0', '_', '-', ' ']
                .into_iter()
                .find(|&c| contains(c))
                .or_else(|| {
                    set.ranges()
                        .iter()
                        .find(|r| r.end() >= '!')
                        .map(|r| r.start().max('!'))
                })
                .or_else(|| set.ranges().first().map(|r| r.start()))
        }
        Class::Bytes(set) => {
            let contains = |b: u8| set.ranges().iter().any(|r| r.start() <= b && b <= r.end());
            [b'a', b'A', b'0', b'_', b'-', b' ']
                .into_iter()
                .find(|&b| contains(b))
                .or_else(|| set.ranges().first().map(|r| r.start()))
                .filter(u8::is_ascii)
                .map(char::from)
        }
    }
}

/// Whether every match of `hir` starts at the start of the text.
fn starts_anchored(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Look(look) => matches!(look, Look::Start | Look::StartLF | Look::StartCRLF),
        HirKind::Capture(c) => starts_anchored(&c.sub),
        HirKind::Concat(parts) => parts.first().is_some_and(starts_anchored),
        HirKind::Alternation(branches) => branches.iter().all(starts_anchored),
        _ => false,
    }
}

/// Whether every match of `hir` ends at the end of the text.
fn ends_anchored(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Look(look) => matches!(look, Look::End | Look::EndLF | Look::EndCRLF),
        HirKind::Capture(c) => ends_anchored(&c.sub),
        HirKind::Concat(parts) => parts.last().is_some_and(ends_anchored),
        HirKind::Alternation(branches) => branches.iter().all(ends_anchored),
        _ => false,
    }
}
