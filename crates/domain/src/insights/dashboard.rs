//! A municipality in a year: its ШНОР list and dynamics, the prevalence at its latest audit, the
//! gaps of its roadmaps' coverage, their execution as of the year's end (or today), the latest
//! figure of each highlighted indicator, and the first places of its watchlist.

use chrono::Utc;

use super::service::{HIGHLIGHTS, InsightsService, valid_year, year_end};
use super::watch::{Watchlist, ranked};
use crate::factors::{Audit, AuditMatrix};
use crate::indicators::{Indicator, Point, Series, SeriesSubject};
use crate::lists::{ListDynamics, ListKind};
use crate::measures::ports::AuditFacts;
use crate::measures::{MunicipalExecution, Progress, RoadmapGaps};
use crate::schools::{Municipality, MunicipalityId, OrganizationId};
use crate::{Actor, ServiceError};

/// The places of the watchlist a dashboard shows.
const DASHBOARD_WATCHLIST: usize = 10;

/// An indicator's latest figure up to a year's end, with the one before it.
#[derive(Debug, Clone, PartialEq)]
pub struct Highlight {
    pub indicator: Indicator,
    pub latest: Point,
    pub previous: Option<Point>,
}

impl Highlight {
    /// The latest two points of a series that begin by the end of `year`: a view of a year never
    /// shows a later period as its latest.
    pub fn of(s: &Series, year: i32) -> Option<Self> {
        let end = year_end(year);
        let points: Vec<&Point> = s.points.iter().filter(|p| p.period.start() <= end).collect();
        let latest = (*points.last()?).clone();
        let previous = points.len().checked_sub(2).and_then(|i| points.get(i)).map(|p| (*p).clone());
        Some(Self { indicator: s.indicator.clone(), latest, previous })
    }
}

/// A municipality's dashboard of a year.
#[derive(Debug, Clone)]
pub struct MunicipalityDashboard {
    pub municipality: Municipality,
    pub year: i32,
    /// Schools in the ШНОР list of the year and of the year before; `None` for a year without a
    /// decision.
    pub listed: Option<usize>,
    pub listed_previous_year: Option<usize>,
    pub lists: ListDynamics,
    /// The latest audit up to the year's end, with its present findings.
    pub audit: Option<AuditMatrix>,
    pub coverage: Vec<RoadmapGaps>,
    pub execution: Progress,
    pub indicators: Vec<Highlight>,
    /// `None` while no rule set is published.
    pub watchlist: Option<Watchlist>,
}

impl InsightsService {
    pub async fn municipality(
        &self,
        actor: &Actor,
        id: MunicipalityId,
        year: i32,
    ) -> Result<MunicipalityDashboard, ServiceError> {
        valid_year(year)?;
        let municipality = self.s.territory.municipality(actor, id).await?;
        // Its organizations, read at once: the lists name them, the matrix and the coverage
        // show them, and each then finds them in the request's memo.
        self.s.territory.resolution_candidates(actor, &municipality).await?;
        let dynamics = self.s.lists.dynamics(actor, id, ListKind::Shnor, None).await?;
        let count = |y: i32| dynamics.years.iter().find(|l| l.year == y).map(|l| l.organizations.len());
        let (listed, listed_previous_year) = (count(year), count(year - 1));

        // The audits up to the end of the year, and the latest one's matrix: the prevalence and
        // the watchlist below are read from them.
        let end = year_end(year);
        let audits: Vec<Audit> = self.audits(actor, id).await?.into_iter().filter(|a| a.date <= end).collect();
        let matrix = match audits.last() {
            Some(a) => Some(self.s.factors.present_matrix(actor, a.clone()).await?),
            None => None,
        };

        let today = Utc::now().date_naive();
        let as_of = today.min(end.succ_opt().unwrap_or(end));
        let known = matrix.as_ref().map(facts_of);
        let MunicipalExecution { gaps, progress } =
            self.s.measures.of_municipality(actor, id, year, as_of, known).await?;

        let codes: Vec<String> = HIGHLIGHTS.iter().map(|c| (*c).to_owned()).collect();
        let series = self.s.indicators.series(actor, SeriesSubject::Municipality(id), &codes).await?;
        let indicators = series.iter().filter_map(|s| Highlight::of(s, year)).collect();
        let watchlist = match self.s.warning.in_force(actor).await? {
            Some(rule) => {
                let signals = self.signals_from(actor, id, year, &[&rule], &dynamics, &audits, matrix.as_ref()).await?;
                Some(ranked(rule, year, &signals, DASHBOARD_WATCHLIST).0)
            }
            None => None,
        };
        Ok(MunicipalityDashboard {
            municipality,
            year,
            listed,
            listed_previous_year,
            lists: dynamics,
            audit: matrix,
            coverage: gaps,
            execution: progress.progress,
            indicators,
            watchlist,
        })
    }
}

/// What the roadmaps' coverage reads of an audit, taken from the matrix the dashboard has read
/// (its present findings and the audited schools the caller sees, which coverage is read as),
/// in the order the measures' repository reads it (by organization).
fn facts_of(matrix: &AuditMatrix) -> AuditFacts {
    let audit = &matrix.audit;
    let mut findings: Vec<_> = audit.findings.iter().filter(|f| f.present).collect();
    findings.sort_by_key(|f| f.organization_id);
    let mut population: Vec<OrganizationId> = matrix.organizations.iter().map(|o| o.id).collect();
    population.sort_unstable();
    AuditFacts {
        id: audit.id.as_uuid(),
        region_id: audit.region_id,
        municipality_id: audit.municipality_id,
        date: audit.date,
        catalogue_id: audit.catalogue_id.as_uuid(),
        parameters: matrix.catalogue.parameters.iter().map(|p| (p.code, p.name.to_string())).collect(),
        population,
        present: findings.iter().map(|f| (f.organization_id, f.parameter)).collect(),
    }
}
