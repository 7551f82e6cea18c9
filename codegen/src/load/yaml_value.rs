//! The spec text's YAML value, with integers beyond 64 bits read as JSON readers read them.
//!
//! `serde_yaml`'s own `Value` refuses an integer that fits neither `i64` nor `u64` (such as
//! `minimum: -9223372036854776000`, which Java tools write for `Long.MIN_VALUE`): the whole
//! document fails to parse. JSON has one kind of number, and JSON readers (serde_json among
//! them) read such an integer as the nearest floating-point number; so does [`SpecValue`].
//! Everything else is read as `serde_yaml::Value` reads it.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess};
use serde_yaml::value::{Tag, TaggedValue};
use serde_yaml::{Mapping, Value};

/// A YAML value read from spec text (see the module documentation).
pub(super) struct SpecValue(pub(super) Value);

impl<'de> Deserialize<'de> for SpecValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(SpecValueVisitor)
            .map(SpecValue)
    }
}

struct SpecValueVisitor;

impl<'de> de::Visitor<'de> for SpecValueVisitor {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E: de::Error>(self, i: i64) -> Result<Value, E> {
        Ok(Value::Number(i.into()))
    }

    fn visit_u64<E: de::Error>(self, u: u64) -> Result<Value, E> {
        Ok(Value::Number(u.into()))
    }

    // Only integers beyond `i64` and `u64` come here; as floating-point numbers they keep
    // their sign and magnitude.
    #[allow(clippy::cast_precision_loss)]
    fn visit_i128<E: de::Error>(self, i: i128) -> Result<Value, E> {
        Ok(Value::Number((i as f64).into()))
    }

    #[allow(clippy::cast_precision_loss)]
    fn visit_u128<E: de::Error>(self, u: u128) -> Result<Value, E> {
        Ok(Value::Number((u as f64).into()))
    }

    fn visit_f64<E: de::Error>(self, f: f64) -> Result<Value, E> {
        Ok(Value::Number(f.into()))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        SpecValue::deserialize(deserializer).map(|v| v.0)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(SpecValue(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Sequence(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut mapping = Mapping::new();
        while let Some(SpecValue(key)) = map.next_key()? {
            if mapping.contains_key(&key) {
                // The wording of serde_yaml's own error, which the caller recognises.
                return Err(de::Error::custom(format_args!(
                    "duplicate entry with key {key:?}"
                )));
            }
            let SpecValue(value) = map.next_value()?;
            mapping.insert(key, value);
        }
        Ok(Value::Mapping(mapping))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (tag, contents) = data.variant::<String>()?;
        if tag.is_empty() {
            return Err(de::Error::custom("empty YAML tag is not allowed"));
        }
        let SpecValue(value) = contents.newtype_variant()?;
        Ok(Value::Tagged(Box::new(TaggedValue {
            tag: Tag::new(tag),
            value,
        })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Value {
        serde_yaml::from_str::<SpecValue>(text).expect("YAML").0
    }

    #[test]
    fn reads_integers_beyond_64_bits_as_numbers() {
        let v = read(
            "a: -9223372036854776000\nb: 18446744073709551616\nc: 9223372036854776000\nd: -1\n",
        );
        assert_eq!(v["a"].as_f64(), Some(-9.223_372_036_854_776e18));
        assert_eq!(v["b"].as_f64(), Some(1.844_674_407_370_955_2e19));
        assert_eq!(v["c"].as_u64(), Some(9_223_372_036_854_776_000));
        assert_eq!(v["d"].as_i64(), Some(-1));
    }

    #[test]
    fn reads_like_serde_yaml_otherwise() {
        let text = "a: [1, 2.5, x, null, true, ~]\nb: {c: !tag 3}\n'1': one\n";
        let ours = read(text);
        let theirs: Value = serde_yaml::from_str(text).expect("YAML");
        assert_eq!(ours, theirs);
        let e = serde_yaml::from_str::<SpecValue>("a: 1\na: 2\n")
            .err()
            .expect("a duplicate key");
        assert!(e.to_string().contains("duplicate entry"), "{e}");
    }
}
