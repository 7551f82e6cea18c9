//! Path items given by a local `$ref` (`/pets: {$ref: '#/paths/~1animals'}`), replaced by a
//! copy of the path item they name.
//!
//! OpenAPI 3.0 has no components for path items, so the referenced one cannot be shared: its
//! operations are served at both paths. Members written beside the `$ref` are kept and win
//! over the copied ones (the specification leaves such a clash undefined). Diagnostics inside a
//! copied operation name the original it was copied from; those about the operation as a whole
//! name the path that serves the copy.

use serde_yaml::Value;

use super::refs::diagnostic;
use super::refs::resolve::{Problem, Resolved, Resolver};
use super::structure::{Kind, visit_objects};
use crate::diagnostic::Diagnostic;
use crate::load::{SourceMap, key_token, tree};
use crate::pointer;

/// Replaces every local path item `$ref` in `doc` by the path item it names; references into
/// other documents stay for lowering to report.
pub(crate) fn inline_path_item_refs(doc: &mut Value, map: &mut SourceMap) -> Vec<Diagnostic> {
    let mut referrers: Vec<Vec<String>> = Vec::new();
    visit_objects(doc, &mut |at, kind, object| {
        if kind == Kind::PathItem && tree::reference_in(object).is_some() {
            referrers.push(super::refs::owned(at));
        }
    });
    let mut problems = Vec::new();
    for at in referrers {
        if let Err(d) = inline(doc, map, &at, &mut Vec::new()) {
            problems.push(d);
        }
    }
    problems
}

/// Inlines the path item at `at`, after the one it names if that is a `$ref` with members of
/// its own; `inlining` holds the path items waiting for this one, to tell a cycle.
fn inline(
    doc: &mut Value,
    map: &mut SourceMap,
    at: &[String],
    inlining: &mut Vec<Vec<String>>,
) -> Result<(), Diagnostic> {
    let Some(reference) = tree::node_at(doc, at)
        .and_then(tree::reference)
        .map(str::to_owned)
    else {
        return Ok(());
    };
    let fail = |doc: &Value, problem| diagnostic(doc, at, &reference, Kind::PathItem, problem);
    let target = match (Resolver { doc }).resolve(&reference, Kind::PathItem) {
        Ok(Resolved::Node(target)) => target,
        Ok(Resolved::Component(_) | Resolved::External(_)) => return Ok(()),
        Err(problem) => return Err(fail(doc, problem)),
    };
    if inlining.contains(&target) || inlining.len() > super::refs::resolve::MAX_HOPS {
        inlining.push(target);
        let chain = inlining.iter().map(pointer::to_reference).collect();
        return Err(fail(doc, Problem::Cycle(chain)));
    }
    inlining.push(at.to_vec());
    inline(doc, map, &target, inlining)?;
    inlining.pop();
    let Some(Value::Mapping(copy)) = tree::node_at(doc, &target).cloned() else {
        return Ok(());
    };
    let Some(Value::Mapping(item)) = tree::node_at_mut(doc, at) else {
        return Ok(());
    };
    let own = std::mem::take(item);
    let (from, to) = (pointer::join("", &target), pointer::join("", at));
    for (key, value) in copy {
        let Some(token) = key_token(&key) else {
            continue;
        };
        if own.contains_key(&key) {
            continue;
        }
        record_copy(
            map,
            &value,
            &pointer::join(&from, [&token]),
            &pointer::join(&to, [&token]),
        );
        item.insert(key, value);
    }
    for (key, value) in own {
        if key.as_str() != Some("$ref") {
            item.insert(key, value);
        }
    }
    Ok(())
}

/// Records the copy of `member` (an operation, the `parameters` list, …) from `from` to `to` by
/// its children: what is inside names the text it was copied from, while the member itself
/// (an operation renamed or left out, say) stays at the path that serves the copy.
fn record_copy(map: &mut SourceMap, member: &Value, from: &str, to: &str) {
    let children = tree::child_tokens(member);
    if children.is_empty() {
        map.record(from, to);
    }
    for child in children {
        map.record(&pointer::join(from, [&child]), &pointer::join(to, [&child]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (Value, SourceMap, Vec<Diagnostic>) {
        let mut doc: Value = serde_yaml::from_str(text).expect("YAML");
        let mut map = SourceMap::default();
        let problems = inline_path_item_refs(&mut doc, &mut map);
        (doc, map, problems)
    }

    #[test]
    fn copies_the_named_path_item_and_keeps_own_members() {
        let (doc, map, problems) = run(
            "paths:\n  /a: {$ref: '#/paths/~1c', summary: mine}\n  /b: {$ref: '#/paths/~1a'}\n  /c: {summary: theirs, get: {responses: {}}}\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        let expected: Value = serde_yaml::from_str(
            "paths:\n  /a: {summary: mine, get: {responses: {}}}\n  /b: {summary: mine, get: {responses: {}}}\n  /c: {summary: theirs, get: {responses: {}}}\n",
        )
        .expect("YAML");
        assert_eq!(doc, expected);
        assert_eq!(
            map.original("/paths/~1b/get/responses"),
            "/paths/~1c/get/responses"
        );
        assert_eq!(map.original("/paths/~1b/summary"), "/paths/~1a/summary");
    }

    #[test]
    fn reports_cycles_and_dangling_references() {
        let (_, _, problems) = run(
            "paths:\n  /a: {$ref: '#/paths/~1b', summary: a}\n  /b: {$ref: '#/paths/~1a', summary: b}\n  /c: {$ref: '#/paths/~1d'}\n",
        );
        let messages: Vec<(&str, &str)> = problems
            .iter()
            .map(|d| (d.pointer.as_str(), d.message.as_str()))
            .collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(
            messages[0].1.contains("never reach a definition"),
            "{messages:?}"
        );
        assert_eq!(messages[2].0, "/paths/~1c");
        assert!(messages[2].1.contains("points at nothing"), "{messages:?}");
    }
}
