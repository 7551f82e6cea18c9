//! `$ref`s to the places 2.0 keeps reusable objects (`#/definitions/Pet`, `#/parameters/limit`,
//! `#/responses/NotFound`, or any node below them) made to name their places in `components`.

use std::collections::HashMap;

use serde_yaml::{Mapping, Value};

use crate::diagnostic::Diagnostic;
use crate::load::normalize::structure::{Kind, visit_objects};
use crate::load::tree;
use crate::pointer;

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
/// form parameter names the first request body that holds a copy of it (`payload_homes`).
pub(super) fn rewrite_refs(
    doc: &mut Value,
    shared_parameters: &Mapping,
    payload_homes: &HashMap<String, String>,
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
        let reference = match payload_parameter(&reference, shared_parameters) {
            None => reference,
            Some((name, rest)) => {
                match into_payload(&name, &rest, shared_parameters, payload_homes) {
                    Some(moved) => moved,
                    None => {
                        found.push(
                        Diagnostic::error(
                            pointer::join("", &at),
                            format!("this `$ref` points into the body or form parameter `{name}`, which no operation uses: in 3.0 a body is part of the operation that sends it, so an unused one has no place"),
                        )
                        .with_hint("point at a schema under `definitions` instead, and use it in the parameter"),
                    );
                        if let Some(Value::Mapping(object)) = tree::node_at_mut(doc, &at) {
                            object.clear();
                        }
                        continue;
                    }
                }
            }
        };
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
/// rewritten) points into, and the pointer below it (`/schema/properties/a`), if it does.
fn payload_parameter(reference: &str, shared_parameters: &Mapping) -> Option<(String, String)> {
    let rest = reference.strip_prefix("#/components/parameters/")?;
    let (token, below) = match rest.split_once('/') {
        Some((token, below)) => (token, format!("/{below}")),
        None => (rest, String::new()),
    };
    let name = pointer::unescape(&pointer::from_fragment(token)?);
    let param = shared_parameters.get(name.as_str())?;
    matches!(
        param.get("in").and_then(Value::as_str),
        Some("body" | "formData")
    )
    .then_some((name, below))
}

/// The reference to the place of `below` (a pointer below the body or form parameter `name`)
/// in the first request body that holds a copy of the parameter: a body parameter's `schema`
/// is the body's schema, a form parameter is a property of the form's schema.
fn into_payload(
    name: &str,
    below: &str,
    shared_parameters: &Mapping,
    payload_homes: &HashMap<String, String>,
) -> Option<String> {
    let home = payload_homes.get(name)?;
    let is_body = shared_parameters
        .get(name)
        .and_then(|p| p.get("in"))
        .and_then(Value::as_str)
        == Some("body");
    let below = if is_body {
        let in_schema = below.strip_prefix("/schema")?;
        if !in_schema.is_empty() && !in_schema.starts_with('/') {
            return None;
        }
        in_schema
    } else {
        below
    };
    Some(format!("#{home}{below}"))
}
