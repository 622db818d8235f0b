//! Dashboards: one answer that composes what a portal shows for a municipality, from the
//! capabilities' own services, so that REST and GraphQL answer it alike and every figure is the
//! one the capability's own endpoint gives.

use chrono::{NaiveDate, Utc};
use opora_domain::factors::{Audit, FactorsService};
use opora_domain::indicators::{IndicatorsService, SeriesSubject};
use opora_domain::lists::{ListKind, ListsService};
use opora_domain::measures::{MeasuresService, ProgressScope};
use opora_domain::schools::{MunicipalityId, TerritoryService};
use opora_domain::{Actor, PageRequest, ServiceError};

use crate::state::AppState;
use crate::views::{
    AuditPrevalenceView, ExecutionSummaryView, IndicatorHighlightView, MunicipalityDashboardView, RoadmapGapsView,
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
    indicators: IndicatorsService,
}

impl Dashboards {
    pub(crate) fn new(state: &AppState) -> Self {
        Self {
            territory: state.territory.clone(),
            lists: state.lists.clone(),
            factors: state.factors.clone(),
            measures: state.measures.clone(),
            indicators: state.indicators.clone(),
        }
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
        let mut latest = None;
        let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
        loop {
            let found = self.factors.audits(actor, Some(id), page).await?;
            for audit in found.items {
                if audit.date <= end && latest.as_ref().is_none_or(|l: &Audit| l.date < audit.date) {
                    latest = Some(audit);
                }
            }
            match found.next {
                Some(after) => page = PageRequest::parse(Some(i64::from(PageRequest::MAX_LIMIT)), Some(after))?,
                None => break,
            }
        }
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
