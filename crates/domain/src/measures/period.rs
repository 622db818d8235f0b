//! The years a programme or a roadmap runs: «на 2023 - 2024 гг.», «на 2021-2024 годы».

use crate::core::year::Year;
use std::fmt;

/// Whole years, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    from: i32,
    to: i32,
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
        Ok(Self { from, to })
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
        if self.from == self.to { write!(f, "{}", self.from) } else { write!(f, "{}–{}", self.from, self.to) }
    }
}
