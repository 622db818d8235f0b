//! What the territory registry's operations can refuse.

use super::organization::Organization;
use super::reference::ReferenceError;
use crate::access::Denied;
use crate::error::{StoreError, ValidationErrors};

#[derive(Debug, thiserror::Error)]
pub enum TerritoryError {
    #[error("invalid input: {0}")]
    Invalid(ValidationErrors),
    #[error("authentication is required")]
    Unauthenticated,
    #[error("{message}")]
    Forbidden { message: String, fields: Vec<&'static str> },
    #[error("{entity} {id} does not exist")]
    NotFound { entity: &'static str, id: String },
    #[error("another {entity} already has this {field}")]
    Duplicate { entity: &'static str, field: &'static str },
    #[error("{entity} {id} is still referred to by other records and cannot be deleted")]
    InUse { entity: &'static str, id: String },
    #[error(transparent)]
    Reference(#[from] ReferenceError),
    #[error("'{text}' matches no organization of the municipality or of its region's bodies")]
    ReferenceNotFound { text: String },
    #[error("'{text}' matches {} organizations; name it more precisely", candidates.len())]
    AmbiguousReference { text: String, candidates: Vec<Organization> },
    #[error("the database is unavailable")]
    Unavailable,
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<ValidationErrors> for TerritoryError {
    fn from(errors: ValidationErrors) -> Self {
        Self::Invalid(errors)
    }
}

impl TerritoryError {
    /// Maps an access decision; outside the scope reads as absent.
    pub(crate) fn denied(entity: &'static str, id: impl std::fmt::Display) -> impl FnOnce(Denied) -> Self {
        move |denied| match denied {
            Denied::Unauthenticated => Self::Unauthenticated,
            Denied::NotFound => Self::not_found(entity, id),
            Denied::Forbidden(message) => Self::Forbidden { message, fields: Vec::new() },
        }
    }

    pub(crate) fn not_found(entity: &'static str, id: impl std::fmt::Display) -> Self {
        Self::NotFound { entity, id: id.to_string() }
    }

    /// Maps a store failure for a write on `entity` with id `id`.
    pub(crate) fn store(entity: &'static str, id: impl std::fmt::Display) -> impl FnOnce(StoreError) -> Self {
        move |error| match error {
            StoreError::Duplicate { field } => Self::Duplicate { entity, field },
            StoreError::Referenced => Self::InUse { entity, id: id.to_string() },
            StoreError::Unavailable => Self::Unavailable,
            StoreError::Internal(message) => Self::Internal(message),
        }
    }
}

impl From<StoreError> for TerritoryError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Unavailable => Self::Unavailable,
            other => Self::Internal(other.to_string()),
        }
    }
}
