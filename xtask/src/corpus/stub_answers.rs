//! The generated stub's answers, checked like the spec's examples: each is deserialized into
//! its generated type by the checker. An operation whose answer the generator could not build
//! (no example conforms to the schema, and none could be built from it) is listed.

use codegen::model::Api;

use super::checker::Entry;

/// What the stub answers for every served operation of `api` that answers with a typed body:
/// the answers as checker entries, labelled `{relative}#{pointer} (stub answer)` so that no
/// known-bad entry can excuse them, and the operations (`METHOD /path`) without an answer.
pub fn stub_answers(relative: &str, api: &Api) -> (Vec<Entry>, Vec<String>) {
    let mut entries = Vec::new();
    let mut missing = Vec::new();
    for op in api.operations.iter().filter(|o| o.unsupported.is_none()) {
        let Some(answer) = &op.answer else {
            continue;
        };
        let content = op
            .responses
            .get(answer.response)
            .zip(answer.content)
            .and_then(|(r, i)| r.contents.get(i));
        let Some(ty) = content.and_then(|c| c.body.ty()) else {
            continue;
        };
        match &answer.sample {
            Some(value) => entries.push(Entry {
                label: format!("{relative}#{} (stub answer)", answer.pointer),
                pointer: answer.pointer.clone(),
                ty: ty.clone(),
                value: value.clone(),
            }),
            None => missing.push(format!("{} {}", op.method, op.path)),
        }
    }
    (entries, missing)
}
