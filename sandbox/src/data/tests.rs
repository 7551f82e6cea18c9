use serde_json::{Value, json};

use super::*;

/// A small valid data set, to break in one place per test.
fn minimal() -> Value {
    json!({
        "clients": [{"client_id": "c", "secret": "s"}],
        "items": [{
            "access_token": "access-sandbox-a",
            "item": {
                "item_id": "item_a",
                "webhook": null,
                "error": null,
                "available_products": [],
                "billed_products": ["auth"],
                "consent_expiration_time": null,
                "update_type": "background"
            },
            "accounts": [{
                "account_id": "acc_1",
                "balances": {
                    "available": null, "current": 1.5, "limit": null,
                    "iso_currency_code": "USD", "unofficial_currency_code": null
                },
                "mask": null,
                "name": "Checking",
                "official_name": null,
                "type": "depository",
                "subtype": "checking"
            }],
            "numbers": {
                "ach": [{"account_id": "acc_1", "account": "1", "routing": "2", "wire_routing": null}],
                "eft": [], "international": [], "bacs": []
            }
        }]
    })
}

fn error_of(value: &Value) -> DataError {
    match DataSet::from_json(&value.to_string()) {
        Ok(_) => panic!("accepted: {value}"),
        Err(e) => e,
    }
}

#[test]
fn the_embedded_data_set_is_valid_and_has_the_documented_tokens() {
    let data = DataSet::from_json(EMBEDDED).unwrap_or_else(|e| panic!("{e}"));
    assert!(data.client("sandbox_client_id").is_some());
    for token in [
        "access-sandbox-user-good",
        "access-sandbox-item-error",
        "access-sandbox-no-auth-accounts",
    ] {
        assert!(data.item(token).is_some(), "{token}");
    }
    let good = data.item("access-sandbox-user-good").expect("good item");
    assert!(good.item.error.is_none());
    assert!(good.numbers.ach.len() >= 2);
    assert_eq!(good.numbers.eft.len(), 1);
    assert_eq!(good.numbers.international.len(), 1);
    assert_eq!(good.numbers.bacs.len(), 1);
    let broken = data
        .item("access-sandbox-item-error")
        .expect("item in error");
    let error = broken.item.error.as_ref().expect("item.error set");
    assert_eq!(error.error_code, "ITEM_LOGIN_REQUIRED");
    assert_eq!(
        error.error_type,
        generated::types::PlaidErrorType::ItemError
    );
    assert_eq!(DataSet::embedded().item_count(), 3);
}

#[test]
fn the_minimal_data_set_is_valid() {
    let data = DataSet::from_json(&minimal().to_string()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((data.client_count(), data.item_count()), (1, 1));
    assert!(data.item("access-sandbox-a").is_some());
    assert!(data.item("access-sandbox-b").is_none());
    assert!(data.item("access-sandbox-").is_none());
    assert!(data.item("").is_none());
}

#[test]
fn bad_json_is_reported_with_its_line() {
    let e = DataSet::from_json("{\n  \"clients\": [\n").expect_err("not JSON");
    assert!(e.to_string().contains("line 3"), "{e}");
    let e = DataSet::from_json(&format!("{} trailing", minimal())).expect_err("trailing text");
    assert!(e.to_string().contains("trailing"), "{e}");
}

#[test]
fn a_wrong_type_is_reported_at_its_path() {
    let mut v = minimal();
    v["items"][0]["accounts"][0]["balances"]["current"] = json!("a lot");
    let e = error_of(&v);
    assert_eq!(e.json_path(), "items[0].accounts[0].balances.current");
    assert!(
        e.to_string()
            .starts_with("invalid data set: at items[0].accounts[0].balances.current: "),
        "{e}"
    );
}

#[test]
fn a_missing_required_nullable_field_is_reported_at_its_parent() {
    let mut v = minimal();
    v["items"][0]["item"]
        .as_object_mut()
        .expect("object")
        .remove("error");
    let e = error_of(&v);
    assert_eq!(e.json_path(), "items[0].item");
    assert!(e.message().contains("error"), "{e}");
}

#[test]
fn a_bad_date_is_reported_at_its_path() {
    let mut v = minimal();
    v["items"][0]["item"]["consent_expiration_time"] = json!("next tuesday");
    assert_eq!(
        error_of(&v).json_path(),
        "items[0].item.consent_expiration_time"
    );
}

#[test]
fn unknown_fields_of_the_wrapper_are_refused() {
    let mut v = minimal();
    v["items"][0]["acess_token"] = json!("typo");
    let e = error_of(&v);
    assert_eq!(e.json_path(), "items[0].acess_token");
    assert!(e.message().contains("unknown field"), "{e}");
}

#[test]
fn duplicate_access_tokens_are_refused() {
    let mut v = minimal();
    let mut second = v["items"][0].clone();
    second["item"]["item_id"] = json!("item_b");
    v["items"].as_array_mut().expect("array").push(second);
    let e = error_of(&v);
    assert_eq!(e.json_path(), "items[1].access_token");
    assert!(e.message().contains("items[0]"), "{e}");
    assert!(
        !e.to_string().contains("access-sandbox-a"),
        "the token is not echoed: {e}"
    );
}

#[test]
fn duplicate_item_ids_client_ids_and_account_ids_are_refused() {
    let mut v = minimal();
    let mut second = v["items"][0].clone();
    second["access_token"] = json!("access-sandbox-b");
    v["items"].as_array_mut().expect("array").push(second);
    assert_eq!(error_of(&v).json_path(), "items[1].item.item_id");

    let mut v = minimal();
    v["clients"]
        .as_array_mut()
        .expect("array")
        .push(json!({"client_id": "c", "secret": "t"}));
    assert_eq!(error_of(&v).json_path(), "clients[1].client_id");

    let mut v = minimal();
    let account = v["items"][0]["accounts"][0].clone();
    v["items"][0]["accounts"]
        .as_array_mut()
        .expect("array")
        .push(account);
    assert_eq!(error_of(&v).json_path(), "items[0].accounts[1].account_id");
}

#[test]
fn empty_credentials_tokens_and_no_clients_are_refused() {
    let mut v = minimal();
    v["clients"][0]["secret"] = json!("");
    assert_eq!(error_of(&v).json_path(), "clients[0].secret");
    let mut v = minimal();
    v["items"][0]["access_token"] = json!("");
    assert_eq!(error_of(&v).json_path(), "items[0].access_token");
    let mut v = minimal();
    v["clients"] = json!([]);
    assert_eq!(error_of(&v).json_path(), "clients");
}

#[test]
fn numbers_must_belong_to_a_reported_account_of_the_item() {
    let mut v = minimal();
    v["items"][0]["numbers"]["bacs"] =
        json!([{"account_id": "acc_x", "account": "1", "sort_code": "2"}]);
    let e = error_of(&v);
    assert_eq!(e.json_path(), "items[0].numbers.bacs[0].account_id");
    assert!(e.message().contains("acc_x"), "{e}");

    let mut v = minimal();
    v["items"][0]["accounts"][0]["type"] = json!("credit");
    v["items"][0]["accounts"][0]["subtype"] = json!("credit card");
    let e = error_of(&v);
    assert_eq!(e.json_path(), "items[0].numbers.ach[0].account_id");
    assert!(e.message().contains("never reports"), "{e}");
}

#[test]
fn enum_values_the_spec_does_not_list_are_refused() {
    let cases: [(&[&str], Value, &str); 5] = [
        (
            &["items", "0", "accounts", "0", "type"],
            json!("depositary"),
            "items[0].accounts[0].type",
        ),
        (
            &["items", "0", "accounts", "0", "subtype"],
            json!("chequing"),
            "items[0].accounts[0].subtype",
        ),
        (
            &["items", "0", "item", "update_type"],
            json!("sometimes"),
            "items[0].item.update_type",
        ),
        (
            &["items", "0", "item", "billed_products"],
            json!(["auth", "magic"]),
            "items[0].item.billed_products[1]",
        ),
        (
            &["items", "0", "item", "auth_method"],
            json!("GUESSWORK"),
            "items[0].item.auth_method",
        ),
    ];
    for (pointer, value, path) in cases {
        let mut v = minimal();
        let (key, parent) = pointer.split_last().expect("non-empty pointer");
        let at = format!("/{}", parent.join("/"));
        let object = v
            .pointer_mut(&at)
            .and_then(Value::as_object_mut)
            .unwrap_or_else(|| panic!("{at}"));
        object.insert((*key).to_owned(), value);
        let e = error_of(&v);
        assert_eq!(e.json_path(), path, "{e}");
        assert!(e.message().contains("unknown value"), "{e}");
    }
}

#[test]
fn load_names_the_file_in_every_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("absent.json");
    let e = DataSet::load(&missing).expect_err("no such file");
    assert_eq!(e.file(), Some(missing.as_path()));
    assert!(
        e.to_string()
            .starts_with(&format!("cannot read data file {}", missing.display())),
        "{e}"
    );

    let bad = dir.path().join("bad.json");
    let mut v = minimal();
    v["items"][0]["accounts"][0]["name"] = json!(7);
    std::fs::write(&bad, v.to_string()).expect("write");
    let e = DataSet::load(&bad).expect_err("bad type");
    assert_eq!(
        e.to_string().split(": invalid type").next(),
        Some(
            format!(
                "invalid data file {}: at items[0].accounts[0].name",
                bad.display()
            )
            .as_str()
        ),
        "{e}"
    );

    let good = dir.path().join("good.json");
    std::fs::write(&good, minimal().to_string()).expect("write");
    assert_eq!(DataSet::load(&good).map(|d| d.item_count()).ok(), Some(1));
}

#[test]
fn debug_output_shows_no_secrets() {
    let text = format!("{:?}", DataSet::embedded());
    assert!(
        !text.contains("sandbox_secret") && !text.contains("access-sandbox"),
        "{text}"
    );
}
