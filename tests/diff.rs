//! `cargo xtask diff`: every spec-change case under `tests/fixtures/diff/<case>/{old,new}.yaml`
//! with the rule ids and levels it must produce, patches of `spec/auth_get.yaml`, and insta
//! snapshots of the text and JSON reports.

use codegen::diff::{self, Level, Report, Spec};

/// Each case and the changes (rule id, level) it must report, most severe first, then in spec
/// order. The fixtures share one small spec: `PetUpdate` is a request body, `Pet` and `Error`
/// are response bodies, `Kind` is used by both, `Legacy` by no operation.
const CASES: &[(&str, &[(&str, Level)])] = &[
    ("no_change", &[]),
    ("openapi31_form_of_the_same_spec", &[]),
    // A Swagger 2.0 spec and the same API written in OpenAPI 3.0.
    ("swagger2_vs_openapi30", &[]),
    (
        "request_required_property_added",
        &[("request-property-required-added", Level::Breaking)],
    ),
    (
        "request_optional_property_added",
        &[("request-property-added", Level::Info)],
    ),
    (
        "request_property_removed",
        &[("request-property-removed", Level::Warning)],
    ),
    (
        "request_property_made_required",
        &[("request-property-made-required", Level::Breaking)],
    ),
    (
        "request_property_made_optional",
        &[("request-property-made-optional", Level::Info)],
    ),
    (
        "request_max_length_tightened",
        &[("request-property-constraint-tightened", Level::Breaking)],
    ),
    (
        "request_max_length_loosened",
        &[("request-property-constraint-loosened", Level::Info)],
    ),
    (
        "request_enum_value_removed",
        &[("request-enum-value-removed", Level::Breaking)],
    ),
    (
        "request_enum_value_added",
        &[("request-enum-value-added", Level::Info)],
    ),
    (
        "request_property_type_changed",
        &[("request-property-type-changed", Level::Breaking)],
    ),
    (
        "request_property_made_non_nullable",
        &[("request-property-made-non-nullable", Level::Breaking)],
    ),
    (
        "request_property_default_changed",
        &[("request-property-default-changed", Level::Warning)],
    ),
    (
        "request_property_rust_type_only",
        &[("request-property-rust-type-changed", Level::Warning)],
    ),
    (
        "request_unknown_properties_refused",
        &[("request-unknown-properties-refused", Level::Breaking)],
    ),
    (
        "response_optional_property_added",
        &[("response-property-added", Level::Info)],
    ),
    (
        "response_required_property_added",
        &[("response-property-required-added", Level::Info)],
    ),
    (
        "response_required_property_removed",
        &[("response-property-required-removed", Level::Breaking)],
    ),
    (
        "response_optional_property_removed",
        &[("response-property-removed", Level::Warning)],
    ),
    (
        "response_property_made_optional",
        &[("response-property-made-optional", Level::Breaking)],
    ),
    (
        "response_property_made_nullable",
        &[("response-property-made-nullable", Level::Breaking)],
    ),
    (
        "response_minimum_tightened",
        &[("response-property-constraint-tightened", Level::Info)],
    ),
    (
        "response_enum_value_added",
        &[("response-enum-value-added", Level::Info)],
    ),
    (
        "response_enum_value_removed",
        &[("response-enum-value-removed", Level::Info)],
    ),
    (
        "response_status_removed",
        &[("response-status-removed", Level::Breaking)],
    ),
    (
        "response_status_added",
        &[("response-status-added", Level::Warning)],
    ),
    (
        "response_body_type_changed",
        &[("response-body-type-changed", Level::Breaking)],
    ),
    (
        "shared_enum_value_removed",
        &[
            ("request-enum-value-removed", Level::Breaking),
            ("response-enum-value-removed", Level::Info),
        ],
    ),
    (
        "shared_enum_value_added",
        &[
            ("request-enum-value-added", Level::Info),
            ("response-enum-value-added", Level::Info),
        ],
    ),
    ("schema_renamed", &[("schema-renamed", Level::Warning)]),
    (
        "schema_renamed_with_inline_type",
        &[
            ("schema-renamed", Level::Warning),
            ("schema-renamed", Level::Warning),
        ],
    ),
    ("schema_added", &[("schema-added", Level::Info)]),
    ("schema_removed", &[("schema-removed", Level::Warning)]),
    (
        "unused_schema_required_property_added",
        &[("schema-property-made-required", Level::Breaking)],
    ),
    ("operation_added", &[("operation-added", Level::Info)]),
    (
        "operation_removed",
        &[("operation-removed", Level::Breaking)],
    ),
    ("webhook_removed", &[("webhook-removed", Level::Breaking)]),
    (
        "webhook_payload_changed",
        &[("request-body-type-changed", Level::Breaking)],
    ),
    (
        "operation_renamed",
        &[("operation-renamed", Level::Warning)],
    ),
    (
        "operation_deprecated",
        &[("operation-deprecated", Level::Warning)],
    ),
    (
        "required_parameter_added",
        &[("request-parameter-required-added", Level::Breaking)],
    ),
    (
        "optional_parameter_added",
        &[("request-parameter-added", Level::Info)],
    ),
    (
        "parameter_made_required",
        &[("request-parameter-made-required", Level::Breaking)],
    ),
    (
        "parameter_removed",
        &[("request-parameter-removed", Level::Warning)],
    ),
    (
        "parameter_type_changed",
        &[("request-parameter-type-changed", Level::Breaking)],
    ),
    (
        "parameter_style_changed",
        &[("request-parameter-style-changed", Level::Breaking)],
    ),
    (
        "request_body_type_changed",
        &[("request-body-type-changed", Level::Breaking)],
    ),
    (
        "request_body_media_type_changed",
        &[("request-body-media-type-changed", Level::Breaking)],
    ),
    (
        "request_body_made_optional",
        &[("request-body-made-optional", Level::Info)],
    ),
    (
        "request_property_removed_where_unknown_refused",
        &[("request-property-removed", Level::Breaking)],
    ),
    (
        "request_enum_became_string",
        &[("request-type-changed", Level::Breaking)],
    ),
    (
        "request_presence_rule_added",
        &[("request-type-changed", Level::Breaking)],
    ),
    (
        "response_one_of_alternative_added",
        &[("response-one-of-variant-added", Level::Warning)],
    ),
    (
        "request_body_made_required",
        &[("request-body-made-required", Level::Breaking)],
    ),
    (
        "response_one_of_alternative_removed",
        &[("response-one-of-variant-removed", Level::Info)],
    ),
    (
        "request_unknown_properties_allowed",
        &[("request-unknown-properties-allowed", Level::Info)],
    ),
    (
        "parameter_made_optional",
        &[("request-parameter-made-optional", Level::Info)],
    ),
    (
        "parameter_limit_tightened",
        &[("request-parameter-constraint-tightened", Level::Breaking)],
    ),
    (
        "parameter_limit_loosened",
        &[("request-parameter-constraint-loosened", Level::Info)],
    ),
    (
        "request_body_removed",
        &[("request-body-removed", Level::Warning)],
    ),
    (
        "response_media_type_changed",
        &[("response-media-type-changed", Level::Breaking)],
    ),
    (
        "response_property_added_to_closed_type",
        &[("response-property-added", Level::Breaking)],
    ),
];

fn fixture(case: &str, side: &str) -> String {
    let path = api_tests::root()
        .join("tests/fixtures/diff")
        .join(case)
        .join(format!("{side}.yaml"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn compare(old_name: &str, old: &str, new_name: &str, new: &str) -> Report {
    diff::compare(
        &Spec {
            name: old_name,
            text: old,
        },
        &Spec {
            name: new_name,
            text: new,
        },
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn compare_case(case: &str) -> Report {
    compare(
        &format!("{case}/old.yaml"),
        &fixture(case, "old"),
        &format!("{case}/new.yaml"),
        &fixture(case, "new"),
    )
}

fn classification(report: &Report) -> Vec<(&str, Level)> {
    report
        .changes
        .iter()
        .map(|c| (c.rule.as_str(), c.level))
        .collect()
}

#[test]
fn every_case_is_classified_as_expected() {
    assert!(CASES.len() >= 30, "the issue asks for at least 30 cases");
    let mut wrong = Vec::new();
    for (case, expected) in CASES {
        let report = compare_case(case);
        if classification(&report) != *expected {
            wrong.push(format!(
                "{case}: expected {expected:?}, got {:?}\n{}",
                classification(&report),
                diff::render_text(&report)
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_fixture_directory_has_an_expected_classification() {
    let dir = api_tests::root().join("tests/fixtures/diff");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .expect("read tests/fixtures/diff")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| dir.join(name).is_dir())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = CASES.iter().map(|(c, _)| (*c).to_owned()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
}

#[test]
fn every_change_has_a_pointer_into_the_spec_a_message_and_a_rust_effect() {
    for (case, _) in CASES {
        for change in compare_case(case).changes {
            assert!(change.pointer.starts_with('/'), "{case}: {change:?}");
            assert!(!change.message.is_empty() && !change.message.contains('\n'));
            assert!(!change.rust.is_empty() && !change.rust.contains('\n'));
        }
    }
}

#[test]
fn text_reports_match_their_snapshots() {
    for (case, _) in CASES {
        let text = diff::render_text(&compare_case(case));
        insta::assert_snapshot!(format!("text__{case}"), text);
    }
}

#[test]
fn json_reports_match_their_snapshots() {
    for case in [
        "request_required_property_added",
        "response_property_made_optional",
        "shared_enum_value_removed",
        "schema_renamed_with_inline_type",
        "operation_removed",
    ] {
        let json = diff::render_json(&[compare_case(case)]);
        let parsed: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        assert_eq!(parsed.as_array().map(Vec::len), Some(1));
        insta::assert_snapshot!(format!("json__{case}"), json);
    }
}

#[test]
fn the_rust_effect_names_types_and_fields() {
    let report = compare_case("schema_renamed_with_inline_type");
    let renamed: Vec<(&str, &str)> = report
        .rust
        .types_renamed
        .iter()
        .map(|r| (r.from.as_str(), r.to.as_str()))
        .collect();
    assert_eq!(renamed, [("Pet", "Animal"), ("PetOwner", "AnimalOwner")]);
    assert!(report.rust.types_added.is_empty() && report.rust.types_removed.is_empty());

    let report = compare_case("request_required_property_added");
    assert_eq!(report.rust.types_changed, ["PetUpdate"]);
    assert_eq!(report.rust.members_added, ["PetUpdate.color"]);
    assert_eq!(
        report.changes[0].rust,
        "field `PetUpdate::color: String` added"
    );
}

/// `spec/auth_get.yaml` with text replacements, each of which must apply.
fn patched_auth_get(replacements: &[(&str, &str)]) -> (String, String) {
    let old = std::fs::read_to_string(api_tests::root().join("spec/auth_get.yaml"))
        .expect("read spec/auth_get.yaml");
    let mut new = old.clone();
    for (from, to) in replacements {
        assert!(new.contains(from), "patch does not apply: {from}");
        new = new.replacen(from, to, 1);
    }
    (old, new)
}

/// A patch of `spec/auth_get.yaml` and the changes it must report.
struct Patch {
    what: &'static str,
    replacements: &'static [(&'static str, &'static str)],
    expected: &'static [(&'static str, Level)],
}

const AUTH_GET_PATCHES: &[Patch] = &[
    Patch {
        what: "client_id required in the request",
        replacements: &[(
            "      required:\n        - access_token\n",
            "      required:\n        - access_token\n        - client_id\n",
        )],
        expected: &[("request-property-made-required", Level::Breaking)],
    },
    Patch {
        what: "request_id optional in the response",
        replacements: &[("        - item\n        - request_id\n", "        - item\n")],
        expected: &[("response-property-made-optional", Level::Breaking)],
    },
    Patch {
        what: "a new account type",
        replacements: &[(
            "        - investment\n",
            "        - investment\n        - crypto\n",
        )],
        expected: &[("response-enum-value-added", Level::Info)],
    },
    Patch {
        what: "AccountBalance renamed",
        replacements: &[
            ("schemas/AccountBalance'", "schemas/Balances'"),
            ("    AccountBalance:\n", "    Balances:\n"),
        ],
        expected: &[("schema-renamed", Level::Warning)],
    },
];

#[test]
fn auth_get_patches_are_classified_as_expected() {
    for patch in AUTH_GET_PATCHES {
        let (old, new) = patched_auth_get(patch.replacements);
        let report = compare("spec/auth_get.yaml", &old, "patched", &new);
        assert_eq!(classification(&report), patch.expected, "{}", patch.what);
    }
}

#[test]
fn the_same_spec_has_no_changes() {
    let (old, new) = patched_auth_get(&[]);
    let report = compare("a", &old, "b", &new);
    assert!(report.changes.is_empty());
    assert!(report.rust.is_empty());
    assert_eq!(report.worst(), None);
}

#[test]
fn a_broken_spec_gives_located_diagnostics() {
    let old = fixture("no_change", "old");
    let new = old.replace("schemas/Error'", "schemas/Eror'");
    let error = diff::compare(
        &Spec {
            name: "old.yaml",
            text: &old,
        },
        &Spec {
            name: "new.yaml",
            text: &new,
        },
    )
    .expect_err("a dangling $ref is an error");
    let text = error.to_string();
    assert!(text.contains("new.yaml:"), "{text}");
    assert!(text.contains("Eror"), "{text}");
    assert!(text.contains("nothing was compared"), "{text}");
}
