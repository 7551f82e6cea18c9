//! The sandbox's data set: API clients and the Items behind access tokens.
//!
//! A data set is a JSON document:
//!
//! ```json
//! {
//!   "clients": [{ "client_id": "...", "secret": "..." }],
//!   "items": [{
//!     "access_token": "access-sandbox-...",
//!     "item": { "...": "a generated::types::Item" },
//!     "accounts": [{ "...": "a generated::types::AccountBase" }],
//!     "numbers": { "...": "a generated::types::AuthGetNumbers" }
//!   }]
//! }
//! ```
//!
//! Items, accounts and numbers are read as the generated types, so the spec's schema
//! decides what is valid; further checks cover what a schema cannot say (unique
//! tokens and ids, numbers that belong to listed accounts, enum values the spec knows).

mod error;
mod validate;

use std::path::Path;

use generated::types::{AccountBase, AuthGetNumbers, Item, SecretString};
use serde::Deserialize;
use subtle::ConstantTimeEq;

pub use error::DataError;

/// The data set compiled into the binary (`sandbox/data/default.json`).
const EMBEDDED: &str = include_str!("../data/default.json");

/// The document a data set is read from.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DataFile {
    clients: Vec<Client>,
    items: Vec<ItemRecord>,
}

/// An API client: the credentials a caller must present.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Client {
    pub(crate) client_id: String,
    pub(crate) secret: SecretString,
}

/// One Item, as `/auth/get` reports it, and the access token that opens it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ItemRecord {
    pub(crate) access_token: SecretString,
    pub(crate) item: Item,
    /// Every account of the Item, including those `/auth/get` does not report.
    pub(crate) accounts: Vec<AccountBase>,
    pub(crate) numbers: AuthGetNumbers,
}

/// A validated data set: the clients allowed to call, and the Items they can read.
#[derive(Clone)]
pub struct DataSet {
    clients: Vec<Client>,
    items: Vec<ItemRecord>,
}

impl DataSet {
    /// The data set compiled into the binary (`sandbox/data/default.json`): client
    /// `sandbox_client_id` / `sandbox_secret`, and the access tokens
    /// `access-sandbox-user-good`, `access-sandbox-item-error` and
    /// `access-sandbox-no-auth-accounts`.
    pub fn embedded() -> DataSet {
        // Not user input: a unit test proves the embedded file valid.
        match DataSet::from_json(EMBEDDED) {
            Ok(data) => data,
            Err(e) => panic!("the embedded data set is invalid: {e}"),
        }
    }

    /// Parses and validates a data set from JSON text.
    pub fn from_json(text: &str) -> Result<DataSet, DataError> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let file: DataFile = serde_path_to_error::deserialize(&mut deserializer)
            .map_err(|e| DataError::parse(json_path(e.path()), e.into_inner().to_string()))?;
        deserializer
            .end()
            .map_err(|e| DataError::parse(String::new(), e.to_string()))?;
        validate::check(&file.clients, &file.items)?;
        Ok(DataSet {
            clients: file.clients,
            items: file.items,
        })
    }

    /// Reads, parses and validates a data set from a JSON file; errors name the file.
    pub fn load(path: &Path) -> Result<DataSet, DataError> {
        let text = std::fs::read_to_string(path).map_err(|e| DataError::read(path, &e))?;
        DataSet::from_json(&text).map_err(|e| e.in_file(path))
    }

    /// How many API clients the data set has.
    pub fn client_count(&self) -> usize {
        self.clients.len()
    }

    /// How many Items (access tokens) the data set has.
    pub fn item_count(&self) -> usize {
        self.items.len()
    }

    /// The client with this id (client ids are not secret: compared normally).
    pub(crate) fn client(&self, client_id: &str) -> Option<&Client> {
        self.clients.iter().find(|c| c.client_id == client_id)
    }

    /// The Item this access token opens. Every token is compared, in constant time, so
    /// the time taken does not depend on which token matched or how much of it.
    pub(crate) fn item(&self, access_token: &str) -> Option<&ItemRecord> {
        let mut found = None;
        for record in &self.items {
            if bool::from(
                record
                    .access_token
                    .expose_secret()
                    .as_bytes()
                    .ct_eq(access_token.as_bytes()),
            ) {
                found = Some(record);
            }
        }
        found
    }
}

impl std::fmt::Debug for DataSet {
    /// Counts only: the data set holds secrets and access tokens.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DataSet")
            .field("clients", &self.clients.len())
            .field("items", &self.items.len())
            .finish()
    }
}

/// serde_path_to_error's path, with `""` rather than `"."` for the top level.
fn json_path(path: &serde_path_to_error::Path) -> String {
    let text = path.to_string();
    if text == "." { String::new() } else { text }
}

#[cfg(test)]
mod tests;
