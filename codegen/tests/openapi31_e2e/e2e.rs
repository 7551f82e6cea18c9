//! Serde round trips of the types generated from `tests/fixtures/openapi31/behaviour.yaml`:
//! OpenAPI 3.1's ways of allowing `null`, required and optional, read as the spec means them.
//!
//! This file is copied into the crate generated from the fixture (as `tests/e2e.rs`) by
//! `codegen/tests/openapi31.rs`, which then runs `cargo test` there.

use openapi31_fixture::types::{Bell, BellKind, Tone};
use serde_json::json;

fn bell(value: serde_json::Value) -> Result<Bell, serde_json::Error> {
    serde_json::from_value(value)
}

#[test]
fn required_nullable_fields_take_null_but_must_be_present() {
    let read = bell(json!({"name": null, "rings": null, "tone": null})).expect("nulls");
    assert_eq!(read.name, None);
    assert_eq!(read.rings, None);
    assert_eq!(read.tone, None);
    assert_eq!(
        serde_json::to_value(&read).expect("encode"),
        json!({"name": null, "rings": null, "tone": null}),
        "a required nullable field is written as null, an absent optional one not at all"
    );
    for missing in ["name", "rings", "tone"] {
        let mut value = json!({"name": "n", "rings": 1, "tone": "soft"});
        value.as_object_mut().expect("object").remove(missing);
        assert!(bell(value).is_err(), "`{missing}` is required even though it may be null");
    }
}

#[test]
fn values_of_the_non_null_type_are_read_and_written() {
    let value = json!({"name": "b", "rings": 3, "tone": "loud", "note": "n", "spare_tone": "soft", "kind": "bell"});
    let read = bell(value.clone()).expect("values");
    assert_eq!(read.name.as_deref(), Some("b"));
    assert_eq!(read.rings, Some(3));
    assert_eq!(read.tone, Some(Tone::Loud));
    assert_eq!(read.spare_tone, Some(Tone::Soft));
    assert_eq!(read.kind, Some(BellKind::Bell));
    assert_eq!(serde_json::to_value(&read).expect("encode"), value);
    assert!(bell(json!({"name": 1, "rings": 3, "tone": "loud"})).is_err());
    assert!(bell(json!({"name": "b", "rings": "3", "tone": "loud"})).is_err());
}

#[test]
fn optional_nullable_fields_read_null_and_absent_as_none() {
    let absent = bell(json!({"name": "b", "rings": 1, "tone": "soft"})).expect("absent");
    let null = bell(json!({"name": "b", "rings": 1, "tone": "soft", "note": null, "spare_tone": null}))
        .expect("null");
    assert_eq!(absent, null);
    assert_eq!(absent.note, None);
    assert_eq!(absent.spare_tone, None);
}

#[test]
fn a_constant_is_written_as_the_constant() {
    let read = bell(json!({"name": "b", "rings": 1, "tone": "soft", "kind": "bell"})).expect("const");
    assert_eq!(
        serde_json::to_value(&read).expect("encode")["kind"],
        json!("bell")
    );
}

#[test]
fn a_value_other_than_the_constant_is_refused() {
    let wrong = bell(json!({"name": "b", "rings": 1, "tone": "soft", "kind": "gong"}));
    assert!(wrong.is_err(), "a constant reads only its value: {wrong:?}");
    assert_eq!("bell".parse::<BellKind>(), Ok(BellKind::Bell));
    assert!("gong".parse::<BellKind>().is_err());
}
