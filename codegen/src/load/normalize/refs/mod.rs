//! `$ref`s to any place of the document, brought to the one form lowering reads:
//! `#/components/<collection>/<name>`.
//!
//! OpenAPI's `$ref` is a URI: its fragment is percent-decoded and read as a JSON pointer to any
//! node of the document (`#/components/schemas/Tag/allOf/0`, `#/paths/~1pets/get/parameters/0`).
//! A reference whose target is not a component of its kind has the target hoisted into the
//! components under a readable key derived from where it was written (see [`hoist`]), and the
//! target's own place becomes a `$ref` to it too, so the referrer and the original place are
//! one type. A reference that only forwards to another (`{$ref: ...}` alone) is replaced by the
//! one it forwards to; a pointer that passes through a `$ref` reads on in its target.
//!
//! References of the plain component form are left as written, also when they name nothing:
//! lowering reports those, with its hints. Path item references are copied in (see
//! [`super::path_items`]): OpenAPI 3.0 has no components for path items.

mod hoist;
pub(super) mod resolve;

use std::collections::{HashMap, HashSet};

use serde_yaml::Value;

use super::structure::{Kind, visit_objects};
use crate::diagnostic::{Diagnostic, similar_names};
use crate::load::{SourceMap, tree};
use crate::pointer;
use hoist::{Hoist, Keys, can_hold, move_all, wanted_key};
use resolve::{Problem, Resolved, Resolver};

/// How many times the document is searched for references: each time reaches the references
/// inside nodes the previous time hoisted from places the grammar does not walk (a schema kept
/// under `#/x-definitions`, whose own references point at its siblings there).
const MAX_PASSES: usize = 16;

/// Brings every local `$ref` of `doc` to the component form, recording each move in `map`.
/// Returns the references that cannot be read: errors where the generator reads the target,
/// warnings where it does not (examples, headers, links, callbacks).
pub(crate) fn hoist_local_refs(doc: &mut Value, map: &mut SourceMap) -> Vec<Diagnostic> {
    let mut found: Vec<Diagnostic> = Vec::new();
    let mut reported: HashSet<String> = HashSet::new();
    for _ in 0..MAX_PASSES {
        let (changed, problems) = one_pass(doc, map);
        let failed = problems.iter().any(Diagnostic::is_error);
        found.extend(
            problems
                .into_iter()
                .filter(|d| reported.insert(d.pointer.clone())),
        );
        if !changed || failed {
            break;
        }
    }
    found
}

/// A `$ref` (or a string that is one: a discriminator's mapping entry, the error schema of
/// `x-codegen-rejections`) and what its place expects.
struct Referrer {
    /// The Reference Object, or the string.
    at: Vec<String>,
    /// Whether `at` is the string itself rather than an object with a `$ref` member.
    in_mapping: bool,
    reference: String,
    kind: Kind,
}

fn referrers(doc: &Value) -> Vec<Referrer> {
    let mut out = Vec::new();
    visit_objects(doc, &mut |at, kind, object| {
        if kind == Kind::Discriminator {
            let Some(Value::Mapping(mapping)) = object.get("mapping") else {
                return;
            };
            for (tag, target) in mapping {
                let (Some(tag), Some(target)) = (crate::load::key_token(tag), target.as_str())
                else {
                    continue;
                };
                // A bare schema name is the other form a mapping value takes.
                if target.starts_with('#') {
                    let mut entry = owned(at);
                    entry.extend(["mapping".to_owned(), tag]);
                    out.push(Referrer {
                        at: entry,
                        in_mapping: true,
                        reference: target.to_owned(),
                        kind: Kind::Schema,
                    });
                }
            }
        } else if let (Some(reference), Some(_)) = (tree::reference_in(object), kind.collection()) {
            out.push(Referrer {
                at: owned(at),
                in_mapping: false,
                reference: reference.to_owned(),
                kind,
            });
        }
    });
    // The generator's own extension (read by `lower::rejections`) names the error schema by a
    // `$ref` string too.
    let rejections = "x-codegen-rejections";
    if let Some(reference) = doc
        .get(rejections)
        .and_then(|e| e.get("schema"))
        .and_then(Value::as_str)
        .filter(|r| r.starts_with('#'))
    {
        out.push(Referrer {
            at: vec![rejections.to_owned(), "schema".to_owned()],
            in_mapping: true,
            reference: reference.to_owned(),
            kind: Kind::Schema,
        });
    }
    out
}

/// Whether `reference` is `#/components/<collection>/<name>` of the collection `kind` expects,
/// written as lowering reads it (nothing percent-encoded or escaped): nothing to do for it,
/// whether or not it names a component. Most references of every document are such.
fn is_plain_component_ref(reference: &str, kind: Kind) -> bool {
    let Some(rest) = reference.strip_prefix("#/components/") else {
        return false;
    };
    match rest.split_once('/') {
        Some((collection, name)) => {
            Some(collection) == kind.collection() && !name.contains(['/', '%', '~'])
        }
        None => false,
    }
}

/// Reference tokens to keep.
pub(super) fn owned(tokens: &[std::borrow::Cow<'_, str>]) -> Vec<String> {
    tokens.iter().map(|t| t.to_string()).collect()
}

/// What one pass decided: new reference strings and nodes to hoist.
#[derive(Default)]
struct Plan {
    rewrites: Vec<(usize, String)>,
    hoists: Vec<Hoist>,
    by_target: HashMap<Vec<String>, usize>,
    keys: HashMap<&'static str, Keys>,
    /// The component names `$ref`s use, by collection.
    named: HashMap<String, HashSet<String>>,
    problems: Vec<Diagnostic>,
}

/// Resolves every reference once and applies what that decided; whether anything changed.
fn one_pass(doc: &mut Value, map: &mut SourceMap) -> (bool, Vec<Diagnostic>) {
    let referrers = referrers(doc);
    let mut plan = Plan::default();
    let mut to_hoist: Vec<(usize, Vec<String>)> = Vec::new();
    {
        let resolver = Resolver { doc };
        for (i, r) in referrers.iter().enumerate() {
            if is_plain_component_ref(&r.reference, r.kind) {
                continue;
            }
            match resolver.resolve(&r.reference, r.kind) {
                Ok(Resolved::Component(at)) => plan.rewrite(i, r, pointer::to_reference(&at)),
                Ok(Resolved::External(reference)) => plan.rewrite(i, r, reference),
                Ok(Resolved::Node(at)) => to_hoist.push((i, at)),
                Err(_) if resolve::names_a_component(&r.reference, r.kind) => {}
                Err(problem) => {
                    plan.problems
                        .push(diagnostic(doc, &r.at, &r.reference, r.kind, problem))
                }
            }
        }
    }
    if !to_hoist.is_empty() {
        for r in &referrers {
            for (collection, name) in resolve::named_component(&r.reference) {
                plan.named.entry(collection).or_default().insert(name);
            }
        }
        for (i, at) in to_hoist {
            plan.hoist(doc, map, i, &referrers[i], at);
        }
    }
    let changed = !plan.rewrites.is_empty() || !plan.hoists.is_empty();
    for (i, reference) in plan.rewrites {
        let r = &referrers[i];
        let Some(node) = tree::node_at_mut(doc, &r.at) else {
            continue;
        };
        match (r.in_mapping, node) {
            (true, node) => *node = Value::String(reference),
            (false, Value::Mapping(m)) => {
                m.insert(Value::String("$ref".to_owned()), Value::String(reference));
            }
            _ => {}
        }
    }
    move_all(doc, &plan.hoists, map);
    (changed, plan.problems)
}

impl Plan {
    fn rewrite(&mut self, i: usize, r: &Referrer, reference: String) {
        if reference != r.reference {
            self.rewrites.push((i, reference));
        }
    }

    fn hoist(&mut self, doc: &Value, map: &SourceMap, i: usize, r: &Referrer, at: Vec<String>) {
        let Some(collection) = r.kind.collection() else {
            return;
        };
        if !can_hold(doc, collection) {
            return;
        }
        let index = match self.by_target.get(&at) {
            Some(&index) => index,
            None => {
                let original = pointer::tokens(&map.original(&pointer::join("", &at)));
                let named = &self.named;
                let keys = self.keys.entry(collection).or_insert_with(|| {
                    let mut keys = Keys::of(doc, collection);
                    keys.reserve(named.get(collection).into_iter().flatten());
                    keys
                });
                let key = keys.claim(&wanted_key(doc, &original, collection));
                self.by_target.insert(at.clone(), self.hoists.len());
                self.hoists.push(Hoist {
                    at,
                    collection,
                    key,
                });
                self.hoists.len() - 1
            }
        };
        let reference = self.hoists[index].reference();
        self.rewrite(i, r, reference);
    }
}

/// Whether the generator reads objects of `kind`, so that a `$ref` to one it cannot follow
/// stops generation.
fn is_read(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Schema
            | Kind::PathItem
            | Kind::Parameter
            | Kind::RequestBody
            | Kind::Response
            | Kind::SecurityScheme
    )
}

/// The diagnostic for the `$ref` `reference` at `at`, which expects an object of `kind` and
/// cannot be read.
pub(super) fn diagnostic(
    doc: &Value,
    at: &[String],
    reference: &str,
    kind: Kind,
    problem: Problem,
) -> Diagnostic {
    let expected = kind.noun();
    let (message, hint) = match problem {
        Problem::NotAPointer => (
            format!("$ref `{reference}` is not a JSON pointer"),
            "a local $ref is `#` and a JSON pointer, such as `#/components/schemas/Pet`".to_owned(),
        ),
        Problem::ThroughExternal(external) => (
            format!(
                "$ref `{reference}` leads through `{external}`, a reference into another document, which is not supported"
            ),
            "bundle the spec into one file first (e.g. `redocly bundle`)".to_owned(),
        ),
        Problem::Missing {
            found,
            token,
            children,
        } => missing(doc, reference, &found, &token, &children),
        Problem::Cycle(chain) => (
            format!(
                "the references starting here never reach a definition: {}",
                cycle_text(&chain)
            ),
            "make one of the references point at a definition instead of a $ref".to_owned(),
        ),
        Problem::WrongKind(found) => (
            format!(
                "$ref `{reference}` points at {}, where {expected} is expected",
                found.noun()
            ),
            format!("point it at {expected}"),
        ),
        Problem::NotAnObject(what) => (
            format!("$ref `{reference}` points at {what}, not at {expected}"),
            format!("point it at {expected}"),
        ),
    };
    let at = pointer::join("", at);
    if is_read(kind) {
        Diagnostic::error(at, message).with_hint(hint)
    } else {
        let message = format!("{message}; the generator does not read it, so it is ignored");
        Diagnostic::warning(at, message).with_hint(hint)
    }
}

/// The references of a cycle up to the first that comes again: `a → b → a again`.
fn cycle_text(chain: &[String]) -> String {
    let mut shown: Vec<&str> = Vec::new();
    for reference in chain {
        if shown.contains(&reference.as_str()) {
            return format!("{} → {reference} again", shown.join(" → "));
        }
        shown.push(reference);
    }
    shown.join(" → ")
}

fn missing(
    doc: &Value,
    reference: &str,
    found: &[String],
    token: &str,
    children: &[String],
) -> (String, String) {
    let parent = pointer::to_reference(found);
    let message = format!("$ref `{reference}` points at nothing: `{parent}` has no `{token}`");
    let hint = match tree::node_at(doc, found) {
        Some(Value::Sequence(items)) => match items.len() {
            0 => "it is an empty list".to_owned(),
            n => format!("it is a list of {n}, numbered from 0"),
        },
        Some(Value::Mapping(_)) => {
            let similar: Vec<String> = children
                .iter()
                .filter(|c| similar_names(c, token))
                .take(3)
                .map(|c| format!("`{c}`"))
                .collect();
            match similar.is_empty() {
                true => format!("fix the reference, or define `{token}` there"),
                false => format!("did you mean {}?", similar.join(" or ")),
            }
        }
        _ => "a pointer can only lead into mappings and lists".to_owned(),
    };
    (message, hint)
}
