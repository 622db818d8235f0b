//! The combined views' read models: each answered in a few statements over every capability's
//! tables, the one module of persistence that reads across capabilities (as the domain's
//! `insights` is the one module that combines them).

mod roster;

use async_trait::async_trait;
use chrono::NaiveDate;
use opora_domain::StoreError;
use opora_domain::insights::RosterRow;
use opora_domain::insights::ports::InsightsReads;
use opora_domain::schools::MunicipalityId;
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};

use crate::Database;

/// Implements [`InsightsReads`] on the shared pool.
#[derive(Debug, Clone)]
pub struct SeaInsightsReads {
    db: Database,
}

impl SeaInsightsReads {
    pub fn new(db: Database) -> Self {
        Self { db }
    }

    /// A statement written with PostgreSQL's numbered placeholders (`$1`), as SQLite numbers
    /// them (`?1`) when the pool is SQLite's.
    fn statement(&self, sql: &str, values: Vec<Value>) -> Statement {
        let backend = self.db.get_database_backend();
        let sql = match backend {
            DbBackend::Sqlite => sql.replace('$', "?"),
            _ => sql.to_owned(),
        };
        Statement::from_sql_and_values(backend, sql, values)
    }
}

#[async_trait]
impl InsightsReads for SeaInsightsReads {
    async fn roster(
        &self,
        municipality: MunicipalityId,
        year: i32,
        until: NaiveDate,
    ) -> Result<Vec<RosterRow>, StoreError> {
        roster::read(self, municipality, year, until).await
    }
}
