//! Schemas to types: the type-mapping rules of DESIGN.md §2.

use std::collections::HashSet;

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, StringType, Type, VariantOrUnknownOrEmpty,
};

use super::Lowerer;
use super::names::{self, camel, snake};
use crate::model::{
    Constraints, DefaultValue, Field, Presence, Primitive, StringEnum, Struct, TypeBody, TypeDef,
    TypeRef, Variant,
};
use crate::pointer;
use crate::settings::DateTimeCrate;

/// A schema as a field or item sees it: its type, and whether `null` is allowed.
pub(super) struct Lowered {
    pub ty: TypeRef,
    pub nullable: bool,
}

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

/// How deep inline schemas may nest before lowering gives up.
const MAX_INLINE_DEPTH: usize = 200;

/// The `type` values OpenAPI 3.0 knows.
const KNOWN_TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "object"];

/// A schema, whether written inline or as a `$ref`.
#[derive(Clone, Copy)]
enum View<'a> {
    Ref(&'a str),
    Inline(&'a Schema),
}

fn view(r: &ReferenceOr<Schema>) -> View<'_> {
    match r {
        ReferenceOr::Reference { reference } => View::Ref(reference),
        ReferenceOr::Item(s) => View::Inline(s),
    }
}

fn view_boxed(r: &ReferenceOr<Box<Schema>>) -> View<'_> {
    match r {
        ReferenceOr::Reference { reference } => View::Ref(reference),
        ReferenceOr::Item(s) => View::Inline(s),
    }
}

/// The parts of an object schema, whichever way it was written.
struct ObjectView<'a> {
    properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &'a [String],
    additional: Option<&'a AdditionalProperties>,
}

/// A property gathered for a struct, with the pointer of the part that declared it.
struct PropertySource<'a> {
    name: &'a str,
    schema: &'a ReferenceOr<Box<Schema>>,
    pointer: String,
    /// Its description, or an earlier declaration's when a later one restates it without.
    doc: Option<String>,
}

/// Everything an `allOf` (or a plain object) contributes to one struct.
#[derive(Default)]
struct Merged<'a> {
    properties: Vec<PropertySource<'a>>,
    required: HashSet<&'a str>,
    deny_unknown_fields: bool,
}

fn object_view(schema: &Schema) -> Option<ObjectView<'_>> {
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

fn is_object_like(a: &AnySchema) -> bool {
    a.typ.as_deref() == Some("object") || !a.properties.is_empty()
}

/// The property names and required names of an object schema (without following `allOf`).
pub(super) fn object_properties(schema: &Schema) -> Option<(Vec<String>, Vec<String>)> {
    let o = object_view(schema)?;
    Some((o.properties.keys().cloned().collect(), o.required.to_vec()))
}

/// The parts of a `oneOf` or `anyOf` (and which keyword), when the schema is only that.
fn alternatives(schema: &Schema) -> Option<(&'static str, &[ReferenceOr<Schema>])> {
    match &schema.schema_kind {
        SchemaKind::OneOf { one_of } if !one_of.is_empty() => Some(("oneOf", one_of)),
        SchemaKind::AnyOf { any_of } if !any_of.is_empty() => Some(("anyOf", any_of)),
        SchemaKind::Any(a)
            if a.properties.is_empty() && a.all_of.is_empty() && !a.one_of.is_empty() =>
        {
            Some(("oneOf", &a.one_of))
        }
        SchemaKind::Any(a)
            if a.properties.is_empty() && a.all_of.is_empty() && !a.any_of.is_empty() =>
        {
            Some(("anyOf", &a.any_of))
        }
        _ => None,
    }
}

/// Whether an inline `allOf` part says nothing about the type: no `type`, properties, items,
/// enum or composition, only words (description, title) or flags.
fn is_annotation(part: &ReferenceOr<Schema>) -> bool {
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

/// Whether a schema (not its users) allows `null`: `nullable: true`, or `null` among its enum
/// values.
fn schema_nullable(schema: &Schema) -> bool {
    schema.schema_data.nullable
        || match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => s.enumeration.contains(&None),
            SchemaKind::Any(a) => a.enumeration.iter().any(serde_json::Value::is_null),
            _ => false,
        }
}

fn schema_doc(schema: &Schema) -> Option<String> {
    let data = &schema.schema_data;
    data.description.clone().or_else(|| data.title.clone())
}

impl<'a> Lowerer<'a> {
    /// Lowers one component schema to a named type.
    pub(super) fn lower_component(&mut self, key: &'a str, schema: &'a ReferenceOr<Schema>) {
        let at = pointer::join("/components/schemas", [key]);
        let name = self.component_types[key].clone();
        let slot = self.types.len();
        let (body, doc, deprecated) = match view(schema) {
            View::Ref(reference) => {
                let ty = self.lower_view(View::Ref(reference), &at, &name).ty;
                (TypeBody::Alias(ty), None, false)
            }
            View::Inline(s) => {
                let body = self.type_body(s, &at, &name);
                (body, schema_doc(s), s.schema_data.deprecated)
            }
        };
        // Inline types found while lowering this one were pushed already; this one goes first.
        self.types.insert(
            slot,
            TypeDef {
                name,
                pointer: at,
                doc,
                deprecated,
                body,
                eq_hash: false,
            },
        );
    }

    /// The body of a named type for an inline schema: a struct, an enum, or an alias.
    fn type_body(&mut self, schema: &'a Schema, at: &str, name: &str) -> TypeBody {
        if let Some(values) = string_enum_values(schema) {
            return TypeBody::Enum(self.string_enum(&values, at));
        }
        if let Some((i, part)) = self.defining_part(schema) {
            return TypeBody::Alias(self.lower_schema(part, &format!("{at}/allOf/{i}"), name).ty);
        }
        if let Some((keyword, parts)) = alternatives(schema) {
            return TypeBody::OneOf(self.one_of(schema, keyword, parts, at, name));
        }
        // An object with no properties of its own is a map (or any JSON object).
        let has_all_of = match &schema.schema_kind {
            SchemaKind::AllOf { .. } => true,
            SchemaKind::Any(a) => !a.all_of.is_empty(),
            _ => false,
        };
        if let Some(o) = object_view(schema).filter(|o| o.properties.is_empty() && !has_all_of) {
            return TypeBody::Alias(self.map_type(o.additional, at, name));
        }
        if let Some(merged) = self.merged_object(schema, at) {
            return TypeBody::Struct(self.build_struct(merged, at, name));
        }
        if matches!(&schema.schema_kind, SchemaKind::AllOf { .. })
            || matches!(&schema.schema_kind, SchemaKind::Any(a) if !a.all_of.is_empty() || is_object_like(a))
        {
            // Only reached for a composition with nothing to merge; lowering it again would
            // come straight back here.
            self.error(
                at,
                "this allOf has no parts to merge",
                "list at least one schema under allOf, or remove it",
            );
            return TypeBody::Alias(TypeRef::Primitive(Primitive::Json));
        }
        TypeBody::Alias(self.lower_inline(schema, at, name).ty)
    }

    /// Lowers a schema in a field, item or body position. `hint` names a type that an inline
    /// object or enum needs.
    pub(super) fn lower_schema(
        &mut self,
        r: &'a ReferenceOr<Schema>,
        at: &str,
        hint: &str,
    ) -> Lowered {
        self.lower_view(view(r), at, hint)
    }

    fn lower_boxed(&mut self, r: &'a ReferenceOr<Box<Schema>>, at: &str, hint: &str) -> Lowered {
        self.lower_view(view_boxed(r), at, hint)
    }

    fn lower_view(&mut self, v: View<'a>, at: &str, hint: &str) -> Lowered {
        match v {
            View::Inline(schema) => self.lower_inline(schema, at, hint),
            View::Ref(reference) => match self.schema_ref(reference, at) {
                Some((key, target)) => Lowered {
                    ty: TypeRef::Named(self.component_types[key].clone()),
                    nullable: self.ref_nullable(target, at),
                },
                None => Lowered {
                    ty: TypeRef::Primitive(Primitive::Json),
                    nullable: false,
                },
            },
        }
    }

    /// Whether a referenced schema allows null, following chains of references.
    fn ref_nullable(&mut self, target: &'a ReferenceOr<Schema>, at: &str) -> bool {
        let mut current = target;
        for _ in 0..32 {
            match current {
                ReferenceOr::Item(s) => return schema_nullable(s),
                ReferenceOr::Reference { reference } => match self.schema_ref(reference, at) {
                    Some((_, next)) => current = next,
                    None => return false,
                },
            }
        }
        false
    }

    fn lower_inline(&mut self, schema: &'a Schema, at: &str, hint: &str) -> Lowered {
        // Inline nesting is bounded by the document's depth; this guards against a lowering
        // loop ever turning into a stack overflow.
        if self.depth >= MAX_INLINE_DEPTH {
            self.error(
                at,
                format!("schemas are nested more than {MAX_INLINE_DEPTH} levels deep here"),
                "move inner schemas into components/schemas and reference them",
            );
            return Lowered {
                ty: TypeRef::Primitive(Primitive::Json),
                nullable: false,
            };
        }
        self.depth += 1;
        let lowered = self.lower_inline_kind(schema, at, hint);
        self.depth -= 1;
        lowered
    }

    fn lower_inline_kind(&mut self, schema: &'a Schema, at: &str, hint: &str) -> Lowered {
        let nullable = schema_nullable(schema);
        let ty = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
                self.inline_type(schema, at, hint)
            }
            SchemaKind::Type(Type::String(s)) => {
                TypeRef::Primitive(self.dates(string_primitive(s)))
            }
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Primitive(Primitive::Bool),
            SchemaKind::Type(Type::Integer(i)) => TypeRef::Primitive(match i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Primitive::I32,
                _ => Primitive::I64,
            }),
            SchemaKind::Type(Type::Number(n)) => TypeRef::Primitive(match n.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Primitive::F32,
                _ => Primitive::F64,
            }),
            SchemaKind::Type(Type::Array(a)) => {
                let at_items = format!("{at}/items");
                match &a.items {
                    Some(items) => {
                        TypeRef::Vec(Box::new(self.item_type(view_boxed(items), &at_items, hint)))
                    }
                    None => TypeRef::Vec(Box::new(TypeRef::Primitive(Primitive::Json))),
                }
            }
            SchemaKind::Type(Type::Object(_)) | SchemaKind::Any(_) | SchemaKind::AllOf { .. } => {
                return self.lower_composite(schema, at, hint);
            }
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
                self.inline_type(schema, at, hint)
            }
            SchemaKind::Not { .. } => {
                self.unsupported_composition(schema, at);
                TypeRef::Primitive(Primitive::Json)
            }
        };
        Lowered { ty, nullable }
    }

    /// An array item or map value, wrapped in `Option` when it may be null.
    fn item_type(&mut self, v: View<'a>, at: &str, hint: &str) -> TypeRef {
        let lowered = self.lower_view(v, at, &format!("{hint}Item"));
        if lowered.nullable {
            TypeRef::Nullable(Box::new(lowered.ty))
        } else {
            lowered.ty
        }
    }

    /// Objects, `allOf`, and schemas without a `type`.
    fn lower_composite(&mut self, schema: &'a Schema, at: &str, hint: &str) -> Lowered {
        let nullable = schema_nullable(schema);
        // `allOf: [$ref]` with a description or `nullable` beside it is the referenced type, and
        // so is a refinement of a non-object type (`allOf: [$ref: Enum, {type: string}]`).
        if let Some((i, part)) = self.defining_part(schema) {
            let inner = self.lower_schema(part, &format!("{at}/allOf/{i}"), hint);
            return Lowered {
                ty: inner.ty,
                nullable: nullable || inner.nullable,
            };
        }
        if let SchemaKind::Any(a) = &schema.schema_kind {
            if alternatives(schema).is_some() {
                return Lowered {
                    ty: self.inline_type(schema, at, hint),
                    nullable,
                };
            }
            if !a.one_of.is_empty() || !a.any_of.is_empty() || a.not.is_some() {
                self.unsupported_composition(schema, at);
                return Lowered {
                    ty: TypeRef::Primitive(Primitive::Json),
                    nullable,
                };
            }
            if string_enum_values(schema).is_some() {
                return Lowered {
                    ty: self.inline_type(schema, at, hint),
                    nullable,
                };
            }
            if let Some(t) = a.typ.as_deref().filter(|t| !KNOWN_TYPES.contains(t)) {
                self.error(
                    &format!("{at}/type"),
                    format!("unknown type `{t}`"),
                    format!("use one of {}", KNOWN_TYPES.join(", ")),
                );
                return Lowered {
                    ty: TypeRef::Primitive(Primitive::Json),
                    nullable,
                };
            }
            if a.all_of.is_empty() && !is_object_like(a) {
                let ty = match any_primitive(a) {
                    TypeRef::Primitive(p) => TypeRef::Primitive(self.dates(p)),
                    other => other,
                };
                return Lowered { ty, nullable };
            }
        }
        if let Some(o) = object_view(schema) {
            if o.properties.is_empty() {
                return Lowered {
                    ty: self.map_type(o.additional, at, hint),
                    nullable,
                };
            }
        }
        Lowered {
            ty: self.inline_type(schema, at, hint),
            nullable,
        }
    }

    /// `BTreeMap<String, T>` for an object without properties.
    fn map_type(
        &mut self,
        additional: Option<&'a AdditionalProperties>,
        at: &str,
        hint: &str,
    ) -> TypeRef {
        let value = match additional {
            Some(AdditionalProperties::Schema(s)) => self.item_type(
                view(s),
                &format!("{at}/additionalProperties"),
                &format!("{hint}Value"),
            ),
            _ => TypeRef::Primitive(Primitive::Json),
        };
        TypeRef::Map(Box::new(value))
    }

    /// A new named type for an inline object or enum, named from `hint`.
    fn inline_type(&mut self, schema: &'a Schema, at: &str, hint: &str) -> TypeRef {
        let address: *const Schema = schema;
        if let Some((_, name)) = self.inline_in_progress.iter().find(|(a, _)| *a == address) {
            return TypeRef::Named(name.clone());
        }
        let (name, changed) = self.type_scope.claim(hint, "Type");
        if changed {
            self.warn(
                at,
                format!("the inline schema here would be named `{hint}`, which is taken; it is named `{name}`"),
                "move the schema into components/schemas under a name of its own",
            );
        }
        let slot = self.types.len();
        self.inline_in_progress.push((address, name.clone()));
        let body = self.type_body(schema, at, &name);
        self.inline_in_progress.pop();
        self.types.insert(
            slot,
            TypeDef {
                name: name.clone(),
                pointer: at.to_owned(),
                doc: schema_doc(schema),
                deprecated: schema.schema_data.deprecated,
                body,
                eq_hash: false,
            },
        );
        TypeRef::Named(name)
    }

    fn unsupported_composition(&mut self, schema: &Schema, at: &str) {
        let what = match &schema.schema_kind {
            SchemaKind::OneOf { .. } => "oneOf",
            SchemaKind::AnyOf { .. } => "anyOf",
            SchemaKind::Not { .. } => "not",
            SchemaKind::Any(a) if !a.one_of.is_empty() => "oneOf",
            SchemaKind::Any(a) if !a.any_of.is_empty() => "anyOf",
            _ => "not",
        };
        self.error(
            at,
            format!("`{what}` is not supported yet"),
            "the generator cannot type this schema yet; for now describe it with properties or allOf",
        );
    }

    /// The properties of an object schema, with those of every `allOf` part merged in spec
    /// order, or `None` when the schema is not an object.
    fn merged_object(&mut self, schema: &'a Schema, at: &str) -> Option<Merged<'a>> {
        let mut merged = Merged::default();
        let mut visiting = Vec::new();
        self.merge_into(&mut merged, schema, at, &mut visiting)
            .then_some(merged)
    }

    /// Adds `schema`'s properties to `merged`; false when it is not an object at all.
    fn merge_into(
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
    fn defining_part(&self, schema: &'a Schema) -> Option<(usize, &'a ReferenceOr<Schema>)> {
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
    fn is_object_part(&self, part: &ReferenceOr<Schema>) -> bool {
        let schema = match part {
            ReferenceOr::Item(s) => Some(s),
            ReferenceOr::Reference { reference } => self.schema_silently(reference),
        };
        schema.is_some_and(|s| {
            object_view(s).is_some_and(|o| !o.properties.is_empty())
                || matches!(s.schema_kind, SchemaKind::AllOf { .. })
        })
    }

    fn conflicting_part(&mut self, at: &str) {
        self.error(
            at,
            "this allOf part is not an object, so it cannot be merged into one",
            "every allOf part must be an object schema (or a $ref to one)",
        );
    }

    fn merge_object(&mut self, merged: &mut Merged<'a>, o: &ObjectView<'a>, at: &str) {
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
    fn property_doc(&self, schema: &ReferenceOr<Box<Schema>>) -> Option<String> {
        match schema {
            ReferenceOr::Item(s) => schema_doc(s),
            ReferenceOr::Reference { reference } => self.referenced_doc(reference),
        }
    }

    /// The JSON kind of a property's values (`string`, `number`, `boolean`, `array`,
    /// `object`), following references; `None` when it has no single kind.
    fn value_kind(&self, schema: &ReferenceOr<Box<Schema>>) -> Option<&'static str> {
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

    /// The component schema a local `$ref` names, following references, without diagnostics.
    pub(super) fn schema_silently(&self, reference: &str) -> Option<&'a Schema> {
        let mut reference = reference;
        for _ in 0..32 {
            let key = reference.strip_prefix("#/components/schemas/")?;
            match self.schemas.get(pointer::unescape(key).as_str())? {
                ReferenceOr::Item(s) => return Some(s),
                ReferenceOr::Reference { reference: next } => reference = next,
            }
        }
        None
    }

    /// The description of the schema a `$ref` names, for a property that has none of its own
    /// (OpenAPI 3.0 ignores keys beside `$ref`). Silent: the reference is checked elsewhere.
    fn referenced_doc(&self, reference: &str) -> Option<String> {
        self.schema_silently(reference).and_then(schema_doc)
    }

    /// Follows a schema `$ref` to the schema it finally names.
    fn resolve_to_schema(&mut self, reference: &str, at: &str) -> Option<(&'a str, &'a Schema)> {
        let (mut key, mut target) = self.schema_ref(reference, at)?;
        for _ in 0..32 {
            match target {
                ReferenceOr::Item(s) => return Some((key, s)),
                ReferenceOr::Reference { reference } => {
                    (key, target) = self.schema_ref(reference, at)?;
                }
            }
        }
        None
    }

    fn build_struct(&mut self, merged: Merged<'a>, at: &str, owner: &str) -> Struct {
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

    /// The `default` of an optional property, when it is one the generated code can apply: a
    /// string, number or boolean matching the field's type, or a value of its string enum.
    fn field_default(&mut self, schema: &Schema, ty: &TypeRef, at: &str) -> Option<DefaultValue> {
        let value = schema.schema_data.default.as_ref()?;
        let is_enum = match ty {
            TypeRef::Named(n) => self.is_enum_type(n),
            _ => false,
        };
        // A `$ref` to a primitive component (`IsMobileApp: {type: boolean}`) is an alias of
        // that primitive; `schema` is the component's own schema then.
        let alias_of = match (&schema.schema_kind, ty) {
            (SchemaKind::Type(Type::String(s)), TypeRef::Named(_)) if s.enumeration.is_empty() => {
                Some(TypeRef::Primitive(Primitive::String))
            }
            (SchemaKind::Type(Type::Boolean(_)), TypeRef::Named(_)) => {
                Some(TypeRef::Primitive(Primitive::Bool))
            }
            (SchemaKind::Type(Type::Integer(_)), TypeRef::Named(_)) => {
                Some(TypeRef::Primitive(Primitive::I64))
            }
            (SchemaKind::Type(Type::Number(_)), TypeRef::Named(_)) => {
                Some(TypeRef::Primitive(Primitive::F64))
            }
            _ => None,
        };
        let ty = alias_of.as_ref().unwrap_or(ty);
        let default = match (ty, value) {
            (TypeRef::Primitive(Primitive::String), serde_json::Value::String(v)) => {
                Some(DefaultValue::String(v.clone()))
            }
            (TypeRef::Named(_), serde_json::Value::String(v)) if is_enum => {
                Some(DefaultValue::String(v.clone()))
            }
            (TypeRef::Primitive(Primitive::Bool), serde_json::Value::Bool(b)) => {
                Some(DefaultValue::Bool(*b))
            }
            (TypeRef::Primitive(Primitive::I32 | Primitive::I64), v) if v.as_i64().is_some() => {
                v.as_i64().map(DefaultValue::Integer)
            }
            (TypeRef::Primitive(Primitive::F32 | Primitive::F64), v) if v.is_number() => {
                v.as_f64().map(DefaultValue::Number)
            }
            _ => None,
        };
        if default.is_none() {
            self.warn(&format!("{at}/default"), format!("default {value} is not applied: it is not a value of this property's type, or of a type defaults are written for (strings, numbers, booleans, string enums)"), "the field stays optional; fix the default or drop it");
        }
        default
    }

    /// Dates and date-times from the crate the settings choose.
    fn dates(&self, p: Primitive) -> Primitive {
        match (self.settings.date_time, p) {
            (DateTimeCrate::Time, Primitive::Date) => Primitive::TimeDate,
            (DateTimeCrate::Time, Primitive::DateTime) => Primitive::TimeDateTime,
            _ => p,
        }
    }

    /// A schema's limits, and for an array those of its items too.
    pub(super) fn constraints_with_items(&self, schema: &Schema) -> Constraints {
        let mut constraints = constraints_of(schema);
        if let SchemaKind::Type(Type::Array(a)) = &schema.schema_kind {
            let item = a.items.as_ref().and_then(|i| match i {
                ReferenceOr::Item(s) => Some(&**s),
                ReferenceOr::Reference { reference } => self.schema_silently(reference),
            });
            constraints.items = item
                .map(constraints_of)
                .filter(|c| !c.is_empty())
                .map(Box::new);
        }
        constraints
    }

    fn string_enum(&mut self, values: &[&str], at: &str) -> StringEnum {
        let mut scope = names::Scope::default();
        let mut variants = Vec::with_capacity(values.len());
        let mut seen = HashSet::new();
        for (i, value) in values.iter().enumerate() {
            if !seen.insert(*value) {
                self.warn(
                    &format!("{at}/enum/{i}"),
                    format!("enum value {value:?} is listed twice; the second is ignored"),
                    "remove the duplicate value",
                );
                continue;
            }
            let wanted = camel(value, "V");
            let (rust_name, changed) = scope.claim(&wanted, &format!("Value{i}"));
            if changed && !wanted.is_empty() {
                self.warn(&format!("{at}/enum/{i}"), format!("enum value {value:?} would be variant `{wanted}`, which another value already is; it is `{rust_name}`"), "values that differ only in case or punctuation get numbered variants");
            }
            variants.push(Variant {
                wire_name: (*value).to_owned(),
                rust_name,
            });
        }
        let (catch_all, _) = scope.claim("Unknown", "Unknown");
        let catch_all = if catch_all == "Unknown" {
            catch_all
        } else {
            scope.claim("UnknownValue", "UnknownValue").0
        };
        StringEnum {
            variants,
            catch_all,
        }
    }
}

/// The non-null values of a string enum, or `None` when the schema is not one.
fn string_enum_values(schema: &Schema) -> Option<Vec<&str>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
            Some(s.enumeration.iter().flatten().map(String::as_str).collect())
        }
        SchemaKind::Any(a)
            if !a.enumeration.is_empty() && matches!(a.typ.as_deref(), None | Some("string")) =>
        {
            let strings: Option<Vec<&str>> = a
                .enumeration
                .iter()
                .filter(|v| !v.is_null())
                .map(serde_json::Value::as_str)
                .collect();
            strings.filter(|s| !s.is_empty())
        }
        _ => None,
    }
}

/// The limits of a schema that the server checks.
fn constraints_of(schema: &Schema) -> Constraints {
    let bound = |value: Option<f64>, exclusive: bool| value.map(|v| (v, exclusive));
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => Constraints {
            min_length: s.min_length,
            max_length: s.max_length,
            pattern: s.pattern.clone(),
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Integer(i)) => Constraints {
            minimum: bound(i.minimum.map(|v| v as f64), i.exclusive_minimum),
            maximum: bound(i.maximum.map(|v| v as f64), i.exclusive_maximum),
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Number(n)) => Constraints {
            minimum: bound(n.minimum, n.exclusive_minimum),
            maximum: bound(n.maximum, n.exclusive_maximum),
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Array(a)) => Constraints {
            min_items: a.min_items,
            max_items: a.max_items,
            ..Constraints::default()
        },
        _ => Constraints::default(),
    }
}

fn string_primitive(s: &StringType) -> Primitive {
    match &s.format {
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Primitive::Date,
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Primitive::DateTime,
        VariantOrUnknownOrEmpty::Item(StringFormat::Password) => Primitive::Secret,
        VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => Primitive::Bytes,
        VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid" => Primitive::Uuid,
        _ => Primitive::String,
    }
}

/// A schema with no `type` and no structure: JSON, or the primitive its `type` names.
fn any_primitive(a: &AnySchema) -> TypeRef {
    TypeRef::Primitive(match (a.typ.as_deref(), a.format.as_deref()) {
        (Some("string"), Some("date")) => Primitive::Date,
        (Some("string"), Some("date-time")) => Primitive::DateTime,
        (Some("string"), Some("password")) => Primitive::Secret,
        (Some("string"), Some("uuid")) => Primitive::Uuid,
        (Some("string"), Some("byte")) => Primitive::Bytes,
        (Some("string"), _) => Primitive::String,
        (Some("boolean"), _) => Primitive::Bool,
        (Some("integer"), Some("int32")) => Primitive::I32,
        (Some("integer"), _) => Primitive::I64,
        (Some("number"), Some("float")) => Primitive::F32,
        (Some("number"), _) => Primitive::F64,
        _ => Primitive::Json,
    })
}
