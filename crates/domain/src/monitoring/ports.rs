//! What monitoring campaigns need from storage.

use async_trait::async_trait;

use super::model::{Campaign, CampaignId, Recommendation, RecommendationId};
use crate::access::Reach;
use crate::audit::AuditEvent;
use crate::core::page::{Page, PageRequest};
use crate::core::validation::StoreError;
use crate::schools::MunicipalityId;

/// What a link to a measure needs to know of it: a read model over the measures capability's
/// tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasureFacts {
    pub municipality_id: MunicipalityId,
    pub number: String,
    pub title: String,
}

#[async_trait]
pub trait MonitoringRepository: Send + Sync {
    async fn campaign(&self, id: CampaignId) -> Result<Option<Campaign>, StoreError>;
    /// Campaigns in `reach`, optionally of one municipality, without their recommendations.
    async fn campaigns(
        &self,
        reach: &Reach,
        municipality: Option<MunicipalityId>,
        page: PageRequest,
    ) -> Result<Page<Campaign>, StoreError>;
    /// Every campaign of the municipality with its recommendations.
    async fn campaigns_of(&self, municipality: MunicipalityId) -> Result<Vec<Campaign>, StoreError>;
    async fn insert_campaign(&self, campaign: &Campaign, events: &[AuditEvent]) -> Result<(), StoreError>;
    /// A recommendation with the campaign it belongs to (without the campaign's recommendations).
    async fn recommendation(&self, id: RecommendationId) -> Result<Option<(Campaign, Recommendation)>, StoreError>;
    async fn update_recommendation(
        &self,
        recommendation: &Recommendation,
        events: &[AuditEvent],
    ) -> Result<(), StoreError>;
    /// The municipality of a roadmap, if the roadmap exists.
    async fn roadmap_municipality(&self, roadmap: uuid::Uuid) -> Result<Option<MunicipalityId>, StoreError>;
    /// The measure at a roadmap's position, if there is one.
    async fn measure(&self, roadmap: uuid::Uuid, position: u16) -> Result<Option<MeasureFacts>, StoreError>;
}
