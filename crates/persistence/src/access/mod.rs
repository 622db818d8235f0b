//! The repository of principals, revoked tokens and the audit trail.

mod revocations;
mod rows;

use revocations::Revocations;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use opora_domain::access::ports::AccessRepository;
use opora_domain::access::{ApiClient, Email, PrincipalId, User};
use opora_domain::audit::{AuditEvent, AuditFilter};
use opora_domain::core::version::Revision;
use opora_domain::schools::RegionId;
use opora_domain::{Page, PageRequest, StoreError};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Statement,
    TransactionTrait,
};
use uuid::Uuid;

use self::rows::*;
use crate::Database;
use crate::audit_trail::{event_from_row, record};
use crate::entities::audit::{data_version, event, revoked};
use crate::entities::principal::{client, user};
use crate::errors::store_error;

/// Implements [`AccessRepository`] on the shared pool, with the revoked tokens in memory.
#[derive(Debug, Clone)]
pub struct SeaAccessRepository {
    db: Database,
    revocations: Revocations,
}

impl SeaAccessRepository {
    /// Loads the revoked tokens and, on PostgreSQL, starts listening for revocations made by
    /// other instances.
    pub async fn start(db: Database) -> Result<Self, crate::SetupError> {
        let revocations = Revocations::start(&db).await?;
        Ok(Self { db, revocations })
    }

    /// For reads on a replica: the audit trail's version and listings, never authentication
    /// (which the primary's repository answers), so no revocations are loaded or listened for.
    pub fn reader(db: Database) -> Self {
        Self { db, revocations: Revocations::default() }
    }
}

fn convert<R, T>(rows: Vec<R>, f: impl Fn(R) -> Result<T, StoreError>) -> Result<Vec<T>, StoreError> {
    rows.into_iter().map(f).collect()
}

#[async_trait]
impl AccessRepository for SeaAccessRepository {
    async fn insert_user(&self, u: &User, event: &AuditEvent) -> Result<(), StoreError> {
        let txn = self.db.begin().await.map_err(store_error)?;
        user::Entity::insert(user_row(u, true)).exec_without_returning(&txn).await.map_err(store_error)?;
        record(&txn, event).await?;
        txn.commit().await.map_err(store_error)
    }

    async fn update_user(&self, u: &User, event: &AuditEvent) -> Result<(), StoreError> {
        let txn = self.db.begin().await.map_err(store_error)?;
        user::Entity::update(user_row(u, false)).exec(&txn).await.map_err(store_error)?;
        record(&txn, event).await?;
        txn.commit().await.map_err(store_error)
    }

    async fn user(&self, id: PrincipalId) -> Result<Option<User>, StoreError> {
        let row = user::Entity::find_by_id(id.as_uuid()).one(&self.db).await.map_err(store_error)?;
        row.map(user_from_row).transpose()
    }

    async fn user_by_email(&self, email: &Email) -> Result<Option<User>, StoreError> {
        let row = user::Entity::find()
            .filter(user::Column::Email.eq(email.as_str()))
            .one(&self.db)
            .await
            .map_err(store_error)?;
        row.map(user_from_row).transpose()
    }

    async fn users(&self, region: Option<RegionId>, page: PageRequest) -> Result<Page<User>, StoreError> {
        let mut query = user::Entity::find().order_by_asc(user::Column::Id).limit(u64::from(page.limit()) + 1);
        if let Some(after) = page.after() {
            query = query.filter(user::Column::Id.gt(after));
        }
        if let Some(region) = region {
            query = query.filter(user::Column::RegionId.eq(region.as_uuid()));
        }
        let rows = convert(query.all(&self.db).await.map_err(store_error)?, user_from_row)?;
        Ok(Page::from_overfetch(rows, page.limit(), |u| u.id.as_uuid()))
    }

    async fn insert_client(&self, c: &ApiClient, event: &AuditEvent) -> Result<(), StoreError> {
        let txn = self.db.begin().await.map_err(store_error)?;
        client::Entity::insert(client_row(c, true)).exec_without_returning(&txn).await.map_err(store_error)?;
        record(&txn, event).await?;
        txn.commit().await.map_err(store_error)
    }

    async fn update_client(&self, c: &ApiClient, event: &AuditEvent) -> Result<(), StoreError> {
        let txn = self.db.begin().await.map_err(store_error)?;
        client::Entity::update(client_row(c, false)).exec(&txn).await.map_err(store_error)?;
        record(&txn, event).await?;
        txn.commit().await.map_err(store_error)
    }

    async fn client(&self, id: PrincipalId) -> Result<Option<ApiClient>, StoreError> {
        let row = client::Entity::find_by_id(id.as_uuid()).one(&self.db).await.map_err(store_error)?;
        row.map(client_from_row).transpose()
    }

    async fn client_by_client_id(&self, client_id: &str) -> Result<Option<ApiClient>, StoreError> {
        let row = client::Entity::find()
            .filter(client::Column::ClientId.eq(client_id))
            .one(&self.db)
            .await
            .map_err(store_error)?;
        row.map(client_from_row).transpose()
    }

    async fn clients(&self, region: Option<RegionId>, page: PageRequest) -> Result<Page<ApiClient>, StoreError> {
        let mut query = client::Entity::find().order_by_asc(client::Column::Id).limit(u64::from(page.limit()) + 1);
        if let Some(after) = page.after() {
            query = query.filter(client::Column::Id.gt(after));
        }
        if let Some(region) = region {
            query = query.filter(client::Column::RegionId.eq(region.as_uuid()));
        }
        let rows = convert(query.all(&self.db).await.map_err(store_error)?, client_from_row)?;
        Ok(Page::from_overfetch(rows, page.limit(), |c| c.id.as_uuid()))
    }

    async fn revoke(&self, jti: Uuid, expires_at: DateTime<Utc>, event: &AuditEvent) -> Result<(), StoreError> {
        let txn = self.db.begin().await.map_err(store_error)?;
        // Tokens past their expiry are refused anyway; their entries are no longer needed.
        revoked::Entity::delete_many()
            .filter(revoked::Column::ExpiresAt.lt(Utc::now()))
            .exec(&txn)
            .await
            .map_err(store_error)?;
        let row = revoked::ActiveModel { jti: Set(jti), expires_at: Set(expires_at) };
        revoked::Entity::insert(row)
            .on_conflict(OnConflict::column(revoked::Column::Jti).do_nothing().to_owned())
            .exec_without_returning(&txn)
            .await
            .map_err(store_error)?;
        record(&txn, event).await?;
        if self.db.get_database_backend() == DatabaseBackend::Postgres {
            // Delivered to every listening instance when the transaction commits.
            let payload = format!("{jti} {}", expires_at.to_rfc3339());
            txn.execute_raw(Statement::from_sql_and_values(
                DatabaseBackend::Postgres,
                "SELECT pg_notify($1, $2)",
                [revocations::CHANNEL.into(), payload.into()],
            ))
            .await
            .map_err(store_error)?;
        }
        txn.commit().await.map_err(store_error)?;
        self.revocations.insert(jti, expires_at);
        Ok(())
    }

    async fn trail_version(&self, region: RegionId) -> Result<String, StoreError> {
        // Two primary-key lookups: the region's counter and that of the data no region owns.
        let shared = Uuid::nil();
        let rows: Vec<(Uuid, i64)> = data_version::Entity::find()
            .select_only()
            .column(data_version::Column::Scope)
            .column(data_version::Column::Version)
            .filter(data_version::Column::Scope.is_in([region.as_uuid(), shared]))
            .into_tuple()
            .all(&self.db)
            .await
            .map_err(store_error)?;
        let of = |scope: Uuid| rows.iter().find(|(s, _)| *s == scope).map_or(0, |(_, v)| *v);
        Ok(format!("{}.{}", of(region.as_uuid()), of(shared)))
    }

    async fn is_revoked(&self, jti: Uuid) -> Result<bool, StoreError> {
        Ok(self.revocations.contains(jti))
    }

    async fn revision(&self, entity_type: &str, id: Uuid) -> Result<Revision, StoreError> {
        crate::audit_trail::revision(&self.db, entity_type, id).await
    }

    async fn audit_events(&self, filter: &AuditFilter, page: PageRequest) -> Result<Page<AuditEvent>, StoreError> {
        use event::Column as C;
        let mut query = event::Entity::find().order_by_asc(C::Id).limit(u64::from(page.limit()) + 1);
        if let Some(after) = page.after() {
            query = query.filter(C::Id.gt(after));
        }
        if let Some(region) = filter.region {
            query = query.filter(C::RegionId.eq(region.as_uuid()));
        }
        if let Some(entity_type) = &filter.entity_type {
            query = query.filter(C::EntityType.eq(entity_type.as_str()));
        }
        if let Some(entity_id) = filter.entity_id {
            query = query.filter(C::EntityId.eq(entity_id));
        }
        if let Some(actor) = &filter.actor {
            query = query.filter(C::Actor.eq(actor.as_str()));
        }
        if let Some(action) = filter.action {
            query = query.filter(C::Action.eq(action.code()));
        }
        if let Some(from) = filter.from {
            query = query.filter(C::OccurredAt.gte(from));
        }
        if let Some(to) = filter.to {
            query = query.filter(C::OccurredAt.lt(to));
        }
        let rows = convert(query.all(&self.db).await.map_err(store_error)?, event_from_row)?;
        Ok(Page::from_overfetch(rows, page.limit(), |e| e.id))
    }
}
