//! Which operations of a spec the generated client and server have.
//!
//! Counted from the spec text and from the generated source, not from the generator's model, so
//! that an operation the lowering marked unsupported, or an emitter dropped, shows as missing:
//! the spec's operations are its `paths` × methods; the client's are the `pub async fn`s of
//! `impl Client` and the server's the methods of `trait Api`, each known by the "`METHOD /path`"
//! line every generated operation method has in its documentation.
//!
//! Webhooks (OpenAPI 3.1) likewise: the spec's are its `webhooks` × methods, each served at
//! the path the generator derives from the webhook's name; the receiver's are the methods of
//! `trait Webhooks` in the generated `webhooks.rs`.

use std::collections::BTreeSet;

use serde_yaml::Value;

/// The HTTP methods a path item can hold operations for, as OpenAPI 3.0 names them.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// How far a chain of path-item `$ref`s is followed.
const MAX_REF_HOPS: usize = 16;

/// The operations of a spec, of its generated client and of its generated server, each as
/// `METHOD /path`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    /// The spec's operations.
    pub spec: BTreeSet<String>,
    /// The client's operation methods.
    pub client: BTreeSet<String>,
    /// The server trait's operation methods.
    pub server: BTreeSet<String>,
    /// The spec's webhook operations, each as `METHOD /path` at its receiver path.
    pub webhooks: BTreeSet<String>,
    /// The webhook receiver trait's methods.
    pub receiver: BTreeSet<String>,
}

impl Coverage {
    /// The spec's operations that `side` lacks, in order.
    pub fn missing<'a>(&'a self, side: &'a BTreeSet<String>) -> Vec<&'a str> {
        self.spec.difference(side).map(String::as_str).collect()
    }

    /// The spec's webhook operations the receiver lacks, in order.
    pub fn missing_webhooks(&self) -> Vec<&str> {
        self.webhooks
            .difference(&self.receiver)
            .map(String::as_str)
            .collect()
    }
}

/// Every operation of the spec in `text` (YAML or JSON), as `METHOD /path`. A path item that is
/// a local `$ref` is followed.
///
/// # Errors
/// When the text does not parse, or `paths` is not a mapping.
pub fn spec_operations(text: &str) -> Result<BTreeSet<String>, String> {
    let doc: Value = serde_yaml::from_str(text).map_err(|e| format!("cannot parse: {e}"))?;
    let mut out = BTreeSet::new();
    let paths = match doc.get("paths") {
        None | Some(Value::Null) => return Ok(out),
        Some(Value::Mapping(paths)) => paths,
        Some(_) => return Err("`paths` is not a mapping".to_owned()),
    };
    for (path, item) in paths {
        let Some(path) = path.as_str() else { continue };
        let Some(item) = follow_refs(&doc, item) else {
            continue;
        };
        for method in METHODS {
            if item.get(method).is_some_and(Value::is_mapping) {
                out.insert(format!("{} {path}", method.to_ascii_uppercase()));
            }
        }
    }
    Ok(out)
}

/// Every webhook operation of the spec in `text`, as `METHOD /path` with the path the
/// generated receiver serves the webhook at. A path item that is a local `$ref` is followed.
///
/// # Errors
/// When the text does not parse, or `webhooks` is not a mapping.
pub fn spec_webhooks(text: &str) -> Result<BTreeSet<String>, String> {
    let doc: Value = serde_yaml::from_str(text).map_err(|e| format!("cannot parse: {e}"))?;
    let mut out = BTreeSet::new();
    let webhooks = match doc.get("webhooks") {
        None | Some(Value::Null) => return Ok(out),
        Some(Value::Mapping(webhooks)) => webhooks,
        Some(_) => return Err("`webhooks` is not a mapping".to_owned()),
    };
    for (name, item) in webhooks {
        let Some(name) = name.as_str() else { continue };
        let Some(item) = follow_refs(&doc, item) else {
            continue;
        };
        let path = codegen::lower::receiver_path(name);
        for method in METHODS {
            if item.get(method).is_some_and(Value::is_mapping) {
                out.insert(format!("{} {path}", method.to_ascii_uppercase()));
            }
        }
    }
    Ok(out)
}

/// `value`, or what its local `$ref` chain leads to.
fn follow_refs<'d>(doc: &'d Value, mut value: &'d Value) -> Option<&'d Value> {
    for _ in 0..MAX_REF_HOPS {
        let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
            return Some(value);
        };
        let pointer = reference.strip_prefix('#')?;
        value = pointer
            .split('/')
            .skip(1)
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .try_fold(doc, |node, token| node.get(token.as_str()))?;
    }
    None
}

/// The operation methods of a generated `client.rs`: the `pub async fn`s of `impl Client`.
///
/// # Errors
/// When the file does not parse as Rust.
pub fn client_operations(source: &str) -> Result<BTreeSet<String>, String> {
    let file = syn::parse_file(source).map_err(|e| format!("client.rs does not parse: {e}"))?;
    let mut out = BTreeSet::new();
    for item in &file.items {
        let syn::Item::Impl(block) = item else {
            continue;
        };
        if block.trait_.is_some() || !is_named(&block.self_ty, "Client") {
            continue;
        }
        for member in &block.items {
            if let syn::ImplItem::Fn(f) = member {
                let public = matches!(f.vis, syn::Visibility::Public(_));
                if public && f.sig.asyncness.is_some() {
                    out.extend(operation_line(&f.attrs));
                }
            }
        }
    }
    Ok(out)
}

/// The operation methods of a generated `server.rs`: the methods of `trait Api`.
///
/// # Errors
/// When the file does not parse as Rust.
pub fn server_operations(source: &str) -> Result<BTreeSet<String>, String> {
    trait_operations(source, "server.rs", "Api")
}

/// The webhook operations of a generated `webhooks.rs`: the methods of `trait Webhooks`.
///
/// # Errors
/// When the file does not parse as Rust.
pub fn receiver_operations(source: &str) -> Result<BTreeSet<String>, String> {
    trait_operations(source, "webhooks.rs", "Webhooks")
}

/// The operation methods of the trait `name` in `source` (the file `file`).
fn trait_operations(source: &str, file: &str, name: &str) -> Result<BTreeSet<String>, String> {
    let parsed = syn::parse_file(source).map_err(|e| format!("{file} does not parse: {e}"))?;
    let mut out = BTreeSet::new();
    for item in &parsed.items {
        let syn::Item::Trait(api) = item else {
            continue;
        };
        if api.ident != name {
            continue;
        }
        for member in &api.items {
            if let syn::TraitItem::Fn(f) = member {
                out.extend(operation_line(&f.attrs));
            }
        }
    }
    Ok(out)
}

fn is_named(ty: &syn::Type, name: &str) -> bool {
    matches!(ty, syn::Type::Path(p) if p.qself.is_none() && p.path.is_ident(name))
}

/// The "`METHOD /path`" line of a method's documentation, as `METHOD /path`.
fn operation_line(attrs: &[syn::Attribute]) -> Option<String> {
    attrs.iter().find_map(|attr| {
        let syn::Meta::NameValue(nv) = &attr.meta else {
            return None;
        };
        if !nv.path.is_ident("doc") {
            return None;
        }
        let syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(text),
            ..
        }) = &nv.value
        else {
            return None;
        };
        let text = text.value();
        let inner = text.trim().strip_prefix('`')?.strip_suffix('`')?;
        let (method, path) = inner.split_once(' ')?;
        let is_method = METHODS.iter().any(|m| m.eq_ignore_ascii_case(method))
            && method.chars().all(|c| c.is_ascii_uppercase());
        is_method.then(|| format!("{method} {path}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_the_operations_of_a_spec() {
        let spec = r##"
openapi: 3.0.3
paths:
  /pets:
    get: {responses: {}}
    post: {responses: {}}
    parameters: []
    summary: not an operation
  /pets/{id}:
    $ref: '#/x-items/pet'
x-items:
  pet:
    delete: {responses: {}}
"##;
        let ops = spec_operations(spec).unwrap();
        let ops: Vec<&str> = ops.iter().map(String::as_str).collect();
        assert_eq!(ops, ["DELETE /pets/{id}", "GET /pets", "POST /pets"]);
        assert!(spec_operations("openapi: 3.0.3\n").unwrap().is_empty());
        assert!(spec_operations("paths: 3").is_err());
    }

    #[test]
    fn counts_the_webhooks_of_a_spec_at_their_receiver_paths() {
        let spec = r##"
openapi: 3.1.0
webhooks:
  order.shipped:
    post: {responses: {}}
  a/b:
    $ref: '#/components/pathItems/Ping'
components:
  pathItems:
    Ping:
      put: {responses: {}}
      get: {responses: {}}
"##;
        let ops = spec_webhooks(spec).unwrap();
        let ops: Vec<&str> = ops.iter().map(String::as_str).collect();
        assert_eq!(ops, ["GET /a%2Fb", "POST /order.shipped", "PUT /a%2Fb"]);
        assert!(spec_webhooks("openapi: 3.1.0\n").unwrap().is_empty());
        assert!(spec_webhooks("webhooks: [1]").is_err());
        let receiver = r#"
pub trait Webhooks {
    /// `POST /order.shipped`
    fn order_shipped(&self) -> u8;
}
pub trait Api {
    /// `GET /a%2Fb`
    fn other(&self) -> u8;
}
"#;
        let coverage = Coverage {
            webhooks: spec_webhooks(spec).unwrap(),
            receiver: receiver_operations(receiver).unwrap(),
            ..Coverage::default()
        };
        assert_eq!(coverage.missing_webhooks(), ["GET /a%2Fb", "PUT /a%2Fb"]);
    }

    #[test]
    fn finds_the_operation_methods_of_client_and_server() {
        let client = r#"
impl Client {
    /// List pets
    ///
    /// `GET /pets`
    pub async fn list_pets(&self) {}
    /// `GET /pets` with the optional query parameters
    pub async fn list_pets_with(&self) {}
    /// `POST /pets`
    async fn private(&self) {}
    /// The base URL.
    pub fn base_url(&self) {}
}
impl Other {
    /// `PUT /pets`
    pub async fn put(&self) {}
}
"#;
        let ops = client_operations(client).unwrap();
        assert_eq!(ops.into_iter().collect::<Vec<_>>(), ["GET /pets"]);
        let server = r#"
pub trait Api {
    /// `GET /pets`
    fn list_pets(&self) -> u8;
    /// `DELETE /pets/{id}`
    fn delete_pet(&self) -> u8;
}
"#;
        let ops = server_operations(server).unwrap();
        assert_eq!(
            ops.into_iter().collect::<Vec<_>>(),
            ["DELETE /pets/{id}", "GET /pets"]
        );
        assert!(client_operations("fn (").is_err());
    }

    #[test]
    fn lists_what_a_side_lacks() {
        let set = |items: &[&str]| items.iter().map(|s| (*s).to_owned()).collect();
        let coverage = Coverage {
            spec: set(&["GET /a", "GET /b", "POST /a"]),
            client: set(&["GET /a", "POST /a"]),
            server: set(&["GET /a", "GET /b", "POST /a"]),
            ..Coverage::default()
        };
        assert_eq!(coverage.missing(&coverage.client), ["GET /b"]);
        assert!(coverage.missing(&coverage.server).is_empty());
    }
}
