//! `$ref` resolution: local references to components, with an error for anything else.

use indexmap::IndexMap;
use openapiv3::{ReferenceOr, Schema};

use super::Lowerer;
use crate::diagnostic::similar_names;
use crate::pointer;

/// How far a chain of references to references is followed before it is called a cycle.
const MAX_REF_HOPS: usize = 32;

/// The component key a local reference `#/components/<kind>/<key>` names, or what is wrong with
/// the reference.
fn component_key<'r>(reference: &'r str, kind: &str) -> Result<String, RefProblem<'r>> {
    let Some(local) = reference.strip_prefix('#') else {
        return Err(RefProblem::External(reference));
    };
    let tokens = pointer::tokens(local);
    match tokens.as_slice() {
        [components, k, key] if components == "components" && k == kind => Ok(key.clone()),
        _ => Err(RefProblem::Unsupported(reference)),
    }
}

enum RefProblem<'r> {
    External(&'r str),
    Unsupported(&'r str),
}

impl<'a> Lowerer<'a> {
    /// The component schema a `$ref` names: its key and its (possibly referencing) definition.
    /// Reports a located error and returns `None` when the reference is external, points
    /// elsewhere than `#/components/schemas/`, or names no schema.
    pub(super) fn schema_ref(
        &mut self,
        reference: &str,
        at: &str,
    ) -> Option<(&'a str, &'a ReferenceOr<Schema>)> {
        let schemas = self.schemas;
        let key = self.component_ref_key(reference, "schemas", at)?;
        match schemas.get_key_value(key.as_str()) {
            Some((k, v)) => Some((k.as_str(), v)),
            None => {
                self.dangling(reference, at, schemas.keys(), &key);
                None
            }
        }
    }

    /// Follows references to a component of another kind (`parameters`, `requestBodies`,
    /// `responses`) to its definition.
    pub(super) fn component<T>(
        &mut self,
        item: &'a ReferenceOr<T>,
        map: Option<&'a IndexMap<String, ReferenceOr<T>>>,
        kind: &str,
        at: &str,
    ) -> Option<&'a T> {
        let mut current = item;
        let mut followed: Vec<String> = Vec::new();
        loop {
            let reference = match current {
                ReferenceOr::Item(t) => return Some(t),
                ReferenceOr::Reference { reference } => reference,
            };
            let key = self.component_ref_key(reference, kind, at)?;
            if followed.contains(&key) || followed.len() >= MAX_REF_HOPS {
                followed.push(key);
                self.error(
                    at,
                    format!(
                        "the references starting here never reach a definition: {}",
                        followed.join(" → ")
                    ),
                    "make one of the referenced components a definition instead of a $ref",
                );
                return None;
            }
            match map.and_then(|m| m.get(key.as_str())) {
                Some(next) => current = next,
                None => {
                    let keys = map.into_iter().flat_map(|m| m.keys());
                    self.dangling(reference, at, keys, &key);
                    return None;
                }
            }
            followed.push(key);
        }
    }

    fn component_ref_key(&mut self, reference: &str, kind: &str, at: &str) -> Option<String> {
        match component_key(reference, kind) {
            Ok(key) => Some(key),
            Err(RefProblem::External(r)) => {
                self.error(
                    at,
                    format!("external $ref `{r}` is not supported: only references inside this document are"),
                    format!("copy the referenced definition into `components/{kind}` of this document, or bundle the spec into one file first (e.g. `redocly bundle`)"),
                );
                None
            }
            Err(RefProblem::Unsupported(r)) => {
                self.error(
                    at,
                    format!("$ref `{r}` does not point at `#/components/{kind}/<name>`"),
                    format!("move the target into `components/{kind}` and reference it there"),
                );
                None
            }
        }
    }

    fn dangling<'k>(
        &mut self,
        reference: &str,
        at: &str,
        keys: impl Iterator<Item = &'k String>,
        key: &str,
    ) {
        let similar: Vec<&String> = keys.filter(|k| similar_names(k, key)).take(3).collect();
        let hint = if similar.is_empty() {
            format!("define `{key}` under components, or fix the reference")
        } else {
            let names: Vec<String> = similar.iter().map(|k| format!("`{k}`")).collect();
            format!("did you mean {}?", names.join(" or "))
        };
        self.error(
            at,
            format!("$ref `{reference}` points at nothing: there is no `{key}`"),
            hint,
        );
    }
}
