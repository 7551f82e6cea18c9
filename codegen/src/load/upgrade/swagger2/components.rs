//! `definitions`, the document's `parameters` and `responses`, and `securityDefinitions` into
//! `components`.

use serde_yaml::{Mapping, Value};

use super::parameters::upgrade_parameter;
use super::responses::upgrade_response;
use super::security::upgrade_security_scheme;
use super::{Upgrade, str_member};
use crate::load::key_token;
use crate::pointer;

/// Moves the document's reusable objects into `components`, each in its 3.0 form.
pub(super) fn upgrade_components(root: &mut Mapping, up: &mut Upgrade<'_>) {
    let mut components = Mapping::new();
    if let Some(definitions) = root.remove("definitions") {
        components.insert("schemas".into(), definitions);
        up.map.record("/definitions", "/components/schemas");
    }
    if let Some(parameters) = root.remove("parameters") {
        up.map.record("/parameters", "/components/parameters");
        let parameters = shared_parameters(parameters, up);
        if parameters.as_mapping().is_none_or(|m| !m.is_empty()) {
            components.insert("parameters".into(), parameters);
        }
    }
    if let Some(mut responses) = root.remove("responses") {
        up.map.record("/responses", "/components/responses");
        let media_types = up.produces.or_default();
        for_each_named(&mut responses, "/components/responses", |at, response| {
            upgrade_response(response, at, &media_types, up.map, &mut up.found);
        });
        components.insert("responses".into(), responses);
    }
    if let Some(mut schemes) = root.remove("securityDefinitions") {
        up.map
            .record("/securityDefinitions", "/components/securitySchemes");
        for_each_named(&mut schemes, "/components/securitySchemes", |at, scheme| {
            upgrade_security_scheme(scheme, at, up.map, &mut up.found);
        });
        components.insert("securitySchemes".into(), schemes);
    }
    if !components.is_empty() {
        root.insert("components".into(), Value::Mapping(components));
    }
}

/// The document's query, path and header parameters in their 3.0 form. Its body and form
/// parameters are left out: each operation that names one holds a copy in its request body.
fn shared_parameters(mut parameters: Value, up: &mut Upgrade<'_>) -> Value {
    let Value::Mapping(all) = &mut parameters else {
        return parameters;
    };
    all.retain(|_, param| !matches!(str_member_of(param), Some("body" | "formData")));
    for_each_named(&mut parameters, "/components/parameters", |at, param| {
        if str_member(param, "in").is_some() {
            upgrade_parameter(param, at, up.map, &mut up.found);
        }
    });
    parameters
}

fn str_member_of(param: &Value) -> Option<&str> {
    param.as_mapping().and_then(|m| str_member(m, "in"))
}

/// Calls `f` on each mapping member of `collection` (at `at`), with its pointer.
fn for_each_named(collection: &mut Value, at: &str, mut f: impl FnMut(&str, &mut Mapping)) {
    let Value::Mapping(members) = collection else {
        return;
    };
    for (name, member) in members.iter_mut() {
        if let (Some(name), Value::Mapping(member)) = (key_token(name), member) {
            f(&pointer::join(at, [&name]), member);
        }
    }
}
