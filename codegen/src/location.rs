//! Maps JSON pointers to lines and columns of the spec text, and finds duplicate keys.
//!
//! `serde_yaml` gives no positions for values, so on the error path only we re-read the text with
//! `yaml-rust2`'s event parser, which marks every node, and look up the pointers diagnostics name.
//! The same walk finds the first key repeated within one mapping, which `serde_yaml` reports
//! without saying where.

use std::collections::{HashMap, HashSet};

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::pointer;

/// A 1-based line and column.
pub type Position = (usize, usize);

/// Finds the 1-based line and column of each of `wanted` (JSON pointers) in `text`. A pointer
/// whose node cannot be found (a path through an alias or a merge key, or text that does not
/// parse) is left out; the deepest existing ancestor is used instead, so a diagnostic about a
/// missing key points at the mapping that lacks it.
///
/// A mapping value is placed at its key (where a reader looks); a mapping that is no key's value
/// (the document, a list item) at its first key.
pub fn locate(text: &str, wanted: &[&str]) -> HashMap<String, Position> {
    let mut wanted_with_ancestors: HashSet<String> = HashSet::new();
    for w in wanted {
        let toks = pointer::tokens(w);
        for n in 0..=toks.len() {
            wanted_with_ancestors.insert(pointer::join("", &toks[..n]));
        }
    }
    let walker = walk(text, &wanted_with_ancestors);
    let mut out = HashMap::new();
    for w in wanted {
        let mut toks = pointer::tokens(w);
        loop {
            if let Some(pos) = walker.found.get(&pointer::join("", &toks)) {
                out.insert((*w).to_owned(), *pos);
                break;
            }
            if toks.pop().is_none() {
                break;
            }
        }
    }
    out
}

/// A key written twice in one mapping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicateKey {
    /// The key, as written (without quotes).
    pub key: String,
    /// JSON pointer of the key's value, e.g. `/components/schemas/Pet/properties/name`.
    pub pointer: String,
    /// Where the key is first written.
    pub first: Position,
    /// Where it is written again.
    pub again: Position,
}

/// The first key (in document order) written twice in one mapping, if any. Only plain scalar keys
/// are compared, by their text.
pub fn first_duplicate_key(text: &str) -> Option<DuplicateKey> {
    walk(text, &HashSet::new()).duplicate
}

fn walk<'a>(text: &str, wanted: &'a HashSet<String>) -> Walker<'a> {
    let mut walker = Walker {
        wanted,
        stack: Vec::new(),
        found: HashMap::new(),
        pending: None,
        duplicate: None,
    };
    // A syntax error part-way leaves what was seen before it, which is what we want.
    let _ = Parser::new_from_str(text).load(&mut walker, false);
    walker
}

enum Frame {
    Mapping {
        pointer: String,
        key: Option<String>,
        /// Keys seen so far, with where each was first written.
        seen: HashMap<String, Position>,
    },
    Sequence {
        pointer: String,
        index: usize,
    },
}

struct Walker<'a> {
    wanted: &'a HashSet<String>,
    stack: Vec<Frame>,
    found: HashMap<String, Position>,
    /// A mapping that started where its position is not known yet: the parser marks a block
    /// mapping at its first `:`, so it is placed at its first key instead (or, when it turns out
    /// empty, at the mark, which for `{}` is the brace).
    pending: Option<(String, Marker)>,
    duplicate: Option<DuplicateKey>,
}

fn position(mark: Marker) -> Position {
    (mark.line(), mark.col() + 1)
}

impl Walker<'_> {
    /// The pointer of the node that starts now, or `None` when the node is a mapping key.
    fn next_node_pointer(&mut self) -> Option<String> {
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Sequence { pointer, index }) => {
                let p = pointer::join(pointer, [index.to_string()]);
                *index += 1;
                Some(p)
            }
            Some(Frame::Mapping { pointer, key, .. }) => {
                key.take().map(|k| pointer::join(pointer, [k]))
            }
        }
    }

    fn record(&mut self, pointer: &str, at: Position) {
        if self.wanted.contains(pointer) && !self.found.contains_key(pointer) {
            self.found.insert(pointer.to_owned(), at);
        }
    }

    fn settle_pending(&mut self, at: Position) {
        if let Some((pointer, _)) = self.pending.take() {
            self.record(&pointer, at);
        }
    }

    /// Handles the start of any node; `key_text` is the text of a scalar. Returns the node's
    /// pointer, or `None` when the node is a mapping key. The position of a mapping is settled
    /// later (see `pending`).
    fn node_start(
        &mut self,
        mark: Marker,
        key_text: Option<&str>,
        is_mapping: bool,
    ) -> Option<String> {
        self.settle_pending(position(mark));
        let p = self.next_node_pointer();
        match (&p, self.stack.last_mut()) {
            (Some(p), _) if is_mapping => {
                if !self.found.contains_key(p) {
                    self.pending = Some((p.clone(), mark));
                }
            }
            (Some(p), _) => {
                let p = p.clone();
                self.record(&p, position(mark));
            }
            (None, Some(Frame::Mapping { pointer, key, seen })) => {
                // A key: remember it, and record its position as its value's, since the key line
                // is where a reader looks.
                let k = key_text.unwrap_or_default().to_owned();
                let value_pointer = pointer::join(pointer, [&k]);
                if key_text.is_some() {
                    match seen.get(&k) {
                        Some(first) if self.duplicate.is_none() => {
                            self.duplicate = Some(DuplicateKey {
                                key: k.clone(),
                                pointer: value_pointer.clone(),
                                first: *first,
                                again: position(mark),
                            });
                        }
                        Some(_) => {}
                        None => {
                            seen.insert(k.clone(), position(mark));
                        }
                    }
                }
                *key = Some(k);
                self.record(&value_pointer, position(mark));
            }
            (None, _) => {}
        }
        p
    }
}

impl MarkedEventReceiver for Walker<'_> {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(text, ..) => {
                self.node_start(mark, Some(&text), false);
            }
            Event::Alias(_) => {
                self.node_start(mark, None, false);
            }
            Event::MappingStart(..) => {
                let p = self.node_start(mark, None, true);
                self.stack.push(Frame::Mapping {
                    pointer: p.unwrap_or_default(),
                    key: None,
                    seen: HashMap::new(),
                });
            }
            Event::SequenceStart(..) => {
                let p = self.node_start(mark, None, false).unwrap_or_default();
                self.stack.push(Frame::Sequence {
                    pointer: p,
                    index: 0,
                });
            }
            Event::MappingEnd => {
                if let Some((_, start)) = self.pending {
                    self.settle_pending(position(start));
                }
                self.stack.pop();
            }
            Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{first_duplicate_key, locate};

    #[test]
    fn finds_keys_items_and_ancestors() {
        let text = "openapi: 3.0.3\npaths:\n  /a/b:\n    get:\n      tags: [x, y]\n";
        let got = locate(
            text,
            &[
                "/paths/~1a~1b/get",
                "/paths/~1a~1b/get/tags/1",
                "/paths/~1a~1b/put",
            ],
        );
        assert_eq!(got["/paths/~1a~1b/get"], (4, 5));
        assert_eq!(got["/paths/~1a~1b/get/tags/1"].0, 5);
        // a missing key points at its parent
        assert_eq!(got["/paths/~1a~1b/put"], (3, 3));
    }

    #[test]
    fn places_block_mappings_at_their_first_key() {
        let text = "# c\nopenapi: 3.0.3\nparameters:\n  - $ref: '#/x'\n  - {}\n";
        let got = locate(text, &["", "/parameters/0", "/parameters/1"]);
        assert_eq!(got[""], (2, 1));
        assert_eq!(got["/parameters/0"], (4, 5));
        assert_eq!(got["/parameters/1"], (5, 5));
    }

    #[test]
    fn reads_json_too() {
        let text = "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"t\"}\n}";
        let got = locate(text, &["/info/title"]);
        assert_eq!(got["/info/title"].0, 3);
    }

    #[test]
    fn finds_the_first_duplicate_key() {
        let text = "a:\n  b: 1\n  c: [{b: 1}, {b: 2}]\n  b: 2\nd: 1\nd: 2\n";
        let d = first_duplicate_key(text).expect("a duplicate");
        assert_eq!(d.key, "b");
        assert_eq!(d.pointer, "/a/b");
        assert_eq!((d.first, d.again), ((2, 3), (4, 3)));
        assert_eq!(first_duplicate_key("a: 1\nb: {a: 2}\n"), None);
        let json = "{\"x\": {\"Pet\": 1,\n \"Pet\": 2}}";
        assert_eq!(first_duplicate_key(json).map(|d| d.again), Some((2, 2)));
    }
}
