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
    ("uq_catalogues_content_key", "catalogues.content_key", "catalogue"),
    ("uq_list_decisions_original", "list_decisions.municipality_id", "year"),
    ("uq_list_decisions_supersedes", "list_decisions.supersedes", "supersedes"),
    ("uq_roadmaps_fingerprint", "roadmaps.municipality_id, roadmaps.fingerprint", "roadmap"),
    ("idempotency_keys_pkey", "idempotency_keys.key_hash", "idempotencyKey"),
];

pub(crate) fn store_error(error: DbErr) -> StoreError {
    match error.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(message)) => {
            if message.contains("uq_audit_events_entity_revision") || message.contains("audit_events.revision") {
                return StoreError::Stale;
            }
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
        DbErr::Query(RuntimeErr::SqlxError(e)) | DbErr::Exec(RuntimeErr::SqlxError(e)) => lost_connection(e),
        // A transaction's begin or commit on a dead connection surfaces as a plain runtime error.
        DbErr::Query(RuntimeErr::Internal(m)) | DbErr::Exec(RuntimeErr::Internal(m)) => {
            m.contains("connection") && (m.contains("closed") || m.contains("reset") || m.contains("terminat"))
        }
        _ => false,
    }
}

/// A connection lost, refused or closed by the server (an administrator's kill, a restart, a
/// failover) rather than a fault of the statement: a retry may succeed, so it is 503.
fn lost_connection(error: &sea_orm::sqlx::Error) -> bool {
    use sea_orm::sqlx::Error as E;
    match error {
        // A statement with more values than the protocol carries is the statement's fault: a
        // retry fails the same way, so it must not read as 503.
        E::Protocol(message) if message.contains("too many arguments") => false,
        E::Io(_) | E::PoolTimedOut | E::PoolClosed | E::Tls(_) | E::WorkerCrashed | E::Protocol(_) => true,
        // SQLSTATE class 08 is a connection exception; 57P01–57P03 are an administrator's
        // shutdown or termination, a crash shutdown, and a server that cannot connect now.
        E::Database(db) => db.code().is_some_and(|code| code.starts_with("08") || code.starts_with("57P")),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use sea_orm::sqlx::Error as E;

    use super::*;

    #[test]
    fn a_statement_over_the_bind_limit_is_not_an_unavailable_database() {
        let too_many = DbErr::Exec(RuntimeErr::SqlxError(
            E::Protocol("PgConnection::run(): too many arguments for query: 150000".into()).into(),
        ));
        assert!(matches!(store_error(too_many), StoreError::Internal(_)));
        let lost = DbErr::Exec(RuntimeErr::SqlxError(E::Protocol("unexpected end of stream".into()).into()));
        assert!(matches!(store_error(lost), StoreError::Unavailable));
    }
}
