//! Every example a spec carries, each with the Rust type it must deserialize into.
//!
//! Examples are found where OpenAPI 3.0 puts them (a Swagger 2.0 spec is read in the 3.0 form
//! the generator upgrades it to, and each example named by its pointer in the text), and typed
//! through the generator's model:
//!
//! - a media type's `example` and `examples.*.value` (following `$ref`s to components) in a
//!   request body or a response: the operation's `request_body.ty` or the response's `ty` for
//!   that status, matched by the operation's pointer;
//! - a schema's `example` and each value of its `examples` list (OpenAPI 3.1; also beside a
//!   property's `$ref` there, where 3.1 applies the keywords beside it), in `components.schemas` and in the inline schemas of bodies, and below
//!   them in `properties`, `items`, `additionalProperties` and `allOf` parts: the type of the
//!   schema itself (the `TypeDef` with that pointer), of the struct field for a property
//!   (`Option<T>` when the field is nullable), or of the items or values of the type above.
//!
//! An example is identified by the JSON pointer of its value where it is written (after
//! `$ref`s), so one written once and referenced from several operations is checked once.
//! Examples that cannot be typed (a body the generator leaves untyped, an `externalValue`, a
//! schema in a `oneOf`) are returned as [`Skipped`], with the reason.

use std::collections::{HashMap, HashSet};

use codegen::load::SourceMap;
use codegen::media_type::is_json;
use codegen::model::{Api, Field, Presence, ResponseStatus, Struct, TypeBody, TypeDef, TypeRef};
use codegen::pointer;
use serde_json::Value as Json;
use serde_yaml::Value as Yaml;

use super::rust_type;

/// One example and the type it must deserialize into.
#[derive(Clone, Debug, PartialEq)]
pub struct Example {
    /// Where the example's value is written in the spec, as a JSON pointer.
    pub pointer: String,
    /// The Rust type it must deserialize into.
    pub ty: TypeRef,
    /// The value, as JSON.
    pub value: Json,
}

/// An example that is not checked, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// Where it is.
    pub pointer: String,
    /// Why it is not checked.
    pub reason: String,
}

/// What [`collect`] found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Collected {
    /// The examples to check, in spec order (operations first, then component schemas).
    pub examples: Vec<Example>,
    /// The examples left unchecked.
    pub skipped: Vec<Skipped>,
}

/// Finds every example in the spec `text`, typed with `api`, the model generated from it.
///
/// # Errors
/// When the text does not parse as YAML (the generator would have refused it first).
pub fn collect(text: &str, api: &Api) -> Result<Collected, String> {
    let (doc, source_map) = document(text)?;
    let mut collector = Collector {
        doc: &doc,
        source_map: source_map.as_ref(),
        by_pointer: api.types.iter().map(|t| (t.pointer.as_str(), t)).collect(),
        by_name: api.types.iter().map(|t| (t.name.as_str(), t)).collect(),
        seen: HashSet::new(),
        out: Collected::default(),
        siblings_apply: doc
            .get("openapi")
            .and_then(Yaml::as_str)
            .is_some_and(|v| !v.starts_with("3.0")),
    };
    for op in &api.operations {
        if let Some(node) = lookup(&doc, &op.pointer) {
            collector.request_body(op, node);
            collector.responses(op, node);
        }
    }
    if let Some(schemas) = lookup(&doc, "/components/schemas") {
        for (key, schema) in entries(schemas) {
            if !is_ref(schema) {
                let at = pointer::join("/components/schemas", [&key]);
                collector.schema(schema, &at, &at, None, None);
            }
        }
    }
    Ok(collector.out)
}

/// The spec `text` in the OpenAPI 3.0 form examples are looked for in: as written, or, for a
/// Swagger 2.0 spec, as the generator upgrades it, with the map from its pointers back to the
/// text's.
fn document(text: &str) -> Result<(Yaml, Option<SourceMap>), String> {
    let mut doc: Yaml =
        serde_yaml::from_str(text).map_err(|e| format!("the spec does not parse: {e}"))?;
    doc.apply_merge()
        .map_err(|e| format!("the spec's merge keys do not resolve: {e}"))?;
    if doc.get("swagger").is_none() {
        return Ok((doc, None));
    }
    let loaded = codegen::load::load_document(text)
        .map_err(|d| format!("the spec does not load: {}", d.render("spec")))?;
    let upgraded = serde_yaml::to_value(&loaded.document)
        .map_err(|e| format!("the upgraded spec does not serialize: {e}"))?;
    Ok((upgraded, Some(loaded.source_map)))
}

struct Collector<'a> {
    doc: &'a Yaml,
    /// Where the nodes of an upgraded `doc` are written in the text, if it was upgraded.
    source_map: Option<&'a SourceMap>,
    by_pointer: HashMap<&'a str, &'a TypeDef>,
    by_name: HashMap<&'a str, &'a TypeDef>,
    seen: HashSet<String>,
    out: Collected,
    /// Whether the keywords beside a schema `$ref` apply (OpenAPI 3.1 and later).
    siblings_apply: bool,
}

/// The JSON shape of a type, underneath aliases, `Box` and `Option`.
enum Shape<'a> {
    Struct(&'a Struct),
    Vec(TypeRef),
    /// A tuple: the types of the items of `prefixItems`, by position.
    Tuple(Vec<TypeRef>),
    Map(TypeRef),
    Other,
}

impl<'a> Collector<'a> {
    fn request_body(&mut self, op: &codegen::model::Operation, node: &'a Yaml) {
        let Some(raw) = get(node, "requestBody") else {
            return;
        };
        let site = format!("{}/requestBody", op.pointer);
        let Some((body, at)) = self.resolve(raw, &site) else {
            return;
        };
        let Some(content) = get(body, "content") else {
            return;
        };
        let typed = op
            .request_body
            .as_ref()
            .map(|rb| (rb.media_type.as_str(), &rb.ty));
        self.content(content, &at, &site, typed, "the request body");
    }

    fn responses(&mut self, op: &codegen::model::Operation, node: &'a Yaml) {
        let Some(responses) = get(node, "responses") else {
            return;
        };
        for (key, raw) in entries(responses) {
            let site = pointer::join(&format!("{}/responses", op.pointer), [&key]);
            let Some((response, at)) = self.resolve(raw, &site) else {
                continue;
            };
            let Some(content) = get(response, "content") else {
                continue;
            };
            let ty = parse_status(&key).and_then(|status| {
                op.responses
                    .iter()
                    .find(|r| r.status == status)
                    .and_then(|r| r.ty.as_ref())
            });
            // The generator types the first JSON media type of a response.
            let media_type = entries(content)
                .into_iter()
                .map(|(m, _)| m)
                .find(|m| is_json(m));
            let typed = match (&media_type, ty) {
                (Some(m), Some(ty)) => Some((m.as_str(), ty)),
                _ => None,
            };
            self.content(content, &at, &site, typed, &format!("response {key}"));
        }
    }

    /// The examples of a `content` map at `at` (where it is written) and `site` (where the
    /// model saw it: the operation's own place, also when the body or response is a `$ref`).
    /// `typed` is the media type the model typed, and its type.
    fn content(
        &mut self,
        content: &'a Yaml,
        at: &str,
        site: &str,
        typed: Option<(&str, &TypeRef)>,
        what: &str,
    ) {
        for (media_type, media) in entries(content) {
            let media_at = pointer::join(&format!("{at}/content"), [&media_type]);
            match typed {
                Some((m, ty)) if m == media_type => {
                    let model_at = pointer::join(&format!("{site}/content"), [&media_type]);
                    self.media(media, &media_at, &model_at, ty);
                }
                _ => {
                    let reason = format!("{what} as {media_type} has no generated type");
                    self.skip_media(media, &media_at, &reason);
                }
            }
        }
    }

    fn media(&mut self, media: &'a Yaml, at: &str, model_at: &str, ty: &TypeRef) {
        if let Some(value) = get(media, "example") {
            self.push(format!("{at}/example"), ty.clone(), value);
        }
        if let Some(examples) = get(media, "examples") {
            for (name, raw) in entries(examples) {
                let site = pointer::join(&format!("{at}/examples"), [&name]);
                let Some((example, example_at)) = self.resolve(raw, &site) else {
                    self.skip(site, "its $ref points at nothing".to_owned());
                    continue;
                };
                if let Some(value) = get(example, "value") {
                    self.push(format!("{example_at}/value"), ty.clone(), value);
                } else if get(example, "externalValue").is_some() {
                    let reason = "an externalValue is not fetched".to_owned();
                    self.skip(format!("{example_at}/externalValue"), reason);
                }
            }
        }
        if let Some(schema) = get(media, "schema").filter(|s| !is_ref(s)) {
            let (at, model_at) = (format!("{at}/schema"), format!("{model_at}/schema"));
            self.schema(schema, &at, &model_at, Some(ty.clone()), None);
        }
    }

    /// Records the examples of a media type that has no generated type as skipped.
    fn skip_media(&mut self, media: &'a Yaml, at: &str, reason: &str) {
        if get(media, "example").is_some() {
            self.skip(format!("{at}/example"), reason.to_owned());
        }
        if let Some(examples) = get(media, "examples") {
            for (name, _) in entries(examples) {
                self.skip(
                    pointer::join(&format!("{at}/examples"), [&name]),
                    reason.to_owned(),
                );
            }
        }
    }

    /// The examples of the schema `node`, written at `at` and known to the model as `model_at`;
    /// `ty` is the type its values deserialize into, when the caller knows it, and `owner` the
    /// struct whose fields its `properties` are (for an `allOf` part).
    fn schema(
        &mut self,
        node: &'a Yaml,
        at: &str,
        model_at: &str,
        ty: Option<TypeRef>,
        owner: Option<&'a Struct>,
    ) {
        let ty = ty.or_else(|| {
            self.by_pointer
                .get(self.original(model_at).as_str())
                .map(|def| TypeRef::Named(def.name.clone()))
        });
        self.schema_examples(node, at, ty.as_ref());
        let shape = ty.as_ref().and_then(|t| self.shape(t));
        let owner = match &shape {
            Some(Shape::Struct(s)) => Some(*s),
            _ => owner,
        };
        if let Some(properties) = get(node, "properties") {
            for (name, child) in entries(properties) {
                let field_ty = owner
                    .and_then(|s| s.fields.iter().find(|f| f.wire_name == name))
                    .map(field_type);
                let child_at = pointer::join(&format!("{at}/properties"), [&name]);
                if is_ref(child) {
                    // OpenAPI 3.1 applies the keywords beside a `$ref`; 3.0 ignores them.
                    if self.siblings_apply {
                        self.schema_examples(child, &child_at, field_ty.as_ref());
                    }
                    continue;
                }
                let child_model_at = pointer::join(&format!("{model_at}/properties"), [&name]);
                self.schema(child, &child_at, &child_model_at, field_ty, None);
            }
        }
        if let Some(items) = get(node, "items").filter(|s| !is_ref(s)) {
            let item_ty = match &shape {
                Some(Shape::Vec(item)) => Some(item.clone()),
                _ => None,
            };
            let (child_at, child_model_at) = (format!("{at}/items"), format!("{model_at}/items"));
            self.schema(items, &child_at, &child_model_at, item_ty, None);
        }
        if let Some(Yaml::Sequence(members)) = get(node, "prefixItems") {
            for (i, member) in members.iter().enumerate().filter(|(_, m)| !is_ref(m)) {
                let member_ty = match &shape {
                    Some(Shape::Tuple(types)) => types.get(i).cloned(),
                    Some(Shape::Vec(item)) => Some(item.clone()),
                    _ => None,
                };
                let child_at = format!("{at}/prefixItems/{i}");
                // Where loading keeps `prefixItems` in the document lowering reads.
                let child_model_at = format!("{model_at}/x-codegen-prefix-items/{i}");
                self.schema(member, &child_at, &child_model_at, member_ty, None);
            }
        }
        if let Some(values) =
            get(node, "additionalProperties").filter(|s| s.is_mapping() && !is_ref(s))
        {
            let value_ty = match &shape {
                Some(Shape::Map(value)) => Some(value.clone()),
                _ => None,
            };
            let child_at = format!("{at}/additionalProperties");
            let child_model_at = format!("{model_at}/additionalProperties");
            self.schema(values, &child_at, &child_model_at, value_ty, None);
        }
        for keyword in ["allOf", "oneOf", "anyOf"] {
            let Some(Yaml::Sequence(parts)) = get(node, keyword) else {
                continue;
            };
            // An `allOf` part's properties are fields of the merged struct; a part itself is
            // not a type, and neither are `oneOf`/`anyOf` alternatives (not typed yet).
            let part_owner = if keyword == "allOf" { owner } else { None };
            for (i, part) in parts.iter().enumerate() {
                if !is_ref(part) {
                    let part_at = format!("{at}/{keyword}/{i}");
                    let part_model_at = format!("{model_at}/{keyword}/{i}");
                    self.schema(part, &part_at, &part_model_at, None, part_owner);
                }
            }
        }
    }

    /// The schema `node`'s own `example`, and each value of its `examples` list (OpenAPI 3.1),
    /// of type `ty` (`Option<ty>` where the schema allows `null`).
    fn schema_examples(&mut self, node: &'a Yaml, at: &str, ty: Option<&TypeRef>) {
        let mut values: Vec<(String, &'a Yaml)> = Vec::new();
        if let Some(value) = get(node, "example") {
            values.push((format!("{at}/example"), value));
        }
        if let Some(Yaml::Sequence(list)) = get(node, "examples") {
            for (i, value) in list.iter().enumerate() {
                values.push((format!("{at}/examples/{i}"), value));
            }
        }
        for (example_at, value) in values {
            match ty {
                Some(ty) if is_nullable(node) => {
                    self.push(example_at, rust_type::nullable(ty.clone()), value);
                }
                Some(ty) => self.push(example_at, ty.clone(), value),
                None => self.skip(example_at, "the schema has no generated type".to_owned()),
            }
        }
    }

    fn shape(&self, ty: &TypeRef) -> Option<Shape<'a>> {
        let mut current = ty.clone();
        // Alias chains are short; the bound only guards against a cycle.
        for _ in 0..64 {
            current = match current {
                TypeRef::Named(name) => match &self.by_name.get(name.as_str())?.body {
                    TypeBody::Alias(target) => target.clone(),
                    TypeBody::Struct(s) => return Some(Shape::Struct(s)),
                    // Enums, and `oneOf` types whose alternatives are checked as a whole.
                    _ => return Some(Shape::Other),
                },
                TypeRef::Nullable(inner) | TypeRef::Boxed(inner) => *inner,
                TypeRef::Vec(item) => return Some(Shape::Vec(*item)),
                TypeRef::Tuple(members) => return Some(Shape::Tuple(members)),
                TypeRef::Map(value) => return Some(Shape::Map(*value)),
                TypeRef::Primitive(_) => return Some(Shape::Other),
            };
        }
        None
    }

    /// `node`, or what its `$ref` (a chain of them) points at, with its pointer; `site` is the
    /// pointer of `node` itself.
    fn resolve(&self, node: &'a Yaml, site: &str) -> Option<(&'a Yaml, String)> {
        let mut current = node;
        let mut at = site.to_owned();
        for _ in 0..32 {
            let Some(target) = get(current, "$ref") else {
                return Some((current, at));
            };
            let target = target.as_str()?.strip_prefix('#')?;
            current = lookup(self.doc, target)?;
            at = target.to_owned();
        }
        None
    }

    /// The pointer of the text that `at`, a pointer of `doc`, stands for.
    fn original(&self, at: &str) -> String {
        self.source_map
            .map_or_else(|| at.to_owned(), |map| map.original(at))
    }

    fn push(&mut self, pointer: String, ty: TypeRef, value: &Yaml) {
        let pointer = self.original(&pointer);
        if !self.seen.insert(pointer.clone()) {
            return;
        }
        match to_json(value) {
            Ok(value) => self.out.examples.push(Example { pointer, ty, value }),
            Err(reason) => self.out.skipped.push(Skipped {
                pointer,
                reason: format!("the example is not JSON: {reason}"),
            }),
        }
    }

    fn skip(&mut self, pointer: String, reason: String) {
        let pointer = self.original(&pointer);
        if self.seen.insert(pointer.clone()) {
            self.out.skipped.push(Skipped { pointer, reason });
        }
    }
}

/// A field's type as a value of the property reads it: `Option<T>` when `null` is allowed.
fn field_type(field: &Field) -> TypeRef {
    match field.presence {
        Presence::Required | Presence::Optional { nullable: false } => field.ty.clone(),
        Presence::RequiredNullable | Presence::Optional { nullable: true } => {
            rust_type::nullable(field.ty.clone())
        }
    }
}

fn parse_status(key: &str) -> Option<ResponseStatus> {
    if key == "default" {
        return Some(ResponseStatus::Default);
    }
    if let Ok(code) = key.parse::<u16>() {
        return Some(ResponseStatus::Code(code));
    }
    let class = key.strip_suffix("XX").or_else(|| key.strip_suffix("xx"))?;
    class.parse::<u16>().ok().map(ResponseStatus::Range)
}

/// Whether a schema allows `null`: `nullable: true` (OpenAPI 3.0) or a `type` list naming
/// `"null"` (3.1).
fn is_nullable(schema: &Yaml) -> bool {
    match get(schema, "type") {
        Some(Yaml::Sequence(types)) if types.iter().any(|t| t.as_str() == Some("null")) => true,
        _ => matches!(get(schema, "nullable"), Some(Yaml::Bool(true))),
    }
}

fn is_ref(node: &Yaml) -> bool {
    get(node, "$ref").is_some()
}

/// A mapping key as text: YAML keys such as `200` are numbers.
fn key_text(key: &Yaml) -> Option<String> {
    match key {
        Yaml::String(s) => Some(s.clone()),
        Yaml::Number(n) => Some(n.to_string()),
        Yaml::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The value at `key` of a mapping.
fn get<'v>(node: &'v Yaml, key: &str) -> Option<&'v Yaml> {
    node.as_mapping()?
        .iter()
        .find(|(k, _)| key_text(k).as_deref() == Some(key))
        .map(|(_, v)| v)
}

/// The entries of a mapping whose keys are text, in document order.
fn entries(node: &Yaml) -> Vec<(String, &Yaml)> {
    node.as_mapping()
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| key_text(k).map(|k| (k, v)))
                .collect()
        })
        .unwrap_or_default()
}

/// The node at a JSON pointer.
fn lookup<'v>(doc: &'v Yaml, at: &str) -> Option<&'v Yaml> {
    let mut node = doc;
    for token in pointer::tokens(at) {
        node = match node {
            Yaml::Sequence(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => get(node, &token)?,
        };
    }
    Some(node)
}

/// A YAML value as JSON: keys become text, tags are dropped.
///
/// # Errors
/// For values JSON cannot hold: `.nan`, `.inf`, keys that are sequences or mappings.
fn to_json(value: &Yaml) -> Result<Json, String> {
    Ok(match value {
        Yaml::Null => Json::Null,
        Yaml::Bool(b) => Json::Bool(*b),
        Yaml::Number(n) => {
            if let Some(i) = n.as_i64() {
                Json::from(i)
            } else if let Some(u) = n.as_u64() {
                Json::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                serde_json::Number::from_f64(f)
                    .map(Json::Number)
                    .ok_or_else(|| format!("{n} is not a JSON number"))?
            }
        }
        Yaml::String(s) => Json::String(s.clone()),
        Yaml::Sequence(items) => Json::Array(items.iter().map(to_json).collect::<Result<_, _>>()?),
        Yaml::Mapping(m) => {
            let mut object = serde_json::Map::new();
            for (k, v) in m {
                let key = key_text(k).ok_or_else(|| format!("the key {k:?} is not a string"))?;
                object.insert(key, to_json(v)?);
            }
            Json::Object(object)
        }
        Yaml::Tagged(tagged) => to_json(&tagged.value)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::rust_type::display;

    const SPEC: &str = r##"
openapi: 3.0.3
info: { title: Shop, version: "1" }
paths:
  /orders/get:
    post:
      operationId: getOrder
      requestBody:
        $ref: '#/components/requestBodies/OrderGet'
      responses:
        200:
          description: the order
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Order' }
              example: { id: o1, total: 12.5, lines: [] }
              examples:
                full:
                  value: { id: o2, total: 3, lines: [{ sku: a, note: null }] }
                shared:
                  $ref: '#/components/examples/SharedOrder'
                far:
                  externalValue: https://example.com/order.json
        4XX:
          description: an error
          content:
            application/json:
              schema:
                type: object
                properties:
                  code: { type: string, example: NOT_FOUND }
              example: { code: NOT_FOUND }
            text/plain:
              example: not found
  /orders/{id}:
    get:
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      responses:
        '200':
          description: the order
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Order' }
              examples:
                shared:
                  $ref: '#/components/examples/SharedOrder'
components:
  requestBodies:
    OrderGet:
      required: true
      content:
        application/json:
          schema:
            type: object
            required: [id]
            properties:
              id: { type: string, example: o1 }
          example: { id: o1 }
  examples:
    SharedOrder:
      value: { id: o3, total: 1, lines: [] }
  schemas:
    Order:
      type: object
      required: [id, total, lines]
      properties:
        id: { type: string, example: o9 }
        total: { type: number, example: 9.99 }
        placed: { type: string, format: date, nullable: true, example: null }
        lines:
          type: array
          items:
            type: object
            required: [sku]
            properties:
              sku: { type: string, example: sku-1 }
              note: { type: string, nullable: true }
          example: [{ sku: b }]
        tags:
          type: object
          additionalProperties: { type: integer, example: 3 }
      example: { id: o4, total: 0, lines: [] }
    Amount:
      type: number
      example: 12.5
    Refund:
      allOf:
        - $ref: '#/components/schemas/Order'
        - type: object
          properties:
            reason: { type: string, example: damaged }
          example: { reason: damaged }
"##;

    fn collected() -> (Collected, Api) {
        let generated = codegen::generate(SPEC, &codegen::Options::new("shop", "shop.yaml"))
            .unwrap_or_else(|d| panic!("{}", d.render("shop.yaml")));
        let collected = collect(SPEC, &generated.api).unwrap();
        (collected, generated.api)
    }

    fn typed(c: &Collected) -> Vec<(String, String)> {
        c.examples
            .iter()
            .map(|e| (e.pointer.clone(), display(&e.ty)))
            .collect()
    }

    #[test]
    fn finds_body_response_and_schema_examples_with_their_types() {
        let (c, api) = collected();
        let op = "/paths/~1orders~1get/post";
        let ok = format!("{op}/responses/200/content/application~1json");
        let err = format!("{op}/responses/4XX/content/application~1json");
        let body = "/components/requestBodies/OrderGet/content/application~1json";
        let error_type = api.operations[0].responses[1].ty.clone().unwrap();
        let body_type = api.operations[0].request_body.clone().unwrap().ty;
        let owned = |p: &str, t: &str| (p.to_owned(), t.to_owned());
        let expected = vec![
            owned(&format!("{body}/example"), &display(&body_type)),
            owned(&format!("{body}/schema/properties/id/example"), "String"),
            owned(&format!("{ok}/example"), "Order"),
            owned(&format!("{ok}/examples/full/value"), "Order"),
            owned("/components/examples/SharedOrder/value", "Order"),
            owned(&format!("{err}/example"), &display(&error_type)),
            owned(&format!("{err}/schema/properties/code/example"), "String"),
            owned("/components/schemas/Order/properties/id/example", "String"),
            owned("/components/schemas/Order/properties/total/example", "f64"),
            owned(
                "/components/schemas/Order/properties/placed/example",
                "Option<chrono::NaiveDate>",
            ),
            owned(
                "/components/schemas/Order/properties/lines/items/properties/sku/example",
                "String",
            ),
            owned(
                "/components/schemas/Order/properties/lines/example",
                &display(&TypeRef::Vec(Box::new(TypeRef::Named(
                    api.types
                        .iter()
                        .find(|t| t.pointer.ends_with("/lines/items"))
                        .map(|t| t.name.clone())
                        .unwrap_or_default(),
                )))),
            ),
            owned(
                "/components/schemas/Order/properties/tags/additionalProperties/example",
                "i64",
            ),
            owned("/components/schemas/Order/example", "Order"),
            owned("/components/schemas/Amount/example", "Amount"),
            owned(
                "/components/schemas/Refund/allOf/1/properties/reason/example",
                "String",
            ),
        ];
        let mut found = typed(&c);
        let mut expected = expected;
        found.sort();
        expected.sort();
        assert_eq!(found, expected);
        // The example shared by two operations is checked once; values are JSON.
        let shared = c
            .examples
            .iter()
            .filter(|e| e.pointer == "/components/examples/SharedOrder/value")
            .count();
        assert_eq!(shared, 1);
        let full = c
            .examples
            .iter()
            .find(|e| e.pointer.ends_with("/full/value"));
        assert_eq!(
            full.map(|e| e.value.clone()),
            Some(
                serde_json::json!({"id": "o2", "total": 3, "lines": [{"sku": "a", "note": null}]})
            )
        );
    }

    #[test]
    fn reports_what_it_cannot_type() {
        let (c, _) = collected();
        let skipped: Vec<(&str, &str)> = c
            .skipped
            .iter()
            .map(|s| (s.pointer.as_str(), s.reason.as_str()))
            .collect();
        let op = "/paths/~1orders~1get/post";
        assert_eq!(
            skipped,
            [
                (
                    &*format!(
                        "{op}/responses/200/content/application~1json/examples/far/externalValue"
                    ),
                    "an externalValue is not fetched"
                ),
                (
                    &*format!("{op}/responses/4XX/content/text~1plain/example"),
                    "response 4XX as text/plain has no generated type"
                ),
                (
                    "/components/schemas/Refund/allOf/1/example",
                    "the schema has no generated type"
                ),
            ]
        );
    }

    #[test]
    fn converts_yaml_values_to_json() {
        let yaml: Yaml =
            serde_yaml::from_str("{200: ok, true: 1, n: ~, f: 1.5, big: 18446744073709551615}")
                .unwrap();
        assert_eq!(
            to_json(&yaml).unwrap(),
            serde_json::json!({"200": "ok", "true": 1, "n": null, "f": 1.5, "big": 18446744073709551615u64})
        );
        let nan: Yaml = serde_yaml::from_str("[.nan]").unwrap();
        assert!(to_json(&nan).is_err());
        assert_eq!(parse_status("4xx"), Some(ResponseStatus::Range(4)));
        assert_eq!(parse_status("default"), Some(ResponseStatus::Default));
        assert_eq!(parse_status("2X"), None);
    }

    #[test]
    fn follows_pointers_into_sequences() {
        let doc: Yaml = serde_yaml::from_str("a: [{b~c: {d/e: 1}}]").unwrap();
        assert_eq!(lookup(&doc, "/a/0/b~0c/d~1e"), Some(&Yaml::from(1)));
        assert_eq!(lookup(&doc, "/a/1"), None);
    }
}
