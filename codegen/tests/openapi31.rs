//! OpenAPI 3.1 documents at run time: the fixture `tests/fixtures/openapi31/behaviour.yaml` is
//! generated into a crate under `target/`, linted with clippy and rustdoc, and its types run
//! through serde round trips (`openapi31_e2e/e2e.rs`): `type: [T, "null"]`, `anyOf`/`oneOf`
//! with `{type: "null"}` and `nullable` beside a `$ref`, required and optional, and `const`.

mod support;

const FIXTURE: &str = "tests/fixtures/openapi31/behaviour.yaml";

fn fixture() -> support::E2eFixture<'static> {
    support::E2eFixture {
        source: FIXTURE,
        crate_name: "openapi31-fixture",
        e2e: include_str!("openapi31_e2e/e2e.rs"),
        dev_dependencies: &[],
    }
}

/// The fixture generates without a warning (every 3.1 form in it is read as written), its crate
/// passes clippy and rustdoc, and null and absent fields round-trip as the spec means them.
#[test]
fn nullability_and_constants_round_trip() {
    let fixture = fixture();
    let out = fixture.generate();
    assert!(
        out.warnings.0.is_empty(),
        "{}",
        out.warnings.render(FIXTURE)
    );
    fixture.write_and_test(&out);
}
