//! Path items and operations: parameter lists split into the request body and the 3.0
//! parameters, `consumes`/`produces` into media types, responses into their 3.0 form.

use serde_yaml::{Mapping, Value};

use super::bodies::{Written, body_request, form_request};
use super::media_types::MediaTypes;
use super::parameters::upgrade_parameter;
use super::responses::upgrade_responses;
use super::{Upgrade, str_member};
use crate::diagnostic::Diagnostic;
use crate::load::key_token;
use crate::pointer;

/// The operations of a 2.0 path item (2.0 has no `trace`).
const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];

/// Rewrites every path item of the document's `paths`.
pub(super) fn upgrade_paths(root: &mut Mapping, up: &mut Upgrade<'_>) {
    let Some(Value::Mapping(paths)) = root.get_mut("paths") else {
        return;
    };
    for (key, item) in paths.iter_mut() {
        let Some(path) = key_token(key) else {
            continue;
        };
        if path.starts_with("x-") {
            continue;
        }
        if let Value::Mapping(item) = item {
            upgrade_path_item(item, &pointer::join("/paths", [&path]), up);
        }
    }
}

/// Where a parameter's value travels.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Travel {
    /// `in: body`: the request body.
    Body,
    /// `in: formData`: a field of a form body.
    Form,
    /// A query, path, header or cookie parameter (or a `$ref` to one).
    Parameter,
}

/// One item of a 2.0 parameter list, with a `$ref` to a body or form parameter followed.
struct Listed {
    /// The parameter (the one a `$ref` to a body or form parameter names), or the item as
    /// written.
    value: Value,
    /// Where `value` is in the rewritten document before this step moves it.
    at: String,
    /// The item's place in its list.
    index: usize,
    travel: Travel,
    /// `name` and `in`, by which an operation's parameter overrides one of its path item.
    identity: Option<(String, String)>,
}

impl Listed {
    fn written(&self) -> Option<Written<'_>> {
        Some(Written {
            value: self.value.as_mapping()?,
            at: &self.at,
        })
    }
}

/// The items of the parameter list `list` (at `at`), with the document's parameters that
/// `$ref`s name looked up.
fn read_list(list: Option<&Value>, at: &str, up: &Upgrade<'_>) -> Vec<Listed> {
    let Some(Value::Sequence(items)) = list else {
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let item_at = pointer::join(at, [index.to_string()]);
            let shared = item
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/parameters/"))
                .and_then(|name| {
                    let name = pointer::unescape(&pointer::from_fragment(name)?);
                    let param = up.shared_parameters.get(name.as_str())?;
                    Some((name, param))
                });
            let (described, travel) = match shared {
                Some((_, param)) => (param, travel_of(param)),
                None => (item, travel_of(item)),
            };
            let identity = match (described.get("name"), described.get("in")) {
                (Some(Value::String(n)), Some(Value::String(i))) => Some((n.clone(), i.clone())),
                _ => None,
            };
            match (shared, travel) {
                (Some((name, param)), Travel::Body | Travel::Form) => Listed {
                    value: param.clone(),
                    at: pointer::join("/parameters", [&name]),
                    index,
                    travel,
                    identity,
                },
                _ => Listed {
                    value: item.clone(),
                    at: item_at,
                    index,
                    travel,
                    identity,
                },
            }
        })
        .collect()
}

fn travel_of(param: &Value) -> Travel {
    match param.get("in").and_then(Value::as_str) {
        Some("body") => Travel::Body,
        Some("formData") => Travel::Form,
        _ => Travel::Parameter,
    }
}

/// Rewrites the path item `item` at `at`: its operations, then its own parameters (body and
/// form parameters of a path item are copied into each of its operations: 3.0 path items have
/// no request body).
fn upgrade_path_item(item: &mut Mapping, at: &str, up: &mut Upgrade<'_>) {
    let list_at = pointer::join(at, ["parameters"]);
    let shared = read_list(item.get("parameters"), &list_at, up);
    for method in METHODS {
        if let Some(Value::Mapping(operation)) = item.get_mut(*method) {
            upgrade_operation(operation, &pointer::join(at, [method]), &shared, up);
        }
    }
    write_parameters(item, &list_at, shared, up);
}

/// Rewrites the operation at `at`, whose path item has the parameters `inherited`.
fn upgrade_operation(
    operation: &mut Mapping,
    at: &str,
    inherited: &[Listed],
    up: &mut Upgrade<'_>,
) {
    let consumes = MediaTypes::take(operation, "consumes", at, &mut up.found).or(&up.consumes);
    let produces = MediaTypes::take(operation, "produces", at, &mut up.found).or(&up.produces);
    // Transport schemes are the servers' business in 3.0; the document's `schemes` name them.
    operation.remove("schemes");
    let list_at = pointer::join(at, ["parameters"]);
    let own = read_list(operation.get("parameters"), &list_at, up);
    let overridden = |p: &Listed| {
        own.iter()
            .any(|o| o.identity.is_some() && o.identity == p.identity)
    };
    let payload: Vec<&Listed> = own
        .iter()
        .chain(inherited.iter().filter(|p| !overridden(p)))
        .filter(|p| p.travel != Travel::Parameter)
        .collect();
    if let Some(request) = request_body(&payload, at, &consumes, up) {
        operation.insert("requestBody".into(), Value::Mapping(request));
    }
    write_parameters(operation, &list_at, own, up);
    if let Some(Value::Mapping(responses)) = operation.get_mut("responses") {
        let responses_at = pointer::join(at, ["responses"]);
        upgrade_responses(
            responses,
            &responses_at,
            &produces.or_default(),
            up.map,
            &mut up.found,
        );
    }
}

/// The request body of the operation at `at` from its body and form parameters.
fn request_body(
    payload: &[&Listed],
    at: &str,
    consumes: &MediaTypes,
    up: &mut Upgrade<'_>,
) -> Option<Mapping> {
    let bodies: Vec<Written<'_>> = payload
        .iter()
        .filter(|p| p.travel == Travel::Body)
        .filter_map(|p| p.written())
        .collect();
    let fields: Vec<Written<'_>> = payload
        .iter()
        .filter(|p| p.travel == Travel::Form)
        .filter_map(|p| p.written())
        .collect();
    if let Some(body) = bodies.first() {
        if bodies.len() > 1 || !fields.is_empty() {
            up.found.push(
                Diagnostic::warning(
                    at,
                    "an operation has one body: only its first `in: body` parameter is read, its other body and form parameters are left out",
                )
                .with_hint("describe the whole body by the schema of one `in: body` parameter"),
            );
        }
        let media_types = consumes.or_default();
        let request = body_request(body, at, &media_types, up.map);
        let schema = pointer::join(at, ["requestBody", "content", &media_types[0], "schema"]);
        note_home(up, body.at, schema);
        return Some(request);
    }
    if fields.is_empty() {
        return None;
    }
    let (request, form) = form_request(&fields, at, consumes.written(), up.map, &mut up.found);
    for field in &fields {
        if let Some(name) = str_member(field.value, "name") {
            let property = pointer::join(
                at,
                [
                    "requestBody",
                    "content",
                    &form,
                    "schema",
                    "properties",
                    name,
                ],
            );
            note_home(up, field.at, property);
        }
    }
    Some(request)
}

/// Notes `home` as the place of the copy of the parameter at `parameter`, if that is one of
/// the document's parameters and its first copy.
fn note_home(up: &mut Upgrade<'_>, parameter: &str, home: String) {
    if let ["parameters", name] = pointer::tokens(parameter)
        .as_slice()
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()[..]
    {
        up.payload_homes.entry(name.to_owned()).or_insert(home);
    }
}

/// Writes the query, path and header parameters of `listed` as the `parameters` of `owner`
/// (at `at`), each in its 3.0 form, numbered anew.
fn write_parameters(owner: &mut Mapping, at: &str, listed: Vec<Listed>, up: &mut Upgrade<'_>) {
    if listed.is_empty() {
        return;
    }
    let mut kept = Vec::new();
    for param in listed {
        if param.travel != Travel::Parameter {
            continue;
        }
        let to = pointer::join(at, [kept.len().to_string()]);
        if kept.len() != param.index {
            up.map.record(&param.at, &to);
        }
        let mut value = param.value;
        if let Value::Mapping(m) = &mut value {
            if str_member(m, "in").is_some() {
                upgrade_parameter(m, &to, up.map, &mut up.found);
            }
        }
        kept.push(value);
    }
    if kept.is_empty() {
        owner.remove("parameters");
    } else {
        owner.insert("parameters".into(), Value::Sequence(kept));
    }
}
