//! `$ref`s to the places 2.0 keeps reusable objects (`#/definitions/Pet`, `#/parameters/limit`,
//! `#/responses/NotFound`, or any node below them) made to name their places in `components`.

use serde_yaml::{Mapping, Value};

use crate::diagnostic::Diagnostic;
use crate::load::normalize::structure::{Kind, visit_objects};
use crate::load::tree;

/// The 2.0 places of reusable objects and their 3.0 places, as reference prefixes.
const MOVED: &[(&str, &str)] = &[
    ("#/definitions", "#/components/schemas"),
    ("#/parameters", "#/components/parameters"),
    ("#/responses", "#/components/responses"),
    ("#/securityDefinitions", "#/components/securitySchemes"),
];

/// The 3.0 form of the reference `reference`, if it points into a moved place.
fn moved(reference: &str) -> Option<String> {
    MOVED.iter().find_map(|(from, to)| {
        let rest = reference.strip_prefix(from)?;
        (rest.is_empty() || rest.starts_with('/')).then(|| format!("{to}{rest}"))
    })
}

/// Rewrites every `$ref` of the (otherwise rewritten) document `doc` that points into a moved
/// place. A schema `$ref` with `x-nullable: true` beside it becomes `allOf: [$ref]` with
/// `nullable: true`, the form in which 3.0 says a reference may be null (2.0 ignores
/// members beside a `$ref`, but real documents write `x-nullable` there to mean this).
/// `shared_parameters` holds the document's parameters as written: a reference into a body or
/// form parameter, which became part of the request bodies that use it, cannot be read.
pub(super) fn rewrite_refs(
    doc: &mut Value,
    shared_parameters: &Mapping,
    found: &mut Vec<Diagnostic>,
) {
    let mut referrers: Vec<(Vec<String>, String, bool)> = Vec::new();
    visit_objects(doc, &mut |at, kind, object| {
        let Some(reference) = tree::reference_in(object) else {
            return;
        };
        let nullable =
            kind == Kind::Schema && object.get("x-nullable").and_then(Value::as_bool) == Some(true);
        if let Some(new) = moved(reference) {
            referrers.push((at.iter().map(|t| t.to_string()).collect(), new, nullable));
        } else if nullable {
            referrers.push((
                at.iter().map(|t| t.to_string()).collect(),
                reference.to_owned(),
                nullable,
            ));
        }
    });
    for (at, reference, nullable) in referrers {
        if let Some(name) = payload_parameter(&reference, shared_parameters) {
            found.push(
                crate::diagnostic::Diagnostic::error(
                    crate::pointer::join("", &at),
                    format!("this `$ref` points into the body or form parameter `{name}`, which becomes part of the request body of each operation that uses it"),
                )
                .with_hint("point at a schema under `definitions` instead, and use it in the parameter"),
            );
            continue;
        }
        let Some(Value::Mapping(object)) = tree::node_at_mut(doc, &at) else {
            continue;
        };
        if nullable {
            object.remove("x-nullable");
            object.remove("$ref");
            let mut target = Mapping::new();
            target.insert("$ref".into(), reference.into());
            object.insert(
                "allOf".into(),
                Value::Sequence(vec![Value::Mapping(target)]),
            );
            object.insert("nullable".into(), true.into());
        } else {
            object.insert("$ref".into(), reference.into());
        }
    }
}

/// The name of the body or form parameter of the document that `reference` (already
/// rewritten) points into, if it does.
fn payload_parameter<'p>(reference: &str, shared_parameters: &'p Mapping) -> Option<&'p str> {
    let rest = reference.strip_prefix("#/components/parameters/")?;
    let name = crate::pointer::unescape(&crate::pointer::from_fragment(rest.split('/').next()?)?);
    let (key, param) = shared_parameters
        .iter()
        .find(|(k, _)| k.as_str() == Some(name.as_str()))?;
    matches!(
        param.get("in").and_then(Value::as_str),
        Some("body" | "formData")
    )
    .then(|| key.as_str())
    .flatten()
}
