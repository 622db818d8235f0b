//! Programmes, roadmaps and their measures: read as municipalities write them, and checked
//! against the audit they answer (which present risks no measure addresses).

mod audience;
mod coverage;
mod doubts;
mod edits;
mod execution;
mod heading;
mod model;
mod parties;
pub mod ports;
mod progress;
mod reads;
mod reports;
mod service;
mod stages;
mod table;
mod versions;

pub use crate::core::markup::plain;
pub use crate::core::period::{Period, PeriodError};
pub use crate::core::schedule::{
    Every, MONTH_NAMES, Schedule, ScheduleError, ScheduleKind, ScheduleNote, Slot, YearMonth,
};
pub use audience::{Audience, audience_kinds, read_audience};
pub use coverage::{
    Coverage, CoverageStatus, MeasureReach, ParameterCoverage, RoadmapGaps, SchoolCoverage, SchoolParameter,
};
pub use edits::MeasureEdit;
pub use execution::{
    ExecutionReport, ExecutionStatus, Occurrence, OccurrenceState, Outcome, Tally, current, occurrences,
};
pub use heading::{Heading, read_heading};
pub use model::{
    AudienceKind, Measure, Party, Programme, ProgrammeId, ProgrammeStatus, Reach, Roadmap, RoadmapId, TitleSource,
    Versioning, document_key, form_key,
};
pub use parties::{PartyColumn, read_parties};
pub use progress::{Progress, RoadmapScope, UnreportedMeasure, progress};
pub use reads::{MunicipalExecution, SchoolExecution};
pub use reports::{ProgressRead, ProgressScope, ReportDraft};
pub use service::{MeasuresService, ProgrammeDraft, RoadmapImport, RoadmapImportReport, RoadmapOutcome, RoadmapRead};
pub use table::{Column, MAX_MEASURES, RoadmapTable, TableMeasure, is_roadmap_table, read_roadmap_table};
