//! Programmes, roadmaps and their measures: read as municipalities write them, and checked
//! against the audit they answer (which present risks no measure addresses).

mod audience;
mod coverage;
mod doubts;
mod edits;
mod execution;
mod heading;
mod markup;
mod model;
mod parties;
mod period;
pub mod ports;
mod progress;
mod reads;
mod reports;
mod schedule;
mod service;
mod stages;
mod table;
mod versions;

pub use audience::{Audience, audience_kinds, read_audience};
pub use coverage::{
    Coverage, CoverageStatus, MeasureReach, ParameterCoverage, RoadmapGaps, SchoolCoverage, SchoolParameter,
};
pub use edits::MeasureEdit;
pub use execution::{
    ExecutionReport, ExecutionStatus, Occurrence, OccurrenceState, Outcome, Tally, current, occurrences,
};
pub use heading::{Heading, read_heading};
pub use markup::plain;
pub use model::{
    AudienceKind, Measure, Party, Programme, ProgrammeId, ProgrammeStatus, Reach, Roadmap, RoadmapId, TitleSource,
    Versioning, document_key, form_key,
};
pub use parties::{PartyColumn, read_parties};
pub use period::{Period, PeriodError};
pub use progress::{Progress, RoadmapScope, UnreportedMeasure, progress};
pub use reads::{MunicipalExecution, SchoolExecution};
pub use reports::{ProgressRead, ProgressScope, ReportDraft};
pub use schedule::{Every, MONTH_NAMES, Schedule, ScheduleError, ScheduleKind, ScheduleNote, Slot, YearMonth};
pub use service::{MeasuresService, ProgrammeDraft, RoadmapImport, RoadmapImportReport, RoadmapOutcome, RoadmapRead};
pub use table::{Column, MAX_MEASURES, RoadmapTable, TableMeasure, is_roadmap_table, read_roadmap_table};
