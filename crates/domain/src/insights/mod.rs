//! The views that combine capabilities: a school's card, a municipality's dashboard, a region's
//! overview, the watchlist and its dry run, effectiveness between two audits, and the facts the
//! analytical note states (its prose is the API's). The one module that reads across
//! capabilities, so that each of them stays on its own: it reads through their services
//! ([`crate::Capabilities`]) and through its own read models ([`ports::InsightsReads`]), and
//! answers domain values the protocols render alike.

mod card;
mod dashboard;
mod effectiveness;
mod note;
mod overview;
pub mod ports;
mod roster;
mod service;
mod watch;

pub use card::{SchoolCard, SchoolMeasure};
pub use dashboard::{Highlight, MunicipalityDashboard};
pub use effectiveness::{EffectCounts, Effectiveness, Leaver, ParameterEffect};
pub use note::NoteFacts;
pub use overview::{ListSize, MunicipalityOverview, OVERVIEW_KINDS, RegionOverview};
pub use roster::{Roster, RosterAudit, RosterRow};
pub use service::{HIGHLIGHTS, InsightsService};
pub use watch::{DryRun, NamedOrganization, Watchlist};
