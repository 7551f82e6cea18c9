//! The model between the spec and the emitters: plain data, resolved, named and checked.
//!
//! Emitters read only this model, never `openapiv3` types. Everything is in a deterministic
//! order: types in component order (inline types right after the type that holds them), fields
//! and enum values in spec order, operations in path order.

/// A whole API, ready to emit.
#[derive(Clone, Debug, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// Server URLs, in spec order.
    pub servers: Vec<String>,
    /// Every named type.
    pub types: Vec<TypeDef>,
    /// Every operation.
    pub operations: Vec<Operation>,
    /// Security schemes, in component order.
    pub security_schemes: Vec<SecurityScheme>,
    /// The global security requirements: alternatives, each a set of scheme names.
    pub security: Vec<Vec<String>>,
    /// The path of the first server URL (`/plaid-compatible`), or `""`.
    pub base_path: String,
    /// How the generated server words a request it refuses before the handler, from the
    /// spec's `x-codegen-rejections`; `None` means RFC 9457 problem details.
    pub rejections: Option<RejectionEnvelope>,
}

/// The body of a refused request, in the spec's own error schema.
///
/// Declared at the document root:
///
/// ```yaml
/// x-codegen-rejections:
///   schema: '#/components/schemas/PlaidError'
///   body:                       # a template; {code}, {message}, {request_id}, {status} are filled in
///     error_type: INVALID_REQUEST
///     error_code: '{code}'
///     error_message: '{message}'
///     display_message: null
///     request_id: '{request_id}'
///   overrides:                  # optional: per code, properties that differ from `body`
///     INTERNAL_SERVER_ERROR: {error_type: API_ERROR}
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct RejectionEnvelope {
    /// The Rust type of the error schema.
    pub type_name: String,
    /// The body template.
    pub template: serde_json::Value,
    /// Per-code replacements of template properties.
    pub overrides: serde_json::Map<String, serde_json::Value>,
}

/// A named Rust type.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeDef {
    /// The Rust name (UpperCamelCase, unique in the crate).
    pub name: String,
    /// Where the schema is, as a JSON pointer.
    pub pointer: String,
    /// Documentation from the spec.
    pub doc: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// What kind of type it is.
    pub body: TypeBody,
    /// Whether every field allows `Eq` and `Hash` (computed after lowering).
    pub eq_hash: bool,
}

/// The shape of a [`TypeDef`].
#[derive(Clone, Debug, PartialEq)]
pub enum TypeBody {
    /// An object with known properties.
    Struct(Struct),
    /// A string enum, open to unknown values.
    Enum(StringEnum),
    /// Another name for a type (a component that is a primitive, an array or a map).
    Alias(TypeRef),
    /// One of several types (`oneOf`/`anyOf`).
    OneOf(OneOf),
}

/// A value that is one of several types.
#[derive(Clone, Debug, PartialEq)]
pub struct OneOf {
    /// The alternatives. Without a discriminator they are tried in this order, most specific
    /// first; with one, the tag picks the variant.
    pub variants: Vec<OneOfVariant>,
    /// The property whose value names the variant (`discriminator.propertyName`).
    pub discriminator: Option<String>,
}

/// One alternative of a [`OneOf`].
#[derive(Clone, Debug, PartialEq)]
pub struct OneOfVariant {
    /// The Rust variant name.
    pub rust_name: String,
    /// Its type.
    pub ty: TypeRef,
    /// With a discriminator: the tag values that select this variant. A variant with no tags
    /// under a discriminator is the catch-all that keeps values with an unknown tag.
    pub tags: Vec<String>,
}

/// An object schema.
#[derive(Clone, Debug, PartialEq)]
pub struct Struct {
    /// Properties in spec order (`allOf` parts in order).
    pub fields: Vec<Field>,
    /// `additionalProperties: false`. Never set together with [`Struct::flattened`] parts,
    /// whose properties a struct cannot list.
    pub deny_unknown_fields: bool,
    /// Values read from the same JSON object as the fields (`#[serde(flatten)]`), in spec
    /// order: a `oneOf`/`anyOf` beside the properties or among the `allOf` parts, and the
    /// `additionalProperties` of an object that also has properties.
    pub flattened: Vec<Flattened>,
    /// `oneOf`/`anyOf` alternatives that only say which properties are present: the value is
    /// the struct, and the server checks that the alternatives hold.
    pub presence_rules: Vec<PresenceRule>,
}

/// A part of a [`Struct`] read from the struct's own JSON object rather than from a property.
#[derive(Clone, Debug, PartialEq)]
pub struct Flattened {
    /// The Rust field name (unique among the struct's fields).
    pub rust_name: String,
    /// A `oneOf` type, or `Map` for the properties the struct does not declare.
    pub ty: TypeRef,
    /// Documentation from the spec.
    pub doc: Option<String>,
}

/// `oneOf`/`anyOf` alternatives of an object that only name required properties (and may
/// narrow a property to some of its values), e.g. `anyOf: [{required: [id]}, {required:
/// [email]}]`.
#[derive(Clone, Debug, PartialEq)]
pub struct PresenceRule {
    /// `true`: exactly one alternative must hold (`oneOf`); `false`: at least one (`anyOf`,
    /// and a `oneOf` whose alternatives say more than the server can check, where counting
    /// only what it can check could refuse a valid value).
    pub exactly_one: bool,
    /// The alternatives, in spec order.
    pub alternatives: Vec<PresenceAlternative>,
    /// Where the `oneOf`/`anyOf` is, as a JSON pointer.
    pub pointer: String,
}

/// One alternative of a [`PresenceRule`].
#[derive(Clone, Debug, PartialEq)]
pub struct PresenceAlternative {
    /// Wire names of the properties that must be present.
    pub required: Vec<String>,
    /// Properties narrowed to string values: when present, the value must be one of these.
    pub allowed: Vec<(String, Vec<String>)>,
}

/// One property of an object.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The property name on the wire.
    pub wire_name: String,
    /// The Rust field name (snake_case, not a keyword).
    pub rust_name: String,
    /// The value's type, without the `Option` that [`Presence`] adds.
    pub ty: TypeRef,
    /// Whether the property must be present, and whether it may be null.
    pub presence: Presence,
    /// Documentation from the spec.
    pub doc: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// The spec's `default`, when the generated type applies it (the field is then `T`, not
    /// `Option<T>`, and a missing property reads as this value).
    pub default: Option<DefaultValue>,
    /// Limits the server checks on input.
    pub constraints: Constraints,
}

/// A `default` the generated code can write as a Rust expression.
#[derive(Clone, Debug, PartialEq)]
pub enum DefaultValue {
    /// A string (or a string enum value).
    String(String),
    /// An integer.
    Integer(i64),
    /// A number.
    Number(f64),
    /// A boolean.
    Bool(bool),
}

/// `minLength`, `maxLength`, `pattern`, `minimum`, `maximum`, `minItems`, `maxItems`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Constraints {
    /// Fewest characters of a string.
    pub min_length: Option<usize>,
    /// Most characters of a string.
    pub max_length: Option<usize>,
    /// A regular expression a string must match (somewhere, as JSON Schema says).
    pub pattern: Option<String>,
    /// Smallest number, and whether it is excluded.
    pub minimum: Option<(f64, bool)>,
    /// Largest number, and whether it is excluded.
    pub maximum: Option<(f64, bool)>,
    /// Fewest items of an array.
    pub min_items: Option<usize>,
    /// Most items of an array.
    pub max_items: Option<usize>,
    /// The limits of each item of an array.
    pub items: Option<Box<Constraints>>,
}

impl Constraints {
    /// Whether there is nothing to check.
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

/// How a property may appear in JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    /// Must be present, never null: `T`.
    Required,
    /// Must be present, may be null: `Option<T>`, serialized as `null`.
    RequiredNullable,
    /// May be absent: `Option<T>`, skipped when `None`. When `nullable` is set, `null` also
    /// reads as `None`.
    Optional {
        /// The schema allows `null`.
        nullable: bool,
    },
}

/// A string enum: known values in spec order, plus a catch-all that keeps unknown values.
#[derive(Clone, Debug, PartialEq)]
pub struct StringEnum {
    /// The known values.
    pub variants: Vec<Variant>,
    /// The name of the catch-all variant (`Unknown`, unless a value took that name).
    pub catch_all: String,
}

/// One value of a string enum.
#[derive(Clone, Debug, PartialEq)]
pub struct Variant {
    /// The value on the wire.
    pub wire_name: String,
    /// The Rust variant name.
    pub rust_name: String,
}

/// A reference to a type, as a field, item or alias target sees it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TypeRef {
    /// A type of the model, by its Rust name.
    Named(String),
    /// A built-in type.
    Primitive(Primitive),
    /// `Vec<T>`.
    Vec(Box<TypeRef>),
    /// `BTreeMap<String, T>`.
    Map(Box<TypeRef>),
    /// `Option<T>` inside a container (a nullable array item or map value).
    Nullable(Box<TypeRef>),
    /// `Box<T>`, where a type would otherwise contain itself.
    Boxed(Box<TypeRef>),
}

/// The built-in types the generated code uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Primitive {
    /// `String`.
    String,
    /// A string whose `Debug` hides it (`format: password`).
    Secret,
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `chrono::NaiveDate`.
    Date,
    /// `chrono::DateTime<chrono::FixedOffset>`.
    DateTime,
    /// `time::Date` (the `time` setting).
    TimeDate,
    /// `time::OffsetDateTime`, RFC 3339 on the wire (the `time` setting).
    TimeDateTime,
    /// `uuid::Uuid`.
    Uuid,
    /// Bytes, base64 text on the wire (`format: byte`): the generated `Base64Bytes`.
    Bytes,
    /// Any JSON value.
    Json,
}

/// One operation (method + path).
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// The Rust name (snake_case), from `operationId` or from method and path.
    pub rust_name: String,
    /// The spec's `operationId`, when it has one.
    pub operation_id: Option<String>,
    /// HTTP method, upper case.
    pub method: String,
    /// The path template, e.g. `/auth/get`.
    pub path: String,
    /// Where it is, as a JSON pointer.
    pub pointer: String,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Path, query and header parameters, in spec order (path-item level first).
    pub parameters: Vec<Parameter>,
    /// The request body (`application/json` or `application/x-www-form-urlencoded`).
    pub request_body: Option<RequestBody>,
    /// Documented responses, in spec order (`default` last).
    pub responses: Vec<Response>,
    /// Why the client and server leave this operation out, if they do.
    pub unsupported: Option<String>,
    /// Security requirements in force (alternatives of scheme-name sets); `None` inherits the
    /// global ones.
    pub security: Option<Vec<Vec<String>>>,
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParameterLocation {
    /// In the path template.
    Path,
    /// In the query string.
    Query,
    /// In a request header.
    Header,
    /// In a cookie.
    Cookie,
}

/// One operation parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Parameter {
    /// The name on the wire.
    pub wire_name: String,
    /// The Rust name (snake_case).
    pub rust_name: String,
    /// Where it goes.
    pub location: ParameterLocation,
    /// Its type.
    pub ty: TypeRef,
    /// Whether it must be sent.
    pub required: bool,
    /// Documentation.
    pub doc: Option<String>,
    /// How an array is written: `true` repeats a query key per item (`form`'s default),
    /// `false` joins the items with commas (always so in a path or header: style `simple`).
    pub explode: bool,
    /// The limits the server checks (`maxLength`, `minimum`, `maxItems`, …; of items too).
    pub constraints: Constraints,
}

/// A request body.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestBody {
    /// Its media type: `application/json` (or another JSON type), or
    /// `application/x-www-form-urlencoded` (then `ty` is a struct).
    pub media_type: String,
    /// Its type.
    pub ty: TypeRef,
    /// Whether the body must be sent.
    pub required: bool,
}

/// One documented response.
#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    /// Which status codes it covers.
    pub status: ResponseStatus,
    /// The response's description.
    pub description: String,
    /// The body type, when the response has a JSON body.
    pub ty: Option<TypeRef>,
    /// The body's media type (`application/json`, `application/pdf`, `text/plain`), when it
    /// has a body. A body that is not JSON is carried as bytes, or as text for `text/*`.
    pub media_type: Option<String>,
}

/// The status codes a [`Response`] covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ResponseStatus {
    /// One code, e.g. `200`.
    Code(u16),
    /// A class, e.g. `4XX` is `Range(4)`.
    Range(u16),
    /// `default`: every status not listed.
    Default,
}

/// A security scheme from `components.securitySchemes`.
#[derive(Clone, Debug, PartialEq)]
pub struct SecurityScheme {
    /// Its key in `components.securitySchemes`.
    pub key: String,
    /// How the credential is sent.
    pub kind: SecurityKind,
    /// Documentation.
    pub doc: Option<String>,
}

/// How a security scheme sends its credential.
#[derive(Clone, Debug, PartialEq)]
pub enum SecurityKind {
    /// An API key in a header.
    ApiKeyHeader(String),
    /// An API key in the query string.
    ApiKeyQuery(String),
    /// An API key in a cookie.
    ApiKeyCookie(String),
    /// `Authorization: Bearer …`.
    HttpBearer,
    /// `Authorization: Basic …`.
    HttpBasic,
    /// Anything else (OAuth2, OpenID Connect, other HTTP schemes); kept for documentation.
    Other(String),
}

impl Api {
    /// The type named `name`.
    pub fn type_named(&self, name: &str) -> Option<&TypeDef> {
        self.types.iter().find(|t| t.name == name)
    }
}
