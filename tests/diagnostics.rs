//! Broken specs: every one is rejected with located, explained errors, and none panics.
//!
//! Each file in `tests/fixtures/invalid/` has one problem, named by the file and described by its
//! first line. For each, [`every_invalid_fixture_is_rejected_with_located_errors`] checks the
//! invariants every error must keep and snapshots the rendered diagnostics; the other tests pin
//! down the cases the issue names one by one.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use codegen::{Diagnostic, Diagnostics, Options, Severity};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/invalid")
}

/// Every fixture, sorted by file name.
fn fixtures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .expect("tests/fixtures/invalid exists")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    files.sort();
    files
}

fn source_name(path: &Path) -> String {
    format!(
        "invalid/{}",
        path.file_name()
            .and_then(|n| n.to_str())
            .expect("utf-8 file name")
    )
}

/// Generates from `text`, turning a panic into a test failure that names the fixture.
fn generate_caught(name: &str, text: &str) -> Result<codegen::Generated, Diagnostics> {
    let options = Options::new("broken", name);
    catch_unwind(AssertUnwindSafe(|| codegen::generate(text, &options)))
        .unwrap_or_else(|_| panic!("{name}: the generator panicked"))
}

/// The diagnostics for the fixture `file`, which must be rejected.
fn reject(file: &str) -> Diagnostics {
    let path = fixtures_dir().join(file);
    let text = std::fs::read_to_string(&path).expect("fixture is readable");
    match generate_caught(file, &text) {
        Ok(_) => panic!("{file}: generated code from a broken spec"),
        Err(d) => d,
    }
}

/// The only error of `d`, or a failure listing all of them.
fn only_error(file: &str, d: &Diagnostics) -> Diagnostic {
    let errors: Vec<&Diagnostic> = d.0.iter().filter(|d| d.is_error()).collect();
    assert_eq!(
        errors.len(),
        1,
        "{file}: expected one error, got:\n{}",
        d.render(file)
    );
    errors[0].clone()
}

fn line_of(file: &str, d: &Diagnostic) -> usize {
    d.position
        .unwrap_or_else(|| panic!("{file}: no line for {d}"))
        .0
}

/// The 1-based line of `file` on which `needle` first occurs, comments aside.
/// Asserts that `e` is at `pointer`, on the line of the fixture that contains `needle`.
fn assert_located(file: &str, e: &Diagnostic, pointer: &str, needle: &str) {
    assert_eq!(e.pointer, pointer, "{file}: {e}");
    assert_eq!(
        line_of(file, e),
        line_containing(file, needle),
        "{file}: {e}"
    );
}

fn line_containing(file: &str, needle: &str) -> usize {
    let text = std::fs::read_to_string(fixtures_dir().join(file)).expect("fixture is readable");
    text.lines()
        .position(|l| !l.starts_with('#') && l.contains(needle))
        .unwrap_or_else(|| panic!("{file}: no line contains {needle:?}"))
        + 1
}

#[test]
fn every_invalid_fixture_is_rejected_with_located_errors() {
    let files = fixtures();
    assert!(
        files.len() >= 20,
        "expected at least 20 broken specs, found {}",
        files.len()
    );
    let mut problems = Vec::new();
    for path in &files {
        let name = source_name(path);
        let text = std::fs::read_to_string(path).expect("fixture is readable");
        let is_json = path.extension().is_some_and(|e| e == "json");
        if is_json {
            assert!(
                text.contains("\"x-fixture\""),
                "{name}: say what is wrong in an `x-fixture` member"
            );
        } else {
            assert!(
                text.starts_with("# "),
                "{name}: start with a comment saying what is wrong"
            );
        }
        let result = catch_unwind(AssertUnwindSafe(|| {
            codegen::generate(&text, &Options::new("broken", &name))
        }));
        let diagnostics = match result {
            Err(_) => {
                problems.push(format!("{name}: panicked"));
                continue;
            }
            Ok(Ok(_)) => {
                problems.push(format!("{name}: generated code from a broken spec"));
                continue;
            }
            Ok(Err(d)) => d,
        };
        if !diagnostics.has_errors() {
            problems.push(format!("{name}: rejected without an error"));
        }
        // Errors come before warnings.
        let first_warning = diagnostics
            .0
            .iter()
            .position(|d| d.severity == Severity::Warning);
        if first_warning.is_some_and(|w| diagnostics.0[w..].iter().any(Diagnostic::is_error)) {
            problems.push(format!("{name}: an error follows a warning"));
        }
        for d in diagnostics.0.iter().filter(|d| d.is_error()) {
            if d.message.trim().is_empty() {
                problems.push(format!(
                    "{name}: an error without a message at #{}",
                    d.pointer
                ));
            }
            if d.hint.as_deref().is_none_or(|h| h.trim().is_empty()) {
                problems.push(format!("{name}: error without a hint: {}", d.message));
            }
            match d.position {
                None => problems.push(format!("{name}: error without a line: {}", d.message)),
                Some((line, column)) => {
                    let lines = text.lines().count().max(1);
                    if line == 0 || column == 0 || line > lines + 1 {
                        problems.push(format!(
                            "{name}: position {line}:{column} is outside the text"
                        ));
                    }
                }
            }
            if !d.pointer.is_empty() && !d.pointer.starts_with('/') {
                problems.push(format!("{name}: {:?} is not a JSON pointer", d.pointer));
            }
        }
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("utf-8 file name");
        insta::assert_snapshot!(stem, diagnostics.render(&name));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn yaml_syntax_error_has_line_and_column() {
    let file = "yaml_syntax.yaml";
    let e = only_error(file, &reject(file));
    assert!(e.message.contains("YAML syntax error"), "{e}");
    let (line, column) = e.position.expect("a position");
    // The parser notices the unclosed `[` of line 6 at the next key, on line 7, and says both.
    assert_eq!(line, line_containing(file, "paths:"), "{e}");
    assert!(column >= 1, "{e}");
    assert!(
        e.message
            .contains("flow sequence (which starts at line 6, column 9)"),
        "{e}"
    );
    let rendered = reject(file).render(file);
    assert!(
        rendered.starts_with(&format!("error: {file}:{line}:{column}: ")),
        "{rendered}"
    );
}

#[test]
fn tab_indentation_is_a_located_syntax_error() {
    let file = "tab_indentation.yaml";
    let e = only_error(file, &reject(file));
    assert!(e.message.contains("YAML syntax error"), "{e}");
    assert!(e.message.contains("tab"), "{e}");
    assert_eq!(line_of(file, &e), line_containing(file, "\ttitle"), "{e}");
}

#[test]
fn json_syntax_error_has_line_and_column() {
    let file = "bad_json.json";
    let e = only_error(file, &reject(file));
    assert!(e.message.contains("JSON syntax error"), "{e}");
    assert_eq!(
        line_of(file, &e),
        line_containing(file, "\"type\": \"object\", }"),
        "{e}"
    );
}

#[test]
fn wrong_type_names_the_pointer_and_line() {
    let file = "wrong_type_info_title.yaml";
    let e = only_error(file, &reject(file));
    assert_eq!(e.pointer, "/info/title", "{e}");
    assert!(e.message.contains("string"), "{e}");
    assert_eq!(line_of(file, &e), line_containing(file, "title:"), "{e}");
    assert!(reject(file).render(file).contains("at #/info/title: "));
}

#[test]
fn wrong_type_in_json_names_the_pointer_and_line() {
    let file = "wrong_type_json.json";
    let e = only_error(file, &reject(file));
    assert_located(file, &e, "/info/title", "\"title\": [");
}

/// `openapiv3` reads schemas, parameters, `paths` and `responses` through buffers below which
/// serde loses the path; the loader still names the very node that is wrong.
#[test]
fn wrong_type_deep_inside_buffered_objects_names_the_node() {
    for (file, at, needle, hint) in [
        (
            "wrong_type_required_bool.yaml",
            "/components/schemas/Pet/required",
            "required: true",
            "a list",
        ),
        (
            "wrong_type_properties_list.yaml",
            "/components/schemas/Pet/properties",
            "properties:",
            "a mapping",
        ),
        (
            "wrong_type_format_number.yaml",
            "/components/schemas/Pet/properties/id/format",
            "format: 64",
            "a string",
        ),
        (
            "wrong_type_parameter_required.yaml",
            "/paths/~1pets/get/parameters/0/required",
            "required: \"yes\"",
            "a boolean",
        ),
        (
            "parameter_in_body.yaml",
            "/paths/~1pets/post/parameters/0/in",
            "in: body",
            "requestBody",
        ),
        ("paths_as_list.yaml", "/paths", "paths:", "a mapping"),
        ("missing_info.yaml", "", "openapi:", "`info`"),
    ] {
        let e = only_error(file, &reject(file));
        assert_located(file, &e, at, needle);
        assert!(
            e.hint.as_deref().unwrap_or_default().contains(hint),
            "{file}: {e}"
        );
    }
}

/// Keys `openapiv3` would skip without a word are errors, so that no operation or response
/// silently goes missing from the generated code.
#[test]
fn keys_openapiv3_would_drop_are_errors() {
    for (file, at, needle) in [
        (
            "bad_status_code.yaml",
            "/paths/~1pets/get/responses/OK",
            "OK:",
        ),
        ("path_without_slash.yaml", "/paths/pets", "pets:"),
    ] {
        let e = only_error(file, &reject(file));
        assert_located(file, &e, at, needle);
    }
}

/// `openapiv3` panics on a schema whose `title` is `.nan`; the loader rejects non-finite numbers
/// before it gets there.
#[test]
fn non_finite_numbers_are_errors_not_panics() {
    let file = "nan_number.yaml";
    let e = only_error(file, &reject(file));
    assert_located(file, &e, "/components/schemas/Pet/title", "title: .nan");
    for value in [".inf", "-.inf", ".NaN"] {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    A: {{title: {value}}}\n"
        );
        let d = generate_caught(value, &text).expect_err("not JSON");
        assert_eq!(d.0[0].pointer, "/components/schemas/A/title", "{value}");
    }
}

#[test]
fn bad_merge_key_points_at_the_merge_key() {
    let file = "bad_merge_key.yaml";
    let e = only_error(file, &reject(file));
    assert_eq!(e.pointer, "/info/<<", "{e}");
    assert!(e.message.contains("merge"), "{e}");
    assert_eq!(line_of(file, &e), line_containing(file, "<<: 5"), "{e}");
}

#[test]
fn dangling_ref_names_the_ref_its_line_and_the_missing_name() {
    let file = "dangling_ref.yaml";
    let e = only_error(file, &reject(file));
    assert_eq!(e.pointer, "/components/schemas/Pet/properties/owner", "{e}");
    assert!(e.message.contains("#/components/schemas/Owner"), "{e}");
    assert!(e.message.contains("`Owner`"), "{e}");
    assert_eq!(line_of(file, &e), line_containing(file, "owner:"), "{e}");
}

#[test]
fn dangling_ref_with_a_typo_suggests_the_name() {
    let file = "dangling_ref_typo.yaml";
    let e = only_error(file, &reject(file));
    assert_eq!(e.pointer, "/components/schemas/Pets/items", "{e}");
    assert!(e.message.contains("`Pett`"), "{e}");
    let hint = e.hint.as_deref().expect("a hint");
    assert!(
        hint.contains("did you mean") && hint.contains("`Pet`"),
        "{e}"
    );
    assert_eq!(line_of(file, &e), line_containing(file, "items:"), "{e}");
}

#[test]
fn dangling_parameter_ref_suggests_nothing_unrelated() {
    let file = "dangling_parameter_ref.yaml";
    let e = only_error(file, &reject(file));
    assert_eq!(e.pointer, "/paths/~1pets/get/parameters/0", "{e}");
    assert!(e.message.contains("`Limit`"), "{e}");
    assert!(
        !e.hint.as_deref().unwrap_or_default().contains("Offset"),
        "{e}"
    );
    assert_eq!(line_of(file, &e), line_containing(file, "- $ref"), "{e}");
}

#[test]
fn external_ref_says_external() {
    for (file, at, needle) in [
        (
            "external_ref.yaml",
            "/components/schemas/Pet/properties/owner",
            "owner:",
        ),
        (
            "external_ref_url.yaml",
            "/paths/~1pets/post/requestBody/content/application~1json/schema",
            "schema:",
        ),
    ] {
        let e = only_error(file, &reject(file));
        assert_eq!(e.pointer, at, "{file}: {e}");
        assert!(e.message.contains("external"), "{file}: {e}");
        assert_eq!(
            line_of(file, &e),
            line_containing(file, needle),
            "{file}: {e}"
        );
    }
}

/// `serde_yaml` says only "duplicate entry" and where the mapping starts; the loader names the
/// key, points at its second occurrence, and says where the first is.
#[test]
fn duplicate_keys_name_the_key_and_both_lines() {
    for (file, key, at) in [
        ("duplicate_keys.yaml", "info", "/info"),
        (
            "duplicate_keys_in_schema_properties.yaml",
            "name",
            "/components/schemas/Pet/properties/name",
        ),
        ("duplicate_keys_json.json", "Pet", "/components/schemas/Pet"),
    ] {
        let e = only_error(file, &reject(file));
        assert_eq!(e.pointer, at, "{file}: {e}");
        assert!(
            e.message.contains(&format!("duplicate key `{key}`")),
            "{file}: {e}"
        );
        let text = std::fs::read_to_string(fixtures_dir().join(file)).expect("fixture is readable");
        let lines: Vec<usize> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| {
                let l = l.trim_start();
                l.starts_with(&format!("{key}:")) || l.starts_with(&format!("\"{key}\":"))
            })
            .map(|(i, _)| i + 1)
            .collect();
        let [first, second] = lines[..] else {
            panic!("{file}: `{key}` is not written exactly twice: {lines:?}");
        };
        assert_eq!(line_of(file, &e), second, "{file}: {e}");
        assert!(
            e.message
                .contains(&format!("first written at line {first},")),
            "{file}: {e}"
        );
    }
}

#[test]
fn version_problems_point_at_the_version() {
    for (file, at, needle) in [
        ("unquoted_version_number.yaml", "/openapi", "quote"),
        ("unknown_openapi_version.yaml", "/openapi", "2.0.0"),
        ("missing_openapi.yaml", "", "no `openapi`"),
    ] {
        let e = only_error(file, &reject(file));
        assert_eq!(e.pointer, at, "{file}: {e}");
        let text = format!("{} {}", e.message, e.hint.as_deref().unwrap_or_default());
        assert!(text.contains(needle), "{file}: {e}");
        assert!(e.position.is_some(), "{file}: {e}");
    }
}

/// Swagger 2.0 documents are read through their OpenAPI 3.0 form: errors found in that form
/// name the place of the 2.0 document (`#/definitions/Pet`, a body parameter's schema) and its
/// line.
#[test]
fn swagger_2_errors_name_the_swagger_2_place() {
    for (file, at, needle) in [
        (
            "swagger2_dangling_definition_ref.yaml",
            "/paths/~1pets/get/responses/200/schema",
            "schema: {$ref: '#/definitions/Pett'}",
        ),
        (
            "swagger2_wrong_type_in_definition.yaml",
            "/definitions/Pet/properties/name/maxLength",
            "maxLength: many",
        ),
        (
            "swagger2_wrong_type_in_body_parameter.yaml",
            "/paths/~1pets/post/parameters/1/schema/required",
            "required: true",
        ),
        (
            "swagger2_ref_into_body_parameter.yaml",
            "/paths/~1pets/get/responses/200/schema",
            "schema: {$ref: '#/parameters/PetBody/schema'}",
        ),
        (
            "swagger2_oauth2_without_flow.yaml",
            "/securityDefinitions/oauth/flow",
            "oauth:",
        ),
    ] {
        let e = only_error(file, &reject(file));
        assert!(!e.message.contains("components"), "{file}: {e}");
        assert_located(file, &e, at, needle);
    }
    let e = only_error(
        "swagger2_dangling_definition_ref.yaml",
        &reject("swagger2_dangling_definition_ref.yaml"),
    );
    assert!(e.message.contains("#/definitions/Pett"), "{e}");
}

#[test]
fn empty_and_non_mapping_documents_are_explained() {
    let e = only_error("empty.yaml", &reject("empty.yaml"));
    assert!(e.message.contains("empty"), "{e}");
    let e = only_error("not_a_mapping.yaml", &reject("not_a_mapping.yaml"));
    assert!(e.message.contains("not a mapping"), "{e}");
    // Nor is anything generated from documents that are nothing at all.
    for text in ["", "   \n\t\n", "~", "null", "[]", "42", "\"openapi\""] {
        let d = generate_caught("inline", text).expect_err("not a document");
        assert!(d.has_errors(), "{text:?}");
    }
}

/// Checks made on the YAML value before `openapiv3` reads it: what it would panic on, recurse
/// on forever further down, or read in one place and refuse in another.
#[test]
fn values_openapiv3_mishandles_are_errors() {
    for (file, at, needle) in [
        (
            "allof_empty.yaml",
            "/components/schemas/Pet/allOf",
            "lists no schemas",
        ),
        ("yaml_tag.yaml", "/info/title", "`!Sub`"),
        (
            "non_string_key_collision.yaml",
            "/components/schemas/Pet/properties/1",
            "`1`",
        ),
    ] {
        let e = only_error(file, &reject(file));
        assert_eq!(e.pointer, at, "{file}: {e}");
        assert!(e.message.contains(needle), "{file}: {e}");
    }
    // Number keys are read as the strings JSON would have, so `200:` and `1:` are fine.
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\ncomponents:\n  schemas:\n    A: {type: object, properties: {1: {type: string}}}\n";
    let generated = generate_caught("number_keys", text).expect("number keys are strings");
    let types = generated.file("src/types.rs").expect("types");
    assert!(types.contains("rename = \"1\""), "{types}");
}

#[test]
fn every_problem_is_reported_not_only_the_first() {
    let file = "several_errors.yaml";
    let d = reject(file);
    assert_eq!(d.error_count(), 3, "{}", d.render(file));
    let pointers: Vec<&str> = d.0.iter().map(|d| d.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/components/schemas/Pet/properties/owner",
            "/components/schemas/Pet/properties/tag",
            "/components/schemas/Pet/properties/shape/type",
        ],
        "{}",
        d.render(file)
    );
    let lines: Vec<usize> = d.0.iter().map(|e| line_of(file, e)).collect();
    assert_eq!(
        lines,
        [
            line_containing(file, "owner:"),
            line_containing(file, "tag:"),
            line_containing(file, "type: strin")
        ]
    );
}

/// The real-world spec beside the checkout, if it is there (CI has it).
fn plaid_spec() -> Option<String> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs/plaid/2020-09-14.yml");
    std::fs::read_to_string(path).ok()
}

/// In a 3 MB spec, a wrong type in the last of 339 paths is still found at its node, and fast:
/// the search for the node halves the list of paths instead of trying each.
#[test]
fn wrong_type_deep_in_a_large_spec_is_found_quickly() {
    let Some(text) = plaid_spec() else {
        eprintln!("skipped: ../shared/specs/plaid/2020-09-14.yml is not beside the checkout");
        return;
    };
    let needle = "state' query parameter.\n        schema:\n          type: string\n        required: false\n";
    let at = text
        .rfind(needle)
        .expect("the last path's OAUTH-STATE-ID header");
    let broken = format!(
        "{}{}",
        &text[..at],
        text[at..].replacen("required: false", "required: \"no\"", 1)
    );
    let started = std::time::Instant::now();
    let d = generate_caught("plaid.yml", &broken).expect_err("a wrong type");
    let elapsed = started.elapsed();
    let e = only_error("plaid.yml", &d);
    assert_eq!(
        e.pointer, "/paths/~1fdx~1recipient~1{recipientId}/get/parameters/1/required",
        "{e}"
    );
    let line = broken[..broken.rfind("required: \"no\"").expect("injected")]
        .lines()
        .count();
    assert_eq!(e.position.map(|p| p.0), Some(line), "{e}");
    eprintln!("located in {elapsed:?}");
    assert!(elapsed.as_secs() < 60, "took {elapsed:?}");
}
