//! Giving a referenced node a place among the components: a key derived from where it was
//! written, and the move that leaves a `$ref` to the new place behind.

use std::collections::HashSet;

use serde_yaml::{Mapping, Value};

use crate::load::SourceMap;
use crate::load::normalize::structure::{Kind, Slot};
use crate::load::{key_token, tree};
use crate::lower::RESERVED_TYPE_NAMES;
use crate::lower::names::camel;
use crate::pointer;

/// A node to move into `components/<collection>/<key>`.
#[derive(Debug)]
pub(super) struct Hoist {
    /// Where the node is, in the document as it is now.
    pub(super) at: Vec<String>,
    pub(super) collection: &'static str,
    pub(super) key: String,
}

impl Hoist {
    /// The `$ref` of the node's new place.
    pub(super) fn reference(&self) -> String {
        pointer::to_reference(["components", self.collection, &self.key])
    }
}

/// The keys of one components collection, and the Rust names lowering will make of them.
pub(super) struct Keys {
    keys: HashSet<String>,
    rust_names: HashSet<String>,
}

impl Keys {
    /// The keys `components/<collection>` of `doc` already has.
    pub(super) fn of(doc: &Value, collection: &str) -> Keys {
        let existing: Vec<String> = doc
            .get("components")
            .and_then(|c| c.get(collection))
            .map(tree::child_tokens)
            .unwrap_or_default();
        let rust_names = existing
            .iter()
            .map(|k| camel(k, "T"))
            .chain(RESERVED_TYPE_NAMES.iter().map(|n| (*n).to_owned()))
            .collect();
        Keys {
            keys: existing.into_iter().collect(),
            rust_names,
        }
    }

    /// Keeps `names` from being claimed: names `$ref`s use, also where nothing has them (a
    /// reference that names nothing must not come to name a hoisted node).
    pub(super) fn reserve<'n>(&mut self, names: impl IntoIterator<Item = &'n String>) {
        self.keys.extend(names.into_iter().cloned());
    }

    /// `wanted`, or `wanted_2`, `wanted_3`, …: the first that is neither a key nor, made a Rust
    /// name, the name of one (so lowering has no clash to rename and warn about).
    pub(super) fn claim(&mut self, wanted: &str) -> String {
        let mut n = 1;
        loop {
            let key = match n {
                1 => wanted.to_owned(),
                _ => format!("{wanted}_{n}"),
            };
            let rust_name = camel(&key, "T");
            if !self.keys.contains(&key) && !self.rust_names.contains(&rust_name) {
                self.keys.insert(key.clone());
                self.rust_names.insert(rust_name);
                return key;
            }
            n += 1;
        }
    }
}

/// A readable key for a node written at `original`: its path, without the keywords that only
/// say what a member holds (`properties`, `content`, `schema`, the collection it is hoisted
/// into), and with an operation's path and method replaced by its `operationId`. So
/// `/components/schemas/Pet/properties/owner` gives `Pet_owner`, and
/// `/paths/~1pets/get/responses/200/content/application~1json/schema` of operation
/// `listPets` gives `listPets_responses_200_application_json`.
pub(super) fn wanted_key(doc: &Value, original: &[String], collection: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut slot = Slot::ROOT;
    let mut rest = original;
    if let [paths, path, method, tail @ ..] = original {
        let id = tree::node_at(doc, &[paths.clone(), path.clone(), method.clone()])
            .and_then(|op| op.get("operationId"))
            .and_then(Value::as_str);
        if let (Slot::Object(Kind::Operation), Some(id)) = (Slot::at(&original[..3]), id) {
            words.push(id.to_owned());
            slot = Slot::Object(Kind::Operation);
            rest = tail;
        }
    }
    for token in rest {
        let keyword = match slot {
            Slot::Object(kind) => is_keyword(kind, token, collection),
            _ => false,
        };
        if !keyword {
            words.push(token.clone());
        }
        slot = slot.child(token);
    }
    let key: Vec<String> = words
        .iter()
        .map(|w| sanitize(w))
        .filter(|w| !w.is_empty())
        .collect();
    match key.is_empty() {
        true => "Inline".to_owned(),
        false => key.join("_"),
    }
}

/// Whether `token`, a member of an object of `kind`, is a keyword a key can do without.
fn is_keyword(kind: Kind, token: &str, collection: &str) -> bool {
    match (kind, token) {
        (Kind::Document, "paths" | "components") | (Kind::Schema, "properties") => true,
        (Kind::Components, c) => c == collection,
        (Kind::Response | Kind::RequestBody | Kind::Parameter | Kind::Header, "content") => true,
        (Kind::Parameter | Kind::Header | Kind::MediaType, "schema") => true,
        _ => false,
    }
}

/// The characters OpenAPI allows in a component key (`^[a-zA-Z0-9\.\-_]+$`); runs of others
/// become one `_`, none at either end.
fn sanitize(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_owned()
}

/// Moves every node of `hoists` to its component, deepest first (a node inside another leaves
/// its `$ref` in it before the outer one moves), leaving a `$ref` behind; the new components
/// are added in the order of `hoists`. Each move is recorded in `map`.
pub(super) fn move_all(doc: &mut Value, hoists: &[Hoist], map: &mut SourceMap) {
    let mut order: Vec<usize> = (0..hoists.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(hoists[i].at.len()));
    let mut moved: Vec<Option<Value>> = vec![None; hoists.len()];
    for i in order {
        let hoist = &hoists[i];
        if let Some(node) = tree::node_at_mut(doc, &hoist.at) {
            let stub = reference_to(hoist.reference());
            moved[i] = Some(std::mem::replace(node, stub));
        }
    }
    for (hoist, node) in hoists.iter().zip(moved) {
        let Some(node) = node else { continue };
        let Some(collection) = collection_mut(doc, hoist.collection) else {
            continue;
        };
        collection.insert(Value::String(hoist.key.clone()), node);
        let to = pointer::join("", ["components", hoist.collection, &hoist.key]);
        map.record(&pointer::join("", &hoist.at), &to);
    }
}

/// A Reference Object.
fn reference_to(reference: String) -> Value {
    let mut m = Mapping::new();
    m.insert(Value::String("$ref".to_owned()), Value::String(reference));
    Value::Mapping(m)
}

/// `components/<collection>` of `doc`, made when missing; `None` when something else than a
/// mapping is in the way (the document's own error then).
pub(super) fn collection_mut<'d>(doc: &'d mut Value, collection: &str) -> Option<&'d mut Mapping> {
    let mut node = doc;
    for key in ["components", collection] {
        let m = node.as_mapping_mut()?;
        if !m.keys().any(|k| key_token(k).as_deref() == Some(key)) {
            m.insert(
                Value::String(key.to_owned()),
                Value::Mapping(Mapping::new()),
            );
        }
        node = tree::child_mut(node, key)?;
    }
    node.as_mapping_mut()
}

/// Whether `components/<collection>` can take new members: absent, or a mapping.
pub(super) fn can_hold(doc: &Value, collection: &str) -> bool {
    match doc.get("components") {
        None => true,
        Some(Value::Mapping(c)) => c.get(collection).is_none_or(Value::is_mapping),
        Some(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(doc: &str, original: &str, collection: &str) -> String {
        let doc: Value = serde_yaml::from_str(doc).expect("YAML");
        wanted_key(&doc, &pointer::tokens(original), collection)
    }

    #[test]
    fn keys_say_where_the_node_was() {
        let doc = "paths: {'/pets/{id}': {get: {operationId: getPet}, put: {}}}";
        assert_eq!(
            key(doc, "/components/schemas/Tag/allOf/0", "schemas"),
            "Tag_allOf_0"
        );
        assert_eq!(
            key(doc, "/components/schemas/A/properties/b/items", "schemas"),
            "A_b_items"
        );
        assert_eq!(
            key(
                doc,
                "/components/schemas/A/properties/properties",
                "schemas"
            ),
            "A_properties",
            "a property named like the keyword is kept"
        );
        assert_eq!(
            key(
                doc,
                "/components/responses/Conflict/content/application~1json/schema",
                "schemas"
            ),
            "responses_Conflict_application_json"
        );
        assert_eq!(
            key(
                doc,
                "/paths/~1pets~1{id}/get/responses/200/content/application~1json/schema/properties/data",
                "schemas"
            ),
            "getPet_responses_200_application_json_data"
        );
        assert_eq!(
            key(doc, "/paths/~1pets~1{id}/put/parameters/0", "parameters"),
            "pets_id_put_parameters_0"
        );
        assert_eq!(key(doc, "/x-défs/Ünïcode", "schemas"), "x-d_fs_n_code");
    }

    #[test]
    fn claims_keys_no_other_key_or_rust_name_has() {
        let doc: Value =
            serde_yaml::from_str("components: {schemas: {A_b: {}, a_b_items: {}}}").expect("YAML");
        let mut keys = Keys::of(&doc, "schemas");
        assert_eq!(keys.claim("A_b"), "A_b_2");
        assert_eq!(
            keys.claim("A-b-items"),
            "A-b-items_2",
            "its Rust name is taken"
        );
        assert_eq!(keys.claim("A_b"), "A_b_3");
        assert_eq!(keys.claim("SecretString"), "SecretString_2");
        keys.reserve(&["Dangling".to_owned()]);
        assert_eq!(keys.claim("Dangling"), "Dangling_2");
    }

    #[test]
    fn moves_deepest_first_and_records_the_moves() {
        let mut doc: Value = serde_yaml::from_str(
            "components: {schemas: {A: {properties: {b: {properties: {c: {type: string}}}}}}}",
        )
        .expect("YAML");
        let hoists = [
            Hoist {
                at: pointer::tokens("/components/schemas/A/properties/b"),
                collection: "schemas",
                key: "A_b".to_owned(),
            },
            Hoist {
                at: pointer::tokens("/components/schemas/A/properties/b/properties/c"),
                collection: "schemas",
                key: "A_b_c".to_owned(),
            },
        ];
        let mut map = SourceMap::default();
        move_all(&mut doc, &hoists, &mut map);
        let expected: Value = serde_yaml::from_str(
            "components: {schemas: {A: {properties: {b: {$ref: '#/components/schemas/A_b'}}}, A_b: {properties: {c: {$ref: '#/components/schemas/A_b_c'}}}, A_b_c: {type: string}}}",
        )
        .expect("YAML");
        assert_eq!(doc, expected);
        assert_eq!(
            map.original("/components/schemas/A_b_c/type"),
            "/components/schemas/A/properties/b/properties/c/type"
        );
    }
}
