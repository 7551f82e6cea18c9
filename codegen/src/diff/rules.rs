//! The rules for changes to types, which rate a change by the direction the type travels in.
//!
//! A rule has a rating for requests and one for responses. A change to a type that requests
//! carry gets the rule id `request-…`, to a type responses carry `response-…` (a type that
//! both carry is reported once for each), and to a type that no operation reaches `schema-…`
//! with the stricter of the two ratings.

use super::usage::Usage;
use super::{Change, Level};

/// A change to a type, rated by direction.
#[derive(Clone, Copy, Debug)]
pub struct DirectedRule {
    /// The id after the direction prefix, e.g. `property-required-added`.
    pub id: &'static str,
    /// The level, and the reason for it, when requests carry the type.
    pub request: (Level, &'static str),
    /// The level, and the reason for it, when responses carry the type.
    pub response: (Level, &'static str),
}

use Level::{Breaking, Info, Warning};

/// A new optional property.
pub const PROPERTY_ADDED: DirectedRule = DirectedRule {
    id: "property-added",
    request: (Info, "clients may leave it out"),
    response: (
        Info,
        "the generated client ignores properties it does not know",
    ),
};
/// A new required property.
pub const PROPERTY_REQUIRED_ADDED: DirectedRule = DirectedRule {
    id: "property-required-added",
    request: (Breaking, "requests without it are refused"),
    response: (Info, "old clients ignore properties they do not know"),
};
/// A new optional property of a type whose old version refused unknown properties.
pub const PROPERTY_ADDED_TO_CLOSED: DirectedRule = DirectedRule {
    id: "property-added",
    request: (Info, "clients may leave it out"),
    response: (
        Breaking,
        "the old type refuses unknown properties, so old clients fail to decode it",
    ),
};
/// A new required property of a type whose old version refused unknown properties.
pub const PROPERTY_REQUIRED_ADDED_TO_CLOSED: DirectedRule = DirectedRule {
    id: "property-required-added",
    request: (Breaking, "requests without it are refused"),
    response: (
        Breaking,
        "the old type refuses unknown properties, so old clients fail to decode it",
    ),
};
/// An optional property removed.
pub const PROPERTY_REMOVED: DirectedRule = DirectedRule {
    id: "property-removed",
    request: (Warning, "servers ignore it from clients that still send it"),
    response: (Warning, "clients reading it now always get nothing"),
};
/// A required property removed.
pub const PROPERTY_REQUIRED_REMOVED: DirectedRule = DirectedRule {
    id: "property-required-removed",
    request: (Warning, "servers ignore it from clients that still send it"),
    response: (
        Breaking,
        "clients that require it fail to decode the response",
    ),
};
/// A removed property where the type refuses unknown properties.
pub const PROPERTY_REMOVED_REFUSED: DirectedRule = DirectedRule {
    id: "property-removed",
    request: (
        Breaking,
        "the type refuses unknown properties, so clients that still send it are refused",
    ),
    response: (Warning, "clients reading it now always get nothing"),
};
/// An optional property made required.
pub const PROPERTY_MADE_REQUIRED: DirectedRule = DirectedRule {
    id: "property-made-required",
    request: (Breaking, "requests without it are refused"),
    response: (Info, "clients always get it now"),
};
/// A required property made optional.
pub const PROPERTY_MADE_OPTIONAL: DirectedRule = DirectedRule {
    id: "property-made-optional",
    request: (Info, "clients may now leave it out"),
    response: (Breaking, "clients that require it fail when it is absent"),
};
/// A property that now allows `null`.
pub const PROPERTY_MADE_NULLABLE: DirectedRule = DirectedRule {
    id: "property-made-nullable",
    request: (Info, "clients may now send null"),
    response: (
        Breaking,
        "clients that do not expect null fail to decode it",
    ),
};
/// A property that no longer allows `null`.
pub const PROPERTY_MADE_NON_NULLABLE: DirectedRule = DirectedRule {
    id: "property-made-non-nullable",
    request: (Breaking, "requests that send null are refused"),
    response: (Info, "clients no longer get null"),
};
/// A property whose type changed on the wire.
pub const PROPERTY_TYPE_CHANGED: DirectedRule = DirectedRule {
    id: "property-type-changed",
    request: (Breaking, "requests with the old type are refused"),
    response: (Breaking, "clients expecting the old type fail to decode it"),
};
/// A property whose Rust type changed while the wire stays the same.
pub const PROPERTY_RUST_TYPE_CHANGED: DirectedRule = DirectedRule {
    id: "property-rust-type-changed",
    request: (
        Warning,
        "the wire format is the same; Rust code using the field must change",
    ),
    response: (
        Warning,
        "the wire format is the same; Rust code using the field must change",
    ),
};
/// A constraint made stricter.
pub const PROPERTY_CONSTRAINT_TIGHTENED: DirectedRule = DirectedRule {
    id: "property-constraint-tightened",
    request: (Breaking, "requests the old limit allowed are refused"),
    response: (Info, "clients get values within the old limit"),
};
/// A constraint relaxed.
pub const PROPERTY_CONSTRAINT_LOOSENED: DirectedRule = DirectedRule {
    id: "property-constraint-loosened",
    request: (Info, "every request the old limit allowed is still allowed"),
    response: (
        Info,
        "the generated client does not check limits on responses",
    ),
};
/// A default value changed, added or removed.
pub const PROPERTY_DEFAULT_CHANGED: DirectedRule = DirectedRule {
    id: "property-default-changed",
    request: (
        Warning,
        "requests that leave it out now mean something else",
    ),
    response: (Warning, "clients read a missing value differently"),
};
/// An enum value added.
pub const ENUM_VALUE_ADDED: DirectedRule = DirectedRule {
    id: "enum-value-added",
    request: (Info, "clients may send it"),
    response: (
        Info,
        "the generated client keeps unknown values in its catch-all variant",
    ),
};
/// An enum value removed.
pub const ENUM_VALUE_REMOVED: DirectedRule = DirectedRule {
    id: "enum-value-removed",
    request: (Breaking, "requests with it are refused"),
    response: (Info, "clients no longer get it"),
};
/// An alternative of a `oneOf` added.
pub const ONE_OF_VARIANT_ADDED: DirectedRule = DirectedRule {
    id: "one-of-variant-added",
    request: (Info, "clients may send it"),
    response: (Warning, "clients that do not know it may fail to decode it"),
};
/// An alternative of a `oneOf` removed.
pub const ONE_OF_VARIANT_REMOVED: DirectedRule = DirectedRule {
    id: "one-of-variant-removed",
    request: (Breaking, "requests with it are refused"),
    response: (Info, "clients no longer get it"),
};
/// A type whose kind (object, enum, alias, oneOf) or aliased type changed.
pub const TYPE_CHANGED: DirectedRule = DirectedRule {
    id: "type-changed",
    request: (Breaking, "requests of the old shape are refused"),
    response: (
        Breaking,
        "clients expecting the old shape fail to decode it",
    ),
};
/// `additionalProperties: false` added.
pub const UNKNOWN_PROPERTIES_REFUSED: DirectedRule = DirectedRule {
    id: "unknown-properties-refused",
    request: (Breaking, "requests with extra properties are refused"),
    response: (
        Warning,
        "the generated client will refuse properties the API adds later",
    ),
};
/// `additionalProperties: false` removed.
pub const UNKNOWN_PROPERTIES_ALLOWED: DirectedRule = DirectedRule {
    id: "unknown-properties-allowed",
    request: (Info, "extra properties are now ignored"),
    response: (Info, "unknown properties are now ignored"),
};

/// The changes `rule` makes for a type used as `usage`: `what` says what changed (it starts
/// the message), `rust` the effect on the generated Rust code.
pub fn directed(
    rule: &DirectedRule,
    usage: Usage,
    pointer: &str,
    what: &str,
    rust: &str,
) -> Vec<Change> {
    let change = |prefix: &str, (level, why): (Level, &str)| Change {
        rule: format!("{prefix}-{}", rule.id),
        level,
        pointer: pointer.to_owned(),
        message: format!("{what}: {why}"),
        rust: rust.to_owned(),
    };
    let mut out = Vec::new();
    if usage.request {
        out.push(change("request", rule.request));
    }
    if usage.response {
        out.push(change("response", rule.response));
    }
    if out.is_empty() {
        let (level, why) = if rule.request.0 >= rule.response.0 {
            rule.request
        } else {
            rule.response
        };
        let why = format!("no operation uses the type; rated as the stricter direction: {why}");
        out.push(change("schema", (level, &why)));
    }
    out
}

/// A change that does not depend on direction.
pub fn plain(id: &str, level: Level, pointer: &str, message: String, rust: String) -> Change {
    Change {
        rule: id.to_owned(),
        level,
        pointer: pointer.to_owned(),
        message,
        rust,
    }
}
