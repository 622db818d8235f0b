//! What the lists need from storage.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::model::{Decision, DecisionId, ListKind};
use crate::audit::AuditEvent;
use crate::core::validation::StoreError;
use crate::schools::{MunicipalityId, OrganizationId, RegionId};

#[async_trait]
pub trait ListsRepository: Send + Sync {
    /// Every recorded version of the municipality's decisions of one kind.
    async fn decisions(&self, municipality: MunicipalityId, kind: ListKind) -> Result<Vec<Decision>, StoreError>;
    /// Every recorded version of every decision of each series (municipality and kind) any
    /// of whose decisions ever named the organization: a correction that took it off a list
    /// supersedes a version that named it.
    async fn series_naming(&self, organization: OrganizationId) -> Result<Vec<Decision>, StoreError>;
    async fn decision(&self, id: DecisionId) -> Result<Option<Decision>, StoreError>;
    /// Read model: per municipality of the region and year, how many organizations the
    /// decisions of `kind` in force at `as_of` (now when absent) list. One query.
    async fn region_counts(
        &self,
        region: RegionId,
        kind: ListKind,
        as_of: Option<DateTime<Utc>>,
    ) -> Result<Vec<(MunicipalityId, i32, u32)>, StoreError>;
    /// Stores decisions with their audit events in one transaction.
    async fn insert_decisions(&self, decisions: &[Decision], events: &[AuditEvent]) -> Result<(), StoreError>;
}
