//! The `/auth/get` answer for one Item: its reportable accounts, narrowed by
//! `options.account_ids`, and only the numbers of the accounts that remain.

use std::collections::HashSet;

use generated::types::{AuthGetNumbers, AuthGetResponse};

use crate::data::ItemRecord;
use crate::eligibility::is_auth_account;
use crate::refusal::Refusal;

/// Builds the response for `record`.
///
/// With `account_ids`, every id must be an account of the Item (else INVALID_ACCOUNT_ID,
/// listing the strangers) and only those accounts are reported; an empty list selects no
/// filter, like an absent one. Accounts that are not checking, savings or cash management
/// are never reported; if none remains, the answer is NO_AUTH_ACCOUNTS.
pub(crate) fn build(
    record: &ItemRecord,
    account_ids: Option<&[String]>,
    request_id: &str,
) -> Result<AuthGetResponse, Refusal> {
    let wanted = match account_ids {
        Some(ids) if !ids.is_empty() => Some(selection(record, ids)?),
        _ => None,
    };
    let accounts: Vec<_> = record
        .accounts
        .iter()
        .filter(|a| is_auth_account(a))
        .filter(|a| {
            wanted
                .as_ref()
                .is_none_or(|w| w.contains(a.account_id.as_str()))
        })
        .cloned()
        .collect();
    if accounts.is_empty() {
        return Err(Refusal::NoAuthAccounts);
    }
    let kept: HashSet<&str> = accounts.iter().map(|a| a.account_id.as_str()).collect();
    let numbers = only_accounts(&record.numbers, &kept);
    Ok(AuthGetResponse {
        accounts,
        numbers,
        item: record.item.clone(),
        request_id: request_id.to_owned(),
    })
}

/// The requested ids as a set, if all of them are accounts of the Item.
fn selection<'a>(record: &ItemRecord, ids: &'a [String]) -> Result<HashSet<&'a str>, Refusal> {
    let mut strangers: Vec<String> = Vec::new();
    for id in ids {
        let known = record.accounts.iter().any(|a| a.account_id == *id);
        if !known && !strangers.contains(id) {
            strangers.push(id.clone());
        }
    }
    if !strangers.is_empty() {
        return Err(Refusal::InvalidAccountId(strangers));
    }
    Ok(ids.iter().map(String::as_str).collect())
}

/// Every numbers list, keeping only entries of the given accounts.
fn only_accounts(numbers: &AuthGetNumbers, ids: &HashSet<&str>) -> AuthGetNumbers {
    AuthGetNumbers {
        ach: numbers
            .ach
            .iter()
            .filter(|n| ids.contains(n.account_id.as_str()))
            .cloned()
            .collect(),
        eft: numbers
            .eft
            .iter()
            .filter(|n| ids.contains(n.account_id.as_str()))
            .cloned()
            .collect(),
        international: numbers
            .international
            .iter()
            .filter(|n| ids.contains(n.account_id.as_str()))
            .cloned()
            .collect(),
        bacs: numbers
            .bacs
            .iter()
            .filter(|n| ids.contains(n.account_id.as_str()))
            .cloned()
            .collect(),
    }
}

#[cfg(test)]
mod tests;
