//! Changes to operations: added, removed, renamed or deprecated operations, and changes to
//! their parameters, request bodies and responses.

use super::constraints;
use super::locate::Document;
use super::renames::{Models, same_wire_type};
use super::rules::plain;
use super::{Change, Context, Documents, Level};
use crate::model::{Operation, Parameter, RequestBody, Response, ResponseBody, TypeRef};
use crate::pointer;
use crate::surface::{
    body_text, location_name, one_line, rust_type, serialization_text, status_name,
};

/// Every change to the operations: new operations in spec order, then removed ones; then the
/// same for the webhooks' operations.
pub fn compare(context: &Context<'_>) -> Vec<Change> {
    let mut out = compare_paths(context);
    out.extend(super::webhooks::compare(context));
    out
}

/// The changes to the paths' operations.
fn compare_paths(context: &Context<'_>) -> Vec<Change> {
    let mut out = Vec::new();
    for new in &context.new.operations {
        match find(&context.old.operations, new) {
            Some(old) => out.extend(compare_operation(context, old, new)),
            None => out.push(plain(
                "operation-added",
                Level::Info,
                &new.pointer,
                format!("operation {} added", label(new)),
                format!(
                    "method `{}` added to the client and the server trait",
                    new.rust_name
                ),
            )),
        }
    }
    for old in &context.old.operations {
        if find(&context.new.operations, old).is_none() {
            out.push(plain(
                "operation-removed",
                Level::Breaking,
                &old.pointer,
                format!(
                    "operation {} removed: clients calling it get an error",
                    label(old)
                ),
                format!(
                    "method `{}` removed from the client and the server trait",
                    old.rust_name
                ),
            ));
        }
    }
    out
}

/// The operation of `operations` with the method and path of `like`.
pub(super) fn find<'a>(
    operations: impl IntoIterator<Item = &'a Operation>,
    like: &Operation,
) -> Option<&'a Operation> {
    operations
        .into_iter()
        .find(|op| op.method == like.method && op.path == like.path)
}

fn label(op: &Operation) -> String {
    format!("`{} {}`", op.method, op.path)
}

/// The changes between two versions of one operation (of a path or a webhook).
pub(super) fn compare_operation(
    context: &Context<'_>,
    old: &Operation,
    new: &Operation,
) -> Vec<Change> {
    let op = label(new);
    let at = new.pointer.as_str();
    let mut out = Vec::new();
    if old.rust_name != new.rust_name {
        out.push(plain(
            "operation-renamed",
            Level::Warning,
            at,
            format!("operationId of {op} changed: the wire format is unchanged"),
            format!("method `{}` is now `{}`", old.rust_name, new.rust_name),
        ));
    }
    if !old.deprecated && new.deprecated {
        out.push(plain(
            "operation-deprecated",
            Level::Warning,
            at,
            format!("operation {op} deprecated: clients should stop calling it"),
            format!("method `{}` gets `#[deprecated]`", new.rust_name),
        ));
    }
    match (&old.unsupported, &new.unsupported) {
        (None, Some(why)) => {
            // What the model keeps of an operation it leaves out (its body, say, is dropped)
            // would only repeat this change as artefacts.
            out.push(plain(
                "operation-left-out",
                Level::Breaking,
                at,
                format!(
                    "operation {op} can no longer be generated: {}",
                    one_line(why)
                ),
                format!(
                    "method `{}` removed from the client and the server trait",
                    new.rust_name
                ),
            ));
            return out;
        }
        (Some(_), None) => out.push(plain(
            "operation-generated",
            Level::Info,
            at,
            format!("operation {op} can now be generated"),
            format!(
                "method `{}` added to the client and the server trait",
                new.rust_name
            ),
        )),
        _ => {}
    }
    let models = Models {
        old: context.old,
        new: context.new,
    };
    let same = |a: &_, b: &_| same_wire_type(&models, a, b, context.renames);
    out.extend(compare_parameters(
        &op,
        (old, new),
        context.documents,
        &same,
    ));
    out.extend(compare_request_body(
        &op,
        new,
        old.request_body.as_ref(),
        new.request_body.as_ref(),
        &same,
    ));
    out.extend(compare_responses(&op, old, new, &same));
    out
}

fn has_default(op: &Operation) -> bool {
    op.responses
        .iter()
        .any(|r| r.status == crate::model::ResponseStatus::Default)
}

fn parameter_key(p: &Parameter) -> (&'static str, &str) {
    (location_name(p.location), &p.wire_name)
}

/// Where a parameter is: its entry in the operation's or path item's list, or the operation's
/// `parameters` when the document is not at hand.
fn parameter_at(document: &Document, op: &Operation, p: &Parameter) -> String {
    let (location, name) = parameter_key(p);
    document
        .parameter(&op.pointer, location, name)
        .unwrap_or_else(|| pointer::join(&op.pointer, ["parameters"]))
}

fn compare_parameters(
    op: &str,
    (old_op, new_op): (&Operation, &Operation),
    documents: &Documents,
    same: &dyn Fn(&crate::model::TypeRef, &crate::model::TypeRef) -> bool,
) -> Vec<Change> {
    let (old, new) = (&old_op.parameters, &new_op.parameters);
    let method = &new_op.rust_name;
    let mut out = Vec::new();
    for p in new {
        let (location, name) = parameter_key(p);
        let what = format!("{location} parameter `{name}` of {op}");
        let at = parameter_at(&documents.new, new_op, p);
        let Some(o) = old.iter().find(|o| parameter_key(o) == parameter_key(p)) else {
            let (rule, level, why) = if p.required {
                (
                    "request-parameter-required-added",
                    Level::Breaking,
                    "requests without it are refused",
                )
            } else {
                (
                    "request-parameter-added",
                    Level::Info,
                    "clients may leave it out",
                )
            };
            let rust = format!(
                "`{method}` takes a new parameter `{}: {}`",
                p.rust_name,
                rust_type(&p.ty)
            );
            out.push(plain(
                rule,
                level,
                &at,
                format!("{what} added: {why}"),
                rust,
            ));
            continue;
        };
        if !o.required && p.required {
            out.push(plain(
                "request-parameter-made-required",
                Level::Breaking,
                &at,
                format!("{what} made required: requests without it are refused"),
                format!(
                    "parameter `{}` of `{method}` is no longer optional",
                    p.rust_name
                ),
            ));
        } else if o.required && !p.required {
            out.push(plain(
                "request-parameter-made-optional",
                Level::Info,
                &at,
                format!("{what} made optional: clients may leave it out"),
                format!("parameter `{}` of `{method}` becomes optional", p.rust_name),
            ));
        }
        if !same(&o.ty, &p.ty) {
            out.push(plain(
                "request-parameter-type-changed",
                Level::Breaking,
                &at,
                format!(
                    "{what} changed type from `{}` to `{}`: requests with the old type are refused",
                    rust_type(&o.ty),
                    rust_type(&p.ty)
                ),
                format!(
                    "parameter `{}` of `{method}` is now `{}`",
                    p.rust_name,
                    rust_type(&p.ty)
                ),
            ));
        }
        let (old_way, new_way) = (serialization_text(o), serialization_text(p));
        if old_way != new_way {
            let way = |text: String| {
                if text.is_empty() {
                    "the location's default style".to_owned()
                } else {
                    text
                }
            };
            out.push(plain(
                "request-parameter-style-changed",
                Level::Breaking,
                &at,
                format!(
                    "{what} changed from {} to {}: requests written the old way are misread or refused",
                    way(old_way),
                    way(new_way)
                ),
                format!(
                    "parameter `{}` of `{method}` keeps its type; the client and server write and read it the new way",
                    p.rust_name
                ),
            ));
        }
        out.extend(parameter_limit_changes(&what, &at, method, o, p));
    }
    for o in old {
        if !new.iter().any(|p| parameter_key(p) == parameter_key(o)) {
            let (location, name) = parameter_key(o);
            out.push(plain(
                "request-parameter-removed",
                Level::Warning,
                &parameter_at(&documents.old, old_op, o),
                format!("{location} parameter `{name}` of {op} removed: servers ignore it from clients that still send it"),
                format!("parameter `{}` removed from `{method}`", o.rust_name),
            ));
        }
    }
    out
}

/// The limits of a parameter kept from `old` to `new` (`what` names it, `at` points to it): a
/// tighter one refuses requests that passed.
fn parameter_limit_changes(
    what: &str,
    at: &str,
    method: &str,
    old: &Parameter,
    new: &Parameter,
) -> Vec<Change> {
    constraints::changes(&old.constraints, &new.constraints)
        .into_iter()
        .map(|limit| {
            let (rule, level, why) = if limit.tightened {
                (
                    "request-parameter-constraint-tightened",
                    Level::Breaking,
                    "requests that met the old limit may be refused",
                )
            } else {
                (
                    "request-parameter-constraint-loosened",
                    Level::Info,
                    "every request that met the old limit still does",
                )
            };
            plain(
                rule,
                level,
                at,
                format!(
                    "`{}` of {what} changed from {} to {}: {why}",
                    limit.name, limit.old, limit.new
                ),
                format!(
                    "parameter `{}` of `{method}` unchanged; the generated server checks the new limit",
                    new.rust_name
                ),
            )
        })
        .collect()
}

fn compare_request_body(
    op: &str,
    new_op: &Operation,
    old: Option<&RequestBody>,
    new: Option<&RequestBody>,
    same: &dyn Fn(&crate::model::TypeRef, &crate::model::TypeRef) -> bool,
) -> Vec<Change> {
    let at = pointer::join(&new_op.pointer, ["requestBody"]);
    let method = &new_op.rust_name;
    let change =
        |rule: &str, level, message: String, rust: String| plain(rule, level, &at, message, rust);
    match (old, new) {
        (None, None) => Vec::new(),
        (None, Some(b)) if b.required => vec![change(
            "request-body-required-added",
            Level::Breaking,
            format!("required request body added to {op}: requests without it are refused"),
            format!("`{method}` takes a new body `{}`", rust_type(&b.ty)),
        )],
        (None, Some(b)) => vec![change(
            "request-body-added",
            Level::Info,
            format!("optional request body added to {op}"),
            format!("`{method}` takes a new body `{}`", rust_type(&b.ty)),
        )],
        (Some(a), None) => vec![change(
            "request-body-removed",
            Level::Warning,
            format!("request body of {op} removed: servers ignore bodies clients still send"),
            format!("`{method}` no longer takes a `{}` body", rust_type(&a.ty)),
        )],
        (Some(a), Some(b)) => {
            let mut out = Vec::new();
            let (old_types, new_types) = (media_types(a), media_types(b));
            let dropped: Vec<&str> = old_types
                .iter()
                .filter(|m| !new_types.contains(*m))
                .map(String::as_str)
                .collect();
            if !dropped.is_empty() {
                out.push(change(
                    "request-body-media-type-changed",
                    Level::Breaking,
                    format!("request body of {op} is no longer taken as {}: requests in that format are refused", dropped.join(", ")),
                    format!("`{method}` sends its body as {}", new_types.join(", ")),
                ));
            } else if a.contents.len() != b.contents.len()
                && (a.contents.len() == 1 || b.contents.len() == 1)
            {
                out.push(change(
                    "request-body-media-type-changed",
                    Level::Warning,
                    format!("request body of {op} is taken as {} instead of {}: old requests still work", new_types.join(", "), old_types.join(", ")),
                    if b.contents.len() > 1 {
                        format!("`{method}` takes a body enum, a variant per media type")
                    } else {
                        format!("`{method}` takes its one body type instead of an enum")
                    },
                ));
            }
            if !same(&a.ty, &b.ty) {
                out.push(change(
                    "request-body-type-changed",
                    Level::Breaking,
                    format!("request body of {op} changed from `{}` to `{}`: requests of the old shape are refused", rust_type(&a.ty), rust_type(&b.ty)),
                    format!("`{method}` takes `{}` instead of `{}`", rust_type(&b.ty), rust_type(&a.ty)),
                ));
            }
            if !a.required && b.required {
                out.push(change(
                    "request-body-made-required",
                    Level::Breaking,
                    format!("request body of {op} made required: requests without it are refused"),
                    format!("the body of `{method}` is no longer optional"),
                ));
            } else if a.required && !b.required {
                out.push(change(
                    "request-body-made-optional",
                    Level::Info,
                    format!("request body of {op} made optional"),
                    format!("the body of `{method}` becomes optional"),
                ));
            }
            out
        }
    }
}

fn compare_responses(
    op: &str,
    old: &Operation,
    new: &Operation,
    same: &dyn Fn(&crate::model::TypeRef, &crate::model::TypeRef) -> bool,
) -> Vec<Change> {
    let method = &new.rust_name;
    let mut out = Vec::new();
    let response_at = |op: &Operation, r: &Response| {
        pointer::join(&op.pointer, ["responses", &status_name(r.status)])
    };
    let body = |r: &Response| {
        if r.contents.is_empty() {
            return "no body".to_owned();
        }
        let bodies: Vec<String> = r
            .contents
            .iter()
            .map(|c| match &c.body {
                ResponseBody::Text | ResponseBody::Bytes => format!("raw {}", c.media_types[0]),
                other => format!("`{}`", body_text(other)),
            })
            .collect();
        bodies.join(" or ")
    };
    // The media types of a response, one per body: what the client asks for and tells apart.
    let media = |r: &Response| {
        let types: Vec<&str> = r
            .contents
            .iter()
            .map(|c| c.media_types[0].as_str())
            .collect();
        if types.is_empty() {
            "none".to_owned()
        } else {
            types.join(", ")
        }
    };
    for r in &new.responses {
        let status = status_name(r.status);
        let at = response_at(new, r);
        let Some(o) = old.responses.iter().find(|o| o.status == r.status) else {
            out.push(plain(
                "response-status-added",
                Level::Warning,
                &at,
                format!("response {status} added to {op}: {}", if has_default(old) {
                    "old clients read it as the `default` response"
                } else {
                    "old clients treat it as undocumented"
                }),
                format!("`{method}` gains a {status} outcome ({}) in the client and the server's reply enum", body(r)),
            ));
            continue;
        };
        if media(o) != media(r) {
            out.push(plain(
                "response-media-type-changed",
                Level::Breaking,
                &at,
                format!(
                    "response {status} of {op} changed media type from {} to {}: clients expecting the old one fail",
                    media(o),
                    media(r)
                ),
                format!("the {status} outcome of `{method}` is now {}", body(r)),
            ));
            continue;
        }
        let same_body = o.contents.len() == r.contents.len()
            && o.contents
                .iter()
                .zip(&r.contents)
                .all(|(a, b)| same_response_body(&a.body, &b.body, same));
        if !same_body {
            out.push(plain(
                "response-body-type-changed",
                Level::Breaking,
                &at,
                format!("response {status} of {op} changed from {} to {}: clients expecting the old shape fail to decode it", body(o), body(r)),
                format!("the {status} outcome of `{method}` is now {}", body(r)),
            ));
        }
    }
    for o in &old.responses {
        if !new.responses.iter().any(|r| r.status == o.status) {
            let status = status_name(o.status);
            out.push(plain(
                "response-status-removed",
                Level::Breaking,
                &response_at(old, o),
                format!("response {status} removed from {op}: clients that handle it no longer match the API"),
                format!("the {status} outcome of `{method}` is removed from the client and the server's reply enum"),
            ));
        }
    }
    out
}

/// Whether two bodies of one media type carry the same thing: the same kind (a stream of the
/// same framing, events with data read the same way) of the same type.
fn same_response_body(
    a: &ResponseBody,
    b: &ResponseBody,
    same: &dyn Fn(&TypeRef, &TypeRef) -> bool,
) -> bool {
    match (a, b) {
        (ResponseBody::Json(a), ResponseBody::Json(b)) => same(a, b),
        (
            ResponseBody::EventStream { data: a, text: x },
            ResponseBody::EventStream { data: b, text: y },
        ) => x == y && same(a, b),
        (
            ResponseBody::JsonStream {
                item: a,
                framing: x,
            },
            ResponseBody::JsonStream {
                item: b,
                framing: y,
            },
        ) => x == y && same(a, b),
        (ResponseBody::Text, ResponseBody::Text) | (ResponseBody::Bytes, ResponseBody::Bytes) => {
            true
        }
        _ => false,
    }
}

/// Every media type a body is taken as, by essence, in spec order.
fn media_types(body: &RequestBody) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for content in &body.contents {
        for m in std::iter::once(&content.media_type).chain(&content.also) {
            let m = crate::media_type::essence(m);
            if !out.contains(&m) {
                out.push(m);
            }
        }
    }
    out
}
