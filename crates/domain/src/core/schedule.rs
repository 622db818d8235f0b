//! When a measure takes place, read as plans write it: «Май, декабрь 2023, май, декабрь 2024»,
//! «I квартал 2024», «05.09 – 23.09.2024», «до 01.09.2024», «в течение 2024/2025 учебного
//! года», «ежеквартально», «По отдельному графику». The text is kept; the reading expands into
//! the times it names within the roadmap's period. What cannot be read is kept as written,
//! plans nothing, and says why: never guessed.

mod grammar;
mod resolve;
mod slot;
mod tokens;

use super::markup::plain;
use super::period::Period;
use crate::core::validation::Coded;
pub use slot::{Slot, YearMonth};
pub(crate) use tokens::month_of;

/// How a schedule is stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScheduleKind {
    /// Named months: of named years, or of every year of the period.
    Months,
    /// Named days and spans of days: «21.03.2024», «05.09 – 23.09.2024».
    Dates,
    /// Spans of months: «январь–март 2024», quarters, half-years, school years, years.
    Windows,
    /// A time by which it is done: «до 01.09.2024», «не позднее 30 мая».
    Deadline,
    /// «Ежемесячно», «ежеквартально», «еженедельно»: every month, quarter… of the period.
    Recurring,
    /// Throughout the period: «Весь период», «В течение года».
    WholePeriod,
    /// «По отдельному графику», «В соответствии с КТП»: dates are set elsewhere.
    SeparatePlan,
    /// «Ежегодно» with no month.
    Yearly,
    /// Kept as written: tied to an event, or words the grammar does not know. It plans nothing.
    Unread,
}

impl ScheduleKind {
    pub const ALL: [Self; 9] = [
        Self::Months,
        Self::Dates,
        Self::Windows,
        Self::Deadline,
        Self::Recurring,
        Self::WholePeriod,
        Self::SeparatePlan,
        Self::Yearly,
        Self::Unread,
    ];

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Months => "months",
            Self::Dates => "dates",
            Self::Windows => "windows",
            Self::Deadline => "deadline",
            Self::Recurring => "recurring",
            Self::WholePeriod => "whole_period",
            Self::SeparatePlan => "separate_plan",
            Self::Yearly => "yearly",
            Self::Unread => "unread",
        }
    }
}

/// How often a recurring measure takes place. Weekly and daily measures are planned, and
/// reported, by month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Every {
    Day,
    Week,
    Month,
    Quarter,
    Half,
}

impl Every {
    pub fn code(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
            Self::Quarter => "quarter",
            Self::Half => "half_year",
        }
    }
}

/// A schedule, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    text: String,
    kind: ScheduleKind,
    every_year: bool,
    every: Option<Every>,
    occurrences: Vec<Slot>,
    plan: Option<String>,
    unread: Option<ScheduleError>,
}

/// Why a schedule could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error("the schedule is empty")]
    Empty,
    #[error("'{0}' is not a date, a month, a year or a schedule word")]
    Unreadable(String),
    #[error("{0} has no year, and the period {1} spans several: write the year or «ежегодно»")]
    NoYear(String, Period),
    #[error("'{0}' ties the date to an event or a need, not to the calendar")]
    Relative(String),
}

impl Coded for ScheduleError {
    fn code(&self) -> &'static str {
        match self {
            Self::Empty => "required",
            Self::Unreadable(_) | Self::Relative(_) => "unreadable_schedule",
            Self::NoYear(..) => "schedule_without_year",
        }
    }
}

/// What a person should know about a schedule that was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScheduleNote {
    /// A time outside the roadmap's period: kept as written, not planned.
    OutsidePeriod(Slot),
    /// Kept as written, and planning nothing.
    Unread(ScheduleError),
}

impl Schedule {
    /// Reads `text` within `period`. Only an empty text is refused: anything else is read, or
    /// kept as written with the reason in a note.
    pub fn parse(text: &str, period: Period) -> Result<(Self, Vec<ScheduleNote>), ScheduleError> {
        let plain_text = plain(text);
        let reading = match grammar::read(&plain_text, period) {
            Ok(reading) => reading,
            Err(ScheduleError::Empty) => return Err(ScheduleError::Empty),
            Err(why) => return Ok(Self::kept_as_written(plain_text, why)),
        };
        let mut occurrences = reading.slots.clone();
        if let Some(every) = reading.every {
            occurrences = recurrences(every, &occurrences, period);
        }
        occurrences.sort();
        occurrences.dedup();
        let kind = if reading.every.is_some() {
            ScheduleKind::Recurring
        } else if !occurrences.is_empty() && reading.deadline {
            ScheduleKind::Deadline
        } else if !occurrences.is_empty() && occurrences.iter().all(|o| matches!(o, Slot::Month(_))) {
            ScheduleKind::Months
        } else if !occurrences.is_empty() && occurrences.iter().all(|o| matches!(o, Slot::Day(_) | Slot::Days(..))) {
            ScheduleKind::Dates
        } else if !occurrences.is_empty() {
            ScheduleKind::Windows
        } else if reading.whole_period {
            ScheduleKind::WholePeriod
        } else if reading.separate_plan {
            ScheduleKind::SeparatePlan
        } else if reading.every_year {
            ScheduleKind::Yearly
        } else if reading.plan.is_some() {
            ScheduleKind::SeparatePlan
        } else {
            let why = ScheduleError::Unreadable(plain_text.clone());
            return Ok(Self::kept_as_written(plain_text, why));
        };
        let (first, last) = period.months();
        let notes =
            occurrences.iter().filter(|o| !o.overlaps(first, last)).map(|o| ScheduleNote::OutsidePeriod(*o)).collect();
        let schedule = Self {
            text: plain_text,
            kind,
            every_year: reading.every_year,
            every: reading.every,
            occurrences,
            plan: reading.plan,
            unread: None,
        };
        Ok((schedule, notes))
    }

    /// A text kept as written: it plans nothing, and says why.
    fn kept_as_written(text: String, why: ScheduleError) -> (Self, Vec<ScheduleNote>) {
        let schedule = Self {
            text,
            kind: ScheduleKind::Unread,
            every_year: false,
            every: None,
            occurrences: Vec::new(),
            plan: None,
            unread: Some(why.clone()),
        };
        (schedule, vec![ScheduleNote::Unread(why)])
    }

    /// The schedule as written (markup read as text).
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn kind(&self) -> ScheduleKind {
        self.kind
    }

    /// Whether the schedule repeats every year of the period.
    pub fn every_year(&self) -> bool {
        self.every_year
    }

    /// How often a recurring schedule repeats.
    pub fn every(&self) -> Option<Every> {
        self.every
    }

    /// The times it names, in order.
    pub fn occurrences(&self) -> &[Slot] {
        &self.occurrences
    }

    /// The plan it refers to: «в соответствии с планом работы МКУО ЦОКО», «по плану ВШК».
    pub fn plan(&self) -> Option<&str> {
        self.plan.as_deref()
    }

    /// Why it was kept as written, when it was.
    pub fn unread(&self) -> Option<&ScheduleError> {
        self.unread.as_ref()
    }
}

/// The months, quarters or half-years of the windows a recurring schedule names, or of the
/// whole period when it names none. Quarters are the calendar's, cut to the window; half-years of
/// a school year are its terms, September–December and January–May.
fn recurrences(every: Every, windows: &[Slot], period: Period) -> Vec<Slot> {
    let (first, last) = period.months();
    let windows: Vec<(YearMonth, YearMonth)> = if windows.is_empty() {
        vec![(first, last)]
    } else {
        windows
            .iter()
            .map(|w| (w.first_month(), YearMonth::of(w.end().pred_opt().unwrap_or(w.end())).unwrap_or(last)))
            .collect()
    };
    let mut out = Vec::new();
    for (from, to) in windows {
        let mut month = Some(from);
        let mut start = from;
        while let Some(m) = month.filter(|m| *m <= to) {
            let closes = match every {
                Every::Day | Every::Week | Every::Month => true,
                Every::Quarter => m.month() % 3 == 0,
                Every::Half if period.is_school_year() => matches!(m.month(), 12 | 5),
                Every::Half => m.month() % 6 == 0,
            };
            if closes || m == to {
                if every != Every::Half || !period.is_school_year() || !matches!(start.month(), 6..=8) {
                    out.extend(Slot::months(start, m));
                }
                if let Some(next) = m.next() {
                    start = next;
                }
            }
            month = m.next();
        }
    }
    out
}

/// Month names as schedules write them, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
];

#[cfg(test)]
mod tests;
