//! schemathesis against the stub server of any spec: the credentials it is configured with
//! (the stub's defaults, one per security scheme of the spec) and the checks it runs.

use std::path::Path;

use codegen::emit::{
    DEFAULT_API_KEY, DEFAULT_BASIC_PASSWORD, DEFAULT_BASIC_USER, DEFAULT_BEARER_TOKEN,
};
use codegen::model::SecurityKind;

use super::schemathesis::{STATEFUL_CHECKS, Target};

impl<'a> Target<'a> {
    /// The stub server of `spec` at `url`, whose spec declares `schemes`: every check
    /// schemathesis has except the stateful ones, with the stub's credentials.
    pub(super) fn stub(spec: &'a Path, url: &'a str, schemes: &[(String, SecurityKind)]) -> Self {
        Target {
            spec,
            url,
            headers: Vec::new(),
            config: stub_config(schemes),
            checks: ("all".to_owned(), Some(STATEFUL_CHECKS.join(","))),
            print_failures: false,
        }
    }
}

/// The configuration file: the credential of each security scheme the stub checks.
fn stub_config(schemes: &[(String, SecurityKind)]) -> String {
    let mut out = String::from(
        "# Written by `cargo xtask conformance --spec`; it is overwritten on every run.\n",
    );
    for (key, kind) in schemes {
        let values: Vec<(&str, &str)> = match kind {
            SecurityKind::ApiKeyHeader(_)
            | SecurityKind::ApiKeyQuery(_)
            | SecurityKind::ApiKeyCookie(_) => vec![("api_key", DEFAULT_API_KEY)],
            SecurityKind::HttpBearer => vec![("bearer", DEFAULT_BEARER_TOKEN)],
            SecurityKind::HttpBasic => vec![
                ("username", DEFAULT_BASIC_USER),
                ("password", DEFAULT_BASIC_PASSWORD),
            ],
            SecurityKind::Other(_) => continue,
        };
        out.push_str(&format!("\n[auth.openapi.{}]\n", toml_string(key)));
        for (name, value) in values {
            out.push_str(&format!("{name} = {}\n", toml_string(value)));
        }
    }
    out
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configures_one_credential_per_scheme() {
        let schemes = vec![
            (
                "key \"a\"".to_owned(),
                SecurityKind::ApiKeyQuery("k".to_owned()),
            ),
            ("bearer".to_owned(), SecurityKind::HttpBearer),
            ("basic".to_owned(), SecurityKind::HttpBasic),
            (
                "digest".to_owned(),
                SecurityKind::Other("digest".to_owned()),
            ),
        ];
        let config = stub_config(&schemes);
        assert!(config.contains("[auth.openapi.\"key \\\"a\\\"\"]\napi_key = \"stub-api-key\"\n"));
        assert!(config.contains("[auth.openapi.\"bearer\"]\nbearer = \"stub-token\"\n"));
        assert!(config.contains(
            "[auth.openapi.\"basic\"]\nusername = \"stub\"\npassword = \"stub-password\"\n"
        ));
        assert!(!config.contains("digest"));
    }
}
