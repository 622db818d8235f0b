//! What programmes and roadmaps need from storage.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};

use super::execution::ExecutionReport;
use super::model::{Programme, ProgrammeId, ProgrammeStatus, Roadmap, RoadmapId};
use crate::access::Reach;
use crate::audit::AuditEvent;
use crate::core::code::ParameterCode;
use crate::core::page::{Page, PageRequest};
use crate::core::validation::StoreError;
use crate::schools::{MunicipalityId, OrganizationId, RegionId};

/// What a roadmap needs to know of the audit it answers: a read model over the factors
/// capability's tables, so that the two capabilities stay apart in the domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditFacts {
    pub id: uuid::Uuid,
    pub region_id: RegionId,
    pub municipality_id: MunicipalityId,
    pub date: NaiveDate,
    pub catalogue_id: uuid::Uuid,
    /// The catalogue's parameters with their names, in catalogue order.
    pub parameters: Vec<(ParameterCode, String)>,
    /// The schools the audit covered, in the audit's order.
    pub population: Vec<OrganizationId>,
    /// Where each parameter is present, bodies outside the population included.
    pub present: Vec<(OrganizationId, ParameterCode)>,
}

/// What reading «все выявленные параметры» and ranges of codes needs of an audit.
#[derive(Debug, Clone, Default)]
pub struct AuditCodes {
    /// The catalogue's parameters, in catalogue order.
    pub catalogue: Vec<ParameterCode>,
    /// The parameters found present anywhere, each once.
    pub found: Vec<ParameterCode>,
}

#[async_trait]
pub trait MeasuresRepository: Send + Sync {
    async fn audit_facts(&self, audit: uuid::Uuid) -> Result<Option<AuditFacts>, StoreError>;
    /// [`AuditCodes`] of each audit that exists, in a fixed number of queries.
    async fn audit_codes(&self, audits: &[uuid::Uuid]) -> Result<Vec<(uuid::Uuid, AuditCodes)>, StoreError>;

    async fn programme(&self, id: ProgrammeId) -> Result<Option<Programme>, StoreError>;
    /// Programmes in `reach`, optionally of one municipality.
    async fn programmes(
        &self,
        reach: &Reach,
        municipality: Option<MunicipalityId>,
        page: PageRequest,
    ) -> Result<Page<Programme>, StoreError>;
    /// Stores a programme; when `supersede` is set, that programme's status becomes superseded
    /// in the same transaction.
    async fn insert_programme(
        &self,
        programme: &Programme,
        supersede: Option<ProgrammeId>,
        events: &[AuditEvent],
    ) -> Result<(), StoreError>;

    /// Stores a programme's new status and approval if its status is still `was`, superseding
    /// `supersede` in the same transaction; false when another change came first.
    async fn update_programme(
        &self,
        programme: &Programme,
        was: Option<ProgrammeStatus>,
        supersede: Option<ProgrammeId>,
        events: &[AuditEvent],
    ) -> Result<bool, StoreError>;

    async fn roadmap(&self, id: RoadmapId) -> Result<Option<Roadmap>, StoreError>;
    /// Roadmaps in `reach`, optionally of one municipality, without their measures: the
    /// current versions, or those current at `as_of`.
    async fn roadmaps(
        &self,
        reach: &Reach,
        municipality: Option<MunicipalityId>,
        as_of: Option<DateTime<Utc>>,
        page: PageRequest,
    ) -> Result<Page<Roadmap>, StoreError>;
    /// The current version of a document ([`Roadmap::document_key`]) of the municipality.
    async fn current_roadmap(
        &self,
        municipality: MunicipalityId,
        document: &str,
    ) -> Result<Option<Roadmap>, StoreError>;
    /// The roadmap of the municipality with this fingerprint, if one was imported.
    async fn find_roadmap(
        &self,
        municipality: MunicipalityId,
        fingerprint: &str,
    ) -> Result<Option<RoadmapId>, StoreError>;
    /// Stores a roadmap with its measures, the reports carried over to it and its audit
    /// events in one transaction, ending the version it supersedes. A second roadmap with the
    /// same fingerprint, a second current version of a document, or a superseded version that is
    /// no longer current is [`StoreError::Duplicate`].
    async fn insert_roadmap(
        &self,
        roadmap: &Roadmap,
        carried: &[ExecutionReport],
        events: &[AuditEvent],
    ) -> Result<(), StoreError>;
    /// Ends a current roadmap with the reason; false when it was no longer current.
    async fn withdraw_roadmap(
        &self,
        id: RoadmapId,
        reason: &str,
        at: DateTime<Utc>,
        events: &[AuditEvent],
    ) -> Result<bool, StoreError>;

    /// Every current roadmap with its measures, of a region or of a municipality.
    async fn full_roadmaps(
        &self,
        region: Option<RegionId>,
        municipality: Option<MunicipalityId>,
    ) -> Result<Vec<Roadmap>, StoreError>;

    /// The recommendations of monitoring campaigns that became the roadmap's measures, as
    /// (position, recommendation id).
    async fn measure_recommendations(&self, roadmap: RoadmapId) -> Result<Vec<(u16, uuid::Uuid)>, StoreError>;

    /// The latest revision of the reports on the occurrence and organization `report` names; 0
    /// when none was made.
    async fn latest_revision(&self, report: &ExecutionReport) -> Result<u32, StoreError>;
    /// Stores a report and clears the earlier revisions' `current` in one transaction; a second
    /// one with the same revision is [`StoreError::Duplicate`].
    async fn insert_report(&self, report: &ExecutionReport, events: &[AuditEvent]) -> Result<(), StoreError>;
    /// The current revision of every report on the roadmaps.
    async fn reports(&self, roadmaps: &[RoadmapId]) -> Result<Vec<ExecutionReport>, StoreError>;
    /// Every revision of the reports on the roadmap, in the order they were made.
    async fn report_history(&self, roadmap: RoadmapId, page: PageRequest) -> Result<Page<ExecutionReport>, StoreError>;
}
