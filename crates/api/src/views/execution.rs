//! Execution reports and the execution of roadmaps, as clients read them.

use std::collections::HashMap;

use opora_domain::measures::{ExecutionReport, OccurrenceState, ProgressRead, Tally};
use opora_domain::schools::OrganizationId;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::measures::named;
use super::scalars::{Date, DateTime};
use super::territory::NamedOrganizationView;

/// One revision of a report on an occurrence of a measure.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "ExecutionReport")]
pub(crate) struct ExecutionReportView {
    pub id: Uuid,
    pub roadmap_id: Uuid,
    /// The measure's position in the roadmap.
    pub position: i32,
    /// `2023-04`, `2023`, `period` or `plan`.
    pub occurrence: String,
    /// Null for the measure as a whole.
    pub organization_id: Option<Uuid>,
    /// 1, then one more per correction.
    pub revision: i32,
    /// Whether this is the latest revision, the one that counts.
    pub current: bool,
    /// planned, held, postponed or cancelled.
    pub status: String,
    pub held_on: Option<Date>,
    /// `YYYY-MM`.
    pub postponed_to: Option<String>,
    pub participants: Option<i64>,
    pub participant_organizations: Vec<Uuid>,
    pub evidence: Option<String>,
    pub link: Option<String>,
    pub reporter: String,
    pub note: Option<String>,
    pub recorded_at: DateTime,
}

impl From<&ExecutionReport> for ExecutionReportView {
    fn from(r: &ExecutionReport) -> Self {
        Self {
            id: r.id,
            roadmap_id: r.roadmap_id.as_uuid(),
            position: i32::from(r.position),
            occurrence: r.occurrence.key(),
            organization_id: r.organization_id.map(|o| o.as_uuid()),
            revision: i32::try_from(r.revision).unwrap_or(i32::MAX),
            current: r.current,
            status: r.status.code().to_owned(),
            held_on: r.held_on.map(Date),
            postponed_to: r.postponed_to.map(|m| m.to_string()),
            participants: r.participants.map(i64::from),
            participant_organizations: r.participant_organizations.iter().map(|o| o.as_uuid()).collect(),
            evidence: r.evidence.clone(),
            link: r.link.clone(),
            reporter: r.reporter.clone(),
            note: r.note.clone(),
            recorded_at: DateTime(r.recorded_at),
        }
    }
}

impl From<ExecutionReport> for ExecutionReportView {
    fn from(r: ExecutionReport) -> Self {
        (&r).into()
    }
}

/// Counts of planned occurrences.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "ExecutionTally")]
pub(crate) struct TallyView {
    /// Occurrences with a date (those «по отдельному графику» are listed apart).
    pub planned: i32,
    /// Those whose month (year, period) is past as of the day.
    pub due: i32,
    pub held: i32,
    /// Held among those due: the rate's numerator.
    pub held_due: i32,
    pub postponed: i32,
    pub cancelled: i32,
    /// Due, and no report says held, cancelled or postponed to a month still to come: `notHeld` +
    /// `noReport`.
    pub overdue: i32,
    /// Due, and a report says it was not held (cancelled, or still planned).
    pub not_held: i32,
    /// Due, and nothing was reported: not known to be held or not.
    pub no_report: i32,
    /// heldDue ÷ due; null while nothing is due.
    pub rate: Option<f64>,
}

fn count(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

impl From<Tally> for TallyView {
    fn from(t: Tally) -> Self {
        Self {
            planned: count(t.planned),
            due: count(t.due),
            held: count(t.held),
            held_due: count(t.held_due),
            postponed: count(t.postponed),
            cancelled: count(t.cancelled),
            overdue: count(t.overdue),
            not_held: count(t.not_held),
            no_report: count(t.no_report),
            rate: t.rate(),
        }
    }
}

/// One planned occurrence of a measure and what the reports say of it.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "OccurrenceState")]
pub(crate) struct OccurrenceView {
    pub roadmap_id: Uuid,
    pub position: i32,
    pub number: String,
    pub title: String,
    pub occurrence: String,
    /// The latest report's status; null when nothing was reported.
    pub status: Option<String>,
    pub held_on: Option<Date>,
    pub postponed_to: Option<String>,
    pub due: bool,
    pub overdue: bool,
    /// held, not_held (a report says so), postponed (to a month still to come), no_report (due,
    /// nothing reported) or upcoming.
    pub outcome: String,
    /// How a note writes the occurrence: «январь–март 2024», «по отдельному графику».
    pub label: String,
}

impl From<&OccurrenceState> for OccurrenceView {
    fn from(s: &OccurrenceState) -> Self {
        Self {
            roadmap_id: s.roadmap_id.as_uuid(),
            position: i32::from(s.position),
            number: s.number.clone(),
            title: s.title.clone(),
            occurrence: s.occurrence.key(),
            status: s.status.map(|st| st.code().to_owned()),
            held_on: s.held_on.map(Date),
            postponed_to: s.postponed_to.map(|m| m.to_string()),
            due: s.due,
            overdue: s.overdue,
            outcome: s.outcome.code().to_owned(),
            label: s.occurrence.label(),
        }
    }
}

/// A measure «по отдельному графику» no report mentions.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "UnreportedMeasure")]
pub(crate) struct UnreportedMeasureView {
    pub roadmap_id: Uuid,
    pub position: i32,
    pub number: String,
    pub title: String,
}

#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "SchoolExecution")]
pub(crate) struct SchoolExecutionView {
    pub organization: NamedOrganizationView,
    pub tally: TallyView,
}

#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "ParameterExecution")]
pub(crate) struct ParameterExecutionView {
    pub code: String,
    pub tally: TallyView,
}

/// Planned against held as of a day: over the roadmaps in scope, per school and per parameter.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(complex, name = "Execution")]
pub(crate) struct ExecutionView {
    pub as_of: Date,
    pub year: Option<i32>,
    pub roadmap_ids: Vec<Uuid>,
    pub total: TallyView,
    /// Each planned occurrence of each measure, in roadmap and measure order.
    #[graphql(skip)]
    pub occurrences: Vec<OccurrenceView>,
    /// The occurrences overdue as of the day.
    #[graphql(skip)]
    pub overdue: Vec<OccurrenceView>,
    #[graphql(skip)]
    pub unreported_plans: Vec<UnreportedMeasureView>,
    /// Per school, the occurrences of the measures that reach it: a report on the school
    /// counts, else a report on the measure as a whole.
    #[graphql(skip)]
    pub schools: Vec<SchoolExecutionView>,
    /// Per parameter, the occurrences of the measures that target it.
    #[graphql(skip)]
    pub parameters: Vec<ParameterExecutionView>,
}

crate::graphql::capped::capped_lists!(ExecutionView {
    /// Each planned occurrence of each measure, in roadmap and measure order.
    occurrences: OccurrenceView,
    /// The occurrences overdue as of the day.
    overdue: OccurrenceView,
    unreported_plans: UnreportedMeasureView,
    /// Per school, the occurrences of the measures that reach it: a report on the school
    /// counts, else a report on the measure as a whole.
    schools: SchoolExecutionView,
    /// Per parameter, the occurrences of the measures that target it.
    parameters: ParameterExecutionView,
});

impl From<ProgressRead> for ExecutionView {
    fn from(read: ProgressRead) -> Self {
        let names: HashMap<OrganizationId, String> = read.names.into_iter().collect();
        let p = read.progress;
        Self {
            as_of: Date(p.as_of),
            year: p.year,
            roadmap_ids: p.roadmaps.iter().map(|r| r.as_uuid()).collect(),
            total: p.total.into(),
            overdue: p.overdue().map(Into::into).collect(),
            occurrences: p.occurrences.iter().map(Into::into).collect(),
            unreported_plans: p
                .unreported_plans
                .iter()
                .map(|u| UnreportedMeasureView {
                    roadmap_id: u.roadmap_id.as_uuid(),
                    position: i32::from(u.position),
                    number: u.number.clone(),
                    title: u.title.clone(),
                })
                .collect(),
            schools: p
                .schools
                .iter()
                .map(|(o, t)| SchoolExecutionView { organization: named(&names, *o), tally: (*t).into() })
                .collect(),
            parameters: p
                .parameters
                .iter()
                .map(|(c, t)| ParameterExecutionView { code: c.to_string(), tally: (*t).into() })
                .collect(),
        }
    }
}
