//! `generated/` must be exactly what `cargo xtask codegen` makes from `spec/auth_get.yaml`.

use xtask::codegen_command::{Request, plan};

#[test]
fn checked_in_generated_crate_is_up_to_date() {
    let request = Request::default_for(&api_tests::root());
    let (_, changes) = plan(&request).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        changes.is_empty(),
        "generated/ is stale (rewrite: {:?}, remove: {:?}); run `cargo xtask codegen` and commit the result",
        changes.write,
        changes.remove
    );
}

#[test]
fn generation_is_deterministic() {
    let text =
        std::fs::read_to_string(api_tests::root().join(xtask::DEFAULT_SPEC)).expect("read spec");
    let options = Request::default_for(&api_tests::root()).options;
    let first = codegen::generate(&text, &options).expect("generate");
    let second = codegen::generate(&text, &options).expect("generate again");
    assert_eq!(first.files, second.files);
}
