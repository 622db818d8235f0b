//! Reference data an instance keeps in memory: the indicators' catalogue, which every series,
//! card and dashboard reads, and the watchlist rule sets every dashboard weighs; both change only
//! when an administrator defines an indicator or publishes a rule set. They are kept only while
//! every change is sure to be heard: on a PostgreSQL pool whose listener is running (each change
//! announces itself with `NOTIFY` in its transaction, and the listener on every instance forgets
//! what it keeps). On SQLite, on a read replica, or while the listener reconnects, every read
//! goes to the database.

use std::sync::{Mutex, MutexGuard};

use opora_domain::indicators::Indicator;
use opora_domain::warning::RuleSet;

/// The channel changes of reference data are announced on.
pub(crate) const CHANNEL: &str = "opora_reference";

#[derive(Debug, Default)]
pub(crate) struct ReferenceCache {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
pub(crate) struct State {
    /// Whether changes made elsewhere are heard.
    listening: bool,
    /// Counts the changes heard: a read that began before one must not keep what it read.
    generation: u64,
    pub(crate) indicators: Option<Vec<Indicator>>,
    pub(crate) rule_sets: Option<Vec<RuleSet>>,
}

/// Which of the kept lists a read is about.
pub(crate) type Slot<T> = fn(&mut State) -> &mut Option<Vec<T>>;

impl ReferenceCache {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The list, when it is kept.
    pub(crate) fn get<T: Clone>(&self, slot: Slot<T>) -> Option<Vec<T>> {
        let mut state = self.state();
        if !state.listening {
            return None;
        }
        slot(&mut state).clone()
    }

    /// Where a read begins: pass it to [`Self::keep`].
    pub(crate) fn generation(&self) -> u64 {
        self.state().generation
    }

    /// Keeps the list read since `generation`, unless a change was heard meanwhile.
    pub(crate) fn keep<T: Clone>(&self, slot: Slot<T>, generation: u64, read: &[T]) {
        let mut state = self.state();
        if state.listening && state.generation == generation {
            *slot(&mut state) = Some(read.to_vec());
        }
    }

    /// Reference data changed, here or on another instance.
    pub(crate) fn changed(&self) {
        let mut state = self.state();
        state.generation += 1;
        state.indicators = None;
        state.rule_sets = None;
    }

    /// The listener started or stopped hearing changes; what was kept may have missed some.
    pub(crate) fn listening(&self, on: bool) {
        self.state().listening = on;
        self.changed();
    }
}

/// Ends a write of reference data: records its audit events, announces the change from within
/// the transaction (every listening instance hears it when it commits), commits, and drops what
/// this instance kept.
pub(crate) async fn commit(
    db: &crate::Database,
    txn: sea_orm::DatabaseTransaction,
    events: &[opora_domain::audit::AuditEvent],
) -> Result<(), opora_domain::StoreError> {
    use sea_orm::ConnectionTrait;
    for event in events {
        crate::audit_trail::record(&txn, event).await?;
    }
    if txn.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        txn.execute_unprepared(&format!("NOTIFY {CHANNEL}")).await.map_err(crate::errors::store_error)?;
    }
    txn.commit().await.map_err(crate::errors::store_error)?;
    db.reference().changed();
    Ok(())
}
