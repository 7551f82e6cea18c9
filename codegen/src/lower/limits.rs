//! Limits and defaults: the constraints the generated server checks (`minLength`, `pattern`,
//! `minimum`, `maxItems`, … of a value and of its items), and `default` values of fields.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::Lowerer;
use crate::model::{Constraints, DefaultValue, Primitive, TypeRef};

impl<'a> Lowerer<'a> {
    /// The `default` of an optional property, when it is one the generated code can apply: a
    /// string, number or boolean matching the field's type, or a value of its string enum.
    pub(super) fn field_default(
        &mut self,
        schema: &Schema,
        ty: &TypeRef,
        at: &str,
    ) -> Option<DefaultValue> {
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
}

/// The limits of a schema that the server checks.
pub(super) fn constraints_of(schema: &Schema) -> Constraints {
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
