//! The store of idempotency keys. A claim is an insert that a primary key makes exclusive, so
//! that of any number of racing requests exactly one runs.

use async_trait::async_trait;
use chrono::{Duration, Utc};
use opora_domain::StoreError;
use opora_domain::core::idempotency::{Claim, IdempotencyKey, IdempotencyStore, StoredAnswer};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{ExprTrait, OnConflict};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};

use crate::Database;
use crate::entities::idempotency::{ActiveModel, Column, Entity};
use crate::errors::store_error;

/// Answered keys are kept this long; a retry a day later is a new request.
const KEEP_HOURS: i64 = 24;

/// Implements [`IdempotencyStore`] on the shared pool.
#[derive(Debug, Clone)]
pub struct SeaIdempotencyStore {
    db: Database,
}

impl SeaIdempotencyStore {
    pub fn new(db: Database) -> Self {
        Self { db }
    }
}

fn hash(key: &IdempotencyKey) -> String {
    format!("{:x}", Sha256::digest(key.as_str().as_bytes()))
}

#[async_trait]
impl IdempotencyStore for SeaIdempotencyStore {
    async fn claim(&self, key: &IdempotencyKey, fingerprint: &str, stale_after_secs: i64) -> Result<Claim, StoreError> {
        let key_hash = hash(key);
        let now = Utc::now();
        // An expired answer, or a claim whose owner died, no longer holds the key.
        Entity::delete_many()
            .filter(Column::KeyHash.eq(&key_hash))
            .filter(
                sea_orm::Condition::any()
                    .add(Column::ClaimedAt.lt(now - Duration::hours(KEEP_HOURS)))
                    .add(Column::Status.is_null().and(Column::ClaimedAt.lt(now - Duration::seconds(stale_after_secs)))),
            )
            .exec(&self.db)
            .await
            .map_err(store_error)?;
        let row = ActiveModel {
            key_hash: Set(key_hash.clone()),
            fingerprint: Set(fingerprint.to_owned()),
            status: Set(None),
            content_type: Set(None),
            body: Set(None),
            claimed_at: Set(now),
        };
        let inserted = Entity::insert(row)
            .on_conflict(OnConflict::column(Column::KeyHash).do_nothing().to_owned())
            .exec_without_returning(&self.db)
            .await
            .map_err(store_error)?;
        if inserted == 1 {
            return Ok(Claim::Owner);
        }
        let Some(found) = Entity::find_by_id(key_hash).one(&self.db).await.map_err(store_error)? else {
            // Freed between the insert and the read: the caller claims again.
            return Ok(Claim::Pending);
        };
        if found.fingerprint != fingerprint {
            return Ok(Claim::OtherRequest);
        }
        Ok(match (found.status, found.body) {
            (Some(status), Some(body)) => Claim::Answered(StoredAnswer {
                status: u16::try_from(status).unwrap_or(500),
                content_type: found.content_type.unwrap_or_default(),
                body,
            }),
            _ => Claim::Pending,
        })
    }

    async fn answer(&self, key: &IdempotencyKey, answer: &StoredAnswer) -> Result<(), StoreError> {
        Entity::update_many()
            .col_expr(Column::Status, i32::from(answer.status).into())
            .col_expr(Column::ContentType, answer.content_type.clone().into())
            .col_expr(Column::Body, answer.body.clone().into())
            .filter(Column::KeyHash.eq(hash(key)))
            .exec(&self.db)
            .await
            .map_err(store_error)?;
        Ok(())
    }

    async fn release(&self, key: &IdempotencyKey) -> Result<(), StoreError> {
        Entity::delete_by_id(hash(key)).exec(&self.db).await.map_err(store_error)?;
        Ok(())
    }
}
