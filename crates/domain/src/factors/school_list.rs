//! Lists of schools as audit tables write them in one cell: «СОШ № 1, 2, 4, 5, 7, 8, 14»,
//! «СОШ № 1-14», «СОШ №2, 9, 10, 14, ООШ №11», «СОШ 1, 2, 8, 12, РВСОШ», «МКУО ЦОКО», or
//! nothing. Each item becomes a single reference that the registry resolves.

use std::collections::BTreeSet;

use crate::core::validation::Coded;

/// One organization named by a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListItem {
    /// A single reference the resolver reads: «СОШ № 7», «РВСОШ».
    pub reference: String,
    /// The part of the cell it came from.
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ListError {
    #[error("'{0}' is a number with no school type before it (write «СОШ № {0}»)")]
    NumberWithoutType(String),
    #[error("'{0}' is not a number or a range of numbers")]
    BadNumber(String),
    #[error("the range '{0}' runs backwards or is longer than 200 schools")]
    BadRange(String),
}

impl Coded for ListError {
    fn code(&self) -> &'static str {
        match self {
            Self::NumberWithoutType(_) => "number_without_type",
            Self::BadNumber(_) => "invalid_school_number",
            Self::BadRange(_) => "invalid_range",
        }
    }
}

/// «1», «14», «1-14», «1 -14» → the numbers.
fn numbers(text: &str) -> Result<Vec<u16>, ListError> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let bad = || ListError::BadNumber(text.trim().to_owned());
    let number = |s: &str| s.parse::<u16>().ok().filter(|n| *n > 0).ok_or_else(bad);
    match compact.split_once(['-', '–', '—']) {
        Some((from, to)) => {
            let (from, to) = (number(from)?, number(to)?);
            if from > to || to - from > 200 {
                return Err(ListError::BadRange(text.trim().to_owned()));
            }
            Ok((from..=to).collect())
        }
        None => Ok(vec![number(&compact)?]),
    }
}

/// Parses a cell. An empty cell is an empty list.
pub fn parse_school_list(cell: &str) -> Result<Vec<ListItem>, ListError> {
    let mut items = Vec::new();
    // The school type of the running group: «СОШ №» in «СОШ № 1, 2, 4».
    let mut prefix: Option<String> = None;
    for segment in cell.split([',', ';', '\n']).map(str::trim).filter(|s| !s.is_empty()) {
        let first_digit = segment.find(|c: char| c.is_ascii_digit());
        match first_digit {
            Some(0) => {
                let kind = prefix.clone().ok_or_else(|| ListError::NumberWithoutType(segment.to_owned()))?;
                for n in numbers(segment)? {
                    items.push(ListItem { reference: format!("{kind} {n}"), source: segment.to_owned() });
                }
            }
            Some(at) => {
                let head = segment[..at].trim_end_matches(|c: char| c.is_whitespace() || c == '№').trim().to_owned();
                let kind = format!("{head} №");
                for n in numbers(&segment[at..])? {
                    items.push(ListItem { reference: format!("{kind} {n}"), source: segment.to_owned() });
                }
                prefix = Some(kind);
            }
            None => items.push(ListItem { reference: segment.to_owned(), source: segment.to_owned() }),
        }
    }
    Ok(items)
}

/// Writes numbers of one school type the way the tables do, runs as ranges: «СОШ № 1-3, 7».
pub fn format_school_list(kind: &str, numbers: &BTreeSet<u16>) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut run: Option<(u16, u16)> = None;
    for &n in numbers {
        run = match run {
            Some((start, end)) if n == end + 1 => Some((start, n)),
            Some((start, end)) => {
                parts.push(if start == end { start.to_string() } else { format!("{start}-{end}") });
                Some((n, n))
            }
            None => Some((n, n)),
        };
    }
    if let Some((start, end)) = run {
        parts.push(if start == end { start.to_string() } else { format!("{start}-{end}") });
    }
    format!("{kind} № {}", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn refs(cell: &str) -> Vec<String> {
        parse_school_list(cell).unwrap().into_iter().map(|i| i.reference).collect()
    }

    #[test]
    fn every_school_list_of_seed_001_is_read() {
        assert_eq!(refs("СОШ №2, 9, 10, 14, ООШ №11"), ["СОШ № 2", "СОШ № 9", "СОШ № 10", "СОШ № 14", "ООШ № 11"]);
        assert_eq!(refs("СОШ № 1, 2, 4, 5, 7, 8, 14").len(), 7);
        assert_eq!(refs("СОШ № 9, ООШ №11"), ["СОШ № 9", "ООШ № 11"]);
        assert_eq!(refs("СОШ№9, 10, 14"), ["СОШ № 9", "СОШ № 10", "СОШ № 14"]);
        assert_eq!(refs("СОШ № 2,6,7,11,14"), ["СОШ № 2", "СОШ № 6", "СОШ № 7", "СОШ № 11", "СОШ № 14"]);
        assert_eq!(refs("СОШ № 1-14").len(), 14);
        assert_eq!(refs("СОШ № 1 -14").len(), 14);
        assert_eq!(refs("СОШ 1, 2, 8, 12, РВСОШ"), ["СОШ № 1", "СОШ № 2", "СОШ № 8", "СОШ № 12", "РВСОШ"]);
        assert_eq!(refs("СОШ №8, РВСОШ"), ["СОШ № 8", "РВСОШ"]);
        assert_eq!(refs("СОШ№1, 4,10,14"), ["СОШ № 1", "СОШ № 4", "СОШ № 10", "СОШ № 14"]);
        assert_eq!(refs("МКУО ЦОКО"), ["МКУО ЦОКО"]);
        assert_eq!(refs("МАОУ-СОШ №1, МКУО ЦОКО"), ["МАОУ-СОШ № 1", "МКУО ЦОКО"]);
        assert!(refs("").is_empty());
        assert!(refs("  ").is_empty());
    }

    #[test]
    fn a_bare_number_or_a_backwards_range_is_an_error() {
        assert_eq!(parse_school_list("2, 9"), Err(ListError::NumberWithoutType("2".into())));
        assert_eq!(parse_school_list("СОШ № 14-1"), Err(ListError::BadRange("14-1".into())));
        assert_eq!(parse_school_list("СОШ № 0"), Err(ListError::BadNumber("0".into())));
    }

    proptest! {
        #[test]
        fn any_list_the_formatter_writes_parses_back_to_the_same_set(
            numbers in proptest::collection::btree_set(1u16..=60, 1..15),
            kind in proptest::sample::select(vec!["СОШ", "ООШ", "МБОУ СОШ", "НОШ"]),
        ) {
            let cell = format_school_list(kind, &numbers);
            let parsed: BTreeSet<u16> = parse_school_list(&cell)
                .unwrap()
                .iter()
                .map(|i| i.reference.rsplit(' ').next().unwrap().parse().unwrap())
                .collect();
            prop_assert_eq!(parsed, numbers);
            for item in parse_school_list(&cell).unwrap() {
                prop_assert!(item.reference.starts_with(kind));
            }
        }
    }
}
