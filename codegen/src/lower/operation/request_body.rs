//! Request bodies: every media type an operation takes, each classified as JSON, a form, a
//! multipart form, text or bytes (see [`crate::media_type`]).
//!
//! Nothing here leaves an operation out: a body the generated code cannot type is carried as
//! raw bytes (or text), with a located warning.

use std::collections::HashMap;

use indexmap::IndexMap;
use openapiv3::{
    Encoding, MediaType, Operation as SpecOperation, QueryStyle, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::super::Lowerer;
use crate::media_type::{essence, is_form, is_json, is_multipart, is_text};
use crate::model::{
    BodyContent, BodyKind, FormEncoding, FormStyle, Multipart, Part, PartKind, Presence, Primitive,
    RequestBody, TypeBody, TypeRef,
};
use crate::pointer;

/// How deep `$ref`s and `allOf`s are followed to find a multipart body's file properties.
const MAX_SCHEMA_HOPS: usize = 32;

/// Whether a property holds one file or several.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Binary {
    One,
    Many,
}

impl<'a> Lowerer<'a> {
    /// The request body, of every media type it lists. `None` when there is none (or only a
    /// broken reference to one, which is reported).
    pub(in crate::lower) fn lower_request_body(
        &mut self,
        op: &'a SpecOperation,
        at: &str,
        prefix: &str,
    ) -> Option<RequestBody> {
        let rb = op.request_body.as_ref()?;
        let rb_at = format!("{at}/requestBody");
        let bodies = self.doc.components.as_ref().map(|c| &c.request_bodies);
        let body = self.component(rb, bodies, "requestBodies", &rb_at)?;
        let content_at = format!("{rb_at}/content");
        let mut contents: Vec<BodyContent> = Vec::new();
        // One schema written out again under another media type is one type, not two.
        let mut lowered: Vec<(&'a ReferenceOr<Schema>, TypeRef, bool)> = Vec::new();
        for (media_type, media) in &body.content {
            let at = pointer::join(&content_at, [media_type]);
            if !essence(media_type).contains('/') {
                self.warn(
                    &at,
                    format!("`{media_type}` is not a media type (`type/subtype`); this content is ignored"),
                    "a key under `content` names a media type; is this key indented one level too deep?",
                );
                continue;
            }
            let kind = self.body_kind(media_type, media, &at, prefix, &mut lowered);
            match contents.iter_mut().find(|c| c.kind == kind) {
                Some(same) => same.also.push(media_type.clone()),
                None => contents.push(BodyContent {
                    media_type: media_type.clone(),
                    also: Vec::new(),
                    kind,
                }),
            }
        }
        if contents.is_empty() {
            return None;
        }
        let ty = contents
            .iter()
            .find_map(|c| match &c.kind {
                BodyKind::Json(ty) => Some(ty.clone()),
                BodyKind::Form(f) => Some(f.ty.clone()),
                BodyKind::Multipart(m) => Some(m.ty.clone()),
                BodyKind::Text | BodyKind::Bytes => None,
            })
            .unwrap_or(TypeRef::Primitive(Primitive::String));
        Some(RequestBody {
            media_type: contents[0].media_type.clone(),
            ty,
            required: body.required,
            contents,
        })
    }

    /// How a body of `media_type` is carried.
    fn body_kind(
        &mut self,
        media_type: &str,
        media: &'a MediaType,
        at: &str,
        prefix: &str,
        lowered: &mut Vec<(&'a ReferenceOr<Schema>, TypeRef, bool)>,
    ) -> BodyKind {
        let schema_at = pointer::join(at, ["schema"]);
        // The body's type, and whether its schema allows `null`.
        let mut schema_type = |this: &mut Self| -> Option<(TypeRef, bool)> {
            let schema = media.schema.as_ref()?;
            if let Some((_, ty, nullable)) = lowered.iter().find(|(s, _, _)| *s == schema) {
                return Some((ty.clone(), *nullable));
            }
            let schema_lowered = this.lower_schema(schema, &schema_at, &format!("{prefix}Request"));
            lowered.push((schema, schema_lowered.ty.clone(), schema_lowered.nullable));
            Some((schema_lowered.ty, schema_lowered.nullable))
        };
        if is_json(media_type) {
            // A JSON body whose schema allows `null` may be `null`: an `Option`.
            return BodyKind::Json(match schema_type(self) {
                Some((ty, true)) if !matches!(ty, TypeRef::Primitive(Primitive::Json)) => {
                    TypeRef::Nullable(Box::new(ty))
                }
                Some((ty, _)) => ty,
                None => TypeRef::Primitive(Primitive::Json),
            });
        }
        if is_form(media_type) {
            let ty = schema_type(self).map_or(TypeRef::Primitive(Primitive::Json), |(ty, _)| ty);
            if self.is_form_shaped(&ty) {
                return BodyKind::Form(FormEncoding {
                    ty,
                    properties: form_styles(&media.encoding),
                });
            }
            self.warn(
                at,
                "a form body whose schema is not an object is carried as text",
                "describe the body as an object (properties, additionalProperties or allOf)",
            );
            return BodyKind::Text;
        }
        if is_multipart(media_type) {
            let ty = schema_type(self).map(|(ty, _)| ty);
            if let Some(multipart) = ty.and_then(|ty| self.multipart(media, ty, at, prefix)) {
                return BodyKind::Multipart(multipart);
            }
            self.warn(
                at,
                "a multipart body whose schema is not an object with properties is carried as raw bytes",
                "describe the parts as the properties of an object schema",
            );
            return BodyKind::Bytes;
        }
        let typed_as_text = |this: &Self| {
            media
                .schema
                .as_ref()
                .is_none_or(|s| this.is_string_schema(s))
        };
        if !typed_as_text(self) {
            let carried = if is_text(media_type) {
                "text"
            } else {
                "raw bytes"
            };
            self.warn(
                &schema_at,
                format!("a {media_type} body is carried as {carried}: only JSON, form and multipart bodies are typed"),
                "the schema still documents the body; send it already encoded",
            );
        }
        if is_text(media_type) {
            BodyKind::Text
        } else {
            BodyKind::Bytes
        }
    }

    /// Whether a form body of type `ty` has named properties: a struct, a map, a free-form
    /// object, or a union of structs (through aliases; under a discriminator, with the
    /// catch-all of other tags).
    fn is_form_shaped(&self, ty: &TypeRef) -> bool {
        let is_struct = |ty: &TypeRef| match self.resolve_alias(ty) {
            Some(TypeRef::Named(name)) => self
                .types
                .iter()
                .any(|t| t.name == name && matches!(t.body, TypeBody::Struct(_))),
            _ => false,
        };
        match self.resolve_alias(ty) {
            Some(TypeRef::Named(name)) => self.types.iter().any(|t| {
                t.name == name
                    && match &t.body {
                        TypeBody::Struct(_) => true,
                        // A discriminator's catch-all keeps any object with another tag.
                        TypeBody::OneOf(o) => o.variants.iter().all(|v| {
                            is_struct(&v.ty)
                                || (v.tags.is_empty()
                                    && o.discriminator.is_some()
                                    && v.ty == TypeRef::Primitive(Primitive::Json))
                        }),
                        _ => false,
                    }
            }),
            Some(TypeRef::Map(_) | TypeRef::Primitive(Primitive::Json)) => true,
            _ => false,
        }
    }

    /// Whether a schema (through `$ref`s) is a string, or says nothing of its type (bytes).
    fn is_string_schema(&self, schema: &ReferenceOr<Schema>) -> bool {
        let schema = match schema {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { reference } => match self.schema_silently(reference) {
                Some(s) => s,
                None => return true,
            },
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(_)) => true,
            SchemaKind::Any(a) => {
                a.typ.as_deref().is_none_or(|t| t == "string")
                    && a.properties.is_empty()
                    && a.items.is_none()
                    && a.all_of.is_empty()
                    && a.one_of.is_empty()
                    && a.any_of.is_empty()
            }
            _ => false,
        }
    }

    /// A multipart body of the struct `ty`: a part per property, files where the property is
    /// binary (or its `encoding` content type is neither text nor JSON). `None` when `ty` is
    /// not a struct.
    fn multipart(
        &mut self,
        media: &'a MediaType,
        ty: TypeRef,
        at: &str,
        prefix: &str,
    ) -> Option<Multipart> {
        let Some(TypeRef::Named(name)) = self.resolve_alias(&ty) else {
            return None;
        };
        let fields = match self.types.iter().find(|t| t.name == name).map(|t| &t.body) {
            Some(TypeBody::Struct(s)) if !s.fields.is_empty() => s.fields.clone(),
            _ => return None,
        };
        let binary = media
            .schema
            .as_ref()
            .map(|s| self.binary_properties(s))
            .unwrap_or_default();
        let parts = fields
            .iter()
            .map(|f| {
                let encoding = media.encoding.get(&f.wire_name);
                let content_type = encoding.and_then(|e| e.content_type.clone());
                let file_type = content_type
                    .as_deref()
                    .is_some_and(|c| !is_json(c) && !is_text(c) && !c.starts_with("text/"));
                let string = TypeRef::Primitive(Primitive::String);
                let kind = match binary.get(&f.wire_name) {
                    Some(Binary::One) if f.ty == string => PartKind::File,
                    Some(Binary::Many) if f.ty == TypeRef::Vec(Box::new(string.clone())) => {
                        PartKind::Files
                    }
                    _ if file_type && f.ty == TypeRef::Vec(Box::new(string.clone())) => {
                        PartKind::Files
                    }
                    _ if file_type && f.ty == string => PartKind::File,
                    _ => PartKind::Value(f.ty.clone()),
                };
                Part {
                    wire_name: f.wire_name.clone(),
                    rust_name: f.rust_name.clone(),
                    kind,
                    // The form's field is an `Option` exactly where the struct's is.
                    required: f.presence == Presence::Required || f.default.is_some(),
                    content_type,
                    headers: encoding
                        .map(|e| e.headers.keys().cloned().collect())
                        .unwrap_or_default(),
                    doc: f.doc.clone(),
                }
            })
            .collect();
        let wanted = format!("{prefix}Form");
        let (form_type, changed) = self.type_scope.claim(&wanted, "Form");
        if changed {
            self.warn(
                at,
                format!("the multipart form type `{wanted}` would take another type's name; it is named `{form_type}`"),
                "rename the schema or the operation",
            );
        }
        Some(Multipart {
            ty,
            form_type,
            parts,
        })
    }

    /// The properties of an object schema (through `$ref`s and `allOf` parts) that are files:
    /// `format: binary`, or arrays of those.
    fn binary_properties(&self, schema: &'a ReferenceOr<Schema>) -> HashMap<String, Binary> {
        let mut out = HashMap::new();
        let mut pending = vec![schema];
        let mut hops = 0;
        while let Some(next) = pending.pop() {
            hops += 1;
            if hops > MAX_SCHEMA_HOPS {
                break;
            }
            let Some(schema) = self.inline_or_referenced(next) else {
                continue;
            };
            let (properties, all_of) = match &schema.schema_kind {
                SchemaKind::Type(Type::Object(o)) => (Some(&o.properties), None),
                SchemaKind::AllOf { all_of } => (None, Some(all_of)),
                SchemaKind::Any(a) => (Some(&a.properties), Some(&a.all_of)),
                _ => (None, None),
            };
            for (name, property) in properties.into_iter().flatten() {
                if let Some(binary) = self.binary_kind(property) {
                    out.insert(name.clone(), binary);
                }
            }
            pending.extend(all_of.into_iter().flatten());
        }
        out
    }

    fn inline_or_referenced(&self, schema: &'a ReferenceOr<Schema>) -> Option<&'a Schema> {
        match schema {
            ReferenceOr::Item(s) => Some(s),
            ReferenceOr::Reference { reference } => self.schema_silently(reference),
        }
    }

    /// Whether a property schema is a file, or an array of files.
    fn binary_kind(&self, property: &'a ReferenceOr<Box<Schema>>) -> Option<Binary> {
        let schema: &Schema = match property {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { reference } => self.schema_silently(reference)?,
        };
        if is_binary(schema) {
            return Some(Binary::One);
        }
        let items = match &schema.schema_kind {
            SchemaKind::Type(Type::Array(a)) => a.items.as_ref(),
            SchemaKind::Any(a) => a.items.as_ref(),
            _ => None,
        }?;
        let item: &Schema = match items {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { reference } => self.schema_silently(reference)?,
        };
        is_binary(item).then_some(Binary::Many)
    }
}

/// `format: binary` on a string (or on a schema without a type).
fn is_binary(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            matches!(
                s.format,
                VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
            )
        }
        SchemaKind::Any(a) => {
            a.format.as_deref() == Some("binary") && a.typ.as_deref().is_none_or(|t| t == "string")
        }
        _ => false,
    }
}

/// How each property `encoding` names is written in a form body.
///
/// openapiv3 reads an absent `explode` as `false`, so `style: form, explode: false` cannot be
/// told from a bare `style: form`; both are read as the specification's default for style
/// `form` (exploded).
fn form_styles(encoding: &IndexMap<String, Encoding>) -> Vec<(String, FormStyle)> {
    encoding
        .iter()
        .filter_map(|(name, e)| {
            let style = match (&e.style, e.explode) {
                (Some(QueryStyle::DeepObject), _) => FormStyle::DeepObject,
                (Some(QueryStyle::SpaceDelimited), _) => FormStyle::SpaceDelimited,
                (Some(QueryStyle::PipeDelimited), _) => FormStyle::PipeDelimited,
                (Some(QueryStyle::Form), _) | (None, true) => FormStyle::FormExploded,
                (None, false) if e.content_type.as_deref().is_some_and(is_json) => FormStyle::Json,
                (None, false) => return None,
            };
            Some((name.clone(), style))
        })
        .collect()
}
