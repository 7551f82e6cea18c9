//! `consumes` and `produces`: the media types of bodies, given for the whole document and
//! overridden per operation.

use serde_yaml::{Mapping, Value};

use crate::diagnostic::Diagnostic;
use crate::load::SourceMap;
use crate::pointer;

/// The `content` of a 3.0 request body or response at `to`: `schema`, written in the 2.0
/// object at `from`, for each of `media_types`, each copy recorded as coming from there.
pub(super) fn content_of(
    schema: &Value,
    media_types: &[String],
    from: &str,
    to: &str,
    map: &mut SourceMap,
) -> Mapping {
    let mut content = Mapping::new();
    for media_type in media_types {
        let mut media = Mapping::new();
        media.insert("schema".into(), schema.clone());
        content.insert(media_type.as_str().into(), Value::Mapping(media));
        map.record(
            &pointer::join(from, ["schema"]),
            &pointer::join(to, ["content", media_type, "schema"]),
        );
    }
    content
}

/// The media type of bodies where neither the operation nor the document names one.
pub(super) const DEFAULT_MEDIA_TYPE: &str = "application/json";

/// A `consumes` or `produces` list, if one was written.
#[derive(Clone, Debug, Default)]
pub(super) struct MediaTypes(Option<Vec<String>>);

impl MediaTypes {
    /// Removes the member `key` from `owner` (at pointer `at`) and reads it; a value that is not
    /// a list of strings is reported and read as not written.
    pub(super) fn take(
        owner: &mut Mapping,
        key: &str,
        at: &str,
        found: &mut Vec<Diagnostic>,
    ) -> MediaTypes {
        let Some(value) = owner.remove(key) else {
            return MediaTypes(None);
        };
        let items = value.as_sequence().map(|items| {
            items
                .iter()
                .map(|item| item.as_str().map(str::to_owned))
                .collect::<Option<Vec<String>>>()
        });
        match items {
            Some(Some(types)) => MediaTypes(Some(types)),
            _ => {
                found.push(
                    Diagnostic::error(
                        pointer::join(at, [key]),
                        format!("`{key}` must be a list of media types"),
                    )
                    .with_hint(format!("write `{key}: [application/json]`")),
                );
                MediaTypes(None)
            }
        }
    }

    /// These media types where written, or else `fallback`'s.
    pub(super) fn or(&self, fallback: &MediaTypes) -> MediaTypes {
        match &self.0 {
            Some(_) => self.clone(),
            None => fallback.clone(),
        }
    }

    /// The media types written, or `application/json` where none were (an empty list included).
    pub(super) fn or_default(&self) -> Vec<String> {
        match &self.0 {
            Some(types) if !types.is_empty() => types.clone(),
            _ => vec![DEFAULT_MEDIA_TYPE.to_owned()],
        }
    }

    /// The media types written, possibly none.
    pub(super) fn written(&self) -> &[String] {
        self.0.as_deref().unwrap_or_default()
    }
}
