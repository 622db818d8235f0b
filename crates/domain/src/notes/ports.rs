//! What note settings need from storage.

use async_trait::async_trait;

use super::model::Signature;
use crate::audit::AuditEvent;
use crate::core::validation::StoreError;
use crate::schools::MunicipalityId;

#[async_trait]
pub trait NotesRepository: Send + Sync {
    async fn signature(&self, municipality: MunicipalityId) -> Result<Option<Signature>, StoreError>;
    /// Stores the municipality's signature in place of `replacing` (none: there was none), with
    /// its audit events, in one transaction. Answers false and stores nothing when the stored
    /// signature is no longer `replacing`: another write came first.
    async fn put_signature(
        &self,
        signature: &Signature,
        replacing: Option<&Signature>,
        events: &[AuditEvent],
    ) -> Result<bool, StoreError>;
}
