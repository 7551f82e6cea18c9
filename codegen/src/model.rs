//! The model between the spec and the emitters: plain data, resolved, named and checked.
//!
//! Emitters read only this model, never `openapiv3` types. Everything is in a deterministic
//! order: types in component order (inline types right after the type that holds them), fields
//! and enum values in spec order, operations in path order.

mod error_forms;

pub use error_forms::{ErrorFill, ErrorFillValue, ErrorForm, ErrorFormBody};

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
    /// The webhooks (OpenAPI 3.1 `webhooks`), in spec order: requests the API sends to its
    /// users, which the generated `webhooks` module receives.
    pub webhooks: Vec<Webhook>,
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
    /// `oneOf` (a value is exactly one alternative), not `anyOf` (at least one): the server
    /// refuses a value that two of its object alternatives both hold.
    pub exclusive: bool,
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
    /// `dependentRequired`: properties that must be present when another one is, checked by
    /// the server.
    pub dependent_required: Vec<DependentRequired>,
    /// Wire names `required` lists that only the [`Struct::flattened`] alternatives declare
    /// (where they may be optional): the server checks that they are present.
    pub required_in_alternatives: Vec<String>,
}

/// One entry of a `dependentRequired` (JSON Schema 2020-12): when `property` is present,
/// every property of `requires` must be too.
#[derive(Clone, Debug, PartialEq)]
pub struct DependentRequired {
    /// The wire name of the property whose presence asks for the others.
    pub property: String,
    /// Wire names of the properties it asks for, in spec order.
    pub requires: Vec<String>,
    /// Where the entry is, as a JSON pointer.
    pub pointer: String,
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

/// `minLength`, `maxLength`, `pattern`, `format`, `minimum`, `maximum`, `multipleOf`,
/// `minItems`, `maxItems`, `uniqueItems`, an `enum` of numbers, and an `enum` that leaves out
/// `null` beside `nullable`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Constraints {
    /// Fewest characters of a string.
    pub min_length: Option<usize>,
    /// Most characters of a string.
    pub max_length: Option<usize>,
    /// A regular expression a string must match (somewhere, as JSON Schema says).
    pub pattern: Option<String>,
    /// A string format the server checks that no Rust type carries (a `uri`).
    pub format: Option<CheckedFormat>,
    /// Smallest number, and whether it is excluded.
    pub minimum: Option<(f64, bool)>,
    /// Largest number, and whether it is excluded.
    pub maximum: Option<(f64, bool)>,
    /// Fewest items of an array.
    pub min_items: Option<usize>,
    /// Most items of an array.
    pub max_items: Option<usize>,
    /// `uniqueItems: true`: no two items of an array are equal.
    pub unique_items: bool,
    /// The limits of each item of an array.
    pub items: Option<Box<Constraints>>,
    /// `multipleOf`: a number must divide by it with no remainder.
    pub multiple_of: Option<f64>,
    /// The values an `enum` of integers or numbers lists (empty: any number). String enums
    /// are types of their own.
    pub numbers: Vec<f64>,
    /// `null` is invalid, though the type reads it: the schema is `nullable`, but its `enum`
    /// does not list `null`, and the enum still applies (OpenAPI 3.0.3, `nullable`). The
    /// types read `null` as `None`, as a client of a real API must; the server refuses it.
    pub refuses_null: bool,
}

/// A string `format` the server checks on a `String` (formats with a type of their own, such as
/// `date-time` or `uuid`, are checked by reading that type).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckedFormat {
    /// `uri`: an absolute URI (RFC 3986).
    Uri,
    /// `uri-reference`: a URI or a relative reference (RFC 3986).
    UriReference,
    /// `email`: an email address (RFC 5322).
    Email,
    /// `duration`: an ISO 8601 duration as RFC 3339 (Appendix A) writes it (`P3D`, `PT1H30M`,
    /// `P2W`).
    Duration,
}

impl CheckedFormat {
    /// The format of a schema's `format` value, when it is one the server checks.
    pub fn of(format: &str) -> Option<Self> {
        match format {
            "uri" => Some(CheckedFormat::Uri),
            "uri-reference" => Some(CheckedFormat::UriReference),
            "email" => Some(CheckedFormat::Email),
            "duration" => Some(CheckedFormat::Duration),
            _ => None,
        }
    }

    /// The `format` value.
    pub fn name(self) -> &'static str {
        match self {
            CheckedFormat::Uri => "uri",
            CheckedFormat::UriReference => "uri-reference",
            CheckedFormat::Email => "email",
            CheckedFormat::Duration => "duration",
        }
    }
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
    /// A `const`: only its one value is read, whatever the enum style (no catch-all).
    pub constant: bool,
}

impl StringEnum {
    /// How the enum is emitted under the crate's `style`: a constant is always closed.
    pub fn style(&self, style: crate::settings::EnumStyle) -> crate::settings::EnumStyle {
        if self.constant {
            crate::settings::EnumStyle::Closed
        } else {
            style
        }
    }
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
    /// `(A, B, C)`: a JSON array of exactly these items, in order (JSON Schema `prefixItems`
    /// with no further items). Never empty, at most [`TypeRef::MAX_TUPLE`] members.
    Tuple(Vec<TypeRef>),
}

impl TypeRef {
    /// The most members a [`TypeRef::Tuple`] has: the standard library derives `Debug`,
    /// `Clone`, `PartialEq`, `Eq` and `Hash` of tuples up to this size.
    pub const MAX_TUPLE: usize = 12;
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
    /// The path template split into segments, each literal text and parameters.
    pub template: PathTemplate,
    /// Where it is, as a JSON pointer.
    pub pointer: String,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Path, query, header and cookie parameters, in spec order (path-item level first).
    pub parameters: Vec<Parameter>,
    /// The request body, of one or several media types.
    pub request_body: Option<RequestBody>,
    /// Documented responses, in spec order (`default` last).
    pub responses: Vec<Response>,
    /// Why the client and server leave this operation out, if they do.
    pub unsupported: Option<String>,
    /// Security requirements in force (alternatives of scheme-name sets); `None` inherits the
    /// global ones.
    pub security: Option<Vec<Vec<String>>>,
    /// The documented error responses a refusal inside its handler may be answered in
    /// (`400`, `401`, `403`, `406`, `413`, `415`, `422`, `4XX`, `default`), in spec order.
    pub error_forms: Vec<ErrorForm>,
    /// What the generated stub server answers, when the operation documents a response.
    pub answer: Option<Answer>,
}

/// What the generated stub server answers for an operation: one of its documented responses
/// (a success where there is one) and a value for its body.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    /// The index of the response in [`Operation::responses`].
    pub response: usize,
    /// The index of the body in that response's [`Response::contents`]; `None` when it has
    /// none.
    pub content: Option<usize>,
    /// Where the answered response (or its body's media type) is, as a JSON pointer.
    pub pointer: String,
    /// The body: a JSON value that conforms to the content's schema (for a stream, one item;
    /// for text or bytes, a string). `None` when the body has no value the generator knows,
    /// or needs none (no body, bytes without an example).
    pub sample: Option<serde_json::Value>,
    /// Whether [`Answer::sample`] conforms to the schema. When no value the generator could
    /// build does (alternatives it cannot tell apart, say), the sample is the first example or
    /// a minimal value, and the generator warned.
    pub conforms: bool,
}

/// A webhook: requests the API provider sends to a URL its user registered, keyed by a name
/// (`orderShipped`) rather than a path.
///
/// Its operations are lowered like the paths' ones. Each one's `path` is where the generated
/// receiver router serves it: `/` and the name, percent-encoded where a URL path needs it.
#[derive(Clone, Debug, PartialEq)]
pub struct Webhook {
    /// The key in `webhooks`, as written.
    pub name: String,
    /// Where it is, as a JSON pointer.
    pub pointer: String,
    /// One operation per method of its path item, in the order OpenAPI lists methods.
    pub operations: Vec<Operation>,
}

impl Api {
    /// The operations of every webhook, in webhook order.
    pub fn webhook_operations(&self) -> impl Iterator<Item = &Operation> {
        self.webhooks.iter().flat_map(|w| &w.operations)
    }

    /// Every operation: the paths' ones, then the webhooks'.
    pub fn all_operations(&self) -> impl Iterator<Item = &Operation> {
        self.operations.iter().chain(self.webhook_operations())
    }
}

/// A path template (`/files/{name}.{ext}`), split at `/`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PathTemplate {
    /// The segments after the leading `/`, in order (an empty last one for a trailing `/`).
    pub segments: Vec<PathSegment>,
}

/// One segment of a [`PathTemplate`]: literal text and parameters, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathSegment {
    /// The pieces; a segment without parameters is one literal piece, `{id}` one parameter.
    pub pieces: Vec<TemplatePiece>,
}

/// A piece of a [`PathSegment`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TemplatePiece {
    /// Text matched as it is.
    Literal(String),
    /// A path parameter, by its wire name.
    Parameter(String),
}

impl PathTemplate {
    /// The parameter names, in path order.
    pub fn parameter_names(&self) -> impl Iterator<Item = &str> {
        self.segments
            .iter()
            .flat_map(|s| &s.pieces)
            .filter_map(|p| match p {
                TemplatePiece::Parameter(name) => Some(name.as_str()),
                TemplatePiece::Literal(_) => None,
            })
    }
}

impl PathSegment {
    /// Whether the segment holds a parameter.
    pub fn has_parameter(&self) -> bool {
        self.pieces
            .iter()
            .any(|p| matches!(p, TemplatePiece::Parameter(_)))
    }

    /// Whether the segment is exactly one parameter (`{id}`), as a router matches it.
    pub fn is_whole_parameter(&self) -> bool {
        matches!(self.pieces.as_slice(), [TemplatePiece::Parameter(_)])
    }
}

/// How a parameter's value is written as text (OpenAPI 3.0 `style`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParameterStyle {
    /// `blue`, `blue,black`, `R,100,G,200` (exploded `R=100,G=200`): paths and headers.
    Simple,
    /// `.blue`, `.blue,black` (exploded `.blue.black`): paths.
    Label,
    /// `;color=blue`, `;color=blue,black` (exploded `;color=blue;color=black`): paths.
    Matrix,
    /// `color=blue`, `color=blue,black` (exploded `color=blue&color=black`, an object's
    /// properties as pairs): queries and cookies.
    Form,
    /// `color=blue%20black`: query arrays and objects.
    SpaceDelimited,
    /// `color=blue|black`: query arrays and objects.
    PipeDelimited,
    /// `color[R]=100&color[G]=200`, nested `color[tags][0]=a`: query objects.
    DeepObject,
}

impl ParameterStyle {
    /// The style's name in the spec.
    pub fn name(self) -> &'static str {
        match self {
            ParameterStyle::Simple => "simple",
            ParameterStyle::Label => "label",
            ParameterStyle::Matrix => "matrix",
            ParameterStyle::Form => "form",
            ParameterStyle::SpaceDelimited => "spaceDelimited",
            ParameterStyle::PipeDelimited => "pipeDelimited",
            ParameterStyle::DeepObject => "deepObject",
        }
    }
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
    /// How the value is written (the location's default when the spec gives none).
    pub style: ParameterStyle,
    /// `explode`: `true` writes an array's items and an object's properties as separate
    /// pairs or pieces (`form`'s default), `false` joins them with the style's delimiter.
    pub explode: bool,
    /// With `content` instead of `schema`: its media type. The value is then written as one
    /// piece of text in that media type (JSON), whatever the style.
    pub content_type: Option<String>,
    /// The limits the server checks (`maxLength`, `minimum`, `maxItems`, …; of items too).
    pub constraints: Constraints,
    /// `allowEmptyValue` (a query parameter): `name=` with nothing after it counts as not
    /// given, whatever the parameter's type.
    pub allow_empty_value: bool,
}

/// A request body: one or several media types, each carried its own way.
///
/// Contents of one kind and one type are one [`BodyContent`] (`application/json`,
/// `text/json` and `application/*+json` of one schema are one JSON body, sent as the first
/// and accepted as any of them).
#[derive(Clone, Debug, PartialEq)]
pub struct RequestBody {
    /// The first content's media type.
    pub media_type: String,
    /// The first typed content's type (a JSON, form or multipart schema's type), which the
    /// server's field checks start from; `String` when no content is typed.
    pub ty: TypeRef,
    /// Whether the body must be sent.
    pub required: bool,
    /// The contents, in spec order; never empty.
    pub contents: Vec<BodyContent>,
}

impl RequestBody {
    /// Whether this is one JSON body, which the client takes as `&T` and the server as `T`.
    pub fn is_single_json(&self) -> bool {
        matches!(self.contents.as_slice(), [c] if matches!(c.kind, BodyKind::Json(_)))
    }

    /// Whether one of the contents is a multipart form, which the server reads part by part
    /// from the request rather than from its bytes.
    pub fn has_multipart(&self) -> bool {
        self.contents
            .iter()
            .any(|c| matches!(c.kind, BodyKind::Multipart(_)))
    }
}

/// One way to send a request body.
#[derive(Clone, Debug, PartialEq)]
pub struct BodyContent {
    /// The media type (or range) the spec gives, e.g. `application/json` or `image/*`.
    pub media_type: String,
    /// The other media types of the same kind and type that the server also accepts.
    pub also: Vec<String>,
    /// How the body is carried.
    pub kind: BodyKind,
}

/// How a request body of one media type is carried.
#[derive(Clone, Debug, PartialEq)]
pub enum BodyKind {
    /// JSON of this type.
    Json(TypeRef),
    /// `application/x-www-form-urlencoded` of this type (a struct, a map, or a free-form
    /// object), encoded as [`FormEncoding`] says.
    Form(FormEncoding),
    /// `multipart/form-data`: the parts of a struct.
    Multipart(Multipart),
    /// Text (`text/*`, XML, …): a `String`.
    Text,
    /// Anything else (`application/octet-stream`, `image/*`, `*/*`, …): raw bytes.
    Bytes,
}

/// A form body's type and how each of its top-level properties is written (the media type's
/// `encoding`).
#[derive(Clone, Debug, PartialEq)]
pub struct FormEncoding {
    /// The body's type.
    pub ty: TypeRef,
    /// The properties that `encoding` names, in spec order; the others use
    /// [`FormStyle::Default`].
    pub properties: Vec<(String, FormStyle)>,
}

/// How one top-level property of a form body is written (OpenAPI 3.0 §4.7.15).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormStyle {
    /// `encoding` says nothing: scalars as `name=value`, arrays of scalars as one pair per
    /// item (style `form`'s default), objects and nested arrays in bracket notation
    /// (`name[key]=v`, `name[0][key]=v`, `name[key][]=v`) to any depth.
    Default,
    /// `style: form, explode: true` given: scalars and arrays as by default; an object's
    /// properties as pairs of their own (`key=v`).
    FormExploded,
    /// `style: spaceDelimited`: array items joined with spaces.
    SpaceDelimited,
    /// `style: pipeDelimited`: array items joined with `|`.
    PipeDelimited,
    /// `style: deepObject`: bracket notation, arrays of scalars as `name[]=v`.
    DeepObject,
    /// `contentType: application/json` (or another JSON type): the value as JSON text.
    Json,
}

/// A `multipart/form-data` body: a struct whose properties are parts.
#[derive(Clone, Debug, PartialEq)]
pub struct Multipart {
    /// The schema's type, as JSON reads it (file parts are strings there).
    pub ty: TypeRef,
    /// The Rust name of the generated form struct (file parts as `FilePart`).
    pub form_type: String,
    /// The parts, in property order.
    pub parts: Vec<Part>,
}

/// One part of a [`Multipart`] body: a property of its struct.
#[derive(Clone, Debug, PartialEq)]
pub struct Part {
    /// The part's name (the property).
    pub wire_name: String,
    /// The field's Rust name.
    pub rust_name: String,
    /// What the part holds.
    pub kind: PartKind,
    /// Whether it must be sent.
    pub required: bool,
    /// `encoding.{name}.contentType`, when given.
    pub content_type: Option<String>,
    /// `encoding.{name}.headers`: the header names a part may carry.
    pub headers: Vec<String>,
    /// Documentation.
    pub doc: Option<String>,
}

/// What a multipart part holds.
#[derive(Clone, Debug, PartialEq)]
pub enum PartKind {
    /// A file (`format: binary`, or an `encoding` content type that is not text or JSON).
    File,
    /// Several files under one name (an array of files).
    Files,
    /// A value of the struct's field (text, or JSON for objects), of this type as the field
    /// has it (without the `Option` of an optional field).
    Value(TypeRef),
}

/// One documented response.
#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    /// Which status codes it covers.
    pub status: ResponseStatus,
    /// The response's description.
    pub description: String,
    /// The bodies it may have, one per way the generated code carries them, in spec order;
    /// empty when it has none. With several, the client tells them apart by the response's
    /// `Content-Type` and the server implementation chooses one.
    pub contents: Vec<ResponseContent>,
    /// Media types the spec also lists for this status that the generated code neither reads
    /// nor writes: untyped alternatives (XML, `text/plain`, …) of a body it types (JSON, a
    /// stream). The client does not ask for them and the server sends the typed body.
    pub other_media_types: Vec<String>,
    /// The type of its JSON body (its first JSON content), when it has one.
    pub ty: Option<TypeRef>,
    /// The media type of [`Response::ty`], or else of its first content, when it has a body.
    pub media_type: Option<String>,
}

impl Response {
    /// Every type its bodies carry (a stream's item or event data type included).
    pub fn types(&self) -> impl Iterator<Item = &TypeRef> {
        self.contents.iter().filter_map(|c| c.body.ty())
    }
}

/// One body of a [`Response`].
#[derive(Clone, Debug, PartialEq)]
pub struct ResponseContent {
    /// The media types that carry this body, in spec order (never empty); the server sends the
    /// first. Media types with the same body (`application/x-ndjson` and `application/jsonl` of
    /// one item type, say) share one content.
    pub media_types: Vec<String>,
    /// How the body is carried.
    pub body: ResponseBody,
}

/// How a response body is carried.
#[derive(Clone, Debug, PartialEq)]
pub enum ResponseBody {
    /// JSON (`application/json`, `…+json`), decoded as this type.
    Json(TypeRef),
    /// `text/*`: a `String`.
    Text,
    /// Any other media type: the bytes as received.
    Bytes,
    /// `text/event-stream`: a stream of server-sent events.
    EventStream {
        /// The type of each event's `data` (the media type's schema; `String` without one).
        data: TypeRef,
        /// Whether `data` is the text itself rather than JSON: the schema is a string (with a
        /// format or an enum, too), so `data: hello` is the string `hello`.
        text: bool,
    },
    /// A stream of JSON values (NDJSON, JSON Lines, `application/json-seq`).
    JsonStream {
        /// The type of each value (the media type's schema).
        item: TypeRef,
        /// How the values are separated.
        framing: JsonFraming,
    },
}

impl ResponseBody {
    /// The type it carries: the JSON body's, a stream's item or event data type.
    pub fn ty(&self) -> Option<&TypeRef> {
        match self {
            ResponseBody::Json(ty)
            | ResponseBody::EventStream { data: ty, .. }
            | ResponseBody::JsonStream { item: ty, .. } => Some(ty),
            ResponseBody::Text | ResponseBody::Bytes => None,
        }
    }

    /// Whether the body is a stream the client reads item by item.
    pub fn is_stream(&self) -> bool {
        matches!(
            self,
            ResponseBody::EventStream { .. } | ResponseBody::JsonStream { .. }
        )
    }
}

/// How the values of a [`ResponseBody::JsonStream`] are separated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum JsonFraming {
    /// One value per line (`application/x-ndjson`, `application/jsonl`, …).
    Lines,
    /// RFC 7464 (`application/json-seq`): each value after an RS character (0x1E).
    Sequence,
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
    /// `Authorization: Bearer …`: HTTP bearer, and the access token of OAuth2 and OpenID
    /// Connect.
    HttpBearer,
    /// `Authorization: Basic …`.
    HttpBasic,
    /// Another HTTP scheme (`digest`, …); kept for documentation.
    Other(String),
}

impl Api {
    /// The most aliases [`Api::resolve`] looks through: more is a cycle.
    const MAX_ALIAS_HOPS: usize = 32;

    /// The type named `name`.
    pub fn type_named(&self, name: &str) -> Option<&TypeDef> {
        self.types.iter().find(|t| t.name == name)
    }

    /// `ty` with aliases, `Option` and `Box` looked through: the type its values are.
    pub fn resolve<'s>(&'s self, ty: &'s TypeRef) -> &'s TypeRef {
        let mut current = ty;
        for _ in 0..Self::MAX_ALIAS_HOPS {
            current = match current {
                TypeRef::Nullable(t) | TypeRef::Boxed(t) => t,
                TypeRef::Named(name) => match self.type_named(name).map(|t| &t.body) {
                    Some(TypeBody::Alias(target)) => target,
                    _ => return current,
                },
                other => return other,
            };
        }
        current
    }

    /// The definition of the type `ty` is, through aliases, `Option` and `Box`.
    pub fn definition_of(&self, ty: &TypeRef) -> Option<&TypeDef> {
        match self.resolve(ty) {
            TypeRef::Named(name) => self.type_named(name),
            _ => None,
        }
    }
}
