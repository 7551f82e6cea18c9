//! One insta snapshot per generated file for `spec/auth_get.yaml`: a spec change shows up in
//! review as a diff of these files.

use xtask::codegen_command::Request;

#[test]
fn auth_get_generated_files() {
    let root = api_tests::root();
    let request = Request::default_for(&root);
    let text = std::fs::read_to_string(&request.spec).expect("read spec/auth_get.yaml");
    let generated = codegen::generate(&text, &request.options)
        .unwrap_or_else(|d| panic!("{}", d.render(xtask::DEFAULT_SPEC)));
    assert!(
        generated.warnings.0.is_empty(),
        "unexpected warnings:\n{}",
        generated.warnings.render(xtask::DEFAULT_SPEC)
    );
    let paths: Vec<&str> = generated.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "Cargo.toml",
            "src/lib.rs",
            "src/types.rs",
            "src/client.rs",
            "src/server.rs",
            "src/stub.rs",
            "api-surface.txt"
        ]
    );
    for file in &generated.files {
        let name = format!("auth_get__{}", file.path.replace(['/', '.'], "_"));
        insta::assert_snapshot!(name, file.contents);
    }
}
