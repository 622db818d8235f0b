//! Programme and roadmap use cases: recording programmes, importing roadmaps as written, and
//! their coverage of the audit they answer.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::coverage::{Coverage, coverage};
use super::doubts::doubts;
use super::heading::{read_heading, roadmap_approval, roadmap_title};
use super::model::{Measure, Party, Programme, ProgrammeId, ProgrammeStatus, Reach, Roadmap, RoadmapId};
use super::parties::{PartyColumn, read_parties};
use super::ports::{AuditFacts, MeasuresRepository};
use super::table::read_roadmap_table;
use crate::access::{Actor, Kept, Target, Write};
use crate::audit::{AuditEvent, AuditValue, Audited};
use crate::core::document::SourceDocument;
use crate::core::error::ServiceError;
use crate::core::import::Issue;
use crate::core::page::{Page, PageRequest};
use crate::core::period::Period;
use crate::core::validation::ValidationErrors;
use crate::schools::{
    Candidates, Municipality, MunicipalityId, Name, OrganizationId, RegionId, TerritoryService, organization_target,
};

type Result<T> = std::result::Result<T, ServiceError>;

impl Audited for Programme {
    const ENTITY: &'static str = "programme";

    fn entity_id(&self) -> uuid::Uuid {
        self.id.as_uuid()
    }

    fn place(&self) -> (Option<RegionId>, Option<MunicipalityId>) {
        (Some(self.region_id), Some(self.municipality_id))
    }

    fn audit_fields(&self) -> Vec<(&'static str, AuditValue)> {
        vec![
            ("title", AuditValue::Text(self.title.clone())),
            ("period", AuditValue::Text(self.period.to_string())),
            ("status", AuditValue::text(self.status.map(ProgrammeStatus::code))),
            ("tasks", AuditValue::Integer(self.tasks.len() as i64)),
            ("supersedes", AuditValue::text(self.supersedes.as_ref())),
            ("approval", AuditValue::text(self.approval.as_ref().and_then(|a| a.number.as_ref()))),
        ]
    }
}

impl Audited for Roadmap {
    const ENTITY: &'static str = "roadmap";

    fn entity_id(&self) -> uuid::Uuid {
        self.id.as_uuid()
    }

    fn place(&self) -> (Option<RegionId>, Option<MunicipalityId>) {
        (Some(self.region_id), Some(self.municipality_id))
    }

    fn audit_fields(&self) -> Vec<(&'static str, AuditValue)> {
        vec![
            ("title", AuditValue::Text(self.title.clone())),
            ("period", AuditValue::Text(self.period.to_string())),
            ("audit", AuditValue::text(self.audit_id.as_ref())),
            ("measures", AuditValue::Integer(self.measures.len() as i64)),
            ("supersedes", AuditValue::text(self.versioning.supersedes.as_ref())),
            ("supersededBy", AuditValue::text(self.versioning.superseded_by.as_ref())),
            ("withdrawal", AuditValue::text(self.versioning.withdrawal.as_ref())),
        ]
    }
}

/// A programme as a client states it.
#[derive(Debug, Clone)]
pub struct ProgrammeDraft {
    pub municipality: MunicipalityId,
    pub owner: Option<OrganizationId>,
    pub title: String,
    pub period_from: i32,
    pub period_to: i32,
    pub goal: Option<String>,
    pub tasks: Vec<String>,
    pub approval: Option<SourceDocument>,
    /// draft, approved or finished; none when not stated.
    pub status: Option<String>,
    pub supersedes: Option<ProgrammeId>,
}

/// A roadmap table to import.
#[derive(Debug, Clone)]
pub struct RoadmapImport {
    pub municipality: MunicipalityId,
    pub owner: Option<OrganizationId>,
    pub programme: Option<ProgrammeId>,
    /// The audit it answers.
    pub audit: Option<uuid::Uuid>,
    pub title: Option<String>,
    pub period: Period,
    pub approval: Option<SourceDocument>,
    /// The paragraphs above the table in a Word document: its title and approving order.
    pub preamble: Vec<String>,
    /// The uploaded file's name, a title of last resort.
    pub file_name: Option<String>,
    pub rows: Vec<Vec<String>>,
    pub first_row: u32,
    pub dry_run: bool,
    /// The version this table corrects, named explicitly; without it, the current version of
    /// the same document (owner and period) is replaced.
    pub replaces: Option<RoadmapId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoadmapOutcome {
    Imported,
    /// The same roadmap was imported before; nothing was created.
    AlreadyImported,
    Checked,
}

#[derive(Debug, Clone)]
pub struct RoadmapImportReport {
    pub outcome: RoadmapOutcome,
    pub roadmap: Roadmap,
    pub warnings: Vec<Issue>,
    /// The names of the organizations its measures name: what the reading shows them by.
    pub names: Vec<(OrganizationId, String)>,
}

/// A roadmap with the names of the organizations its measures name.
#[derive(Debug, Clone)]
pub struct RoadmapRead {
    pub roadmap: Roadmap,
    pub names: Vec<(OrganizationId, String)>,
    /// The recommendations that became its measures, as (position, recommendation id).
    pub recommendations: Vec<(u16, uuid::Uuid)>,
}

#[derive(Clone)]
pub struct MeasuresService {
    pub(super) repo: Arc<dyn MeasuresRepository>,
    pub(super) territory: TerritoryService,
}

impl std::fmt::Debug for MeasuresService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MeasuresService").finish_non_exhaustive()
    }
}

fn target(m: &Municipality) -> Target {
    Target::MunicipalData { region: m.region_id, municipality: m.id }
}

/// A measure from its row as read: its parties resolved against the registry, and what doubts
/// the reading leaves.
pub(super) fn assemble_measure(
    m: &super::table::TableMeasure,
    position: u16,
    table: &super::table::RoadmapTable,
    registry: &Candidates<'_>,
    municipality: MunicipalityId,
    catalogue: Option<&[crate::core::code::ParameterCode]>,
    reach: &Reach,
) -> (Measure, Vec<Issue>) {
    let venues =
        m.venues.as_deref().map(|v| read_parties(v, PartyColumn::Venue, registry, municipality)).unwrap_or_default();
    let responsible = m
        .responsible
        .as_deref()
        .map(|r| read_parties(r, PartyColumn::Responsible, registry, municipality))
        .unwrap_or_default();
    let issues = doubts(m, table, catalogue, &venues, &responsible);
    let measure = Measure {
        position,
        number: m.number.clone(),
        direction: m.direction.clone(),
        title: m.title.clone(),
        form: m.form.clone(),
        targets_text: m.targets_text.clone(),
        targets: m.targets.clone(),
        audience: m.audience.clone(),
        venues_text: m.venues.clone(),
        venues,
        schedule: m.schedule.clone(),
        responsible_text: m.responsible.clone(),
        responsible,
        reach: reach.clone(),
        source_rows: m.rows.clone(),
    };
    (measure, issues)
}

impl MeasuresService {
    /// Tasks a programme may list: seeds show 5 and 7.
    pub const MAX_TASKS: usize = 50;

    pub fn new(repo: Arc<dyn MeasuresRepository>, territory: TerritoryService) -> Self {
        Self { repo, territory }
    }

    pub(super) async fn writable(
        &self,
        actor: &Actor,
        municipality: MunicipalityId,
        write: Write,
    ) -> Result<Municipality> {
        let municipality = self.territory.municipality(actor, municipality).await?;
        actor.may_write(write, target(&municipality)).map_err(ServiceError::denied("municipality", municipality.id))?;
        Ok(municipality)
    }

    pub(super) async fn readable(
        &self,
        actor: &Actor,
        municipality: MunicipalityId,
        entity: &'static str,
        id: uuid::Uuid,
    ) -> Result<Municipality> {
        let municipality = self.territory.municipality(actor, municipality).await.map_err(|e| match e {
            ServiceError::NotFound { .. } => ServiceError::not_found(entity, id),
            other => other,
        })?;
        actor.may_read(target(&municipality)).map_err(ServiceError::denied(entity, id))?;
        Ok(municipality)
    }

    /// Checks that an owner organization belongs to the municipality.
    async fn owner(
        &self,
        actor: &Actor,
        municipality: &Municipality,
        owner: Option<OrganizationId>,
        errors: &mut ValidationErrors,
    ) -> Result<()> {
        if let Some(owner) = owner {
            match self.territory.organization(actor, owner).await {
                Ok(o) if o.municipality_id == Some(municipality.id) => {}
                Ok(_) | Err(ServiceError::NotFound { .. }) => {
                    errors.push(
                        "ownerId",
                        "unknown_reference",
                        format!("no organization {owner} in {}", municipality.name),
                    );
                }
                Err(other) => return Err(other),
            }
        }
        Ok(())
    }

    pub async fn create_programme(&self, actor: &Actor, draft: ProgrammeDraft) -> Result<Programme> {
        let municipality = self.writable(actor, draft.municipality, Write::Create).await?;
        let mut errors = ValidationErrors::new();
        let title = errors.check("title", Name::parse(&draft.title)).map(|n| n.to_string());
        let period = errors.check("periodTo", Period::new(draft.period_from, draft.period_to));
        let goal = draft.goal.as_deref().and_then(|g| errors.long_text("goal", g));
        if draft.tasks.len() > Self::MAX_TASKS {
            errors.push("tasks", "too_long", format!("lists more than {} tasks", Self::MAX_TASKS));
        }
        let tasks: Vec<String> = draft
            .tasks
            .iter()
            .take(Self::MAX_TASKS)
            .enumerate()
            .filter_map(|(i, t)| errors.long_text(&format!("tasks[{i}]"), t))
            .collect();
        let status = match draft.status.as_deref().map(|s| (s, ProgrammeStatus::from_code(s))) {
            None => Some(None),
            Some((_, Some(ProgrammeStatus::Superseded))) => {
                errors.push(
                    "status",
                    "invalid_format",
                    "a programme becomes superseded when its successor is approved",
                );
                None
            }
            Some((_, Some(status))) => Some(Some(status)),
            Some((text, None)) => {
                errors.push(
                    "status",
                    "invalid_format",
                    format!("'{}' is not draft, approved or finished", crate::text::excerpt(text, 40)),
                );
                None
            }
        };
        self.owner(actor, &municipality, draft.owner, &mut errors).await?;
        if let Some(previous) = draft.supersedes {
            match self.repo.programme(previous).await? {
                Some(p) if p.municipality_id == municipality.id => {}
                _ => errors.push(
                    "supersedes",
                    "unknown_reference",
                    format!("no programme {previous} in {}", municipality.name),
                ),
            }
        }
        let (Some(title), Some(period), Some(status)) = (title, period, status) else {
            return Err(errors.into());
        };
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let programme = Programme {
            id: ProgrammeId::generate(),
            region_id: municipality.region_id,
            municipality_id: municipality.id,
            owner_id: draft.owner,
            title,
            period,
            goal,
            tasks,
            approval: draft.approval,
            status,
            supersedes: draft.supersedes,
            superseded_by: None,
            recorded_at: crate::core::clock::now(),
        };
        let supersede = draft.supersedes.filter(|_| status == Some(ProgrammeStatus::Approved));
        let event = AuditEvent::created(actor, &programme);
        self.repo.insert_programme(&programme, supersede, &[event]).await?;
        Ok(programme)
    }

    pub async fn programme(&self, actor: &Actor, id: ProgrammeId) -> Result<Programme> {
        let programme = self.repo.programme(id).await?.ok_or_else(|| ServiceError::not_found("programme", id))?;
        self.readable(actor, programme.municipality_id, "programme", id.as_uuid()).await?;
        Ok(programme)
    }

    pub async fn programmes(
        &self,
        actor: &Actor,
        municipality: Option<MunicipalityId>,
        page: PageRequest,
    ) -> Result<Page<Programme>> {
        let reach = actor.reach_of(Kept::MunicipalData).map_err(ServiceError::denied("programme", "list"))?;
        Ok(self.repo.programmes(&reach, municipality, page).await?)
    }

    /// The current roadmaps, or those current at `as_of`.
    pub async fn roadmaps(
        &self,
        actor: &Actor,
        municipality: Option<MunicipalityId>,
        as_of: Option<DateTime<Utc>>,
        page: PageRequest,
    ) -> Result<Page<Roadmap>> {
        let reach = actor.reach_of(Kept::MunicipalData).map_err(ServiceError::denied("roadmap", "list"))?;
        Ok(self.repo.roadmaps(&reach, municipality, as_of, page).await?)
    }

    pub async fn roadmap(&self, actor: &Actor, id: RoadmapId) -> Result<RoadmapRead> {
        let roadmap = self.repo.roadmap(id).await?.ok_or_else(|| ServiceError::not_found("roadmap", id))?;
        let municipality = self.readable(actor, roadmap.municipality_id, "roadmap", id.as_uuid()).await?;
        let names = self.names(actor, &municipality).await?;
        let recommendations = self.repo.measure_recommendations(id).await?;
        Ok(RoadmapRead { roadmap, names, recommendations })
    }

    pub(super) async fn names(
        &self,
        actor: &Actor,
        municipality: &Municipality,
    ) -> Result<Vec<(OrganizationId, String)>> {
        let candidates = self.territory.resolution_candidates(actor, municipality).await?;
        Ok(candidates.into_iter().map(|o| (o.id, o.name.to_string())).collect())
    }

    /// The roadmap against the audit it answers.
    pub async fn coverage(&self, actor: &Actor, id: RoadmapId) -> Result<Coverage> {
        let roadmap = self.repo.roadmap(id).await?.ok_or_else(|| ServiceError::not_found("roadmap", id))?;
        let municipality = self.readable(actor, roadmap.municipality_id, "roadmap", id.as_uuid()).await?;
        let Some(audit) = roadmap.audit_id else {
            return Err(ServiceError::Conflict(format!(
                "roadmap {id} names no audit it answers; import it with auditId to see its coverage"
            )));
        };
        let facts = self.repo.audit_facts(audit).await?.ok_or_else(|| {
            ServiceError::Conflict(format!(
                "the audit roadmap {id} answers ({audit}) was withdrawn: no coverage is computed"
            ))
        })?;
        let candidates = self.territory.resolution_candidates(actor, &municipality).await?;
        let territory: HashSet<OrganizationId> =
            candidates.iter().filter(|o| o.municipality_id == Some(municipality.id)).map(|o| o.id).collect();
        let findings: HashSet<OrganizationId> = candidates
            .iter()
            .filter(|o| actor.may_read_findings(organization_target(o)).is_ok())
            .map(|o| o.id)
            .collect();
        let names = candidates.into_iter().map(|o| (o.id, o.name.to_string())).collect();
        Ok(coverage(roadmap, facts, &territory, names).only_for(&findings))
    }

    /// Whether the caller may import a roadmap for the municipality: decided before the upload
    /// is read.
    pub async fn may_import(&self, actor: &Actor, municipality: MunicipalityId) -> Result<Municipality> {
        self.writable(actor, municipality, Write::Create).await
    }

    /// Imports a roadmap table: every cell must read, or nothing is recorded.
    pub async fn import_roadmap(&self, actor: &Actor, import: RoadmapImport) -> Result<RoadmapImportReport> {
        let municipality = self.may_import(actor, import.municipality).await?;
        let mut invalid = ValidationErrors::new();
        self.owner(actor, &municipality, import.owner, &mut invalid).await?;
        if let Some(programme) = import.programme {
            match self.repo.programme(programme).await? {
                Some(p) if p.municipality_id == municipality.id => {}
                _ => invalid.push(
                    "programmeId",
                    "unknown_reference",
                    format!("no programme {programme} in {}", municipality.name),
                ),
            }
        }
        let facts: Option<AuditFacts> = match import.audit {
            None => None,
            Some(audit) => match self.repo.audit_facts(audit).await? {
                Some(f) if f.municipality_id == municipality.id => Some(f),
                _ => {
                    invalid.push("auditId", "unknown_reference", format!("no audit {audit} of {}", municipality.name));
                    None
                }
            },
        };
        let requested_title = import.title.as_deref().and_then(|t| invalid.check("title", Name::parse(t)));
        if !invalid.is_empty() {
            return Err(invalid.into());
        }

        let mut period = import.period;
        let mut table = read_roadmap_table(&import.rows, import.first_row, period);
        let lines: Vec<String> = import.preamble.iter().chain(&table.preamble).cloned().collect();
        let heading = read_heading(&lines);
        // «на 2024/2025 учебный год» over the period 2024–2025: months without a year fall in
        // September–August.
        if let Some(year) = heading.school_year
            && !period.is_school_year()
            && (period.from(), period.to()) == (year, year + 1)
            && let Ok(school_year) = Period::school_year(year)
        {
            period = school_year;
            table = read_roadmap_table(&import.rows, import.first_row, period);
        }
        let (errors, mut warnings) = (table.errors.clone(), table.warnings.clone());
        let (title, title_source) =
            roadmap_title(requested_title, &heading, import.file_name.as_deref(), &municipality, period, &mut warnings);
        let approval = roadmap_approval(import.approval.clone(), heading.approval.clone(), &mut warnings);
        let candidates = self.territory.resolution_candidates(actor, &municipality).await?;
        let school_owner = match import.owner {
            Some(owner) => candidates.iter().find(|o| o.id == owner).filter(|o| o.kind.is_school()).map(|o| o.id),
            None => None,
        };
        let catalogue: Option<Vec<_>> = facts.as_ref().map(|f| f.parameters.iter().map(|(c, _)| *c).collect());
        let registry = Candidates::new(&candidates);
        let reach = school_owner.map_or(Reach::Territory, |s| Reach::Organizations(vec![s]));
        let mut measures = Vec::new();
        for (index, m) in table.measures.iter().enumerate() {
            let position = u16::try_from(index + 1).unwrap_or(u16::MAX);
            let measure =
                assemble_measure(m, position, &table, &registry, municipality.id, catalogue.as_deref(), &reach);
            warnings.extend(measure.1);
            measures.push(measure.0);
        }
        if !errors.is_empty() {
            return Err(ServiceError::rejected(errors, warnings));
        }
        warnings.sort_by(|a, b| (a.row, &a.column).cmp(&(b.row, &b.column)));
        let roadmap = Roadmap {
            id: RoadmapId::generate(),
            region_id: municipality.region_id,
            municipality_id: municipality.id,
            owner_id: import.owner,
            programme_id: import.programme,
            title,
            title_source: Some(title_source),
            period,
            approval,
            audit_id: facts.as_ref().map(|f| f.id),
            catalogue_id: facts.as_ref().map(|f| f.catalogue_id),
            measures,
            recorded_at: crate::core::clock::now(),
            versioning: Default::default(),
        };
        let named: HashSet<OrganizationId> = roadmap
            .measures
            .iter()
            .flat_map(|m| m.venues.iter().chain(&m.responsible))
            .filter_map(|p| match p {
                Party::Organization(id) => Some(*id),
                _ => None,
            })
            .collect();
        let names: Vec<(OrganizationId, String)> =
            candidates.iter().filter(|o| named.contains(&o.id)).map(|o| (o.id, o.name.to_string())).collect();
        // Identical imports may race, and so may corrections: the store keeps one roadmap per
        // municipality and fingerprint and one current version per document, and the loser
        // finds what the winner stored.
        let target = import.replaces.map(|id| super::versions::Replacing { id, revision: None });
        self.store_version(actor, roadmap, warnings, names, import.dry_run, target).await
    }
}
