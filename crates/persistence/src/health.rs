//! The readiness probe's view of a pool: whether the database answers a read, and when it does
//! not, whether it is down or only busy (every connection of the pool in use), so that the
//! probe says which and an operator knows to raise `OPORA_DB_MAX_CONNECTIONS` or look at the
//! database.

use std::time::Duration;

use sea_orm::{ConnectionTrait, DbBackend, Statement};

use crate::Database;

/// What the probe found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Health {
    Ready,
    /// No connection came within the deadline, and the pool has all of its `max` in use.
    Busy {
        max: u32,
    },
    /// The database refused or did not answer; the reason is for the log.
    Unreachable(String),
}

impl Database {
    /// One round trip, taken as a read takes its connection (a warm one first), within
    /// `deadline`.
    pub async fn health(&self, deadline: Duration) -> Health {
        let backend = self.get_database_backend();
        let select = Statement::from_string(backend, "SELECT 1");
        let failure = match tokio::time::timeout(deadline, self.query_one_raw(select)).await {
            Ok(Ok(_)) => return Health::Ready,
            Ok(Err(error)) => error.to_string(),
            Err(_) => format!("no answer within {deadline:?}"),
        };
        match self.saturated() {
            Some(max) => Health::Busy { max },
            None => Health::Unreachable(failure),
        }
    }

    /// The pool's size when every connection of it is open and in use.
    fn saturated(&self) -> Option<u32> {
        let (size, idle, max) = match self.get_database_backend() {
            DbBackend::Postgres => {
                let pool = self.connection().get_postgres_connection_pool();
                (pool.size(), pool.num_idle(), pool.options().get_max_connections())
            }
            DbBackend::Sqlite => {
                let pool = self.connection().get_sqlite_connection_pool();
                (pool.size(), pool.num_idle(), pool.options().get_max_connections())
            }
            _ => return None,
        };
        (size >= max && idle == 0).then_some(max)
    }
}
