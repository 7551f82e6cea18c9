//! Findings no server of the generated types can avoid, told apart by rule rather than listed
//! per spec: a form cannot say some values, and `type: integer` without a format is an `i64`.
//!
//! - A form writes an empty array, map or object as no pairs at all, and a one-item array as
//!   one pair, the same as a missing property or a single value. The server reads what a form
//!   can mean (a required array left out is `[]`, one pair is a one-item array); schemathesis,
//!   which builds the invalid request as JSON first, may count either reading as accepting an
//!   invalid request (ST201).
//! - An integer beyond the 64-bit range is valid for `type: integer`, but no `i64` holds it:
//!   the server refuses it (ST202).
//!
//! Each is reported with its reason and not counted as a failure, like the known findings.

use codegen::model::{Api, BodyKind, Operation, ResponseStatus, TypeBody, TypeRef};

/// What the rules need to know of one operation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OperationFacts {
    /// The documented response statuses.
    pub documented: Vec<ResponseStatus>,
    /// The top-level properties of its form body (lower case) whose values a form writes
    /// ambiguously: arrays, maps, objects and free-form values.
    pub form_properties: Vec<String>,
    /// The top-level properties of its form body (lower case) that are objects or maps.
    pub form_objects: Vec<String>,
    /// Its JSON body's type is a struct or a map.
    pub json_object: bool,
    /// The media types of its body that the generated code carries as text (lower case).
    pub text_bodies: Vec<String>,
    /// The status of the stub's answer, when the generator found no value of its schema that
    /// conforms (and warned), and answers with one that does not.
    pub unconforming_answer: Option<ResponseStatus>,
}

impl OperationFacts {
    /// The facts of `op` of `api`.
    pub fn of(api: &Api, op: &Operation) -> Self {
        let contents = || op.request_body.iter().flat_map(|b| &b.contents);
        let fields: Vec<(&str, &TypeRef)> = contents()
            .filter_map(|c| match &c.kind {
                BodyKind::Form(f) => Some(&f.ty),
                _ => None,
            })
            .flat_map(|ty| struct_fields(api, ty))
            .collect();
        let names = |keep: &dyn Fn(&TypeRef) -> bool| {
            fields
                .iter()
                .filter(|(_, ty)| keep(ty))
                .map(|(name, _)| name.to_lowercase())
                .collect()
        };
        let json_object = contents().any(|c| match &c.kind {
            BodyKind::Json(ty) => is_struct_or_map(api, ty),
            _ => false,
        });
        let unconforming_answer = op
            .answer
            .as_ref()
            .filter(|a| !a.conforms)
            .and_then(|a| op.responses.get(a.response))
            .map(|r| r.status);
        let text_bodies = contents()
            .filter(|c| matches!(c.kind, BodyKind::Text))
            .flat_map(|c| std::iter::once(&c.media_type).chain(&c.also))
            .map(|m| m.to_ascii_lowercase())
            .collect();
        OperationFacts {
            unconforming_answer,
            text_bodies,
            documented: op.responses.iter().map(|r| r.status).collect(),
            form_properties: names(&|ty| written_ambiguously(api, ty)),
            form_objects: names(&|ty| is_object(api, ty)),
            json_object,
        }
    }
}

/// Why a finding is not the server's fault.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Limit {
    /// The request was a form, whose encoding cannot tell the invalid value from a valid one.
    FormEncoding,
    /// The request held an integer beyond the 64-bit range of the generated type.
    WideInteger,
    /// A form wrote an object property as one pair per key, which no reader takes for it.
    FormObjectAsKeys,
    /// A value that is not an object, where the generated type is a struct or a map.
    NotAnObject,
    /// A header schemathesis's HTTP client added with its own default value.
    ClientHeader,
    /// A header parameter OpenAPI 3 ignores (`Accept`, `Content-Type`, `Authorization`),
    /// which schemathesis checks as any other.
    IgnoredHeader,
    /// A body sent with the media type of a `Content-Type` header parameter (which OpenAPI 3
    /// ignores) rather than one the request body lists.
    ContentTypeParameter,
    /// A header no parameter names, which schemathesis expects refused: HTTP lets a request
    /// carry any header, and header parameters do not close the set.
    UnknownHeader,
    /// The stub's answer, whose schema the generator found no conforming value of (it warned
    /// when it generated the crate).
    NoConformingAnswer,
    /// A body of a media type the generated code carries as text (YAML, say), whose schema the
    /// server does not read it against.
    TextBody,
}

impl Limit {
    /// The reason, as the report gives it.
    pub fn reason(self) -> &'static str {
        match self {
            Limit::FormEncoding => {
                "form encoding writes an empty array, map or object as no pairs and a one-item array as one pair: the invalid request reads as a valid one"
            }
            Limit::WideInteger => {
                "an integer beyond the 64-bit range of the generated type (type: integer without a format is an i64)"
            }
            Limit::ClientHeader => {
                "the refused header parameter is one schemathesis's HTTP client adds with its own default (`Accept-Encoding: gzip, deflate`, `Accept: */*`), which the spec's schema for it does not allow; schemathesis did not send it"
            }
            Limit::IgnoredHeader => {
                "a header parameter named `Accept`, `Content-Type` or `Authorization`, which OpenAPI 3 says to ignore (the media types and security schemes say these), and schemathesis checks"
            }
            Limit::ContentTypeParameter => {
                "the body was sent with the media type a `Content-Type` header parameter gives (which OpenAPI 3 says to ignore), not one the request body lists, and the server reads the media types the body lists"
            }
            Limit::UnknownHeader => {
                "a header no parameter names, which schemathesis expects refused; HTTP lets a request carry any header (proxies and clients add their own), and header parameters do not close the set"
            }
            Limit::NoConformingAnswer => {
                "the stub's answer does not conform: the generator found no value of the response's schema that does (alternatives of a `oneOf` it cannot tell apart, say), and warned when it generated the crate"
            }
            Limit::TextBody => {
                "the body is of a media type the generated code carries as a `String` (`text/*` but `text/json`, XML, YAML), which the server does not read against the schema"
            }
            Limit::NotAnObject => {
                "a value that is not an object where the generated type is a struct or a map: the schema gives properties, `required` or `additionalProperties` without `type: object`, which JSON Schema lets any other value meet"
            }
            Limit::FormObjectAsKeys => {
                "the form writes an object property as one plain pair per key (`name=key1&name=key2`), which cannot be read back as the object (OpenAPI writes an object's properties as pairs of their own)"
            }
        }
    }
}

/// One failing check of a test case, as the report describes it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CaseText {
    /// The failure code, e.g. `ST201`.
    pub code: String,
    /// The response status.
    pub status: Option<u16>,
    /// What schemathesis made invalid (`Invalid component: …`), when it says.
    pub component: Option<String>,
    /// The request, as the `curl` line that reproduces it.
    pub request: String,
    /// The response body, as the report quotes it (empty when it has none).
    pub response: String,
}

/// The limit a failing check shows, if any.
pub fn limit_of(case: &CaseText, facts: &OperationFacts) -> Option<Limit> {
    let refused = case.status.is_some_and(|s| (400..500).contains(&s));
    let answered = |status: ResponseStatus| match (status, case.status) {
        (ResponseStatus::Code(code), Some(got)) => code == got,
        (ResponseStatus::Range(class), Some(got)) => got / 100 == class,
        (ResponseStatus::Default, Some(_)) => true,
        (_, None) => false,
    };
    if case.code == "ST108" && facts.unconforming_answer.is_some_and(answered) {
        return Some(Limit::NoConformingAnswer);
    }
    if refused && case.code != "ST201" && has_wide_integer(&case.request) {
        return Some(Limit::WideInteger);
    }
    if case.code == "ST201" && is_form(&case.request) {
        let component = case.component.as_deref().unwrap_or_default();
        let property = component
            .strip_prefix("Missing required property: ")
            .or_else(|| {
                component
                    .strip_prefix("in body - ")
                    .and_then(|rest| rest.strip_suffix(": Incorrect type"))
            });
        let ambiguous = match property {
            Some(p) => facts.form_properties.contains(&p.to_lowercase()),
            // "violates `required`" names no property: any required one left out.
            None => component.contains("violates `required`") && !facts.form_properties.is_empty(),
        };
        if ambiguous {
            return Some(Limit::FormEncoding);
        }
    }
    // The refusal says which: the server's object check, or serde's reading of a struct.
    let not_an_object = case.response.contains(": must be an object")
        || (case.response.contains("invalid type: ")
            && (case.response.contains(", expected struct ")
                || case.response.contains(", expected a map")));
    // A refusal without a body names no reason: the request shows it.
    let sent_no_object = facts.json_object
        && case.request.contains("-H 'Content-Type: application/json'")
        && json_body(&case.request).is_some_and(|v| !v.is_object());
    if refused && case.code == "ST202" && (not_an_object || sent_no_object) {
        return Some(Limit::NotAnObject);
    }
    if refused && case.code == "ST202" && refused_client_header(case) {
        return Some(Limit::ClientHeader);
    }
    let component = case
        .component
        .as_deref()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let ignored = codegen::load::IGNORED_HEADERS
        .iter()
        .any(|name| component.starts_with(&format!("parameter `{name}` in header")));
    if case.code == "ST201" && !refused && ignored {
        return Some(Limit::IgnoredHeader);
    }
    let sent_as_text = facts.text_bodies.iter().any(|m| {
        case.request
            .to_ascii_lowercase()
            .contains(&format!("-h 'content-type: {m}'"))
    });
    let in_parameters = [
        "parameter ",
        "in header",
        "in query",
        "in path",
        "in cookie",
    ]
    .iter()
    .any(|p| component.starts_with(p));
    if case.code == "ST201" && !refused && sent_as_text && !in_parameters {
        return Some(Limit::TextBody);
    }
    if case.code == "ST201"
        && !refused
        && component == "in header - object with unexpected properties"
    {
        return Some(Limit::UnknownHeader);
    }
    // A request schemathesis holds valid has a body of a media type the request body lists,
    // unless a `Content-Type` header parameter replaced its header.
    if refused
        && case.code == "ST202"
        && case.response.contains("the body must be sent as ")
        && case.response.contains(", not ")
    {
        return Some(Limit::ContentTypeParameter);
    }
    if refused && case.code == "ST202" && is_form(&case.request) {
        let plain_names = form_body(&case.request).split('&').map(|pair| {
            pair.split_once('=')
                .map_or(pair, |(name, _)| name)
                .to_lowercase()
        });
        if plain_names
            .into_iter()
            .any(|name| facts.form_objects.contains(&name))
        {
            return Some(Limit::FormObjectAsKeys);
        }
    }
    None
}

/// The headers the HTTP client under schemathesis (requests) sends by default (lower case).
const CLIENT_HEADERS: [&str; 4] = ["accept-encoding", "accept", "user-agent", "connection"];

/// Whether the refusal names a header parameter the request as schemathesis wrote it does not
/// set, and which its HTTP client adds by default.
fn refused_client_header(case: &CaseText) -> bool {
    let Some((_, rest)) = case.response.split_once("parameter ") else {
        return false;
    };
    let name = rest
        .split(':')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let request = case.request.to_ascii_lowercase();
    CLIENT_HEADERS.contains(&name.as_str()) && !request.contains(&format!("-h '{name}:"))
}

/// The body of a `curl … -d '…'` line, as written (percent-encoded); empty when none.
fn form_body(request: &str) -> &str {
    request
        .split_once(" -d '")
        .and_then(|(_, rest)| rest.split_once('\''))
        .map_or("", |(body, _)| body)
}

/// The JSON body of a `curl … -d …` line, when it is written plainly (`-d null`, `-d '[1]'`).
fn json_body(request: &str) -> Option<serde_json::Value> {
    let (_, rest) = request.split_once(" -d ")?;
    let text = match rest.strip_prefix('\'') {
        Some(quoted) => quoted.split_once('\'')?.0,
        None => rest.split(' ').next()?,
    };
    serde_json::from_str(text).ok()
}

fn is_form(request: &str) -> bool {
    request.contains("Content-Type: application/x-www-form-urlencoded")
}

/// Whether `request` holds an integer outside the range of `i64`: a number token (not part
/// of a word) written with digits only, or in exponent notation with no fraction left
/// (`1.8446744073709552e+19`, which JSON Schema counts as an integer too).
fn has_wide_integer(request: &str) -> bool {
    let bytes = request.as_bytes();
    let in_word = |c: Option<u8>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_');
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let mut fraction = false;
        if bytes.get(i) == Some(&b'.') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
            fraction = true;
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
        }
        let mut exponent = false;
        if matches!(bytes.get(i), Some(b'e' | b'E')) {
            let digits_at = i + 1 + usize::from(matches!(bytes.get(i + 1), Some(b'+' | b'-')));
            if bytes.get(digits_at).is_some_and(u8::is_ascii_digit) {
                exponent = true;
                i = digits_at;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
            }
        }
        let before = start.checked_sub(1).map(|b| bytes[b]);
        if in_word(before) || before == Some(b'.') || in_word(bytes.get(i).copied()) {
            continue;
        }
        let negative = before == Some(b'-');
        let token = &request[start..i];
        let wide = match (fraction, exponent) {
            (false, false) => format!("{}{token}", if negative { "-" } else { "" })
                .parse::<i64>()
                .is_err(),
            // Past 2^53 every double is a whole number.
            (_, true) => token
                .parse::<f64>()
                .is_ok_and(|x| x.fract() == 0.0 && x >= 2f64.powi(63)),
            (true, false) => false,
        };
        if wide {
            return true;
        }
    }
    false
}

/// Whether `ty` is a struct or a map.
fn is_struct_or_map(api: &Api, ty: &TypeRef) -> bool {
    match api.resolve(ty) {
        TypeRef::Map(_) => true,
        resolved => matches!(
            api.definition_of(resolved).map(|t| &t.body),
            Some(TypeBody::Struct(_))
        ),
    }
}

/// Whether values of `ty` are objects: a struct, a map, or a union (of objects, in a form).
fn is_object(api: &Api, ty: &TypeRef) -> bool {
    is_struct_or_map(api, ty)
        || matches!(
            api.definition_of(ty).map(|t| &t.body),
            Some(TypeBody::OneOf(_))
        )
}

/// The properties of a form body's type (a struct, or a union's alternatives), by wire name.
fn struct_fields<'a>(api: &'a Api, ty: &TypeRef) -> Vec<(&'a str, &'a TypeRef)> {
    let Some(body) = api.definition_of(ty).map(|t| &t.body) else {
        return Vec::new();
    };
    match body {
        TypeBody::Struct(s) => s
            .fields
            .iter()
            .map(|f| (f.wire_name.as_str(), &f.ty))
            .collect(),
        TypeBody::OneOf(o) => o
            .variants
            .iter()
            .flat_map(|v| struct_fields(api, &v.ty))
            .collect(),
        _ => Vec::new(),
    }
}

/// Whether a form writes some value of `ty` ambiguously: an array, a map, an object or a
/// free-form value.
fn written_ambiguously(api: &Api, ty: &TypeRef) -> bool {
    match api.resolve(ty) {
        TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Primitive(codegen::model::Primitive::Json) => {
            true
        }
        resolved @ TypeRef::Named(_) => matches!(
            api.definition_of(resolved).map(|t| &t.body),
            Some(TypeBody::Struct(_) | TypeBody::OneOf(_))
        ),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(code: &str, status: u16, component: Option<&str>, request: &str) -> CaseText {
        CaseText {
            code: code.to_owned(),
            status: Some(status),
            component: component.map(str::to_owned),
            request: request.to_owned(),
            response: String::new(),
        }
    }

    #[test]
    fn a_value_that_is_not_an_object_where_a_struct_is_is_a_limit_of_the_type() {
        let facts = OperationFacts::default();
        let refused = |response: &str| {
            let case = CaseText {
                response: response.to_owned(),
                ..case("ST202", 400, None, "curl -X POST -d null http://x/y")
            };
            limit_of(&case, &facts)
        };
        assert_eq!(
            refused(r#"{"error":"subsidiaries[0]: must be an object"}"#),
            Some(Limit::NotAnObject)
        );
        assert_eq!(
            refused(r#"{"code":"invalid","message":": invalid type: null, expected struct User"}"#),
            Some(Limit::NotAnObject)
        );
        assert_eq!(
            refused(r#"{"message":": invalid type: null, expected a map"}"#),
            Some(Limit::NotAnObject)
        );
        assert_eq!(refused(r#"{"message":"name: must not be null"}"#), None);
        assert_eq!(refused(""), None);
        // A refusal without a body: the request says it sent no object for a struct.
        let json = |request: &str, json_object: bool| {
            let facts = OperationFacts {
                json_object,
                ..OperationFacts::default()
            };
            limit_of(&case("ST202", 400, None, request), &facts)
        };
        let null = "curl -X PUT -H 'Content-Type: application/json' -d null http://x/me";
        assert_eq!(json(null, true), Some(Limit::NotAnObject));
        assert_eq!(json(null, false), None);
        let list = "curl -X PUT -H 'Content-Type: application/json' -d '[1, 2]' http://x/me";
        assert_eq!(json(list, true), Some(Limit::NotAnObject));
        let object = "curl -X PUT -H 'Content-Type: application/json' -d '{\"a\": 1}' http://x/me";
        assert_eq!(json(object, true), None);
    }

    #[test]
    fn a_header_parameter_openapi_ignores_is_not_checked() {
        let facts = OperationFacts::default();
        let accepted = |component: &str| {
            limit_of(
                &case(
                    "ST201",
                    200,
                    Some(component),
                    "curl -H 'Accept: AAA' http://x/t",
                ),
                &facts,
            )
        };
        assert_eq!(
            accepted("parameter `Accept` in header - accept: Invalid enum value"),
            Some(Limit::IgnoredHeader)
        );
        assert_eq!(
            accepted("parameter `Accept-Encoding` in header - Invalid enum value"),
            None
        );
        assert_eq!(
            accepted("parameter `accept` in query - Invalid enum value"),
            None
        );
    }

    #[test]
    fn a_content_type_parameter_and_an_unknown_header_are_limits_of_the_tool() {
        let facts = OperationFacts::default();
        let request = "curl -X POST -H 'Content-Type: application/octet-stream' http://x/restore";
        let refused = |response: &str| {
            let case = CaseText {
                response: response.to_owned(),
                ..case("ST202", 400, None, request)
            };
            limit_of(&case, &facts)
        };
        assert_eq!(
            refused(
                r#"{"message":"the body must be sent as text/plain, not \"application/octet-stream\""}"#
            ),
            Some(Limit::ContentTypeParameter)
        );
        // No Content-Type at all is the request's own fault.
        assert_eq!(
            refused(
                r#"{"message":"the body must be sent as text/plain; the request has no Content-Type"}"#
            ),
            None
        );
        let accepted = |component: &str| {
            limit_of(
                &case(
                    "ST201",
                    204,
                    Some(component),
                    "curl -H 'x-unknown: 42' http://x/w",
                ),
                &facts,
            )
        };
        assert_eq!(
            accepted("in header - object with unexpected properties"),
            Some(Limit::UnknownHeader)
        );
        assert_eq!(
            accepted("in body - object with unexpected properties"),
            None
        );
    }

    #[test]
    fn an_answer_the_generator_warned_of_is_a_limit_of_the_spec() {
        let facts = OperationFacts {
            unconforming_answer: Some(ResponseStatus::Code(201)),
            ..OperationFacts::default()
        };
        let response = |status: u16, facts: &OperationFacts| {
            limit_of(
                &case("ST108", status, None, "curl -X POST http://x/d"),
                facts,
            )
        };
        assert_eq!(response(201, &facts), Some(Limit::NoConformingAnswer));
        // A refusal's body, or an answer that conforms, is the server's.
        assert_eq!(response(400, &facts), None);
        assert_eq!(response(201, &OperationFacts::default()), None);
    }

    #[test]
    fn a_body_carried_as_text_is_not_checked_against_its_schema() {
        let facts = OperationFacts {
            text_bodies: vec!["text/yml".to_owned()],
            ..OperationFacts::default()
        };
        let accepted = |request: &str, component: &str| {
            limit_of(&case("ST201", 200, Some(component), request), &facts)
        };
        let yaml = "curl -X POST -H 'Content-Type: text/yml' -d $'a: 1' http://x/apply";
        let json = "curl -X POST -H 'Content-Type: application/json' -d '{}' http://x/apply";
        let missing = "actions -> Missing required property: name";
        assert_eq!(accepted(yaml, missing), Some(Limit::TextBody));
        assert_eq!(accepted(json, missing), None);
        assert_eq!(
            accepted(yaml, "parameter `limit` in query - Incorrect type"),
            None
        );
    }

    #[test]
    fn a_header_the_http_client_added_is_a_limit_of_the_tool() {
        let facts = OperationFacts::default();
        let refused = |request: &str, response: &str| {
            let case = CaseText {
                response: response.to_owned(),
                ..case("ST202", 400, None, request)
            };
            limit_of(&case, &facts)
        };
        let message =
            r#"{"message":"parameter Accept-Encoding: must be one of `gzip`, `identity`"}"#;
        assert_eq!(
            refused("curl -X GET http://x/backup", message),
            Some(Limit::ClientHeader)
        );
        // Sent by schemathesis itself, or another header: the server's to read.
        assert_eq!(
            refused(
                "curl -X GET -H 'Accept-Encoding: br' http://x/backup",
                message
            ),
            None
        );
        let other = r#"{"message":"parameter Zap-Trace-Span: must not be empty"}"#;
        assert_eq!(refused("curl -X GET http://x/backup", other), None);
    }

    #[test]
    fn an_integer_beyond_64_bits_is_a_limit_of_the_type() {
        let facts = OperationFacts::default();
        let wide = [
            "curl -X GET 'http://127.0.0.1:1/a?page=494871346047458947891200'",
            "curl -X GET http://127.0.0.1:1/admins/37110971333672173568",
            r#"curl -X POST -d '{"after": -684665344433373803423203328}' http://127.0.0.1:1/x"#,
            // Beyond i64, within u64: still no i64.
            r#"curl -X POST -d '{"output": 11344714296150872064}' http://127.0.0.1:1/x"#,
            // Exponent notation of a whole number.
            r#"curl -X POST -d '{"every": 1.8446744073709552e+19}' http://127.0.0.1:1/x"#,
            r#"curl -X POST -d '{"replicaN": -2.744895114558466e+26}' http://127.0.0.1:1/x"#,
        ];
        for request in wide {
            assert_eq!(
                limit_of(&case("ST202", 400, None, request), &facts),
                Some(Limit::WideInteger),
                "{request}"
            );
        }
        let narrow = [
            "curl -X GET 'http://127.0.0.1:1/a?page=9223372036854775807'",
            "curl -X GET 'http://127.0.0.1:1/a?page=-9223372036854775808'",
            // Digits inside a word or a decimal are not a number of their own.
            "curl -X GET 'http://127.0.0.1:1/a?id=ab494871346047458947891200'",
            "curl -X GET 'http://127.0.0.1:1/a?x=0.494871346047458947891200'",
            r#"curl -X POST -d '{"x": 1.5e3, "y": 2.5e-30, "z": 12.75}' http://127.0.0.1:1/x"#,
        ];
        for request in narrow {
            assert_eq!(
                limit_of(&case("ST202", 400, None, request), &facts),
                None,
                "{request}"
            );
        }
        // An accepted request is never excused by it.
        assert_eq!(limit_of(&case("ST201", 200, None, wide[0]), &facts), None);
    }

    #[test]
    fn a_form_property_written_ambiguously_is_a_limit_of_the_encoding() {
        let facts = OperationFacts {
            documented: Vec::new(),
            form_properties: vec!["testusers".to_owned()],
            ..OperationFacts::default()
        };
        let form = "curl -X POST -H 'Content-Type: application/x-www-form-urlencoded' -d TestUsers=AAA http://x/y";
        let json = "curl -X POST -H 'Content-Type: application/json' -d '{}' http://x/y";
        let limit = |component: &str, request: &str| {
            limit_of(&case("ST201", 200, Some(component), request), &facts)
        };
        assert_eq!(
            limit("Missing required property: TestUsers", form),
            Some(Limit::FormEncoding)
        );
        assert_eq!(
            limit("in body - testUsers: Incorrect type", form),
            Some(Limit::FormEncoding)
        );
        assert_eq!(
            limit("in body - violates `required` (was )", form),
            Some(Limit::FormEncoding)
        );
        // Another property, or a JSON body, is the server's to refuse.
        assert_eq!(limit("Missing required property: Name", form), None);
        assert_eq!(limit("Missing required property: TestUsers", json), None);
    }

    #[test]
    fn an_object_written_as_its_keys_is_a_limit_of_the_encoding() {
        let facts = OperationFacts {
            form_objects: vec!["transient_payload".to_owned()],
            ..OperationFacts::default()
        };
        let refused = |request: &str| limit_of(&case("ST202", 400, None, request), &facts);
        let form = |body: &str| {
            format!(
                "curl -X POST -H 'Content-Type: application/x-www-form-urlencoded' -d '{body}' http://x/y"
            )
        };
        assert_eq!(
            refused(&form("method=code&transient_payload=a&transient_payload=b")),
            Some(Limit::FormObjectAsKeys)
        );
        assert_eq!(
            refused(&form("Transient_Payload=")),
            Some(Limit::FormObjectAsKeys)
        );
        // The object's own pairs, another property, or a JSON body: the server's to read.
        assert_eq!(refused(&form("transient_payload[a]=1&method=code")), None);
        assert_eq!(refused(&form("method=code")), None);
        let json =
            "curl -X POST -H 'Content-Type: application/json' -d 'transient_payload=a' http://x/y";
        assert_eq!(refused(json), None);
        // An accepted request is never excused by it.
        let accepted = limit_of(
            &case("ST201", 200, None, &form("transient_payload=a")),
            &facts,
        );
        assert_eq!(accepted, None);
    }
}
