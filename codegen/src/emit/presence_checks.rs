//! The server's check of a presence rule: `oneOf`/`anyOf` alternatives that only say which
//! properties are present (`anyOf: [{required: [id]}, {required: [email]}]`), counted on the
//! JSON object, with the object's path in the refusal.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{DependentRequired, PresenceAlternative, PresenceRule};

/// Reports each property a `dependentRequired` entry asks for that is missing while the
/// property that asks for it is present.
pub(super) fn dependent_required_checks(d: &DependentRequired) -> TokenStream {
    let property = &d.property;
    let requires = &d.requires;
    let message = format!("is required when `{property}` is present");
    quote! {
        if object.contains_key(#property) {
            for name in [#(#requires),*] {
                if !object.contains_key(name) {
                    report.invalid.push((super::field_path(at, name), ::std::borrow::ToOwned::to_owned(#message)));
                }
            }
        }
    }
}

/// Counts the alternatives of a presence rule that hold, and reports the object when too few
/// (or, for `oneOf`, too many) do.
pub(super) fn presence_rule_checks(rule: &PresenceRule) -> TokenStream {
    let conditions = rule.alternatives.iter().map(alternative_condition);
    let (violated, how) = if rule.exactly_one {
        (quote! { holding != 1 }, "exactly one")
    } else {
        (quote! { holding == 0 }, "at least one")
    };
    let listed: Vec<String> = rule.alternatives.iter().map(alternative_text).collect();
    let message = format!("must have {how} of: {}", listed.join(" | "));
    quote! {
        let holding = [#(#conditions),*].into_iter().filter(|holds| *holds).count();
        if #violated {
            report.invalid.push((::std::borrow::ToOwned::to_owned(at), ::std::borrow::ToOwned::to_owned(#message)));
        }
    }
}

/// Whether one alternative holds: its properties are present, and its narrowed properties
/// (when present) have one of their values.
fn alternative_condition(a: &PresenceAlternative) -> TokenStream {
    let present = a
        .required
        .iter()
        .map(|name| quote! { object.contains_key(#name) });
    let narrowed = a.allowed.iter().map(|(name, values)| {
        quote! {
            object.get(#name).is_none_or(|v| matches!(v.as_str(), ::std::option::Option::Some(#(#values)|*)))
        }
    });
    let all: Vec<TokenStream> = present.chain(narrowed).collect();
    if all.is_empty() {
        quote! { true }
    } else {
        quote! { #(#all)&&* }
    }
}

/// An alternative as the refusal names it: `` `id` and `email` ``, `` `kind` in a, b ``.
fn alternative_text(a: &PresenceAlternative) -> String {
    let mut parts: Vec<String> = a.required.iter().map(|r| format!("`{r}`")).collect();
    parts.extend(
        a.allowed
            .iter()
            .map(|(name, values)| format!("`{name}` in {}", values.join(", "))),
    );
    if parts.is_empty() {
        "anything".to_owned()
    } else {
        parts.join(" and ")
    }
}
