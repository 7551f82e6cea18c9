//! Numeric keywords read with their plain meaning where `openapiv3` holds them in Rust
//! integers: the bounds, `multipleOf` and `enum` of an integer schema (`i64`), and the length,
//! item and property counts of any schema (`usize`).
//!
//! - A bound beyond the range of `i64` is no bound for an `i64` (`minimum:
//!   -9223372036854776000`); one that no `i64` can meet (`minimum: 1e300`) cannot be checked
//!   and is dropped with a warning.
//! - A fractional bound on an integer rounds inward (`minimum: 0.5` is `minimum: 1`), which
//!   allows the same integers; so does a `multipleOf` read as its numerator (`1.5` is `3`).
//! - A count is a whole number of at least 0; another is rounded inward or dropped, with a
//!   warning.
//!
//! Examples, defaults and enum values of other schemas are JSON values in `openapiv3` and need
//! nothing.

use serde_yaml::{Mapping, Number, Value};

use crate::diagnostic::Diagnostic;
use crate::pointer;

/// 2^63, the first number above `i64::MAX`, exactly.
const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;

/// 2^64, the first number above `u64::MAX` (and `usize::MAX` where it is 64 bits), exactly.
const TWO_POW_64: f64 = 18_446_744_073_709_551_616.0;

/// Rewrites the numeric keywords of one schema and warns at `at` where the meaning changes.
pub(crate) fn read_numbers(schema: &mut Mapping, at: &str, found: &mut Vec<Diagnostic>) {
    let place = |key: &str| pointer::join(at, [key]);
    for key in [
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "minProperties",
        "maxProperties",
    ] {
        if let Some(warning) = count(schema, key) {
            found.push(warning.at(place(key)));
        }
    }
    if schema.get("type").and_then(Value::as_str) != Some("integer") {
        return;
    }
    for (key, exclusive, lower) in [
        ("minimum", "exclusiveMinimum", true),
        ("maximum", "exclusiveMaximum", false),
    ] {
        if let Some(warning) = integer_bound(schema, key, exclusive, lower) {
            found.push(warning.at(place(key)));
        }
    }
    if let Some(warning) = integer_multiple(schema) {
        found.push(warning.at(place("multipleOf")));
    }
    if let Some(Value::Sequence(values)) = schema.get_mut("enum") {
        let mut i = 0;
        values.retain_mut(|v| {
            let kept = integer_enum_value(v);
            if !kept {
                found.push(
                    Diagnostic::warning(
                        place("enum") + &format!("/{i}"),
                        format!("enum value {} of an integer schema is not a 64-bit integer; it is left out", as_text(v)),
                    )
                    .with_hint("list whole numbers in the range of a 64-bit integer, or make the schema `type: number`"),
                );
            }
            i += 1;
            kept
        });
    }
}

/// A warning before it has its place.
struct Warning {
    message: String,
    hint: &'static str,
}

impl Warning {
    fn at(self, pointer: String) -> Diagnostic {
        Diagnostic::warning(pointer, self.message).with_hint(self.hint)
    }
}

fn as_text(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "…".to_owned())
}

/// A number that is not already a 64-bit integer, as a float.
fn non_integer(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) if !n.is_i64() => n.as_f64(),
        _ => None,
    }
}

fn whole(f: f64) -> Value {
    // In range by the callers' checks; `as` saturates anyway.
    #[allow(clippy::cast_possible_truncation)]
    Value::Number(Number::from(f as i64))
}

/// `minLength` and the other counts: whole numbers of at least 0.
fn count(schema: &mut Mapping, key: &str) -> Option<Warning> {
    let value = schema.get(key)?;
    let f = match value {
        Value::Number(n) if n.is_u64() => return None,
        Value::Number(n) => n.as_f64()?,
        _ => return None,
    };
    let written = as_text(value);
    let lower = key.starts_with("min");
    let rounded = if lower { f.ceil() } else { f.floor() };
    let hint = "a length or count is a whole number of at least 0";
    if f < 0.0 {
        schema.remove(key);
        let message = match lower {
            true => {
                format!("`{key}: {written}` is below 0, which every value meets; it is ignored")
            }
            false => format!("`{key}: {written}` is below 0, which no value meets; it is ignored"),
        };
        return Some(Warning { message, hint });
    }
    if rounded >= TWO_POW_64 {
        schema.remove(key);
        return lower.then(|| Warning {
            message: format!(
                "`{key}: {written}` is beyond any size a value can have; it is ignored"
            ),
            hint,
        });
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    schema.insert(key.into(), Value::Number(Number::from(rounded as u64)));
    (rounded != f).then(|| Warning {
        message: format!(
            "`{key}: {written}` is not a whole number; it is read as `{key}: {rounded}`"
        ),
        hint,
    })
}

/// `minimum` or `maximum` of an integer schema, as an `i64`.
fn integer_bound(schema: &mut Mapping, key: &str, exclusive: &str, lower: bool) -> Option<Warning> {
    let value = schema.get(key)?;
    let f = non_integer(value)?;
    let written = as_text(value);
    let is_exclusive = schema.get(exclusive).and_then(Value::as_bool) == Some(true);
    let (rounded, still_exclusive) = match (f.fract() == 0.0, lower) {
        (true, _) => (f, is_exclusive),
        // Above 0.5 is at least 1: the bound becomes inclusive.
        (false, true) => (f.ceil(), false),
        (false, false) => (f.floor(), false),
    };
    // `i64::MIN` as a lower bound (or beyond it, rounded to it as a float) bounds nothing.
    let no_bound = if lower {
        rounded <= -TWO_POW_63
    } else {
        rounded >= TWO_POW_63
    };
    if !no_bound && (-TWO_POW_63..TWO_POW_63).contains(&rounded) {
        schema.insert(key.into(), whole(rounded));
        if is_exclusive && !still_exclusive {
            schema.remove(exclusive);
        }
        return None;
    }
    schema.remove(key);
    schema.remove(exclusive);
    let beyond_every_value = if lower {
        rounded >= TWO_POW_63
    } else {
        rounded < -TWO_POW_63
    };
    beyond_every_value.then(|| Warning {
        message: format!("`{key}: {written}` is beyond every 64-bit integer, so no value could meet it; it is not checked"),
        hint: "the generated type is a 64-bit integer: use `type: number` or a string for larger values",
    })
}

/// `multipleOf` of an integer schema, as an `i64`: the integers that are multiples of `p/q` (in
/// lowest terms) are the multiples of `p`.
fn integer_multiple(schema: &mut Mapping) -> Option<Warning> {
    let value = schema.get("multipleOf")?;
    let f = match value {
        Value::Number(n) if n.as_i64().is_some_and(|i| i > 0) => return None,
        Value::Number(n) => n.as_f64()?,
        _ => return None,
    };
    let written = as_text(value);
    let numerator = (f > 0.0).then(|| numerator(f)).flatten();
    match numerator {
        Some(1) => {
            schema.remove("multipleOf");
            None
        }
        Some(p) => {
            schema.insert("multipleOf".into(), Value::Number(Number::from(p)));
            None
        }
        None => {
            schema.remove("multipleOf");
            Some(Warning {
                message: format!(
                    "`multipleOf: {written}` cannot be checked on 64-bit integers; it is ignored"
                ),
                hint: "`multipleOf` must be greater than 0; on an integer schema, write a whole number",
            })
        }
    }
}

/// The numerator of `f` as a fraction in lowest terms with a denominator up to a million, when
/// that fraction is `f` exactly (as a float) and the numerator is an `i64`.
fn numerator(f: f64) -> Option<i64> {
    // Continued fraction convergents p/q of f.
    let (mut p0, mut q0, mut p1, mut q1) = (0_i128, 1_i128, 1_i128, 0_i128);
    let mut x = f;
    for _ in 0..64 {
        if !x.is_finite() || x.abs() >= TWO_POW_63 {
            return None;
        }
        #[allow(clippy::cast_possible_truncation)]
        let a = x.floor() as i128;
        let (p, q) = (a.checked_mul(p1)? + p0, a.checked_mul(q1)? + q0);
        if q > 1_000_000 {
            return None;
        }
        #[allow(clippy::cast_precision_loss)]
        if p as f64 / q as f64 == f {
            return i64::try_from(p).ok();
        }
        (p0, q0, p1, q1) = (p1, q1, p, q);
        #[allow(clippy::cast_precision_loss)]
        let rest = x - a as f64;
        if rest == 0.0 {
            return None;
        }
        x = 1.0 / rest;
    }
    None
}

/// Makes an enum value of an integer schema an `i64` where it is one in value; whether it is
/// kept.
fn integer_enum_value(v: &mut Value) -> bool {
    let Some(f) = non_integer(v) else {
        return true;
    };
    if !matches!(v, Value::Number(_)) {
        return true;
    }
    if f.fract() == 0.0 && (-TWO_POW_63..TWO_POW_63).contains(&f) {
        *v = whole(f);
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::load::schema_rewrite_tests::{rewrite, yaml};

    fn read(schema: &str) -> (Value, Vec<String>) {
        rewrite(schema, |m, found| read_numbers(m, "/s", found))
    }

    #[test]
    fn bounds_beyond_i64_are_no_bounds() {
        let (s, w) = read(
            "{type: integer, minimum: -9223372036854776000, maximum: 9223372036854776000, exclusiveMaximum: true}",
        );
        assert_eq!(s, yaml("{type: integer}"), "{w:?}");
        assert!(w.is_empty(), "{w:?}");
        let (s, w) = read("{type: integer, maximum: 1e300, minimum: 1e300}");
        assert_eq!(s, yaml("{type: integer}"));
        assert_eq!(
            w,
            [
                "/s/minimum: `minimum: 1e+300` is beyond every 64-bit integer, so no value could meet it; it is not checked"
            ]
        );
    }

    #[test]
    fn fractional_bounds_round_inward() {
        let (s, w) = read(
            "{type: integer, minimum: 0.5, exclusiveMinimum: true, maximum: 9.9, exclusiveMaximum: true}",
        );
        assert_eq!(s, yaml("{type: integer, minimum: 1, maximum: 9}"));
        assert!(w.is_empty(), "{w:?}");
        let (s, _) = read("{type: integer, minimum: 2.0, exclusiveMinimum: true}");
        assert_eq!(
            s,
            yaml("{type: integer, minimum: 2, exclusiveMinimum: true}")
        );
        let (s, _) = read("{type: number, minimum: 0.5}");
        assert_eq!(s, yaml("{type: number, minimum: 0.5}"));
    }

    #[test]
    fn multiples_and_enums_of_integers() {
        assert_eq!(
            read("{type: integer, multipleOf: 0.5}").0,
            yaml("{type: integer}")
        );
        assert_eq!(
            read("{type: integer, multipleOf: 1.5}").0,
            yaml("{type: integer, multipleOf: 3}")
        );
        assert_eq!(
            read("{type: integer, multipleOf: 0.1}").0,
            yaml("{type: integer}")
        );
        assert_eq!(
            read("{type: integer, multipleOf: 4.0}").0,
            yaml("{type: integer, multipleOf: 4}")
        );
        let (s, w) = read("{type: integer, multipleOf: -2}");
        assert_eq!((s, w.len()), (yaml("{type: integer}"), 1));
        let (s, w) = read("{type: integer, enum: [1, 2.0, 2.5, 18446744073709551615, null]}");
        assert_eq!(s, yaml("{type: integer, enum: [1, 2, null]}"));
        assert_eq!(w.len(), 2);
        assert!(w[0].starts_with("/s/enum/2: enum value 2.5"), "{w:?}");
        assert!(
            w[1].starts_with("/s/enum/3: enum value 18446744073709551615"),
            "{w:?}"
        );
    }

    #[test]
    fn counts_are_whole_and_not_negative() {
        let (s, w) =
            read("{type: string, minLength: 1.5, maxLength: 10.0, minItems: -1, maxItems: 1e30}");
        assert_eq!(s, yaml("{type: string, minLength: 2, maxLength: 10}"));
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w[0].contains("is read as `minLength: 2`"), "{w:?}");
        assert!(
            w[1].contains("`minItems: -1` is below 0, which every value meets"),
            "{w:?}"
        );
    }
}
