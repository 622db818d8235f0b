//! The times a schedule names: a month, a span of months, a day, a span of days. Each has a key
//! that reports name it by, and the day from which it is past.

use std::fmt;

use chrono::{Datelike, NaiveDate};

use crate::core::year::Year;

/// A month of a year: the granularity of most plans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct YearMonth {
    year: i32,
    month: u8,
}

impl YearMonth {
    /// January of the first year Opora holds: a value for arithmetic that cannot fail.
    pub const MIN: Self = Self { year: Year::FIRST, month: 1 };

    pub fn new(year: i32, month: u8) -> Option<Self> {
        (Year::parse(year).is_ok() && (1..=12).contains(&month)).then_some(Self { year, month })
    }

    /// «2024-04».
    pub fn parse(text: &str) -> Option<Self> {
        let (year, month) = text.trim().split_once('-')?;
        if year.len() != 4 || month.len() != 2 {
            return None;
        }
        Self::new(year.parse().ok()?, month.parse().ok()?)
    }

    pub fn of(day: NaiveDate) -> Option<Self> {
        Self::new(day.year(), u8::try_from(day.month()).ok()?)
    }

    /// The first day of the month.
    pub fn first_day(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, u32::from(self.month), 1).unwrap_or_default()
    }

    /// The first day of the month that follows: from then on the month is past.
    pub fn end(&self) -> NaiveDate {
        let (year, month) = if self.month == 12 { (self.year + 1, 1) } else { (self.year, self.month + 1) };
        NaiveDate::from_ymd_opt(year, u32::from(month), 1).unwrap_or_default()
    }

    /// The month that follows, within the years Opora holds.
    pub fn next(&self) -> Option<Self> {
        if self.month == 12 { Self::new(self.year + 1, 1) } else { Self::new(self.year, self.month + 1) }
    }

    pub fn year(&self) -> i32 {
        self.year
    }

    pub fn month(&self) -> u8 {
        self.month
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:02}", self.year, self.month)
    }
}

/// One time a schedule names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Slot {
    /// «апрель 2023»: `2023-04`.
    Month(YearMonth),
    /// «январь–март 2024», «I квартал 2024», «2024/2025 учебный год»: `2024-01/2024-03`.
    Months(YearMonth, YearMonth),
    /// «21.03.2024», «до 01.09.2024»: `2024-03-21`.
    Day(NaiveDate),
    /// «05.09 – 23.09.2024»: `2024-09-05/2024-09-23`.
    Days(NaiveDate, NaiveDate),
}

impl Slot {
    /// A span of months, or one month when both ends are the same.
    pub fn months(from: YearMonth, to: YearMonth) -> Option<Self> {
        match from.cmp(&to) {
            std::cmp::Ordering::Less => Some(Self::Months(from, to)),
            std::cmp::Ordering::Equal => Some(Self::Month(from)),
            std::cmp::Ordering::Greater => None,
        }
    }

    /// A span of days, or one day when both ends are the same.
    pub fn days(from: NaiveDate, to: NaiveDate) -> Option<Self> {
        match from.cmp(&to) {
            std::cmp::Ordering::Less => Some(Self::Days(from, to)),
            std::cmp::Ordering::Equal => Some(Self::Day(from)),
            std::cmp::Ordering::Greater => None,
        }
    }

    /// The key reports name it by.
    pub fn key(&self) -> String {
        self.to_string()
    }

    /// Reads a key back: `2023-04`, `2023-01/2023-03`, `2023-03-21`, `2023-09-05/2023-09-23`.
    pub fn parse(key: &str) -> Option<Self> {
        let day = |t: &str| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok().filter(|d| Year::parse(d.year()).is_ok());
        match key.trim().split_once('/') {
            Some((a, b)) if a.len() == 7 => Self::months(YearMonth::parse(a)?, YearMonth::parse(b)?),
            Some((a, b)) => Self::days(day(a)?, day(b)?),
            None if key.trim().len() == 7 => YearMonth::parse(key).map(Self::Month),
            None => day(key.trim()).map(Self::Day),
        }
        .filter(|s| s.key() == key.trim())
    }

    /// The first day it covers.
    pub fn first_day(&self) -> NaiveDate {
        match self {
            Self::Month(m) | Self::Months(m, _) => m.first_day(),
            Self::Day(d) | Self::Days(d, _) => *d,
        }
    }

    /// The day from which it is past: the day after the last it covers.
    pub fn end(&self) -> NaiveDate {
        match self {
            Self::Month(m) | Self::Months(_, m) => m.end(),
            Self::Day(d) | Self::Days(_, d) => d.succ_opt().unwrap_or(*d),
        }
    }

    /// The year it ends in: the year whose execution counts it.
    pub fn year(&self) -> i32 {
        match self {
            Self::Month(m) | Self::Months(_, m) => m.year(),
            Self::Day(d) | Self::Days(_, d) => d.year(),
        }
    }

    /// The month it starts in.
    pub fn first_month(&self) -> YearMonth {
        YearMonth::of(self.first_day()).unwrap_or(YearMonth::MIN)
    }

    /// Whether any of it falls within the years.
    pub fn overlaps(&self, from: YearMonth, to: YearMonth) -> bool {
        self.first_day() < to.end() && self.end() > from.first_day()
    }
}

impl fmt::Display for Slot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Month(m) => write!(f, "{m}"),
            Self::Months(a, b) => write!(f, "{a}/{b}"),
            Self::Day(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            Self::Days(a, b) => write!(f, "{}/{}", a.format("%Y-%m-%d"), b.format("%Y-%m-%d")),
        }
    }
}
