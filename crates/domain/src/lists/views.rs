//! What people count by hand from the lists: the list of each year, entries and exits between
//! listed years, years with no decision, and each school's years in the list.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use super::model::{Decision, DecisionId};
use crate::schools::OrganizationId;

/// The decisions in force as known at `as_of` (now when `None`): recorded by then, not
/// superseded by a version recorded by then, and not a withdrawal.
pub fn in_force(decisions: &[Decision], as_of: Option<DateTime<Utc>>) -> Vec<&Decision> {
    latest(decisions, as_of).into_iter().filter(|d| d.withdrawal.is_none()).collect()
}

/// The latest version of each decision as known at `as_of`, withdrawals included.
pub(super) fn latest(decisions: &[Decision], as_of: Option<DateTime<Utc>>) -> Vec<&Decision> {
    let known = |d: &&Decision| as_of.is_none_or(|t| d.recorded_at <= t);
    let visible: Vec<&Decision> = decisions.iter().filter(known).collect();
    let superseded: Vec<DecisionId> = visible.iter().filter_map(|d| d.supersedes).collect();
    visible.into_iter().filter(|d| !superseded.contains(&d.id)).collect()
}

/// The organizations listed for one year, by all decisions for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearList {
    pub year: i32,
    pub organizations: BTreeSet<OrganizationId>,
    pub decisions: Vec<DecisionId>,
}

pub fn by_year(decisions: &[&Decision]) -> Vec<YearList> {
    let mut years: Vec<YearList> = Vec::new();
    for d in decisions {
        match years.iter_mut().find(|y| y.year == d.year) {
            Some(year) => {
                year.organizations.extend(d.organizations());
                year.decisions.push(d.id);
            }
            None => years.push(YearList {
                year: d.year,
                organizations: d.organizations().into_iter().collect(),
                decisions: vec![d.id],
            }),
        }
    }
    years.sort_by_key(|y| y.year);
    years
}

/// Years between the first and the last list with no decision at all: a gap, not a year in
/// which everybody left.
pub fn gaps(years: &[YearList]) -> Vec<i32> {
    match (years.first(), years.last()) {
        (Some(first), Some(last)) => (first.year..=last.year).filter(|y| !years.iter().any(|l| l.year == *y)).collect(),
        _ => Vec::new(),
    }
}

/// The change between two consecutive listed years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub from: i32,
    pub to: i32,
    /// Years between them with no decision.
    pub skipped: Vec<i32>,
    pub entered: BTreeSet<OrganizationId>,
    pub stayed: BTreeSet<OrganizationId>,
    pub left: BTreeSet<OrganizationId>,
}

pub fn transitions(years: &[YearList]) -> Vec<Transition> {
    years
        .windows(2)
        .map(|pair| {
            let (a, b) = (&pair[0], &pair[1]);
            Transition {
                from: a.year,
                to: b.year,
                skipped: (a.year + 1..b.year).collect(),
                entered: b.organizations.difference(&a.organizations).copied().collect(),
                stayed: a.organizations.intersection(&b.organizations).copied().collect(),
                left: a.organizations.difference(&b.organizations).copied().collect(),
            }
        })
        .collect()
}

/// One school's time in the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolHistory {
    pub organization: OrganizationId,
    pub years: Vec<i32>,
    /// The most consecutive lists the school was in. A year with no decision at all neither
    /// breaks a run nor extends it, as the transitions read it: listed in 2020 and 2022 with
    /// nothing decided for 2021 is a run of two lists spanning 2020–2022.
    pub longest_run: u32,
    /// The first and last year of the longest run (the earliest, when several are as long).
    pub longest_run_span: Option<(i32, i32)>,
    /// Years inside that span with no decision.
    pub longest_run_gaps: Vec<i32>,
    /// Listed once, and not in the latest list nor since it left.
    pub left_for_good: bool,
}

pub fn histories(years: &[YearList]) -> Vec<SchoolHistory> {
    let all: BTreeSet<OrganizationId> = years.iter().flat_map(|y| y.organizations.iter().copied()).collect();
    let latest = years.last().map(|y| y.year);
    all.into_iter()
        .map(|organization| {
            let listed: Vec<i32> =
                years.iter().filter(|y| y.organizations.contains(&organization)).map(|y| y.year).collect();
            // Runs follow the lists as decided: consecutive entries of `years`, which holds
            // only years with a decision.
            let (mut longest, mut span) = (0u32, None);
            let (mut run, mut start) = (0u32, 0i32);
            let mut previous_listed = false;
            for list in years {
                if list.organizations.contains(&organization) {
                    if !previous_listed {
                        (run, start) = (0, list.year);
                    }
                    run += 1;
                    if run > longest {
                        (longest, span) = (run, Some((start, list.year)));
                    }
                    previous_listed = true;
                } else {
                    previous_listed = false;
                }
            }
            let gaps = span.map_or_else(Vec::new, |(from, to)| {
                (from..=to).filter(|y| !years.iter().any(|l| l.year == *y)).collect()
            });
            SchoolHistory {
                organization,
                left_for_good: listed.last().copied() != latest,
                longest_run: longest,
                longest_run_span: span,
                longest_run_gaps: gaps,
                years: listed,
            }
        })
        .collect()
}

#[cfg(test)]
mod run_tests {
    use super::*;

    fn year(year: i32, listed: &[OrganizationId]) -> YearList {
        YearList { year, organizations: listed.iter().copied().collect(), decisions: Vec::new() }
    }

    #[test]
    fn a_year_without_a_decision_neither_breaks_nor_extends_a_run() {
        let (eight, other) = (OrganizationId::generate(), OrganizationId::generate());
        let years = [year(2020, &[eight]), year(2022, &[eight, other]), year(2023, &[eight])];
        let history = histories(&years).into_iter().find(|h| h.organization == eight).unwrap();
        assert_eq!(history.longest_run, 3);
        assert_eq!(history.longest_run_span, Some((2020, 2023)));
        assert_eq!(history.longest_run_gaps, [2021]);
    }

    #[test]
    fn a_decided_year_without_the_school_breaks_its_run() {
        let school = OrganizationId::generate();
        let years = [year(2020, &[school]), year(2021, &[]), year(2022, &[school]), year(2023, &[school])];
        let history = histories(&years).into_iter().next().unwrap();
        assert_eq!((history.longest_run, history.longest_run_span), (2, Some((2022, 2023))));
        assert!(history.longest_run_gaps.is_empty());
    }
}
