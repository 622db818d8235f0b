//! Giving a year to what a cell named without one: a calendar year, or a school year whose
//! September–December fall in its first year.

use chrono::NaiveDate;

use super::ScheduleError;
use super::slot::{Slot, YearMonth};

/// How a year is given: a calendar year, or a school year named by the year it starts in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum YearOf {
    Calendar(i32),
    School(i32),
}

impl YearOf {
    /// The calendar year of a month: in a school year, September to December are its first year.
    pub(super) fn of(self, month: u32) -> i32 {
        match self {
            Self::Calendar(y) => y,
            Self::School(y) if month >= 9 => y,
            Self::School(y) => y + 1,
        }
    }
}

/// A time named before its year is known.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Named {
    /// A month; a day of a month.
    Month(u32),
    Day(u32, u32),
    /// A span of months or of days; an end may carry its own year.
    Months((u32, Option<i32>), (u32, Option<i32>)),
    Days((u32, u32, Option<i32>), (u32, u32, Option<i32>)),
    /// Quarters and half-years, a first and a last.
    Quarters(u8, u8),
    Halves(u8, u8),
}

pub(super) fn describe(group: &[Named]) -> String {
    let month = |m: u32| super::MONTH_NAMES.get(m as usize - 1).copied().unwrap_or("?");
    group
        .iter()
        .map(|n| match *n {
            Named::Month(m) => month(m).to_owned(),
            Named::Day(d, m) => format!("{d} {}", month(m)),
            Named::Months((a, _), (b, _)) => format!("{}–{}", month(a), month(b)),
            Named::Days((d1, m1, _), (d2, m2, _)) if (d1, m1) == (d2, m2) => format!("{d1:02}.{m1:02}"),
            Named::Days((d1, m1, _), (d2, m2, _)) => format!("{d1:02}.{m1:02}–{d2:02}.{m2:02}"),
            Named::Quarters(a, b) if a == b => format!("{a} квартал"),
            Named::Quarters(a, b) => format!("{a}–{b} кварталы"),
            Named::Halves(a, b) if a == b => format!("{a} полугодие"),
            Named::Halves(a, b) => format!("{a}–{b} полугодия"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn year_month(year: i32, month: u32) -> Result<YearMonth, ScheduleError> {
    u8::try_from(month)
        .ok()
        .and_then(|m| YearMonth::new(year, m))
        .ok_or_else(|| ScheduleError::Unreadable(format!("{month:02}.{year}")))
}

fn day(year: i32, month: u32, day: u32) -> Result<NaiveDate, ScheduleError> {
    NaiveDate::from_ymd_opt(year, month, day)
        .filter(|d| crate::core::year::Year::parse(chrono::Datelike::year(d)).is_ok())
        .ok_or_else(|| ScheduleError::Unreadable(format!("{day:02}.{month:02}.{year}")))
}

/// A named time in a year. In a calendar year a span that runs backwards («ноябрь–февраль
/// 2024») starts the year before; in a school year each month takes its own year.
pub(super) fn resolve(named: Named, year: YearOf) -> Result<Slot, ScheduleError> {
    let backwards = |a: u32, b: u32| matches!(year, YearOf::Calendar(_)) && a > b;
    let span = |slot: Option<Slot>, what: String| slot.ok_or(ScheduleError::Unreadable(what));
    match named {
        Named::Month(m) => Ok(Slot::Month(year_month(year.of(m), m)?)),
        Named::Day(d, m) => Ok(Slot::Day(day(year.of(m), m, d)?)),
        Named::Months((a, ya), (b, yb)) => {
            let end = yb.unwrap_or(year.of(b));
            let start = ya.unwrap_or(if backwards(a, b) { end - 1 } else { year.of(a) });
            span(Slot::months(year_month(start, a)?, year_month(end, b)?), format!("{a:02}–{b:02}"))
        }
        Named::Days((d1, m1, y1), (d2, m2, y2)) => {
            let end = y2.unwrap_or(year.of(m2));
            let start = y1.unwrap_or(if backwards(m1, m2) { end - 1 } else { year.of(m1) });
            span(Slot::days(day(start, m1, d1)?, day(end, m2, d2)?), format!("{d1:02}.{m1:02}–{d2:02}.{m2:02}"))
        }
        Named::Quarters(a, b) => {
            let (first, last) = (u32::from(a) * 3 - 2, u32::from(b) * 3);
            let YearOf::Calendar(y) = year else {
                return Err(ScheduleError::Unreadable(format!("{a} квартал учебного года")));
            };
            span(Slot::months(year_month(y, first)?, year_month(y, last)?), format!("{a}–{b} квартал"))
        }
        Named::Halves(a, b) => {
            // A school's half-years are its terms: September–December and January–May.
            let (first, last) = match year {
                YearOf::Calendar(y) => {
                    (year_month(y, if a == 1 { 1 } else { 7 })?, year_month(y, if b == 1 { 6 } else { 12 })?)
                }
                YearOf::School(y) => (
                    if a == 1 { year_month(y, 9)? } else { year_month(y + 1, 1)? },
                    if b == 1 { year_month(y, 12)? } else { year_month(y + 1, 5)? },
                ),
            };
            span(Slot::months(first, last), format!("{a}–{b} полугодие"))
        }
    }
}
