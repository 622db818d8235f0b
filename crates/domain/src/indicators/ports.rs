//! What indicators need from storage.

use async_trait::async_trait;

use super::model::{Indicator, IndicatorAlias, IndicatorCode, Observation};
use super::series::PeriodSum;
use super::versions::{ObservationImport, ObservationImportRead, Replaced};
use crate::access::Reach;
use crate::audit::AuditEvent;
use crate::core::page::{Page, PageRequest};
use crate::core::validation::StoreError;
use crate::schools::{MunicipalityId, OrganizationId, RegionId};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// Whose observations to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObservationScope {
    Organization(OrganizationId),
    /// The municipality's own observations and its organizations'.
    Municipality(MunicipalityId),
    /// The organizations of a region (municipalities' own figures are not summed again).
    Region(RegionId),
    /// The organizations of a region and its municipalities' own figures: to set the
    /// municipalities side by side.
    RegionWithMunicipal(RegionId),
}

#[async_trait]
pub trait IndicatorsRepository: Send + Sync {
    /// Every version of every indicator, by code and version, each with its code's aliases.
    async fn indicators(&self) -> Result<Vec<Indicator>, StoreError>;
    /// Replaces the aliases of `code` kept for `region` (or everywhere) with `aliases`, in one
    /// transaction; an alias another indicator holds in the same scope is [`StoreError::Duplicate`].
    async fn replace_aliases(
        &self,
        code: &IndicatorCode,
        region: Option<RegionId>,
        aliases: &[IndicatorAlias],
        events: &[AuditEvent],
    ) -> Result<(), StoreError>;
    /// Stores a version; a second one with the same code and version is [`StoreError::Duplicate`].
    async fn insert_indicator(&self, indicator: &Indicator, events: &[AuditEvent]) -> Result<(), StoreError>;
    async fn observations(
        &self,
        codes: &[IndicatorCode],
        scope: ObservationScope,
    ) -> Result<Vec<Observation>, StoreError>;
    /// The observations of `codes` in a territory's `scope`, added up per indicator and period:
    /// the organizations' values in one group, the territory's own figure in another.
    async fn sums(&self, codes: &[IndicatorCode], scope: ObservationScope) -> Result<Vec<PeriodSum>, StoreError>;
    /// [`Self::sums`] of each municipality of a region, in one read: what the municipality
    /// scope adds up for each of them.
    async fn sums_by_municipality(
        &self,
        codes: &[IndicatorCode],
        region: RegionId,
    ) -> Result<Vec<(MunicipalityId, PeriodSum)>, StoreError>;
    /// Records the import and writes its observations in one transaction: a value already
    /// stored for the same indicator, subject and period is replaced, and kept in the history.
    /// Answers how many values of each earlier import it replaced.
    async fn upsert_observations(
        &self,
        import: &ObservationImport,
        observations: &[Observation],
        events: &[AuditEvent],
    ) -> Result<Replaced, StoreError>;
    async fn observation_import(&self, id: Uuid) -> Result<Option<ObservationImportRead>, StoreError>;
    /// The imports in `reach` in force, or in force at `as_of`.
    async fn observation_imports(
        &self,
        reach: &Reach,
        municipality: Option<MunicipalityId>,
        as_of: Option<DateTime<Utc>>,
        page: PageRequest,
    ) -> Result<Page<ObservationImport>, StoreError>;
    /// Ends the import `id` with a reason and puts back, for each value it still holds, the
    /// latest value it replaced from an import in force, or removes it; false when it had been
    /// withdrawn already.
    async fn withdraw_observation_import(
        &self,
        id: Uuid,
        reason: &str,
        at: DateTime<Utc>,
        events: &[AuditEvent],
    ) -> Result<bool, StoreError>;
}
