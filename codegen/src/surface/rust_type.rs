//! Rust types written the way a reader of the generated crate sees them: short paths
//! (`Option<Vec<Account>>`, `DateTime<FixedOffset>`), not the fully qualified ones the emitters
//! write.

use crate::model::{Field, Presence, Primitive, TypeRef};

/// `ty` as a short Rust type.
pub fn rust_type(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => name.clone(),
        TypeRef::Primitive(p) => primitive_name(*p).to_owned(),
        TypeRef::Vec(inner) => format!("Vec<{}>", rust_type(inner)),
        TypeRef::Map(inner) => format!("BTreeMap<String, {}>", rust_type(inner)),
        TypeRef::Nullable(inner) => format!("Option<{}>", rust_type(inner)),
        TypeRef::Boxed(inner) => format!("Box<{}>", rust_type(inner)),
        TypeRef::Tuple(members) => match members.as_slice() {
            [one] => format!("({},)", rust_type(one)),
            _ => format!(
                "({})",
                members.iter().map(rust_type).collect::<Vec<_>>().join(", ")
            ),
        },
    }
}

/// The Rust type of a field: its value type, in an `Option` unless it is required and not
/// nullable or has a default.
pub fn field_rust_type(field: &Field) -> String {
    let inner = rust_type(&field.ty);
    match field.presence {
        Presence::Required => inner,
        Presence::Optional { .. } if field.default.is_some() => inner,
        Presence::RequiredNullable | Presence::Optional { .. } => format!("Option<{inner}>"),
    }
}

fn primitive_name(p: Primitive) -> &'static str {
    match p {
        Primitive::String => "String",
        Primitive::Secret => "SecretString",
        Primitive::Bool => "bool",
        Primitive::I32 => "i32",
        Primitive::I64 => "i64",
        Primitive::F32 => "f32",
        Primitive::F64 => "f64",
        Primitive::Date => "NaiveDate",
        Primitive::DateTime => "DateTime<FixedOffset>",
        Primitive::TimeDate => "time::Date",
        Primitive::TimeDateTime => "time::OffsetDateTime",
        Primitive::Uuid => "Uuid",
        Primitive::Bytes => "Base64Bytes",
        Primitive::Json => "serde_json::Value",
    }
}
