//! Driver errors as the domain sees them: named unique constraints become duplicate-field
//! errors, restricting foreign keys become "still referred to", lost connections "unavailable".

use opora_domain::StoreError;
use sea_orm::{DbErr, RuntimeErr, SqlErr};

/// Unique indexes and the input field each guards. PostgreSQL names the index in its message,
/// SQLite names the columns, so both spellings are listed.
const UNIQUE: &[(&str, &str, &str)] = &[
    ("uq_regions_code", "regions.code", "code"),
    ("uq_municipalities_region_name", "municipalities.region_id, municipalities.name_key", "name"),
    ("uq_municipalities_oktmo", "municipalities.oktmo", "oktmo"),
    ("uq_organizations_inn", "organizations.inn", "inn"),
    ("uq_organizations_ogrn", "organizations.ogrn", "ogrn"),
    ("uq_organizations_fis_oko_login", "organizations.fis_oko_login", "fisOkoLogin"),
    ("uq_users_email", "users.email", "email"),
    ("uq_audits_municipality_date_catalogue", "audits.municipality_id, audits.audit_date", "date"),
    ("uq_api_clients_client_id", "api_clients.client_id", "clientId"),
];

pub(crate) fn store_error(error: DbErr) -> StoreError {
    match error.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(message)) => {
            let field = UNIQUE
                .iter()
                .find(|(index, columns, _)| message.contains(index) || message.contains(columns))
                .map_or("id", |(_, _, field)| field);
            return StoreError::Duplicate { field };
        }
        Some(SqlErr::ForeignKeyConstraintViolation(_)) => return StoreError::Referenced,
        _ => {}
    }
    if is_unavailable(&error) {
        return StoreError::Unavailable;
    }
    StoreError::Internal(error.to_string())
}

fn is_unavailable(error: &DbErr) -> bool {
    match error {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        DbErr::Query(RuntimeErr::SqlxError(e)) | DbErr::Exec(RuntimeErr::SqlxError(e)) => matches!(
            **e,
            sea_orm::sqlx::Error::Io(_)
                | sea_orm::sqlx::Error::PoolTimedOut
                | sea_orm::sqlx::Error::PoolClosed
                | sea_orm::sqlx::Error::Tls(_)
                | sea_orm::sqlx::Error::WorkerCrashed
        ),
        _ => false,
    }
}
