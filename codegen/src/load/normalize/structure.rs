//! What kind of OpenAPI 3.0 object each place of a document holds, from its pointer alone.
//!
//! Rewrites of the document (references, 3.1 forms, numbers) must know whether a node is a
//! schema, a parameter or an example's data: `properties` of a schema holds property names, of
//! which `example` and `$ref` are possible ones, while `example` of a media type holds data in
//! which nothing is a keyword. [`Slot`] follows the object grammar of the OpenAPI 3.0.3
//! specification from the document root, one reference token at a time.

use std::borrow::Cow;

use serde_yaml::{Mapping, Value};

use crate::load::key_token;
use crate::pointer;

/// An OpenAPI object type: what a node at a known place of the document is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    Document,
    Paths,
    PathItem,
    Operation,
    Parameter,
    Header,
    RequestBody,
    Responses,
    Response,
    MediaType,
    Encoding,
    Example,
    Link,
    Callback,
    SecurityScheme,
    Components,
    Schema,
    Discriminator,
}

/// What a place of the document holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Slot {
    /// One object of a kind (or a Reference Object standing for one).
    Object(Kind),
    /// A mapping from names to objects of a kind (`properties`, `components/schemas`).
    Map(Kind),
    /// A list of objects of a kind (`allOf`, `parameters`).
    List(Kind),
    /// Data (examples, defaults, enum values, extensions) or a member this grammar does not
    /// describe (`info`, `servers`, keywords of later versions).
    Other,
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

impl Kind {
    /// The collection of `components` that holds objects of this kind, if there is one.
    pub(crate) fn collection(self) -> Option<&'static str> {
        Some(match self {
            Kind::Schema => "schemas",
            Kind::Response => "responses",
            Kind::Parameter => "parameters",
            Kind::Example => "examples",
            Kind::RequestBody => "requestBodies",
            Kind::Header => "headers",
            Kind::SecurityScheme => "securitySchemes",
            Kind::Link => "links",
            Kind::Callback => "callbacks",
            _ => return None,
        })
    }

    /// How a diagnostic names an object of this kind.
    pub(crate) fn noun(self) -> &'static str {
        match self {
            Kind::Document => "the whole document",
            Kind::Paths => "the paths object",
            Kind::PathItem => "a path item",
            Kind::Operation => "an operation",
            Kind::Parameter => "a parameter",
            Kind::Header => "a header",
            Kind::RequestBody => "a request body",
            Kind::Responses => "a responses object",
            Kind::Response => "a response",
            Kind::MediaType => "a media type object",
            Kind::Encoding => "an encoding object",
            Kind::Example => "an example",
            Kind::Link => "a link",
            Kind::Callback => "a callback",
            Kind::SecurityScheme => "a security scheme",
            Kind::Components => "the components object",
            Kind::Schema => "a schema",
            Kind::Discriminator => "a discriminator",
        }
    }

    /// What the member `key` of an object of this kind holds.
    fn member(self, key: &str) -> Slot {
        use Kind as K;
        use Slot::{List, Map, Object, Other};
        if self == K::Document && key == crate::load::WEBHOOKS {
            return Map(K::PathItem);
        }
        if key.starts_with("x-") {
            return Other;
        }
        match (self, key) {
            (K::Document, "paths") => Object(K::Paths),
            (K::Document, "components") => Object(K::Components),
            (K::Paths | K::Callback, _) => Object(K::PathItem),
            (K::PathItem, "parameters") | (K::Operation, "parameters") => List(K::Parameter),
            (K::PathItem, method) if METHODS.contains(&method) => Object(K::Operation),
            (K::Operation, "requestBody") => Object(K::RequestBody),
            (K::Operation, "responses") => Object(K::Responses),
            (K::Operation, "callbacks") => Map(K::Callback),
            (K::Responses, _) => Object(K::Response),
            (K::Response, "headers") | (K::Encoding, "headers") => Map(K::Header),
            (K::Response | K::RequestBody | K::Parameter | K::Header, "content") => {
                Map(K::MediaType)
            }
            (K::Response, "links") => Map(K::Link),
            (K::Parameter | K::Header | K::MediaType, "schema") => Object(K::Schema),
            (K::Parameter | K::Header | K::MediaType, "examples") => Map(K::Example),
            (K::MediaType, "encoding") => Map(K::Encoding),
            (K::Components, collection) => match collection {
                "schemas" => Map(K::Schema),
                "responses" => Map(K::Response),
                "parameters" => Map(K::Parameter),
                "examples" => Map(K::Example),
                "requestBodies" => Map(K::RequestBody),
                "headers" => Map(K::Header),
                "securitySchemes" => Map(K::SecurityScheme),
                "links" => Map(K::Link),
                "callbacks" => Map(K::Callback),
                // OpenAPI 3.1: path items to be referenced from `paths` and callbacks.
                "pathItems" => Map(K::PathItem),
                _ => Other,
            },
            (K::Schema, "properties") => Map(K::Schema),
            (K::Schema, "items" | "not" | "additionalProperties") => Object(K::Schema),
            (K::Schema, "allOf" | "oneOf" | "anyOf") => List(K::Schema),
            // JSON Schema 2020-12 (OpenAPI 3.1) keywords that hold schemas.
            (K::Schema, "$defs" | "patternProperties" | "dependentSchemas") => Map(K::Schema),
            (
                K::Schema,
                "propertyNames"
                | "if"
                | "then"
                | "else"
                | "contains"
                | "unevaluatedItems"
                | "unevaluatedProperties"
                | "contentSchema",
            ) => Object(K::Schema),
            // OpenAPI 3.2: the schema of each item of a streamed (sequential) media type.
            (K::MediaType, "itemSchema") => Object(K::Schema),
            (K::Schema, "prefixItems") => List(K::Schema),
            (K::Schema, "discriminator") => Object(K::Discriminator),
            _ => Other,
        }
    }
}

impl Slot {
    /// The slot of the document root.
    pub(crate) const ROOT: Slot = Slot::Object(Kind::Document);

    /// What the child `token` of a node in this slot holds.
    pub(crate) fn child(self, token: &str) -> Slot {
        match self {
            Slot::Object(kind) => kind.member(token),
            Slot::Map(kind) | Slot::List(kind) => Slot::Object(kind),
            Slot::Other => Slot::Other,
        }
    }

    /// The slot at the end of `tokens`, from the root. The path is read as written: a step
    /// through a `$ref` leaves the grammar (the caller resolves references first).
    pub(crate) fn at<S: AsRef<str>>(tokens: &[S]) -> Slot {
        tokens
            .iter()
            .fold(Slot::ROOT, |slot, token| slot.child(token.as_ref()))
    }
}

/// Calls `f` on every object of a known kind in `doc`, parents before children, in document
/// order, with its reference tokens. A Reference Object is passed (so that its `$ref` can be
/// read) but not walked into: OpenAPI 3.0 ignores the members beside `$ref`.
pub(crate) fn visit_objects<'v>(
    doc: &'v Value,
    f: &mut impl FnMut(&[Cow<'v, str>], Kind, &'v Mapping),
) {
    visit(doc, Slot::ROOT, &mut Vec::new(), f);
}

/// A mapping key as a reference token, borrowed when it is a string (as loading makes them).
fn token(key: &Value) -> Option<Cow<'_, str>> {
    match key {
        Value::String(s) => Some(Cow::Borrowed(s)),
        other => key_token(other).map(Cow::Owned),
    }
}

fn visit<'v>(
    value: &'v Value,
    slot: Slot,
    at: &mut Vec<Cow<'v, str>>,
    f: &mut impl FnMut(&[Cow<'v, str>], Kind, &'v Mapping),
) {
    let members = match (slot, value) {
        (Slot::Object(kind), Value::Mapping(m)) => {
            f(at, kind, m);
            if m.contains_key("$ref") && kind != Kind::Discriminator {
                return;
            }
            m
        }
        (Slot::Map(_), Value::Mapping(m)) => m,
        (Slot::List(_), Value::Sequence(items)) => {
            for (i, v) in items.iter().enumerate() {
                at.push(Cow::Owned(i.to_string()));
                visit(v, slot.child(""), at, f);
                at.pop();
            }
            return;
        }
        _ => return,
    };
    for (k, v) in members {
        if let Some(token) = token(k) {
            let child = slot.child(&token);
            if child != Slot::Other {
                at.push(token);
                visit(v, child, at, f);
                at.pop();
            }
        }
    }
}

/// Calls `f` on every schema in `doc` (not Reference Objects), parents before children, with
/// its JSON pointer; `f` may change the schema, and the children it has afterwards are
/// visited.
pub(crate) fn visit_schemas_mut(doc: &mut Value, f: &mut impl FnMut(&str, &mut Mapping)) {
    visit_mut(doc, Slot::ROOT, &mut String::new(), f);
}

fn visit_mut(
    value: &mut Value,
    slot: Slot,
    at: &mut String,
    f: &mut impl FnMut(&str, &mut Mapping),
) {
    let members = match (slot, value) {
        (Slot::Object(kind), Value::Mapping(m)) => {
            if m.contains_key("$ref") {
                return;
            }
            if kind == Kind::Schema {
                f(at, m);
            }
            m
        }
        (Slot::Map(_), Value::Mapping(m)) => m,
        (Slot::List(_), Value::Sequence(items)) => {
            for (i, v) in items.iter_mut().enumerate() {
                let len = at.len();
                at.push('/');
                at.push_str(&i.to_string());
                visit_mut(v, slot.child(""), at, f);
                at.truncate(len);
            }
            return;
        }
        _ => return,
    };
    for (k, v) in members.iter_mut() {
        let Some(token) = token(k) else { continue };
        let child = slot.child(&token);
        if child == Slot::Other {
            continue;
        }
        let len = at.len();
        at.push('/');
        at.push_str(&pointer::escape(&token));
        visit_mut(v, child, at, f);
        at.truncate(len);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(pointer: &str) -> Slot {
        Slot::at(&crate::pointer::tokens(pointer))
    }

    #[test]
    fn follows_the_object_grammar() {
        use Kind as K;
        assert_eq!(slot(""), Slot::Object(K::Document));
        assert_eq!(
            slot("/paths/~1a/get/parameters/0"),
            Slot::Object(K::Parameter)
        );
        assert_eq!(
            slot(
                "/paths/~1a/get/responses/200/content/application~1json/schema/properties/example"
            ),
            Slot::Object(K::Schema),
            "a property may be named like a keyword"
        );
        assert_eq!(
            slot("/components/schemas/A/properties/b/example/properties"),
            Slot::Other,
            "nothing in data is a keyword"
        );
        assert_eq!(
            slot("/components/schemas/A/allOf/0"),
            Slot::Object(K::Schema)
        );
        assert_eq!(slot("/components/schemas"), Slot::Map(K::Schema));
        assert_eq!(slot("/components/x-schemas/A"), Slot::Other);
        assert_eq!(
            slot("/paths/~1a/post/callbacks/done/{$request.body#~1url}/post/requestBody"),
            Slot::Object(K::RequestBody)
        );
        assert_eq!(slot("/paths/x-extra/get"), Slot::Other);
        assert_eq!(slot("/info/title"), Slot::Other);
    }

    #[test]
    fn visits_objects_but_not_beside_references() {
        let doc: Value = serde_yaml::from_str(
            "openapi: 3.0.3\npaths: {}\ncomponents:\n  schemas:\n    A:\n      properties:\n        example: {type: string, example: {type: x}}\n        r: {$ref: '#/components/schemas/B', properties: {s: {}}}\n",
        )
        .expect("YAML");
        let mut seen = Vec::new();
        visit_objects(&doc, &mut |at, kind, _| {
            seen.push((crate::pointer::join("", at), kind));
        });
        let schemas: Vec<&str> = seen
            .iter()
            .filter(|(_, k)| *k == Kind::Schema)
            .map(|(p, _)| p.as_str())
            .collect();
        assert_eq!(
            schemas,
            [
                "/components/schemas/A",
                "/components/schemas/A/properties/example",
                "/components/schemas/A/properties/r",
            ]
        );
    }
}
