//! What people count by hand from the lists: the list of each year, entries and exits between
//! listed years, years with no decision, and each school's years in the list.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use super::model::{Decision, DecisionId};
use crate::schools::OrganizationId;

/// The decisions in force as known at `as_of` (now when `None`): recorded by then and not
/// superseded by a version recorded by then.
pub fn in_force(decisions: &[Decision], as_of: Option<DateTime<Utc>>) -> Vec<&Decision> {
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
    /// The most consecutive calendar years in the list; a year with no decision breaks a run.
    pub longest_run: u32,
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
            let mut longest = 0;
            let mut run = 0;
            let mut previous: Option<i32> = None;
            for &year in &listed {
                run = if previous == Some(year - 1) { run + 1 } else { 1 };
                longest = longest.max(run);
                previous = Some(year);
            }
            SchoolHistory {
                organization,
                left_for_good: listed.last().copied() != latest,
                longest_run: longest,
                years: listed,
            }
        })
        .collect()
}
