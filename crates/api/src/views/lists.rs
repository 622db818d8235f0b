//! List decisions and dynamics as clients read them.

use super::scalars::{Date, DateTime};
use opora_domain::lists::{Decision, ListDynamics, ListKind as DomainKind, ListLevel as DomainLevel};
use opora_domain::schools::OrganizationId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// shnor (ШНОР), shnsu (ШНСУ: unfavourable social conditions), risk_group (группа риска).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, async_graphql::Enum)]
#[serde(rename_all = "snake_case")]
#[graphql(rename_items = "snake_case")]
pub(crate) enum ListKind {
    Shnor,
    Shnsu,
    RiskGroup,
}

/// federal, regional or municipal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, async_graphql::Enum)]
#[serde(rename_all = "snake_case")]
#[graphql(rename_items = "snake_case")]
pub(crate) enum ListLevel {
    Federal,
    Regional,
    Municipal,
}

impl From<ListKind> for DomainKind {
    fn from(k: ListKind) -> Self {
        match k {
            ListKind::Shnor => Self::Shnor,
            ListKind::Shnsu => Self::Shnsu,
            ListKind::RiskGroup => Self::RiskGroup,
        }
    }
}

impl From<DomainKind> for ListKind {
    fn from(k: DomainKind) -> Self {
        match k {
            DomainKind::Shnor => Self::Shnor,
            DomainKind::Shnsu => Self::Shnsu,
            DomainKind::RiskGroup => Self::RiskGroup,
        }
    }
}

impl From<ListLevel> for DomainLevel {
    fn from(l: ListLevel) -> Self {
        match l {
            ListLevel::Federal => Self::Federal,
            ListLevel::Regional => Self::Regional,
            ListLevel::Municipal => Self::Municipal,
        }
    }
}

impl From<DomainLevel> for ListLevel {
    fn from(l: DomainLevel) -> Self {
        match l {
            DomainLevel::Federal => Self::Federal,
            DomainLevel::Regional => Self::Regional,
            DomainLevel::Municipal => Self::Municipal,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "ListEntry")]
pub(crate) struct EntryView {
    pub organization_id: Uuid,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(complex, name = "ListDecision")]
pub(crate) struct DecisionView {
    pub id: Uuid,
    pub municipality_id: Uuid,
    /// Null when the decision's document does not say.
    pub level: Option<ListLevel>,
    pub kind: ListKind,
    pub year: i32,
    pub assessment_year: Option<i32>,
    pub issuer_id: Option<Uuid>,
    pub number: Option<String>,
    pub date: Option<Date>,
    pub organization_ids: Vec<Uuid>,
    /// Each named organization with the reason or risk profile given for it.
    #[graphql(skip)]
    pub entries: Vec<EntryView>,
    pub recorded_at: DateTime,
    /// The version this one corrects.
    pub supersedes: Option<Uuid>,
    /// For a version that withdraws the one it supersedes: why. It names no school, and the
    /// year has no decision of that list from then on.
    pub withdrawal: Option<String>,
}

crate::graphql::capped::capped_lists!(DecisionView {
    /// Each named organization with the reason or risk profile given for it.
    entries: EntryView,
});

impl From<&Decision> for DecisionView {
    fn from(d: &Decision) -> Self {
        Self {
            id: d.id.as_uuid(),
            municipality_id: d.municipality_id.as_uuid(),
            level: d.level.map(Into::into),
            kind: d.kind.into(),
            year: d.year,
            assessment_year: d.assessment_year,
            issuer_id: d.issuer_id.map(|i| i.as_uuid()),
            number: d.number.clone(),
            date: d.date.map(Into::into),
            organization_ids: d.entries.iter().map(|e| e.organization_id.as_uuid()).collect(),
            entries: d
                .entries
                .iter()
                .map(|e| EntryView { organization_id: e.organization_id.as_uuid(), reason: e.reason.clone() })
                .collect(),
            recorded_at: d.recorded_at.into(),
            supersedes: d.supersedes.map(|s| s.as_uuid()),
            withdrawal: d.withdrawal.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "ListedOrganization")]
pub(crate) struct ListedView {
    pub id: Uuid,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(complex, name = "ListYear")]
pub(crate) struct YearView {
    pub year: i32,
    pub count: i32,
    #[graphql(skip)]
    pub organizations: Vec<ListedView>,
}

crate::graphql::capped::capped_lists!(YearView { organizations: ListedView });

#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(complex, name = "ListTransition")]
pub(crate) struct TransitionView {
    pub from: i32,
    pub to: i32,
    /// Years between with no decision.
    pub skipped: Vec<i32>,
    #[graphql(skip)]
    pub entered: Vec<ListedView>,
    #[graphql(skip)]
    pub stayed: Vec<ListedView>,
    #[graphql(skip)]
    pub left: Vec<ListedView>,
}

crate::graphql::capped::capped_lists!(TransitionView { entered: ListedView, stayed: ListedView, left: ListedView });

#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "ListSchool")]
pub(crate) struct SchoolView {
    pub organization: ListedView,
    pub years: Vec<i32>,
    /// The most consecutive lists the school was in; a year with no decision neither breaks
    /// nor extends a run (as in the transitions).
    pub longest_run: i32,
    /// First year of the longest run.
    pub longest_run_from: Option<i32>,
    /// Last year of the longest run.
    pub longest_run_to: Option<i32>,
    /// Years inside the longest run with no decision at all.
    pub longest_run_gaps: Vec<i32>,
    /// Not in the latest list, and not back since it left.
    pub left_for_good: bool,
}

/// A municipality's list over the years, as known at `asOf` (now when absent).
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(complex, name = "ListDynamics")]
pub(crate) struct DynamicsView {
    pub municipality_id: Uuid,
    pub kind: ListKind,
    pub as_of: Option<DateTime>,
    #[graphql(skip)]
    pub years: Vec<YearView>,
    /// Years between the first and the last list with no decision: gaps, not exits.
    pub years_without_decision: Vec<i32>,
    #[graphql(skip)]
    pub transitions: Vec<TransitionView>,
    #[graphql(skip)]
    pub schools: Vec<SchoolView>,
    #[graphql(skip)]
    pub decisions: Vec<DecisionView>,
}

crate::graphql::capped::capped_lists!(DynamicsView {
    years: YearView,
    transitions: TransitionView,
    schools: SchoolView,
    decisions: DecisionView,
});

impl From<ListDynamics> for DynamicsView {
    fn from(d: ListDynamics) -> Self {
        let named = |id: &OrganizationId| ListedView {
            id: id.as_uuid(),
            name: d.names.iter().find(|(o, _)| o == id).map(|(_, n)| n.clone()).unwrap_or_default(),
        };
        let sorted = |ids: &std::collections::BTreeSet<OrganizationId>| {
            let mut list: Vec<ListedView> = ids.iter().map(named).collect();
            list.sort_by(|a, b| a.name.cmp(&b.name));
            list
        };
        Self {
            municipality_id: d.municipality.id.as_uuid(),
            kind: d.kind.into(),
            as_of: d.as_of.map(Into::into),
            years: d
                .years
                .iter()
                .map(|y| YearView {
                    year: y.year,
                    count: y.organizations.len() as i32,
                    organizations: sorted(&y.organizations),
                })
                .collect(),
            years_without_decision: d.gaps.clone(),
            transitions: d
                .transitions
                .iter()
                .map(|t| TransitionView {
                    from: t.from,
                    to: t.to,
                    skipped: t.skipped.clone(),
                    entered: sorted(&t.entered),
                    stayed: sorted(&t.stayed),
                    left: sorted(&t.left),
                })
                .collect(),
            schools: d
                .schools
                .iter()
                .map(|s| SchoolView {
                    organization: named(&s.organization),
                    years: s.years.clone(),
                    longest_run: s.longest_run as i32,
                    longest_run_from: s.longest_run_span.map(|(from, _)| from),
                    longest_run_to: s.longest_run_span.map(|(_, to)| to),
                    longest_run_gaps: s.longest_run_gaps.clone(),
                    left_for_good: s.left_for_good,
                })
                .collect(),
            decisions: d.decisions.iter().map(Into::into).collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "MunicipalListCount")]
pub(crate) struct MunicipalCountView {
    pub municipality_id: Uuid,
    pub name: String,
    pub count: i32,
}

/// One year of a region's lists.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(complex, name = "RegionListYear")]
pub(crate) struct RegionYearView {
    pub year: i32,
    /// Schools listed in the region's municipalities that the caller sees.
    pub count: i32,
    #[graphql(skip)]
    pub municipalities: Vec<MunicipalCountView>,
}

crate::graphql::capped::capped_lists!(RegionYearView { municipalities: MunicipalCountView });

impl From<opora_domain::lists::RegionYear> for RegionYearView {
    fn from(y: opora_domain::lists::RegionYear) -> Self {
        Self {
            year: y.year,
            count: y.municipalities.iter().map(|(_, _, n)| *n as i32).sum(),
            municipalities: y
                .municipalities
                .into_iter()
                .map(|(id, name, n)| MunicipalCountView { municipality_id: id.as_uuid(), name, count: n as i32 })
                .collect(),
        }
    }
}
