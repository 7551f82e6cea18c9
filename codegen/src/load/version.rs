//! Which version of OpenAPI (or Swagger) a document is written in, from its `openapi` or
//! `swagger` member.

use serde_yaml::Value;

use crate::diagnostic::Diagnostic;

/// A version of the specification the generator reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SpecVersion {
    /// Swagger 2.0 (`swagger: "2.0"`).
    Swagger2,
    /// OpenAPI 3.0.x: the form lowering reads.
    OpenApi30,
    /// OpenAPI 3.1.x (JSON Schema 2020-12 schemas, webhooks).
    OpenApi31,
    /// OpenAPI 3.2.x, read as 3.1 where it is a superset of it.
    OpenApi32,
}

/// The version `doc` says it is written in, or why it cannot be read.
pub(crate) fn detect(doc: &Value) -> Result<SpecVersion, Diagnostic> {
    if let Some(swagger) = doc.get("swagger") {
        return match swagger.as_str() {
            Some("2.0") => Ok(SpecVersion::Swagger2),
            Some(other) => Err(Diagnostic::error(
                "/swagger",
                format!("unknown Swagger version {other:?}"),
            )
            .with_hint("Swagger documents say `swagger: \"2.0\"`; OpenAPI 3 documents say `openapi: 3.0.3` or `openapi: 3.1.0`")),
            None => Err(Diagnostic::error("/swagger", "`swagger` must be the string \"2.0\"")
                .with_hint("quote the version: `swagger: \"2.0\"` (an unquoted 2.0 is read as a number)")),
        };
    }
    let Some(version) = doc.get("openapi") else {
        return Err(Diagnostic::error("", "the document has no `openapi` field")
            .with_hint("start the document with `openapi: 3.1.0` (or `swagger: \"2.0\"` for a Swagger document)"));
    };
    let Some(version) = version.as_str() else {
        return Err(
            Diagnostic::error("/openapi", "`openapi` must be a string such as \"3.0.3\"")
                .with_hint(
                    "quote the version: `openapi: \"3.0.3\"` (an unquoted 3.0 is read as a number)",
                ),
        );
    };
    read_version(version).ok_or_else(|| {
        Diagnostic::error("/openapi", format!("unknown OpenAPI version {version:?}")).with_hint(
            "this generator reads Swagger 2.0 and OpenAPI 3.0.x, 3.1.x and 3.2.x documents",
        )
    })
}

/// The version an `openapi` (or `swagger`) member names, if the generator reads it.
pub(crate) fn read_version(version: &str) -> Option<SpecVersion> {
    let minor = |prefix: &str| {
        version
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
    };
    if version == "2.0" {
        Some(SpecVersion::Swagger2)
    } else if minor("3.0") {
        Some(SpecVersion::OpenApi30)
    } else if minor("3.1") {
        Some(SpecVersion::OpenApi31)
    } else if minor("3.2") {
        Some(SpecVersion::OpenApi32)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_versions_it_knows() {
        assert_eq!(read_version("2.0"), Some(SpecVersion::Swagger2));
        assert_eq!(read_version("3.0.3"), Some(SpecVersion::OpenApi30));
        assert_eq!(read_version("3.1.1"), Some(SpecVersion::OpenApi31));
        assert_eq!(read_version("3.2.0"), Some(SpecVersion::OpenApi32));
        assert_eq!(read_version("3.10.0"), None);
        assert_eq!(read_version("4.0.0"), None);
    }
}
