//! Indicator tables as versions: every import is recorded, every value names the import that
//! wrote it, a value replaced by a later import stays readable in the history of the import it
//! came from, and a withdrawn import's values give way to those they had replaced.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::model::Observation;
use super::service::IndicatorsService;
use crate::access::{Actor, Kept, Target, Write};
use crate::audit::{AuditEvent, AuditValue, Audited};
use crate::core::error::ServiceError;
use crate::core::page::{Page, PageRequest};
use crate::core::version::Revision;
use crate::schools::{MunicipalityId, RegionId};

type Result<T> = std::result::Result<T, ServiceError>;

/// One imported indicator table.
#[derive(Debug, Clone, PartialEq)]
pub struct ObservationImport {
    pub id: Uuid,
    pub region_id: RegionId,
    pub municipality_id: MunicipalityId,
    /// How many values it wrote.
    pub observations: usize,
    pub recorded_at: DateTime<Utc>,
    /// When it was withdrawn, and why.
    pub ended_at: Option<DateTime<Utc>>,
    pub withdrawal: Option<String>,
}

impl ObservationImport {
    pub fn is_current(&self) -> bool {
        self.ended_at.is_none()
    }
}

impl Audited for ObservationImport {
    const ENTITY: &'static str = "observation_import";

    fn entity_id(&self) -> Uuid {
        self.id
    }

    fn place(&self) -> (Option<RegionId>, Option<MunicipalityId>) {
        (Some(self.region_id), Some(self.municipality_id))
    }

    fn audit_fields(&self) -> Vec<(&'static str, AuditValue)> {
        vec![
            ("observations", AuditValue::Integer(i64::try_from(self.observations).unwrap_or(i64::MAX))),
            ("withdrawal", AuditValue::text(self.withdrawal.as_ref())),
        ]
    }
}

/// A value as it was before another replaced it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplacedValue {
    pub observation: Observation,
    /// The import that wrote it; none for a value held before imports were recorded.
    pub import_id: Option<Uuid>,
    pub recorded_at: DateTime<Utc>,
    pub replaced_at: DateTime<Utc>,
    /// The import whose value replaced it; none when its own import was withdrawn.
    pub replaced_by: Option<Uuid>,
}

/// An import with what it wrote: the values it still holds, and those replaced since.
#[derive(Debug, Clone, PartialEq)]
pub struct ObservationImportRead {
    pub import: ObservationImport,
    pub held: Vec<Observation>,
    pub replaced: Vec<ReplacedValue>,
}

/// How many values of each earlier import (none: held before imports were recorded) an import
/// replaced.
pub type Replaced = Vec<(Option<Uuid>, usize)>;

impl IndicatorsService {
    async fn import_of(&self, actor: &Actor, id: Uuid) -> Result<ObservationImportRead> {
        let found =
            self.repo.observation_import(id).await?.ok_or_else(|| ServiceError::not_found("indicator_import", id))?;
        let m = self.territory.municipality(actor, found.import.municipality_id).await.map_err(|e| match e {
            ServiceError::NotFound { .. } => ServiceError::not_found("indicator_import", id),
            other => other,
        })?;
        actor
            .may_read(Target::MunicipalData { region: m.region_id, municipality: m.id })
            .map_err(ServiceError::denied("indicator_import", id))?;
        Ok(found)
    }

    /// An imported table with the values it holds and those replaced since.
    pub async fn observation_import(&self, actor: &Actor, id: Uuid) -> Result<ObservationImportRead> {
        self.import_of(actor, id).await
    }

    /// The imports in force, or those in force `as_of` a moment.
    pub async fn observation_imports(
        &self,
        actor: &Actor,
        municipality: Option<MunicipalityId>,
        as_of: Option<DateTime<Utc>>,
        page: PageRequest,
    ) -> Result<Page<ObservationImport>> {
        let reach = actor.reach_of(Kept::MunicipalData).map_err(ServiceError::denied("indicator_import", "list"))?;
        Ok(self.repo.observation_imports(&reach, municipality, as_of, page).await?)
    }

    /// Withdraws an import, with a reason: each value it still holds gives way to the value it
    /// had replaced from an import still in force, or leaves the views when there was none.
    pub async fn withdraw_observation_import(
        &self,
        actor: &Actor,
        id: Uuid,
        reason: &str,
        expected: Option<Revision>,
    ) -> Result<ObservationImportRead> {
        let read = self.import_of(actor, id).await?;
        let import = &read.import;
        actor
            .may_write(
                Write::Delete,
                Target::MunicipalData { region: import.region_id, municipality: import.municipality_id },
            )
            .map_err(ServiceError::denied("indicator_import", id))?;
        let reason = crate::core::version::reason(reason)?;
        if !import.is_current() {
            return Err(ServiceError::Conflict(format!("indicator import {id} was withdrawn already")));
        }
        let at = crate::core::clock::now();
        let withdrawn = ObservationImport { ended_at: Some(at), withdrawal: Some(reason.clone()), ..import.clone() };
        let event = AuditEvent::updated(actor, import, &withdrawn, Vec::new()).expecting(expected);
        let stored = self.repo.withdraw_observation_import(id, &reason, at, &[event]).await;
        if !stored.map_err(ServiceError::store("indicator_import", id))? {
            return Err(ServiceError::Conflict(format!(
                "indicator import {id} was withdrawn by another request meanwhile"
            )));
        }
        self.import_of(actor, id).await
    }
}
