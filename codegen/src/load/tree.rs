//! Nodes of a YAML value addressed by the reference tokens of a JSON pointer.

use serde_yaml::{Mapping, Value};

use super::key_token;

/// The child of `node` a reference token names: a mapping member by its key, or a sequence
/// item by its index (written without leading zeros, as RFC 6901 requires).
pub(super) fn child<'v>(node: &'v Value, token: &str) -> Option<&'v Value> {
    match node {
        // A hashed lookup first: keys are strings once loading has made them so.
        Value::Mapping(m) => m.get(token).or_else(|| {
            m.iter()
                .find(|(k, _)| !k.is_string() && key_token(k).as_deref() == Some(token))
                .map(|(_, v)| v)
        }),
        Value::Sequence(s) => s.get(index(token)?),
        Value::Tagged(t) => child(&t.value, token),
        _ => None,
    }
}

/// [`child`], mutable.
pub(super) fn child_mut<'v>(node: &'v mut Value, token: &str) -> Option<&'v mut Value> {
    match node {
        Value::Mapping(m) => {
            if m.contains_key(token) {
                return m.get_mut(token);
            }
            m.iter_mut()
                .find(|(k, _)| !k.is_string() && key_token(k).as_deref() == Some(token))
                .map(|(_, v)| v)
        }
        Value::Sequence(s) => s.get_mut(index(token)?),
        Value::Tagged(t) => child_mut(&mut t.value, token),
        _ => None,
    }
}

/// The node at `tokens` below `doc`.
pub(super) fn node_at<'v>(doc: &'v Value, tokens: &[String]) -> Option<&'v Value> {
    tokens.iter().try_fold(doc, |node, t| child(node, t))
}

/// [`node_at`], mutable.
pub(super) fn node_at_mut<'v>(doc: &'v mut Value, tokens: &[String]) -> Option<&'v mut Value> {
    let mut node = doc;
    for t in tokens {
        node = child_mut(node, t)?;
    }
    Some(node)
}

/// The tokens of the children of `node`, in document order.
pub(super) fn child_tokens(node: &Value) -> Vec<String> {
    match node {
        Value::Mapping(m) => m.keys().filter_map(key_token).collect(),
        Value::Sequence(s) => (0..s.len()).map(|i| i.to_string()).collect(),
        _ => Vec::new(),
    }
}

/// The `$ref` string of a Reference Object, if `node` is one.
pub(super) fn reference(node: &Value) -> Option<&str> {
    reference_in(node.as_mapping()?)
}

/// The `$ref` string of a mapping, if it has one.
pub(super) fn reference_in(m: &Mapping) -> Option<&str> {
    m.get("$ref")?.as_str()
}

/// Whether `node` is a Reference Object and nothing else: `{$ref: ...}` alone.
pub(super) fn is_bare_reference(node: &Value) -> bool {
    reference(node).is_some() && node.as_mapping().is_some_and(|m| m.len() == 1)
}

fn index(token: &str) -> Option<usize> {
    let i = token.parse::<usize>().ok()?;
    (i.to_string() == token).then_some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_members_and_items() {
        let doc: Value = serde_yaml::from_str("a: {b: [x, {c: 1}]}\n200: ok\n").expect("YAML");
        let at = |p: &[&str]| {
            let tokens: Vec<String> = p.iter().map(|s| (*s).to_owned()).collect();
            node_at(&doc, &tokens).cloned()
        };
        assert_eq!(at(&["a", "b", "1", "c"]), Some(Value::from(1)));
        assert_eq!(at(&["200"]), Some(Value::from("ok")));
        assert_eq!(at(&["a", "b", "01"]), None, "no leading zeros");
        assert_eq!(at(&["a", "b", "2"]), None);
        assert_eq!(
            child_tokens(at(&["a", "b"]).as_ref().expect("b")),
            ["0", "1"]
        );
    }

    #[test]
    fn tells_references() {
        let bare: Value = serde_yaml::from_str("$ref: '#/x'").expect("YAML");
        let with_siblings: Value =
            serde_yaml::from_str("{$ref: '#/x', nullable: true}").expect("YAML");
        assert_eq!(reference(&bare), Some("#/x"));
        assert!(is_bare_reference(&bare));
        assert!(!is_bare_reference(&with_siblings));
        assert_eq!(reference(&Value::from("#/x")), None);
    }
}
