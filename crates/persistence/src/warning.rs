//! The repository of watchlist rule sets.

use async_trait::async_trait;
use opora_domain::StoreError;
use opora_domain::audit::AuditEvent;
use opora_domain::warning::ports::WarningRepository;
use opora_domain::warning::{RuleSet, RuleSetId, RuleStatus};
use sea_orm::ActiveValue::Set;
use sea_orm::{EntityTrait, QueryOrder, TransactionTrait};

use crate::Database;
use crate::entities::warning::rule_set;
use crate::errors::store_error;

/// Implements [`WarningRepository`] on the shared pool.
#[derive(Debug, Clone)]
pub struct SeaWarningRepository {
    db: Database,
}

impl SeaWarningRepository {
    pub fn new(db: Database) -> Self {
        Self { db }
    }
}

fn from_row(row: rule_set::Model) -> Result<RuleSet, StoreError> {
    let bad = |what: &str| StoreError::Internal(format!("watch_rule_sets row {} holds an invalid {what}", row.id));
    let weights: Vec<(u16, f64)> = serde_json::from_str(&row.factor_weights).map_err(|_| bad("weights"))?;
    let indicators: Vec<(String, f64)> =
        serde_json::from_str(&row.indicator_weights).map_err(|_| bad("indicator weights"))?;
    let indicator_weights = indicators;
    Ok(RuleSet {
        id: RuleSetId::from_uuid(row.id),
        version: u32::try_from(row.version).map_err(|_| bad("version"))?,
        status: RuleStatus::from_code(&row.status).ok_or_else(|| bad("status"))?,
        factor_weights: weights,
        default_weight: row.default_weight,
        trend_weight: row.trend_weight,
        indicator_weights,
        name: row.name,
        source: row.source,
        author: row.author,
        recorded_at: row.recorded_at,
    })
}

#[async_trait]
impl WarningRepository for SeaWarningRepository {
    async fn rule_sets(&self) -> Result<Vec<RuleSet>, StoreError> {
        let kept = self.db.reference();
        if let Some(rule_sets) = kept.get(|s| &mut s.rule_sets) {
            return Ok(rule_sets);
        }
        let generation = kept.generation();
        let rule_sets = rule_set::Entity::find()
            .order_by_asc(rule_set::Column::Id)
            .all(&self.db)
            .await
            .map_err(store_error)?
            .into_iter()
            .map(from_row)
            .collect::<Result<Vec<_>, _>>()?;
        kept.keep(|s| &mut s.rule_sets, generation, &rule_sets);
        Ok(rule_sets)
    }

    async fn insert_rule_set(&self, r: &RuleSet, events: &[AuditEvent]) -> Result<(), StoreError> {
        let row = rule_set::ActiveModel {
            id: Set(r.id.as_uuid()),
            name: Set(r.name.clone()),
            version: Set(i32::try_from(r.version).unwrap_or(i32::MAX)),
            source: Set(r.source.clone()),
            author: Set(r.author.clone()),
            factor_weights: Set(serde_json::to_string(&r.factor_weights).unwrap_or_else(|_| "[]".into())),
            default_weight: Set(r.default_weight),
            trend_weight: Set(r.trend_weight),
            indicator_weights: Set(serde_json::to_string(&r.indicator_weights).unwrap_or_else(|_| "[]".into())),
            status: Set(r.status.code().to_owned()),
            recorded_at: Set(r.recorded_at),
        };
        let txn = self.db.begin().await.map_err(store_error)?;
        rule_set::Entity::insert(row).exec_without_returning(&txn).await.map_err(store_error)?;
        crate::reference::commit(&self.db, txn, events).await
    }

    async fn indicator_codes(&self) -> Result<Vec<String>, StoreError> {
        use crate::entities::indicators::indicator;
        use sea_orm::QuerySelect;
        indicator::Entity::find()
            .select_only()
            .column(indicator::Column::Code)
            .distinct()
            .into_tuple::<String>()
            .all(&self.db)
            .await
            .map_err(store_error)
    }
}
