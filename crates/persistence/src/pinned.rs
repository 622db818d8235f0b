//! The connection pool, with reads that do not pay the pool's round trips.
//!
//! sqlx tests a connection with a round trip each time it goes back to the pool, so a view that
//! issues fourteen reads through the pool paid fourteen extra round trips: a fifth of a school
//! card's CPU in the profile. On PostgreSQL each read takes a warm connection ([`crate::warm`])
//! and puts it back untested once its statement completed. On SQLite, inside [`pin_connections`]
//! the first read takes a connection and keeps it for the rest of the request; it goes back (and
//! is tested once) when the request ends. Writes never run on it: before a write or a
//! transaction the request gives the connection back, so a request never holds two connections
//! at once and the small pool cannot deadlock on requests that each wait for a second one. For
//! the same reason a scope must not wait on a task of its own that reads: the task reads through
//! the pool.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use sea_orm::sqlx::{self, Postgres, Sqlite, pool::PoolConnection};
use sea_orm::{
    AccessMode, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, ExecResult, IsolationLevel,
    QueryResult, RuntimeErr, Statement, TransactionError, TransactionOptions, TransactionTrait,
};
use sea_query_sqlx::SqlxValues;

/// The pool the repositories share. Statements run as on a [`DatabaseConnection`], except that
/// reads inside [`pin_connections`] share one connection.
#[derive(Debug, Clone)]
pub struct Database {
    pool: DatabaseConnection,
    /// The reference data kept for this pool; its address also tells this pool from another
    /// (the primary from a read replica) within one request.
    reference: Arc<crate::reference::ReferenceCache>,
    /// PostgreSQL connections between reads.
    warm: Arc<crate::warm::Warm>,
}

type Slot = Arc<tokio::sync::Mutex<PoolConnection<Sqlite>>>;

/// What a request holds of one pool.
enum Hold {
    /// The connection, taken once however many reads ask for it at the same time.
    Open(Arc<tokio::sync::OnceCell<Slot>>),
    /// Given back for a write: the rest of the request reads through the pool.
    Released,
}

#[derive(Default)]
struct Pins(HashMap<usize, Hold>);

tokio::task_local! {
    static PINS: Mutex<Pins>;
}

/// Runs `request` with its reads of each pool on one connection of that pool.
pub async fn pin_connections<F: Future>(request: F) -> F::Output {
    PINS.scope(Mutex::new(Pins::default()), request).await
}

impl From<DatabaseConnection> for Database {
    fn from(pool: DatabaseConnection) -> Self {
        Self { pool, reference: Arc::default(), warm: Arc::default() }
    }
}

impl Database {
    /// The pool itself: for migrations, the readiness probe and listening for notifications.
    pub fn connection(&self) -> &DatabaseConnection {
        &self.pool
    }

    /// What the instance keeps of this pool's reference data.
    pub(crate) fn reference(&self) -> &crate::reference::ReferenceCache {
        &self.reference
    }

    /// The PostgreSQL pool, for what sea-orm does not speak (`COPY`); none on SQLite.
    pub(crate) fn postgres_pool(&self) -> Option<&sqlx::PgPool> {
        (self.pool.get_database_backend() == DbBackend::Postgres).then(|| self.pool.get_postgres_connection_pool())
    }

    fn key(&self) -> usize {
        Arc::as_ptr(&self.reference) as usize
    }

    /// The connection this request reads on, taken at its first read; `None` outside a scope,
    /// after the request gave it back, or on a backend without one.
    async fn pinned(&self) -> Result<Option<Slot>, DbErr> {
        let backend = self.pool.get_database_backend();
        if backend != DbBackend::Sqlite {
            return Ok(None);
        }
        let key = self.key();
        let pin = PINS.try_with(|pins| match lock(pins).0.entry(key).or_insert_with(|| Hold::Open(Arc::default())) {
            Hold::Open(cell) => Some(cell.clone()),
            Hold::Released => None,
        });
        let Ok(Some(cell)) = pin else { return Ok(None) };
        let slot = cell
            .get_or_try_init(|| async {
                let held = self.pool.get_sqlite_connection_pool().acquire().await.map_err(sqlx_conn_acquire_err)?;
                Ok::<_, DbErr>(Arc::new(tokio::sync::Mutex::new(held)))
            })
            .await?;
        Ok(Some(slot.clone()))
    }

    /// Keeps a PostgreSQL connection warm after its statement, unless the statement failed for
    /// another reason than the database refusing it (then the pool tests the connection).
    fn put_back<T>(&self, connection: PoolConnection<Postgres>, outcome: &Result<T, sqlx::Error>) {
        if matches!(outcome, Ok(_) | Err(sqlx::Error::Database(_) | sqlx::Error::RowNotFound)) {
            self.warm.keep(connection, self.pool.get_postgres_connection_pool());
        }
    }

    /// Gives the request's connection back before it takes another for a write.
    fn release(&self) {
        let key = self.key();
        let _ = PINS.try_with(|pins| lock(pins).0.insert(key, Hold::Released));
    }
}

/// The pins are only touched between awaits, so a poisoned lock holds nothing half-done.
fn lock(pins: &Mutex<Pins>) -> std::sync::MutexGuard<'_, Pins> {
    pins.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// As sea-orm maps a failed checkout, so that callers tell a busy pool from a broken one alike.
fn sqlx_conn_acquire_err(e: sqlx::Error) -> DbErr {
    match e {
        sqlx::Error::PoolTimedOut => DbErr::ConnectionAcquire(sea_orm::ConnAcquireErr::Timeout),
        sqlx::Error::PoolClosed => DbErr::ConnectionAcquire(sea_orm::ConnAcquireErr::ConnectionClosed),
        other => DbErr::Conn(RuntimeErr::SqlxError(Arc::new(other))),
    }
}

/// As sea-orm maps a failed query: the driver's error stays inspectable (SQLSTATE and all).
pub(crate) fn sqlx_error_to_query_err(e: sqlx::Error) -> DbErr {
    DbErr::Query(RuntimeErr::SqlxError(Arc::new(e)))
}

/// As sea-orm maps a failed write.
pub(crate) fn sqlx_error_to_exec_err(e: sqlx::Error) -> DbErr {
    DbErr::Exec(RuntimeErr::SqlxError(Arc::new(e)))
}

/// The statement as sea-orm binds it for sqlx.
pub(crate) fn bound<DB: sqlx::Database>(stmt: &Statement) -> sqlx::query::Query<'_, DB, SqlxValues>
where
    SqlxValues: for<'q> sqlx::IntoArguments<DB>,
{
    let values = stmt.values.clone().unwrap_or(sea_orm::sea_query::Values(Vec::new()));
    sqlx::query_with(sqlx::AssertSqlSafe(stmt.sql.as_str()), SqlxValues(values))
}

#[async_trait::async_trait]
impl ConnectionTrait for Database {
    fn get_database_backend(&self) -> DbBackend {
        self.pool.get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.release();
        self.pool.execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.release();
        self.pool.execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        if self.pool.get_database_backend() == DbBackend::Postgres {
            let pool = self.pool.get_postgres_connection_pool();
            let mut c = self.warm.take(pool).await.map_err(sqlx_conn_acquire_err)?;
            let row = bound::<Postgres>(&stmt).fetch_optional(&mut *c).await;
            self.put_back(c, &row);
            return row.map(|r| r.map(Into::into)).map_err(sqlx_error_to_query_err);
        }
        let Some(slot) = self.pinned().await? else { return self.pool.query_one_raw(stmt).await };
        let mut c = slot.lock().await;
        let row = bound::<Sqlite>(&stmt).fetch_optional(&mut **c).await;
        row.map(|r| r.map(Into::into)).map_err(sqlx_error_to_query_err)
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        if self.pool.get_database_backend() == DbBackend::Postgres {
            let pool = self.pool.get_postgres_connection_pool();
            let mut c = self.warm.take(pool).await.map_err(sqlx_conn_acquire_err)?;
            let rows = bound::<Postgres>(&stmt).fetch_all(&mut *c).await;
            self.put_back(c, &rows);
            return rows.map(|r| r.into_iter().map(Into::into).collect()).map_err(sqlx_error_to_query_err);
        }
        let Some(slot) = self.pinned().await? else { return self.pool.query_all_raw(stmt).await };
        let mut c = slot.lock().await;
        let rows = bound::<Sqlite>(&stmt).fetch_all(&mut **c).await;
        rows.map(|r| r.into_iter().map(Into::into).collect()).map_err(sqlx_error_to_query_err)
    }

    fn support_returning(&self) -> bool {
        self.pool.support_returning()
    }

    fn is_mock_connection(&self) -> bool {
        self.pool.is_mock_connection()
    }
}

#[async_trait::async_trait]
impl TransactionTrait for Database {
    type Transaction = DatabaseTransaction;

    async fn begin(&self) -> Result<DatabaseTransaction, DbErr> {
        self.release();
        self.pool.begin().await
    }

    async fn begin_with_config(
        &self,
        isolation_level: Option<IsolationLevel>,
        access_mode: Option<AccessMode>,
    ) -> Result<DatabaseTransaction, DbErr> {
        self.release();
        self.pool.begin_with_config(isolation_level, access_mode).await
    }

    async fn begin_with_options(&self, options: TransactionOptions) -> Result<DatabaseTransaction, DbErr> {
        self.release();
        self.pool.begin_with_options(options).await
    }

    async fn transaction<F, T, E>(&self, callback: F) -> Result<T, TransactionError<E>>
    where
        F: for<'c> FnOnce(&'c DatabaseTransaction) -> Pin<Box<dyn Future<Output = Result<T, E>> + Send + 'c>> + Send,
        T: Send,
        E: std::fmt::Display + std::fmt::Debug + Send,
    {
        self.release();
        self.pool.transaction(callback).await
    }

    async fn transaction_with_config<F, T, E>(
        &self,
        callback: F,
        isolation_level: Option<IsolationLevel>,
        access_mode: Option<AccessMode>,
    ) -> Result<T, TransactionError<E>>
    where
        F: for<'c> FnOnce(&'c DatabaseTransaction) -> Pin<Box<dyn Future<Output = Result<T, E>> + Send + 'c>> + Send,
        T: Send,
        E: std::fmt::Display + std::fmt::Debug + Send,
    {
        self.release();
        self.pool.transaction_with_config(callback, isolation_level, access_mode).await
    }
}
