//! When an observation holds: a calendar year («2023»), an academic year («2022/23»,
//! «2022-2023 учебный год», «2019/2020») or a date («29.12.2023»).

use std::fmt;

use chrono::NaiveDate;

use crate::core::validation::Coded;
use crate::core::year::Year;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ObservationPeriod {
    Year(i32),
    /// The academic year that starts in September of the year.
    AcademicYear(i32),
    Date(NaiveDate),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a year (2023), an academic year (2022/23) or a date (29.12.2023)")]
pub struct PeriodError(pub String);

impl Coded for PeriodError {
    fn code(&self) -> &'static str {
        "invalid_period"
    }
}

fn year(text: &str) -> Option<i32> {
    (text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
        .filter(|y| Year::parse(*y).is_ok())
}

impl ObservationPeriod {
    pub fn parse(text: &str) -> Result<Self, PeriodError> {
        let error = || PeriodError(text.chars().take(40).collect());
        for format in ["%d.%m.%Y", "%Y-%m-%d"] {
            if let Ok(date) = NaiveDate::parse_from_str(text.trim(), format)
                && Year::parse(chrono::Datelike::year(&date)).is_ok()
            {
                return Ok(Self::Date(date));
            }
        }
        let folded = crate::text::fold(text);
        let words = ["учебный год", "уч. год", "уч.год", "года", "год", "гг.", "г."];
        let core = words.iter().fold(folded, |t, w| t.replace(w, ""));
        let core: String = core.chars().filter(|c| !c.is_whitespace()).collect();
        if let Some(y) = year(&core) {
            return Ok(Self::Year(y));
        }
        let (a, b) = core.split_once(['/', '-', '–']).ok_or_else(error)?;
        let start = year(a).ok_or_else(error)?;
        let follows = match b.len() {
            2 => b == format!("{:02}", (start + 1) % 100),
            4 => year(b) == Some(start + 1),
            _ => false,
        };
        if follows { Ok(Self::AcademicYear(start)) } else { Err(error()) }
    }

    /// The key it is stored and named by: «2023», «2022/23», «2023-12-29».
    pub fn key(&self) -> String {
        self.to_string()
    }

    /// The period [`Self::kind`] and [`Self::start`] name, as a store keeps them: `None` when
    /// the start is not where a period of that kind starts. Reading a stored period this way
    /// skips the text parser, which a series calls once per observation.
    pub fn stored(kind: &str, start: NaiveDate) -> Option<Self> {
        use chrono::Datelike;
        let period = match kind {
            "year" => Self::Year(start.year()),
            "academic_year" => Self::AcademicYear(start.year()),
            "date" => Self::Date(start),
            _ => return None,
        };
        (period.start() == start).then_some(period)
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Self::Year(_) => "year",
            Self::AcademicYear(_) => "academic_year",
            Self::Date(_) => "date",
        }
    }

    /// The day it starts: series are ordered by it.
    pub fn start(&self) -> NaiveDate {
        match *self {
            Self::Year(y) => NaiveDate::from_ymd_opt(y, 1, 1),
            Self::AcademicYear(y) => NaiveDate::from_ymd_opt(y, 9, 1),
            Self::Date(d) => Some(d),
        }
        .unwrap_or_default()
    }
}

impl fmt::Display for ObservationPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Year(y) => write!(f, "{y}"),
            Self::AcademicYear(y) => write!(f, "{y}/{:02}", (y + 1) % 100),
            Self::Date(d) => write!(f, "{}", d.format("%Y-%m-%d")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ObservationPeriod::{self, *};

    #[test]
    fn periods_read_as_reports_write_them() {
        let date = chrono::NaiveDate::from_ymd_opt(2023, 12, 29).unwrap();
        for (text, expected) in [
            ("2023", Year(2023)),
            ("2023 год", Year(2023)),
            ("2023 г.", Year(2023)),
            ("2019/20", AcademicYear(2019)),
            ("2019/2020", AcademicYear(2019)),
            ("2022-2023 учебный год", AcademicYear(2022)),
            ("2022-23", AcademicYear(2022)),
            ("1999/00", AcademicYear(1999)),
            ("29.12.2023", Date(date)),
            ("2023-12-29", Date(date)),
        ] {
            assert_eq!(ObservationPeriod::parse(text), Ok(expected), "{text}");
        }
        for bad in ["", "2023/25", "20/21", "весна", "31.02.2023", "3000", "2023/2023"] {
            assert!(ObservationPeriod::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(AcademicYear(2019).key(), "2019/20");
        assert_eq!(AcademicYear(1999).key(), "1999/00");
        assert_eq!(ObservationPeriod::parse(&AcademicYear(2019).key()), Ok(AcademicYear(2019)));
        for period in [Year(2023), AcademicYear(2019), Date(date)] {
            assert_eq!(ObservationPeriod::stored(period.kind(), period.start()), Some(period));
        }
        assert_eq!(ObservationPeriod::stored("year", date), None);
        assert_eq!(ObservationPeriod::stored("academic_year", Year(2019).start()), None);
        assert_eq!(ObservationPeriod::stored("week", date), None);
    }
}
