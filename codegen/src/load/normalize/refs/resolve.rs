//! Reading a local `$ref`: the node it names, found by its JSON pointer, following the
//! references met on the way.

use serde_yaml::Value;

use crate::load::normalize::structure::{Kind, Slot};
use crate::load::tree;
use crate::pointer;

/// How many references one `$ref` may pass through before it is called a cycle.
pub(in crate::load::normalize) const MAX_HOPS: usize = 32;

/// Where a `$ref` leads.
#[derive(Debug, PartialEq, Eq)]
pub(in crate::load::normalize) enum Resolved {
    /// A member of the components collection of the kind expected: the form lowering reads.
    Component(Vec<String>),
    /// Any other node, with no `$ref` on the way: it must be given a place in the components
    /// (or be copied) to be read.
    Node(Vec<String>),
    /// A reference it only forwards to, which is not local: lowering reports it.
    External(String),
}

/// Why a `$ref` cannot be read.
#[derive(Debug, PartialEq, Eq)]
pub(in crate::load::normalize) enum Problem {
    /// `#name`: a fragment that is not a JSON pointer.
    NotAPointer,
    /// The pointer leads through a reference into another document.
    ThroughExternal(String),
    /// Nothing is there: the deepest node that exists, the token it lacks, and its children.
    Missing {
        found: Vec<String>,
        token: String,
        children: Vec<String>,
    },
    /// References that lead to each other and never to a definition.
    Cycle(Vec<String>),
    /// The node is an object of another kind than the `$ref`'s place expects.
    WrongKind(Kind),
    /// The node is a collection (`components/schemas`) or a scalar, not one object.
    NotAnObject(&'static str),
}

/// The reference tokens a `$ref` names, or `None` for a reference into another document.
/// The fragment is percent-decoded first; `raw` keeps it as written, for the documents whose
/// keys hold a `%`.
fn parse(reference: &str, raw: bool) -> Result<Option<Vec<String>>, Problem> {
    let Some(fragment) = reference.strip_prefix('#') else {
        return Ok(None);
    };
    if !fragment.is_empty() && !fragment.starts_with('/') {
        return Err(Problem::NotAPointer);
    }
    let decoded = match raw {
        true => None,
        false => pointer::from_fragment(fragment),
    };
    Ok(Some(pointer::tokens(
        decoded.as_deref().unwrap_or(fragment),
    )))
}

/// Resolves `$ref`s against one document.
pub(in crate::load::normalize) struct Resolver<'d> {
    pub(in crate::load::normalize) doc: &'d Value,
}

impl Resolver<'_> {
    /// Where the `$ref` `reference`, at a place that expects an object of `kind`, leads: through
    /// references on the way, and on through a target that is itself only a `$ref`, to a
    /// component of `kind` or to a node of it elsewhere.
    pub(in crate::load::normalize) fn resolve(
        &self,
        reference: &str,
        kind: Kind,
    ) -> Result<Resolved, Problem> {
        let mut followed = vec![reference.to_owned()];
        let mut current = reference.to_owned();
        loop {
            let Some(at) = self.locate(&current, &mut followed)? else {
                return Ok(Resolved::External(current));
            };
            if is_component_of(&at, kind) {
                return Ok(Resolved::Component(at));
            }
            let node = tree::node_at(self.doc, &at).ok_or_else(|| missing(&at))?;
            if tree::is_bare_reference(node) {
                let next = tree::reference(node).unwrap_or_default().to_owned();
                hop(&mut followed, &next)?;
                current = next;
                continue;
            }
            check_kind(&at, node, kind)?;
            return Ok(Resolved::Node(at));
        }
    }

    /// The tokens of the node `reference` names, with no `$ref` on the way; `None` when the
    /// reference is into another document. Tries the percent-decoded pointer first, then the
    /// pointer as written.
    fn locate(
        &self,
        reference: &str,
        followed: &mut Vec<String>,
    ) -> Result<Option<Vec<String>>, Problem> {
        let Some(tokens) = parse(reference, false)? else {
            return Ok(None);
        };
        match self.walk(&tokens, followed) {
            Err(missing @ Problem::Missing { .. }) => match parse(reference, true)? {
                Some(raw) if raw != tokens => self.walk(&raw, followed).map_err(|_| missing),
                _ => Err(missing),
            },
            walked => walked,
        }
        .map(Some)
    }

    /// Walks `tokens` from the root; a Reference Object met on the way stands for the node it
    /// names, so the tokens after it are read there.
    fn walk(&self, tokens: &[String], followed: &mut Vec<String>) -> Result<Vec<String>, Problem> {
        let mut at: Vec<String> = Vec::with_capacity(tokens.len());
        let mut node = self.doc;
        for token in tokens {
            while let Some(reference) = tree::reference(node).filter(|_| token != "$ref") {
                let reference = reference.to_owned();
                hop(followed, &reference)?;
                at = match parse(&reference, false)? {
                    Some(next) => self.walk(&next, followed)?,
                    None => return Err(Problem::ThroughExternal(reference)),
                };
                node = tree::node_at(self.doc, &at).ok_or_else(|| missing(&at))?;
            }
            match tree::child(node, token) {
                Some(child) => {
                    at.push(token.clone());
                    node = child;
                }
                None => {
                    return Err(Problem::Missing {
                        found: at,
                        token: token.clone(),
                        children: tree::child_tokens(node),
                    });
                }
            }
        }
        Ok(at)
    }
}

/// Whether `reference` has the form `#/components/<collection of kind>/<name>`, whether or not
/// that component exists.
pub(in crate::load::normalize) fn names_a_component(reference: &str, kind: Kind) -> bool {
    matches!(parse(reference, false), Ok(Some(tokens)) if is_component_of(&tokens, kind))
}

/// The collection and name `reference` names when it has the form
/// `#/components/<collection>/<name>`, with the name as written and percent-decoded.
pub(in crate::load::normalize) fn named_component(reference: &str) -> Vec<(String, String)> {
    [false, true]
        .into_iter()
        .filter_map(|raw| match parse(reference, raw) {
            Ok(Some(tokens)) => match <[String; 3]>::try_from(tokens) {
                Ok([components, collection, name]) if components == "components" => {
                    Some((collection, name))
                }
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// Whether `at` is `components/<collection of kind>/<name>`.
fn is_component_of(at: &[String], kind: Kind) -> bool {
    matches!(at, [components, collection, _]
        if components == "components" && Some(collection.as_str()) == kind.collection())
}

/// Counts one more reference followed; too many are a cycle.
fn hop(followed: &mut Vec<String>, reference: &str) -> Result<(), Problem> {
    followed.push(reference.to_owned());
    if followed.len() > MAX_HOPS {
        return Err(Problem::Cycle(std::mem::take(followed)));
    }
    Ok(())
}

/// A node that vanished between finding and reading it cannot happen; were it to, it is
/// reported as missing rather than trusted.
fn missing(at: &[String]) -> Problem {
    let (token, found) = at.split_last().map_or_else(
        || (String::new(), Vec::new()),
        |(last, rest)| (last.clone(), rest.to_vec()),
    );
    Problem::Missing {
        found,
        token,
        children: Vec::new(),
    }
}

/// Whether the node at `at` can stand where an object of `kind` is expected: an object of that
/// kind, or a mapping at a place the grammar does not describe (`#/x-definitions/Pet`).
fn check_kind(at: &[String], node: &Value, kind: Kind) -> Result<(), Problem> {
    match Slot::at(at) {
        Slot::Object(found) if found != kind => return Err(Problem::WrongKind(found)),
        Slot::Map(_) | Slot::List(_) => return Err(Problem::NotAnObject("a collection")),
        _ => {}
    }
    match node {
        Value::Mapping(_) => Ok(()),
        Value::Sequence(_) => Err(Problem::NotAnObject("a list")),
        Value::String(_) => Err(Problem::NotAnObject("a string")),
        Value::Number(_) => Err(Problem::NotAnObject("a number")),
        Value::Bool(_) => Err(Problem::NotAnObject("a boolean")),
        Value::Null => Err(Problem::NotAnObject("null")),
        Value::Tagged(_) => Err(Problem::NotAnObject("a tagged value")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r"
paths:
  /pets/{id}:
    get:
      responses:
        '200':
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
components:
  schemas:
    Pet:
      properties:
        tag: {$ref: '#/components/schemas/Tag/allOf/0'}
        alias: {$ref: '#/components/schemas/Pet/properties/tag'}
    Tag:
      allOf:
        - {type: object, properties: {name: {type: string}}}
    Loop: {$ref: '#/components/schemas/Loop/properties/x'}
  parameters:
    p: {name: p, in: query}
";

    fn resolve(reference: &str, kind: Kind) -> Result<Resolved, Problem> {
        let doc: Value = serde_yaml::from_str(DOC).expect("YAML");
        Resolver { doc: &doc }.resolve(reference, kind)
    }

    fn tokens(pointer: &str) -> Vec<String> {
        crate::pointer::tokens(pointer)
    }

    #[test]
    fn follows_references_on_the_way_and_at_the_end() {
        assert_eq!(
            resolve("#/components/schemas/Tag/allOf/0", Kind::Schema),
            Ok(Resolved::Node(tokens("/components/schemas/Tag/allOf/0")))
        );
        let through = "#/paths/~1pets~1%7Bid%7D/get/responses/200/content/application~1json/schema/properties/tag";
        assert_eq!(
            resolve(through, Kind::Schema),
            Ok(Resolved::Node(tokens("/components/schemas/Tag/allOf/0"))),
            "percent-decoded, through the $ref to Pet and on through the bare $ref of tag"
        );
        assert_eq!(
            resolve("#/components/schemas/Pet/properties/alias", Kind::Schema),
            Ok(Resolved::Node(tokens("/components/schemas/Tag/allOf/0")))
        );
        assert_eq!(
            resolve("#/components/schemas/Pet", Kind::Schema),
            Ok(Resolved::Component(tokens("/components/schemas/Pet")))
        );
        assert_eq!(
            resolve("other.yaml#/Pet", Kind::Schema),
            Ok(Resolved::External("other.yaml#/Pet".to_owned()))
        );
    }

    #[test]
    fn names_what_is_wrong() {
        assert_eq!(
            resolve("#/components/schemas/Tag/allOf/1", Kind::Schema),
            Err(Problem::Missing {
                found: tokens("/components/schemas/Tag/allOf"),
                token: "1".to_owned(),
                children: vec!["0".to_owned()],
            })
        );
        assert!(matches!(
            resolve("#/components/schemas/Loop/properties/x/type", Kind::Schema),
            Err(Problem::Cycle(_))
        ));
        assert_eq!(
            resolve("#/components/parameters/p", Kind::Schema),
            Err(Problem::WrongKind(Kind::Parameter))
        );
        assert_eq!(
            resolve("#/components/schemas", Kind::Schema),
            Err(Problem::NotAnObject("a collection"))
        );
        assert_eq!(
            resolve("#/components/schemas/Tag/allOf/0/type", Kind::Schema),
            Err(Problem::NotAnObject("a string"))
        );
        assert_eq!(resolve("#Pet", Kind::Schema), Err(Problem::NotAPointer));
    }
}
