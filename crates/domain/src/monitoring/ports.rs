//! What monitoring campaigns need from storage.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

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

/// A document Opora holds that a report may cite: a list decision or a roadmap's approving
/// order, by its number and date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldDocument {
    /// `list_decision` or `roadmap`.
    pub entity: &'static str,
    pub id: uuid::Uuid,
    pub number: Option<String>,
    pub date: Option<chrono::NaiveDate>,
}

/// A municipal-level indicator observation a cited figure may be compared with.
#[derive(Debug, Clone, PartialEq)]
pub struct HeldObservation {
    pub indicator: String,
    pub name: String,
    pub unit: String,
    /// As observations name it: «2023», «2023/2024».
    pub period: String,
    pub period_start: chrono::NaiveDate,
    pub value: f64,
}

#[async_trait]
pub trait MonitoringRepository: Send + Sync {
    async fn campaign(&self, id: CampaignId) -> Result<Option<Campaign>, StoreError>;
    /// Campaigns in `reach`, optionally of one municipality, without their recommendations.
    async fn campaigns(
        &self,
        reach: &Reach,
        municipality: Option<MunicipalityId>,
        as_of: Option<DateTime<Utc>>,
        page: PageRequest,
    ) -> Result<Page<Campaign>, StoreError>;
    /// Every current campaign of the municipality with its recommendations.
    async fn campaigns_of(&self, municipality: MunicipalityId) -> Result<Vec<Campaign>, StoreError>;
    /// The current version of the municipality's document of `key` ([`Campaign::document_key`]).
    async fn current_campaign(&self, municipality: MunicipalityId, key: &str) -> Result<Option<Campaign>, StoreError>;
    /// Stores a version; one that replaces another ends it in the same transaction, and is
    /// `Duplicate` when another correction ended it first.
    async fn insert_campaign(&self, campaign: &Campaign, events: &[AuditEvent]) -> Result<(), StoreError>;
    /// Ends the current version `id` with a reason; false when it had ended already.
    async fn withdraw_campaign(
        &self,
        id: CampaignId,
        reason: &str,
        at: DateTime<Utc>,
        events: &[AuditEvent],
    ) -> Result<bool, StoreError>;
    /// A recommendation with the campaign it belongs to (without the campaign's recommendations).
    async fn recommendation(&self, id: RecommendationId) -> Result<Option<(Campaign, Recommendation)>, StoreError>;
    async fn update_recommendation(
        &self,
        recommendation: &Recommendation,
        events: &[AuditEvent],
    ) -> Result<(), StoreError>;
    /// The municipality of a roadmap, if the roadmap exists.
    async fn roadmap_municipality(&self, roadmap: uuid::Uuid) -> Result<Option<MunicipalityId>, StoreError>;
    /// The current list decisions and roadmaps of the municipality, by number and date.
    async fn documents_held(&self, municipality: MunicipalityId) -> Result<Vec<HeldDocument>, StoreError>;
    /// The municipality's own current observations of periods starting in `from..=to`.
    async fn observations_held(
        &self,
        municipality: MunicipalityId,
        from: i32,
        to: i32,
    ) -> Result<Vec<HeldObservation>, StoreError>;
    /// The measure at a roadmap's position, if there is one.
    async fn measure(&self, roadmap: uuid::Uuid, position: u16) -> Result<Option<MeasureFacts>, StoreError>;
}
