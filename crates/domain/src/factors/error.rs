//! What catalogue and audit operations can refuse.

use super::table::Issue;
use crate::access::Denied;
use crate::error::{StoreError, ValidationErrors};
use crate::schools::TerritoryError;

#[derive(Debug, thiserror::Error)]
pub enum FactorsError {
    #[error("invalid input: {0}")]
    Invalid(ValidationErrors),
    #[error("authentication is required")]
    Unauthenticated,
    #[error("{0}")]
    Forbidden(String),
    #[error("{entity} {id} does not exist")]
    NotFound { entity: &'static str, id: String },
    /// The table could not be imported; every problem is listed with its row and column.
    #[error("the table has {} error(s); nothing was imported", errors.len())]
    Rejected { errors: Vec<Issue>, warnings: Vec<Issue> },
    #[error("{0}")]
    Conflict(String),
    #[error("the database is unavailable")]
    Unavailable,
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<StoreError> for FactorsError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Unavailable => Self::Unavailable,
            StoreError::Duplicate { field } => Self::Conflict(format!("another record already has this {field}")),
            other => Self::Internal(other.to_string()),
        }
    }
}

impl From<ValidationErrors> for FactorsError {
    fn from(errors: ValidationErrors) -> Self {
        Self::Invalid(errors)
    }
}

impl From<TerritoryError> for FactorsError {
    fn from(error: TerritoryError) -> Self {
        match error {
            TerritoryError::NotFound { entity, id } => Self::NotFound { entity, id },
            TerritoryError::Unauthenticated => Self::Unauthenticated,
            TerritoryError::Forbidden { message, .. } => Self::Forbidden(message),
            TerritoryError::Unavailable => Self::Unavailable,
            TerritoryError::Invalid(errors) => Self::Invalid(errors),
            other => Self::Internal(other.to_string()),
        }
    }
}

impl FactorsError {
    pub(crate) fn denied(entity: &'static str, id: impl std::fmt::Display) -> impl FnOnce(Denied) -> Self {
        move |denied| match denied {
            Denied::Unauthenticated => Self::Unauthenticated,
            Denied::NotFound => Self::NotFound { entity, id: id.to_string() },
            Denied::Forbidden(message) => Self::Forbidden(message),
        }
    }
}
