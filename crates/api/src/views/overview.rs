//! A region's municipalities side by side, as a regional portal shows them.

use opora_domain::insights::RegionOverview;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::execution::TallyView;
use super::lists::ListKind;
use super::scalars::Date;
use super::territory::RegionView;

/// How many schools a list of one kind holds in the year and the year before; null for a year
/// without a decision.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "OverviewListSize")]
pub(crate) struct ListSizeView {
    pub kind: ListKind,
    pub count: Option<i32>,
    pub previous_year: Option<i32>,
}

/// A factor at an audit: organizations with any of its parameters present, out of `n`.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "OverviewFactor")]
pub(crate) struct FactorShareView {
    /// The factor's number, shared by every catalogue of the methodology.
    pub factor: i32,
    pub organizations: i32,
    pub n: i32,
    /// organizations ÷ n; null when the audit covered none.
    pub share: Option<f64>,
}

/// The municipality's latest audit up to the year's end.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(complex, name = "OverviewAudit")]
pub(crate) struct OverviewAuditView {
    pub audit_id: Uuid,
    pub date: Date,
    /// The organizations the audit covered.
    pub n: i32,
    #[graphql(skip)]
    pub factors: Vec<FactorShareView>,
}

crate::graphql::capped::capped_lists!(OverviewAuditView { factors: FactorShareView });

/// An indicator's latest figure for the municipality: its own, or its organizations'
/// combined.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "OverviewFigure")]
pub(crate) struct OverviewFigureView {
    pub period: String,
    pub value: f64,
    /// The organizations it is combined from; null when it is the territory's own figure.
    pub organizations: Option<i32>,
    /// The schools registered in the territory, what `organizations` is out of.
    pub registered: Option<i32>,
    /// Combined from fewer organizations than are registered: «по данным N из M ОО», not the
    /// territory's figure.
    pub partial: bool,
}

impl OverviewFigureView {
    pub(crate) fn of(p: &opora_domain::indicators::Point, value: f64) -> Self {
        let count = |n: u32| i32::try_from(n).unwrap_or(i32::MAX);
        Self {
            period: p.period.to_string(),
            value,
            organizations: p.reported.is_none().then_some(count(p.organizations)),
            registered: p.registered.map(count),
            partial: p.partial(),
        }
    }
}

/// One municipality of the region.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(complex, name = "MunicipalityOverview")]
pub(crate) struct MunicipalityOverviewView {
    pub id: Uuid,
    pub name: String,
    /// General-education organizations registered.
    pub schools: i32,
    pub students: Option<OverviewFigureView>,
    /// Every kind of list, in the year and the year before.
    #[graphql(skip)]
    pub lists: Vec<ListSizeView>,
    pub audit: Option<OverviewAuditView>,
    /// The roadmaps running in the year, as of its end (or today): the municipality's measures
    /// as a whole.
    pub roadmaps: i32,
    pub execution: TallyView,
}

crate::graphql::capped::capped_lists!(MunicipalityOverviewView {
    /// Every kind of list, in the year and the year before.
    lists: ListSizeView,
});

/// A region's municipalities side by side in a year.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(complex, name = "RegionOverview")]
pub(crate) struct RegionOverviewView {
    pub region: RegionView,
    pub year: i32,
    /// The day execution is judged by.
    pub as_of: Date,
    /// The municipalities the caller may see, by name.
    #[graphql(skip)]
    pub municipalities: Vec<MunicipalityOverviewView>,
}

crate::graphql::capped::capped_lists!(RegionOverviewView {
    /// The municipalities the caller may see, by name.
    municipalities: MunicipalityOverviewView,
});

impl From<RegionOverview> for RegionOverviewView {
    fn from(o: RegionOverview) -> Self {
        let count = |n: u32| i32::try_from(n).unwrap_or(i32::MAX);
        let municipalities = o
            .municipalities
            .into_iter()
            .map(|m| MunicipalityOverviewView {
                id: m.id.as_uuid(),
                schools: count(m.schools),
                students: m.students.map(|(p, value)| OverviewFigureView::of(&p, value)),
                lists: m
                    .lists
                    .iter()
                    .map(|l| ListSizeView {
                        kind: l.kind.into(),
                        count: l.count.map(count),
                        previous_year: l.previous_year.map(count),
                    })
                    .collect(),
                audit: m.audit.map(|a| OverviewAuditView {
                    audit_id: a.audit.id.as_uuid(),
                    date: Date(a.audit.date),
                    n: count(a.organizations),
                    factors: a
                        .factors
                        .iter()
                        .map(|(factor, n)| FactorShareView {
                            factor: i32::from(*factor),
                            organizations: count(*n),
                            n: count(a.organizations),
                            share: (a.organizations > 0).then(|| f64::from(*n) / f64::from(a.organizations)),
                        })
                        .collect(),
                }),
                roadmaps: i32::try_from(m.roadmaps).unwrap_or(i32::MAX),
                execution: m.execution.into(),
                name: m.name,
            })
            .collect();
        Self { region: o.region.into(), year: o.year, as_of: Date(o.as_of), municipalities }
    }
}
