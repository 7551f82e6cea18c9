//! Which accounts `/auth/get` reports: depository accounts of the checking, savings or
//! cash-management kind, as the spec's operation description says.

use generated::types::{AccountBase, AccountSubtype, AccountType};

/// Whether `/auth/get` reports this account (and may carry numbers for it).
pub(crate) fn is_auth_account(account: &AccountBase) -> bool {
    account.type_ == AccountType::Depository
        && matches!(
            account.subtype,
            Some(
                AccountSubtype::Checking | AccountSubtype::Savings | AccountSubtype::CashManagement
            )
        )
}
