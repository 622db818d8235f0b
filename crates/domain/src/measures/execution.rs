//! The execution of a roadmap: what was reported for each planned occurrence of a measure, and
//! what is due, held or overdue as of a date. Reports are never overwritten: a correction is a
//! new revision of the same occurrence, and the latest revision is the one that counts.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};

use super::model::{Measure, RoadmapId};
use crate::core::period::Period;
use crate::core::schedule::{ScheduleKind, Slot, YearMonth};
use crate::core::year::Year;
use crate::schools::kinds::vocabulary;
use crate::schools::{MunicipalityId, OrganizationId, RegionId};

vocabulary!(
    /// What a report says of an occurrence.
    ExecutionStatus {
        Planned => "planned", "запланировано";
        Held => "held", "проведено";
        Postponed => "postponed", "перенесено";
        Cancelled => "cancelled", "отменено";
    }
);

/// A planned occurrence of a measure, as its schedule states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Occurrence {
    /// A time the schedule names: «апрель 2023», «I квартал 2024», «21.03.2024».
    Dated(Slot),
    /// «Ежегодно» without a month: once in the year.
    Year(i32),
    /// «Весь период»: once over the roadmap's period.
    Period,
    /// «По отдельному графику»: the dates are set elsewhere, so nothing is ever due.
    Plan,
}

impl Occurrence {
    /// The key reports name it by: «2023-04», «2024-01/2024-03», «2024-03-21», «2023»,
    /// «period», «plan».
    pub fn key(&self) -> String {
        match self {
            Self::Dated(slot) => slot.key(),
            Self::Year(y) => y.to_string(),
            Self::Period => "period".into(),
            Self::Plan => "plan".into(),
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        match key.trim() {
            "period" => Some(Self::Period),
            "plan" => Some(Self::Plan),
            k if k.len() == 4 => k.parse().ok().filter(|y| Year::parse(*y).is_ok()).map(Self::Year),
            k => Slot::parse(k).map(Self::Dated),
        }
    }

    /// How a note writes it: «март 2024», «январь–март 2024», «21.03.2024», «2024 год», «весь
    /// период», «по отдельному графику».
    pub fn label(&self) -> String {
        let month =
            |m: YearMonth| crate::core::schedule::MONTH_NAMES.get(usize::from(m.month()) - 1).copied().unwrap_or("?");
        match self {
            Self::Dated(Slot::Month(m)) => format!("{} {}", month(*m), m.year()),
            Self::Dated(Slot::Months(a, b)) if a.year() == b.year() => {
                format!("{}–{} {}", month(*a), month(*b), b.year())
            }
            Self::Dated(Slot::Months(a, b)) => format!("{} {} – {} {}", month(*a), a.year(), month(*b), b.year()),
            Self::Dated(Slot::Day(d)) => d.format("%d.%m.%Y").to_string(),
            Self::Dated(Slot::Days(a, b)) => format!("{}–{}", a.format("%d.%m.%Y"), b.format("%d.%m.%Y")),
            Self::Year(y) => format!("{y} год"),
            Self::Period => "весь период".to_owned(),
            Self::Plan => "по отдельному графику".to_owned(),
        }
    }

    /// The day from which the occurrence is past, or `None` when it never falls due.
    pub fn due_from(&self, period: Period) -> Option<NaiveDate> {
        let new_year = |y: i32| NaiveDate::from_ymd_opt(y + 1, 1, 1);
        match self {
            Self::Dated(slot) => Some(slot.end()),
            Self::Year(y) => new_year(*y),
            Self::Period => Some(period.months().1.end()),
            Self::Plan => None,
        }
    }

    /// Whether it falls in the year (an occurrence over the period falls in each of its years; a
    /// span of months, in the year it ends).
    pub fn in_year(&self, year: i32, period: Period) -> bool {
        match self {
            Self::Dated(slot) => slot.year() == year,
            Self::Year(y) => *y == year,
            Self::Period | Self::Plan => period.contains(year),
        }
    }
}

/// The occurrences a measure plans within the roadmap's period.
pub fn occurrences(measure: &Measure, period: Period) -> Vec<Occurrence> {
    let Some(schedule) = &measure.schedule else { return vec![Occurrence::Plan] };
    let (first, last) = period.months();
    match schedule.kind() {
        ScheduleKind::Months
        | ScheduleKind::Dates
        | ScheduleKind::Windows
        | ScheduleKind::Deadline
        | ScheduleKind::Recurring => schedule
            .occurrences()
            .iter()
            .filter(|slot| slot.overlaps(first, last))
            .map(|slot| Occurrence::Dated(*slot))
            .collect(),
        // A school year is one year of work: «ежегодно» in it is once.
        ScheduleKind::Yearly if period.is_school_year() => vec![Occurrence::Period],
        ScheduleKind::Yearly => period.years().map(Occurrence::Year).collect(),
        ScheduleKind::WholePeriod => vec![Occurrence::Period],
        ScheduleKind::SeparatePlan | ScheduleKind::Unread => vec![Occurrence::Plan],
    }
}

/// One revision of a report on one occurrence of a measure, for the measure as a whole or for
/// one organization it reaches.
#[derive(Debug, Clone, PartialEq)]
pub struct ExecutionReport {
    pub id: uuid::Uuid,
    pub roadmap_id: RoadmapId,
    pub region_id: RegionId,
    pub municipality_id: MunicipalityId,
    /// The measure's position in its roadmap.
    pub position: u16,
    pub occurrence: Occurrence,
    /// The organization reported on; the measure as a whole when absent.
    pub organization_id: Option<OrganizationId>,
    /// 1 for the first report of this occurrence and organization, then one more per correction.
    pub revision: u32,
    /// Whether it is the latest revision, the one that counts; a correction clears it.
    pub current: bool,
    pub status: ExecutionStatus,
    pub held_on: Option<NaiveDate>,
    pub postponed_to: Option<YearMonth>,
    pub participants: Option<u32>,
    pub participant_organizations: Vec<OrganizationId>,
    pub evidence: Option<String>,
    pub link: Option<String>,
    /// Who reported: the principal's subject.
    pub reporter: String,
    pub note: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

impl ExecutionReport {
    /// Whether, as of the day, the report clears the occurrence: held, cancelled, or
    /// postponed to a month that is not yet past.
    fn clears(&self, as_of: NaiveDate) -> bool {
        match self.status {
            ExecutionStatus::Held | ExecutionStatus::Cancelled => true,
            ExecutionStatus::Postponed => self.postponed_to.is_some_and(|m| as_of < m.end()),
            ExecutionStatus::Planned => false,
        }
    }
}

/// The latest revision of each reported occurrence and organization.
pub fn current(reports: &[ExecutionReport]) -> Vec<&ExecutionReport> {
    let mut latest: HashMap<(RoadmapId, u16, Occurrence, Option<OrganizationId>), &ExecutionReport> = HashMap::new();
    for r in reports {
        let key = (r.roadmap_id, r.position, r.occurrence, r.organization_id);
        if latest.get(&key).is_none_or(|l| l.revision < r.revision) {
            latest.insert(key, r);
        }
    }
    let mut out: Vec<_> = latest.into_values().collect();
    out.sort_by_key(|r| (r.roadmap_id, r.position, r.occurrence, r.organization_id));
    out
}

vocabulary!(
    /// What is known of an occurrence as of a day. A missing report and a measure not held are
    /// different facts: only a report says an occurrence was, or was not, held. `not_held`: a
    /// report says cancelled, or still planned once its time is over; `postponed`: to a month
    /// still to come; `no_report`: its time is over and nothing was reported (or it was postponed
    /// to a month now past, and nothing since); `upcoming`: its time is not over.
    Outcome {
        Held => "held", "проведено";
        NotHeld => "not_held", "не проведено";
        Postponed => "postponed", "перенесено";
        NoReport => "no_report", "нет отчёта";
        Upcoming => "upcoming", "срок не наступил";
    }
);

/// The state of one occurrence (of a measure as a whole, or at one organization) as of a day.
#[derive(Debug, Clone, PartialEq)]
pub struct OccurrenceState {
    pub roadmap_id: RoadmapId,
    pub position: u16,
    pub number: String,
    pub title: String,
    pub occurrence: Occurrence,
    pub organization_id: Option<OrganizationId>,
    /// What the reports say, if any report was made.
    pub status: Option<ExecutionStatus>,
    pub postponed_to: Option<YearMonth>,
    pub held_on: Option<NaiveDate>,
    /// The occurrence is past as of the day.
    pub due: bool,
    /// Past, and no report says held, cancelled or postponed to a month still to come.
    pub overdue: bool,
    /// What is known of it: held, not held, postponed, no report, or upcoming.
    pub outcome: Outcome,
}

/// The state of one occurrence given the current reports on it: a report on the measure as a
/// whole decides; without one, the organizations' reports do (held anywhere is held, then
/// postponed, then cancelled).
pub(super) fn state(
    measure: &Measure,
    roadmap: RoadmapId,
    period: Period,
    occurrence: Occurrence,
    organization: Option<OrganizationId>,
    reports: &[&ExecutionReport],
    as_of: NaiveDate,
) -> OccurrenceState {
    let on_measure = reports.iter().find(|r| r.organization_id.is_none());
    let decisive = match organization {
        Some(o) => reports.iter().find(|r| r.organization_id == Some(o)).or(on_measure),
        None => on_measure.or_else(|| {
            [ExecutionStatus::Held, ExecutionStatus::Postponed, ExecutionStatus::Cancelled, ExecutionStatus::Planned]
                .iter()
                .find_map(|s| reports.iter().find(|r| r.status == *s))
        }),
    };
    let due = occurrence.due_from(period).is_some_and(|d| as_of >= d);
    let outcome = match decisive {
        Some(r) if r.status == ExecutionStatus::Held => Outcome::Held,
        Some(r) if r.status == ExecutionStatus::Cancelled => Outcome::NotHeld,
        Some(r) if r.status == ExecutionStatus::Postponed && r.clears(as_of) => Outcome::Postponed,
        // Postponed to a month now past: nothing says whether it was held then.
        Some(r) if r.status == ExecutionStatus::Postponed && due => Outcome::NoReport,
        Some(r) if r.status == ExecutionStatus::Planned && due => Outcome::NotHeld,
        Some(_) => Outcome::Upcoming,
        None if due => Outcome::NoReport,
        None => Outcome::Upcoming,
    };
    OccurrenceState {
        roadmap_id: roadmap,
        position: measure.position,
        number: measure.number.clone(),
        title: measure.title.clone(),
        occurrence,
        organization_id: organization,
        status: decisive.map(|r| r.status),
        postponed_to: decisive.and_then(|r| r.postponed_to),
        held_on: decisive.and_then(|r| r.held_on),
        due,
        overdue: due && !decisive.is_some_and(|r| r.clears(as_of)),
        outcome,
    }
}

/// Counts over a set of occurrence states.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Tally {
    pub planned: u32,
    pub due: u32,
    pub held: u32,
    /// Held among those due: the numerator of the rate.
    pub held_due: u32,
    pub postponed: u32,
    pub cancelled: u32,
    pub overdue: u32,
    /// Overdue because a report says it was not held.
    pub not_held: u32,
    /// Overdue with no report at all: not known to be held or not.
    pub no_report: u32,
}

impl Tally {
    pub(super) fn add(&mut self, s: &OccurrenceState) {
        if s.occurrence == Occurrence::Plan {
            return;
        }
        self.planned += 1;
        let held = s.status == Some(ExecutionStatus::Held);
        self.held += u32::from(held);
        self.postponed += u32::from(s.status == Some(ExecutionStatus::Postponed));
        self.cancelled += u32::from(s.status == Some(ExecutionStatus::Cancelled));
        if s.due {
            self.due += 1;
            self.held_due += u32::from(held);
        }
        self.overdue += u32::from(s.overdue);
        self.not_held += u32::from(s.outcome == Outcome::NotHeld);
        self.no_report += u32::from(s.outcome == Outcome::NoReport);
    }

    /// Held among the occurrences due, over those due; none when nothing is due yet. A
    /// cancelled occurrence stays in the denominator: it was not executed.
    pub fn rate(&self) -> Option<f64> {
        (self.due > 0).then(|| f64::from(self.held_due) / f64::from(self.due))
    }
}
