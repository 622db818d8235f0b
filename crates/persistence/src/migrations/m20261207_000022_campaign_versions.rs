//! Monitoring reports become versions of a document (the municipality, the period monitored,
//! the order that started it): a corrected report replaces the current version, a withdrawal
//! ends it, and only the current one holds the key, unique, so that racing corrections leave
//! one. Reports already held are chained by the order they were recorded in.

use std::collections::BTreeMap;

use opora_domain::monitoring::document_key;
use opora_domain::schools::MunicipalityId;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::entities::monitoring::campaign;
use crate::stored::fingerprint_key;
use crate::stored::source_from;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

type Held =
    (uuid::Uuid, uuid::Uuid, i32, i32, Option<String>, Option<chrono::NaiveDate>, chrono::DateTime<chrono::Utc>);

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// On one connection, in one transaction, on SQLite too: the chaining reads the columns
    /// the steps before it added.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            string_len_null("document_key", 64),
            uuid_null("supersedes"),
            timestamp_with_time_zone_null("ended_at"),
            text_null("withdrawal_reason"),
        ] {
            manager.alter_table(Table::alter().table("monitoring_campaigns").add_column(column).to_owned()).await?;
        }
        let db = manager.get_connection();
        use campaign::Column as C;
        // Only the columns this step knows: the entity may hold columns of later steps.
        let held: Vec<Held> = campaign::Entity::find()
            .select_only()
            .columns([
                C::Id,
                C::MunicipalityId,
                C::PeriodFrom,
                C::PeriodTo,
                C::OrderDocument,
                C::ReportDate,
                C::RecordedAt,
            ])
            .order_by_asc(C::RecordedAt)
            .order_by_asc(C::Id)
            .into_tuple()
            .all(db)
            .await?;
        let mut documents: BTreeMap<String, Vec<(uuid::Uuid, chrono::DateTime<chrono::Utc>)>> = BTreeMap::new();
        for (id, municipality, from, to, order, report_date, recorded_at) in held {
            let order = source_from(order.as_deref());
            let key = document_key(MunicipalityId::from_uuid(municipality), (from, to), order.as_ref(), report_date);
            documents.entry(key).or_default().push((id, recorded_at));
        }
        for (key, versions) in documents {
            for pair in versions.windows(2) {
                let ((earlier, _), (later, at)) = (pair[0], pair[1]);
                let ended = campaign::Entity::update_many().col_expr(C::EndedAt, Expr::value(at));
                ended.filter(C::Id.eq(earlier)).exec(db).await?;
                let chained = campaign::Entity::update_many().col_expr(C::Supersedes, Expr::value(earlier));
                chained.filter(C::Id.eq(later)).exec(db).await?;
            }
            if let Some((current, _)) = versions.last() {
                let keyed =
                    campaign::Entity::update_many().col_expr(C::DocumentKey, Expr::value(fingerprint_key(&key)));
                keyed.filter(C::Id.eq(*current)).exec(db).await?;
            }
        }
        manager
            .create_index(
                Index::create()
                    .name("ux_campaigns_document_key")
                    .table("monitoring_campaigns")
                    .col("document_key")
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name("ux_campaigns_document_key").table("monitoring_campaigns").to_owned())
            .await?;
        for column in ["withdrawal_reason", "ended_at", "supersedes", "document_key"] {
            manager.alter_table(Table::alter().table("monitoring_campaigns").drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
