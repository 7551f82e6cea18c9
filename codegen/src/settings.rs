//! Choices a user makes about the generated crate (beyond its name): which modules, how enums
//! treat unknown values, and which crate holds dates and times.

/// How string enums treat values the spec does not list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EnumStyle {
    /// A catch-all variant keeps an unknown value and writes it back unchanged, so an API that
    /// adds values never breaks a client (the default; APIs such as Plaid promise to add them).
    #[default]
    Open,
    /// Only the listed values: an unknown one is a deserialization error. The enums are
    /// `Copy`, and `FromStr` fails with `UnknownEnumValue`.
    Closed,
}

/// Which crate the types for `format: date` and `format: date-time` come from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DateTimeCrate {
    /// `chrono::NaiveDate` and `chrono::DateTime<chrono::FixedOffset>` (the default).
    #[default]
    Chrono,
    /// `time::Date` and `time::OffsetDateTime` (RFC 3339 on the wire). Date-times are then
    /// supported as properties (required, optional or nullable), not inside arrays or maps.
    Time,
}

/// Which modules the crate has besides `types`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outputs {
    /// `client.rs`, behind the `client` feature.
    pub client: bool,
    /// `server.rs`, behind the `server` feature.
    pub server: bool,
}

impl Default for Outputs {
    fn default() -> Self {
        Outputs {
            client: true,
            server: true,
        }
    }
}

/// Every setting, with the defaults the repository's own crate uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    /// Open or closed enums.
    pub enums: EnumStyle,
    /// chrono or time.
    pub date_time: DateTimeCrate,
    /// Client and server modules.
    pub outputs: Outputs,
}
