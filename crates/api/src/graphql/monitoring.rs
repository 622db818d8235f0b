//! GraphQL: monitoring campaigns and recommendations.

use async_graphql::{Context, Object, Result};
use opora_domain::Actor;
use opora_domain::monitoring::{CampaignId, RecommendationId};
use uuid::Uuid;

use super::query::optional;
use crate::views::{CampaignView, RecommendationView};

#[derive(Debug, Default)]
pub(crate) struct MonitoringQuery;

#[Object]
impl MonitoringQuery {
    /// A monitoring campaign with its conclusions and recommendations.
    async fn monitoring_campaign(&self, ctx: &Context<'_>, id: Uuid) -> Result<Option<CampaignView>> {
        let monitoring = &super::capabilities(ctx).monitoring;
        optional(monitoring.campaign(ctx.data_unchecked::<Actor>(), CampaignId::from_uuid(id)).await)
    }

    /// A recommendation with the measure it became.
    async fn recommendation(&self, ctx: &Context<'_>, id: Uuid) -> Result<Option<RecommendationView>> {
        let monitoring = &super::capabilities(ctx).monitoring;
        optional(monitoring.recommendation(ctx.data_unchecked::<Actor>(), RecommendationId::from_uuid(id)).await)
    }
}
