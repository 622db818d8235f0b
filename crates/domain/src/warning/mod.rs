//! Early warning: ranking the schools not in the current ШНОР list by a transparent score from
//! their risk profile and its trend between audits. The weights are data — a versioned rule set
//! with its source and author — every entry explains itself, and a rule set can be tried before
//! it is published.

mod model;
pub mod ports;
mod score;
mod service;

pub use model::{RuleSet, RuleSetId, RuleStatus};
pub use score::{Contribution, SchoolSignals, WatchEntry, compare, watchlist};
pub use service::{RuleDraft, WarningService};
