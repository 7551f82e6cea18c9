//! What a request body looks like to both the client and the server: one content (a JSON body
//! keeps `&T` / `T`), or several, each a variant of an `{Op}Body` enum named by its kind.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::responses::served;
use super::type_ref::qualified_type_tokens;
use crate::lower::names::{Scope, camel};
use crate::media_type::{essence, is_range};
use crate::model::{Api, BodyContent, BodyKind, Operation, PartKind, RequestBody};

/// One content of a body, with the variant that carries it when there are several.
pub struct BodyVariant<'a> {
    /// The `{Op}Body` variant (`Json`, `Form`, `Multipart`, `Text`, `Bytes`; named after the
    /// media type when two contents are of one kind).
    pub name: Ident,
    /// The content.
    pub content: &'a BodyContent,
}

/// The contents of `body`, each with its variant name.
pub fn body_variants(body: &RequestBody) -> Vec<BodyVariant<'_>> {
    let mut scope = Scope::default();
    body.contents
        .iter()
        .map(|content| {
            let kind = kind_name(&content.kind);
            let shared = body
                .contents
                .iter()
                .filter(|c| kind_name(&c.kind) == kind)
                .count()
                > 1;
            let wanted = if shared {
                camel(&content.media_type, "Media")
            } else {
                kind.to_owned()
            };
            let (name, _) = scope.claim(&wanted, kind);
            BodyVariant {
                name: format_ident!("{}", name),
                content,
            }
        })
        .collect()
}

fn kind_name(kind: &BodyKind) -> &'static str {
    match kind {
        BodyKind::Json(_) => "Json",
        BodyKind::Form(_) => "Form",
        BodyKind::Multipart(_) => "Multipart",
        BodyKind::Text => "Text",
        BodyKind::Bytes => "Bytes",
    }
}

/// The name of an operation's `{Op}Body` enum (client and server each have one).
pub fn body_enum_name(op: &Operation) -> Ident {
    format_ident!("{}Body", camel(&op.rust_name, "Op"))
}

/// Whether the body has several contents, so it is an `{Op}Body` enum.
pub fn is_enum(body: &RequestBody) -> bool {
    body.contents.len() > 1
}

/// Whether the caller names the concrete media type of a text or bytes content: the spec
/// gives a range (`image/*`), or several types carried alike (`image/png` and `image/jpeg`).
pub fn names_content_type(content: &BodyContent) -> bool {
    matches!(content.kind, BodyKind::Bytes | BodyKind::Text)
        && (is_range(&content.media_type) || !content.also.is_empty())
}

/// The typed value of a JSON, form or multipart content, as other modules name it.
pub fn typed_value(content: &BodyContent) -> Option<TokenStream> {
    match &content.kind {
        BodyKind::Json(ty) => Some(qualified_type_tokens(ty)),
        BodyKind::Form(f) => Some(qualified_type_tokens(&f.ty)),
        BodyKind::Multipart(m) => {
            let name = format_ident!("{}", m.form_type);
            Some(quote! { crate::types::#name })
        }
        BodyKind::Text | BodyKind::Bytes => None,
    }
}

/// A line of documentation saying how a content is sent.
pub fn content_doc(content: &BodyContent) -> String {
    let mut types = vec![format!("`{}`", content.media_type)];
    types.extend(content.also.iter().map(|m| format!("`{m}`")));
    let types = types.join(", ");
    match &content.kind {
        BodyKind::Json(_) => format!("As JSON ({types})."),
        BodyKind::Form(_) => format!("As a form ({types})."),
        BodyKind::Multipart(_) => format!("As a multipart form ({types})."),
        BodyKind::Text if names_content_type(content) => {
            format!("As text of a media type in {types}, named with it.")
        }
        BodyKind::Text => format!("As text ({types})."),
        BodyKind::Bytes if names_content_type(content) => {
            format!("As raw bytes of a media type in {types}, named with them.")
        }
        BodyKind::Bytes => format!("As raw bytes ({types})."),
    }
}

/// One JSON body of `application/json` or a `+json` type, which the server reads with its
/// plain JSON reader and the client sends with `.json(body)`.
pub fn is_plain_json(body: &RequestBody) -> bool {
    body.is_single_json() && {
        let c = &body.contents[0];
        std::iter::once(&c.media_type)
            .chain(&c.also)
            .all(|m| essence(m) == "application/json" || essence(m).ends_with("+json"))
    }
}

/// Which body readers the served operations need.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BodyNeeds {
    /// Some operation takes one plain JSON body (`read_json_body`).
    pub plain_json: bool,
    /// Some other body has a JSON content (`json_from_bytes`).
    pub json: bool,
    /// Some operation takes a form body.
    pub form: bool,
    /// Some operation takes a multipart body.
    pub multipart: bool,
    /// Some multipart body has a file part.
    pub files: bool,
    /// Some operation takes a text body.
    pub text: bool,
    /// Some operation takes a raw bytes body.
    pub bytes: bool,
    /// Some operation's body, not a multipart one, may be left out (`body_absent`).
    pub optional: bool,
    /// Some operation's body that may come as a multipart form may be left out
    /// (`body_announced_absent`).
    pub optional_multipart: bool,
}

impl BodyNeeds {
    /// What `api`'s served operations take.
    pub fn of(api: &Api) -> Self {
        let mut needs = BodyNeeds::default();
        for body in served(&api.operations).filter_map(|op| op.request_body.as_ref()) {
            if !body.required {
                if body.has_multipart() {
                    needs.optional_multipart = true;
                } else {
                    needs.optional = true;
                }
            }
            if is_plain_json(body) {
                needs.plain_json = true;
                continue;
            }
            for content in &body.contents {
                match &content.kind {
                    BodyKind::Json(_) => needs.json = true,
                    BodyKind::Form(_) => needs.form = true,
                    BodyKind::Multipart(m) => {
                        needs.multipart = true;
                        needs.files |= m
                            .parts
                            .iter()
                            .any(|p| matches!(p.kind, PartKind::File | PartKind::Files));
                    }
                    BodyKind::Text => needs.text = true,
                    BodyKind::Bytes => needs.bytes = true,
                }
            }
        }
        needs
    }

    /// Whether some body is read as a JSON value and checked field by field (a JSON, form or
    /// multipart body), so the server needs `FieldReport`.
    pub fn any(self) -> bool {
        self.plain_json || self.json || self.form || self.multipart
    }

    /// Whether some body is read by an operation's own reader, which picks a content by
    /// `Content-Type`.
    pub fn dispatch(self) -> bool {
        self.json || self.form || self.multipart || self.text || self.bytes
    }
}
