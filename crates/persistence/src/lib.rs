//! Storage: sea-orm entities, migrations that run on SQLite and PostgreSQL, and the
//! repositories that implement the domain's ports.

mod access;
mod audit_trail;
mod batch;
mod bulk;
mod connect;
pub mod entities;
mod errors;
mod factors;
mod health;
mod idempotency;
mod indicators;
mod insights;
mod joined;
mod lists;
mod measures;
pub mod migrations;
mod monitoring;
mod notes;
mod pinned;
mod reference;
mod scoped;
mod stored;
mod territory;
#[cfg(feature = "test-support")]
pub mod testing;
mod versions;
mod warm;
mod warning;

pub use access::SeaAccessRepository;
pub use connect::{DatabaseSettings, SetupError, analyze, connect, migrate};
pub use factors::SeaFactorsRepository;
pub use health::Health;
pub use idempotency::SeaIdempotencyStore;
pub use indicators::SeaIndicatorsRepository;
pub use insights::SeaInsightsReads;
pub use lists::SeaListsRepository;
pub use measures::SeaMeasuresRepository;
pub use monitoring::SeaMonitoringRepository;
pub use notes::SeaNotesRepository;
pub use pinned::{Database, pin_connections};
pub use territory::{SeaTerritoryRepository, with_request_memo};
pub use warning::SeaWarningRepository;
