//! What a school's card, a municipality's dashboard and a region's overview show of the
//! roadmaps, each read in one pass: the roadmaps once, the schools once, each audit once, the
//! reports once, and only what the view shows. Composing the single-roadmap use cases instead
//! would read the municipality's roadmaps once per roadmap.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::coverage::{RoadmapGaps, gaps};
use super::execution::Tally;
use super::model::{Roadmap, RoadmapId};
use super::ports::{AuditCodes, AuditFacts};
use super::progress::{RoadmapScope, progress};
use super::reports::ProgressRead;
use super::service::MeasuresService;
use crate::access::{Actor, Target};
use crate::core::error::ServiceError;
use crate::schools::{MunicipalityId, OrganizationId, RegionId};

type Result<T> = std::result::Result<T, ServiceError>;

/// What reaches one school: the roadmaps with the positions of their measures that reach it, and
/// the execution of those measures at the school.
#[derive(Debug, Clone, Default)]
pub struct SchoolExecution {
    pub reaching: Vec<(Roadmap, Vec<u16>)>,
    pub tally: Option<Tally>,
}

/// A municipality's roadmaps in a year: the gaps of the coverage of each that answers an audit,
/// in roadmap order, and their execution as of a day within the year.
#[derive(Debug, Clone)]
pub struct MunicipalExecution {
    pub gaps: Vec<RoadmapGaps>,
    pub progress: ProgressRead,
}

impl MeasuresService {
    /// The measures of the roadmaps of its municipality that reach the organization, and their
    /// execution at it as of `as_of`. Only the roadmaps that reach it and the reports on them
    /// are read: a school's card does not cost its municipality's execution.
    pub async fn at_school(
        &self,
        actor: &Actor,
        organization: OrganizationId,
        as_of: NaiveDate,
    ) -> Result<SchoolExecution> {
        let o = self.territory.organization(actor, organization).await?;
        let Some(municipality) = o.municipality_id else { return Ok(SchoolExecution::default()) };
        // The school's own ids say whose data it is: its municipality need not be read.
        actor
            .may_read(Target::MunicipalData { region: o.region_id, municipality })
            .map_err(ServiceError::denied("organization", organization))?;
        let territory: HashSet<OrganizationId> =
            if o.kind.is_school() { HashSet::from([o.id]) } else { HashSet::new() };
        let reaching: Vec<(Roadmap, Vec<u16>)> = self
            .repo
            .full_roadmaps(None, Some(municipality))
            .await?
            .into_iter()
            .filter_map(|r| {
                let positions: Vec<u16> =
                    r.measures.iter().filter(|m| m.reaches(o.id, &territory)).map(|m| m.position).collect();
                (!positions.is_empty()).then_some((r, positions))
            })
            .collect();
        if reaching.is_empty() {
            return Ok(SchoolExecution::default());
        }
        // The school's tally depends on its own occurrences only, so the roadmaps are read with
        // the school as their whole territory and without the audit's codes (those only split
        // the tally by parameter).
        let scopes: Vec<RoadmapScope> = reaching
            .iter()
            .map(|(roadmap, _)| RoadmapScope {
                roadmap: roadmap.clone(),
                territory: territory.clone(),
                catalogue: Vec::new(),
                found: Vec::new(),
            })
            .collect();
        let ids: Vec<RoadmapId> = reaching.iter().map(|(r, _)| r.id).collect();
        let reports = self.repo.reports(&ids).await?;
        let tally =
            progress(&scopes, &reports, as_of, None).schools.into_iter().find(|(s, _)| *s == o.id).map(|(_, t)| t);
        Ok(SchoolExecution { reaching, tally })
    }

    /// The municipality's roadmaps in force in `year`: the gaps of the coverage of each that
    /// answers an audit, and their execution as of `as_of`. Equals the gaps of
    /// [`Self::coverage`] of each such roadmap and [`Self::progress`] of the municipality in that
    /// year. `known` holds facts of audits the caller has already read (a dashboard reads the
    /// latest audit's matrix); any other audit a roadmap answers is read here.
    pub async fn of_municipality(
        &self,
        actor: &Actor,
        id: MunicipalityId,
        year: i32,
        as_of: NaiveDate,
        known: Option<AuditFacts>,
    ) -> Result<MunicipalExecution> {
        let municipality = self.territory.municipality(actor, id).await?;
        actor
            .may_read(Target::MunicipalData { region: municipality.region_id, municipality: id })
            .map_err(ServiceError::denied("municipality", id))?;
        let roadmaps: Vec<Roadmap> =
            self.repo.full_roadmaps(None, Some(id)).await?.into_iter().filter(|r| r.period.contains(year)).collect();
        let candidates = self.territory.resolution_candidates(&Actor::system(), &municipality).await?;
        let names: Vec<(OrganizationId, String)> = candidates.iter().map(|o| (o.id, o.name.to_string())).collect();
        let schools: HashSet<OrganizationId> =
            candidates.iter().filter(|o| o.kind.is_school() && o.municipality_id == Some(id)).map(|o| o.id).collect();

        let mut audits: Vec<uuid::Uuid> = roadmaps.iter().filter_map(|r| r.audit_id).collect();
        audits.sort_unstable();
        audits.dedup();
        let mut facts: HashMap<uuid::Uuid, AuditFacts> = HashMap::new();
        if let Some(f) = known.filter(|f| f.municipality_id == id && audits.contains(&f.id)) {
            facts.insert(f.id, f);
        }
        let unread: Vec<uuid::Uuid> = audits.into_iter().filter(|a| !facts.contains_key(a)).collect();
        for audit in unread {
            if let Some(f) = self.repo.audit_facts(audit).await? {
                facts.insert(audit, f);
            }
        }

        let mut gaps_of = Vec::new();
        for roadmap in &roadmaps {
            // A roadmap whose audit was withdrawn has no gaps to show: nothing is held to
            // measure it against.
            let Some(f) = roadmap.audit_id.and_then(|audit| facts.get(&audit)) else { continue };
            gaps_of.push(gaps(roadmap, f));
        }

        let scopes: Vec<RoadmapScope> = roadmaps
            .into_iter()
            .map(|roadmap| {
                let AuditCodes { catalogue, found } =
                    roadmap.audit_id.and_then(|a| facts.get(&a)).map(codes_of).unwrap_or_default();
                RoadmapScope { roadmap, territory: schools.clone(), catalogue, found }
            })
            .collect();
        let ids: Vec<RoadmapId> = scopes.iter().map(|s| s.roadmap.id).collect();
        let reports = self.repo.reports(&ids).await?;
        let progress = progress(&scopes, &reports, as_of, Some(year));
        Ok(MunicipalExecution { gaps: gaps_of, progress: ProgressRead { progress, names } })
    }

    /// Per municipality of the region the caller may read: how many of its roadmaps are in force
    /// in `year`, and the execution of their measures as a whole as of `as_of`. Equals what
    /// [`Self::progress`] of the region counts per municipality; the split per school and per
    /// parameter is not computed, so neither the schools nor the audits are read.
    pub async fn by_municipality(
        &self,
        actor: &Actor,
        region: RegionId,
        year: i32,
        as_of: NaiveDate,
    ) -> Result<Vec<(MunicipalityId, usize, Tally)>> {
        self.territory.region(actor, region).await?;
        let scopes: Vec<RoadmapScope> = self
            .repo
            .full_roadmaps(Some(region), None)
            .await?
            .into_iter()
            .filter(|r| r.period.contains(year))
            .filter(|r| {
                actor.may_read(Target::MunicipalData { region: r.region_id, municipality: r.municipality_id }).is_ok()
            })
            .map(|roadmap| RoadmapScope {
                roadmap,
                territory: HashSet::new(),
                catalogue: Vec::new(),
                found: Vec::new(),
            })
            .collect();
        let ids: Vec<RoadmapId> = scopes.iter().map(|s| s.roadmap.id).collect();
        let reports = self.repo.reports(&ids).await?;
        let progress = progress(&scopes, &reports, as_of, Some(year));
        let mut roadmaps: HashMap<MunicipalityId, usize> = HashMap::new();
        for (_, m) in &progress.roadmap_municipalities {
            *roadmaps.entry(*m).or_default() += 1;
        }
        Ok(progress
            .municipalities
            .into_iter()
            .map(|(m, tally)| (m, roadmaps.get(&m).copied().unwrap_or_default(), tally))
            .collect())
    }
}

/// The catalogue and the parameters found present, as [`super::ports::MeasuresRepository::audit_codes`]
/// reads them.
fn codes_of(facts: &AuditFacts) -> AuditCodes {
    let mut found: Vec<_> = facts.present.iter().map(|(_, c)| *c).collect();
    found.sort_unstable();
    found.dedup();
    AuditCodes { catalogue: facts.parameters.iter().map(|(c, _)| *c).collect(), found }
}
