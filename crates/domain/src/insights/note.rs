//! What the analytical note of a municipality states, for a span of years: the dashboard of its
//! last year, and the campaigns, programmes, signature, indicator series and measure
//! occurrences the note tells of. Its prose is written by the API.

use super::dashboard::MunicipalityDashboard;
use super::service::{HIGHLIGHTS, InsightsService};
use crate::indicators::{Series, SeriesSubject};
use crate::measures::{OccurrenceState, Programme, ProgressScope};
use crate::monitoring::Campaign;
use crate::notes::Signature;
use crate::schools::MunicipalityId;
use crate::{Actor, PageRequest, ServiceError, ValidationErrors};

/// The longest span a note covers.
const MAX_SPAN_YEARS: i32 = 20;

/// What a note is written from.
#[derive(Debug, Clone)]
pub struct NoteFacts {
    /// The dashboard of the span's last year.
    pub dashboard: MunicipalityDashboard,
    /// The region's name: two districts of the demo are both «Калининский район».
    pub region: String,
    pub schools: usize,
    /// The campaigns whose period meets the span.
    pub campaigns: Vec<Campaign>,
    pub signature: Option<Signature>,
    /// The highlighted indicators' series, for their charts.
    pub series: Vec<Series>,
    /// The programmes running in the span, oldest first.
    pub programmes: Vec<Programme>,
    /// Each occurrence of the measures of the roadmaps running in the last year.
    pub occurrences: Vec<OccurrenceState>,
}

impl InsightsService {
    pub async fn note_facts(
        &self,
        actor: &Actor,
        id: MunicipalityId,
        from: i32,
        to: i32,
    ) -> Result<NoteFacts, ServiceError> {
        if from > to || to - from > MAX_SPAN_YEARS {
            return Err(ValidationErrors::single("from", "invalid_period", "from ≤ to, at most 20 years").into());
        }
        let dashboard = self.municipality(actor, id, to).await?;
        let municipality = &dashboard.municipality;
        let schools = self
            .s
            .territory
            .resolution_candidates(actor, municipality)
            .await?
            .iter()
            .filter(|o| o.kind.is_school())
            .count();
        let mut campaigns = Vec::new();
        let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
        loop {
            let found = self.s.monitoring.campaigns(actor, Some(id), None, page).await?;
            campaigns.extend(found.items.into_iter().filter(|c| c.period_to >= from && c.period_from <= to));
            match found.next {
                Some(after) => page = PageRequest::parse(Some(i64::from(PageRequest::MAX_LIMIT)), Some(after))?,
                None => break,
            }
        }
        let signature = self.s.notes.signature(actor, id).await?;
        let region = self.s.territory.region(actor, municipality.region_id).await?.name.to_string();
        let codes: Vec<String> = HIGHLIGHTS.iter().map(|c| (*c).to_owned()).collect();
        let series = self.s.indicators.series(actor, SeriesSubject::Municipality(id), &codes).await?;
        let mut programmes = Vec::new();
        let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
        loop {
            let found = self.s.measures.programmes(actor, Some(id), page).await?;
            programmes.extend(found.items.into_iter().filter(|p| p.period.from() <= to && p.period.to() >= from));
            match found.next {
                Some(after) => page = PageRequest::parse(Some(i64::from(PageRequest::MAX_LIMIT)), Some(after))?,
                None => break,
            }
        }
        programmes.sort_by_key(|p| (p.period.from(), p.period.to()));
        let as_of = dashboard.execution.as_of;
        let occurrences = self
            .s
            .measures
            .progress(actor, ProgressScope::Municipality(id), as_of, Some(to))
            .await?
            .progress
            .occurrences;
        Ok(NoteFacts { dashboard, region, schools, campaigns, signature, series, programmes, occurrences })
    }
}
