//! Model type references as Rust type names: short ones for people (`Vec<Account>`), and paths
//! the checker crate compiles (`::std::vec::Vec<api::types::Account>`).

use codegen::model::{Primitive, TypeRef};

/// The name of the generated crate inside the checker crate (a renamed path dependency).
pub const API_CRATE: &str = "api";

/// The type as a person reads it: `AuthGetResponse`, `Vec<String>`, `Option<chrono::NaiveDate>`.
/// `Box` is left out: it does not change what deserializes.
pub fn display(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => name.clone(),
        TypeRef::Primitive(p) => primitive(*p, false).to_owned(),
        TypeRef::Vec(inner) => format!("Vec<{}>", display(inner)),
        TypeRef::Map(inner) => format!("BTreeMap<String, {}>", display(inner)),
        TypeRef::Nullable(inner) => format!("Option<{}>", display(inner)),
        TypeRef::Boxed(inner) => display(inner),
        TypeRef::Tuple(members) => tuple(members.iter().map(display)),
    }
}

/// The type as the checker crate names it, fully qualified.
pub fn qualified(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => format!("{API_CRATE}::types::{name}"),
        TypeRef::Primitive(Primitive::Secret) => format!("{API_CRATE}::types::SecretString"),
        TypeRef::Primitive(Primitive::Bytes) => format!("{API_CRATE}::types::Base64Bytes"),
        TypeRef::Primitive(p) => primitive(*p, true).to_owned(),
        TypeRef::Vec(inner) => format!("::std::vec::Vec<{}>", qualified(inner)),
        TypeRef::Map(inner) => format!(
            "::std::collections::BTreeMap<::std::string::String, {}>",
            qualified(inner)
        ),
        TypeRef::Nullable(inner) => format!("::std::option::Option<{}>", qualified(inner)),
        TypeRef::Boxed(inner) => qualified(inner),
        TypeRef::Tuple(members) => tuple(members.iter().map(qualified)),
    }
}

/// A tuple type of these members: `(A, B)`, and `(A,)` for one.
fn tuple(members: impl Iterator<Item = String>) -> String {
    let members: Vec<String> = members.collect();
    match members.as_slice() {
        [one] => format!("({one},)"),
        _ => format!("({})", members.join(", ")),
    }
}

/// A primitive's name, with absolute paths when `absolute`.
fn primitive(p: Primitive, absolute: bool) -> &'static str {
    match (p, !absolute) {
        (Primitive::String, true) => "String",
        (Primitive::String, false) => "::std::string::String",
        (Primitive::Secret, _) => "SecretString",
        (Primitive::Bytes, _) => "Base64Bytes",
        (Primitive::Bool, _) => "bool",
        (Primitive::I32, _) => "i32",
        (Primitive::I64, _) => "i64",
        (Primitive::F32, _) => "f32",
        (Primitive::F64, _) => "f64",
        (Primitive::Date, true) => "chrono::NaiveDate",
        (Primitive::Date, false) => "::chrono::NaiveDate",
        (Primitive::DateTime, true) => "chrono::DateTime<chrono::FixedOffset>",
        (Primitive::DateTime, false) => "::chrono::DateTime<::chrono::FixedOffset>",
        (Primitive::TimeDate, true) => "time::Date",
        (Primitive::TimeDate, false) => "::time::Date",
        (Primitive::TimeDateTime, true) => "time::OffsetDateTime",
        (Primitive::TimeDateTime, false) => "::time::OffsetDateTime",
        (Primitive::Uuid, true) => "uuid::Uuid",
        (Primitive::Uuid, false) => "::uuid::Uuid",
        (Primitive::Json, true) => "serde_json::Value",
        (Primitive::Json, false) => "::serde_json::Value",
    }
}

/// `ty` wrapped in `Option` unless it already is one.
pub fn nullable(ty: TypeRef) -> TypeRef {
    match ty {
        TypeRef::Nullable(_) => ty,
        other => TypeRef::Nullable(Box::new(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_short_and_qualified_names() {
        let ty = TypeRef::Nullable(Box::new(TypeRef::Vec(Box::new(TypeRef::Boxed(Box::new(
            TypeRef::Named("Account".to_owned()),
        ))))));
        assert_eq!(display(&ty), "Option<Vec<Account>>");
        assert_eq!(
            qualified(&ty),
            "::std::option::Option<::std::vec::Vec<api::types::Account>>"
        );
        let map = TypeRef::Map(Box::new(TypeRef::Primitive(Primitive::Date)));
        assert_eq!(display(&map), "BTreeMap<String, chrono::NaiveDate>");
        assert_eq!(
            qualified(&map),
            "::std::collections::BTreeMap<::std::string::String, ::chrono::NaiveDate>"
        );
        assert_eq!(
            qualified(&TypeRef::Primitive(Primitive::Secret)),
            "api::types::SecretString"
        );
    }
}
