//! Versions of a roadmap. A corrected import of the same document (municipality, owner and
//! period) replaces its current version, carrying the execution reports over by measure number
//! and occurrence; a withdrawal ends it with a reason. Ended versions stay readable by id and
//! `asOf`; the views read current versions only.

use chrono::{DateTime, Utc};

use super::execution::{ExecutionReport, occurrences};
use super::model::{Measure, Roadmap, RoadmapId};
use super::service::{MeasuresService, RoadmapImportReport, RoadmapOutcome};
use crate::access::{Actor, Write};
use crate::audit::AuditEvent;
use crate::core::error::ServiceError;
use crate::core::import::Issue;
use crate::core::validation::{StoreError, ValidationErrors};
use crate::core::version::{Revision, replaces_version};
use crate::schools::OrganizationId;

type Result<T> = std::result::Result<T, ServiceError>;

/// A measure's number as tables vary it: «1.», «1», « 1 » are one number.
fn number_key(number: &str) -> String {
    number.trim().trim_end_matches('.').trim().to_owned()
}

/// The version a correction replaces when it names one: an edit names the version it was made
/// to, with the revision it read; an import may name the version it corrects, whatever document
/// it was imported as.
#[derive(Debug, Clone, Copy)]
pub(super) struct Replacing {
    pub(super) id: RoadmapId,
    pub(super) revision: Option<Revision>,
}

impl MeasuresService {
    /// Stores `roadmap` as the current version of its document: the first, an identical repeat
    /// (nothing is stored), or a correction that replaces the current one.
    pub(super) async fn store_version(
        &self,
        actor: &Actor,
        roadmap: Roadmap,
        warnings: Vec<Issue>,
        names: Vec<(OrganizationId, String)>,
        dry_run: bool,
        target: Option<Replacing>,
    ) -> Result<RoadmapImportReport> {
        let fingerprint = roadmap.fingerprint();
        let document = roadmap.document_key();
        for _ in 0..crate::core::version::CORRECTION_ATTEMPTS {
            if let Some(existing) = self.repo.find_roadmap(roadmap.municipality_id, &fingerprint).await? {
                let stored =
                    self.repo.roadmap(existing).await?.ok_or_else(|| ServiceError::not_found("roadmap", existing))?;
                if stored.is_current() {
                    let outcome = RoadmapOutcome::AlreadyImported;
                    return Ok(RoadmapImportReport { outcome, roadmap: stored, warnings, names });
                }
                return Err(ServiceError::Conflict(format!(
                    "this table is version {} of the roadmap, {} on {}: an ended version does not come back; import the table as corrected",
                    stored.id,
                    if stored.versioning.withdrawal.is_some() { "withdrawn" } else { "replaced" },
                    stored.versioning.ended_at.map_or_else(String::new, |t| t.date_naive().to_string()),
                )));
            }
            let same_document = self.repo.current_roadmap(roadmap.municipality_id, &document).await?;
            let current = match target {
                None => same_document,
                Some(target) => Some(self.named_version(&roadmap, target, same_document).await?),
            };
            let mut version = roadmap.clone();
            version.versioning.supersedes = current.as_ref().map(|c| c.id);
            let mut warnings = warnings.clone();
            let carried = match &current {
                None => Vec::new(),
                Some(previous) => {
                    warnings.push(replaces_version(&previous.title, previous.id, previous.recorded_at));
                    self.carry_over(previous, &version, &mut warnings).await?
                }
            };
            if dry_run {
                return Ok(RoadmapImportReport { outcome: RoadmapOutcome::Checked, roadmap: version, warnings, names });
            }
            // The new version's creation, and the end of the one it replaces, in their histories.
            let mut events = vec![AuditEvent::created(actor, &version)];
            if let Some(previous) = &current {
                let mut ended = previous.clone();
                ended.versioning.superseded_by = Some(version.id);
                ended.versioning.ended_at = Some(version.recorded_at);
                let expected = target.and_then(|t| t.revision);
                events.push(AuditEvent::updated(actor, previous, &ended, Vec::new()).expecting(expected));
            }
            match self.repo.insert_roadmap(&version, &carried, &events).await {
                Err(StoreError::Duplicate { .. }) => continue,
                Err(other) => return Err(ServiceError::store("roadmap", roadmap.id)(other)),
                Ok(()) => {
                    let outcome = RoadmapOutcome::Imported;
                    return Ok(RoadmapImportReport { outcome, roadmap: version, warnings, names });
                }
            }
        }
        Err(ServiceError::Conflict("the roadmap was being corrected by other requests; try again".into()))
    }

    /// The version a correction names, which must be the current version of a roadmap of the
    /// same municipality, and the only current one the correction's own document would have.
    async fn named_version(
        &self,
        roadmap: &Roadmap,
        target: Replacing,
        same_document: Option<Roadmap>,
    ) -> Result<Roadmap> {
        let id = target.id;
        let named = self.repo.roadmap(id).await?.filter(|r| r.municipality_id == roadmap.municipality_id);
        let Some(named) = named else {
            let message = format!("no roadmap {id} of this municipality");
            return Err(ValidationErrors::single("replaces", "unknown_reference", message).into());
        };
        if !named.is_current() {
            // An edit made to a version that was replaced meanwhile is made from a stale read.
            if target.revision.is_some() {
                return Err(ServiceError::Stale { entity: "roadmap", id: id.to_string() });
            }
            return Err(ServiceError::Conflict(format!(
                "roadmap {id} was replaced or withdrawn: correct its current version"
            )));
        }
        if let Some(other) = same_document.filter(|c| c.id != id) {
            return Err(ServiceError::Conflict(format!(
                "roadmap {} is the current version of the document this table is (the same owner and period): name it in replaces",
                other.id
            )));
        }
        Ok(named)
    }

    /// The current reports of `previous` moved onto `next`: a report follows its measure's
    /// number to the occurrence of the same key; each that finds neither is a warning.
    async fn carry_over(
        &self,
        previous: &Roadmap,
        next: &Roadmap,
        warnings: &mut Vec<Issue>,
    ) -> Result<Vec<ExecutionReport>> {
        let reports = self.repo.reports(&[previous.id]).await?;
        let mut carried = Vec::new();
        for report in reports.into_iter().filter(|r| r.current) {
            let number =
                previous.measures.iter().find(|m| m.position == report.position).map(|m| number_key(&m.number));
            let target: Option<&Measure> = number
                .as_ref()
                .and_then(|n| next.measures.iter().find(|m| number_key(&m.number) == *n))
                .filter(|m| occurrences(m, next.period).contains(&report.occurrence));
            match target {
                Some(measure) => carried.push(ExecutionReport {
                    id: uuid::Uuid::now_v7(),
                    roadmap_id: next.id,
                    position: measure.position,
                    revision: 1,
                    current: true,
                    ..report
                }),
                None => warnings.push(Issue::document(
                    number.as_deref().unwrap_or_default(),
                    "report_not_carried",
                    format!(
                        "the report on measure {} for {} has no measure of that number and time in the corrected roadmap; it stays with version {}",
                        number.as_deref().unwrap_or("?"),
                        report.occurrence.label(),
                        previous.id
                    ),
                )),
            }
        }
        Ok(carried)
    }

    /// Withdraws a current roadmap with a reason: it leaves every view and stays in the history.
    pub async fn withdraw_roadmap(
        &self,
        actor: &Actor,
        id: RoadmapId,
        reason: &str,
        expected: Option<Revision>,
    ) -> Result<Roadmap> {
        let roadmap = self.repo.roadmap(id).await?.ok_or_else(|| ServiceError::not_found("roadmap", id))?;
        self.readable(actor, roadmap.municipality_id, "roadmap", id.as_uuid()).await?;
        self.writable(actor, roadmap.municipality_id, Write::Delete).await?;
        let reason = crate::core::version::reason(reason)?;
        if !roadmap.is_current() {
            return Err(ServiceError::Conflict(format!("roadmap {id} is no longer current: it cannot be withdrawn")));
        }
        let at: DateTime<Utc> = crate::core::clock::now();
        let mut withdrawn = roadmap.clone();
        withdrawn.versioning.ended_at = Some(at);
        withdrawn.versioning.withdrawal = Some(reason.clone());
        let event = AuditEvent::updated(actor, &roadmap, &withdrawn, Vec::new()).expecting(expected);
        let stored = self.repo.withdraw_roadmap(id, &reason, at, &[event]).await;
        if !stored.map_err(ServiceError::store("roadmap", id))? {
            return Err(ServiceError::Conflict(format!("roadmap {id} was ended by another request meanwhile")));
        }
        Ok(withdrawn)
    }
}
