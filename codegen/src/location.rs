//! Maps JSON pointers to lines and columns of the spec text.
//!
//! `serde_yaml` gives no positions for values, so on the error path only we re-read the text with
//! `yaml-rust2`'s event parser, which marks every node, and look up the pointers diagnostics name.

use std::collections::{HashMap, HashSet};

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::pointer;

/// Finds the 1-based line and column of each of `wanted` (JSON pointers) in `text`. A pointer
/// whose node cannot be found (a path through an alias or a merge key, or text that does not
/// parse) is left out; the deepest existing ancestor is used instead, so a diagnostic about a
/// missing key points at the mapping that lacks it.
pub fn locate(text: &str, wanted: &[&str]) -> HashMap<String, (usize, usize)> {
    let mut wanted_with_ancestors: HashSet<String> = HashSet::new();
    for w in wanted {
        let toks = pointer::tokens(w);
        for n in 0..=toks.len() {
            wanted_with_ancestors.insert(pointer::join("", &toks[..n]));
        }
    }
    let mut walker = Walker {
        wanted: &wanted_with_ancestors,
        stack: Vec::new(),
        found: HashMap::new(),
    };
    // A syntax error part-way leaves what was seen before it, which is what we want.
    let _ = Parser::new_from_str(text).load(&mut walker, false);
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

enum Frame {
    Mapping { pointer: String, key: Option<String> },
    Sequence { pointer: String, index: usize },
}

struct Walker<'a> {
    wanted: &'a HashSet<String>,
    stack: Vec<Frame>,
    found: HashMap<String, (usize, usize)>,
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
            Some(Frame::Mapping { pointer, key }) => {
                key.take().map(|k| pointer::join(pointer, [k]))
            }
        }
    }

    fn record(&mut self, pointer: &str, mark: Marker) {
        if self.wanted.contains(pointer) && !self.found.contains_key(pointer) {
            self.found.insert(pointer.to_owned(), (mark.line(), mark.col() + 1));
        }
    }

    fn node_start(&mut self, mark: Marker, key_text: Option<&str>) -> Option<String> {
        let p = self.next_node_pointer();
        match (&p, self.stack.last_mut()) {
            (Some(p), _) => {
                let p = p.clone();
                self.record(&p, mark);
            }
            (None, Some(Frame::Mapping { pointer, key })) => {
                // A key: remember it, and record its position as its value's, since the key line
                // is where a reader looks.
                let k = key_text.unwrap_or_default().to_owned();
                let value_pointer = pointer::join(pointer, [&k]);
                *key = Some(k);
                self.record(&value_pointer, mark);
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
                self.node_start(mark, Some(&text));
            }
            Event::Alias(_) => {
                self.node_start(mark, None);
            }
            Event::MappingStart(..) => {
                let p = self.node_start(mark, None).unwrap_or_default();
                self.stack.push(Frame::Mapping { pointer: p, key: None });
            }
            Event::SequenceStart(..) => {
                let p = self.node_start(mark, None).unwrap_or_default();
                self.stack.push(Frame::Sequence { pointer: p, index: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::locate;

    #[test]
    fn finds_keys_items_and_ancestors() {
        let text = "openapi: 3.0.3\npaths:\n  /a/b:\n    get:\n      tags: [x, y]\n";
        let got = locate(text, &["/paths/~1a~1b/get", "/paths/~1a~1b/get/tags/1", "/paths/~1a~1b/put"]);
        assert_eq!(got["/paths/~1a~1b/get"], (4, 5));
        assert_eq!(got["/paths/~1a~1b/get/tags/1"].0, 5);
        // a missing key points at its parent
        assert_eq!(got["/paths/~1a~1b/put"], (3, 3));
    }

    #[test]
    fn reads_json_too() {
        let text = "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"t\"}\n}";
        let got = locate(text, &["/info/title"]);
        assert_eq!(got["/info/title"].0, 3);
    }
}
