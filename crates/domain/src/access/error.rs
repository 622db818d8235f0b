//! What identity and access operations can refuse.

use super::policy::Denied;
use crate::error::{StoreError, ValidationErrors};

#[derive(Debug, thiserror::Error)]
pub enum AccessError {
    #[error("invalid input: {0}")]
    Invalid(ValidationErrors),
    #[error("authentication is required")]
    Unauthenticated,
    /// Wrong credentials, an unknown principal or a deactivated one: one answer for all.
    #[error("the credentials are not valid")]
    InvalidCredentials,
    #[error("{0}")]
    Forbidden(String),
    #[error("{entity} {id} does not exist")]
    NotFound { entity: &'static str, id: String },
    #[error("another {entity} already has this {field}")]
    Duplicate { entity: &'static str, field: &'static str },
    #[error("the database is unavailable")]
    Unavailable,
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<ValidationErrors> for AccessError {
    fn from(errors: ValidationErrors) -> Self {
        Self::Invalid(errors)
    }
}

impl From<StoreError> for AccessError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Unavailable => Self::Unavailable,
            StoreError::Duplicate { field } => Self::Duplicate { entity: "principal", field },
            other => Self::Internal(other.to_string()),
        }
    }
}

impl AccessError {
    pub(crate) fn denied(entity: &'static str, id: impl std::fmt::Display) -> impl FnOnce(Denied) -> Self {
        move |denied| match denied {
            Denied::Unauthenticated => Self::Unauthenticated,
            Denied::NotFound => Self::NotFound { entity, id: id.to_string() },
            Denied::Forbidden(message) => Self::Forbidden(message),
        }
    }
}
