//! Indicators: a catalogue of what the field counts (students, teachers trained, attestation
//! categories, extracurricular coverage), each with the rule it aggregates up the territory by
//! and the version of its method, and their observations over years, academic years and dates.

mod aliases;
mod model;
mod period;
pub mod ports;
mod series;
mod service;
mod table;
mod versions;

pub use aliases::{MAX_ALIASES, names_in};
pub use model::{
    Aggregation, Indicator, IndicatorAlias, IndicatorCode, IndicatorCodeError, IndicatorLevel, Observation, Subject,
};
pub use period::{ObservationPeriod, PeriodError};
pub use series::{PeriodSum, Point, SMALL_N, Series, series, series_with};
pub use service::{IndicatorDraft, IndicatorImport, IndicatorImportReport, IndicatorsService, SeriesSubject};
pub use table::{Cell, IndicatorTable, TableValue, parse_value, read_indicator_table};
pub use versions::{ObservationImport, ObservationImportRead, Replaced, ReplacedValue};
