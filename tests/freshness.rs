//! Every checked-in generated crate must be exactly what `cargo xtask codegen` makes: `generated/`
//! from `spec/auth_get.yaml`, `tests/generated-behaviour/` from
//! `tests/fixtures/types/behaviour.yaml`, and `tests/generated-webhooks/` from
//! `tests/fixtures/types/webhooks.yaml`.

use xtask::codegen_command::{Request, plan};

#[test]
fn checked_in_generated_crates_are_up_to_date() {
    let mut stale = Vec::new();
    for request in Request::default_jobs(&api_tests::root()) {
        let (_, changes) = plan(&request).unwrap_or_else(|e| panic!("{e}"));
        if !changes.is_empty() {
            stale.push(format!(
                "{} is stale with {} (rewrite: {:?}, remove: {:?})",
                request.out.display(),
                request.spec_name,
                changes.write,
                changes.remove
            ));
        }
    }
    assert!(
        stale.is_empty(),
        "{}\nrun `cargo xtask codegen` and commit the result",
        stale.join("\n")
    );
}

#[test]
fn generation_is_deterministic() {
    for request in Request::default_jobs(&api_tests::root()) {
        let text = std::fs::read_to_string(&request.spec).expect("read spec");
        let first = codegen::generate(&text, &request.options).expect("generate");
        let second = codegen::generate(&text, &request.options).expect("generate again");
        assert_eq!(first.files, second.files, "{}", request.spec_name);
    }
}
