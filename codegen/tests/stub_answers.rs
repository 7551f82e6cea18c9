//! Every fixture spec's stub answers each operation that has a typed success body with a value
//! the generator checked against the schema (a JSON Schema validator): no operation is left
//! without an answer, and none gets the fallback for schemas no value conforms to. Whether
//! each answer reads as its generated type is checked where the crates are built (the
//! type-mapping tests compile every fixture's stub; `tests/stub.rs` serves one; the corpus
//! deserializes every answer).

use std::path::{Path, PathBuf};

use codegen::Options;
use codegen::model::ResponseBody;

fn fixture_specs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let mut specs = vec![root.join("operations.yaml"), root.join("local_refs.yaml")];
    for dir in ["types", "operations", "openapi31"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "yaml" || e == "json") {
                specs.push(path);
            }
        }
    }
    specs.sort();
    specs
}

#[test]
fn every_fixture_operation_with_a_typed_success_body_has_a_conforming_answer() {
    let specs = fixture_specs();
    assert!(specs.len() > 40, "found only {} fixture specs", specs.len());
    let mut answered = 0;
    for path in &specs {
        let text = std::fs::read_to_string(path).expect("fixture readable");
        let name = path.display().to_string();
        let Ok(generated) = codegen::generate(&text, &Options::new("fixture", &name)) else {
            continue; // a fixture of refused specs is another test's
        };
        let warnings = generated.warnings.render(&name);
        assert!(
            !warnings.contains("no value conforms"),
            "{name}: a stub answer falls back:\n{warnings}"
        );
        for op in generated
            .api
            .operations
            .iter()
            .filter(|o| o.unsupported.is_none())
        {
            let Some(answer) = &op.answer else {
                continue;
            };
            let body = answer
                .content
                .and_then(|i| op.responses[answer.response].contents.get(i))
                .map(|c| &c.body);
            let typed = matches!(
                body,
                Some(
                    ResponseBody::Json(_)
                        | ResponseBody::EventStream { .. }
                        | ResponseBody::JsonStream { .. }
                )
            );
            if typed {
                assert!(
                    answer.sample.is_some(),
                    "{name}: {} {} has no answer",
                    op.method,
                    op.path
                );
                answered += 1;
            }
        }
    }
    assert!(
        answered > 50,
        "only {answered} typed answers across the fixtures"
    );
}
