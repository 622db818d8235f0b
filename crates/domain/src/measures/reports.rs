//! Execution use cases: reporting on a planned occurrence of a measure, its history, and the
//! execution of a roadmap, a municipality or a region as of a day.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, Utc};

use super::execution::{ExecutionReport, ExecutionStatus, Occurrence, occurrences};
use super::model::{Roadmap, RoadmapId};
use super::ports::AuditCodes;
use super::progress::{Progress, RoadmapScope, progress};
use super::service::MeasuresService;
use crate::access::{Actor, Target, Write};
use crate::audit::{AuditEvent, AuditValue, Audited};
use crate::core::error::ServiceError;
use crate::core::page::{Page, PageRequest};
use crate::core::schedule::YearMonth;
use crate::core::validation::{StoreError, ValidationErrors};
use crate::schools::{MunicipalityId, OrganizationId, RegionId, organization_target};

type Result<T> = std::result::Result<T, ServiceError>;

impl Audited for ExecutionReport {
    const ENTITY: &'static str = "execution_report";

    fn entity_id(&self) -> uuid::Uuid {
        self.id
    }

    fn place(&self) -> (Option<RegionId>, Option<MunicipalityId>) {
        (Some(self.region_id), Some(self.municipality_id))
    }

    fn audit_fields(&self) -> Vec<(&'static str, AuditValue)> {
        vec![
            ("roadmap", AuditValue::Text(self.roadmap_id.to_string())),
            ("measure", AuditValue::Integer(i64::from(self.position))),
            ("occurrence", AuditValue::Text(self.occurrence.key())),
            ("organization", AuditValue::text(self.organization_id.as_ref())),
            ("revision", AuditValue::Integer(i64::from(self.revision))),
            ("status", AuditValue::Text(self.status.code().to_owned())),
        ]
    }
}

/// A report as a client states it.
#[derive(Debug, Clone)]
pub struct ReportDraft {
    pub roadmap: RoadmapId,
    /// The measure's position in the roadmap.
    pub position: i64,
    /// «2023-04», «2023», «period» or «plan».
    pub occurrence: String,
    pub organization: Option<OrganizationId>,
    pub status: String,
    pub held_on: Option<NaiveDate>,
    /// «2024-05».
    pub postponed_to: Option<String>,
    pub participants: Option<i64>,
    pub participant_organizations: Vec<OrganizationId>,
    pub evidence: Option<String>,
    pub link: Option<String>,
    pub note: Option<String>,
}

/// The execution with the names of the schools it counts.
#[derive(Debug, Clone)]
pub struct ProgressRead {
    pub progress: Progress,
    pub names: Vec<(OrganizationId, String)>,
}

/// Whose execution to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgressScope {
    Roadmap(RoadmapId),
    Municipality(MunicipalityId),
    Region(RegionId),
}

const MAX_PARTICIPANTS: i64 = 1_000_000;
const MAX_LINK_CHARS: usize = 2_000;

fn link(text: &str, errors: &mut ValidationErrors) -> Option<String> {
    let text = text.trim();
    let well_formed = (text.starts_with("https://") || text.starts_with("http://"))
        && text.len() > "https://".len()
        && !text.chars().any(|c| c.is_whitespace() || c.is_control());
    if !well_formed {
        errors.push("link", "invalid_format", "must be an http(s) address without spaces");
        None
    } else if text.chars().count() > MAX_LINK_CHARS {
        errors.push("link", "too_long", format!("is longer than {MAX_LINK_CHARS} characters"));
        None
    } else {
        Some(text.to_owned())
    }
}

impl MeasuresService {
    /// How often a report retries a revision taken by a concurrent one.
    const REPORT_ATTEMPTS: usize = 32;

    /// Organizations one report may name as participants.
    pub const MAX_PARTICIPANT_ORGANIZATIONS: usize = 500;

    /// The target a report on the roadmap writes: a school's own roadmap is the school's, the
    /// others the municipality's.
    fn report_target(roadmap: &Roadmap, school_owner: bool) -> (Write, Target) {
        match roadmap.owner_id {
            Some(owner) if school_owner => (
                Write::Update,
                Target::Organization {
                    region: roadmap.region_id,
                    municipality: Some(roadmap.municipality_id),
                    organization: owner,
                },
            ),
            _ => (
                Write::Create,
                Target::MunicipalData { region: roadmap.region_id, municipality: roadmap.municipality_id },
            ),
        }
    }

    /// Records a report on one occurrence; a report on an occurrence already reported is a
    /// correction and becomes its next revision.
    pub async fn report(&self, actor: &Actor, draft: ReportDraft) -> Result<ExecutionReport> {
        let id = draft.roadmap;
        let roadmap = self.repo.roadmap(id).await?.ok_or_else(|| ServiceError::not_found("roadmap", id))?;
        let municipality = self.readable(actor, roadmap.municipality_id, "roadmap", id.as_uuid()).await?;
        let candidates = self.territory.resolution_candidates(actor, &municipality).await?;
        let school_owner = roadmap.owner_id.is_some_and(|o| candidates.iter().any(|c| c.id == o && c.kind.is_school()));
        let (write, target) = Self::report_target(&roadmap, school_owner);
        actor.may_write(write, target).map_err(ServiceError::denied("roadmap", id))?;
        if !roadmap.is_current() {
            return Err(ServiceError::Conflict(format!(
                "roadmap {id} is a version that was replaced or withdrawn: report on the current one"
            )));
        }

        let mut errors = ValidationErrors::new();
        let measure =
            u16::try_from(draft.position).ok().and_then(|p| roadmap.measures.iter().find(|m| m.position == p));
        if measure.is_none() {
            errors.push(
                "position",
                "unknown_reference",
                format!("the roadmap has no measure at position {}", draft.position),
            );
        }
        let planned = measure.map(|m| occurrences(m, roadmap.period)).unwrap_or_default();
        let occurrence = match Occurrence::parse(&draft.occurrence) {
            Some(o) if planned.contains(&o) => Some(o),
            _ if measure.is_none() => None,
            _ => {
                let keys: Vec<String> = planned.iter().map(Occurrence::key).collect();
                errors.push(
                    "occurrence",
                    "unknown_reference",
                    format!("'{}' is not a planned occurrence of this measure: {}", draft.occurrence, keys.join(", ")),
                );
                None
            }
        };
        let territory: HashSet<OrganizationId> =
            candidates.iter().filter(|o| o.municipality_id == Some(municipality.id)).map(|o| o.id).collect();
        if let (Some(organization), Some(measure)) = (draft.organization, measure)
            && !measure.reaches(organization, &territory)
        {
            errors.push(
                "organizationId",
                "unknown_reference",
                format!("measure {} does not reach {organization}", measure.number),
            );
        }
        let status = ExecutionStatus::from_code(&draft.status);
        if status.is_none() {
            errors.push(
                "status",
                "invalid_format",
                format!("'{}' is not planned, held, postponed or cancelled", draft.status),
            );
        }
        let today = Utc::now().date_naive();
        match (status, draft.held_on) {
            // A document that says the month's events were held (seed 004's Table 1) gives no
            // day: the report then rests on that document, named as its evidence.
            (Some(ExecutionStatus::Held), None) if draft.evidence.as_deref().is_none_or(|e| e.trim().is_empty()) => {
                errors.push(
                    "heldOn",
                    "required",
                    "a held occurrence states its date, or the evidence that it was held",
                );
            }
            (Some(ExecutionStatus::Held), Some(d)) if d > today => {
                errors.push("heldOn", "out_of_range", format!("{d} is in the future"));
            }
            (Some(s), Some(_)) if s != ExecutionStatus::Held => {
                errors.push("heldOn", "invalid_format", "only a held occurrence has a date held");
            }
            _ => {}
        }
        let postponed_to = match (status, draft.postponed_to.as_deref()) {
            (Some(ExecutionStatus::Postponed), None) => {
                errors.push("postponedTo", "required", "a postponed occurrence states the month it moves to");
                None
            }
            (Some(ExecutionStatus::Postponed), Some(text)) => match YearMonth::parse(text) {
                Some(m) if matches!(occurrence, Some(Occurrence::Dated(planned)) if m <= planned.first_month()) => {
                    errors.push("postponedTo", "out_of_range", format!("{m} is not after the planned month"));
                    None
                }
                Some(m) => Some(m),
                None => {
                    errors.push("postponedTo", "invalid_format", format!("'{text}' is not a month (YYYY-MM)"));
                    None
                }
            },
            (_, Some(_)) => {
                errors.push("postponedTo", "invalid_format", "only a postponed occurrence moves to a month");
                None
            }
            (_, None) => None,
        };
        let participants = match draft.participants {
            Some(n) if !(0..=MAX_PARTICIPANTS).contains(&n) => {
                errors.push("participants", "out_of_range", format!("must be between 0 and {MAX_PARTICIPANTS}"));
                None
            }
            n => n.and_then(|n| u32::try_from(n).ok()),
        };
        if draft.participant_organizations.len() > Self::MAX_PARTICIPANT_ORGANIZATIONS {
            errors.push(
                "participantOrganizations",
                "too_long",
                format!("names more than {} organizations", Self::MAX_PARTICIPANT_ORGANIZATIONS),
            );
        } else {
            for (i, o) in draft.participant_organizations.iter().enumerate() {
                if !candidates.iter().any(|c| c.id == *o) {
                    errors.push(
                        format!("participantOrganizations[{i}]"),
                        "unknown_reference",
                        format!("no organization {o} in {}", municipality.name),
                    );
                }
            }
        }
        let evidence = draft.evidence.as_deref().and_then(|t| errors.long_text("evidence", t));
        let note = draft.note.as_deref().and_then(|t| errors.long_text("note", t));
        let link = draft.link.as_deref().and_then(|t| link(t, &mut errors));
        let (Some(measure), Some(occurrence), Some(status)) = (measure, occurrence, status) else {
            return Err(errors.into());
        };
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let mut report = ExecutionReport {
            id: uuid::Uuid::now_v7(),
            roadmap_id: roadmap.id,
            region_id: roadmap.region_id,
            municipality_id: roadmap.municipality_id,
            position: measure.position,
            occurrence,
            organization_id: draft.organization,
            revision: 1,
            current: true,
            status,
            held_on: draft.held_on,
            postponed_to,
            participants,
            participant_organizations: draft.participant_organizations,
            evidence,
            link,
            reporter: actor.subject(),
            note,
            recorded_at: crate::core::clock::now(),
        };
        // Corrections may race for the same revision: the store keeps one, and each loser takes
        // the next; 20 at once all land.
        for _ in 0..Self::REPORT_ATTEMPTS {
            report.revision = self.repo.latest_revision(&report).await? + 1;
            let event = AuditEvent::created(actor, &report);
            match self.repo.insert_report(&report, &[event]).await {
                Err(StoreError::Duplicate { .. }) => continue,
                Err(other) => return Err(other.into()),
                Ok(()) => return Ok(report),
            }
        }
        Err(ServiceError::Conflict("the occurrence was being reported by another request; try again".into()))
    }

    /// Every revision of every report on the roadmap, oldest first, a page at a time.
    pub async fn reports(&self, actor: &Actor, id: RoadmapId, page: PageRequest) -> Result<Page<ExecutionReport>> {
        let roadmap = self.repo.roadmap(id).await?.ok_or_else(|| ServiceError::not_found("roadmap", id))?;
        self.readable(actor, roadmap.municipality_id, "roadmap", id.as_uuid()).await?;
        Ok(self.repo.report_history(id, page).await?)
    }

    /// Planned against held as of `as_of`, optionally within one year.
    pub async fn progress(
        &self,
        actor: &Actor,
        scope: ProgressScope,
        as_of: NaiveDate,
        year: Option<i32>,
    ) -> Result<ProgressRead> {
        if let Some(y) = year {
            crate::core::year::Year::given_or("year", Some(y), y)?;
        }
        let roadmaps: Vec<Roadmap> = match scope {
            ProgressScope::Roadmap(id) => {
                let roadmap = self.repo.roadmap(id).await?.ok_or_else(|| ServiceError::not_found("roadmap", id))?;
                self.readable(actor, roadmap.municipality_id, "roadmap", id.as_uuid()).await?;
                vec![roadmap]
            }
            ProgressScope::Municipality(id) => {
                let municipality = self.territory.municipality(actor, id).await?;
                actor
                    .may_read(Target::MunicipalData { region: municipality.region_id, municipality: id })
                    .map_err(ServiceError::denied("municipality", id))?;
                self.repo.full_roadmaps(None, Some(id)).await?
            }
            ProgressScope::Region(id) => {
                self.territory.region(actor, id).await?;
                actor.may_read_kept_in(id).map_err(ServiceError::denied("region", id))?;
                self.repo
                    .full_roadmaps(Some(id), None)
                    .await?
                    .into_iter()
                    .filter(|r| {
                        actor
                            .may_read(Target::MunicipalData { region: r.region_id, municipality: r.municipality_id })
                            .is_ok()
                    })
                    .collect()
            }
        };
        let roadmaps: Vec<Roadmap> =
            roadmaps.into_iter().filter(|r| year.is_none_or(|y| r.period.contains(y))).collect();
        // Every municipality's schools and every audit's codes, each read once for all roadmaps.
        let mut municipality_ids: Vec<MunicipalityId> = roadmaps.iter().map(|r| r.municipality_id).collect();
        municipality_ids.sort_unstable();
        municipality_ids.dedup();
        let municipalities = self.territory.municipalities_by_ids(&Actor::system(), &municipality_ids).await?;
        let candidates = self.territory.candidates_of_municipalities(&Actor::system(), &municipalities).await?;
        // Execution at a school is that school's data: a caller sees it for the schools whose
        // findings it may read, and a school its own only.
        let visible: HashSet<OrganizationId> = candidates
            .iter()
            .filter(|o| actor.may_read_findings(organization_target(o)).is_ok())
            .map(|o| o.id)
            .collect();
        let names = candidates.iter().filter(|o| visible.contains(&o.id)).map(|o| (o.id, o.name.to_string())).collect();
        let mut territories: HashMap<MunicipalityId, HashSet<OrganizationId>> = HashMap::new();
        for o in candidates.iter().filter(|o| o.kind.is_school()) {
            if let Some(m) = o.municipality_id {
                territories.entry(m).or_default().insert(o.id);
            }
        }
        let mut audit_ids: Vec<uuid::Uuid> = roadmaps.iter().filter_map(|r| r.audit_id).collect();
        audit_ids.sort_unstable();
        audit_ids.dedup();
        let codes: HashMap<uuid::Uuid, AuditCodes> = self.repo.audit_codes(&audit_ids).await?.into_iter().collect();
        let scopes: Vec<RoadmapScope> = roadmaps
            .into_iter()
            .map(|roadmap| {
                let territory = territories.get(&roadmap.municipality_id).cloned().unwrap_or_default();
                let AuditCodes { catalogue, found } =
                    roadmap.audit_id.and_then(|a| codes.get(&a).cloned()).unwrap_or_default();
                RoadmapScope { roadmap, territory, catalogue, found }
            })
            .collect();
        let ids: Vec<RoadmapId> = scopes.iter().map(|s| s.roadmap.id).collect();
        let reports = self.repo.reports(&ids).await?;
        let mut progress = progress(&scopes, &reports, as_of, year);
        progress.schools.retain(|(o, _)| visible.contains(o));
        Ok(ProgressRead { progress, names })
    }
}
