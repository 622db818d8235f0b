//! Dashboards, as clients read them: compositions of the capabilities' own views.

use opora_domain::factors::{AuditMatrix, ParameterCode};
use opora_domain::insights::{EffectCounts, Effectiveness, Highlight, MunicipalityDashboard, SchoolCard};
use opora_domain::measures::{Progress, RoadmapGaps};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::execution::TallyView;
use super::factors::{AuditView, DenominatorView, DiffView, PrevalenceView, RiskProfileView, prevalence_views};
use super::indicators::{IndicatorView, PointView, SeriesView};
use super::lists::DecisionView;
use super::lists::DynamicsView;
use super::monitoring::RecommendationView;
use super::territory::NamedOrganizationView;
use super::territory::{MunicipalityView, OrganizationView};

/// The prevalence at an audit, without its school-by-school matrix.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(complex, name = "AuditPrevalence")]
pub(crate) struct AuditPrevalenceView {
    pub audit: AuditView,
    /// What the counts are counted over: the audited schools.
    pub denominator: DenominatorView,
    /// Per factor, the schools where any of its parameters is present.
    #[graphql(skip)]
    pub factors: Vec<PrevalenceView>,
    #[graphql(skip)]
    pub parameters: Vec<PrevalenceView>,
}

crate::graphql::capped::capped_lists!(AuditPrevalenceView {
    /// Per factor, the schools where any of its parameters is present.
    factors: PrevalenceView,
    parameters: PrevalenceView,
});

impl From<AuditMatrix> for AuditPrevalenceView {
    fn from(m: AuditMatrix) -> Self {
        let (parameters, factors) = prevalence_views(&m);
        Self {
            audit: (&m.audit).into(),
            denominator: DenominatorView::audited_schools(m.organizations.len()),
            factors,
            parameters,
        }
    }
}

/// What a roadmap leaves uncovered of the audit it answers.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "RoadmapGaps")]
pub(crate) struct RoadmapGapsView {
    pub roadmap_id: Uuid,
    pub title: String,
    /// Present parameters no measure targets by code.
    pub not_targeted: Vec<String>,
    /// Present parameters no measure reaches at all.
    pub uncovered: Vec<String>,
}

impl From<RoadmapGaps> for RoadmapGapsView {
    fn from(g: RoadmapGaps) -> Self {
        let codes = |list: Vec<ParameterCode>| list.into_iter().map(|c| c.to_string()).collect();
        Self {
            roadmap_id: g.roadmap_id.as_uuid(),
            title: g.title,
            not_targeted: codes(g.not_targeted),
            uncovered: codes(g.uncovered),
        }
    }
}

/// The execution of the roadmaps in scope, in counts.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "ExecutionSummary")]
pub(crate) struct ExecutionSummaryView {
    pub as_of: super::scalars::Date,
    pub roadmaps: i32,
    pub total: TallyView,
    /// Measures «по отдельному графику» with no report.
    pub unreported_plans: i32,
}

impl ExecutionSummaryView {
    pub(crate) fn new(p: &Progress) -> Self {
        Self {
            as_of: super::scalars::Date(p.as_of),
            roadmaps: i32::try_from(p.roadmaps.len()).unwrap_or(i32::MAX),
            total: p.total.into(),
            unreported_plans: i32::try_from(p.unreported_plans.len()).unwrap_or(i32::MAX),
        }
    }
}

/// An indicator's latest figure.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "IndicatorHighlight")]
pub(crate) struct IndicatorHighlightView {
    pub indicator: IndicatorView,
    pub latest: PointView,
    /// The point before it, to compare with.
    pub previous: Option<PointView>,
}

impl From<&Highlight> for IndicatorHighlightView {
    fn from(h: &Highlight) -> Self {
        Self {
            indicator: (&h.indicator).into(),
            latest: (&h.latest).into(),
            previous: h.previous.as_ref().map(Into::into),
        }
    }
}

/// A measure that reaches a school.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "SchoolMeasure")]
pub(crate) struct SchoolMeasureView {
    pub roadmap_id: Uuid,
    pub roadmap_title: String,
    pub position: i32,
    pub number: String,
    pub title: String,
}

/// A school as a card shows it.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(complex, name = "SchoolCard")]
pub(crate) struct SchoolCardView {
    pub organization: OrganizationView,
    /// At the latest audit that covered it, each finding with its evidence.
    pub risk_profile: Option<RiskProfileView>,
    /// What appeared and what was resolved since the audit before.
    pub changes_since_previous_audit: Option<DiffView>,
    /// The ШНОР decisions in force that name it.
    #[graphql(skip)]
    pub list_history: Vec<DecisionView>,
    /// The measures of its municipality's roadmaps that reach it (over REST, the page `limit`
    /// and `offset` ask for).
    #[graphql(skip)]
    pub measures: Vec<SchoolMeasureView>,
    /// How many measures reach it, all pages together.
    pub measure_count: i32,
    /// Their occurrences at the school as of today: a report on the school counts, else one on
    /// the measure as a whole.
    pub execution: Option<TallyView>,
    /// Its indicators over time.
    #[graphql(skip)]
    pub indicators: Vec<SeriesView>,
    /// Recommendations addressed to it, by name or by role to the schools a campaign monitored
    /// (over REST, the page `limit` and `offset` ask for).
    #[graphql(skip)]
    pub recommendations: Vec<RecommendationView>,
    /// How many recommendations are addressed to it, all pages together.
    pub recommendation_count: i32,
}

impl From<SchoolCard> for SchoolCardView {
    fn from(card: SchoolCard) -> Self {
        let count = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
        Self {
            organization: card.organization.into(),
            risk_profile: card.risk_profile.map(Into::into),
            changes_since_previous_audit: card.changes_since_previous_audit.map(Into::into),
            list_history: card.list_history.iter().map(Into::into).collect(),
            measure_count: count(card.measures.len()),
            measures: card
                .measures
                .into_iter()
                .map(|m| SchoolMeasureView {
                    roadmap_id: m.roadmap_id.as_uuid(),
                    roadmap_title: m.roadmap_title,
                    position: i32::from(m.position),
                    number: m.number,
                    title: m.title,
                })
                .collect(),
            execution: card.execution.map(Into::into),
            indicators: card.indicators.into_iter().map(Into::into).collect(),
            recommendation_count: count(card.recommendations.len()),
            recommendations: card.recommendations.iter().map(|r| RecommendationView::new(r, None)).collect(),
        }
    }
}

crate::graphql::capped::capped_lists!(SchoolCardView {
    /// The ШНОР decisions in force that name it.
    list_history: DecisionView,
    /// The measures of its municipality's roadmaps that reach it.
    measures: SchoolMeasureView,
    /// Its indicators over time.
    indicators: SeriesView,
    /// Recommendations addressed to it, by name or by role to the schools a campaign monitored.
    recommendations: RecommendationView,
});

/// Schools that had a parameter at the earlier audit, and those of them that no longer have
/// it at the later one.
#[derive(Debug, Clone, Default, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "EffectCounts")]
pub(crate) struct EffectCountsView {
    /// The n: schools audited twice that had it.
    pub had: i32,
    pub resolved: i32,
}

/// One parameter between two audits, by how the schools that had it were reached.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "ParameterEffect")]
pub(crate) struct ParameterEffectView {
    pub code: String,
    /// Reached by a measure that names the parameter's code.
    pub targeted_by_code: EffectCountsView,
    /// Reached only by measures aimed at «все выявленные параметры».
    pub only_all_found: EffectCountsView,
    /// Reached by no measure aimed at it.
    pub not_targeted: EffectCountsView,
}

/// A school that left the ШНОР list between the two audits.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "Leaver")]
pub(crate) struct LeaverView {
    pub organization: NamedOrganizationView,
    /// Parameters it had at the earlier audit and not at the later one.
    pub resolved: Vec<String>,
    /// Numbers of the measures that were aimed at those parameters and reached it.
    pub measures: Vec<String>,
}

/// What changed between a municipality's two latest audits, beside what was aimed at it.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(complex, name = "Effectiveness")]
pub(crate) struct EffectivenessView {
    pub previous_audit_id: Option<Uuid>,
    pub audit_id: Option<Uuid>,
    #[graphql(skip)]
    pub parameters: Vec<ParameterEffectView>,
    #[graphql(skip)]
    pub leavers: Vec<LeaverView>,
    /// How to read the counts.
    pub caveat: String,
}

crate::graphql::capped::capped_lists!(EffectivenessView { parameters: ParameterEffectView, leavers: LeaverView });

impl From<EffectCounts> for EffectCountsView {
    fn from(c: EffectCounts) -> Self {
        let count = |n: u32| i32::try_from(n).unwrap_or(i32::MAX);
        Self { had: count(c.had), resolved: count(c.resolved) }
    }
}

impl From<Effectiveness> for EffectivenessView {
    fn from(e: Effectiveness) -> Self {
        Self {
            previous_audit_id: e.previous_audit_id.map(|a| a.as_uuid()),
            audit_id: e.audit_id.map(|a| a.as_uuid()),
            parameters: e
                .parameters
                .into_iter()
                .map(|p| ParameterEffectView {
                    code: p.code.to_string(),
                    targeted_by_code: p.targeted_by_code.into(),
                    only_all_found: p.only_all_found.into(),
                    not_targeted: p.not_targeted.into(),
                })
                .collect(),
            leavers: e
                .leavers
                .into_iter()
                .map(|l| LeaverView {
                    organization: l.organization.into(),
                    resolved: l.resolved.iter().map(ToString::to_string).collect(),
                    measures: l.measures,
                })
                .collect(),
            caveat: "Counts of schools, with their n: they show what changed beside what was aimed at it, not that a \
                     measure caused it. Small n carry little."
                .into(),
        }
    }
}

/// A municipality in a year, as a portal shows it.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(complex, name = "MunicipalityDashboard")]
pub(crate) struct MunicipalityDashboardView {
    pub municipality: MunicipalityView,
    pub year: i32,
    /// Schools in the ШНОР list of the year and of the year before; null for a year without a
    /// decision.
    pub listed: Option<i32>,
    pub listed_previous_year: Option<i32>,
    /// The list's dynamics over every year.
    pub lists: DynamicsView,
    /// The prevalence at the latest audit up to the year's end.
    pub audit: Option<AuditPrevalenceView>,
    /// The coverage gaps of the roadmaps running in the year that answer an audit.
    #[graphql(skip)]
    pub coverage: Vec<RoadmapGapsView>,
    /// The execution of the roadmaps running in the year, as of its end (or today).
    pub execution: ExecutionSummaryView,
    /// The latest figure of each highlighted indicator the municipality has.
    #[graphql(skip)]
    pub indicators: Vec<IndicatorHighlightView>,
    /// The first ten places of the year's watchlist under the rule set in force; null while
    /// none is published.
    pub watchlist: Option<super::WatchlistView>,
}

crate::graphql::capped::capped_lists!(MunicipalityDashboardView {
    /// The coverage gaps of the roadmaps running in the year that answer an audit.
    coverage: RoadmapGapsView,
    /// The latest figure of each highlighted indicator the municipality has.
    indicators: IndicatorHighlightView,
});

impl From<MunicipalityDashboard> for MunicipalityDashboardView {
    fn from(d: MunicipalityDashboard) -> Self {
        let count = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
        Self {
            municipality: d.municipality.into(),
            year: d.year,
            listed: d.listed.map(count),
            listed_previous_year: d.listed_previous_year.map(count),
            lists: d.lists.into(),
            audit: d.audit.map(AuditPrevalenceView::from),
            coverage: d.coverage.into_iter().map(RoadmapGapsView::from).collect(),
            execution: ExecutionSummaryView::new(&d.execution),
            indicators: d.indicators.iter().map(Into::into).collect(),
            watchlist: d.watchlist.map(Into::into),
        }
    }
}
