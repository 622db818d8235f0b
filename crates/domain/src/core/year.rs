//! A calendar year the field speaks of: a list's year, an audit's, a roadmap's, the year a
//! view answers for. Opora holds the programmes of 1990–2100; any other number is a mistake
//! (a two-digit year, a typo), refused with the field it came in.

use std::fmt;

use super::validation::{Coded, ValidationErrors};

/// A year of 1990–2100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Year(i32);

/// A number outside 1990–2100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the year {0} is outside 1990–2100")]
pub struct YearOutOfRange(pub i32);

impl Coded for YearOutOfRange {
    fn code(&self) -> &'static str {
        "out_of_range"
    }
}

impl Year {
    pub const FIRST: i32 = 1990;
    pub const LAST: i32 = 2100;

    pub fn parse(year: i32) -> Result<Self, YearOutOfRange> {
        if (Self::FIRST..=Self::LAST).contains(&year) { Ok(Self(year)) } else { Err(YearOutOfRange(year)) }
    }

    /// The year a request gave in `field`, or `default` when it gave none; the default is
    /// checked too (a clock past 2100 is an error, not a silent view of nothing).
    pub fn given_or(field: &str, given: Option<i32>, default: i32) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        match errors.check(field, Self::parse(given.unwrap_or(default))) {
            Some(year) => Ok(year),
            None => Err(errors),
        }
    }

    pub fn get(self) -> i32 {
        self.0
    }
}

impl fmt::Display for Year {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn the_seeds_years_read_and_a_two_digit_year_does_not() {
        for year in [1990, 2020, 2024, 2030, 2100] {
            assert_eq!(Year::parse(year).map(Year::get), Ok(year));
        }
        for year in [0, 23, 1989, 2101, i32::MIN, i32::MAX] {
            assert_eq!(Year::parse(year), Err(YearOutOfRange(year)));
        }
    }

    #[test]
    fn a_refused_year_is_reported_with_its_field() {
        let errors = Year::given_or("year", Some(2101), 2024).unwrap_err();
        assert!(errors.to_string().contains("year"), "{errors}");
        assert_eq!(Year::given_or("year", None, 2024).map(Year::get).ok(), Some(2024));
    }

    proptest! {
        #[test]
        fn a_year_parses_exactly_when_it_lies_in_the_range(year in any::<i32>()) {
            prop_assert_eq!(Year::parse(year).is_ok(), (1990..=2100).contains(&year));
        }
    }
}
