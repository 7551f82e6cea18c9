//! `host`, `basePath` and `schemes` into `servers`.

use serde_yaml::{Mapping, Value};

use crate::diagnostic::Diagnostic;

/// Replaces the document's `host`, `basePath` and `schemes` by `servers`: one server per
/// scheme (`https` where none is written) at `scheme://host/basePath`, or a server relative to
/// where the document is served (its `basePath`) where there is no `host`.
pub(super) fn upgrade_servers(root: &mut Mapping, found: &mut Vec<Diagnostic>) {
    let host = root.remove("host");
    let base_path = root.remove("basePath");
    let schemes = root.remove("schemes");
    let mut text = |value: Option<Value>, key: &str| match value {
        None => None,
        Some(Value::String(s)) => Some(s),
        Some(_) => {
            found.push(
                Diagnostic::warning(
                    format!("/{key}"),
                    format!("`{key}` is not a string: left out"),
                )
                .with_hint(format!("write `{key}` as a string")),
            );
            None
        }
    };
    let host = text(host, "host");
    let base_path = text(base_path, "basePath").unwrap_or_default();
    let base_path = match base_path.trim_end_matches('/') {
        "" => String::new(),
        path if path.starts_with('/') => path.to_owned(),
        path => format!("/{path}"),
    };
    let urls: Vec<String> = match host {
        Some(host) => {
            let schemes: Vec<&str> = schemes
                .as_ref()
                .and_then(Value::as_sequence)
                .map(|s| s.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let schemes = if schemes.is_empty() {
                vec!["https"]
            } else {
                schemes
            };
            schemes
                .iter()
                .map(|scheme| format!("{scheme}://{host}{base_path}"))
                .collect()
        }
        None if !base_path.is_empty() => vec![base_path],
        None => Vec::new(),
    };
    if urls.is_empty() {
        return;
    }
    let servers = urls
        .into_iter()
        .map(|url| {
            let mut server = Mapping::new();
            server.insert("url".into(), url.into());
            Value::Mapping(server)
        })
        .collect();
    root.insert("servers".into(), Value::Sequence(servers));
}
