//! ШНОР lists: decisions with their legal basis and history, list dynamics, and the reading of
//! list tables as municipalities keep them.

mod model;
pub mod ports;
mod service;
mod table;
mod views;

pub use model::{Decision, DecisionId, ListEntry, ListKind, ListLevel};
pub use service::{Correction, ListDynamics, ListImport, ListImportReport, ListsService, RegionYear};
pub use table::{ListTable, TableEntry, read_list_table};
pub use views::{SchoolHistory, Transition, YearList, by_year, gaps, histories, in_force, transitions};
