//! What the lists need from storage.

use async_trait::async_trait;

use super::model::{Decision, DecisionId, ListKind};
use crate::audit::AuditEvent;
use crate::core::validation::StoreError;
use crate::schools::{MunicipalityId, OrganizationId};

#[async_trait]
pub trait ListsRepository: Send + Sync {
    /// Every recorded version of the municipality's decisions of one kind.
    async fn decisions(&self, municipality: MunicipalityId, kind: ListKind) -> Result<Vec<Decision>, StoreError>;
    /// Every recorded version of the decisions that name the organization.
    async fn decisions_naming(&self, organization: OrganizationId) -> Result<Vec<Decision>, StoreError>;
    async fn decision(&self, id: DecisionId) -> Result<Option<Decision>, StoreError>;
    /// Stores decisions with their audit events in one transaction.
    async fn insert_decisions(&self, decisions: &[Decision], events: &[AuditEvent]) -> Result<(), StoreError>;
}
