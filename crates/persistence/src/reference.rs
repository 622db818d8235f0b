//! Reference data an instance keeps in memory: the indicators' catalogue, which every series,
//! card and dashboard reads and which changes only when an administrator defines an indicator.
//! It is kept only while every change is sure to be heard: on a PostgreSQL pool whose listener
//! is running (each definition announces itself with `NOTIFY` in its transaction, and the
//! listener forgets the catalogue on every instance). On SQLite, on a read replica, or while the
//! listener reconnects, every read goes to the database.

use std::sync::{Mutex, MutexGuard};

use opora_domain::indicators::Indicator;

/// The channel changes of reference data are announced on.
pub(crate) const CHANNEL: &str = "opora_reference";

#[derive(Debug, Default)]
pub(crate) struct ReferenceCache {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// Whether changes made elsewhere are heard.
    listening: bool,
    /// Counts the changes heard: a read that began before one must not keep what it read.
    generation: u64,
    indicators: Option<Vec<Indicator>>,
}

impl ReferenceCache {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The catalogue, when it is kept.
    pub(crate) fn indicators(&self) -> Option<Vec<Indicator>> {
        let state = self.state();
        state.listening.then(|| state.indicators.clone()).flatten()
    }

    /// Where a read begins: pass it to [`Self::keep_indicators`].
    pub(crate) fn generation(&self) -> u64 {
        self.state().generation
    }

    /// Keeps the catalogue read since `generation`, unless a change was heard meanwhile.
    pub(crate) fn keep_indicators(&self, generation: u64, indicators: &[Indicator]) {
        let mut state = self.state();
        if state.listening && state.generation == generation {
            state.indicators = Some(indicators.to_vec());
        }
    }

    /// Reference data changed, here or on another instance.
    pub(crate) fn changed(&self) {
        let mut state = self.state();
        state.generation += 1;
        state.indicators = None;
    }

    /// The listener started or stopped hearing changes; what was kept may have missed some.
    pub(crate) fn listening(&self, on: bool) {
        let mut state = self.state();
        state.listening = on;
        state.generation += 1;
        state.indicators = None;
    }
}
