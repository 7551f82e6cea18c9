//! Candidate strings and numbers: from `format`, `pattern`, lengths, bounds and `multipleOf`.

use serde_json::{Map, Value, json};

use super::pattern::Pattern;

/// How many candidates a scalar schema gives at most.
const LIMIT: usize = 6;

/// Candidate strings for a string schema, the shortest first.
pub(super) fn strings(schema: &Map<String, Value>) -> Vec<Value> {
    let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0);
    let max = schema
        .get("maxLength")
        .and_then(Value::as_u64)
        .unwrap_or(u64::MAX);
    if min > 1 << 16 || min > max {
        return Vec::new();
    }
    let min = min as usize;
    let max = usize::try_from(max).unwrap_or(usize::MAX);
    let fits = |s: &String| (min..=max).contains(&s.chars().count());
    let mut out: Vec<String> = Vec::new();
    let push = |s: String, out: &mut Vec<String>| {
        if fits(&s) && !out.contains(&s) {
            out.push(s);
        }
    };
    if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
        if let Some(parsed) = Pattern::parse(pattern) {
            let (start, end) = parsed.anchors();
            'outer: for extra in [0, 1, 2, 3, 5, 8, 16, 32, 64] {
                for choice in 0..3 {
                    let Some(s) = parsed.generate(extra, choice) else {
                        continue;
                    };
                    let short = min.saturating_sub(s.chars().count());
                    let padded = if short == 0 {
                        s
                    } else if !end {
                        format!("{s}{}", "a".repeat(short))
                    } else if !start {
                        format!("{}{s}", "a".repeat(short))
                    } else {
                        s
                    };
                    push(padded, &mut out);
                    if out.len() >= LIMIT {
                        break 'outer;
                    }
                }
            }
        }
        if !out.is_empty() {
            return out.into_iter().map(Value::String).collect();
        }
        // A pattern `regex-syntax` does not read (a lookaround): plain strings may match it.
    }
    let format = schema.get("format").and_then(Value::as_str).unwrap_or("");
    for s in formatted(format) {
        push(s, &mut out);
    }
    if out.is_empty() {
        // Plain strings: the shortest, then ones that differ in their first character.
        for first in ["", "a", "b", "c", "d", "e"] {
            let first = if min == 0 && first.is_empty() {
                String::new()
            } else {
                let first = if first.is_empty() { "a" } else { first };
                format!("{first}{}", "a".repeat(min.saturating_sub(1)))
            };
            push(first, &mut out);
        }
    }
    out.into_iter().map(Value::String).collect()
}

/// Values of a string `format`, several that differ; empty for a format that puts no
/// constraint on the text.
fn formatted(format: &str) -> Vec<String> {
    let several = |f: &dyn Fn(usize) -> String| (1..=LIMIT).map(f).collect();
    match format {
        "date" => several(&|i| format!("2024-01-{i:02}")),
        "date-time" => several(&|i| format!("2024-01-01T00:00:{:02}Z", i - 1)),
        "time" => several(&|i| format!("00:00:{:02}Z", i - 1)),
        "uuid" => several(&|i| format!("00000000-0000-4000-8000-{i:012}")),
        "email" | "idn-email" => several(&|i| format!("user{i}@example.com")),
        "uri" | "url" | "iri" | "uri-reference" | "iri-reference" => {
            several(&|i| format!("https://example.com/{i}"))
        }
        "hostname" | "idn-hostname" => several(&|i| format!("host{i}.example.com")),
        "ipv4" => several(&|i| format!("192.0.2.{i}")),
        "ipv6" => several(&|i| format!("2001:db8::{i}")),
        "byte" => several(&|i| ["", "AAAA", "AAAB", "AAAC", "AAAD", "AAAE"][i - 1].to_owned()),
        "duration" => several(&|i| format!("P{i}D")),
        "int32" | "int64" | "integer" | "decimal" | "number" | "double" | "float" => {
            several(&|i| format!("{}", i - 1))
        }
        "json-pointer" => several(&|i| format!("/{i}")),
        "uri-template" => several(&|i| format!("https://example.com/{i}")),
        _ => Vec::new(),
    }
}

/// Candidate numbers for a `number` or (with `integer`) an `integer` schema: the one nearest
/// zero in the bounds first, then the next multiples away from zero.
pub(super) fn numbers(schema: &Map<String, Value>, integer: bool) -> Vec<Value> {
    let bound = |key: &str| schema.get(key).and_then(Value::as_f64);
    let exclusive = |key: &str| schema.get(key).and_then(Value::as_bool) == Some(true);
    let mut lo = bound("minimum").unwrap_or(f64::NEG_INFINITY);
    let mut hi = bound("maximum").unwrap_or(f64::INFINITY);
    let (lo_open, hi_open) = (exclusive("exclusiveMinimum"), exclusive("exclusiveMaximum"));
    if integer && schema.get("format").and_then(Value::as_str) == Some("int32") {
        lo = lo.max(f64::from(i32::MIN));
        hi = hi.min(f64::from(i32::MAX));
    }
    let step = match bound("multipleOf") {
        Some(m) if m > 0.0 && m.is_finite() => m,
        _ if integer => 1.0,
        _ => 0.0,
    };
    let inside = |v: f64| {
        (if lo_open { v > lo } else { v >= lo }) && (if hi_open { v < hi } else { v <= hi })
    };
    let start = if inside(0.0) {
        0.0
    } else if lo > 0.0 || (lo == 0.0 && lo_open) {
        first_above(lo, lo_open, step, integer, hi)
    } else {
        -first_above(-hi, hi_open, step, integer, -lo)
    };
    let direction = if start < 0.0 { -1.0 } else { 1.0 };
    let any_number = step == 0.0;
    let step = if any_number { 1.0 } else { step };
    let mut out = Vec::new();
    for i in 0..LIMIT - 1 {
        let v = start + direction * step * i as f64;
        if inside(v) && v.is_finite() {
            out.push(number(v));
        }
    }
    // A number that is not an integer, for a schema that tells numbers from integers.
    let fraction = start + direction * 0.5;
    if any_number && inside(fraction) && fraction.fract() != 0.0 {
        out.push(number(fraction));
    }
    out
}

/// The least value above `lo` (or at it, unless `open`) that is a multiple of `step` (any
/// value when `step` is 0), an integer with `integer`; `hi` bounds the search between two
/// bounds when there is no step.
fn first_above(lo: f64, open: bool, step: f64, integer: bool, hi: f64) -> f64 {
    if step > 0.0 {
        let mut v = (lo / step).ceil() * step;
        if open && v <= lo {
            v += step;
        }
        if integer && v.fract() != 0.0 {
            // A fractional step for an integer: the next integer that is also a multiple.
            v = v.ceil();
        }
        return v;
    }
    // A number with no step: the bound itself, or one past it, or halfway to the other.
    if !open {
        lo
    } else if lo + 1.0 < hi {
        lo + 1.0
    } else {
        lo + (hi - lo) / 2.0
    }
}

/// `v` as JSON: an integer when it is one.
fn number(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 9_007_199_254_740_992.0 {
        json!(v as i64)
    } else {
        json!(v)
    }
}
