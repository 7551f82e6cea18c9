//! Limits and defaults: the constraints the generated server checks (`minLength`, `pattern`,
//! `minimum`, `maxItems`, … of a value and of its items), and `default` values of fields.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty};

use super::Lowerer;
use crate::model::{CheckedFormat, Constraints, DefaultValue, Primitive, TypeRef};

/// How many `allOf` levels the limits of a schema are gathered from.
const MAX_DEPTH: usize = 8;

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

    /// A schema's limits, and for an array those of its items too, with those of its `allOf`
    /// parts merged in (`allOf: [$ref: Name, {maxLength: 5}]`). A pattern the server cannot
    /// check (Rust's regex has no look-around) is left out; lowering the string schema warns
    /// about it.
    pub(super) fn constraints_with_items(&self, schema: &Schema) -> Constraints {
        let mut constraints = self.merged_constraints(schema, 0, true);
        if constraints
            .pattern
            .as_deref()
            .is_some_and(|p| regex::Regex::new(p).is_err())
        {
            constraints.pattern = None;
        }
        if let Some(items) = constraints.items.as_deref_mut()
            && items
                .pattern
                .as_deref()
                .is_some_and(|p| regex::Regex::new(p).is_err())
        {
            items.pattern = None;
        }
        constraints.items = constraints.items.filter(|c| !c.is_empty());
        constraints
    }

    /// The limits of `schema` and its `allOf` parts, and with `items` those of its items.
    fn merged_constraints(&self, schema: &Schema, depth: usize, items: bool) -> Constraints {
        let mut constraints = constraints_of(schema);
        // `nullable` without an enum of its own admits `null`, whatever its parts list.
        let admits_null = schema.schema_data.nullable && !constraints.refuses_null;
        // `allOf` chains are short in real specs; the bound keeps a pathological one cheap.
        if depth > MAX_DEPTH {
            return constraints;
        }
        // The limits of `items` beside `prefixItems` hold only past the prefix, which
        // `Constraints` cannot say: they are not checked rather than checked on every item.
        let tuple = super::tuple::has_prefix_items(schema);
        if let (true, false, SchemaKind::Type(Type::Array(a))) = (items, tuple, &schema.schema_kind)
        {
            let item = a.items.as_ref().and_then(|i| match i {
                ReferenceOr::Item(s) => Some(&**s),
                ReferenceOr::Reference { reference } => self.schema_silently(reference),
            });
            // Limits of items of items are not checked.
            constraints.items = item
                .map(|s| self.merged_constraints(s, depth + 1, false))
                .filter(|c| !c.is_empty())
                .map(Box::new);
        }
        let parts: &[ReferenceOr<Schema>] = match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => all_of,
            SchemaKind::Any(a) if a.properties.is_empty() => &a.all_of,
            _ => &[],
        };
        // The limits of a struct's parts are its fields' business.
        if parts.iter().any(|p| self.is_object_part(p)) {
            return constraints;
        }
        for part in parts {
            let part = match part {
                ReferenceOr::Item(s) => Some(s),
                ReferenceOr::Reference { reference } => self.schema_silently(reference),
            };
            if let Some(part) = part {
                constraints =
                    tightest(constraints, self.merged_constraints(part, depth + 1, items));
            }
        }
        constraints.refuses_null &= !admits_null;
        constraints
    }
}

/// The limits of two schemas a value must both match: the larger minimum, the smaller maximum
/// (exclusive when the bound it came from is), the first pattern.
fn tightest(a: Constraints, b: Constraints) -> Constraints {
    let lower = |x: Option<(f64, bool)>, y: Option<(f64, bool)>| match (x, y) {
        (Some(p), Some(q)) if q.0 > p.0 || (q.0 == p.0 && q.1) => Some(q),
        (Some(p), _) => Some(p),
        (None, q) => q,
    };
    let upper = |x: Option<(f64, bool)>, y: Option<(f64, bool)>| match (x, y) {
        (Some(p), Some(q)) if q.0 < p.0 || (q.0 == p.0 && q.1) => Some(q),
        (Some(p), _) => Some(p),
        (None, q) => q,
    };
    let max = |x: Option<usize>, y: Option<usize>| x.into_iter().chain(y).max();
    let min = |x: Option<usize>, y: Option<usize>| x.into_iter().chain(y).min();
    Constraints {
        min_length: max(a.min_length, b.min_length),
        max_length: min(a.max_length, b.max_length),
        pattern: a.pattern.or(b.pattern),
        format: a.format.or(b.format),
        minimum: lower(a.minimum, b.minimum),
        maximum: upper(a.maximum, b.maximum),
        min_items: max(a.min_items, b.min_items),
        max_items: min(a.max_items, b.max_items),
        unique_items: a.unique_items || b.unique_items,
        items: match (a.items, b.items) {
            (Some(x), Some(y)) => Some(Box::new(tightest(*x, *y))),
            (x, y) => x.or(y),
        },
        multiple_of: a.multiple_of.or(b.multiple_of),
        numbers: match (a.numbers.is_empty(), b.numbers.is_empty()) {
            (false, false) => a
                .numbers
                .into_iter()
                .filter(|x| b.numbers.contains(x))
                .collect(),
            (true, _) => b.numbers,
            (false, true) => a.numbers,
        },
        refuses_null: a.refuses_null || b.refuses_null,
    }
}

/// The limits of a schema that the server checks.
pub(super) fn constraints_of(schema: &Schema) -> Constraints {
    let bound = |value: Option<f64>, exclusive: bool| value.map(|v| (v, exclusive));
    let constraints = match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => Constraints {
            min_length: s.min_length,
            max_length: s.max_length,
            pattern: s.pattern.clone(),
            format: match &s.format {
                VariantOrUnknownOrEmpty::Unknown(format) => CheckedFormat::of(format),
                _ => None,
            },
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Integer(i)) => Constraints {
            minimum: bound(i.minimum.map(|v| v as f64), i.exclusive_minimum),
            maximum: bound(i.maximum.map(|v| v as f64), i.exclusive_maximum),
            multiple_of: i.multiple_of.map(|m| m as f64),
            numbers: i.enumeration.iter().flatten().map(|v| *v as f64).collect(),
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Number(n)) => Constraints {
            minimum: bound(n.minimum, n.exclusive_minimum),
            maximum: bound(n.maximum, n.exclusive_maximum),
            multiple_of: n.multiple_of,
            numbers: n.enumeration.iter().flatten().copied().collect(),
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Array(a)) => Constraints {
            min_items: a.min_items,
            max_items: a.max_items,
            unique_items: a.unique_items,
            ..Constraints::default()
        },
        // A refinement part without a `type` (`{maxLength: 5}` beside a `$ref`).
        SchemaKind::Any(a) if a.properties.is_empty() => Constraints {
            min_length: a.min_length,
            max_length: a.max_length,
            pattern: a.pattern.clone(),
            format: a.format.as_deref().and_then(CheckedFormat::of),
            minimum: bound(a.minimum, a.exclusive_minimum.unwrap_or(false)),
            maximum: bound(a.maximum, a.exclusive_maximum.unwrap_or(false)),
            multiple_of: a.multiple_of,
            min_items: a.min_items,
            max_items: a.max_items,
            unique_items: a.unique_items.unwrap_or(false),
            ..Constraints::default()
        },
        _ => Constraints::default(),
    };
    Constraints {
        refuses_null: schema.schema_data.nullable && enum_leaves_out_null(&schema.schema_kind),
        ..constraints
    }
}

/// Whether a schema has an `enum` that does not list `null`.
fn enum_leaves_out_null(kind: &SchemaKind) -> bool {
    fn leaves_out<T>(values: &[Option<T>]) -> bool {
        !values.is_empty() && values.iter().all(Option::is_some)
    }
    match kind {
        SchemaKind::Type(Type::String(s)) => leaves_out(&s.enumeration),
        SchemaKind::Type(Type::Integer(i)) => leaves_out(&i.enumeration),
        SchemaKind::Type(Type::Number(n)) => leaves_out(&n.enumeration),
        SchemaKind::Type(Type::Boolean(b)) => leaves_out(&b.enumeration),
        SchemaKind::Any(a) => {
            !a.enumeration.is_empty() && !a.enumeration.iter().any(serde_json::Value::is_null)
        }
        _ => false,
    }
}
