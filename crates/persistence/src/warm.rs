//! PostgreSQL connections kept warm between reads. sqlx tests every connection with a round
//! trip when it goes back to its pool, so a read through the pool cost two round trips, and a
//! request of one statement (an organization by id, each statement of a GraphQL query) paid
//! twice what it read. A read takes a connection from here (or, when none is warm, from the
//! pool), and puts it back here once its statement has completed: a connection whose statement
//! was cancelled or broke goes back to the pool, which tests and cleans it. At most half the
//! pool stays here, so writes and transactions, which take theirs from the pool, always find one.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use sea_orm::sqlx::{PgPool, Postgres, pool::PoolConnection};

/// How long a connection may wait here before it is handed to the pool to be tested: as long
/// as the pool lets an idle connection go untested.
const STALE_AFTER: Duration = Duration::from_secs(30);

#[derive(Debug, Default)]
pub(crate) struct Warm {
    idle: Mutex<Vec<(PoolConnection<Postgres>, Instant)>>,
}

impl Warm {
    fn idle(&self) -> std::sync::MutexGuard<'_, Vec<(PoolConnection<Postgres>, Instant)>> {
        self.idle.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The most recently used warm connection, or one from the pool.
    pub(crate) async fn take(&self, pool: &PgPool) -> Result<PoolConnection<Postgres>, sea_orm::sqlx::Error> {
        let fresh = {
            let mut idle = self.idle();
            // The oldest are at the bottom: those waiting too long go back to the pool.
            let stale = idle.iter().take_while(|(_, since)| since.elapsed() > STALE_AFTER).count();
            drop(idle.drain(..stale));
            idle.pop()
        };
        match fresh {
            Some((connection, _)) => Ok(connection),
            None => pool.acquire().await,
        }
    }

    /// Keeps a connection whose statement completed, while at most half the pool is kept.
    pub(crate) fn keep(&self, connection: PoolConnection<Postgres>, pool: &PgPool) {
        let bound = usize::try_from(pool.options().get_max_connections() / 2).unwrap_or(0);
        let mut idle = self.idle();
        if idle.len() < bound && !pool.is_closed() {
            idle.push((connection, Instant::now()));
        }
    }
}
