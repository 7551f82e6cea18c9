//! The rules of a data set that its JSON schema cannot express.
//!
//! The generated types accept enum values the spec does not list (Plaid adds values over
//! time), which is right for a client but not for hand-written data: a misspelt `type`
//! would silently hide an account. Here such values are refused, with their path.

use std::collections::HashMap;

use generated::types::{AccountBase, AuthGetNumbers, Item, Products};

use super::{Client, DataError, ItemRecord};
use crate::eligibility::is_auth_account;

/// Checks the parsed clients and Items; the first problem found is returned.
pub(super) fn check(clients: &[Client], items: &[ItemRecord]) -> Result<(), DataError> {
    check_clients(clients)?;
    let mut tokens: HashMap<&str, usize> = HashMap::new();
    let mut item_ids: HashMap<&str, usize> = HashMap::new();
    for (i, record) in items.iter().enumerate() {
        let at = format!("items[{i}]");
        let token = record.access_token.expose_secret();
        non_empty(token, &format!("{at}.access_token"))?;
        if let Some(first) = tokens.insert(token, i) {
            return Err(DataError::invalid(
                format!("{at}.access_token"),
                format!("duplicate access token: items[{first}] has the same one"),
            ));
        }
        let item_id = record.item.item_id.as_str();
        non_empty(item_id, &format!("{at}.item.item_id"))?;
        if let Some(first) = item_ids.insert(item_id, i) {
            return Err(DataError::invalid(
                format!("{at}.item.item_id"),
                format!("duplicate item_id {item_id:?}: items[{first}] has the same one"),
            ));
        }
        check_item(&record.item, &format!("{at}.item"))?;
        check_accounts(&record.accounts, &at)?;
        check_numbers(&record.numbers, &record.accounts, &format!("{at}.numbers"))?;
    }
    Ok(())
}

fn check_clients(clients: &[Client]) -> Result<(), DataError> {
    if clients.is_empty() {
        return Err(DataError::invalid(
            "clients",
            "at least one client is needed",
        ));
    }
    let mut ids: HashMap<&str, usize> = HashMap::new();
    for (i, client) in clients.iter().enumerate() {
        non_empty(&client.client_id, &format!("clients[{i}].client_id"))?;
        non_empty(
            client.secret.expose_secret(),
            &format!("clients[{i}].secret"),
        )?;
        if let Some(first) = ids.insert(&client.client_id, i) {
            return Err(DataError::invalid(
                format!("clients[{i}].client_id"),
                format!(
                    "duplicate client_id {:?}: clients[{first}] has the same one",
                    client.client_id
                ),
            ));
        }
    }
    Ok(())
}

fn check_item(item: &Item, at: &str) -> Result<(), DataError> {
    if let Some(method) = &item.auth_method {
        known(
            method.is_unknown(),
            method.as_str(),
            "ItemAuthMethod",
            &format!("{at}.auth_method"),
        )?;
    }
    let update_type = &item.update_type;
    known(
        update_type.is_unknown(),
        update_type.as_str(),
        "update_type",
        &format!("{at}.update_type"),
    )?;
    if let Some(error) = &item.error {
        let error_type = &error.error_type;
        known(
            error_type.is_unknown(),
            error_type.as_str(),
            "PlaidErrorType",
            &format!("{at}.error.error_type"),
        )?;
    }
    let lists: [(&str, Option<&Vec<Products>>); 4] = [
        ("available_products", Some(&item.available_products)),
        ("billed_products", Some(&item.billed_products)),
        ("products", item.products.as_ref()),
        ("consented_products", item.consented_products.as_ref()),
    ];
    for (name, list) in lists {
        for (j, product) in list.into_iter().flatten().enumerate() {
            known(
                product.is_unknown(),
                product.as_str(),
                "Products",
                &format!("{at}.{name}[{j}]"),
            )?;
        }
    }
    Ok(())
}

fn check_accounts(accounts: &[AccountBase], at: &str) -> Result<(), DataError> {
    let mut ids: HashMap<&str, usize> = HashMap::new();
    for (j, account) in accounts.iter().enumerate() {
        let here = format!("{at}.accounts[{j}]");
        non_empty(&account.account_id, &format!("{here}.account_id"))?;
        if let Some(first) = ids.insert(&account.account_id, j) {
            return Err(DataError::invalid(
                format!("{here}.account_id"),
                format!(
                    "duplicate account_id {:?}: {at}.accounts[{first}] has the same one",
                    account.account_id
                ),
            ));
        }
        let t = &account.type_;
        known(
            t.is_unknown(),
            t.as_str(),
            "AccountType",
            &format!("{here}.type"),
        )?;
        if let Some(s) = &account.subtype {
            known(
                s.is_unknown(),
                s.as_str(),
                "AccountSubtype",
                &format!("{here}.subtype"),
            )?;
        }
        if let Some(v) = &account.verification_status {
            known(
                v.is_unknown(),
                v.as_str(),
                "verification_status",
                &format!("{here}.verification_status"),
            )?;
        }
        if let Some(h) = &account.holder_category {
            known(
                h.is_unknown(),
                h.as_str(),
                "AccountHolderCategory",
                &format!("{here}.holder_category"),
            )?;
        }
        if let Some(insights) = &account.verification_insights {
            let f = &insights.account_number_format;
            let path = format!("{here}.verification_insights.account_number_format");
            known(
                f.is_unknown(),
                f.as_str(),
                "AccountVerificationInsightsAccountNumberFormat",
                &path,
            )?;
        }
    }
    Ok(())
}

/// Every numbers entry must belong to an account of the Item that `/auth/get` reports,
/// or it could never be served.
fn check_numbers(
    numbers: &AuthGetNumbers,
    accounts: &[AccountBase],
    at: &str,
) -> Result<(), DataError> {
    let lists: [(&str, Vec<&str>); 4] = [
        (
            "ach",
            numbers.ach.iter().map(|n| n.account_id.as_str()).collect(),
        ),
        (
            "eft",
            numbers.eft.iter().map(|n| n.account_id.as_str()).collect(),
        ),
        (
            "international",
            numbers
                .international
                .iter()
                .map(|n| n.account_id.as_str())
                .collect(),
        ),
        (
            "bacs",
            numbers.bacs.iter().map(|n| n.account_id.as_str()).collect(),
        ),
    ];
    for (name, ids) in lists {
        for (k, id) in ids.into_iter().enumerate() {
            let path = format!("{at}.{name}[{k}].account_id");
            match accounts.iter().find(|a| a.account_id == id) {
                None => {
                    return Err(DataError::invalid(
                        path,
                        format!("{id:?} is not an account of this item"),
                    ));
                }
                Some(account) if !is_auth_account(account) => {
                    return Err(DataError::invalid(
                        path,
                        format!(
                            "{id:?} is not a depository checking, savings or cash management account, \
                             so /auth/get never reports its numbers"
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
    }
    Ok(())
}

fn non_empty(value: &str, path: &str) -> Result<(), DataError> {
    if value.is_empty() {
        return Err(DataError::invalid(path, "must not be empty"));
    }
    Ok(())
}

fn known(is_unknown: bool, value: &str, enum_name: &str, path: &str) -> Result<(), DataError> {
    if is_unknown {
        return Err(DataError::invalid(
            path,
            format!("unknown value {value:?}: the spec's {enum_name} does not list it"),
        ));
    }
    Ok(())
}
