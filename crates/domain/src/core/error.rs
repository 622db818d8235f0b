//! The one error every service returns. A capability adds detail (the entity, the field, the
//! issues of a table), never a variant of its own: REST and GraphQL map this type once.

use super::import::Issue;
use super::validation::{StoreError, ValidationErrors};
use crate::schools::{Organization, ReferenceError};

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// One or more fields broke a rule; each is listed.
    #[error("invalid input: {0}")]
    Invalid(ValidationErrors),
    #[error("authentication is required")]
    Unauthenticated,
    /// Wrong e-mail and password, or client id and secret.
    #[error("the credentials are not valid")]
    InvalidCredentials,
    /// The caller's role may not do this here; `fields` are those it may not write.
    #[error("{message}")]
    Forbidden { message: String, fields: Vec<&'static str> },
    #[error("{entity} {id} does not exist")]
    NotFound { entity: &'static str, id: String },
    #[error("another {entity} already has this {field}")]
    Duplicate { entity: &'static str, field: &'static str },
    #[error("{entity} {id} is still referred to by other records and cannot be deleted")]
    InUse { entity: &'static str, id: String },
    /// The request contradicts what is stored.
    #[error("{0}")]
    Conflict(String),
    /// A table could not be imported; every problem is listed with its row and column.
    #[error("the table has {} error(s); nothing was imported", errors.len())]
    Rejected { errors: Vec<Issue>, warnings: Vec<Issue> },
    /// The text is not a reference to one organization.
    #[error(transparent)]
    Reference(#[from] ReferenceError),
    #[error("'{text}' matches no organization of the municipality or of its region's bodies")]
    ReferenceNotFound { text: String },
    #[error("'{text}' matches {} organizations; name it more precisely", candidates.len())]
    AmbiguousReference { text: String, candidates: Vec<Organization> },
    /// A conditional write named a revision that is no longer the record's.
    #[error(
        "{entity} {id} is not at the revision If-Match names: read it again and repeat the change with the ETag it gives"
    )]
    Stale { entity: &'static str, id: String },
    #[error("the database is unavailable")]
    Unavailable,
    /// Anything else; the text is for the server log only.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ServiceError {
    /// A rejected table, its issues in the order of the file: by row, then column.
    pub fn rejected(mut errors: Vec<Issue>, mut warnings: Vec<Issue>) -> Self {
        let place = |i: &Issue| (i.row, i.column.clone());
        errors.sort_by_key(place);
        warnings.sort_by_key(place);
        Self::Rejected { errors, warnings }
    }

    /// Refused to the caller's role, with no field named.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::Forbidden { message: message.into(), fields: Vec::new() }
    }

    pub fn not_found(entity: &'static str, id: impl std::fmt::Display) -> Self {
        Self::NotFound { entity, id: id.to_string() }
    }

    /// An access decision as the error a caller sees: outside its territory, the record does
    /// not exist for it.
    pub fn denied(entity: &'static str, id: impl std::fmt::Display) -> impl FnOnce(Denied) -> Self {
        move |denied| match denied {
            Denied::Unauthenticated => Self::Unauthenticated,
            Denied::NotFound => Self::not_found(entity, id),
            Denied::Forbidden(message) => Self::forbidden(message),
        }
    }

    /// A storage failure of a write to one record: duplicates and references name it.
    pub fn store(entity: &'static str, id: impl std::fmt::Display) -> impl FnOnce(StoreError) -> Self {
        move |error| match error {
            StoreError::Duplicate { field } => Self::Duplicate { entity, field },
            StoreError::Referenced => Self::InUse { entity, id: id.to_string() },
            StoreError::Stale => Self::Stale { entity, id: id.to_string() },
            StoreError::Unavailable => Self::Unavailable,
            StoreError::Internal(message) => Self::Internal(message),
        }
    }
}

impl From<ValidationErrors> for ServiceError {
    fn from(errors: ValidationErrors) -> Self {
        Self::Invalid(errors)
    }
}

impl From<StoreError> for ServiceError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Unavailable => Self::Unavailable,
            StoreError::Duplicate { field } => Self::Duplicate { entity: "record", field },
            StoreError::Referenced => Self::InUse { entity: "record", id: String::new() },
            StoreError::Stale => Self::Stale { entity: "record", id: String::new() },
            StoreError::Internal(message) => Self::Internal(message),
        }
    }
}

/// Why an action is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Denied {
    /// No credentials, and the action is not public.
    Unauthenticated,
    /// Outside the caller's scope: answered like a record that does not exist.
    NotFound,
    /// Inside the scope, but the role may not do it.
    Forbidden(String),
}
