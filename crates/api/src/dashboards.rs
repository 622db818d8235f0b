//! Dashboards: one answer that composes what a portal shows for a municipality, from the
//! capabilities' own services, so that REST and GraphQL answer it alike and every figure is the
//! one the capability's own endpoint gives.

use chrono::{NaiveDate, Utc};
use opora_domain::factors::{Audit, FactorsService};
use opora_domain::indicators::{IndicatorsService, SeriesSubject};
use opora_domain::lists::{ListKind, ListsService};
use opora_domain::measures::{MeasuresService, ProgressScope};
use opora_domain::monitoring::MonitoringService;
use opora_domain::schools::{MunicipalityId, OrganizationId, TerritoryService};
use opora_domain::{Actor, PageRequest, ServiceError};

use crate::state::AppState;
use crate::views::{
    AuditPrevalenceView, DecisionView, ExecutionSummaryView, IndicatorHighlightView, MunicipalityDashboardView,
    RecommendationView, RoadmapGapsView, SchoolCardView, SchoolMeasureView,
};

/// The indicators a municipality's dashboard highlights, when it has figures for them.
const HIGHLIGHTS: [&str; 7] = [
    "students",
    "teachers",
    "teaching_staff",
    "pd_completed",
    "retrained",
    "attested_highest",
    "extracurricular_5_9_share",
];

/// The services a dashboard reads.
#[derive(Clone, Debug)]
pub(crate) struct Dashboards {
    territory: TerritoryService,
    lists: ListsService,
    factors: FactorsService,
    measures: MeasuresService,
    monitoring: MonitoringService,
    indicators: IndicatorsService,
}

impl Dashboards {
    pub(crate) fn new(state: &AppState) -> Self {
        Self {
            territory: state.territory.clone(),
            lists: state.lists.clone(),
            factors: state.factors.clone(),
            measures: state.measures.clone(),
            monitoring: state.monitoring.clone(),
            indicators: state.indicators.clone(),
        }
    }

    /// Every audit of the municipality the caller sees, oldest first.
    async fn audits(&self, actor: &Actor, municipality: MunicipalityId) -> Result<Vec<Audit>, ServiceError> {
        let mut all = Vec::new();
        let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
        loop {
            let found = self.factors.audits(actor, Some(municipality), page).await?;
            all.extend(found.items);
            match found.next {
                Some(after) => page = PageRequest::parse(Some(i64::from(PageRequest::MAX_LIMIT)), Some(after))?,
                None => break,
            }
        }
        all.sort_by_key(|a| (a.date, a.id));
        Ok(all)
    }

    /// A school as a card shows it: who it is, its risk profile at the latest audit that covered
    /// it with the evidence of each finding and what changed since the audit before, its ШНОР
    /// history, the measures that reach it and their execution, its indicators, and the
    /// recommendations addressed to it.
    pub(crate) async fn school(&self, actor: &Actor, id: OrganizationId) -> Result<SchoolCardView, ServiceError> {
        let organization = self.territory.organization(actor, id).await?;
        let history: Vec<DecisionView> = self.lists.history(actor, id).await?.iter().map(Into::into).collect();
        let codes: Vec<String> = HIGHLIGHTS.iter().map(|c| (*c).to_owned()).collect();
        let series = self.indicators.series(actor, SeriesSubject::Organization(id), &codes).await?;
        let indicators = series.into_iter().filter(|s| !s.points.is_empty()).map(Into::into).collect();
        let mut card = SchoolCardView {
            risk_profile: None,
            changes_since_previous_audit: None,
            list_history: history,
            measures: Vec::new(),
            execution: None,
            indicators,
            recommendations: Vec::new(),
            organization: organization.clone().into(),
        };
        let Some(municipality) = organization.municipality_id else { return Ok(card) };
        // The two latest audits that covered the school (listings carry no findings: each is read).
        let mut covering: Vec<Audit> = Vec::new();
        for listed in self.audits(actor, municipality).await?.into_iter().rev() {
            let audit = self.factors.audit(actor, listed.id).await?;
            if audit.organizations().contains(&id) {
                covering.push(audit);
                if covering.len() == 2 {
                    break;
                }
            }
        }
        if let Some(latest) = covering.first() {
            card.risk_profile = Some(self.factors.risk_profile(actor, latest.id, id).await?.into());
            if let Some(previous) = covering.get(1) {
                let diff = self.factors.diff(actor, previous.id, latest.id).await?;
                card.changes_since_previous_audit = diff.into_iter().find(|d| d.organization == id).map(Into::into);
            }
        }
        for (roadmap, positions) in self.measures.reaching(actor, id).await? {
            for m in roadmap.measures.iter().filter(|m| positions.contains(&m.position)) {
                card.measures.push(SchoolMeasureView {
                    roadmap_id: roadmap.id.as_uuid(),
                    roadmap_title: roadmap.title.clone(),
                    position: i32::from(m.position),
                    number: m.number.clone(),
                    title: m.title.clone(),
                });
            }
        }
        let today = Utc::now().date_naive();
        let progress = self.measures.progress(actor, ProgressScope::Municipality(municipality), today, None).await?;
        card.execution = progress.progress.schools.iter().find(|(o, _)| *o == id).map(|(_, t)| (*t).into());
        card.recommendations =
            self.monitoring.addressed_to(actor, id).await?.iter().map(|r| RecommendationView::new(r, None)).collect();
        Ok(card)
    }

    /// A municipality in `year`: its ШНОР list and dynamics, the prevalence at its latest audit,
    /// the gaps of its roadmaps' coverage, their execution as of the year's end (or today), and
    /// the latest figure of each highlighted indicator.
    pub(crate) async fn municipality(
        &self,
        actor: &Actor,
        id: MunicipalityId,
        year: i32,
    ) -> Result<MunicipalityDashboardView, ServiceError> {
        if !(1990..=2100).contains(&year) {
            return Err(opora_domain::ValidationErrors::single("year", "out_of_range", "a year of 1990–2100").into());
        }
        let municipality = self.territory.municipality(actor, id).await?;
        let dynamics = self.lists.dynamics(actor, id, ListKind::Shnor, None).await?;
        let count = |y: i32| dynamics.years.iter().find(|l| l.year == y).map(|l| l.organizations.len());
        let (listed, listed_before) = (count(year), count(year - 1));

        // The latest audit of the municipality up to the end of the year.
        let end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default();
        let latest = self.audits(actor, id).await?.into_iter().rfind(|a| a.date <= end);
        let audit = match latest {
            Some(a) => Some(AuditPrevalenceView::from(self.factors.matrix(actor, a.id).await?)),
            None => None,
        };

        let mut coverage = Vec::new();
        let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
        loop {
            let found = self.measures.roadmaps(actor, Some(id), page).await?;
            for roadmap in found.items.iter().filter(|r| r.period.contains(year) && r.audit_id.is_some()) {
                coverage.push(RoadmapGapsView::from(self.measures.coverage(actor, roadmap.id).await?));
            }
            match found.next {
                Some(after) => page = PageRequest::parse(Some(i64::from(PageRequest::MAX_LIMIT)), Some(after))?,
                None => break,
            }
        }

        let today = Utc::now().date_naive();
        let as_of = today.min(end.succ_opt().unwrap_or(end));
        let progress = self.measures.progress(actor, ProgressScope::Municipality(id), as_of, Some(year)).await?;
        let execution = ExecutionSummaryView::new(&progress.progress);

        let codes: Vec<String> = HIGHLIGHTS.iter().map(|c| (*c).to_owned()).collect();
        let series = self.indicators.series(actor, SeriesSubject::Municipality(id), &codes).await?;
        let indicators = series.iter().filter_map(IndicatorHighlightView::of).collect();

        Ok(MunicipalityDashboardView {
            municipality: municipality.into(),
            year,
            listed: listed.map(|n| i32::try_from(n).unwrap_or(i32::MAX)),
            listed_previous_year: listed_before.map(|n| i32::try_from(n).unwrap_or(i32::MAX)),
            lists: dynamics.into(),
            audit,
            coverage,
            execution,
            indicators,
        })
    }
}
