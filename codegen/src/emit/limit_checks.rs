//! The limit checks (`minLength`, `pattern`, `minimum`, `multipleOf`, `maxItems`, a number's
//! `enum`, an enum's `null`, … of a value and of its items) the server makes on request bodies
//! and parameters: calls for one value, and the fixed helper functions they call, emitted once
//! in the server module.

use proc_macro2::TokenStream;
use quote::quote;

use super::responses::served;
use crate::model::{Api, CheckedFormat, Constraints, TypeBody};

/// Whether some served operation has a parameter with something to check: limits (checked
/// with the same functions as bodies), or a type whose values the body checks check (an enum
/// value the spec does not list, say).
pub fn parameters_checked(api: &Api, checks: &super::field_checks::BodyChecks<'_>) -> bool {
    parameters_limited(api)
        || served(&api.operations)
            .flat_map(|op| &op.parameters)
            .any(|p| checks.holds_checks(&p.ty))
}

/// Whether some served operation's parameter has limits (`maxLength`, `minimum`, …), which
/// the limit helpers check.
pub fn parameters_limited(api: &Api) -> bool {
    served(&api.operations)
        .flat_map(|op| &op.parameters)
        .any(|p| !p.constraints.is_empty())
}

/// Whether some limit the server may check is one of `formats` (`uri` and `uri-reference`,
/// checked with `fluent-uri`; `email`, with `email_address`): on a property of some type or a
/// served parameter, or on their items.
pub fn checks_formats(api: &Api, formats: &[CheckedFormat]) -> bool {
    let wanted = |c: &Constraints| c.format.is_some_and(|f| formats.contains(&f));
    let has_format = |c: &Constraints| wanted(c) || c.items.as_ref().is_some_and(|i| wanted(i));
    let fields = api.types.iter().any(|t| {
        matches!(&t.body, TypeBody::Struct(s) if s.fields.iter().any(|f| has_format(&f.constraints)))
    });
    fields
        || served(&api.operations)
            .flat_map(|op| &op.parameters)
            .any(|p| has_format(&p.constraints))
}

/// The formats checked with `fluent-uri`.
pub const URI_FORMATS: &[CheckedFormat] = &[CheckedFormat::Uri, CheckedFormat::UriReference];

/// The formats checked with `email_address`.
pub const EMAIL_FORMATS: &[CheckedFormat] = &[CheckedFormat::Email];

/// The formats checked by a function of the server's own (no crate checks RFC 3339's
/// durations as written).
const DURATION_FORMATS: &[CheckedFormat] = &[CheckedFormat::Duration];

/// Calls of the limit checks for one value (`child`, at `path`), and for each of its items, in
/// the server module.
pub fn constraint_checks(c: &Constraints) -> TokenStream {
    limit_calls(c, &quote! {})
}

/// [`constraint_checks`], calling the helpers through `helpers` (`super::` from the checks'
/// module).
pub(super) fn limit_calls(c: &Constraints, helpers: &TokenStream) -> TokenStream {
    let own = value_limit_calls(c, helpers);
    let items = c.items.as_deref().map(|items| {
        let checks = value_limit_calls(items, helpers);
        quote! {
            if let ::std::option::Option::Some(items) = child.as_array() {
                let parent = path;
                for (i, child) in items.iter().enumerate() {
                    let path = ::std::format!("{parent}[{i}]");
                    #checks
                }
            }
        }
    });
    quote! { #own #items }
}

/// Calls of the limit checks for one value (`child`, at `path`).
fn value_limit_calls(c: &Constraints, helpers: &TokenStream) -> TokenStream {
    let size = |n: Option<usize>| match n {
        Some(n) => quote! { ::std::option::Option::Some(#n) },
        None => quote! { ::std::option::Option::None },
    };
    let bound = |b: Option<(f64, bool)>| match b {
        Some((x, exclusive)) => quote! { ::std::option::Option::Some((#x, #exclusive)) },
        None => quote! { ::std::option::Option::None },
    };
    let mut out = TokenStream::new();
    if c.min_length.is_some() || c.max_length.is_some() {
        let (min, max) = (size(c.min_length), size(c.max_length));
        out.extend(quote! { #helpers check_length(child, &path, #min, #max, report); });
    }
    if let Some(p) = c.pattern.as_deref() {
        out.extend(quote! {{
            static PATTERN: ::std::sync::LazyLock<::std::option::Option<::regex::Regex>> =
                ::std::sync::LazyLock::new(|| ::regex::Regex::new(#p).ok());
            #helpers check_pattern(child, &path, &PATTERN, #p, report);
        }});
    }
    match c.format {
        Some(CheckedFormat::Email) => {
            out.extend(quote! { #helpers check_email(child, &path, report); });
        }
        Some(CheckedFormat::Duration) => {
            out.extend(quote! { #helpers check_duration(child, &path, report); });
        }
        Some(format) => {
            let reference = format == CheckedFormat::UriReference;
            out.extend(quote! { #helpers check_uri(child, &path, #reference, report); });
        }
        None => {}
    }
    if c.minimum.is_some() || c.maximum.is_some() {
        let (min, max) = (bound(c.minimum), bound(c.maximum));
        out.extend(quote! { #helpers check_range(child, &path, #min, #max, report); });
    }
    if c.min_items.is_some() || c.max_items.is_some() {
        let (min, max) = (size(c.min_items), size(c.max_items));
        out.extend(quote! { #helpers check_items(child, &path, #min, #max, report); });
    }
    if c.unique_items {
        out.extend(quote! { #helpers check_unique_items(child, &path, report); });
    }
    if let Some(divisor) = c.multiple_of.filter(|d| *d > 0.0) {
        out.extend(quote! { #helpers check_multiple_of(child, &path, #divisor, report); });
    }
    if !c.numbers.is_empty() {
        let numbers = &c.numbers;
        out.extend(
            quote! { #helpers check_listed_number(child, &path, &[#(#numbers),*], report); },
        );
    }
    if c.refuses_null {
        out.extend(quote! {
            if child.is_null() {
                #helpers limit_violation(report, &path, ::std::borrow::ToOwned::to_owned("must be one of the listed values, which do not include null"));
            }
        });
    }
    out
}

/// The limit checks the calls above use (emitted once); `check_uri` and `check_email` when
/// some limit is such a format.
pub(super) fn limit_check_fns(api: &Api) -> TokenStream {
    let uris = checks_formats(api, URI_FORMATS);
    let emails = checks_formats(api, EMAIL_FORMATS);
    let check_email = emails.then(|| quote! {
        #[allow(dead_code)]
        fn check_email(value: &::serde_json::Value, path: &str, report: &mut FieldReport) {
            if let ::std::option::Option::Some(text) = value.as_str()
                && !::email_address::EmailAddress::is_valid(text)
            {
                limit_violation(report, path, ::std::borrow::ToOwned::to_owned("must be an email address"));
            }
        }
    });
    let check_uri = uris.then(|| quote! {
        #[allow(dead_code)]
        fn check_uri(value: &::serde_json::Value, path: &str, reference: bool, report: &mut FieldReport) {
            let ::std::option::Option::Some(text) = value.as_str() else { return };
            let valid = if reference {
                ::fluent_uri::UriRef::parse(text).is_ok()
            } else {
                ::fluent_uri::Uri::parse(text).is_ok()
            };
            if !valid {
                let what = if reference { "a URI reference" } else { "an absolute URI" };
                limit_violation(report, path, ::std::format!("must be {what} (RFC 3986)"));
            }
        }
    });
    let check_duration = checks_formats(api, DURATION_FORMATS).then(duration_check_fns);
    quote! {
        #check_uri
        #check_email
        #check_duration

        #[allow(dead_code)]
        fn check_unique_items(value: &::serde_json::Value, path: &str, report: &mut FieldReport) {
            let ::std::option::Option::Some(items) = value.as_array() else { return };
            // Items compared by their JSON text (object keys are sorted): linear in the body.
            let mut seen = ::std::collections::HashSet::new();
            if let ::std::option::Option::Some(i) = items.iter().position(|item| !seen.insert(item.to_string())) {
                limit_violation(report, path, ::std::format!("must not repeat an item (item {i} repeats an earlier one)"));
            }
        }

        #[allow(dead_code)]
        fn check_multiple_of(value: &::serde_json::Value, path: &str, divisor: f64, report: &mut FieldReport) {
            // As JSON Schema validators divide: the quotient must be a whole number.
            if let ::std::option::Option::Some(x) = value.as_f64()
                && (x / divisor).is_finite()
                && (x / divisor).fract() != 0.0
            {
                limit_violation(report, path, ::std::format!("must be a multiple of {divisor}"));
            }
        }

        #[allow(dead_code)]
        fn check_listed_number(value: &::serde_json::Value, path: &str, listed: &[f64], report: &mut FieldReport) {
            if let ::std::option::Option::Some(x) = value.as_f64()
                && !listed.contains(&x)
            {
                let listed: ::std::vec::Vec<::std::string::String> = listed.iter().map(::std::string::ToString::to_string).collect();
                limit_violation(report, path, ::std::format!("must be one of {}", listed.join(", ")));
            }
        }

        #[allow(dead_code)]
        fn limit_violation(report: &mut FieldReport, path: &str, message: ::std::string::String) {
            report.invalid.push((::std::borrow::ToOwned::to_owned(path), message));
        }

        #[allow(dead_code)]
        fn check_length(value: &::serde_json::Value, path: &str, min: ::std::option::Option<usize>, max: ::std::option::Option<usize>, report: &mut FieldReport) {
            let ::std::option::Option::Some(text) = value.as_str() else { return };
            let n = text.chars().count();
            if min.is_some_and(|min| n < min) {
                limit_violation(report, path, ::std::format!("must be at least {} characters long", min.unwrap_or_default()));
            } else if max.is_some_and(|max| n > max) {
                limit_violation(report, path, ::std::format!("must be at most {} characters long", max.unwrap_or_default()));
            }
        }

        #[allow(dead_code)]
        fn check_pattern(value: &::serde_json::Value, path: &str, pattern: &::std::option::Option<::regex::Regex>, source: &str, report: &mut FieldReport) {
            if let (::std::option::Option::Some(text), ::std::option::Option::Some(re)) = (value.as_str(), pattern)
                && !re.is_match(text)
            {
                limit_violation(report, path, ::std::format!("must match the pattern {source}"));
            }
        }

        #[allow(dead_code)]
        fn check_range(value: &::serde_json::Value, path: &str, min: ::std::option::Option<(f64, bool)>, max: ::std::option::Option<(f64, bool)>, report: &mut FieldReport) {
            let ::std::option::Option::Some(x) = value.as_f64() else { return };
            if let ::std::option::Option::Some((min, exclusive)) = min
                && (x < min || (exclusive && x == min))
            {
                let relation = if exclusive { "greater than" } else { "at least" };
                limit_violation(report, path, ::std::format!("must be {relation} {min}"));
                return;
            }
            if let ::std::option::Option::Some((max, exclusive)) = max
                && (x > max || (exclusive && x == max))
            {
                let relation = if exclusive { "less than" } else { "at most" };
                limit_violation(report, path, ::std::format!("must be {relation} {max}"));
            }
        }

        #[allow(dead_code)]
        fn check_items(value: &::serde_json::Value, path: &str, min: ::std::option::Option<usize>, max: ::std::option::Option<usize>, report: &mut FieldReport) {
            let ::std::option::Option::Some(items) = value.as_array() else { return };
            if min.is_some_and(|min| items.len() < min) {
                limit_violation(report, path, ::std::format!("must have at least {} items", min.unwrap_or_default()));
            } else if max.is_some_and(|max| items.len() > max) {
                limit_violation(report, path, ::std::format!("must have at most {} items", max.unwrap_or_default()));
            }
        }
    }
}

/// `check_duration`: RFC 3339's `duration` (Appendix A): `P` then weeks alone, or date units
/// (`Y`, `M`, `D`) and time units after `T` (`H`, `M`, `S`), each a run of adjacent units in
/// that order, each with its digits.
fn duration_check_fns() -> TokenStream {
    quote! {
        #[allow(dead_code)]
        fn check_duration(value: &::serde_json::Value, path: &str, report: &mut FieldReport) {
            if let ::std::option::Option::Some(text) = value.as_str()
                && !is_duration(text)
            {
                limit_violation(report, path, ::std::borrow::ToOwned::to_owned("must be a duration (RFC 3339, such as `P3D` or `PT1H30M`)"));
            }
        }

        fn is_duration(text: &str) -> bool {
            let ::std::option::Option::Some(rest) = text.strip_prefix('P') else { return false };
            if let ::std::option::Option::Some(weeks) = rest.strip_suffix('W') {
                return !weeks.is_empty() && weeks.bytes().all(|b| b.is_ascii_digit());
            }
            let (date, time) = match rest.split_once('T') {
                ::std::option::Option::Some((date, time)) => (date, ::std::option::Option::Some(time)),
                ::std::option::Option::None => (rest, ::std::option::Option::None),
            };
            match time {
                ::std::option::Option::Some(time) => !time.is_empty() && duration_units(date, b"YMD") && duration_units(time, b"HMS"),
                ::std::option::Option::None => !date.is_empty() && duration_units(date, b"YMD"),
            }
        }

        /// Whether `part` is digits-and-unit pairs whose units are adjacent in `order`.
        fn duration_units(part: &str, order: &[u8]) -> bool {
            let bytes = part.as_bytes();
            let mut i = 0;
            let mut next: ::std::option::Option<usize> = ::std::option::Option::None;
            while i < bytes.len() {
                let start = i;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
                let ::std::option::Option::Some(unit) = bytes.get(i) else { return false };
                let ::std::option::Option::Some(at) = order.iter().position(|u| u == unit) else { return false };
                if i == start || next.is_some_and(|n| n != at) {
                    return false;
                }
                next = ::std::option::Option::Some(at + 1);
                i += 1;
            }
            true
        }
    }
}
