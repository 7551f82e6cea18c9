//! Behaviour of the generated types: forward compatibility, required and nullable fields,
//! enums, and credentials kept out of `Debug`.

use generated::types::{
    AccountBase, AccountSubtype, AccountType, AuthGetRequest, AuthGetRequestOptions,
    AuthGetResponse, PlaidError, PlaidErrorType, SecretString,
};
use serde_json::{Value, json};

/// A valid `/auth/get` response body, small enough to edit in tests.
fn response() -> Value {
    json!({
        "accounts": [{
            "account_id": "acc-1",
            "balances": {"available": 10.5, "current": 11, "limit": null, "iso_currency_code": "USD", "unofficial_currency_code": null},
            "mask": "0000",
            "name": "Checking",
            "official_name": null,
            "type": "depository",
            "subtype": "checking"
        }],
        "numbers": {"ach": [], "eft": [], "international": [], "bacs": []},
        "item": {
            "item_id": "item-1",
            "webhook": null,
            "error": null,
            "available_products": ["balance"],
            "billed_products": ["auth"],
            "consent_expiration_time": null,
            "update_type": "background"
        },
        "request_id": "req-1"
    })
}

fn decode<T: serde::de::DeserializeOwned>(value: &Value) -> Result<T, String> {
    serde_path_to_error::deserialize(value).map_err(|e| e.to_string())
}

#[test]
fn the_base_response_decodes() {
    let r: AuthGetResponse = decode(&response()).expect("valid response");
    assert_eq!(r.accounts[0].subtype, Some(AccountSubtype::Checking));
    assert_eq!(r.accounts[0].balances.limit, None);
    assert_eq!(r.accounts[0].balances.current, Some(11.0));
}

#[test]
fn unknown_enum_values_are_kept_and_written_back() {
    let mut v = response();
    v["accounts"][0]["subtype"] = json!("space savings");
    v["accounts"][0]["type"] = json!("quantum");
    let r: AuthGetResponse = decode(&v).expect("unknown subtype is accepted");
    assert_eq!(
        r.accounts[0].subtype,
        Some(AccountSubtype::Unknown("space savings".to_owned()))
    );
    assert!(r.accounts[0].type_.is_unknown());
    let back = serde_json::to_value(&r).expect("serialize");
    assert_eq!(back["accounts"][0]["subtype"], "space savings");
    assert_eq!(back["accounts"][0]["type"], "quantum");

    let e: PlaidError = decode(&json!({
        "error_type": "BRAND_NEW_ERROR", "error_code": "X", "error_message": "m", "display_message": null
    }))
    .expect("unknown error_type is accepted");
    assert_eq!(
        e.error_type,
        PlaidErrorType::Unknown("BRAND_NEW_ERROR".to_owned())
    );
    assert_eq!(
        serde_json::to_value(&e).expect("serialize")["error_type"],
        "BRAND_NEW_ERROR"
    );
}

#[test]
fn unknown_fields_are_ignored() {
    let mut v = response();
    v["brand_new_top_level"] = json!({"nested": [1, 2]});
    v["accounts"][0]["brand_new_account_field"] = json!(true);
    v["item"]["brand_new_item_field"] = json!("x");
    let r: AuthGetResponse = decode(&v).expect("unknown fields are accepted");
    assert_eq!(r.accounts[0].account_id, "acc-1");
}

#[test]
fn a_missing_required_field_names_its_path() {
    let mut v = response();
    v["accounts"][0]
        .as_object_mut()
        .expect("object")
        .remove("name");
    let err = decode::<AuthGetResponse>(&v).expect_err("name is required");
    assert!(
        err.contains("accounts[0]") && err.contains("missing field `name`"),
        "{err}"
    );

    let mut v = response();
    v["item"].as_object_mut().expect("object").remove("item_id");
    let err = decode::<AuthGetResponse>(&v).expect_err("item_id is required");
    assert!(
        err.contains("item") && err.contains("missing field `item_id`"),
        "{err}"
    );
}

#[test]
fn a_required_nullable_field_may_be_null_but_not_absent() {
    let mut v = response();
    v["accounts"][0]["balances"]
        .as_object_mut()
        .expect("object")
        .remove("limit");
    let err = decode::<AuthGetResponse>(&v).expect_err("limit must be present");
    assert!(
        err.contains("accounts[0].balances") && err.contains("missing field `limit`"),
        "{err}"
    );

    let mut v = response();
    v["item"].as_object_mut().expect("object").remove("error");
    let err = decode::<AuthGetResponse>(&v).expect_err("item.error must be present");
    assert!(
        err.contains("item") && err.contains("missing field `error`"),
        "{err}"
    );
}

#[test]
fn a_wrong_type_names_its_path() {
    let mut v = response();
    v["accounts"][0]["balances"]["available"] = json!("lots");
    let err = decode::<AuthGetResponse>(&v).expect_err("available is a number");
    assert!(err.starts_with("accounts[0].balances.available"), "{err}");
}

#[test]
fn none_is_null_when_required_and_absent_when_optional() {
    let r: AuthGetResponse = decode(&response()).expect("valid");
    let back = serde_json::to_value(&r.accounts[0]).expect("serialize");
    // required and nullable: written as null
    assert_eq!(back.get("official_name"), Some(&Value::Null));
    assert_eq!(back["balances"].get("limit"), Some(&Value::Null));
    // optional: left out
    assert_eq!(back.get("verification_status"), None);
    assert_eq!(back["balances"].get("last_updated_datetime"), None);
}

#[test]
fn optional_nullable_fields_read_null_as_none() {
    let mut v = response();
    v["item"]["institution_id"] = Value::Null;
    v["accounts"][0]["holder_category"] = Value::Null;
    let r: AuthGetResponse = decode(&v).expect("null is allowed");
    assert_eq!(r.item.institution_id, None);
    assert_eq!(r.accounts[0].holder_category, None);
}

#[test]
fn enums_keep_spec_values_including_awkward_ones() {
    assert_eq!(AccountSubtype::from("529"), AccountSubtype::V529);
    assert_eq!(AccountSubtype::V403b.as_str(), "403B");
    assert_eq!(
        "cash isa".parse::<AccountSubtype>(),
        Ok(AccountSubtype::CashIsa)
    );
    assert_eq!(AccountType::Depository.to_string(), "depository");
    assert_eq!(
        serde_json::to_value(AccountSubtype::Roth401k).expect("serialize"),
        json!("roth 401k")
    );
    let a: AccountBase = decode(&response()["accounts"][0]).expect("account");
    assert_eq!(a.type_, AccountType::Depository);
}

#[test]
fn debug_of_a_request_hides_the_secret_and_the_access_token() {
    let request = AuthGetRequest {
        client_id: Some("sandbox_client_id".to_owned()),
        secret: Some(SecretString::new("sandbox_secret_value")),
        access_token: SecretString::new("access-sandbox-user-good"),
        options: Some(AuthGetRequestOptions {
            account_ids: Some(vec!["acc-1".to_owned()]),
        }),
    };
    let debug = format!("{request:?}");
    let pretty = format!("{request:#?}");
    for text in [&debug, &pretty] {
        assert!(!text.contains("sandbox_secret_value"), "{text}");
        assert!(!text.contains("access-sandbox-user-good"), "{text}");
        assert!(text.contains("***"), "{text}");
        assert!(text.contains("sandbox_client_id"), "{text}");
    }
    // On the wire the credentials are sent as they are.
    let wire = serde_json::to_value(&request).expect("serialize");
    assert_eq!(wire["secret"], "sandbox_secret_value");
    assert_eq!(wire["access_token"], "access-sandbox-user-good");
    assert_eq!(
        request.access_token.expose_secret(),
        "access-sandbox-user-good"
    );
}
