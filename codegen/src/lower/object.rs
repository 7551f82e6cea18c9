//! Objects: the views of an object schema, and the struct built from the properties and parts
//! [`merge`](super::merge) gathered.

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, AnySchema, ReferenceOr, Schema, SchemaKind, Type};

use super::Lowerer;
use super::dependent_required::has_dependent_required;
use super::merge::{Merged, PropertySource};
use super::names::{self, camel, snake};
use crate::model::{Field, Flattened, Presence, Primitive, Struct, TypeRef};

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

pub(super) fn object_view(schema: &Schema) -> Option<ObjectView<'_>> {
    match &schema.schema_kind {
        SchemaKind::Any(a) if is_object_like(a) => loose_object_view(schema),
        SchemaKind::Type(Type::Object(_)) => loose_object_view(schema),
        _ => None,
    }
}

/// The object keywords of a schema, also when it does not say it is an object (beside `allOf`
/// or alternatives, `required` applies all the same).
pub(super) fn loose_object_view(schema: &Schema) -> Option<ObjectView<'_>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => Some(ObjectView {
            properties: &o.properties,
            required: &o.required,
            additional: o.additional_properties.as_ref(),
        }),
        SchemaKind::Any(a) => Some(ObjectView {
            properties: &a.properties,
            required: &a.required,
            additional: a.additional_properties.as_ref(),
        }),
        _ => None,
    }
}

/// Whether a schema without a known type describes objects: it says `object`, or gives
/// properties, or a schema for the properties it does not name.
pub(super) fn is_object_like(a: &AnySchema) -> bool {
    a.typ.as_deref() == Some("object")
        || !a.properties.is_empty()
        || matches!(
            a.additional_properties,
            Some(AdditionalProperties::Schema(_))
        )
}

/// The property names and required names of an object schema (without following `allOf`).
pub(super) fn object_properties(schema: &Schema) -> Option<(Vec<String>, Vec<String>)> {
    let o = object_view(schema)?;
    Some((o.properties.keys().cloned().collect(), o.required.to_vec()))
}

/// Whether an inline `allOf` part says nothing about the type: no `type`, properties, items,
/// enum, required list or composition, only words (description, title) or flags.
pub(super) fn is_annotation(part: &ReferenceOr<Schema>) -> bool {
    let ReferenceOr::Item(schema) = part else {
        return false;
    };
    let SchemaKind::Any(a) = &schema.schema_kind else {
        return false;
    };
    a.typ.is_none()
        && !has_dependent_required(schema)
        && a.properties.is_empty()
        && a.required.is_empty()
        && a.items.is_none()
        && a.enumeration.is_empty()
        && a.additional_properties.is_none()
        && a.all_of.is_empty()
        && a.one_of.is_empty()
        && a.any_of.is_empty()
        && a.not.is_none()
}

impl<'a> Lowerer<'a> {
    pub(super) fn build_struct(&mut self, merged: Merged<'a>, at: &str, owner: &str) -> Struct {
        let names: Vec<&str> = merged.properties.iter().map(|p| p.name).collect();
        let extras = self.struct_extras(&merged.unions, &names);
        let declared: Vec<&str> = extras.declared.iter().map(|d| d.as_ref()).collect();
        self.note_unknown_dependents(&merged, &declared);
        let mut scope = names::Scope::default();
        let mut fields = Vec::with_capacity(merged.properties.len());
        for p in &merged.properties {
            if extras.carried.contains(p.name) {
                // Its alternatives declare it too, and serde gives a key to one of the two.
                continue;
            }
            let field = self.build_field(p, &merged, &mut scope, owner);
            fields.push(field);
        }
        let (in_alternatives, mut missing): (Vec<&str>, Vec<&str>) = merged
            .required
            .iter()
            .copied()
            .filter(|r| !merged.properties.iter().any(|p| p.name == *r))
            .partition(|r| extras.declared.contains(*r));
        missing.sort_unstable();
        for r in missing {
            if merged.deny_unknown_fields {
                self.warn(
                    at,
                    format!("`required` lists `{r}`, which is not a property, and `additionalProperties: false` forbids it: no value has it; it is ignored"),
                    "declare the property, or remove it from `required`",
                );
                continue;
            }
            // JSON Schema requires it all the same: a value of any type.
            let (rust_name, _) = scope.claim(&snake(r), "field");
            self.warn(
                at,
                format!("`required` lists `{r}`, which is not a property: it is a required field of any JSON value"),
                "declare the property to give it a type",
            );
            fields.push(Field {
                wire_name: r.to_owned(),
                rust_name,
                ty: TypeRef::Primitive(Primitive::Json),
                presence: Presence::Required,
                doc: Some(format!(
                    "The `{r}` property, which the schema requires without describing it."
                )),
                deprecated: false,
                default: None,
                constraints: crate::model::Constraints::default(),
            });
        }
        let mut flattened: Vec<Flattened> = extras
            .flattened
            .into_iter()
            .map(|(wanted, ty, doc)| Flattened {
                rust_name: scope.claim(&wanted, "flattened").0,
                ty,
                doc,
            })
            .collect();
        if let Some(f) = self.additional_map(&merged, &flattened, owner, &mut scope) {
            flattened.push(f);
        }
        Struct {
            fields,
            deny_unknown_fields: merged.deny_unknown_fields && flattened.is_empty(),
            flattened,
            presence_rules: extras.rules,
            dependent_required: merged.dependent_required,
            required_in_alternatives: in_alternatives.into_iter().map(str::to_owned).collect(),
        }
    }

    /// The map of the properties a struct does not declare, for `additionalProperties:
    /// <schema>` beside properties. Left out beside a flattened `oneOf`: the map would take the
    /// alternative's properties too, and write them twice.
    fn additional_map(
        &mut self,
        merged: &Merged<'a>,
        flattened: &[Flattened],
        owner: &str,
        scope: &mut names::Scope,
    ) -> Option<Flattened> {
        let (schema, schema_at) = merged.additional.as_ref()?;
        if !flattened.is_empty() {
            self.warn(schema_at, "`additionalProperties` beside a flattened oneOf/anyOf is not typed: properties no alternative declares are ignored", "declare the extra properties, or move the alternatives into a property");
            return None;
        }
        let lowered = self.lower_schema(schema, schema_at, &format!("{owner}Value"));
        let value = if lowered.nullable {
            TypeRef::Nullable(Box::new(lowered.ty))
        } else {
            lowered.ty
        };
        Some(Flattened {
            rust_name: scope
                .claim("additional_properties", "additional_properties")
                .0,
            ty: TypeRef::Map(Box::new(value)),
            doc: Some("The properties the schema does not declare, by name.".to_owned()),
        })
    }

    fn build_field(
        &mut self,
        p: &PropertySource<'a>,
        merged: &Merged<'a>,
        scope: &mut names::Scope,
        owner: &str,
    ) -> Field {
        let hint = format!("{owner}{}", camel(p.name, "T"));
        let lowered = self.lower_boxed(p.schema, &p.pointer, &hint);
        let resolved = match p.schema {
            ReferenceOr::Item(s) => Some(&**s),
            ReferenceOr::Reference { reference } => self.schema_silently(reference),
        };
        // `required` holds only in responses for a `readOnly` property, only in requests for
        // a `writeOnly` one (OpenAPI 3.0 §4.7.24): the type both share has it optional.
        let one_way = resolved.is_some_and(|s| s.schema_data.read_only || s.schema_data.write_only);
        let required = merged.required.contains(p.name) && !one_way;
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
        let ty = if SECRET_NAMES.contains(&p.name)
            && lowered.ty == TypeRef::Primitive(Primitive::String)
        {
            TypeRef::Primitive(Primitive::Secret)
        } else {
            lowered.ty
        };
        let default = match (presence, resolved) {
            (Presence::Optional { nullable: false }, Some(s)) => {
                self.field_default(s, &ty, &p.pointer)
            }
            _ => None,
        };
        let constraints = resolved
            .map(|s| self.constraints_with_items(s))
            .unwrap_or_default();
        Field {
            wire_name: p.name.to_owned(),
            rust_name,
            ty,
            presence,
            doc: p.doc.clone(),
            deprecated: inline.is_some_and(|s| s.schema_data.deprecated),
            default,
            constraints,
        }
    }
}
