//! What catalogues and audits need from storage.

use async_trait::async_trait;
use chrono::NaiveDate;

use super::model::{Audit, AuditId, Catalogue, CatalogueId, Finding};
use crate::access::Reach;
use crate::audit::AuditEvent;
use crate::core::code::ParameterCode;
use crate::core::page::{Page, PageRequest};
use crate::core::validation::StoreError;
use crate::schools::{MunicipalityId, RegionId};

/// Counts per audit: `(audit, parameter, organizations)` and `(audit, organizations)`.
#[derive(Debug, Clone, Default)]
pub struct PrevalenceCounts {
    pub present: Vec<(AuditId, ParameterCode, u32)>,
    pub organizations: Vec<(AuditId, u32)>,
}

/// Counts per audit: `(audit, factor, organizations)` and `(audit, organizations)`.
#[derive(Debug, Clone, Default)]
pub struct FactorCounts {
    pub present: Vec<(AuditId, u16, u32)>,
    pub organizations: Vec<(AuditId, u32)>,
}

#[async_trait]
pub trait FactorsRepository: Send + Sync {
    async fn catalogue(&self, id: CatalogueId) -> Result<Option<Catalogue>, StoreError>;
    /// Federal catalogues and those owned inside `reach`.
    async fn catalogues(&self, reach: &Reach, page: PageRequest) -> Result<Page<Catalogue>, StoreError>;
    /// Catalogues owned by the municipality.
    async fn catalogues_of_municipality(&self, municipality: MunicipalityId) -> Result<Vec<Catalogue>, StoreError>;
    async fn insert_catalogue(&self, catalogue: &Catalogue, event: &AuditEvent) -> Result<(), StoreError>;

    async fn audit(&self, id: AuditId) -> Result<Option<Audit>, StoreError>;
    /// Audits in `reach`, optionally of one municipality, without their findings.
    async fn audits(
        &self,
        reach: &Reach,
        municipality: Option<MunicipalityId>,
        as_of: Option<chrono::DateTime<chrono::Utc>>,
        page: PageRequest,
    ) -> Result<Page<Audit>, StoreError>;
    /// The current version of the municipality's audit of that date, with its findings.
    async fn current_audit(&self, municipality: MunicipalityId, date: NaiveDate) -> Result<Option<Audit>, StoreError>;
    /// Ends a current audit with the reason; false when it was no longer current.
    async fn withdraw_audit(
        &self,
        id: AuditId,
        reason: &str,
        at: chrono::DateTime<chrono::Utc>,
        events: &[AuditEvent],
    ) -> Result<bool, StoreError>;
    /// Read model: the latest audit of each municipality of the region against any of the
    /// catalogues (by date, then id), without findings; the database picks them.
    async fn latest_audits_in_region(
        &self,
        region: RegionId,
        catalogues: &[CatalogueId],
    ) -> Result<Vec<Audit>, StoreError>;
    /// The present findings about the audited schools (not the bodies a cell names) of these
    /// audits: `(audit, school, parameter)`.
    async fn present_at_schools(
        &self,
        audits: &[AuditId],
    ) -> Result<Vec<(AuditId, crate::schools::OrganizationId, ParameterCode)>, StoreError>;
    /// The audit's present findings, without their evidence and source rows, and each
    /// organization it names with whether it is one of the audited schools, in the order of
    /// [`Audit::organizations`]. A quarter of the rows of [`Self::audit`] where a quarter is present.
    async fn audit_presence(
        &self,
        audit: AuditId,
    ) -> Result<(Vec<Finding>, Vec<(crate::schools::OrganizationId, bool)>), StoreError>;
    /// The latest `limit` audits of a municipality that found about the organization, newest
    /// first (by date, then id), each with that organization's findings only: a school card's
    /// audits in one read.
    async fn audits_of_organization(
        &self,
        municipality: MunicipalityId,
        organization: crate::schools::OrganizationId,
        limit: usize,
    ) -> Result<Vec<Audit>, StoreError>;
    /// The audit with the findings of one organization only; `None` without the audit.
    async fn audit_of_organization(
        &self,
        audit: AuditId,
        organization: crate::schools::OrganizationId,
    ) -> Result<Option<Audit>, StoreError>;
    /// Read model: the latest audit of each municipality of the region up to a day, against
    /// whichever catalogue, without findings; the database picks them.
    async fn latest_audits_until(&self, region: RegionId, until: NaiveDate) -> Result<Vec<Audit>, StoreError>;
    /// Per audit and factor, how many organizations show at least one of its parameters; and
    /// per audit, how many organizations it covered. Counted by the database.
    async fn factor_counts(&self, audits: &[AuditId]) -> Result<FactorCounts, StoreError>;
    /// Per audit and parameter, how many organizations show it; and per audit, how many
    /// organizations it covered. Counted by the database.
    async fn prevalence_counts(&self, audits: &[AuditId]) -> Result<PrevalenceCounts, StoreError>;
    /// The crosswalk from one catalogue onto another: `(from code, to code)` pairs.
    async fn crosswalk(
        &self,
        from: CatalogueId,
        to: CatalogueId,
    ) -> Result<Vec<(ParameterCode, ParameterCode)>, StoreError>;
    /// Every crosswalk onto a catalogue: the catalogue it maps from, with its pairs.
    async fn crosswalks_onto(
        &self,
        to: CatalogueId,
    ) -> Result<Vec<(CatalogueId, Vec<(ParameterCode, ParameterCode)>)>, StoreError>;
    /// Replaces that crosswalk, with its audit event, in one transaction.
    async fn replace_crosswalk(
        &self,
        from: CatalogueId,
        to: CatalogueId,
        pairs: &[(ParameterCode, ParameterCode)],
        event: &AuditEvent,
    ) -> Result<(), StoreError>;
    /// Stores an import in one transaction: a new catalogue if there is one, the audit with its
    /// findings, and their audit events, ending the version it supersedes. A second current
    /// version of the municipality's audit of a date, or a superseded one no longer current, is
    /// [`StoreError::Duplicate`].
    async fn save_import(
        &self,
        catalogue: Option<&Catalogue>,
        audit: &Audit,
        events: &[AuditEvent],
    ) -> Result<(), StoreError>;
}
