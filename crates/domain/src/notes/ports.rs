//! What note settings need from storage.

use async_trait::async_trait;

use super::model::Signature;
use crate::audit::AuditEvent;
use crate::core::validation::StoreError;
use crate::schools::MunicipalityId;

#[async_trait]
pub trait NotesRepository: Send + Sync {
    async fn signature(&self, municipality: MunicipalityId) -> Result<Option<Signature>, StoreError>;
    /// Inserts or replaces the municipality's signature, with its audit events, in one
    /// transaction.
    async fn put_signature(&self, signature: &Signature, events: &[AuditEvent]) -> Result<(), StoreError>;
}
