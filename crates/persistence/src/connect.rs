//! Opening the database and applying migrations on either backend.

use std::path::Path;
use std::time::Duration;

use sea_orm::{ConnectOptions, ConnectionTrait, DatabaseBackend, DbErr, Statement};
use sea_orm_migration::MigratorTrait;

use crate::Database;
use crate::migrations::Migrator;

/// How to reach the database and how big the pool may grow.
#[derive(Debug, Clone)]
pub struct DatabaseSettings {
    /// `sqlite://path?mode=rwc` or `postgres://user@host/db`.
    pub url: String,
    pub max_connections: u32,
    pub connect_timeout: Duration,
    /// How long a request waits for a free connection before it is answered 503.
    pub acquire_timeout: Duration,
    pub idle_timeout: Duration,
}

impl DatabaseSettings {
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            max_connections: 10,
            connect_timeout: Duration::from_secs(5),
            acquire_timeout: Duration::from_secs(5),
            idle_timeout: Duration::from_secs(300),
        }
    }

    fn is_sqlite(&self) -> bool {
        self.url.starts_with("sqlite:")
    }

    fn sqlite_file(&self) -> Option<&Path> {
        let rest = self.url.strip_prefix("sqlite://").or_else(|| self.url.strip_prefix("sqlite:"))?;
        let path = rest.split('?').next().unwrap_or(rest);
        (!path.is_empty() && !path.contains(":memory:")).then(|| Path::new(path))
    }

    fn options(&self, max_connections: u32) -> ConnectOptions {
        let mut options = ConnectOptions::new(self.url.clone());
        options
            .max_connections(max_connections)
            .min_connections(0)
            .connect_timeout(self.connect_timeout)
            .acquire_timeout(self.acquire_timeout)
            .idle_timeout(self.idle_timeout)
            // A ping on every checkout doubled the round trips of each statement: a third of a
            // point read's CPU went to it. A connection is pinged only after it sat idle long
            // enough for the server or a proxy to have dropped it; sqlx still tests each one as
            // it returns to the pool.
            .test_before_acquire_if_idle_for(STALE_AFTER)
            .sqlx_logging(false);
        options
    }
}

/// How long a pooled connection may sit idle before it is pinged on checkout.
const STALE_AFTER: Duration = Duration::from_secs(30);

/// Why the database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("cannot create or lock {path}: {source}")]
    File { path: String, source: std::io::Error },
    #[error(transparent)]
    Database(#[from] DbErr),
    #[error("reading the revoked tokens: {0}")]
    Store(#[from] opora_domain::StoreError),
}

/// Opens the pool. For an SQLite file the folder is created first, and the journal is switched
/// to WAL so that readers do not wait for a writer.
pub async fn connect(settings: &DatabaseSettings) -> Result<Database, SetupError> {
    let max = if settings.is_sqlite() && settings.sqlite_file().is_none() {
        // Every connection to `sqlite::memory:` would be a database of its own.
        1
    } else if settings.is_sqlite() {
        settings.max_connections.min(sqlite_pool_cap())
    } else {
        settings.max_connections
    };
    if let Some(parent) = settings.sqlite_file().and_then(Path::parent).filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|source| SetupError::File { path: parent.display().to_string(), source })?;
    }
    let db = sea_orm::Database::connect(settings.options(max)).await?;
    if settings.sqlite_file().is_some() {
        db.execute_unprepared("PRAGMA journal_mode = WAL").await?;
    }
    Ok(Database::from(db))
}

/// SQLite runs inside the process: connections beyond twice the cores add no parallelism, only
/// requests in flight that each hold their rows and a page cache. On the national benchmark a
/// pool of 32 peaked at 383 MiB; a pool of 4 on two cores answered dashboards faster (164
/// against 100 req/s on the medium bench) at 118 MiB.
fn sqlite_pool_cap() -> u32 {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    u32::try_from(cores * 2).unwrap_or(u32::MAX).max(2)
}

/// Refreshes PostgreSQL's planner statistics after a bulk load. Until autovacuum gets to a
/// freshly filled table the planner takes it for a few pages: a dashboard's roadmaps were
/// hash-joined to every municipality's measures (8.8 ms instead of 0.3 ms). SQLite is left to
/// its heuristics: with statistics gathered, the benchmark's reads were no faster.
pub async fn analyze(settings: &DatabaseSettings) -> Result<(), SetupError> {
    if settings.is_sqlite() {
        return Ok(());
    }
    let db = connect(&DatabaseSettings { max_connections: 1, ..settings.clone() }).await?;
    db.execute_unprepared("ANALYZE").await?;
    db.connection().clone().close().await?;
    Ok(())
}

/// Applies pending migrations and returns their names. Two instances starting at once never
/// migrate together: on PostgreSQL an advisory lock held on a connection of its own serialises
/// them, on an SQLite file a lock on a file beside it. The second waits, then finds nothing to do.
pub async fn migrate(settings: &DatabaseSettings) -> Result<Vec<String>, SetupError> {
    let _file_lock = match settings.sqlite_file() {
        Some(path) => Some(lock_file(path).await?),
        None => None,
    };
    let db = connect(&DatabaseSettings { max_connections: 1, ..settings.clone() }).await?;
    let postgres = db.get_database_backend() == DatabaseBackend::Postgres;
    if postgres {
        db.execute_raw(Statement::from_string(
            DatabaseBackend::Postgres,
            format!("SELECT pg_advisory_lock({MIGRATION_LOCK})"),
        ))
        .await?;
    }
    let result = apply(&db).await;
    if postgres {
        // A migration may change reference data that running instances keep in memory.
        if result.as_ref().is_ok_and(|applied| !applied.is_empty()) {
            db.execute_unprepared(&format!("NOTIFY {}", crate::reference::CHANNEL)).await?;
        }
        db.execute_raw(Statement::from_string(
            DatabaseBackend::Postgres,
            format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})"),
        ))
        .await?;
    }
    db.connection().clone().close().await?;
    Ok(result?)
}

/// Blocks until this process holds the exclusive lock on `<database>.migrate-lock`; dropping
/// the file releases it.
async fn lock_file(database: &Path) -> Result<std::fs::File, SetupError> {
    let path = database.with_extension("migrate-lock");
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|source| SetupError::File { path: parent.display().to_string(), source })?;
    }
    let failed = |source| SetupError::File { path: path.display().to_string(), source };
    let file = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(&path).map_err(failed)?;
    tokio::task::spawn_blocking(move || file.lock().map(|()| file))
        .await
        .map_err(|e| failed(std::io::Error::other(e)))?
        .map_err(failed)
}

/// An arbitrary constant shared by every Opora instance: "opora" in ASCII.
const MIGRATION_LOCK: i64 = 0x6f_706f_7261;

async fn apply(db: &Database) -> Result<Vec<String>, DbErr> {
    let db = db.connection();
    let pending: Vec<String> =
        Migrator::get_pending_migrations(db).await?.iter().map(|m| m.name().to_owned()).collect();
    if !pending.is_empty() {
        Migrator::up(db, None).await?;
        tracing::info!(applied = ?pending, "database migrated");
    }
    Ok(pending)
}
