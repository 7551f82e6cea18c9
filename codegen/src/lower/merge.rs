//! `allOf` merging: the properties of an object schema and of every `allOf` part gathered for
//! one struct (spec order, `required` lists united, restated properties narrowed), with the
//! parts that are not objects kept beside them: a `oneOf`/`anyOf` (flattened into the struct,
//! or checked as a presence rule) and a map of further properties.

use std::collections::HashSet;

use openapiv3::{AdditionalProperties, Discriminator, ReferenceOr, Schema, SchemaKind, Type};

use super::Lowerer;
use super::dependent_required::dependent_required;
use super::object::{ObjectView, is_annotation, is_object_like, loose_object_view, object_view};
use super::primitive::string_enum_values;
use super::schema::schema_doc;
use crate::model::DependentRequired;
use crate::pointer;

/// A property gathered for a struct, with the pointer of the part that declared it.
pub(super) struct PropertySource<'a> {
    pub(super) name: &'a str,
    pub(super) schema: &'a ReferenceOr<Box<Schema>>,
    pub(super) pointer: String,
    /// Its description, or an earlier declaration's when a later one restates it without.
    pub(super) doc: Option<String>,
}

/// A `oneOf`/`anyOf` met while merging: what the struct is, besides its properties.
pub(super) enum UnionPart<'a> {
    /// A component that is a union, included by `$ref` from `allOf`: its type is flattened.
    Component {
        /// The component's key.
        key: &'a str,
        /// Where the `$ref` is.
        pointer: String,
    },
    /// Alternatives written in the merged schemas themselves.
    Inline(InlineUnion<'a>),
}

/// `oneOf`/`anyOf` alternatives written beside properties or in an `allOf` part.
pub(super) struct InlineUnion<'a> {
    /// `oneOf` or `anyOf`.
    pub(super) keyword: &'static str,
    pub(super) parts: &'a [ReferenceOr<Schema>],
    pub(super) discriminator: Option<&'a Discriminator>,
    /// The schema that holds the keyword, as a JSON pointer.
    pub(super) pointer: String,
    /// The Rust name of the type the schema belongs to, to name an inline type after.
    pub(super) holder: String,
}

/// Everything an `allOf` (or a plain object) contributes to one struct.
#[derive(Default)]
pub(super) struct Merged<'a> {
    pub(super) properties: Vec<PropertySource<'a>>,
    pub(super) required: HashSet<&'a str>,
    pub(super) deny_unknown_fields: bool,
    pub(super) unions: Vec<UnionPart<'a>>,
    /// `additionalProperties: <schema>` of a part, with its pointer: the value type of the
    /// properties the struct does not declare (the first part that says so wins).
    pub(super) additional: Option<(&'a ReferenceOr<Schema>, String)>,
    /// `dependentRequired` entries of the object and its parts (each schema's by property name).
    pub(super) dependent_required: Vec<DependentRequired>,
}

/// What an `allOf` part contributes.
enum PartKind {
    /// Properties, further `allOf` parts, or alternatives beside properties: merged.
    Object,
    /// Only `oneOf`/`anyOf`: kept beside the properties.
    Union,
    /// An object without properties: its `additionalProperties` type, if any.
    Map,
    /// Only `not`, which no Rust type expresses.
    Not,
    /// A string, number, boolean or array: no object is one.
    Other,
}

/// The `oneOf` and `anyOf` lists of a schema that are not empty, with their keywords.
pub(super) fn union_lists(schema: &Schema) -> Vec<(&'static str, &[ReferenceOr<Schema>])> {
    let (one_of, any_of): (&[ReferenceOr<Schema>], &[ReferenceOr<Schema>]) =
        match &schema.schema_kind {
            SchemaKind::OneOf { one_of } => (one_of, &[]),
            SchemaKind::AnyOf { any_of } => (&[], any_of),
            SchemaKind::Any(a) => (&a.one_of, &a.any_of),
            _ => (&[], &[]),
        };
    [("oneOf", one_of), ("anyOf", any_of)]
        .into_iter()
        .filter(|(_, parts)| !parts.is_empty())
        .collect()
}

/// The `allOf` parts of a schema.
pub(super) fn all_of_parts(schema: &Schema) -> &[ReferenceOr<Schema>] {
    match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => all_of,
        SchemaKind::Any(a) => &a.all_of,
        _ => &[],
    }
}

fn part_kind(schema: &Schema) -> PartKind {
    let has_properties = object_view(schema).is_some_and(|o| !o.properties.is_empty());
    let unions = !union_lists(schema).is_empty();
    if has_properties || !all_of_parts(schema).is_empty() {
        return PartKind::Object;
    }
    if unions {
        return PartKind::Union;
    }
    match &schema.schema_kind {
        SchemaKind::Not { .. } => PartKind::Not,
        SchemaKind::Type(Type::Object(_)) => PartKind::Map,
        SchemaKind::Any(a) if is_object_like(a) || a.additional_properties.is_some() => {
            PartKind::Map
        }
        SchemaKind::Any(a) if a.typ.is_none() && a.enumeration.is_empty() && a.items.is_none() => {
            // Constraints of no particular kind (`required`, `minProperties`): merged as an
            // object without properties.
            PartKind::Map
        }
        _ => PartKind::Other,
    }
}

impl<'a> Lowerer<'a> {
    /// The properties of an object schema, with those of every `allOf` part merged in spec
    /// order, or `None` when the schema is not an object. `holder` names the type being built.
    pub(super) fn merged_object(
        &mut self,
        schema: &'a Schema,
        at: &str,
        holder: &str,
    ) -> Option<Merged<'a>> {
        let mut merged = Merged::default();
        let mut visiting = Vec::new();
        self.merge_into(&mut merged, schema, at, holder, &mut visiting)
            .then_some(merged)
    }

    /// Adds `schema`'s properties (and its unions and map) to `merged`; false when it is not an
    /// object at all.
    fn merge_into(
        &mut self,
        merged: &mut Merged<'a>,
        schema: &'a Schema,
        at: &str,
        holder: &str,
        visiting: &mut Vec<&'a str>,
    ) -> bool {
        let all_of = all_of_parts(schema);
        let unions = union_lists(schema);
        if all_of.is_empty() && object_view(schema).is_none() && unions.is_empty() {
            return false;
        }
        self.note_not_beside(schema, at);
        // Beside `allOf` or alternatives, `required` applies without `type: object`.
        let own = loose_object_view(schema);
        for (i, part) in all_of.iter().enumerate() {
            if !is_annotation(part) {
                self.merge_part(merged, part, &format!("{at}/allOf/{i}"), holder, visiting);
            }
        }
        if let Some(o) = own {
            self.merge_object(merged, &o, at);
        }
        merged
            .dependent_required
            .extend(dependent_required(schema, at));
        for (keyword, parts) in unions {
            merged.unions.push(UnionPart::Inline(InlineUnion {
                keyword,
                parts,
                discriminator: schema.schema_data.discriminator.as_ref(),
                pointer: at.to_owned(),
                holder: holder.to_owned(),
            }));
        }
        true
    }

    /// Merges one `allOf` part, by what it is.
    fn merge_part(
        &mut self,
        merged: &mut Merged<'a>,
        part: &'a ReferenceOr<Schema>,
        part_at: &str,
        holder: &str,
        visiting: &mut Vec<&'a str>,
    ) {
        let (component, schema) = match part {
            ReferenceOr::Item(s) => (None, s),
            ReferenceOr::Reference { reference } => {
                let Some((key, schema)) = self.resolve_to_schema(reference, part_at) else {
                    return;
                };
                (Some(key), schema)
            }
        };
        match part_kind(schema) {
            PartKind::Object => match component {
                None => {
                    self.merge_into(merged, schema, part_at, holder, visiting);
                }
                Some(key) if visiting.contains(&key) => self.error(
                    part_at,
                    format!("allOf includes `{key}` inside itself"),
                    "remove the circular allOf reference",
                ),
                Some(key) => {
                    visiting.push(key);
                    let name = self.component_types[key].clone();
                    let at = pointer::join("/components/schemas", [key]);
                    self.merge_into(merged, schema, &at, &name, visiting);
                    visiting.pop();
                }
            },
            PartKind::Union => match component {
                Some(key) => merged.unions.push(UnionPart::Component {
                    key,
                    pointer: part_at.to_owned(),
                }),
                None => {
                    self.merge_into(merged, schema, part_at, holder, visiting);
                }
            },
            PartKind::Map => {
                self.note_not_beside(schema, part_at);
                if let Some(o) = loose_object_view(schema) {
                    self.merge_object(merged, &o, part_at);
                }
                let at = match component {
                    Some(key) => pointer::join("/components/schemas", [key]),
                    None => part_at.to_owned(),
                };
                merged
                    .dependent_required
                    .extend(dependent_required(schema, &at));
            }
            PartKind::Not => self.not_ignored(part_at),
            PartKind::Other => self.warn(
                part_at,
                "this allOf part is not an object, but other parts are, and no value is both; it is ignored",
                "make every allOf part an object schema (or a $ref to one), or split the schema",
            ),
        }
    }

    pub(super) fn merge_object(&mut self, merged: &mut Merged<'a>, o: &ObjectView<'a>, at: &str) {
        for (name, schema) in o.properties {
            let prop_at = pointer::join(&format!("{at}/properties"), [name]);
            let doc = self.property_doc(schema);
            let Some(i) = merged.properties.iter().position(|p| p.name == name) else {
                merged.properties.push(PropertySource {
                    name,
                    schema,
                    pointer: prop_at,
                    doc,
                });
                continue;
            };
            // A later part may restate or narrow a property (real specs do: a subtype restates
            // `name`, or gives `balances` a more specific type); the later declaration wins,
            // in the first one's place.
            let first = &merged.properties[i];
            let (a, b) = (self.value_kind(first.schema), self.value_kind(schema));
            if let (Some(a), Some(b)) = (a, b)
                && a != b
            {
                let first_at = first.pointer.clone();
                self.warn(
                    &prop_at,
                    format!("property `{name}` is declared again as {b}, but first as {a} (at #{first_at}), and no value is both; the later declaration is used"),
                    "allOf parts must agree on the type of a shared property",
                );
            }
            let doc = doc.or_else(|| merged.properties[i].doc.take());
            // Both declarations hold (`allOf`): where the first names fewer values (an enum
            // inside the later's, or an enum where the later allows any string), it stays.
            if self.narrows(merged.properties[i].schema, schema) {
                merged.properties[i].doc = doc;
                continue;
            }
            merged.properties[i] = PropertySource {
                name,
                schema,
                pointer: prop_at,
                doc,
            };
        }
        // A required name may belong to another allOf part; checked when the struct is built.
        merged
            .required
            .extend(o.required.iter().map(String::as_str));
        match o.additional {
            Some(AdditionalProperties::Any(false)) => merged.deny_unknown_fields = true,
            Some(AdditionalProperties::Schema(s)) if merged.additional.is_none() => {
                merged.additional = Some((s, format!("{at}/additionalProperties")));
            }
            _ => {}
        }
    }

    /// Warns that a `not` is not expressed in the type and not checked.
    pub(super) fn not_ignored(&mut self, at: &str) {
        self.warn(
            at,
            "`not` cannot be expressed in a Rust type; it is ignored (values it excludes are accepted)",
            "describe what the value is rather than what it is not, if the check matters",
        );
    }

    /// A property's description: its own, or the referenced schema's.
    pub(super) fn property_doc(&self, schema: &ReferenceOr<Box<Schema>>) -> Option<String> {
        match schema {
            ReferenceOr::Item(s) => schema_doc(s),
            ReferenceOr::Reference { reference } => self.referenced_doc(reference),
        }
    }

    /// Whether property schema `a` allows only some of the values `b` allows, as an enum of
    /// strings does beside a wider enum or a plain string (following references).
    fn narrows(&self, a: &ReferenceOr<Box<Schema>>, b: &ReferenceOr<Box<Schema>>) -> bool {
        let (Some(a), Some(b)) = (self.property_schema(a), self.property_schema(b)) else {
            return false;
        };
        let Some(narrow) = string_enum_values(a) else {
            return false;
        };
        match string_enum_values(b) {
            Some(wide) => narrow.len() < wide.len() && narrow.iter().all(|v| wide.contains(v)),
            None => self.schema_kind_name(b, 0) == Some("string"),
        }
    }

    /// A property's schema, following a reference.
    fn property_schema<'s>(&'s self, schema: &'s ReferenceOr<Box<Schema>>) -> Option<&'s Schema> {
        match schema {
            ReferenceOr::Item(s) => Some(s),
            ReferenceOr::Reference { reference } => self.schema_silently(reference),
        }
    }

    /// The JSON kind of a property's values (`string`, `number`, `boolean`, `array`,
    /// `object`), following references; `None` when it has no single kind.
    pub(super) fn value_kind(&self, schema: &ReferenceOr<Box<Schema>>) -> Option<&'static str> {
        self.schema_kind_name(self.property_schema(schema)?, 0)
    }

    /// The JSON kind of a schema's values, following single-part `allOf`s.
    pub(super) fn schema_kind_name(&self, schema: &Schema, depth: usize) -> Option<&'static str> {
        if depth > 32 {
            return None;
        }
        Some(match &schema.schema_kind {
            SchemaKind::Type(Type::String(_)) => "string",
            SchemaKind::Type(Type::Number(_) | Type::Integer(_)) => "number",
            SchemaKind::Type(Type::Boolean(_)) => "boolean",
            SchemaKind::Type(Type::Array(_)) => "array",
            SchemaKind::Type(Type::Object(_)) => "object",
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                let inner = match &all_of[0] {
                    ReferenceOr::Item(s) => s,
                    ReferenceOr::Reference { reference } => self.schema_silently(reference)?,
                };
                return self.schema_kind_name(inner, depth + 1);
            }
            SchemaKind::Any(a) if is_object_like(a) => "object",
            SchemaKind::Any(a) => match a.typ.as_deref() {
                Some("string") => "string",
                Some("number" | "integer") => "number",
                Some("boolean") => "boolean",
                Some("array") => "array",
                _ => return None,
            },
            _ => return None,
        })
    }
}
