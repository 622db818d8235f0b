//! The years a programme or a roadmap runs: «на 2023 - 2024 гг.», «на 2021-2024 годы».

use super::schedule::YearMonth;
use crate::core::year::Year;
use std::fmt;

/// Whole years, both ends included; or one school year, September to August («на 2024/2025
/// учебный год»), which decides the year of a month a schedule names without one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    from: i32,
    to: i32,
    school_year: bool,
}

/// Why a period was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("the period {0}–{1} ends before it starts")]
    Backwards(i32, i32),
    #[error("the year {0} is outside 1990–2100")]
    OutOfRange(i32),
    #[error("the period {0}–{1} is longer than {max} years", max = Period::MAX_YEARS)]
    TooLong(i32, i32),
}

impl crate::core::validation::Coded for PeriodError {
    fn code(&self) -> &'static str {
        match self {
            Self::Backwards(..) => "invalid_period",
            Self::OutOfRange(_) => "out_of_range",
            Self::TooLong(..) => "invalid_period",
        }
    }
}

impl Period {
    /// Programmes run for years, not decades: «2025–2030» is the longest the seeds show.
    pub const MAX_YEARS: i32 = 12;

    pub fn new(from: i32, to: i32) -> Result<Self, PeriodError> {
        for year in [from, to] {
            if Year::parse(year).is_err() {
                return Err(PeriodError::OutOfRange(year));
            }
        }
        if to < from {
            return Err(PeriodError::Backwards(from, to));
        }
        if to - from >= Self::MAX_YEARS {
            return Err(PeriodError::TooLong(from, to));
        }
        Ok(Self { from, to, school_year: false })
    }

    /// The school year that starts in September of `from`.
    pub fn school_year(from: i32) -> Result<Self, PeriodError> {
        Ok(Self { school_year: true, ..Self::new(from, from + 1)? })
    }

    /// Whether it is one school year, September to August.
    pub fn is_school_year(&self) -> bool {
        self.school_year
    }

    /// The first and the last month it covers.
    pub fn months(&self) -> (YearMonth, YearMonth) {
        let month = |year, month| YearMonth::new(year, month).unwrap_or(YearMonth::MIN);
        if self.school_year {
            (month(self.from, 9), month(self.to, 8))
        } else {
            (month(self.from, 1), month(self.to, 12))
        }
    }

    pub fn from(&self) -> i32 {
        self.from
    }

    pub fn to(&self) -> i32 {
        self.to
    }

    pub fn contains(&self, year: i32) -> bool {
        (self.from..=self.to).contains(&year)
    }

    pub fn years(&self) -> impl Iterator<Item = i32> + use<> {
        self.from..=self.to
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.school_year {
            write!(f, "{}/{} учебный год", self.from, self.to)
        } else if self.from == self.to {
            write!(f, "{}", self.from)
        } else {
            write!(f, "{}–{}", self.from, self.to)
        }
    }
}
