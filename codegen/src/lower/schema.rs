//! Schemas to types: the type-mapping rules of DESIGN.md §2.

use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind, Type,
    VariantOrUnknownOrEmpty,
};

use super::Lowerer;
use super::all_of::Refinement;
use super::merge::{all_of_parts, union_lists};
use super::object::{ObjectView, is_object_like, object_view};
use super::one_of::{indexed, pure_union};
use super::primitive::{any_primitive, string_enum_values, string_primitive};
use super::tuple::has_prefix_items;
use crate::load::normalize::later_forms::CONSTANT;
use crate::model::{Primitive, TypeBody, TypeDef, TypeRef};
use crate::pointer;

/// A schema as a field or item sees it: its type, and whether `null` is allowed.
pub(super) struct Lowered {
    pub ty: TypeRef,
    pub nullable: bool,
}

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

/// A schema's description, else its title; a blank one (`description: ''`) is none, so the
/// generated item gets its generic doc line.
pub(super) fn schema_doc(schema: &Schema) -> Option<String> {
    let data = &schema.schema_data;
    let words = |text: &Option<String>| text.clone().filter(|t| !t.trim().is_empty());
    words(&data.description).or_else(|| words(&data.title))
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

    /// The body of a named type for an inline schema: a struct, an enum, a union or an alias.
    fn type_body(&mut self, schema: &'a Schema, at: &str, name: &str) -> TypeBody {
        if let Some(values) = string_enum_values(schema) {
            let mut e = self.string_enum(&values, at);
            e.constant = schema.schema_data.extensions.contains_key(CONSTANT);
            return TypeBody::Enum(e);
        }
        if matches!(schema.schema_kind, SchemaKind::Not { .. }) {
            self.not_ignored(&format!("{at}/not"));
            return TypeBody::Alias(TypeRef::Primitive(Primitive::Json));
        }
        self.note_not_beside(schema, at);
        match self.refinement(schema, at) {
            Some(Refinement::Part(i, part)) => {
                let at = format!("{at}/allOf/{i}");
                return TypeBody::Alias(self.lower_schema(part, &at, name).ty);
            }
            Some(Refinement::Conflict) => {
                return TypeBody::Alias(TypeRef::Primitive(Primitive::Json));
            }
            None => {}
        }
        if let Some((keyword, parts)) = pure_union(schema) {
            let kept = indexed(parts);
            let discriminator = schema.schema_data.discriminator.as_ref();
            // `anyOf: [X, {type: 'null'}]` is a nullable `X`. (`oneOf: [X]` stays a union: the
            // spec may add alternatives, and the Rust type should not change then.)
            if let ([(i, only)], true) = (kept.as_slice(), kept.len() < parts.len()) {
                let at = format!("{at}/{keyword}/{i}");
                return TypeBody::Alias(self.lower_schema(only, &at, name).ty);
            }
            return TypeBody::OneOf(self.one_of(discriminator, keyword, &kept, at, name));
        }
        // An object with no properties of its own is a map (or any JSON object); one that
        // forbids other properties too is the empty object, a struct without fields.
        if let Some(o) = object_view(schema)
            .filter(|o| o.properties.is_empty() && !is_composed(schema) && !forbids_others(o))
        {
            return TypeBody::Alias(self.map_type(o.additional, at, name));
        }
        if let Some(merged) = self.merged_object(schema, at, name) {
            return TypeBody::Struct(self.build_struct(merged, at, name));
        }
        if matches!(&schema.schema_kind, SchemaKind::AllOf { .. }) {
            // Only reached for `allOf: []`, which loading refuses; lowering it again would
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

    /// Warns about a `not` beside other keywords, which the type leaves out.
    pub(super) fn note_not_beside(&mut self, schema: &Schema, at: &str) {
        if let SchemaKind::Any(a) = &schema.schema_kind
            && a.not.is_some()
        {
            self.not_ignored(&format!("{at}/not"));
        }
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

    pub(super) fn lower_boxed(
        &mut self,
        r: &'a ReferenceOr<Box<Schema>>,
        at: &str,
        hint: &str,
    ) -> Lowered {
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
        let nullable = self.allows_null(schema);
        let ty = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
                self.inline_type(schema, at, hint)
            }
            SchemaKind::Type(Type::String(s)) => {
                if let Some(pattern) = s.pattern.as_deref()
                    && regex::Regex::new(pattern).is_err()
                {
                    self.warn(at, format!("pattern {pattern:?} is not a regular expression the generated server can check; it is not checked"), "the server uses Rust's regex syntax: no look-around or back-references");
                }
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
                if let Some(tuple) = self.tuple_type(schema, at, hint) {
                    return Lowered {
                        ty: tuple,
                        nullable,
                    };
                }
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
                return self.lower_composite(schema, at, hint);
            }
            SchemaKind::Not { .. } => {
                self.not_ignored(&format!("{at}/not"));
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
        let nullable = self.allows_null(schema);
        // `allOf: [$ref]` with a description or `nullable` beside it is the referenced type, and
        // so is a refinement of a non-object type (`allOf: [$ref: Enum, {type: string}]`).
        match self.refinement(schema, at) {
            Some(Refinement::Part(i, part)) => {
                let inner = self.lower_schema(part, &format!("{at}/allOf/{i}"), hint);
                self.note_not_beside(schema, at);
                return Lowered {
                    ty: inner.ty,
                    nullable: nullable || inner.nullable,
                };
            }
            Some(Refinement::Conflict) => {
                return Lowered {
                    ty: TypeRef::Primitive(Primitive::Json),
                    nullable,
                };
            }
            None => {}
        }
        if let Some((keyword, parts)) = pure_union(schema) {
            // `anyOf: [X, {type: 'null'}]` is a nullable `X`.
            let kept = indexed(parts);
            if let ([(i, only)], true) = (kept.as_slice(), kept.len() < parts.len()) {
                let inner = self.lower_schema(only, &format!("{at}/{keyword}/{i}"), hint);
                return Lowered {
                    ty: inner.ty,
                    nullable: nullable || inner.nullable,
                };
            }
            return Lowered {
                ty: self.inline_type(schema, at, hint),
                nullable,
            };
        }
        if let SchemaKind::Any(a) = &schema.schema_kind {
            if string_enum_values(schema).is_some() {
                return Lowered {
                    ty: self.inline_type(schema, at, hint),
                    nullable,
                };
            }
            if a.typ.as_deref() == Some("null") {
                return Lowered {
                    ty: TypeRef::Primitive(Primitive::Json),
                    nullable: true,
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
            if !is_composed(schema)
                && !is_object_like(a)
                && has_prefix_items(schema)
                && let Some(ty) = self.tuple_type(schema, at, hint)
            {
                return Lowered { ty, nullable };
            }
            if !is_composed(schema) && !is_object_like(a) {
                self.note_not_beside(schema, at);
                let ty = match any_primitive(a) {
                    TypeRef::Primitive(p) => TypeRef::Primitive(self.dates(p)),
                    other => other,
                };
                return Lowered { ty, nullable };
            }
        }
        if let Some(o) = object_view(schema) {
            if o.properties.is_empty() && !is_composed(schema) && !forbids_others(&o) {
                self.note_not_beside(schema, at);
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

    /// `BTreeMap<String, T>` for an object without properties (that allows others).
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
    pub(super) fn referenced_doc(&self, reference: &str) -> Option<String> {
        self.schema_silently(reference).and_then(schema_doc)
    }

    /// Follows a schema `$ref` to the schema it finally names.
    pub(super) fn resolve_to_schema(
        &mut self,
        reference: &str,
        at: &str,
    ) -> Option<(&'a str, &'a Schema)> {
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
}

/// Whether a schema has `allOf` parts or alternatives: then it is more than a map or a
/// primitive.
fn is_composed(schema: &Schema) -> bool {
    !all_of_parts(schema).is_empty() || !union_lists(schema).is_empty()
}

/// Whether an object forbids properties it does not declare (`additionalProperties: false`).
fn forbids_others(o: &ObjectView<'_>) -> bool {
    matches!(o.additional, Some(AdditionalProperties::Any(false)))
}
