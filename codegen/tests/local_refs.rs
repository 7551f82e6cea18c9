//! `$ref`s to places other than the components, of every kind the generator reads, generated
//! from `tests/fixtures/local_refs.yaml` into a crate whose client and server are tested
//! against each other (`local_refs_e2e/e2e.rs`).

mod support;

#[test]
fn local_refs_fixture_compiles_cleanly_and_works_end_to_end() {
    let fixture = support::E2eFixture {
        source: "tests/fixtures/local_refs.yaml",
        crate_name: "local-refs-fixture",
        e2e: include_str!("local_refs_e2e/e2e.rs"),
        dev_dependencies: &[],
    };
    let out = fixture.generate();
    assert!(
        out.api.operations.iter().all(|op| op.unsupported.is_none()),
        "{:?}",
        out.warnings
    );
    fixture.write_and_test(&out);
}
