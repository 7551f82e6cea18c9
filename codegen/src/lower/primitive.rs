//! The leaves of the type mapping: primitives (by `type` and `format`, dates from the crate the
//! settings choose) and string enums (a variant per value, plus a catch-all).

use std::collections::HashSet;

use openapiv3::{
    AnySchema, Schema, SchemaKind, StringFormat, StringType, Type, VariantOrUnknownOrEmpty,
};

use super::Lowerer;
use super::names::{self, camel};
use crate::model::{Primitive, StringEnum, TypeRef, Variant};
use crate::settings::DateTimeCrate;

impl Lowerer<'_> {
    /// Dates and date-times from the crate the settings choose.
    pub(super) fn dates(&self, p: Primitive) -> Primitive {
        match (self.settings.date_time, p) {
            (DateTimeCrate::Time, Primitive::Date) => Primitive::TimeDate,
            (DateTimeCrate::Time, Primitive::DateTime) => Primitive::TimeDateTime,
            _ => p,
        }
    }

    /// The enum of a string schema's `values`, named so no two variants (nor the catch-all)
    /// meet.
    pub(super) fn string_enum(&mut self, values: &[&str], at: &str) -> StringEnum {
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
            constant: false,
        }
    }
}

/// The non-null values of a string enum, or `None` when the schema is not one.
pub(super) fn string_enum_values(schema: &Schema) -> Option<Vec<&str>> {
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

/// The primitive of a string schema, by its `format`.
pub(super) fn string_primitive(s: &StringType) -> Primitive {
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
pub(super) fn any_primitive(a: &AnySchema) -> TypeRef {
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
