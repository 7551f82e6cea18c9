use std::collections::BTreeSet;

use generated::types::{AuthGetResponse, PlaidErrorType};

use super::*;
use crate::data::DataSet;

const GOOD: &str = "access-sandbox-user-good";

fn answer(token: &str, ids: Option<&[&str]>) -> Result<AuthGetResponse, Refusal> {
    let data = DataSet::embedded();
    let record = data.item(token).expect("token in the embedded data");
    let ids: Option<Vec<String>> = ids.map(|ids| ids.iter().map(|s| (*s).to_owned()).collect());
    build(record, ids.as_deref(), "req-7")
}

fn account_ids(r: &AuthGetResponse) -> BTreeSet<&str> {
    r.accounts.iter().map(|a| a.account_id.as_str()).collect()
}

/// The account ids named by any numbers list.
fn numbered_ids(r: &AuthGetResponse) -> BTreeSet<&str> {
    let n = &r.numbers;
    n.ach
        .iter()
        .map(|x| x.account_id.as_str())
        .chain(n.eft.iter().map(|x| x.account_id.as_str()))
        .chain(n.international.iter().map(|x| x.account_id.as_str()))
        .chain(n.bacs.iter().map(|x| x.account_id.as_str()))
        .collect()
}

#[test]
fn without_a_filter_every_checking_savings_and_cash_management_account_is_reported() {
    let r = answer(GOOD, None).expect("200");
    assert_eq!(
        account_ids(&r),
        BTreeSet::from([
            "acc_chk_7Qm2Lx9PwZr4",
            "acc_sav_3Hn8Vt1KcYe6",
            "acc_cms_9Fd4Qa2NsUw1",
            "acc_cad_5Rb7Wm3JkEt8",
            "acc_eur_2Xp6Hc8LdGv3",
            "acc_gbp_8Tk1Zs4PfYq7",
        ])
    );
    assert_eq!(numbered_ids(&r), account_ids(&r));
    assert_eq!((r.numbers.ach.len(), r.numbers.eft.len()), (3, 1));
    assert_eq!(
        (r.numbers.international.len(), r.numbers.bacs.len()),
        (1, 1)
    );
    assert_eq!(r.request_id, "req-7");
    assert_eq!(r.item.item_id, "item_K2w9Rb5TgJx0");
}

#[test]
fn account_ids_filter_the_accounts_and_every_numbers_list() {
    let r = answer(GOOD, Some(&["acc_chk_7Qm2Lx9PwZr4"])).expect("200");
    assert_eq!(account_ids(&r), BTreeSet::from(["acc_chk_7Qm2Lx9PwZr4"]));
    assert_eq!(numbered_ids(&r), BTreeSet::from(["acc_chk_7Qm2Lx9PwZr4"]));
    assert!(
        r.numbers.eft.is_empty() && r.numbers.international.is_empty() && r.numbers.bacs.is_empty()
    );

    let r = answer(
        GOOD,
        Some(&[
            "acc_gbp_8Tk1Zs4PfYq7",
            "acc_eur_2Xp6Hc8LdGv3",
            "acc_gbp_8Tk1Zs4PfYq7",
        ]),
    )
    .expect("200");
    assert_eq!(
        account_ids(&r),
        BTreeSet::from(["acc_eur_2Xp6Hc8LdGv3", "acc_gbp_8Tk1Zs4PfYq7"])
    );
    assert!(r.numbers.ach.is_empty() && r.numbers.eft.is_empty());
    assert_eq!(
        (r.numbers.international.len(), r.numbers.bacs.len()),
        (1, 1)
    );
}

#[test]
fn accounts_keep_the_data_set_order() {
    let r = answer(
        GOOD,
        Some(&["acc_gbp_8Tk1Zs4PfYq7", "acc_chk_7Qm2Lx9PwZr4"]),
    )
    .expect("200");
    let order: Vec<&str> = r.accounts.iter().map(|a| a.account_id.as_str()).collect();
    assert_eq!(order, ["acc_chk_7Qm2Lx9PwZr4", "acc_gbp_8Tk1Zs4PfYq7"]);
}

#[test]
fn an_empty_filter_is_no_filter() {
    assert_eq!(answer(GOOD, Some(&[])), answer(GOOD, None));
}

#[test]
fn ids_not_on_the_item_are_invalid_account_ids_listed_once() {
    let e = answer(
        GOOD,
        Some(&[
            "acc_chk_7Qm2Lx9PwZr4",
            "nope",
            "acc_chk_5Vn2Hq8WcRk1",
            "nope",
        ]),
    );
    // acc_chk_5Vn2Hq8WcRk1 exists, but on another Item.
    assert_eq!(
        e,
        Err(Refusal::InvalidAccountId(vec![
            "nope".to_owned(),
            "acc_chk_5Vn2Hq8WcRk1".to_owned()
        ]))
    );
    let error = Refusal::InvalidAccountId(vec!["nope".to_owned()]).to_plaid_error("r");
    assert_eq!(
        (error.error_type, error.error_code.as_str()),
        (PlaidErrorType::InvalidInput, "INVALID_ACCOUNT_ID")
    );
}

#[test]
fn selecting_only_accounts_without_auth_numbers_is_no_auth_accounts() {
    assert_eq!(
        answer(
            GOOD,
            Some(&["acc_crd_6Yu3Nb9QeWr2", "acc_ira_1Jc5Pw7RtXa9"])
        ),
        Err(Refusal::NoAuthAccounts)
    );
    assert_eq!(
        answer("access-sandbox-no-auth-accounts", None),
        Err(Refusal::NoAuthAccounts)
    );
    let mixed = answer(
        GOOD,
        Some(&["acc_crd_6Yu3Nb9QeWr2", "acc_sav_3Hn8Vt1KcYe6"]),
    )
    .expect("200");
    assert_eq!(
        account_ids(&mixed),
        BTreeSet::from(["acc_sav_3Hn8Vt1KcYe6"])
    );
}

#[test]
fn an_item_in_error_is_still_answered_with_its_error() {
    let r = answer("access-sandbox-item-error", None).expect("200");
    assert_eq!(
        r.item.error.as_ref().map(|e| e.error_code.as_str()),
        Some("ITEM_LOGIN_REQUIRED")
    );
    assert_eq!(r.accounts.len(), 2);
}
