//! Indicators, their methods and their observations.

use std::fmt;

use chrono::{DateTime, Utc};

use super::period::ObservationPeriod;
use crate::core::validation::Coded;
use crate::schools::kinds::vocabulary;
use crate::schools::{MunicipalityId, OrganizationId, RegionId};

/// An indicator's code: `pd_completed`, `students_5_9`. Lower-case Latin letters, digits and
/// underscores, starting with a letter, 2 to 64 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IndicatorCode(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not an indicator code (a-z, 0-9 and _, from a letter, 2 to 64 characters)")]
pub struct IndicatorCodeError(pub String);

impl Coded for IndicatorCodeError {
    fn code(&self) -> &'static str {
        "invalid_format"
    }
}

impl IndicatorCode {
    pub fn parse(text: &str) -> Result<Self, IndicatorCodeError> {
        let t = text.trim();
        let valid = (2..=64).contains(&t.len())
            && t.starts_with(|c: char| c.is_ascii_lowercase())
            && t.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if valid { Ok(Self(t.to_owned())) } else { Err(IndicatorCodeError(t.chars().take(80).collect())) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for IndicatorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

vocabulary!(
    /// Where an indicator is observed.
    IndicatorLevel {
        Organization => "organization", "образовательная организация";
        Territory => "territory", "территория";
    }
);

/// How an indicator's values combine up the territory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Aggregation {
    /// Counts add up: teachers trained, mentoring pairs.
    Sum,
    /// A mean weighted by another indicator observed at the same organizations.
    WeightedMean { base: IndicatorCode },
    /// A percentage of two counts: the sum of numerators over the sum of denominators, never
    /// the mean of the organizations' percentages.
    Share { numerator: IndicatorCode, denominator: IndicatorCode },
}

impl Aggregation {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Sum => "sum",
            Self::WeightedMean { .. } => "weighted_mean",
            Self::Share { .. } => "share",
        }
    }

    /// The indicators its value is computed from.
    pub fn components(&self) -> Vec<&IndicatorCode> {
        match self {
            Self::Sum => Vec::new(),
            Self::WeightedMean { base } => vec![base],
            Self::Share { numerator, denominator } => vec![numerator, denominator],
        }
    }
}

/// One version of an indicator's definition: a new method is a new version, and a series marks
/// where its observations change version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicator {
    pub code: IndicatorCode,
    pub version: u32,
    pub name: String,
    pub unit: String,
    pub level: IndicatorLevel,
    pub aggregation: Aggregation,
    /// How it is counted, in words.
    pub method: Option<String>,
    pub recorded_at: DateTime<Utc>,
    /// The names municipalities' tables give it, beside its own: kept for the code, not the
    /// version, and read with the catalogue.
    pub aliases: Vec<IndicatorAlias>,
}

/// A name a municipality's tables give an indicator: «Численность обучающихся» for
/// `students_total`. Everywhere, or in one region's imports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorAlias {
    pub code: IndicatorCode,
    pub region: Option<RegionId>,
    pub alias: String,
}

impl IndicatorAlias {
    /// Whether an import for the region reads it.
    pub fn applies_in(&self, region: RegionId) -> bool {
        self.region.is_none_or(|r| r == region)
    }
}

impl Indicator {
    /// The version's id: derived from code and version (FNV-1a), so that every instance and
    /// every database names it alike.
    pub fn id(&self) -> uuid::Uuid {
        let key = format!("{}#{}", self.code, self.version);
        let fnv = |seed: u64| key.bytes().fold(seed, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
        uuid::Uuid::from_u64_pair(fnv(0xcbf2_9ce4_8422_2325), fnv(0x6c62_272e_07bb_0142))
    }
}

/// Whom an observation is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Subject {
    Organization(OrganizationId),
    /// A municipality's own figure: «в 2022-2023 учебном году прошли курсовую подготовку 411
    /// педагогов».
    Municipality(MunicipalityId),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    pub indicator: IndicatorCode,
    pub subject: Subject,
    pub region_id: RegionId,
    pub municipality_id: MunicipalityId,
    pub period: ObservationPeriod,
    /// The version of the indicator's method it was observed under.
    pub method_version: u32,
    pub value: f64,
    /// Where it comes from: the document or the table's source column.
    pub source: Option<String>,
}
