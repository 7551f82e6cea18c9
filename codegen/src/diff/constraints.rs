//! Which limits of a property (`minLength`, `maximum`, `pattern`, …) got stricter and which
//! got looser.

use crate::model::Constraints;

/// One limit that changed.
#[derive(Clone, Debug, PartialEq)]
pub struct LimitChange {
    /// The spec keyword, e.g. `maxLength` or `items.minLength`.
    pub name: String,
    /// The old value, or `none`.
    pub old: String,
    /// The new value, or `none`.
    pub new: String,
    /// Whether fewer values are allowed than before (a changed pattern counts as stricter).
    pub tightened: bool,
}

/// Every limit that differs between `old` and `new`, in keyword order.
pub fn changes(old: &Constraints, new: &Constraints) -> Vec<LimitChange> {
    let mut out = Vec::new();
    collect(old, new, "", &mut out);
    out
}

fn collect(old: &Constraints, new: &Constraints, prefix: &str, out: &mut Vec<LimitChange>) {
    let mut push = |name: &str, old: Option<String>, new: Option<String>, tightened: bool| {
        out.push(LimitChange {
            name: format!("{prefix}{name}"),
            old: old.unwrap_or_else(|| "none".to_owned()),
            new: new.unwrap_or_else(|| "none".to_owned()),
            tightened,
        });
    };
    let sizes = [
        ("minLength", old.min_length, new.min_length, true),
        ("maxLength", old.max_length, new.max_length, false),
        ("minItems", old.min_items, new.min_items, true),
        ("maxItems", old.max_items, new.max_items, false),
    ];
    for (name, a, b, lower) in sizes {
        if a != b {
            let text = |v: Option<usize>| v.map(|v| v.to_string());
            push(name, text(a), text(b), stricter(a, b, lower));
        }
    }
    let bounds = [
        ("minimum", old.minimum, new.minimum, true),
        ("maximum", old.maximum, new.maximum, false),
    ];
    for (name, a, b, lower) in bounds {
        if a != b {
            push(
                name,
                bound_text(a),
                bound_text(b),
                stricter_bound(a, b, lower),
            );
        }
    }
    if old.pattern != new.pattern {
        let text = |p: &Option<String>| p.as_ref().map(|p| format!("{p:?}"));
        push(
            "pattern",
            text(&old.pattern),
            text(&new.pattern),
            new.pattern.is_some(),
        );
    }
    if old.format != new.format {
        let text = |f: Option<crate::model::CheckedFormat>| f.map(|f| f.name().to_owned());
        push(
            "format",
            text(old.format),
            text(new.format),
            new.format.is_some(),
        );
    }
    if old.unique_items != new.unique_items {
        let text = |u: bool| u.then(|| "true".to_owned());
        push(
            "uniqueItems",
            text(old.unique_items),
            text(new.unique_items),
            new.unique_items,
        );
    }
    let none = Constraints::default();
    match (&old.items, &new.items) {
        (None, None) => {}
        (a, b) => {
            let a = a.as_deref().unwrap_or(&none);
            let b = b.as_deref().unwrap_or(&none);
            collect(a, b, &format!("{prefix}items."), out);
        }
    }
}

/// Whether going from `old` to `new` allows fewer values: a new limit, a raised lower limit,
/// a lowered upper limit.
fn stricter(old: Option<usize>, new: Option<usize>, lower: bool) -> bool {
    match (old, new) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(a), Some(b)) => (lower && b > a) || (!lower && b < a),
    }
}

fn stricter_bound(old: Option<(f64, bool)>, new: Option<(f64, bool)>, lower: bool) -> bool {
    match (old, new) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some((a, a_exclusive)), Some((b, b_exclusive))) => {
            let moved_in = if lower { b > a } else { b < a };
            moved_in || (a == b && b_exclusive && !a_exclusive)
        }
    }
}

fn bound_text(bound: Option<(f64, bool)>) -> Option<String> {
    bound.map(|(value, exclusive)| {
        if exclusive {
            format!("{value} (exclusive)")
        } else {
            value.to_string()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raised_minimum_and_lowered_max_length_are_stricter() {
        let old = Constraints {
            minimum: Some((0.0, false)),
            max_length: Some(10),
            ..Constraints::default()
        };
        let new = Constraints {
            minimum: Some((1.0, false)),
            max_length: Some(20),
            ..Constraints::default()
        };
        let found: Vec<(String, bool)> = changes(&old, &new)
            .into_iter()
            .map(|c| (c.name, c.tightened))
            .collect();
        assert_eq!(
            found,
            [
                ("maxLength".to_owned(), false),
                ("minimum".to_owned(), true)
            ]
        );
    }

    #[test]
    fn exclusive_at_the_same_value_is_stricter() {
        let old = Constraints {
            maximum: Some((5.0, false)),
            ..Constraints::default()
        };
        let new = Constraints {
            maximum: Some((5.0, true)),
            ..Constraints::default()
        };
        assert!(changes(&old, &new)[0].tightened);
        assert!(!changes(&new, &old)[0].tightened);
    }
}
