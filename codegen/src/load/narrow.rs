//! Finding the node a deserialization error comes from, below the nodes where
//! `serde_path_to_error` loses the path, by trial deserializations of changed copies of the
//! document.

use serde_yaml::{Mapping, Value};

use super::tree::{child_mut, child_tokens, node_at, node_at_mut};
use super::{Failure, between, key_token};

/// Reads a node as the type whose error is being narrowed.
pub(super) type Reader = fn(&Value) -> Result<(), Failure>;

/// How many trial deserializations [`narrow`] may spend.
const NARROWING_BUDGET: usize = 400;

/// Nodes with more children than this are searched by halving (see [`Trials::by_prefix`]).
const LINEAR_SEARCH_MAX: usize = 16;

/// Descends from the node at `tokens` to the child the error `message` comes from, for as long as
/// trials show which child that is.
///
/// `doc` is what `read` failed on with `message`. The trials run on a skeleton of it (see
/// [`skeleton`]), so each is small.
pub(super) fn narrow(
    doc: &Value,
    mut tokens: Vec<String>,
    message: &str,
    read: Reader,
) -> Vec<String> {
    let mut budget = NARROWING_BUDGET;
    loop {
        let Some(node) = node_at(doc, &tokens) else {
            return tokens;
        };
        let children = child_tokens(node);
        if children.is_empty() || budget < 3 * children.len().min(LINEAR_SEARCH_MAX) {
            return tokens;
        }
        let mut pruned = Vec::new();
        let skeleton = skeleton(doc, &tokens, &mut pruned);
        let reproduces = matches!(read(&skeleton), Err(f) if f.message == message);
        let mut trials = Trials {
            base: if reproduces { &skeleton } else { doc },
            pruned: if reproduces { pruned } else { Vec::new() },
            tokens: &tokens,
            message,
            budget: &mut budget,
            read,
        };
        let culprit = if children.len() > LINEAR_SEARCH_MAX {
            trials.by_prefix(&children)
        } else {
            trials.one_by_one(&children)
        };
        match culprit {
            Some(child) => tokens.push(child),
            None => return tokens,
        }
    }
}

/// Trial deserializations of `base` with the children of the node at `tokens` changed.
struct Trials<'a> {
    base: &'a Value,
    /// Keys the skeleton left out, whose absence is an error of its own.
    pruned: Vec<String>,
    tokens: &'a [String],
    message: &'a str,
    budget: &'a mut usize,
    read: Reader,
}

/// What a trial did to the error being narrowed.
enum Outcome {
    /// It is gone: the document reads, or fails only for what the skeleton left out.
    Gone,
    Same,
    Other(String),
}

impl Trials<'_> {
    /// The first child whose removal or emptying makes the error go; else the first whose removal
    /// changes it; else (when several children fail alike, so that removing one changes nothing)
    /// the first that fails alone.
    fn one_by_one(&mut self, children: &[String]) -> Option<String> {
        let mut changed = None;
        for child in children {
            match self.run(|node| retain(node, |t| t != child)) {
                Outcome::Gone => return Some(child.clone()),
                // Leaving out a required key, or the tag that says how to read the rest, makes
                // the document fail for a reason of its own.
                Outcome::Other(m)
                    if !m.starts_with("missing field") && !m.contains(&format!("`{child}`")) =>
                {
                    changed.get_or_insert(child);
                }
                Outcome::Other(_) | Outcome::Same => {}
            }
            // A required child cannot be left out, but it can be emptied.
            if let Outcome::Gone = self.run(|node| empty_child(node, child)) {
                return Some(child.clone());
            }
        }
        if let Some(child) = changed {
            return Some(child.clone());
        }
        if !self.children_to_blame() {
            return None;
        }
        children
            .iter()
            .find(|child| {
                matches!(
                    self.run(|node| retain(node, |t| t == *child)),
                    Outcome::Same
                )
            })
            .cloned()
    }

    /// For a node with many children (a collection such as `paths`): the child that, kept with
    /// those before it, brings the error back, found by halving. Serde reports the first error
    /// in document order, so the children after it do not matter.
    fn by_prefix(&mut self, children: &[String]) -> Option<String> {
        if !self.children_to_blame() {
            return None;
        }
        // The error is absent with `low` children kept and present with `high`.
        let (mut low, mut high) = (0, children.len());
        while high - low > 1 {
            let mid = low + (high - low) / 2;
            let kept = &children[..mid];
            match self.run(|node| retain(node, |t| kept.iter().any(|k| k == t))) {
                Outcome::Same => high = mid,
                _ => low = mid,
            }
        }
        Some(children[low].clone())
    }

    /// Whether a child can be to blame: not for a missing field (missing from the node itself),
    /// nor when the node fails with no children at all (it is wrong itself).
    fn children_to_blame(&mut self) -> bool {
        !self.message.starts_with("missing field")
            && !matches!(self.run(|node| retain(node, |_| false)), Outcome::Same)
    }

    fn run(&mut self, change: impl FnOnce(&mut Value)) -> Outcome {
        *self.budget = self.budget.saturating_sub(1);
        let mut trial = self.base.clone();
        if let Some(node) = node_at_mut(&mut trial, self.tokens) {
            change(node);
        }
        match (self.read)(&trial) {
            Ok(_) => Outcome::Gone,
            Err(f) if f.message == self.message => Outcome::Same,
            Err(f) if self.only_pruned_missing(&f.message) => Outcome::Gone,
            Err(f) => Outcome::Other(f.message),
        }
    }

    fn only_pruned_missing(&self, message: &str) -> bool {
        between(message, "missing field `", "`").is_some_and(|f| self.pruned.iter().any(|p| p == f))
    }
}

/// Replaces a non-empty mapping or sequence child with an empty one.
fn empty_child(node: &mut Value, token: &str) {
    match child_mut(node, token) {
        Some(Value::Mapping(m)) => m.clear(),
        Some(Value::Sequence(s)) => s.clear(),
        _ => {}
    }
}

/// Keeps only the children of `node` whose token passes `keep`.
fn retain(node: &mut Value, keep: impl Fn(&str) -> bool) {
    match node {
        Value::Mapping(m) => m.retain(|k, _| key_token(k).is_some_and(|t| keep(&t))),
        Value::Sequence(s) => {
            let mut i = 0;
            s.retain(|_| {
                i += 1;
                keep(&(i - 1).to_string())
            });
        }
        _ => {}
    }
}

/// `doc` with every mapping above the node at `tokens` cut down to the step toward it and its
/// scalar members (which can decide how a node is read, e.g. a parameter's `in`); the keys left
/// out go to `pruned`. Sequences are kept whole, so indices stay valid.
fn skeleton(doc: &Value, tokens: &[String], pruned: &mut Vec<String>) -> Value {
    let Some((first, rest)) = tokens.split_first() else {
        return doc.clone();
    };
    match doc {
        Value::Mapping(m) => {
            let mut kept = Mapping::new();
            for (k, v) in m {
                let token = key_token(k);
                if token.as_deref() == Some(first.as_str()) {
                    kept.insert(k.clone(), skeleton(v, rest, pruned));
                } else if is_scalar(v) {
                    kept.insert(k.clone(), v.clone());
                } else if let Some(token) = token {
                    pruned.push(token);
                }
            }
            Value::Mapping(kept)
        }
        Value::Sequence(s) => Value::Sequence(
            s.iter()
                .enumerate()
                .map(|(i, v)| {
                    if i.to_string() == *first {
                        skeleton(v, rest, pruned)
                    } else {
                        v.clone()
                    }
                })
                .collect(),
        ),
        _ => doc.clone(),
    }
}

fn is_scalar(v: &Value) -> bool {
    matches!(
        v,
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_)
    )
}

#[cfg(test)]
mod tests {
    use serde_yaml::Value;

    use crate::load::deserialize;

    #[test]
    fn narrows_an_error_to_the_child_it_comes_from() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: object, properties: {a: {type: string}}}\n    B: {type: object, required: true}\n";
        let doc: Value = serde_yaml::from_str(text).expect("YAML");
        let e = deserialize(&doc).expect_err("required must be a list");
        assert_eq!(e.pointer, "/components/schemas/B/required");
        assert_eq!(e.hint.as_deref(), Some("this must be a list"));
    }
}
