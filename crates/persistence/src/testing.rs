//! Throw-away databases for test suites: an SQLite file in a temporary folder, or, when
//! `OPORA_TEST_POSTGRES_URL` names a PostgreSQL server, a fresh database on it that is dropped
//! when the handle goes out of scope (even when the test panicked).

use sea_orm::{ConnectionTrait, Database as Connector, TransactionTrait};

/// The variable that switches test suites to PostgreSQL: a URL of a maintenance database on a
/// server where the user may create databases, e.g. `postgres://postgres@127.0.0.1:5432/postgres`.
pub const POSTGRES_URL_VAR: &str = "OPORA_TEST_POSTGRES_URL";

/// One test's own database.
#[derive(Debug)]
pub struct TestDatabase {
    url: String,
    postgres: Option<(String, String)>,
    _folder: Option<tempfile::TempDir>,
}

impl TestDatabase {
    pub async fn create() -> Self {
        match std::env::var(POSTGRES_URL_VAR) {
            Ok(admin) if !admin.is_empty() => Self::postgres(admin).await,
            _ => Self::sqlite(),
        }
    }

    fn sqlite() -> Self {
        let folder = tempfile::tempdir().expect("a temporary folder");
        let url = format!("sqlite://{}?mode=rwc", folder.path().join("opora.db").display());
        Self { url, postgres: None, _folder: Some(folder) }
    }

    async fn postgres(admin: String) -> Self {
        let name = format!("opora_test_{}", uuid::Uuid::now_v7().simple());
        let admin_db = Connector::connect(&admin).await.expect("the PostgreSQL test server answers");
        admin_db.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("CREATE DATABASE");
        admin_db.close().await.ok();
        Self { url: with_database(&admin, &name), postgres: Some((admin, name)), _folder: None }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn is_postgres(&self) -> bool {
        self.postgres.is_some()
    }

    /// Makes the PostgreSQL database refuse (`false`) or accept (`true`) connections; refusing
    /// also ends the connections already open, as a restarted or unreachable server would.
    pub async fn set_reachable(&self, reachable: bool) {
        let (admin, name) = self.postgres_admin().expect("only a PostgreSQL test database can be made unreachable");
        let db = Connector::connect(admin).await.expect("the PostgreSQL test server answers");
        db.execute_unprepared(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS {reachable}"))
            .await
            .expect("ALTER DATABASE");
        if !reachable {
            db.execute_unprepared(&format!(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()"
            ))
            .await
            .expect("terminate connections");
        }
        db.close().await.ok();
    }

    /// Takes `ACCESS EXCLUSIVE` on `table` from a connection of its own (PostgreSQL only): every
    /// statement that reads the table waits, holding its connection, until the lock is released,
    /// as behind a long migration.
    pub async fn lock(&self, table: &str) -> TableLock {
        assert!(self.is_postgres(), "only a PostgreSQL table is locked from outside");
        let db = Connector::connect(&self.url).await.expect("the test database answers");
        let transaction = db.begin().await.expect("BEGIN");
        transaction
            .execute_unprepared(&format!("LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE"))
            .await
            .expect("LOCK TABLE");
        TableLock(transaction)
    }

    /// The PostgreSQL maintenance URL and this test's database name.
    pub fn postgres_admin(&self) -> Option<(&str, &str)> {
        self.postgres.as_ref().map(|(a, n)| (a.as_str(), n.as_str()))
    }
}

/// A table lock held until [`TableLock::release`].
#[derive(Debug)]
pub struct TableLock(sea_orm::DatabaseTransaction);

impl TableLock {
    pub async fn release(self) {
        self.0.rollback().await.expect("ROLLBACK");
    }
}

/// The same server URL pointing at another database.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let server = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{server}/{name}?{q}"),
        None => format!("{server}/{name}"),
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some((admin, name)) = self.postgres.take() else { return };
        // Drop runs inside the test's runtime, which may not block; a thread with a runtime of
        // its own does the async work.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
            runtime.block_on(async {
                let db = Connector::connect(&admin).await.ok()?;
                db.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await.ok()?;
                db.close().await.ok()
            })
        })
        .join();
        if !matches!(dropped, Ok(Some(()))) {
            tracing::warn!("could not drop a test database; it is left on the server");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn the_database_name_is_replaced_and_the_query_kept() {
        assert_eq!(with_database("postgres://u@h:5432/postgres", "t1"), "postgres://u@h:5432/t1");
        assert_eq!(with_database("postgres://u@h/postgres?sslmode=disable", "t1"), "postgres://u@h/t1?sslmode=disable");
        assert_eq!(with_database("postgres://u@h", "t1"), "postgres://u@h/t1");
    }
}
