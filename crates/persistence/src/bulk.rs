//! Transactions that write many rows at once.
//!
//! An audit import binds ten thousand findings. Sent as multi-row `INSERT`s they became
//! ninety thousand statement parameters, each built into the statement, encoded and planned:
//! in the profile that cost the import more CPU than reading, resolving and validating its
//! table together. On PostgreSQL a [`BulkTransaction`] runs on one connection of the pool;
//! sea-orm's statements run on it as on any connection, and the large row sets stream in by
//! `COPY` in the same transaction, so that they are checked, indexed and committed, or rolled
//! back, with everything else. On SQLite, which has no `COPY`, it is a sea-orm transaction and
//! the rows go in as batched inserts.

use sea_orm::sqlx::{self, Postgres};
use sea_orm::{
    ConnectionTrait, DatabaseTransaction, DbBackend, DbErr, ExecResult, QueryResult, Statement, TransactionTrait,
};

use crate::Database;
use crate::pinned::{bound, sqlx_error_to_exec_err, sqlx_error_to_query_err};

/// A write transaction that can take rows by `COPY` where the database has it.
pub(crate) enum BulkTransaction {
    /// PostgreSQL: one pooled connection inside `BEGIN`, rolled back when dropped uncommitted.
    Copy(tokio::sync::Mutex<sqlx::Transaction<'static, Postgres>>),
    Plain(DatabaseTransaction),
}

impl BulkTransaction {
    pub(crate) async fn begin(db: &Database) -> Result<Self, DbErr> {
        match db.postgres_pool() {
            Some(pool) => {
                let txn = pool.begin().await.map_err(sqlx_error_to_exec_err)?;
                Ok(Self::Copy(tokio::sync::Mutex::new(txn)))
            }
            None => Ok(Self::Plain(db.begin().await?)),
        }
    }

    /// Whether [`Self::copy_in`] is available.
    pub(crate) fn copies(&self) -> bool {
        matches!(self, Self::Copy(_))
    }

    /// Streams `data` (`COPY`'s text format) into the table `statement` names
    /// (`COPY t (columns) FROM STDIN`).
    pub(crate) async fn copy_in(&self, statement: &str, data: Vec<u8>) -> Result<(), DbErr> {
        let Self::Copy(txn) = self else {
            return Err(DbErr::Custom("COPY is available on PostgreSQL only".to_owned()));
        };
        let mut txn = txn.lock().await;
        let mut copy = txn.copy_in_raw(statement).await.map_err(sqlx_error_to_exec_err)?;
        if let Err(e) = copy.send(data).await {
            // The connection must leave COPY mode before it is rolled back.
            let _aborted = copy.abort("the rows could not be sent").await;
            return Err(sqlx_error_to_exec_err(e));
        }
        copy.finish().await.map(drop).map_err(sqlx_error_to_exec_err)
    }

    pub(crate) async fn commit(self) -> Result<(), DbErr> {
        match self {
            Self::Copy(txn) => txn.into_inner().commit().await.map_err(sqlx_error_to_exec_err),
            Self::Plain(txn) => txn.commit().await,
        }
    }
}

/// Text as `COPY`'s text format writes a column: backslash, tab and line breaks escaped.
pub(crate) fn copy_text(out: &mut Vec<u8>, text: &str) {
    for b in text.bytes() {
        match b {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(b),
        }
    }
}

/// `COPY`'s text format for a missing value.
pub(crate) const COPY_NULL: &[u8] = b"\\N";

#[async_trait::async_trait]
impl ConnectionTrait for BulkTransaction {
    fn get_database_backend(&self) -> DbBackend {
        match self {
            Self::Copy(_) => DbBackend::Postgres,
            Self::Plain(txn) => txn.get_database_backend(),
        }
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        match self {
            Self::Copy(txn) => {
                let mut txn = txn.lock().await;
                bound::<Postgres>(&stmt).execute(&mut **txn).await.map(Into::into).map_err(sqlx_error_to_exec_err)
            }
            Self::Plain(txn) => txn.execute_raw(stmt).await,
        }
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        match self {
            Self::Copy(txn) => {
                let mut txn = txn.lock().await;
                sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                    .execute(&mut **txn)
                    .await
                    .map(Into::into)
                    .map_err(sqlx_error_to_exec_err)
            }
            Self::Plain(txn) => txn.execute_unprepared(sql).await,
        }
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        match self {
            Self::Copy(txn) => {
                let mut txn = txn.lock().await;
                let row = bound::<Postgres>(&stmt).fetch_optional(&mut **txn).await;
                row.map(|r| r.map(Into::into)).map_err(sqlx_error_to_query_err)
            }
            Self::Plain(txn) => txn.query_one_raw(stmt).await,
        }
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        match self {
            Self::Copy(txn) => {
                let mut txn = txn.lock().await;
                let rows = bound::<Postgres>(&stmt).fetch_all(&mut **txn).await;
                rows.map(|r| r.into_iter().map(Into::into).collect()).map_err(sqlx_error_to_query_err)
            }
            Self::Plain(txn) => txn.query_all_raw(stmt).await,
        }
    }

    fn support_returning(&self) -> bool {
        match self {
            Self::Copy(_) => true,
            Self::Plain(txn) => txn.support_returning(),
        }
    }
}
