//! Dashboards: one answer that composes what a portal shows for a municipality, from the
//! capabilities' own services, so that REST and GraphQL answer it alike and every figure is the
//! one the capability's own endpoint gives.

use std::collections::HashSet;

use chrono::{NaiveDate, Utc};
use opora_domain::factors::{Audit, AuditId, AuditMatrix, FactorsService};
use opora_domain::indicators::{IndicatorCode, SeriesSubject};
use opora_domain::lists::{ListDynamics, ListKind};
use opora_domain::measures::MunicipalExecution;
use opora_domain::measures::ports::AuditFacts;
use opora_domain::schools::{MunicipalityId, OrganizationId};
use opora_domain::warning::{RuleDraft, RuleSet, SchoolSignals, WatchEntry, compare, watchlist};
use opora_domain::{Actor, PageRequest, ServiceError};

mod cache;
pub(crate) mod charts;
pub(crate) use cache::Views;
pub(crate) mod document;
mod effectiveness;
mod execution_note;
mod note;
mod overview;

use crate::state::AppState;
use crate::views::{
    AuditPrevalenceView, DecisionView, DryRunView, ExecutionSummaryView, IndicatorHighlightView,
    MunicipalityDashboardView, NamedOrganizationView, RecommendationView, RoadmapGapsView, SchoolCardView,
    SchoolMeasureView, WatchlistView,
};

/// The indicators a municipality's dashboard highlights, when it has figures for them.
pub(crate) const HIGHLIGHTS: [&str; 8] = [
    "students",
    "teachers",
    "teaching_staff",
    "pd_completed",
    "retrained",
    "attested_first",
    "attested_highest",
    "extracurricular_5_9_share",
];

/// The places of the watchlist a dashboard shows.
const DASHBOARD_WATCHLIST: usize = 10;

/// The services a dashboard reads.
#[derive(Clone, Debug)]
pub(crate) struct Dashboards {
    reads: crate::state::Capabilities,
    views: std::sync::Arc<cache::Views>,
}

/// A watchlist's inputs for one municipality and year.
struct Signals {
    audit: Option<(AuditId, Option<AuditId>)>,
    schools: Vec<SchoolSignals>,
}

impl Dashboards {
    /// The dashboards over the read replica when one is configured, else over the primary.
    pub(crate) fn new(state: &AppState) -> Self {
        Self { reads: state.reads.clone(), views: state.views.clone() }
    }

    /// The schools of the municipality outside its list of `year`, with their risk profile at
    /// the latest audit up to the year's end, its change since the audit before, and the change
    /// of each indicator the rule sets weigh.
    async fn signals(
        &self,
        actor: &Actor,
        id: MunicipalityId,
        year: i32,
        rules: &[&RuleSet],
    ) -> Result<Signals, ServiceError> {
        let dynamics = self.reads.lists.dynamics(actor, id, ListKind::Shnor, None).await?;
        let end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default();
        let audits: Vec<Audit> = self.audits(actor, id).await?.into_iter().filter(|a| a.date <= end).collect();
        let matrix = match audits.last() {
            Some(latest) => Some(self.reads.factors.present_matrix(actor, latest.clone()).await?),
            None => None,
        };
        self.signals_from(actor, id, year, rules, &dynamics, &audits, matrix.as_ref()).await
    }

    /// [`Self::signals`] from the list dynamics, the audits up to the year's end and the latest
    /// one's matrix, when the caller has read them already (the dashboard has).
    #[allow(clippy::too_many_arguments, reason = "what the dashboard has read, passed on")]
    async fn signals_from(
        &self,
        actor: &Actor,
        id: MunicipalityId,
        year: i32,
        rules: &[&RuleSet],
        dynamics: &ListDynamics,
        audits: &[Audit],
        matrix: Option<&AuditMatrix>,
    ) -> Result<Signals, ServiceError> {
        // The rule sets hold codes of the catalogue.
        let mut codes: Vec<IndicatorCode> = rules
            .iter()
            .flat_map(|r| r.indicator_weights.iter().filter_map(|(c, _)| IndicatorCode::parse(c).ok()))
            .collect();
        codes.sort();
        codes.dedup();
        let mut changes: std::collections::HashMap<OrganizationId, Vec<(String, f64)>> =
            std::collections::HashMap::new();
        for (org, code, change) in self.reads.indicators.changes(actor, id, &codes).await? {
            changes.entry(org).or_default().push((code.as_str().to_owned(), change));
        }
        let listed: HashSet<OrganizationId> = dynamics
            .years
            .iter()
            .find(|l| l.year == year)
            .map(|l| l.organizations.iter().copied().collect())
            .unwrap_or_default();
        let (Some(latest), Some(matrix)) = (audits.last(), matrix) else {
            return Ok(Signals { audit: None, schools: Vec::new() });
        };
        let previous = audits.len().checked_sub(2).and_then(|i| audits.get(i)).map(|a| a.id);
        let diff = match previous {
            Some(p) => self.reads.factors.diff(actor, p, latest.id).await?,
            None => Vec::new(),
        };
        let presence = matrix.audit.presence();
        let diff: std::collections::HashMap<OrganizationId, _> =
            diff.into_iter().map(|d| (d.organization, d)).collect();
        let schools = matrix
            .organizations
            .iter()
            .filter(|o| !listed.contains(&o.id))
            .map(|o| {
                let mut by_factor: Vec<(u16, u32)> = Vec::new();
                for code in presence.present(o.id) {
                    match by_factor.iter_mut().find(|(f, _)| *f == code.factor()) {
                        Some((_, n)) => *n += 1,
                        None => by_factor.push((code.factor(), 1)),
                    }
                }
                let change = diff.get(&o.id);
                let count = |v: Option<usize>| u32::try_from(v.unwrap_or(0)).unwrap_or(u32::MAX);
                SchoolSignals {
                    organization: o.id,
                    name: o.name.to_string(),
                    present_by_factor: by_factor,
                    appeared: count(change.map(|c| c.appeared.len())),
                    resolved: count(change.map(|c| c.resolved.len())),
                    indicator_changes: changes.get(&o.id).cloned().unwrap_or_default(),
                }
            })
            .collect();
        Ok(Signals { audit: Some((latest.id, previous)), schools })
    }

    fn ranked(rule: &RuleSet, year: i32, signals: &Signals, top: usize) -> (WatchlistView, Vec<WatchEntry>) {
        let entries = watchlist(rule, &signals.schools);
        let view = WatchlistView {
            rule_set: rule.into(),
            year,
            audit_id: signals.audit.map(|(a, _)| a.as_uuid()),
            previous_audit_id: signals.audit.and_then(|(_, p)| p).map(|p| p.as_uuid()),
            entries: entries.iter().take(top).map(Into::into).collect(),
        };
        (view, entries)
    }

    /// The municipality's watchlist under the rule set in force.
    pub(crate) async fn watchlist(
        &self,
        actor: &Actor,
        id: MunicipalityId,
        year: i32,
        top: usize,
    ) -> Result<WatchlistView, ServiceError> {
        valid_year(year)?;
        let rule = self.reads.warning.in_force(actor).await?.ok_or_else(|| {
            ServiceError::Conflict(
                "no watchlist rule set is published; publish one with POST /api/v1/watch-rules".into(),
            )
        })?;
        let signals = self.signals(actor, id, year, &[&rule]).await?;
        Ok(Self::ranked(&rule, year, &signals, top).0)
    }

    /// Which schools would enter or leave the first `top` places under `draft`.
    pub(crate) async fn dry_run(
        &self,
        actor: &Actor,
        id: MunicipalityId,
        year: i32,
        top: usize,
        draft: &RuleDraft,
    ) -> Result<DryRunView, ServiceError> {
        valid_year(year)?;
        let proposed_rule = self.reads.warning.check(actor, draft).await?;
        let current_rule = self.reads.warning.in_force(actor).await?;
        let weighed: Vec<_> = current_rule.iter().chain([&proposed_rule]).collect();
        let signals = self.signals(actor, id, year, &weighed).await?;
        let (proposed, proposed_entries) = Self::ranked(&proposed_rule, year, &signals, top);
        let current = current_rule.map(|rule| Self::ranked(&rule, year, &signals, top));
        let (entering, leaving) = match &current {
            Some((_, entries)) => compare(entries, &proposed_entries, top),
            None => (proposed_entries.iter().take(top).map(|e| e.organization).collect(), Vec::new()),
        };
        let named = |ids: Vec<OrganizationId>| {
            ids.into_iter()
                .map(|o| NamedOrganizationView {
                    id: o.as_uuid(),
                    name: signals
                        .schools
                        .iter()
                        .find(|s| s.organization == o)
                        .map(|s| s.name.clone())
                        .unwrap_or_default(),
                })
                .collect()
        };
        Ok(DryRunView {
            current: current.map(|(v, _)| v),
            proposed,
            entering: named(entering),
            leaving: named(leaving),
        })
    }

    /// Every audit of the municipality, oldest first; a municipality the caller may not read
    /// does not exist for it.
    async fn audits(&self, actor: &Actor, municipality: MunicipalityId) -> Result<Vec<Audit>, ServiceError> {
        self.reads.territory.municipality_kept(actor, municipality).await?;
        let mut all = Vec::new();
        let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
        loop {
            let found = self.reads.factors.audits(actor, Some(municipality), None, page).await?;
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
        let organization = self.reads.territory.organization(actor, id).await?;
        let history: Vec<DecisionView> = self.reads.lists.history(actor, id).await?.iter().map(Into::into).collect();
        let codes: Vec<String> = HIGHLIGHTS.iter().map(|c| (*c).to_owned()).collect();
        let series = self.reads.indicators.series(actor, SeriesSubject::Organization(id), &codes).await?;
        let indicators = series.into_iter().filter(|s| !s.points.is_empty()).map(Into::into).collect();
        let mut card = SchoolCardView {
            risk_profile: None,
            changes_since_previous_audit: None,
            list_history: history,
            measures: Vec::new(),
            measure_count: 0,
            execution: None,
            indicators,
            recommendations: Vec::new(),
            recommendation_count: 0,
            organization: organization.clone().into(),
        };
        if organization.municipality_id.is_none() {
            return Ok(card);
        }
        // The two latest audits that covered the school, each with the school's findings only.
        let mut covering = self.reads.factors.audits_of_school(actor, &organization, 2).await?.into_iter();
        if let Some(latest) = covering.next() {
            if let Some(previous) = covering.next() {
                card.changes_since_previous_audit = FactorsService::school_diff(&previous, &latest, id).map(Into::into);
            }
            card.risk_profile = Some(self.reads.factors.profile_from(latest, organization).await?.into());
        }
        let today = Utc::now().date_naive();
        let execution = self.reads.measures.at_school(actor, id, today).await?;
        for (roadmap, positions) in &execution.reaching {
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
        card.execution = execution.tally.map(Into::into);
        card.recommendations = self
            .reads
            .monitoring
            .addressed_to(actor, id)
            .await?
            .iter()
            .map(|r| RecommendationView::new(r, None))
            .collect();
        card.measure_count = i32::try_from(card.measures.len()).unwrap_or(i32::MAX);
        card.recommendation_count = i32::try_from(card.recommendations.len()).unwrap_or(i32::MAX);
        Ok(card)
    }

    /// Who may see the dashboard is checked, then its key in memory and its entity tag are
    /// derived from the region's data version: nothing else is read.
    pub(crate) async fn municipality_tag(
        &self,
        actor: &Actor,
        id: MunicipalityId,
        year: i32,
    ) -> Result<(cache::Key, String), ServiceError> {
        valid_year(year)?;
        let m = self.reads.territory.municipality_kept(actor, id).await?;
        let version = self.reads.access.data_version(m.region_id).await?;
        Ok(cache::tag(id, year, actor, &version))
    }

    /// The dashboard [`Self::municipality_tag`] tagged: from memory while the region's data is
    /// unchanged, unless the caller asks for it `fresh`.
    pub(crate) async fn municipality_tagged(
        &self,
        actor: &Actor,
        id: MunicipalityId,
        year: i32,
        (key, etag): (cache::Key, String),
        fresh: bool,
    ) -> Result<std::sync::Arc<MunicipalityDashboardView>, ServiceError> {
        if let Some(view) = self.views.dashboards.get(&key, &etag).filter(|_| !fresh) {
            return Ok(view);
        }
        let view = std::sync::Arc::new(self.municipality(actor, id, year).await?);
        self.views.dashboards.put(key, etag, view.clone());
        Ok(view)
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
        valid_year(year)?;
        let municipality = self.reads.territory.municipality(actor, id).await?;
        // Its organizations, read at once: the lists name them, the matrix and the coverage
        // show them, and each then finds them in the request's memo.
        self.reads.territory.resolution_candidates(actor, &municipality).await?;
        let dynamics = self.reads.lists.dynamics(actor, id, ListKind::Shnor, None).await?;
        let count = |y: i32| dynamics.years.iter().find(|l| l.year == y).map(|l| l.organizations.len());
        let (listed, listed_before) = (count(year), count(year - 1));

        // The audits up to the end of the year, and the latest one's matrix: the prevalence and
        // the watchlist below are read from them.
        let end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default();
        let audits: Vec<Audit> = self.audits(actor, id).await?.into_iter().filter(|a| a.date <= end).collect();
        let matrix = match audits.last() {
            Some(a) => Some(self.reads.factors.present_matrix(actor, a.clone()).await?),
            None => None,
        };

        let today = Utc::now().date_naive();
        let as_of = today.min(end.succ_opt().unwrap_or(end));
        let known = matrix.as_ref().map(facts_of);
        let MunicipalExecution { gaps, progress } =
            self.reads.measures.of_municipality(actor, id, year, as_of, known).await?;
        let coverage = gaps.into_iter().map(RoadmapGapsView::from).collect();
        let execution = ExecutionSummaryView::new(&progress.progress);

        let codes: Vec<String> = HIGHLIGHTS.iter().map(|c| (*c).to_owned()).collect();
        let series = self.reads.indicators.series(actor, SeriesSubject::Municipality(id), &codes).await?;
        let indicators = series.iter().filter_map(|s| IndicatorHighlightView::of(s, year)).collect();
        let watchlist = match self.reads.warning.in_force(actor).await? {
            Some(rule) => {
                let signals = self.signals_from(actor, id, year, &[&rule], &dynamics, &audits, matrix.as_ref()).await?;
                Some(Self::ranked(&rule, year, &signals, DASHBOARD_WATCHLIST).0)
            }
            None => None,
        };
        let audit = matrix.map(AuditPrevalenceView::from);

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
            watchlist,
        })
    }
}

/// The years a dashboard or an overview answers for.
fn valid_year(year: i32) -> Result<(), ServiceError> {
    opora_domain::Year::given_or("year", Some(year), year)?;
    Ok(())
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
