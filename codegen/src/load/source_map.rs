//! Where the nodes of a rewritten document were written in the original one.
//!
//! Loading may move nodes (a schema a `$ref` points into is hoisted into `components/schemas`)
//! or copy them (a path item `$ref` is replaced by the path item it names). Diagnostics and the
//! model name places of the rewritten document; a [`SourceMap`] turns them back into pointers
//! of the text the user wrote, whose lines can then be found. Any later rewrite (a Swagger 2.0
//! or OpenAPI 3.1 document brought to the 3.0 form) records its moves here too.

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;

/// Pointers of a rewritten document to pointers of the original, by subtree: a node recorded at
/// `/components/schemas/A_allOf_0` takes everything below it along.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceMap {
    /// A rewritten subtree's root to the original place of that subtree.
    moved: BTreeMap<String, String>,
}

impl SourceMap {
    /// Whether nothing was moved: every pointer is its own original.
    pub fn is_empty(&self) -> bool {
        self.moved.is_empty()
    }

    /// The pointer of the original document that `pointer` (of the rewritten one) comes from:
    /// the deepest recorded subtree holding it, with the rest of the path kept. A pointer in no
    /// recorded subtree is unchanged.
    pub fn original(&self, pointer: &str) -> String {
        let mut end = pointer.len();
        loop {
            let prefix = &pointer[..end];
            if let Some(original) = self.moved.get(prefix) {
                return format!("{original}{}", &pointer[end..]);
            }
            match prefix.rfind('/') {
                Some(slash) => end = slash,
                None => return pointer.to_owned(),
            }
        }
    }

    /// Records that the subtree now at `to` is the one that was at `from` (a pointer of the
    /// rewritten document before the move, which may itself have been moved before). Subtrees
    /// recorded below `from` are recorded below `to` as well, for a copy.
    pub fn record(&mut self, from: &str, to: &str) {
        let below = format!("{from}/");
        let nested: Vec<(String, String)> = self
            .moved
            .range(below.clone()..)
            .take_while(|(k, _)| k.starts_with(&below))
            .map(|(k, v)| (format!("{to}{}", &k[from.len()..]), v.clone()))
            .collect();
        let original = self.original(from);
        self.moved.insert(to.to_owned(), original);
        self.moved.extend(nested);
    }

    /// Points each diagnostic at the original document, and the pointers its message and
    /// hint quote (`(at #/components/schemas/A_b/properties/x)`).
    pub fn restore(&self, diagnostics: &mut [Diagnostic]) {
        if self.is_empty() {
            return;
        }
        for d in diagnostics {
            d.pointer = self.original(&d.pointer);
            d.message = self.restore_quoted(&d.message);
            if let Some(hint) = &mut d.hint {
                *hint = self.restore_quoted(hint);
            }
        }
    }

    /// `text` with every pointer it quotes after a `#` made original. A quoted pointer ends at
    /// white space or at the punctuation that encloses it in a sentence.
    fn restore_quoted(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(at) = rest.find("#/") {
            out.push_str(&rest[..=at]);
            let quoted = &rest[at + 1..];
            let end = quoted
                .find(|c: char| c.is_whitespace() || matches!(c, '`' | ')' | ',' | '\'' | '"'))
                .unwrap_or(quoted.len());
            out.push_str(&self.original(&quoted[..end]));
            rest = &quoted[end..];
        }
        out.push_str(rest);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_subtrees_back() {
        let mut map = SourceMap::default();
        map.record(
            "/components/schemas/A/allOf/0",
            "/components/schemas/A_allOf_0",
        );
        assert_eq!(
            map.original("/components/schemas/A_allOf_0/properties/x"),
            "/components/schemas/A/allOf/0/properties/x"
        );
        assert_eq!(
            map.original("/components/schemas/A_allOf_0"),
            "/components/schemas/A/allOf/0"
        );
        // A sibling whose name starts alike is not in the subtree.
        assert_eq!(
            map.original("/components/schemas/A_allOf_01"),
            "/components/schemas/A_allOf_01"
        );
        assert_eq!(map.original(""), "");
        let mut d = [Diagnostic::error(
            "/components/schemas/A_allOf_0/x",
            "declared again (at #/components/schemas/A_allOf_0/properties/x), see `#/a`",
        )];
        map.restore(&mut d);
        assert_eq!(d[0].pointer, "/components/schemas/A/allOf/0/x");
        assert_eq!(
            d[0].message,
            "declared again (at #/components/schemas/A/allOf/0/properties/x), see `#/a`"
        );
    }

    #[test]
    fn follows_moves_of_moved_nodes_and_copies() {
        let mut map = SourceMap::default();
        map.record("/x-defs/B", "/components/schemas/B");
        map.record("/paths/~1b/get", "/paths/~1a/get");
        map.record(
            "/components/schemas/B/properties/c",
            "/components/schemas/B_c",
        );
        assert_eq!(
            map.original("/components/schemas/B_c/type"),
            "/x-defs/B/properties/c/type"
        );
        map.record("/paths/~1a", "/paths/~1z");
        assert_eq!(
            map.original("/paths/~1z/get/responses"),
            "/paths/~1b/get/responses"
        );
        assert_eq!(map.original("/paths/~1z/put"), "/paths/~1a/put");
    }
}
