//! Objects: the properties of an object schema and of every `allOf` part merged into one struct
//! (spec order, `required` lists united, restated properties narrowed), and the struct built
//! from them.

use std::collections::HashSet;

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, AnySchema, ReferenceOr, Schema, SchemaKind, Type};

use super::Lowerer;
use super::names::{self, camel, snake};
use super::schema::schema_doc;
use crate::model::{Field, Presence, Primitive, Struct, TypeRef};
use crate::pointer;

/// Property names that hold credentials: their `Debug` is hidden even without
/// `format: password`.
const SECRET_NAMES: &[&str] = &[
    "secret",
    "password",
    "client_secret",
    "access_token",
    "refresh_token",
    "api_key",
    "apikey",
    "private_key",
];

/// The parts of an object schema, whichever way it was written.
pub(super) struct ObjectView<'a> {
    pub(super) properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
    pub(super) required: &'a [String],
    pub(super) additional: Option<&'a AdditionalProperties>,
}

/// A property gathered for a struct, with the pointer of the part that declared it.
pub(super) struct PropertySource<'a> {
    name: &'a str,
    schema: &'a ReferenceOr<Box<Schema>>,
    pointer: String,
    /// Its description, or an earlier declaration's when a later one restates it without.
    doc: Option<String>,
}

/// Everything an `allOf` (or a plain object) contributes to one struct.
#[derive(Default)]
pub(super) struct Merged<'a> {
    properties: Vec<PropertySource<'a>>,
    required: HashSet<&'a str>,
    deny_unknown_fields: bool,
}

pub(super) fn object_view(schema: &Schema) -> Option<ObjectView<'_>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => Some(ObjectView {
            properties: &o.properties,
            required: &o.required,
            additional: o.additional_properties.as_ref(),
        }),
        SchemaKind::Any(a) if is_object_like(a) => Some(ObjectView {
            properties: &a.properties,
            required: &a.required,
            additional: a.additional_properties.as_ref(),
        }),
        _ => None,
    }
}

pub(super) fn is_object_like(a: &AnySchema) -> bool {
    a.typ.as_deref() == Some("object") || !a.properties.is_empty()
}

/// The property names and required names of an object schema (without following `allOf`).
pub(super) fn object_properties(schema: &Schema) -> Option<(Vec<String>, Vec<String>)> {
    let o = object_view(schema)?;
    Some((o.properties.keys().cloned().collect(), o.required.to_vec()))
}

/// Whether an inline `allOf` part says nothing about the type: no `type`, properties, items,
/// enum or composition, only words (description, title) or flags.
pub(super) fn is_annotation(part: &ReferenceOr<Schema>) -> bool {
    let ReferenceOr::Item(schema) = part else {
        return false;
    };
    let SchemaKind::Any(a) = &schema.schema_kind else {
        return false;
    };
    a.typ.is_none()
        && a.properties.is_empty()
        && a.items.is_none()
        && a.enumeration.is_empty()
        && a.additional_properties.is_none()
        && a.all_of.is_empty()
        && a.one_of.is_empty()
        && a.any_of.is_empty()
        && a.not.is_none()
}

impl<'a> Lowerer<'a> {
    /// The properties of an object schema, with those of every `allOf` part merged in spec
    /// order, or `None` when the schema is not an object.
    pub(super) fn merged_object(&mut self, schema: &'a Schema, at: &str) -> Option<Merged<'a>> {
        let mut merged = Merged::default();
        let mut visiting = Vec::new();
        self.merge_into(&mut merged, schema, at, &mut visiting)
            .then_some(merged)
    }

    /// Adds `schema`'s properties to `merged`; false when it is not an object at all.
    pub(super) fn merge_into(
        &mut self,
        merged: &mut Merged<'a>,
        schema: &'a Schema,
        at: &str,
        visiting: &mut Vec<&'a str>,
    ) -> bool {
        let all_of: &'a [ReferenceOr<Schema>] = match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => all_of,
            SchemaKind::Any(a) => &a.all_of,
            _ => &[],
        };
        let own = object_view(schema);
        if all_of.is_empty() && own.is_none() {
            return false;
        }
        for (i, part) in all_of.iter().enumerate() {
            if is_annotation(part) {
                continue;
            }
            let part_at = format!("{at}/allOf/{i}");
            let (part_schema, part_pointer) = match part {
                ReferenceOr::Item(s) => (s, part_at.clone()),
                ReferenceOr::Reference { reference } => {
                    let Some(resolved) = self.resolve_to_schema(reference, &part_at) else {
                        continue;
                    };
                    if visiting.contains(&resolved.0) {
                        self.error(
                            &part_at,
                            format!("allOf includes `{}` inside itself", resolved.0),
                            "remove the circular allOf reference",
                        );
                        continue;
                    }
                    visiting.push(resolved.0);
                    let ok = self.merge_into(
                        merged,
                        resolved.1,
                        &pointer::join("/components/schemas", [resolved.0]),
                        visiting,
                    );
                    visiting.pop();
                    if !ok {
                        self.conflicting_part(&part_at);
                    }
                    continue;
                }
            };
            if !self.merge_into(merged, part_schema, &part_pointer, visiting) {
                self.conflicting_part(&part_at);
            }
        }
        if let Some(o) = own {
            self.merge_object(merged, &o, at);
        }
        true
    }

    /// For an `allOf` that is not an object (no part has properties): the part that defines
    /// the type (the first `$ref`, else the first part) and its index. The other parts only
    /// annotate it. `None` when the schema has no `allOf`, or some part is an object.
    pub(super) fn defining_part(
        &self,
        schema: &'a Schema,
    ) -> Option<(usize, &'a ReferenceOr<Schema>)> {
        let parts: &'a [ReferenceOr<Schema>] = match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => all_of,
            SchemaKind::Any(a)
                if a.properties.is_empty() && a.one_of.is_empty() && a.any_of.is_empty() =>
            {
                &a.all_of
            }
            _ => return None,
        };
        if let [only] = parts {
            return Some((0, only));
        }
        // Parts that only annotate (a description, a title) do not count.
        let defining: Vec<(usize, &'a ReferenceOr<Schema>)> = parts
            .iter()
            .enumerate()
            .filter(|(_, p)| !is_annotation(p))
            .collect();
        if let [only] = defining.as_slice() {
            return Some(*only);
        }
        if defining.is_empty() || parts.iter().any(|p| self.is_object_part(p)) {
            return None;
        }
        parts
            .iter()
            .enumerate()
            .find(|(_, p)| matches!(p, ReferenceOr::Reference { .. }))
            .or_else(|| parts.first().map(|p| (0, p)))
    }

    /// Whether an `allOf` part is (or references) an object or a further `allOf`. Silent: a
    /// dangling reference is reported when the part is lowered.
    pub(super) fn is_object_part(&self, part: &ReferenceOr<Schema>) -> bool {
        let schema = match part {
            ReferenceOr::Item(s) => Some(s),
            ReferenceOr::Reference { reference } => self.schema_silently(reference),
        };
        schema.is_some_and(|s| {
            object_view(s).is_some_and(|o| !o.properties.is_empty())
                || matches!(s.schema_kind, SchemaKind::AllOf { .. })
        })
    }

    pub(super) fn conflicting_part(&mut self, at: &str) {
        self.error(
            at,
            "this allOf part is not an object, so it cannot be merged into one",
            "every allOf part must be an object schema (or a $ref to one)",
        );
    }

    pub(super) fn merge_object(&mut self, merged: &mut Merged<'a>, o: &ObjectView<'a>, at: &str) {
        for (name, schema) in o.properties {
            let prop_at = pointer::join(&format!("{at}/properties"), [name]);
            if let Some(i) = merged.properties.iter().position(|p| p.name == name) {
                // A later part may restate or narrow a property (real specs do: a subtype
                // restates `name`, or gives `balances` a more specific type); the later
                // declaration wins, in the first one's place. Only kinds that no value can
                // satisfy together are an error.
                let first = (
                    merged.properties[i].schema,
                    merged.properties[i].pointer.clone(),
                );
                let (a, b) = (self.value_kind(first.0), self.value_kind(schema));
                if a.is_some() && b.is_some() && a != b {
                    self.error(
                        &prop_at,
                        format!(
                            "property `{name}` is declared again as {}, but first as {} (at #{})",
                            b.unwrap_or_default(),
                            a.unwrap_or_default(),
                            first.1
                        ),
                        "allOf parts must agree on the type of a shared property",
                    );
                    continue;
                }
                let doc = self
                    .property_doc(schema)
                    .or_else(|| merged.properties[i].doc.take());
                merged.properties[i] = PropertySource {
                    name,
                    schema,
                    pointer: prop_at,
                    doc,
                };
                continue;
            }
            let doc = self.property_doc(schema);
            merged.properties.push(PropertySource {
                name,
                schema,
                pointer: prop_at,
                doc,
            });
        }
        // A required name may belong to another allOf part; checked when the struct is built.
        merged
            .required
            .extend(o.required.iter().map(String::as_str));
        if matches!(o.additional, Some(AdditionalProperties::Any(false))) {
            merged.deny_unknown_fields = true;
        }
    }

    /// A property's description: its own, or the referenced schema's.
    pub(super) fn property_doc(&self, schema: &ReferenceOr<Box<Schema>>) -> Option<String> {
        match schema {
            ReferenceOr::Item(s) => schema_doc(s),
            ReferenceOr::Reference { reference } => self.referenced_doc(reference),
        }
    }

    /// The JSON kind of a property's values (`string`, `number`, `boolean`, `array`,
    /// `object`), following references; `None` when it has no single kind.
    pub(super) fn value_kind(&self, schema: &ReferenceOr<Box<Schema>>) -> Option<&'static str> {
        let mut current: &Schema = match schema {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { reference } => self.schema_silently(reference)?,
        };
        for _ in 0..32 {
            return Some(match &current.schema_kind {
                SchemaKind::Type(Type::String(_)) => "string",
                SchemaKind::Type(Type::Number(_) | Type::Integer(_)) => "number",
                SchemaKind::Type(Type::Boolean(_)) => "boolean",
                SchemaKind::Type(Type::Array(_)) => "array",
                SchemaKind::Type(Type::Object(_)) => "object",
                SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                    current = match &all_of[0] {
                        ReferenceOr::Item(s) => s,
                        ReferenceOr::Reference { reference } => self.schema_silently(reference)?,
                    };
                    continue;
                }
                SchemaKind::Any(a) if is_object_like(a) => "object",
                _ => return None,
            });
        }
        None
    }

    pub(super) fn build_struct(&mut self, merged: Merged<'a>, at: &str, owner: &str) -> Struct {
        let mut scope = names::Scope::default();
        let mut fields = Vec::with_capacity(merged.properties.len());
        for p in &merged.properties {
            let hint = format!("{owner}{}", camel(p.name, "T"));
            let lowered = self.lower_boxed(p.schema, &p.pointer, &hint);
            let required = merged.required.contains(p.name);
            let presence = match (required, lowered.nullable) {
                (true, false) => Presence::Required,
                (true, true) => Presence::RequiredNullable,
                (false, nullable) => Presence::Optional { nullable },
            };
            let wanted = snake(p.name);
            let (rust_name, changed) = scope.claim(&wanted, "field");
            if changed {
                self.warn(&p.pointer, format!("property `{}` would be field `{wanted}`, which another property of this object already is; it is `{rust_name}`", p.name), "rename one of the properties");
            }
            let inline = match p.schema {
                ReferenceOr::Item(s) => Some(&**s),
                ReferenceOr::Reference { .. } => None,
            };
            let doc = p.doc.clone();
            let ty = if SECRET_NAMES.contains(&p.name)
                && lowered.ty == TypeRef::Primitive(Primitive::String)
            {
                TypeRef::Primitive(Primitive::Secret)
            } else {
                lowered.ty
            };
            let resolved = match p.schema {
                ReferenceOr::Item(s) => Some(&**s),
                ReferenceOr::Reference { reference } => self.schema_silently(reference),
            };
            let default = match (presence, resolved) {
                (Presence::Optional { nullable: false }, Some(s)) => {
                    self.field_default(s, &ty, &p.pointer)
                }
                _ => None,
            };
            fields.push(Field {
                wire_name: p.name.to_owned(),
                rust_name,
                ty,
                presence,
                doc,
                deprecated: inline.is_some_and(|s| s.schema_data.deprecated),
                default,
                constraints: resolved
                    .map(|s| self.constraints_with_items(s))
                    .unwrap_or_default(),
            });
            if let Some(pattern) = fields.last().and_then(|f| f.constraints.pattern.as_deref()) {
                if regex::Regex::new(pattern).is_err() {
                    self.warn(&p.pointer, format!("pattern {pattern:?} is not a regular expression the generated server can check; it is not checked"), "the server uses Rust's regex syntax: no look-around or back-references");
                }
            }
        }
        let mut missing: Vec<&str> = merged
            .required
            .iter()
            .copied()
            .filter(|r| !merged.properties.iter().any(|p| p.name == *r))
            .collect();
        missing.sort_unstable();
        for r in missing {
            self.warn(
                at,
                format!("`required` lists `{r}`, which is not a property; it is ignored"),
                "declare the property, or remove it from `required`",
            );
        }
        Struct {
            fields,
            deny_unknown_fields: merged.deny_unknown_fields,
        }
    }
}
