//! Audits become versions of a municipality's audit of a date: a corrected import replaces the
//! current version (once refused as a second audit of the date), a withdrawal ends it, and only
//! the current one holds the key, unique, so that racing corrections leave one. Audits already
//! held are chained by the order they were recorded in: the last of each date is current.

use std::collections::BTreeMap;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::entities::factors::audit;
use crate::stored::fingerprint_key;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

type Held = (uuid::Uuid, uuid::Uuid, chrono::NaiveDate, chrono::DateTime<chrono::Utc>);

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// On one connection, in one transaction, on SQLite too: the backfill reads the columns the
    /// steps before it added.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // A replaced version and its correction share municipality, date and perhaps catalogue.
        manager
            .drop_index(Index::drop().name("uq_audits_municipality_date_catalogue").table("audits").to_owned())
            .await?;
        for column in [
            string_len_null("document_key", 64),
            uuid_null("supersedes"),
            timestamp_with_time_zone_null("ended_at"),
            text_null("withdrawal_reason"),
        ] {
            manager.alter_table(Table::alter().table("audits").add_column(column).to_owned()).await?;
        }
        let db = manager.get_connection();
        use audit::Column as C;
        let held: Vec<Held> = audit::Entity::find()
            .select_only()
            .columns([C::Id, C::MunicipalityId, C::AuditDate, C::CreatedAt])
            .order_by_asc(C::CreatedAt)
            .order_by_asc(C::Id)
            .into_tuple()
            .all(db)
            .await?;
        let mut documents: BTreeMap<String, Vec<(uuid::Uuid, chrono::DateTime<chrono::Utc>)>> = BTreeMap::new();
        for (id, municipality, date, created_at) in held {
            // The key the domain gives an audit: `Audit::document_key`.
            documents.entry(format!("{municipality}|{date}")).or_default().push((id, created_at));
        }
        for (key, versions) in documents {
            for pair in versions.windows(2) {
                let ((earlier, _), (later, at)) = (pair[0], pair[1]);
                let ended = audit::Entity::update_many().col_expr(C::EndedAt, Expr::value(at));
                ended.filter(C::Id.eq(earlier)).exec(db).await?;
                let chained = audit::Entity::update_many().col_expr(C::Supersedes, Expr::value(earlier));
                chained.filter(C::Id.eq(later)).exec(db).await?;
            }
            if let Some((current, _)) = versions.last() {
                let keyed = audit::Entity::update_many().col_expr(C::DocumentKey, Expr::value(fingerprint_key(&key)));
                keyed.filter(C::Id.eq(*current)).exec(db).await?;
            }
        }
        manager
            .create_index(
                Index::create().name("ux_audits_document_key").table("audits").col("document_key").unique().to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("ux_audits_document_key").table("audits").to_owned()).await?;
        for column in ["withdrawal_reason", "ended_at", "supersedes", "document_key"] {
            manager.alter_table(Table::alter().table("audits").drop_column(column).to_owned()).await?;
        }
        // Versions that ended cannot share the index again: only the current ones stay.
        manager
            .create_index(
                Index::create()
                    .name("uq_audits_municipality_date_catalogue")
                    .table("audits")
                    .col("municipality_id")
                    .col("audit_date")
                    .col("catalogue_id")
                    .unique()
                    .to_owned(),
            )
            .await
    }
}
