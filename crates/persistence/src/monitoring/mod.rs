//! The repository of monitoring campaigns and their recommendations, and the read model of the
//! measure a recommendation became.

mod cited;
mod rows;

use async_trait::async_trait;
use opora_domain::access::Reach;
use opora_domain::audit::AuditEvent;
use opora_domain::monitoring::ports::{HeldDocument, HeldObservation, MeasureFacts, MonitoringRepository};
use opora_domain::monitoring::{Campaign, CampaignId, Recommendation, RecommendationId};
use opora_domain::schools::MunicipalityId;
use opora_domain::{Page, PageRequest, StoreError};
use sea_orm::prelude::Uuid;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait};

use self::rows::{campaign_from_row, campaign_row, recommendation_from_row, recommendation_row};
use crate::Database;
use crate::audit_trail::record;
use crate::entities::measures::{measure, roadmap};
use crate::entities::monitoring::{campaign, recommendation};
use crate::errors::store_error;
use crate::scoped::{MunicipalColumns, municipal_page};
use crate::stored::fingerprint_key;
use crate::versions::{self, VersionColumns, in_force};
use chrono::{DateTime, Utc};

const CAMPAIGN_VERSIONS: VersionColumns<campaign::Column> = VersionColumns {
    id: campaign::Column::Id,
    ended_at: campaign::Column::EndedAt,
    document_key: campaign::Column::DocumentKey,
    withdrawal_reason: campaign::Column::WithdrawalReason,
};

/// Implements [`MonitoringRepository`] on the shared pool.
#[derive(Debug, Clone)]
pub struct SeaMonitoringRepository {
    db: Database,
}

impl SeaMonitoringRepository {
    pub fn new(db: Database) -> Self {
        Self { db }
    }
}

#[async_trait]
impl MonitoringRepository for SeaMonitoringRepository {
    async fn campaign(&self, id: CampaignId) -> Result<Option<Campaign>, StoreError> {
        let Some(row) = campaign::Entity::find_by_id(id.as_uuid()).one(&self.db).await.map_err(store_error)? else {
            return Ok(None);
        };
        let successor: Option<Uuid> = campaign::Entity::find()
            .select_only()
            .column(campaign::Column::Id)
            .filter(campaign::Column::Supersedes.eq(row.id))
            .into_tuple()
            .one(&self.db)
            .await
            .map_err(store_error)?;
        let recommendations = recommendation::Entity::find()
            .filter(recommendation::Column::CampaignId.eq(row.id))
            .order_by_asc(recommendation::Column::Position)
            .all(&self.db)
            .await
            .map_err(store_error)?;
        let mut campaign = campaign_from_row(row, recommendations)?;
        campaign.lineage.superseded_by = successor.map(CampaignId::from_uuid);
        Ok(Some(campaign))
    }

    async fn campaigns(
        &self,
        reach: &Reach,
        municipality: Option<MunicipalityId>,
        as_of: Option<DateTime<Utc>>,
        page: PageRequest,
    ) -> Result<Page<Campaign>, StoreError> {
        use campaign::Column as C;
        let columns = MunicipalColumns { id: C::Id, region: C::RegionId, municipality: C::MunicipalityId };
        let query = municipal_page::<campaign::Entity>(columns, reach, municipality, page);
        let rows = in_force(query, (C::RecordedAt, C::EndedAt), as_of).all(&self.db).await.map_err(store_error)?;
        // The page's recommendations in one read: a listed campaign holds all of its own.
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        let mut by_campaign: std::collections::HashMap<Uuid, Vec<recommendation::Model>> =
            std::collections::HashMap::new();
        if !ids.is_empty() {
            for r in recommendation::Entity::find()
                .filter(recommendation::Column::CampaignId.is_in(ids))
                .order_by_asc(recommendation::Column::Position)
                .all(&self.db)
                .await
                .map_err(store_error)?
            {
                by_campaign.entry(r.campaign_id).or_default().push(r);
            }
        }
        let items = rows
            .into_iter()
            .map(|r| {
                let own = by_campaign.remove(&r.id).unwrap_or_default();
                campaign_from_row(r, own)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page::from_overfetch(items, page.limit(), |c| c.id.as_uuid()))
    }

    async fn campaigns_of(&self, municipality: MunicipalityId) -> Result<Vec<Campaign>, StoreError> {
        let rows = campaign::Entity::find()
            .filter(campaign::Column::MunicipalityId.eq(municipality.as_uuid()))
            .filter(campaign::Column::EndedAt.is_null())
            .order_by_asc(campaign::Column::Id)
            .all(&self.db)
            .await
            .map_err(store_error)?;
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        let mut recommendations = recommendation::Entity::find()
            .filter(recommendation::Column::CampaignId.is_in(ids))
            .order_by_asc(recommendation::Column::CampaignId)
            .order_by_asc(recommendation::Column::Position)
            .all(&self.db)
            .await
            .map_err(store_error)?
            .into_iter()
            .peekable();
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let mut own = Vec::new();
            while let Some(r) = recommendations.next_if(|r| r.campaign_id == row.id) {
                own.push(r);
            }
            out.push(campaign_from_row(row, own)?);
        }
        Ok(out)
    }

    async fn current_campaign(&self, municipality: MunicipalityId, key: &str) -> Result<Option<Campaign>, StoreError> {
        let current: Option<Uuid> = campaign::Entity::find()
            .select_only()
            .column(campaign::Column::Id)
            .filter(campaign::Column::MunicipalityId.eq(municipality.as_uuid()))
            .filter(campaign::Column::DocumentKey.eq(fingerprint_key(key)))
            .into_tuple()
            .one(&self.db)
            .await
            .map_err(store_error)?;
        match current {
            Some(id) => self.campaign(CampaignId::from_uuid(id)).await,
            None => Ok(None),
        }
    }

    async fn insert_campaign(&self, campaign: &Campaign, events: &[AuditEvent]) -> Result<(), StoreError> {
        let txn = self.db.begin().await.map_err(store_error)?;
        if let Some(replaced) = campaign.lineage.supersedes {
            // Only a current version is replaced: a correction that lost a race to another
            // finds it ended, and tries again against the winner.
            let at = campaign.recorded_at;
            if !versions::end::<campaign::Entity>(&txn, CAMPAIGN_VERSIONS, replaced.as_uuid(), at, None).await? {
                return Err(StoreError::Duplicate { field: "supersedes" });
            }
        }
        campaign::Entity::insert(campaign_row(campaign)).exec_without_returning(&txn).await.map_err(store_error)?;
        let rows = campaign.recommendations.iter().map(|r| recommendation_row(campaign, r));
        crate::batch::insert_all(&txn, rows.collect()).await.map_err(store_error)?;
        for event in events {
            record(&txn, event).await?;
        }
        txn.commit().await.map_err(store_error)
    }

    async fn withdraw_campaign(
        &self,
        id: CampaignId,
        reason: &str,
        at: DateTime<Utc>,
        events: &[AuditEvent],
    ) -> Result<bool, StoreError> {
        versions::withdraw::<campaign::Entity>(&self.db, CAMPAIGN_VERSIONS, id.as_uuid(), reason, at, events).await
    }

    async fn recommendation(&self, id: RecommendationId) -> Result<Option<(Campaign, Recommendation)>, StoreError> {
        let Some(row) = recommendation::Entity::find_by_id(id.as_uuid()).one(&self.db).await.map_err(store_error)?
        else {
            return Ok(None);
        };
        let campaign_row = campaign::Entity::find_by_id(row.campaign_id)
            .one(&self.db)
            .await
            .map_err(store_error)?
            .ok_or_else(|| StoreError::Internal(format!("recommendation {id} refers to a missing campaign")))?;
        Ok(Some((campaign_from_row(campaign_row, Vec::new())?, recommendation_from_row(row)?)))
    }

    async fn update_recommendation(&self, r: &Recommendation, events: &[AuditEvent]) -> Result<(), StoreError> {
        let txn = self.db.begin().await.map_err(store_error)?;
        recommendation::Entity::update_many()
            .col_expr(recommendation::Column::Status, sea_orm::sea_query::Expr::value(r.status.code()))
            .col_expr(
                recommendation::Column::MeasureRoadmapId,
                sea_orm::sea_query::Expr::value(r.measure.map(|m| m.roadmap_id)),
            )
            .col_expr(
                recommendation::Column::MeasurePosition,
                sea_orm::sea_query::Expr::value(r.measure.map(|m| i32::from(m.position))),
            )
            .col_expr(recommendation::Column::UpdatedAt, sea_orm::sea_query::Expr::value(r.updated_at))
            .filter(recommendation::Column::Id.eq(r.id.as_uuid()))
            .exec(&txn)
            .await
            .map_err(store_error)?;
        for event in events {
            record(&txn, event).await?;
        }
        txn.commit().await.map_err(store_error)
    }

    async fn roadmap_municipality(&self, id: uuid::Uuid) -> Result<Option<MunicipalityId>, StoreError> {
        let found: Option<uuid::Uuid> = roadmap::Entity::find_by_id(id)
            .select_only()
            .column(roadmap::Column::MunicipalityId)
            .into_tuple()
            .one(&self.db)
            .await
            .map_err(store_error)?;
        Ok(found.map(MunicipalityId::from_uuid))
    }

    async fn documents_held(&self, municipality: MunicipalityId) -> Result<Vec<HeldDocument>, StoreError> {
        cited::documents_held(&self.db, municipality).await
    }

    async fn observations_held(
        &self,
        municipality: MunicipalityId,
        from: i32,
        to: i32,
    ) -> Result<Vec<HeldObservation>, StoreError> {
        cited::observations_held(&self.db, municipality, from, to).await
    }

    async fn measure(&self, roadmap_id: uuid::Uuid, position: u16) -> Result<Option<MeasureFacts>, StoreError> {
        let Some(municipality) = self.roadmap_municipality(roadmap_id).await? else { return Ok(None) };
        let found: Option<(String, String)> = measure::Entity::find_by_id((roadmap_id, i32::from(position)))
            .select_only()
            .column(measure::Column::Number)
            .column(measure::Column::Title)
            .into_tuple()
            .one(&self.db)
            .await
            .map_err(store_error)?;
        Ok(found.map(|(number, title)| MeasureFacts { municipality_id: municipality, number, title }))
    }
}
