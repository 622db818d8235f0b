//! When a measure takes place, read as roadmaps write it: «Май, декабрь 2023, май, декабрь
//! 2024», «Март, ноябрь ежегодно», «Ежегодно (апрель) в соответствии с планом работы МКУО
//! ЦОКО», «Весь период», «По отдельному графику». The text is kept; the reading expands into
//! months within the roadmap's period, and what cannot be read is reported, never guessed.

use std::fmt;

use super::markup::plain;
use super::period::Period;
use crate::core::validation::Coded;
use crate::core::year::Year;

/// A month of a year: the granularity of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct YearMonth {
    year: i32,
    month: u8,
}

impl YearMonth {
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

    /// The first day of the month.
    pub fn first_day(&self) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(self.year, u32::from(self.month), 1).unwrap_or_default()
    }

    /// The first day of the month that follows: from then on the month is past.
    pub fn end(&self) -> chrono::NaiveDate {
        let (year, month) = if self.month == 12 { (self.year + 1, 1) } else { (self.year, self.month + 1) };
        chrono::NaiveDate::from_ymd_opt(year, u32::from(month), 1).unwrap_or_default()
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

/// How a schedule is stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScheduleKind {
    /// Named months: of named years, or of every year of the period.
    Months,
    /// Throughout the period: «Весь период», «В течение года».
    WholePeriod,
    /// «По отдельному графику», «Ежегодно по отдельному плану»: dates are set elsewhere.
    SeparatePlan,
    /// «Ежегодно» with no month.
    Yearly,
}

impl ScheduleKind {
    pub fn code(self) -> &'static str {
        match self {
            Self::Months => "months",
            Self::WholePeriod => "whole_period",
            Self::SeparatePlan => "separate_plan",
            Self::Yearly => "yearly",
        }
    }
}

/// A schedule, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    text: String,
    kind: ScheduleKind,
    every_year: bool,
    occurrences: Vec<YearMonth>,
    plan: Option<String>,
}

/// Why a schedule could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error("the schedule is empty")]
    Empty,
    #[error("'{0}' is not a month, a year or a schedule word")]
    Unreadable(String),
    #[error("{0} has no year, and the period {1} spans several: write the year or «ежегодно»")]
    NoYear(String, Period),
    #[error("the year {0} is not preceded by a month")]
    YearWithoutMonth(i32),
}

impl Coded for ScheduleError {
    fn code(&self) -> &'static str {
        match self {
            Self::Empty => "required",
            Self::Unreadable(_) => "unreadable_schedule",
            Self::NoYear(..) => "schedule_without_year",
            Self::YearWithoutMonth(_) => "unreadable_schedule",
        }
    }
}

/// What a person should know about a schedule that was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScheduleNote {
    /// A month outside the roadmap's period: kept as written.
    OutsidePeriod(YearMonth),
}

const MONTHS: [(&str, u8); 11] = [
    ("январ", 1),
    ("феврал", 2),
    ("март", 3),
    ("апрел", 4),
    ("июн", 6),
    ("июл", 7),
    ("август", 8),
    ("сентябр", 9),
    ("октябр", 10),
    ("ноябр", 11),
    ("декабр", 12),
];

const ABBREVIATED: [(&str, u8); 15] = [
    ("янв", 1),
    ("фев", 2),
    ("мар", 3),
    ("апр", 4),
    ("май", 5),
    ("мая", 5),
    ("мае", 5),
    ("июн", 6),
    ("июл", 7),
    ("авг", 8),
    ("сен", 9),
    ("сент", 9),
    ("окт", 10),
    ("ноя", 11),
    ("дек", 12),
];

fn month(word: &str) -> Option<u8> {
    if let Some(&(_, m)) = ABBREVIATED.iter().find(|(w, _)| *w == word) {
        return Some(m);
    }
    MONTHS.iter().find(|(stem, _)| word.starts_with(stem)).map(|&(_, m)| m)
}

/// «2023», «2023г», «2023гг» → 2023.
fn year(word: &str) -> Option<i32> {
    let digits = word.trim_end_matches(['г', 'о', 'д', 'у', 'а']);
    (digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
        .filter(|y| Year::parse(*y).is_ok())
}

/// Words that carry no date: «г.», «года», «и», «в».
const FILLER: [&str; 10] = ["г", "гг", "год", "года", "году", "годы", "и", "в", "с", "до"];

impl Schedule {
    /// Reads `text` within `period`.
    pub fn parse(text: &str, period: Period) -> Result<(Self, Vec<ScheduleNote>), ScheduleError> {
        let plain_text = plain(text);
        let words: Vec<&str> = plain_text
            .split(|c: char| c.is_whitespace() || ",;.()/:«»\"–—-".contains(c))
            .filter(|w| !w.is_empty())
            .collect();
        if words.is_empty() {
            return Err(ScheduleError::Empty);
        }
        let lower: Vec<String> = words.iter().map(|w| w.to_lowercase().replace('ё', "е")).collect();
        let is = |i: usize, options: &[&str]| lower.get(i).is_some_and(|w| options.contains(&w.as_str()));

        let (mut every_year, mut whole_period, mut separate_plan) = (false, false, false);
        let mut plan = None;
        let mut occurrences: Vec<YearMonth> = Vec::new();
        let mut pending: Vec<u8> = Vec::new();
        let mut last_group: Vec<u8> = Vec::new();
        let mut i = 0;
        while i < lower.len() {
            let word = lower[i].as_str();
            if word == "ежегодно" {
                every_year = true;
            } else if word == "весь" && is(i + 1, &["период", "периода"]) {
                whole_period = true;
                i += 1;
            } else if word == "в" && is(i + 1, &["течение", "течении"]) {
                // «в течение года», «в течении всего времени», «в течение всего периода»
                whole_period = true;
                i += 1;
                while is(i + 1, &["года", "всего", "времени", "периода", "учебного", "года"])
                {
                    i += 1;
                }
            } else if word == "по" && is(i + 1, &["отдельному"]) && is(i + 2, &["графику", "плану"])
            {
                separate_plan = true;
                i += 2;
            } else if (word == "в" && is(i + 1, &["соответствии"])) || (word == "по" && is(i + 1, &["плану"]))
            {
                // The rest names the plan that sets the dates: kept as written.
                plan = Some(words[i..].join(" "));
                break;
            } else if let Some(m) = month(word) {
                pending.push(m);
            } else if let Some(y) = year(word) {
                let months = if pending.is_empty() { last_group.clone() } else { std::mem::take(&mut pending) };
                if months.is_empty() {
                    return Err(ScheduleError::YearWithoutMonth(y));
                }
                occurrences.extend(months.iter().map(|&month| YearMonth { year: y, month }));
                last_group = months;
            } else if !FILLER.contains(&word) {
                return Err(ScheduleError::Unreadable(words[i].to_owned()));
            }
            i += 1;
        }
        if !pending.is_empty() {
            let years: Vec<i32> = if every_year || period.from() == period.to() {
                period.years().collect()
            } else {
                let named = pending.iter().map(|m| MONTH_NAMES[usize::from(*m) - 1]).collect::<Vec<_>>().join(", ");
                return Err(ScheduleError::NoYear(named, period));
            };
            for y in years {
                occurrences.extend(pending.iter().map(|&month| YearMonth { year: y, month }));
            }
        }
        occurrences.sort();
        occurrences.dedup();
        let kind = if !occurrences.is_empty() {
            ScheduleKind::Months
        } else if whole_period {
            ScheduleKind::WholePeriod
        } else if separate_plan {
            ScheduleKind::SeparatePlan
        } else if every_year {
            ScheduleKind::Yearly
        } else if plan.is_some() {
            ScheduleKind::SeparatePlan
        } else {
            return Err(ScheduleError::Empty);
        };
        let notes =
            occurrences.iter().filter(|o| !period.contains(o.year)).map(|o| ScheduleNote::OutsidePeriod(*o)).collect();
        let schedule = Self { text: plain_text, kind, every_year, occurrences, plan };
        Ok((schedule, notes))
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

    /// The months it names, in order.
    pub fn occurrences(&self) -> &[YearMonth] {
        &self.occurrences
    }

    /// The plan it refers to: «в соответствии с планом работы МКУО ЦОКО», «по плану ВШК».
    pub fn plan(&self) -> Option<&str> {
        self.plan.as_deref()
    }
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
