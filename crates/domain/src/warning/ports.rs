//! What early warning needs from storage.

use async_trait::async_trait;

use super::model::RuleSet;
use crate::audit::AuditEvent;
use crate::core::validation::StoreError;

#[async_trait]
pub trait WarningRepository: Send + Sync {
    /// Every version of every rule set, oldest first.
    async fn rule_sets(&self) -> Result<Vec<RuleSet>, StoreError>;
    /// Stores a version; a second one with the same name and version is [`StoreError::Duplicate`].
    async fn insert_rule_set(&self, rule: &RuleSet, events: &[AuditEvent]) -> Result<(), StoreError>;
    /// The codes of the indicator catalogue, which a rule set may weigh.
    async fn indicator_codes(&self) -> Result<Vec<String>, StoreError>;
}
