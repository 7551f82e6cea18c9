//! Examples deserialize into the generated types and serialize back to equivalent JSON: the
//! spec's own examples, and Plaid's upstream `/auth/get` example when Plaid's spec is beside the
//! checkout.

use api_tests::{BodyExample, body_examples, json_equivalent};
use generated::types::{AuthGetRequest, AuthGetResponse, PlaidError};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Deserializes `example` as `T` (reporting the JSON path of a failure) and serializes it back.
fn round_trip<T: DeserializeOwned + Serialize>(example: &BodyExample) {
    let typed: T = serde_path_to_error::deserialize(&example.value).unwrap_or_else(|e| {
        panic!(
            "{}: does not deserialize as {}: {e}",
            example.label, example.schema
        )
    });
    let back = serde_json::to_value(&typed).expect("serialize");
    if let Err(difference) = json_equivalent(&example.value, &back) {
        panic!(
            "{}: round trip changed the JSON: {difference}",
            example.label
        );
    }
}

fn round_trip_by_schema(example: &BodyExample) {
    match example.schema.as_str() {
        "AuthGetRequest" => round_trip::<AuthGetRequest>(example),
        "AuthGetResponse" => round_trip::<AuthGetResponse>(example),
        "PlaidError" => round_trip::<PlaidError>(example),
        other => panic!(
            "{}: no generated type is mapped for schema {other:?}; add it to this test",
            example.label
        ),
    }
}

#[test]
fn every_example_in_our_spec_round_trips() {
    let spec = api_tests::read_spec(&api_tests::root().join(xtask::DEFAULT_SPEC));
    let examples = body_examples(&spec, "post", "/auth/get");
    let labels: Vec<&str> = examples.iter().map(|e| e.label.as_str()).collect();
    // The request, the 200 response and at least two error examples.
    assert!(
        examples.iter().any(|e| e.schema == "AuthGetRequest"),
        "{labels:?}"
    );
    assert!(
        examples.iter().any(|e| e.schema == "AuthGetResponse"),
        "{labels:?}"
    );
    assert!(
        examples.iter().filter(|e| e.schema == "PlaidError").count() >= 2,
        "{labels:?}"
    );
    for example in &examples {
        round_trip_by_schema(example);
    }
}

#[test]
fn plaid_upstream_200_example_round_trips() {
    let path = api_tests::plaid_spec_path();
    if !path.exists() {
        println!(
            "skipped: Plaid's spec is not at {} (it lives in ../shared beside the checkout)",
            path.display()
        );
        return;
    }
    let spec = api_tests::read_spec(&path);
    let examples: Vec<BodyExample> = body_examples(&spec, "post", "/auth/get")
        .into_iter()
        .filter(|e| e.label.contains(" 200 "))
        .collect();
    assert!(
        !examples.is_empty(),
        "Plaid's spec has no 200 example for /auth/get any more"
    );
    for example in &examples {
        assert_eq!(example.schema, "AuthGetResponse");
        round_trip::<AuthGetResponse>(example);
    }
}
